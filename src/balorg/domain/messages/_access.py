"""Messages of the rules (access, visibility, structure identifier): code -> (French, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "access.account_closed": (
        "Le compte {account} est clos ({state}) : il ne peut plus agir.",
        "Account {account} is closed ({state}): it can no longer act.",
    ),
    "access.credential_pending": (
        "Le mot de passe du compte {account} n'est pas encore enregistré : il ne peut pas "
        "encore se connecter.",
        "The password of account {account} is not enrolled yet: it cannot log in yet.",
    ),
    "access.unknown_action": ("Action inconnue : {action}.", "Unknown action: {action}."),
    "access.unknown_account": (
        "Compte de connexion inconnu : l'accès est refusé.",
        "Unknown connection account: access is denied.",
    ),
    "access.account_not_active": (
        "Le compte {account} n'est pas actif (état : {state}) : il doit d'abord être validé "
        "par le centre de services.",
        "Account {account} is not active (state: {state}): the service centre must validate "
        "it first.",
    ),
    "access.mailbox_state": (
        "Action « {action} » impossible sur la BAL {mailbox} dans l'état {state}.",
        "Action '{action}' is not possible on mailbox {mailbox} in state {state}.",
    ),
    "access.responsible_only": (
        "Seul le responsable de la BAL {mailbox} peut faire « {action} ».",
        "Only the responsible of mailbox {mailbox} may do '{action}'.",
    ),
    "access.not_member": (
        "Le compte {account} n'a aucune délégation sur la BAL {mailbox}.",
        "Account {account} holds no delegation on mailbox {mailbox}.",
    ),
    "access.delegation_not_active": (
        "La délégation du compte {account} sur la BAL {mailbox} n'est pas active (état : {state}).",
        "The delegation of account {account} on mailbox {mailbox} is not active (state: {state}).",
    ),
    "access.missing_capability": (
        "Le compte {account} n'a pas le droit « {capability} » sur la BAL {mailbox}.",
        "Account {account} lacks the '{capability}' capability on mailbox {mailbox}.",
    ),
    "structure.finess_first": (
        "Le FINESS {finess} est utilisé ; l'identifiant {ignored} n'est pas retenu.",
        "FINESS {finess} is used; identifier {ignored} is not kept.",
    ),
    "structure.finess_required": (
        "Le FINESS est obligatoire pour cette catégorie de structure ({category}).",
        "A FINESS number is required for this category of structure ({category}).",
    ),
    "structure.siret_siren_mismatch": (
        "Le SIRET {siret} n'appartient pas à l'entreprise SIREN {siren}.",
        "SIRET {siret} does not belong to company SIREN {siren}.",
    ),
    "structure.identifier_required": (
        "Indiquez le FINESS de la structure, ou à défaut son SIRET ou son SIREN.",
        "Give the structure's FINESS number, or failing that its SIRET or SIREN.",
    ),
}

MESSAGES.update(
    {
        "credentials.throttled": (
            "Trop de mots de passe erronés pour ce compte ({limit} en {minutes} minutes) : "
            "réessayez après {retry_at}.",
            "Too many wrong passwords for this account ({limit} within {minutes} minutes): "
            "try again after {retry_at}.",
        ),
        "credentials.invalid": (
            "Adresse e-mail ou mot de passe incorrect.",
            "Wrong e-mail address or password.",
        ),
        "address.not_operator_domain": (
            "L'adresse {address} n'appartient pas aux domaines de l'opérateur ({domains}).",
            "Address {address} is not in the operator's domains ({domains}).",
        ),
        "address.taken": (
            "L'adresse {address} est déjà utilisée.",
            "Address {address} is already in use.",
        ),
        "mailbox.unknown": ("BAL inconnue : {mailbox}.", "Unknown mailbox: {mailbox}."),
        "account.unknown": ("Compte inconnu : {account}.", "Unknown account: {account}."),
        "login.organisational_mailbox": (
            "On ne se connecte pas à une BAL organisationnelle ({mailbox}) : connectez-vous "
            "avec votre compte nominatif puis changez de compte.",
            "Nobody logs into an organisational mailbox ({mailbox}): log in with your "
            "nominative account, then switch to it.",
        ),
        "service_centre.not_agent": (
            "{actor} n'est pas un agent du centre de services.",
            "{actor} is not a service-centre agent.",
        ),
        "storage.conflict": (
            "{address} a été modifié entre-temps : rien n'a été enregistré, recommencez.",
            "{address} was changed meanwhile: nothing was saved, try again.",
        ),
        "storage.duplicate": (
            "{address} existe déjà.",
            "{address} already exists.",
        ),
    }
)

MESSAGES.update(
    {
        "storage.schema_version": (
            "La base de données est au schéma version {found} ; cette version de balorg "
            "attend la version {latest} : lancez la migration.",
            "The database is at schema version {found}; this balorg expects version "
            "{latest}: run the migration.",
        ),
    }
)

MESSAGES.update(
    {
        "directory.professional_unknown": (
            "Aucun professionnel n'est trouvé dans l'annuaire pour l'identifiant {idnat}.",
            "No professional is found in the directory for identifier {idnat}.",
        ),
    }
)

MESSAGES.update(
    {
        "service_centre.own_account": (
            "Un agent du centre de services ne valide pas son propre compte ({account}).",
            "A service-centre agent does not decide on their own account ({account}).",
        ),
    }
)

MESSAGES.update(
    {
        "mailbox.not_receiving": (
            "La BAL {mailbox} ne reçoit pas de messages dans l'état {state}.",
            "Mailbox {mailbox} does not receive messages in state {state}.",
        ),
    }
)

MESSAGES.update(
    {
        "delegation.exceeds_actor": (
            "Impossible d'agir sur la délégation de {account}, qui détient des droits que "
            "vous n'avez pas : {capabilities}.",
            "You cannot act on the delegation of {account}, who holds capabilities you do "
            "not hold: {capabilities}.",
        ),
        "account.rejected": (
            "Le compte {account} a été refusé par le centre de services.",
            "Account {account} was rejected by the service centre.",
        ),
    }
)
