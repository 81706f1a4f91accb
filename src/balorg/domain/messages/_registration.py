"""Messages of the registration form: code -> (French, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "email.invalid": (
        "L'adresse e-mail n'est pas valide.",
        "The e-mail address is not valid.",
    ),
    "email.at_missing": (
        "L'adresse e-mail doit contenir un @ (par exemple prenom.nom@domaine.fr).",
        "The e-mail address must contain an @ (for instance firstname.lastname@domain.fr).",
    ),
    "email.local_missing": (
        "Il manque la partie avant le @ de l'adresse e-mail.",
        "The part before the @ of the e-mail address is missing.",
    ),
    "email.local_invalid": (
        "La partie avant le @ de l'adresse e-mail n'est pas valide (caractères, points "
        "doublés ou en début ou fin).",
        "The part before the @ of the e-mail address is not valid (characters, doubled "
        "periods or periods at either end).",
    ),
    "email.domain_invalid": (
        "Le domaine de l'adresse e-mail (après le @) n'est pas valide.",
        "The domain of the e-mail address (after the @) is not valid.",
    ),
    "email.domain_reserved": (
        "Le domaine de l'adresse e-mail est un nom réservé, qui ne reçoit pas de courrier.",
        "The domain of the e-mail address is a reserved name that receives no mail.",
    ),
    "email.part_too_long": (
        "L'adresse e-mail est trop longue (254 octets au plus, domaine compris).",
        "The e-mail address is too long (254 bytes at most, domain included).",
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

MESSAGES.update(
    {
        "responsible.identifier_shape": (
            "L'identifiant du responsable est un numéro RPPS (11 chiffres) ou ADELI "
            "(9 caractères), éventuellement au format IdNat (8 + RPPS, 0 + ADELI) ; "
            "{length} caractères reçus.",
            "The responsible's identifier is an RPPS number (11 digits) or an ADELI number "
            "(9 characters), possibly as an IdNat (8 + RPPS, 0 + ADELI); got {length} "
            "characters.",
        ),
    }
)
