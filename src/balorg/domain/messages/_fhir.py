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
        "Réglages [directory] invalides : {reason}",
        "Invalid [directory] settings: {reason}",
    ),
    "directory.api_key_missing": (
        "La variable d'environnement {variable}, qui doit contenir la clé d'API de "
        "l'annuaire, est absente ou vide.",
        "The environment variable {variable}, which must hold the directory's API key, "
        "is missing or empty.",
    ),
}
