"""The bilingual message catalogue.

Every error and warning of the library has a stable ``code``; its French and
English messages are rendered here from the code and its ``params`` so that
hosts translate by code and never parse text.

>>> render("identifier.invalid_length", {"kind": "RPPS", "expected": 11, "actual": 3}, "en")
'The RPPS number must have 11 characters, not 3.'
>>> render("identifier.invalid_length", {"kind": "RPPS", "expected": 11, "actual": 3})
'Un numéro RPPS comporte 11 caractères, pas 3.'
>>> render("no.such.code", {}, "en")
'no.such.code'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal, get_args

from balorg.domain.messages import (
    _access,
    _domain,
    _extractions,
    _fhir,
    _identifiers,
    _professions,
    _registration,
    _services,
    _text,
)

__all__ = ["CATALOGUE", "LANGUAGES", "Lang", "render"]

Lang = Literal["fr", "en"]
LANGUAGES: Final[tuple[Lang, ...]] = get_args(Lang)

#: code -> (French template, English template); templates use ``str.format`` fields.
CATALOGUE: Final[Mapping[str, tuple[str, str]]] = {
    **_identifiers.MESSAGES,
    **_domain.MESSAGES,
    **_professions.MESSAGES,
    **_registration.MESSAGES,
    **_access.MESSAGES,
    **_text.MESSAGES,
    **_extractions.MESSAGES,
    **_fhir.MESSAGES,
    **_services.MESSAGES,
}


class _Lenient(dict[str, object]):
    """Keep a missing parameter visible rather than failing to render."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(code: str, params: Mapping[str, object], lang: Lang = "fr") -> str:
    """Render the message of ``code`` in ``lang`` (French by default).

    An unknown code renders as itself: a message must never crash the caller.
    """
    templates = CATALOGUE.get(code)
    if templates is None:
        return code
    template = templates[0] if lang == "fr" else templates[1]
    return template.format_map(_Lenient(params))
