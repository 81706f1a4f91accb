PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_version (
	version INTEGER NOT NULL, 
	description TEXT NOT NULL, 
	applied_at DATETIME NOT NULL, 
	PRIMARY KEY (version)
);
INSERT INTO schema_version VALUES(1,'base schema: aggregates, memberships, messages, audit, directory, credentials','2026-11-27 08:15:07.156078');
INSERT INTO schema_version VALUES(2,'audit head row (serialises appends) and audit filter indexes','2026-11-27 08:15:07.159667');
INSERT INTO schema_version VALUES(3,'notice outbox','2026-11-27 08:15:07.161301');
CREATE TABLE mailboxes (
	address TEXT NOT NULL, 
	version INTEGER NOT NULL, 
	state TEXT NOT NULL, 
	structure TEXT NOT NULL, 
	responsible_account TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	document JSON NOT NULL, 
	PRIMARY KEY (address)
);
INSERT INTO mailboxes VALUES('pharmacie.ducentre@medimail.mssante.fr',5,'active','1010000024','claire.martin@medimail.mssante.fr','2026-11-27 08:15:07.168489','{"address": "pharmacie.ducentre@medimail.mssante.fr", "generic_email": "pharmacieducentre@outlook.fr", "label": {"last_name": "Pharmacie", "first_name": "Du Centre"}, "structure": {"legal_name": "Pharmacie du Centre", "identifier": {"prefix": "1", "identifier": "010000024"}, "category": "pharmacie_officine", "location": {"address_lines": ["1 place du Capitole"], "postcode": "31000", "city": "Toulouse"}}, "responsible": {"professional": {"idnat": "810001045367", "profession": {"code": "21", "system": "TRE_G15-ProfessionSante", "label": "Pharmacien", "deprecated": false}, "last_name": "Martin", "first_name": "Claire", "email": "claire.martin@medimail.mssante.fr"}, "account": "claire.martin@medimail.mssante.fr", "designated_at": "2026-11-27T08:15:07.168489+00:00", "designated_by": "claire.martin@medimail.mssante.fr"}, "description": "\u00c9changes de la pharmacie avec les m\u00e9decins du quartier", "red_list": {"national_directory": false, "operator_directory": false}, "state": "active", "created_at": "2026-11-27T08:15:07.168489+00:00", "delegations": [{"number": 1, "account": "alice.bernard@medimail.mssante.fr", "capabilities": ["read", "send"], "state": "active", "granted_by": "claire.martin@medimail.mssante.fr", "granted_at": "2026-11-27T08:15:07.598260+00:00", "expires_at": null, "changed_by": "agent.validation@esante-occitanie.fr", "changed_at": "2026-11-27T08:15:09.245298+00:00", "reason": null}], "finished_at": "2026-11-27T08:15:08.047293+00:00"}');
INSERT INTO mailboxes VALUES('cabinet.martin@medimail.mssante.fr',4,'active','381234567600017','paul.martin@medimail.mssante.fr','2026-11-27 08:15:09.639298','{"address": "cabinet.martin@medimail.mssante.fr", "generic_email": "cabinet.dr.martin@gmail.fr", "label": {"last_name": "Cabinet", "first_name": "Dr Martin"}, "structure": {"legal_name": "Cabinet du Docteur Martin", "identifier": {"prefix": "3", "identifier": "81234567600017"}, "category": "cabinet_liberal", "location": {"address_lines": ["12 rue des Lilas"], "postcode": "31400", "city": "Toulouse"}}, "responsible": {"professional": {"idnat": "810001234565", "profession": {"code": "10", "system": "TRE_G15-ProfessionSante", "label": "M\u00e9decin", "deprecated": false}, "last_name": "Martin", "first_name": "Paul", "email": "paul.martin@medimail.mssante.fr"}, "account": "paul.martin@medimail.mssante.fr", "designated_at": "2026-11-27T08:15:09.639298+00:00", "designated_by": "paul.martin@medimail.mssante.fr"}, "description": "Secr\u00e9tariat du cabinet : comptes rendus et courriers des patients", "red_list": {"national_directory": false, "operator_directory": true}, "state": "active", "created_at": "2026-11-27T08:15:09.639298+00:00", "delegations": [{"number": 1, "account": "alice.bernard@medimail.mssante.fr", "capabilities": ["read", "send"], "state": "active", "granted_by": "paul.martin@medimail.mssante.fr", "granted_at": "2026-11-27T08:15:10.084993+00:00", "expires_at": null, "changed_by": null, "changed_at": null, "reason": null}], "finished_at": "2026-11-27T08:15:10.519469+00:00"}');
CREATE TABLE accounts (
	address TEXT NOT NULL, 
	version INTEGER NOT NULL, 
	state TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	document JSON NOT NULL, 
	PRIMARY KEY (address)
);
INSERT INTO accounts VALUES('claire.martin@medimail.mssante.fr',2,'active','2026-11-27 08:15:07.168489','{"address": "claire.martin@medimail.mssante.fr", "first_name": "Claire", "last_name": "Martin", "state": "active", "created_at": "2026-11-27T08:15:07.168489+00:00", "default_mailbox": null, "notices": [], "decided_by": "agent.validation@esante-occitanie.fr", "decided_at": "2026-11-27T08:15:08.841612+00:00", "decision_reason": null}');
INSERT INTO accounts VALUES('alice.bernard@medimail.mssante.fr',4,'active','2026-11-27 08:15:07.598260','{"address": "alice.bernard@medimail.mssante.fr", "first_name": "Alice", "last_name": "Bernard", "state": "active", "created_at": "2026-11-27T08:15:07.598260+00:00", "default_mailbox": "pharmacie.ducentre@medimail.mssante.fr", "notices": ["pharmacie.ducentre@medimail.mssante.fr"], "decided_by": "agent.validation@esante-occitanie.fr", "decided_at": "2026-11-27T08:15:09.245298+00:00", "decision_reason": null}');
INSERT INTO accounts VALUES('paul.martin@medimail.mssante.fr',2,'active','2026-11-27 08:15:09.639298','{"address": "paul.martin@medimail.mssante.fr", "first_name": "Paul", "last_name": "Martin", "state": "active", "created_at": "2026-11-27T08:15:09.639298+00:00", "default_mailbox": null, "notices": [], "decided_by": "agent.validation@esante-occitanie.fr", "decided_at": "2026-11-27T08:15:10.912243+00:00", "decision_reason": null}');
CREATE TABLE messages (
	id INTEGER NOT NULL, 
	mailbox TEXT NOT NULL, 
	direction TEXT NOT NULL, 
	reference TEXT NOT NULL, 
	at DATETIME NOT NULL, 
	correspondent TEXT NOT NULL, 
	author TEXT, 
	PRIMARY KEY (id)
);
INSERT INTO messages VALUES(1,'pharmacie.ducentre@medimail.mssante.fr','received','msg-0001','2026-11-27 08:15:13.511113','dr.house@ch-exemple.mssante.fr',NULL);
INSERT INTO messages VALUES(2,'pharmacie.ducentre@medimail.mssante.fr','sent','msg-0002','2026-11-27 08:15:13.894204','dr.house@ch-exemple.mssante.fr','alice.bernard@medimail.mssante.fr');
CREATE TABLE audit_entries (
	seq INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	actor TEXT NOT NULL, 
	mailbox TEXT, 
	action TEXT NOT NULL, 
	allowed BOOLEAN NOT NULL, 
	reasons TEXT NOT NULL, 
	details TEXT NOT NULL, 
	prev_hash TEXT NOT NULL, 
	hash TEXT NOT NULL, 
	PRIMARY KEY (seq), 
	UNIQUE (hash)
);
INSERT INTO audit_entries VALUES(1,'2026-11-27 08:15:07.168489','claire.martin@medimail.mssante.fr','pharmacie.ducentre@medimail.mssante.fr','account_created',1,'[]','{"account": "claire.martin@medimail.mssante.fr", "pending_validation": true}','0000000000000000000000000000000000000000000000000000000000000000','a153f944a0f1d2fd210007f6eb611f76505f92b52572b824272df997e4d7880c');
INSERT INTO audit_entries VALUES(2,'2026-11-27 08:15:07.168489','claire.martin@medimail.mssante.fr','pharmacie.ducentre@medimail.mssante.fr','mailbox_registered',1,'[]','{"responsible": "810001045367", "structure": "1010000024"}','a153f944a0f1d2fd210007f6eb611f76505f92b52572b824272df997e4d7880c','0531318a0e1fe84bedc464e697d8f483197ff8844582483904ac4952e7435f1b');
INSERT INTO audit_entries VALUES(3,'2026-11-27 08:15:07.598260','claire.martin@medimail.mssante.fr','pharmacie.ducentre@medimail.mssante.fr','account_created',1,'[]','{"account": "alice.bernard@medimail.mssante.fr", "pending_validation": true}','0531318a0e1fe84bedc464e697d8f483197ff8844582483904ac4952e7435f1b','66fb5e6b02a1167c974234552ef9dc80d1cb51b7fed201dc174568d271ac141c');
INSERT INTO audit_entries VALUES(4,'2026-11-27 08:15:07.598260','claire.martin@medimail.mssante.fr','pharmacie.ducentre@medimail.mssante.fr','delegation_granted',1,'[]','{"account": "alice.bernard@medimail.mssante.fr", "capabilities": ["read", "send"], "expires_at": null, "number": 1, "pending_validation": true}','66fb5e6b02a1167c974234552ef9dc80d1cb51b7fed201dc174568d271ac141c','bb85a135942dc8df5115552894aa7ec176c7097db5b360f706eb9b03881535e6');
INSERT INTO audit_entries VALUES(5,'2026-11-27 08:15:08.047293','claire.martin@medimail.mssante.fr','pharmacie.ducentre@medimail.mssante.fr','registration_finished',1,'[]','{}','bb85a135942dc8df5115552894aa7ec176c7097db5b360f706eb9b03881535e6','43979b7beecac8feba34a75736a0ccacb8fb9d2ed0f71eaca1aff6cdb96924ba');
INSERT INTO audit_entries VALUES(6,'2026-11-27 08:15:08.841612','agent.validation@esante-occitanie.fr',NULL,'account_approved',1,'[]','{"account": "claire.martin@medimail.mssante.fr"}','43979b7beecac8feba34a75736a0ccacb8fb9d2ed0f71eaca1aff6cdb96924ba','18f14c1165975be6a2a6462b29333b7e88be5f785bca44a5ab444fcd71d003aa');
INSERT INTO audit_entries VALUES(7,'2026-11-27 08:15:08.841612','agent.validation@esante-occitanie.fr','pharmacie.ducentre@medimail.mssante.fr','mailbox_activated',1,'[]','{}','18f14c1165975be6a2a6462b29333b7e88be5f785bca44a5ab444fcd71d003aa','6d95f87eb6f052025f1c1a2459152e26a858d4c521a98d8c13025a9502f00f7d');
INSERT INTO audit_entries VALUES(8,'2026-11-27 08:15:09.245298','agent.validation@esante-occitanie.fr',NULL,'account_approved',1,'[]','{"account": "alice.bernard@medimail.mssante.fr"}','6d95f87eb6f052025f1c1a2459152e26a858d4c521a98d8c13025a9502f00f7d','f21206c0e940de12878dc13f5801922674ced0e6129c333c3c9cfe8952effe86');
INSERT INTO audit_entries VALUES(9,'2026-11-27 08:15:09.245298','agent.validation@esante-occitanie.fr','pharmacie.ducentre@medimail.mssante.fr','delegation_activated',1,'[]','{"account": "alice.bernard@medimail.mssante.fr", "number": 1}','f21206c0e940de12878dc13f5801922674ced0e6129c333c3c9cfe8952effe86','fa469816ca7819abdb692c21c8ddf90b8c25a863a0c916c519998f638e3bdabf');
INSERT INTO audit_entries VALUES(10,'2026-11-27 08:15:09.639298','paul.martin@medimail.mssante.fr','cabinet.martin@medimail.mssante.fr','account_created',1,'[]','{"account": "paul.martin@medimail.mssante.fr", "pending_validation": true}','fa469816ca7819abdb692c21c8ddf90b8c25a863a0c916c519998f638e3bdabf','d9a6251195507b416efedbf2d08f58da1f0a02755522844cb34fb06ec317157b');
INSERT INTO audit_entries VALUES(11,'2026-11-27 08:15:09.639298','paul.martin@medimail.mssante.fr','cabinet.martin@medimail.mssante.fr','mailbox_registered',1,'[]','{"responsible": "810001234565", "structure": "381234567600017"}','d9a6251195507b416efedbf2d08f58da1f0a02755522844cb34fb06ec317157b','3555c8a84ac480dcee53d7aa846b145dc758a582ea0a26830f87ded5f3e1ae4c');
INSERT INTO audit_entries VALUES(12,'2026-11-27 08:15:10.084993','paul.martin@medimail.mssante.fr','cabinet.martin@medimail.mssante.fr','delegation_granted',1,'[]','{"account": "alice.bernard@medimail.mssante.fr", "capabilities": ["read", "send"], "expires_at": null, "number": 1, "pending_validation": false}','3555c8a84ac480dcee53d7aa846b145dc758a582ea0a26830f87ded5f3e1ae4c','4a61420295990c75defe17059c5e96a4c4d3fa707119a44f09585f663efed0d5');
INSERT INTO audit_entries VALUES(13,'2026-11-27 08:15:10.519469','paul.martin@medimail.mssante.fr','cabinet.martin@medimail.mssante.fr','registration_finished',1,'[]','{}','4a61420295990c75defe17059c5e96a4c4d3fa707119a44f09585f663efed0d5','bc6f3bc9ea114ac79a6222f18fd08a3e28d3ccac2e1a0796c365e79f554420f8');
INSERT INTO audit_entries VALUES(14,'2026-11-27 08:15:10.912243','agent.validation@esante-occitanie.fr',NULL,'account_approved',1,'[]','{"account": "paul.martin@medimail.mssante.fr"}','bc6f3bc9ea114ac79a6222f18fd08a3e28d3ccac2e1a0796c365e79f554420f8','ad24b5cb5dafd0b59b739743f86900b7318662ba2caecdae99d7fc004c412ddb');
INSERT INTO audit_entries VALUES(15,'2026-11-27 08:15:10.912243','agent.validation@esante-occitanie.fr','cabinet.martin@medimail.mssante.fr','mailbox_activated',1,'[]','{}','ad24b5cb5dafd0b59b739743f86900b7318662ba2caecdae99d7fc004c412ddb','6ec1277084f517b9862442002954e2f7189d1cd24f593a7a5c421e3e739a16b6');
INSERT INTO audit_entries VALUES(16,'2026-11-27 08:15:11.788385','alice.bernard@medimail.mssante.fr','pharmacie.ducentre@medimail.mssante.fr','switch_mailbox',1,'[]','{}','6ec1277084f517b9862442002954e2f7189d1cd24f593a7a5c421e3e739a16b6','9f0115ae72aa4c137b9902cb740dd397d586f1fb312e6db3be0d6e89da597f7d');
INSERT INTO audit_entries VALUES(17,'2026-11-27 08:15:12.205970','alice.bernard@medimail.mssante.fr',NULL,'default_mailbox_changed',1,'[]','{"account": "alice.bernard@medimail.mssante.fr", "default": "pharmacie.ducentre@medimail.mssante.fr"}','9f0115ae72aa4c137b9902cb740dd397d586f1fb312e6db3be0d6e89da597f7d','1d5ea08d713446891662d783645183cf69af1da2211f727d8146d2198157e8d7');
INSERT INTO audit_entries VALUES(18,'2026-11-27 08:15:12.646455','alice.bernard@medimail.mssante.fr',NULL,'notices_changed',1,'[]','{"account": "alice.bernard@medimail.mssante.fr", "enabled": true}','1d5ea08d713446891662d783645183cf69af1da2211f727d8146d2198157e8d7','293cb418d366a8b2bcb7e78f13026900cd8c14b1bd9318ac39a5742661eb64cd');
INSERT INTO audit_entries VALUES(19,'2026-11-27 08:15:13.089767','alice.bernard@medimail.mssante.fr','pharmacie.ducentre@medimail.mssante.fr','open_mailbox',1,'[]','{}','293cb418d366a8b2bcb7e78f13026900cd8c14b1bd9318ac39a5742661eb64cd','251d81f8ec09451e61e39071d446ee52f3a455d0e0c681f7c464d8bcd97dd773');
INSERT INTO audit_entries VALUES(20,'2026-11-27 08:15:13.511113','dr.house@ch-exemple.mssante.fr','pharmacie.ducentre@medimail.mssante.fr','receive_message',1,'[]','{"notified": ["alice.bernard@medimail.mssante.fr"], "reference": "msg-0001"}','251d81f8ec09451e61e39071d446ee52f3a455d0e0c681f7c464d8bcd97dd773','61e2294677e4fead58ab763f6842f60f7f84d9da36a6a2b2cf6316b9629aeb5e');
INSERT INTO audit_entries VALUES(21,'2026-11-27 08:15:13.894204','alice.bernard@medimail.mssante.fr','pharmacie.ducentre@medimail.mssante.fr','send_message',1,'[]','{"recipient": "dr.house@ch-exemple.mssante.fr", "reference": "msg-0002"}','61e2294677e4fead58ab763f6842f60f7f84d9da36a6a2b2cf6316b9629aeb5e','12e6688a68529d5cf14e12a2a47fca09afe3886b18f5316b5adf83189e183124');
INSERT INTO audit_entries VALUES(22,'2026-11-27 08:15:14.268359','claire.martin@medimail.mssante.fr','pharmacie.ducentre@medimail.mssante.fr','read_mailbox',1,'[]','{}','12e6688a68529d5cf14e12a2a47fca09afe3886b18f5316b5adf83189e183124','7ae08d76d4749cca9254ab61cdae81b0c353511b02e34b75c7e786c2f7606fa5');
CREATE TABLE directory_entries (
	directory TEXT NOT NULL, 
	address TEXT NOT NULL, 
	bal_type TEXT NOT NULL, 
	label TEXT NOT NULL, 
	description TEXT NOT NULL, 
	structure TEXT NOT NULL, 
	responsible TEXT NOT NULL, 
	PRIMARY KEY (directory, address)
);
INSERT INTO directory_entries VALUES('national_directory','pharmacie.ducentre@medimail.mssante.fr','ORG','Pharmacie Du Centre','Échanges de la pharmacie avec les médecins du quartier','1010000024','810001045367');
INSERT INTO directory_entries VALUES('operator_directory','pharmacie.ducentre@medimail.mssante.fr','ORG','Pharmacie Du Centre','Échanges de la pharmacie avec les médecins du quartier','1010000024','810001045367');
INSERT INTO directory_entries VALUES('national_directory','cabinet.martin@medimail.mssante.fr','ORG','Cabinet Dr Martin','Secrétariat du cabinet : comptes rendus et courriers des patients','381234567600017','810001234565');
CREATE TABLE directory_professionals (
	idnat TEXT NOT NULL, 
	document JSON NOT NULL, 
	PRIMARY KEY (idnat)
);
CREATE TABLE directory_structures (
	idnat TEXT NOT NULL, 
	document JSON NOT NULL, 
	PRIMARY KEY (idnat)
);
CREATE TABLE credentials (
	address TEXT NOT NULL, 
	salt BLOB NOT NULL, 
	digest BLOB NOT NULL, 
	n INTEGER NOT NULL, 
	r INTEGER NOT NULL, 
	p INTEGER NOT NULL, 
	PRIMARY KEY (address)
);
INSERT INTO credentials VALUES('claire.martin@medimail.mssante.fr',X'0eccc93a6847e2682a650f0c773e5c2a',X'36157820c58dc814f823edb1cb1f56fc8256afce949404c6ff3bc1c4522146ea52c94a854660e0bc5b2d8d0f1cefd70437450a4248464a0acba1c5c08f6c3068',16384,8,1);
INSERT INTO credentials VALUES('alice.bernard@medimail.mssante.fr',X'6a9cd8711ad7bbb165a5a3dc50f28991',X'7e743b9c26279a56bb1d8d7d978ff4fc2ce07988d69c878e397d39a360ab89e30f025bcf882e0a16829d5ecca6648970cb9771ce21bbd70b9ded259ffd0cfc7a',16384,8,1);
INSERT INTO credentials VALUES('paul.martin@medimail.mssante.fr',X'e2db1151004b2ebcde6b9a92e4c8c7e5',X'a9fd3c2e8020d32b7fd251366b63e7fadd7e61f96b34bc8c611a008ef0ff47b8ce902dc295a05c49ee4ad770d430bb04d3162c8e2f1bd747a1da4400c25a469c',16384,8,1);
CREATE TABLE mailbox_accounts (
	mailbox TEXT NOT NULL, 
	account TEXT NOT NULL, 
	role TEXT NOT NULL, 
	PRIMARY KEY (mailbox, account), 
	FOREIGN KEY(mailbox) REFERENCES mailboxes (address) ON DELETE CASCADE
);
INSERT INTO mailbox_accounts VALUES('pharmacie.ducentre@medimail.mssante.fr','claire.martin@medimail.mssante.fr','responsible');
INSERT INTO mailbox_accounts VALUES('pharmacie.ducentre@medimail.mssante.fr','alice.bernard@medimail.mssante.fr','member');
INSERT INTO mailbox_accounts VALUES('cabinet.martin@medimail.mssante.fr','paul.martin@medimail.mssante.fr','responsible');
INSERT INTO mailbox_accounts VALUES('cabinet.martin@medimail.mssante.fr','alice.bernard@medimail.mssante.fr','member');
CREATE TABLE audit_head (
	id INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	hash TEXT NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT ck_audit_head_one_row CHECK (id = 1)
);
INSERT INTO audit_head VALUES(1,22,'7ae08d76d4749cca9254ab61cdae81b0c353511b02e34b75c7e786c2f7606fa5');
CREATE TABLE notices (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	kind TEXT NOT NULL, 
	recipient TEXT NOT NULL, 
	mailbox TEXT, 
	account TEXT, 
	approved BOOLEAN, 
	reason TEXT, 
	lang TEXT NOT NULL, 
	subject TEXT NOT NULL, 
	body TEXT NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO notices VALUES(1,'2026-11-27 08:15:08.841612','validation','claire.martin@medimail.mssante.fr',NULL,'claire.martin@medimail.mssante.fr',1,NULL,'fr','Votre compte a été validé','Le compte claire.martin@medimail.mssante.fr a été validé par le centre de services.');
INSERT INTO notices VALUES(2,'2026-11-27 08:15:09.245298','validation','alice.bernard@medimail.mssante.fr',NULL,'alice.bernard@medimail.mssante.fr',1,NULL,'fr','Votre compte a été validé','Le compte alice.bernard@medimail.mssante.fr a été validé par le centre de services.');
INSERT INTO notices VALUES(3,'2026-11-27 08:15:10.912243','validation','paul.martin@medimail.mssante.fr',NULL,'paul.martin@medimail.mssante.fr',1,NULL,'fr','Votre compte a été validé','Le compte paul.martin@medimail.mssante.fr a été validé par le centre de services.');
INSERT INTO notices VALUES(4,'2026-11-27 08:15:13.511113','new_mail','alice.bernard@medimail.mssante.fr','pharmacie.ducentre@medimail.mssante.fr',NULL,NULL,NULL,'fr','Nouveau message dans pharmacie.ducentre@medimail.mssante.fr',replace('Un nouveau message vous attend dans la boîte pharmacie.ducentre@medimail.mssante.fr.\nConnectez-vous à votre messagerie sécurisée de santé pour le lire.','\n',char(10)));
CREATE INDEX ix_accounts_state_created_at ON accounts (state, created_at);
CREATE INDEX ix_messages_mailbox ON messages (mailbox, id);
CREATE INDEX ix_mailbox_accounts_account ON mailbox_accounts (account);
CREATE INDEX ix_audit_entries_mailbox ON audit_entries (mailbox, seq);
CREATE INDEX ix_audit_entries_actor ON audit_entries (actor, seq);
CREATE INDEX ix_audit_entries_at ON audit_entries (at);
CREATE INDEX ix_notices_recipient ON notices (recipient, id);
COMMIT;
