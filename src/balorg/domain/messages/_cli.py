"""Messages and words of the command line: code -> (French, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "cli.usage": ("{message}", "{message}"),
    "cli.no_session": (
        "Aucune session ouverte (fichier {path}) : connectez-vous d'abord avec balorg login.",
        "No open session (file {path}): log in first with balorg login.",
    ),
    "cli.store_missing": (
        "La base {url} n'existe pas : créez-la avec « balorg register » ou « balorg db "
        "upgrade » (ou indiquez la bonne avec --db).",
        "Store {url} does not exist: create it with \"balorg register\" or \"balorg db "
        "upgrade\" (or name the right one with --db).",
    ),
    "cli.store_outdated": (
        "La base {url} est à la révision {found}, cette version de balorg attend {latest} : "
        "mettez-la à jour avec « balorg db upgrade ».",
        "Store {url} is at revision {found}, this balorg expects {latest}: upgrade it with "
        "\"balorg db upgrade\".",
    ),
    "cli.database_url_invalid": (
        "« {url} » n'est ni une URL de base de données ni un chemin de fichier.",
        "\"{url}\" is neither a database URL nor a file path.",
    ),
    "cli.database_folder_missing": (
        "Le dossier {folder} n'existe pas : la base ne peut pas y être créée.",
        "Folder {folder} does not exist: the store cannot be created there.",
    ),
    "cli.database_driver_missing": (
        "Aucun pilote n'est installé pour {url} (SQLite et PostgreSQL sont fournis).",
        "No driver is installed for {url} (SQLite and PostgreSQL are provided).",
    ),
    "cli.interrupted": ("Interrompu.", "Interrupted."),
    "cli.internal_error": (
        "Erreur interne ({error}) : relancez avec BALORG_DEBUG=1 et signalez-la.",
        "Internal error ({error}): run again with BALORG_DEBUG=1 and report it.",
    ),
    "cli.file_missing": ("Le fichier {path} n'existe pas.", "File {path} does not exist."),
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
        "\"{value}\" is not an ISO 8601 date (e.g. 2026-11-27 or 2026-11-27T09:00+01:00).",
    ),
    "cli.on_off": ("« {value} » : on ou off attendu.", "\"{value}\": on or off expected."),
    "cli.outbox_not_failed": (
        "Aucun message en échec n'a la clé {key}.",
        "No failed message has key {key}.",
    ),
    "config.unknown_key": ("Clé inconnue : {key}.", "Unknown key: {key}."),
    "config.not_a_table": ("« {key} » doit être une table.", "\"{key}\" must be a table."),
    "config.operator_missing": (
        "La table [operator] manque ou est vide : elle donne les domaines de l'opérateur "
        "et les agents du centre de services.",
        "The [operator] table is missing or empty: it gives the operator's domains and the "
        "service centre's agents.",
    ),
    "config.list_of_texts": ("« {key} » : une liste de textes.", "\"{key}\": a list of texts."),
    "config.invalid_domain": (
        "« {value} » n'est pas un nom de domaine valide.",
        "\"{value}\" is not a valid domain name.",
    ),
    "config.invalid_address": (
        "« {value} » n'est pas une adresse e-mail valide.",
        "\"{value}\" is not a valid e-mail address.",
    ),
    "config.whole_number": (
        "« {key} » : un nombre entier de {min} à {max}.",
        "\"{key}\": a whole number from {min} to {max}.",
    ),
    "directory.not_listed": (
        "La BAL {mailbox} n'est pas dans l'annuaire national (état : {state}).",
        "Mailbox {mailbox} is not in the national directory (state: {state}).",
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
    "capability.read": ("lecture", "read"),
    "capability.send": ("envoi", "send"),
    "capability.manage_members": ("gestion des membres", "manage members"),
    "capability.administer": ("administration", "administer"),
}
