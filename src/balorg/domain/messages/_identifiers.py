"""Messages of identifier checks: code -> (French, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "identifier.invalid_format": (
        "Un numéro {kind} ne contient que des chiffres.",
        "A {kind} number contains only digits.",
    ),
    "identifier.invalid_length": (
        "Un numéro {kind} comporte {expected} caractères, pas {actual}.",
        "A {kind} number has {expected} characters, not {actual}.",
    ),
    "identifier.invalid_checksum": (
        "La clé de contrôle du numéro {kind} est fausse.",
        "The check digit of the {kind} number is wrong.",
    ),
    "identifier.invalid_component": (
        "Une partie du numéro {kind} est invalide : {component}.",
        "Part of the {kind} number is invalid: {component}.",
    ),
}
