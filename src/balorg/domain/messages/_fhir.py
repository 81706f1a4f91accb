"""Messages of FHIR payloads and publication to the directory: code -> (French, English).

``detail`` is the directory's own text (an OperationOutcome's), never a credential.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "publication.failed": (
        "L'annuaire n'a pas appliqué la modification : {detail}",
        "The directory did not apply the change: {detail}",
    ),
    # Failures that may pass: the dispatcher tries again later.
    "publication.unavailable": (
        "L'annuaire n'a pas répondu à temps ou est indisponible ({detail}) ; "
        "la modification sera renvoyée plus tard.",
        "The directory did not answer in time or is unavailable ({detail}); "
        "the change will be sent again later.",
    ),
    # Failures kept for a person to act on.
    "publication.bad_request": (
        "L'annuaire a refusé la modification comme incorrecte : {detail}",
        "The directory refused the change as malformed: {detail}",
    ),
    "publication.unauthorized": (
        "L'annuaire a refusé la clé d'API : vérifiez la clé de l'opérateur ({detail}).",
        "The directory refused the API key: check the operator's key ({detail}).",
    ),
    "publication.carrier_not_found": (
        "Aucune structure de l'annuaire ne porte l'identifiant {carrier} ({detail}).",
        "No structure of the directory has the identifier {carrier} ({detail}).",
    ),
    "publication.carrier_ambiguous": (
        "Plusieurs structures de l'annuaire portent l'identifiant {carrier} ; "
        "l'annuaire ne sait pas laquelle modifier ({detail}).",
        "Several structures of the directory have the identifier {carrier}; "
        "the directory cannot tell which one to change ({detail}).",
    ),
    "publication.rejected": (
        "L'annuaire a refusé la modification (HTTP {status}) : {detail}",
        "The directory refused the change (HTTP {status}): {detail}",
    ),
    "publication.unexpected_answer": (
        "Réponse inattendue de l'annuaire : {detail}",
        "Unexpected answer from the directory: {detail}",
    ),
    "publication.mailbox_absent": (
        "La boîte {address} n'est pas publiée sur la structure {carrier} : "
        "la modification ne peut pas s'y appliquer.",
        "The mailbox {address} is not published on the structure {carrier}: "
        "the change cannot apply to it.",
    ),
    "publication.type_mismatch": (
        "La boîte {address} est publiée avec le type {published}, pas {expected} : "
        "le type ne change pas après la création.",
        "The mailbox {address} is published with the type {published}, not {expected}: "
        "the type does not change after creation.",
    ),
    "publication.invalid_value": (
        "La valeur donnée pour « {field} » n'est pas du type attendu ({expected}).",
        "The value given for '{field}' is not of the expected type ({expected}).",
    ),
    "publication.not_handled": (
        "Cet éditeur ne publie pas dans l'annuaire « {directory} ».",
        "This publisher does not publish to the directory '{directory}'.",
    ),
    # Reading FHIR resources.
    "fhir.invalid_resource": (
        "Ressource FHIR illisible en {path} : {reason}",
        "Unreadable FHIR resource at {path}: {reason}",
    ),
    "fhir.read_failed": (
        "Lecture de l'annuaire impossible : {detail}",
        "Cannot read the directory: {detail}",
    ),
    "fhir.foreign_link": (
        "Le lien de page suivante mène hors de l'annuaire ({host}) : il n'est pas suivi.",
        "The next-page link leads outside the directory ({host}): it is not followed.",
    ),
    # Settings of the [directory] table.
    "directory.settings_invalid": (
        "Réglages [directory] invalides ({count} problème(s)) :",
        "Invalid [directory] settings ({count} problem(s)):",
    ),
    "directory.not_a_table": (
        "[directory] doit être une table.",
        "[directory] must be a table.",
    ),
    "directory.key_in_file": (
        "La clé d'API ne se met jamais dans le fichier ({key}) : indiquez dans api_key_env "
        "le nom de la variable d'environnement qui la contient.",
        "The API key never goes in the file ({key}): give in api_key_env the name of the "
        "environment variable that holds it.",
    ),
    "directory.unknown_key": (
        "Réglage inconnu dans [directory] : {key}.",
        "Unknown setting in [directory]: {key}.",
    ),
    "directory.base_url_missing": (
        "fhir_base_url : l'adresse de l'API FHIR de l'annuaire est obligatoire.",
        "fhir_base_url: the address of the directory's FHIR API is required.",
    ),
    "directory.base_url_credentials": (
        "fhir_base_url : pas d'utilisateur ni de mot de passe dans l'adresse.",
        "fhir_base_url: no user or password in the address.",
    ),
    "directory.base_url_scheme": (
        "fhir_base_url : une adresse https:// est attendue.",
        "fhir_base_url: an https:// address is expected.",
    ),
    "directory.base_url_http_remote": (
        "fhir_base_url : https:// obligatoire (http seulement sur la boucle locale).",
        "fhir_base_url: https:// required (http only on loopback).",
    ),
    "directory.base_url_query": (
        "fhir_base_url : ni paramètres (?) ni fragment (#) dans l'adresse.",
        "fhir_base_url: no query (?) or fragment (#) in the address.",
    ),
    "directory.api_key_env_invalid": (
        "api_key_env : le nom d'une variable d'environnement (lettres, chiffres, _).",
        "api_key_env: the name of an environment variable (letters, digits, _).",
    ),
    "directory.timeout_invalid": (
        "timeout_seconds : un nombre de secondes plus grand que 0 et jusqu'à {max}.",
        "timeout_seconds: a number of seconds above 0 and up to {max}.",
    ),
    "directory.file_unreadable": (
        "Impossible de lire le fichier de réglages {path}.",
        "Cannot read the settings file {path}.",
    ),
    "directory.file_not_utf8": (
        "Le fichier de réglages {path} n'est pas en UTF-8.",
        "The settings file {path} is not UTF-8.",
    ),
    "directory.file_syntax": (
        "Le fichier de réglages {path} n'est pas du TOML valide (ligne {line}, colonne {column}).",
        "The settings file {path} is not valid TOML (line {line}, column {column}).",
    ),
    "directory.api_key_missing": (
        "La variable d'environnement {variable}, qui doit contenir la clé d'API de "
        "l'annuaire, est absente ou vide.",
        "The environment variable {variable}, which must hold the directory's API key, "
        "is missing or empty.",
    ),
}
