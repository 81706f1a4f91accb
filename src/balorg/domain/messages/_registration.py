"""Messages of the registration form: code -> (French, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "email.invalid": (
        "L'adresse e-mail n'est pas valide ({reason}).",
        "The e-mail address is not valid: {reason}",
    ),
    "form.unknown_key": (
        "Champ inconnu : « {key} ».",
        "Unknown field: '{key}'.",
    ),
    "form.wrong_type": (
        "Type attendu : {expected} (reçu : {got}).",
        "Expected {expected}, got {got}.",
    ),
    "form.invalid_choice": (
        "Valeur « {value} » non reconnue ; valeurs possibles : {choices}.",
        "Value '{value}' is not one of: {choices}.",
    ),
    "field.too_long": (
        "Ce champ est trop long ({length} caractères, {max} au plus).",
        "This field is too long ({length} characters, {max} at most).",
    ),
    "location.invalid_postcode": (
        "Le code postal « {value} » n'est pas un code postal français (5 caractères).",
        "Postcode '{value}' is not a French postcode (5 characters).",
    ),
    "registration.not_shared": (
        "Ce formulaire crée une BAL organisationnelle partagée : cochez la case "
        "« compte partagé ».",
        "This form creates a shared organisational mailbox: tick the shared-account box.",
    ),
}
