"""Messages of free text and e-mail addresses: code -> (French, English).

``field.too_long`` and ``field.invalid_characters`` are older codes, kept where
they were (``_registration`` and ``_domain``).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # balorg.domain.text
    "field.not_text": (
        "Ce champ attend du texte, pas une valeur de type {type}.",
        "This field expects text, not a value of type {type}.",
    ),
    "field.single_line": (
        "Ce champ tient sur une seule ligne : le caractère {character} (position {position}) "
        "n'y est pas admis.",
        "This field is a single line: character {character} (position {position}) is not "
        "allowed in it.",
    ),
    "field.invisible_characters": (
        "Ce champ contient un caractère invisible de mise en forme, {character} "
        "(position {position}), qui peut masquer ou réordonner le texte affiché.",
        "This field contains an invisible formatting character, {character} "
        "(position {position}), which can hide or reorder the text displayed.",
    ),
    # balorg.domain.addresses
    "email.not_text": (
        "Une adresse e-mail s'écrit sous forme de texte, pas de valeur de type {type}.",
        "An e-mail address is written as text, not as a value of type {type}.",
    ),
    "email.too_long": (
        "L'adresse e-mail est trop longue ({length} caractères, {max} au plus).",
        "The e-mail address is too long ({length} characters, {max} at most).",
    ),
    "email.invalid_characters": (
        "L'adresse e-mail contient un caractère interdit, {character} (position {position}) : "
        "caractère de contrôle, invisible ou non représentable.",
        "The e-mail address contains a forbidden character, {character} (position "
        "{position}): a control, invisible or unencodable character.",
    ),
    "email.whitespace": (
        "L'adresse e-mail contient un espace (position {position}) : une adresse s'écrit "
        "sans espace.",
        "The e-mail address contains a space (position {position}): an address has no spaces.",
    ),
    "email.compatibility_characters": (
        "L'adresse e-mail contient {character} (position {position}), variante d'affichage "
        "d'une lettre ou d'un chiffre ordinaire (pleine chasse, mathématique, exposant…) qui "
        "peut imiter une autre adresse.",
        "The e-mail address contains {character} (position {position}), a display variant of "
        "a plain letter or digit (full-width, mathematical, superscript…) that can imitate "
        "another address.",
    ),
    "email.mixed_scripts": (
        "La partie « {label} » de l'adresse e-mail mêle plusieurs écritures ({scripts}) : "
        "des lettres d'apparence identique peuvent y imiter une autre adresse.",
        "The part “{label}” of the e-mail address mixes several scripts ({scripts}): "
        "look-alike letters can imitate another address in it.",
    ),
    "email.not_mssante": (
        "L'adresse {address} n'a pas la forme d'une adresse MSSanté (…@….mssante.fr ou "
        "…@interop-mssante.apicrypt.org).",
        "Address {address} does not have the shape of an MSSanté address (…@….mssante.fr "
        "or …@interop-mssante.apicrypt.org).",
    ),
}
