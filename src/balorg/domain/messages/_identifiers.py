"""Messages of identifier checks: code -> (French, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "identifier.invalid_format": (
        "Un numéro {kind} ne contient que des chiffres.",
        "The {kind} number must contain only digits.",
    ),
    "identifier.invalid_length": (
        "Un numéro {kind} comporte {expected} caractères, pas {actual}.",
        "The {kind} number must have {expected} characters, not {actual}.",
    ),
    "identifier.invalid_checksum": (
        "La clé de contrôle du numéro {kind} est fausse.",
        "The check digit of the {kind} number is wrong.",
    ),
    "identifier.invalid_component": (
        "Une partie du numéro {kind} est invalide : {component}.",
        "Part of the {kind} number is invalid: {component}.",
    ),
    "identifier.not_text": (
        "Un identifiant s'écrit sous forme de texte, pas de valeur de type {type}.",
        "An identifier is written as text, not as a value of type {type}.",
    ),
    "identifier.not_canonical": (
        "Le numéro {kind} doit être écrit sous sa forme canonique {canonical}.",
        "The {kind} number must be written in its canonical form {canonical}.",
    ),
    "identifier.unrecognised": (
        "Cette valeur ne ressemble à aucun identifiant connu (RPPS, ADELI, FINESS, SIREN, "
        "SIRET, cabinet RPPS ou ADELI, identifiant national).",
        "This value looks like no known identifier (RPPS, ADELI, FINESS, SIREN, SIRET, "
        "RPPS or ADELI cabinet, national identifier).",
    ),
    "adeli.invalid_format": (
        "Un numéro ADELI comporte 9 caractères : le département (2 chiffres, ou 2A, 2B, "
        "9A à 9F), puis 7 chiffres.",
        "An ADELI number has 9 characters: the department (2 digits, or 2A, 2B, 9A to 9F), "
        "then 7 digits.",
    ),
    "adeli.invalid_department": (
        "Le numéro ADELI commence par un département inconnu : {department}.",
        "The ADELI number starts with an unknown department: {department}.",
    ),
    "finess.invalid_format": (
        "Un numéro FINESS comporte 9 caractères : des chiffres, avec 2A ou 2B en tête pour "
        "la Corse.",
        "A FINESS number has 9 characters: digits, starting with 2A or 2B for Corsica.",
    ),
    "finess.invalid_department": (
        "Le numéro FINESS commence par un département inconnu : {department}.",
        "The FINESS number starts with an unknown department: {department}.",
    ),
    "idnat.empty": (
        "L'identifiant national {table} est vide.",
        "The national identifier {table} is empty.",
    ),
    "idnat.unknown_prefix": (
        "Le préfixe {prefix} n'est pas un type d'identifiant national {table}.",
        "Prefix {prefix} is not a type of national identifier {table}.",
    ),
    "idnat.deprecated_prefix": (
        "Le type d'identifiant national {table} de préfixe {prefix} ({label}) n'est plus accepté.",
        "The national identifier {table} type with prefix {prefix} ({label}) is no longer "
        "accepted.",
    ),
    "idnat.address_prefix": (
        "Une adresse MSSanté prend le préfixe 10 dans un identifiant national {table}.",
        "An MSSanté address takes the prefix 10 in a national identifier {table}.",
    ),
    "idnat.no_prefix": (
        "Un identifiant {kind} n'a pas de préfixe dans la table des identifiants nationaux "
        "{table}.",
        "The {kind} identifier has no prefix in the table of national identifiers {table}.",
    ),
    "idnat.prefix_mismatch": (
        "Un identifiant {kind} prend le préfixe {expected} dans la table des identifiants "
        "nationaux {table}, pas {prefix}.",
        "The {kind} identifier takes the prefix {expected} in the table of national "
        "identifiers {table}, not {prefix}.",
    ),
    "idnat.internal_id_not_allowed": (
        "Le type d'identifiant national {table} de préfixe {prefix} n'admet pas "
        "d'identifiant interne.",
        "The national identifier {table} type with prefix {prefix} takes no internal identifier.",
    ),
    "idnat.invalid_internal_id": (
        "L'identifiant interne après « / » doit être non vide et sans espace.",
        "The internal identifier after '/' must be non-empty and contain no space.",
    ),
    "idnat.invalid_address": (
        "Une adresse MSSanté s'écrit partie-locale@domaine, sans espace, le domaine en "
        "….mssante.fr ou interop-mssante.apicrypt.org.",
        "An MSSanté address is written local-part@domain, with no space, in a domain "
        "ending in .mssante.fr or interop-mssante.apicrypt.org.",
    ),
    "idnat.invalid_structure_id": (
        "Un identifiant {kind} comporte de 1 à {maximum} caractères : lettres et chiffres "
        "ASCII, tiret, point ou tiret bas.",
        "The {kind} identifier has 1 to {maximum} characters: ASCII letters and digits, dash, "
        "dot or underscore.",
    ),
    "identify.no_key": (
        "Un ADELI-rang n'a pas de clé de contrôle propre : seule la clé de l'ADELI (ses 9 "
        "premiers caractères) est vérifiée, si bien qu'un RPPS mal saisi peut passer pour un "
        "ADELI-rang valide.",
        "An ADELI-rang has no check key of its own: only the key of the ADELI (its first 9 "
        "characters) is checked, so a mistyped RPPS can pass for a valid ADELI-rang.",
    ),
    "identify.unknown_kind": (
        "Type d'identifiant inconnu : {kind} (types possibles : {kinds}).",
        "Unknown kind of identifier: {kind} (known kinds: {kinds}).",
    ),
}
