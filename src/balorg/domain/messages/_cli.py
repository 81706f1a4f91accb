"""Messages and words of the command line: code -> (French, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "cli.usage": (
        "{message} (aide : {command} --help)",
        "{message} (help: {command} --help)",
    ),
    "cli.no_session": (
        "Aucune session ouverte (fichier {path}) : connectez-vous d'abord avec balorg login.",
        "No open session (file {path}): log in first with balorg login.",
    ),
    "cli.store_missing": (
        "La base {url} n'existe pas : créez-la avec « balorg register » ou « balorg db "
        "upgrade » (ou indiquez la bonne avec --db).",
        'Store {url} does not exist: create it with "balorg register" or "balorg db '
        'upgrade" (or name the right one with --db).',
    ),
    "cli.store_outdated": (
        "La base {url} est à la révision {found}, cette version de balorg attend {latest} : "
        "mettez-la à jour avec « balorg db upgrade ».",
        "Store {url} is at revision {found}, this balorg expects {latest}: upgrade it with "
        '"balorg db upgrade".',
    ),
    "cli.database_url_invalid": (
        "« {url} » n'est ni une URL de base de données ni un chemin de fichier.",
        '"{url}" is neither a database URL nor a file path.',
    ),
    "cli.database_folder_missing": (
        "Le dossier {folder} n'existe pas : la base ne peut pas y être créée.",
        "Folder {folder} does not exist: the store cannot be created there.",
    ),
    "cli.database_driver_missing": (
        "Aucun pilote n'est installé pour {url} (SQLite et PostgreSQL sont fournis).",
        "No driver is installed for {url} (SQLite and PostgreSQL are provided).",
    ),
    "cli.argument_not_utf8": (
        "L'argument n° {position} (« {argument} ») n'est pas du texte UTF-8.",
        'Argument {position} ("{argument}") is not UTF-8 text.',
    ),
    "cli.database_empty": (
        "--db est vide : donnez le chemin d'un fichier SQLite (ex. balorg.db) ou une URL "
        "(ex. postgresql://hôte/base), ou retirez l'option pour la base par défaut balorg.db.",
        "--db is empty: give the path of a SQLite file (e.g. balorg.db) or a URL (e.g. "
        "postgresql://host/name), or leave the option out for the default store balorg.db.",
    ),
    "cli.database_not_balorg": (
        "{url} n'est pas une base balorg (ou elle est endommagée, ou d'une version trop "
        "ancienne : balorg db upgrade la reprend).",
        "{url} is not a balorg store (or it is damaged, or too old: balorg db upgrade "
        "takes it over).",
    ),
    "cli.revision_unknown": (
        "« {revision} » n'est pas une révision antérieure de la base (révisions possibles : "
        "{revisions}, ou base).",
        '"{revision}" is not an earlier revision of the store (possible revisions: '
        "{revisions}, or base).",
    ),
    "cli.password_too_long": (
        "Le mot de passe lu sur l'entrée standard dépasse {max} octets.",
        "The password read on standard input is longer than {max} bytes.",
    ),
    "cli.interrupted": ("Interrompu.", "Interrupted."),
    "cli.refused": ("Refusé.", "Refused."),
    "cli.path_invalid": (
        "Le chemin « {path} » n'est pas utilisable (il contient un caractère nul).",
        'Path "{path}" cannot be used (it holds a NUL character).',
    ),
    "cli.session_file_unwritable": (
        "Impossible d'écrire le fichier de session {path} ({cause}) : choisissez-en un "
        "autre avec --session-file, ou gardez le jeton dans BALORG_SESSION.",
        "Cannot write the session file {path} ({cause}): choose another with "
        "--session-file, or keep the token in BALORG_SESSION.",
    ),
    "cli.session_env_set": (
        "La session est gardée dans {path}, mais BALORG_SESSION est défini : les commandes "
        "suivantes utiliseront BALORG_SESSION, pas ce fichier.",
        "The session is kept in {path}, but BALORG_SESSION is set: the next commands will "
        "use BALORG_SESSION, not this file.",
    ),
    "cli.session_token_invalid": (
        "Le jeton de session ({where}) n'a pas la forme d'un jeton balorg : "
        "reconnectez-vous avec balorg login.",
        "The session token ({where}) is not shaped like a balorg token: log in again "
        "with balorg login.",
    ),
    "cli.no_settings": (
        "Aucun fichier de réglages : ni --config ni ./balorg.toml ; aucun domaine ni agent du "
        "centre de services n'est donc configuré.",
        "No settings file: neither --config nor ./balorg.toml; so no domain and no service "
        "centre agent are configured.",
    ),
    "cli.json_too_deep": (
        "Le fichier {path} est imbriqué trop profondément pour être un formulaire.",
        "File {path} is nested too deeply to be a form.",
    ),
    "cli.json_number_too_long": (
        "Le fichier {path} contient un nombre de plus de {max} chiffres : ce n'est pas un "
        "formulaire.",
        "File {path} holds a number of more than {max} digits: it is not a form.",
    ),
    "cli.config_invalid": (
        "Le fichier de réglages {path} n'est pas valide ({count} problème(s), ci-dessous).",
        "Settings file {path} is not valid ({count} problem(s), below).",
    ),
    "cli.config_syntax": (
        "Le fichier de réglages {path} n'est pas du TOML valide (ligne {line}, colonne {column}).",
        "Settings file {path} is not valid TOML (line {line}, column {column}).",
    ),
    "cli.config_too_deep": (
        "Le fichier de réglages {path} est imbriqué trop profondément.",
        "Settings file {path} is nested too deeply.",
    ),
    "cli.config_number_too_long": (
        "Le fichier de réglages {path} contient un nombre bien trop long.",
        "Settings file {path} holds a number far too long.",
    ),
    "cli.not_whole_number": (
        "« {value} » : un nombre entier de {min} à {max} est attendu.",
        '"{value}": a whole number from {min} to {max} is expected.',
    ),
    "cli.invalid_date": (
        "« {value} » n'est pas une date AAAA-MM-JJ (ex. 2026-11-27).",
        '"{value}" is not a YYYY-MM-DD date (e.g. 2026-11-27).',
    ),
    "cli.internal_error": (
        "Erreur interne ({error}) : relancez avec BALORG_DEBUG=1 et signalez-la.",
        "Internal error ({error}): run again with BALORG_DEBUG=1 and report it.",
    ),
    "cli.file_missing": ("Le fichier {path} n'existe pas.", "File {path} does not exist."),
    "cli.file_unreadable": (
        "Impossible de lire le fichier {path} ({cause}).",
        "Cannot read file {path} ({cause}).",
    ),
    "cli.file_is_folder": (
        "{path} est un dossier, pas un fichier.",
        "{path} is a folder, not a file.",
    ),
    "cli.file_forbidden": (
        "Lecture du fichier {path} non autorisée.",
        "Reading file {path} is not permitted.",
    ),
    "cli.file_not_utf8": (
        "Le fichier {path} n'est pas encodé en UTF-8.",
        "File {path} is not encoded in UTF-8.",
    ),
    "cli.file_too_large": (
        "Le fichier {path} est trop gros (plus de {max} octets).",
        "File {path} is too large (more than {max} bytes).",
    ),
    "cli.invalid_moment": (
        "« {value} » n'est pas une date ISO 8601 (ex. 2026-11-27 ou 2026-11-27T09:00+01:00).",
        '"{value}" is not an ISO 8601 date (e.g. 2026-11-27 or 2026-11-27T09:00+01:00).',
    ),
    "cli.on_off": ("« {value} » : on ou off attendu.", '"{value}": on or off expected.'),
    "cli.outbox_not_failed": (
        "Aucun message en échec n'a la clé {key}.",
        "No failed message has key {key}.",
    ),
    "config.unknown_key": ("Clé inconnue : {key}.", "Unknown key: {key}."),
    "config.not_a_table": ("« {key} » doit être une table.", '"{key}" must be a table.'),
    "config.operator_missing": (
        'La table [operator] manque ou est vide : donnez-y au moins domains = ["..."] '
        "(les domaines où l'opérateur attribue les adresses) et service_centre = "
        '["..."] (les adresses des agents qui valident les comptes).',
        'The [operator] table is missing or empty: give it at least domains = ["..."] '
        "(the domains where the operator hands out addresses) and service_centre = "
        '["..."] (the addresses of the agents who validate accounts).',
    ),
    "config.list_of_texts": ("« {key} » : une liste de textes.", '"{key}": a list of texts.'),
    "config.invalid_domain": (
        "« {value} » n'est pas un nom de domaine valide.",
        '"{value}" is not a valid domain name.',
    ),
    "config.invalid_address": (
        "« {value} » n'est pas une adresse e-mail valide.",
        '"{value}" is not a valid e-mail address.',
    ),
    "config.whole_number": (
        "« {key} » : un nombre entier de {min} à {max}.",
        '"{key}": a whole number from {min} to {max}.',
    ),
    "directory.not_listed": (
        "La BAL {mailbox} n'est pas dans l'annuaire national (état : {state} ; liste rouge "
        "ou pas encore active).",
        "Mailbox {mailbox} is not in the national directory (state: {state}; red-listed "
        "or not active yet).",
    ),
    "form.too_deep": (
        "Le formulaire est imbriqué trop profondément.",
        "The form is nested too deeply.",
    ),
    "directory.other_profession": (
        "L'annuaire connaît {idnat} sous la profession {registered}, pas {declared} : "
        "vérifiez la profession déclarée.",
        "The directory knows {idnat} under profession {registered}, not {declared}: check "
        "the declared profession.",
    ),
    # -- words shown by the command line -------------------------------------------------------
    "state.pending": ("en attente", "pending"),
    "state.active": ("active", "active"),
    "state.suspended": ("suspendue", "suspended"),
    "state.closed": ("fermée", "closed"),
    "state.pending_validation": ("en attente de validation", "waiting for validation"),
    "state.rejected": ("refusé", "rejected"),
    "state.cancelled": ("abandonné", "cancelled"),
    "state.revoked": ("révoquée", "revoked"),
    "state.expired": ("expirée", "expired"),
    "state.responsible": ("responsable", "responsible"),
    "state.member": ("membre", "member"),
    "state.none": ("aucun rôle", "no role"),
    "capability.read": ("lecture", "read"),
    "capability.send": ("envoi", "send"),
    "capability.manage_members": ("gestion des membres", "manage members"),
    "capability.administer": ("administration", "administer"),
    # How an actor proved who they are (the audit trail's ``auth``).
    "auth.password": ("mot de passe", "password"),
    "auth.session": ("session", "session"),
    "auth.host": ("authentification de l'hôte", "host's sign-on"),
    "auth.system": ("système", "system"),
    "auth.sign_up": ("inscription", "sign-up"),
    "auth.claimed": ("déclaré, non prouvé", "claimed, not proven"),
    # Types of values, in JSON (forms) and in Python.
    "type.string": ("texte", "text"),
    "type.number": ("nombre", "number"),
    "type.integer": ("nombre entier", "whole number"),
    "type.boolean": ("booléen (true ou false)", "boolean (true or false)"),
    "type.object": ("objet { }", "object { }"),
    "type.array": ("liste [ ]", "list [ ]"),
    "type.null": ("null", "null"),
    "type.str": ("texte", "text"),
    "type.int": ("nombre entier", "whole number"),
    "type.float": ("nombre", "number"),
    "type.bool": ("booléen", "boolean"),
    "type.list": ("liste", "list"),
    "type.tuple": ("liste", "list"),
    "type.dict": ("objet", "object"),
    "type.NoneType": ("rien (null)", "nothing (null)"),
    # Actions: of the audit trail (one per use case) and of the authorisation table.
    "action.approve_account": ("validation d'un compte", "account approved"),
    "action.attach_member": ("rattachement d'un membre", "member attached"),
    "action.cancel_enrolment": ("abandon d'une inscription", "enrolment cancelled"),
    "action.change_description": ("description modifiée", "description changed"),
    "action.change_directory_entry": ("fiche d'annuaire modifiée", "directory entry changed"),
    "action.change_password": ("mot de passe changé", "password changed"),
    "action.change_red_list": ("liste rouge modifiée", "red list changed"),
    "action.close_mailbox": ("fermeture de la BAL", "mailbox closed"),
    "action.confirm_enrolment": ("inscription confirmée", "enrolment confirmed"),
    "action.create_member_account": ("création d'un compte membre", "member account created"),
    "action.end_session": ("déconnexion", "log out"),
    "action.enrol_agent": ("inscription d'un agent", "agent enrolled"),
    "action.finish_registration": ("inscription terminée", "registration finished"),
    "action.grant_member": ("délégation accordée", "delegation granted"),
    "action.hand_over": ("changement de responsable", "hand-over"),
    "action.list_members": ("liste des membres", "members listed"),
    "action.list_pending_accounts": ("comptes en attente consultés", "pending accounts listed"),
    "action.log_in": ("connexion", "log in"),
    "action.read_account_trail": ("piste d'un compte consultée", "account trail read"),
    "action.read_audit_trail": ("piste de la BAL consultée", "mailbox trail read"),
    "action.read_mailbox": ("lecture de la boîte", "mailbox read"),
    "action.receive_message": ("message reçu", "message received"),
    "action.register_mailbox": ("inscription de la BAL", "mailbox registered"),
    "action.reject_account": ("refus d'un compte", "account rejected"),
    "action.resume_mailbox": ("reprise de la BAL", "mailbox resumed"),
    "action.resume_member": ("reprise d'une délégation", "delegation resumed"),
    "action.review_member": ("délégation revue", "delegation reviewed"),
    "action.revoke_member": ("révocation d'une délégation", "delegation revoked"),
    "action.send_expiry_reminders": ("rappels d'expiration", "expiry reminders"),
    "action.send_message": ("message envoyé", "message sent"),
    "action.set_default_mailbox": ("boîte par défaut choisie", "default mailbox set"),
    "action.set_notices": ("notifications réglées", "notices set"),
    "action.show_mailbox": ("réglages de la BAL consultés", "mailbox settings shown"),
    "action.suspend_mailbox": ("suspension de la BAL", "mailbox suspended"),
    "action.suspend_member": ("suspension d'une délégation", "delegation suspended"),
    "action.switch_mailbox": ("changement de boîte", "mailbox switched"),
    "action.open": ("ouvrir la boîte", "open the mailbox"),
    "action.read": ("lire la boîte", "read the mailbox"),
    "action.send": ("envoyer en son nom", "send in its name"),
    "action.receive_notices": ("recevoir les notifications", "receive notices"),
    "action.grant": ("accorder une délégation", "grant a delegation"),
    "action.read_audit": ("lire la piste d'audit", "read the audit trail"),
    "action.read_settings": ("voir les réglages", "see the settings"),
    # Why a file could not be used (the system's error, by its Python name).
    "oserror.PermissionError": ("permission refusée", "permission denied"),
    "oserror.FileNotFoundError": ("introuvable", "not found"),
    "oserror.IsADirectoryError": ("c'est un dossier", "it is a folder"),
    "oserror.NotADirectoryError": (
        "un élément du chemin n'est pas un dossier",
        "a part of the path is not a folder",
    ),
    "oserror.FileExistsError": ("existe déjà", "already exists"),
    "oserror.NotAFileError": ("ce n'est pas un fichier ordinaire", "not a regular file"),
    "oserror.OSError": ("erreur du système", "system error"),
    "oserror.BlockingIOError": ("ressource occupée", "resource busy"),
    "oserror.TimeoutError": ("délai dépassé", "timed out"),
    # Words of the outbox.
    "outbox.notice": ("notification", "notice"),
    "outbox.directory": ("annuaire", "directory"),
    # Reading input and opening the store.
    "cli.password_missing": (
        "Mot de passe attendu : tapez-le au terminal, ou passez --password-stdin et "
        "fournissez-le sur l'entrée standard.",
        "A password is needed: type it at the terminal, or pass --password-stdin and "
        "give it on standard input.",
    ),
    "cli.invalid_json": (
        "Le fichier {path} n'est pas du JSON valide (ligne {line}, colonne {column}).",
        "File {path} is not valid JSON (line {line}, column {column}).",
    ),
    "cli.sql_extra_missing": (
        "Le stockage SQL demande l'extra « sql » : pip install 'balorg[sql]'.",
        "SQL storage needs the 'sql' extra: pip install 'balorg[sql]'.",
    ),
    "cli.database_unavailable": (
        "Impossible d'ouvrir la base de données {url} ({reason}).",
        "Cannot open database {url} ({reason}).",
    ),
}
