"""The bilingual message catalogue, and the language messages are rendered in.

Every error and warning of the library has a stable ``code``; its French and
English messages are rendered here from the code and its ``params`` so that
hosts translate by code and never parse text.

>>> render("identifier.invalid_length", {"kind": "RPPS", "expected": 11, "actual": 3}, "en")
'The RPPS number must have 11 characters, not 3.'
>>> render("identifier.invalid_length", {"kind": "RPPS", "expected": 11, "actual": 3})
'Un numéro RPPS comporte 11 caractères, pas 3.'
>>> render("no.such.code", {}, "en")
'no.such.code'

The language of a message rendered without an explicit ``lang`` (``str(error)``,
``str(problem)``, ``error.message()``) is French unless configured otherwise:

* :func:`set_default_language` sets it for the whole process; call it once, at
  start-up (it is a plain module global, shared by every thread);
* :func:`language` overrides it inside a ``with`` block, for the current thread or
  asyncio task only (it is a :mod:`contextvars` variable), so that two requests
  served at the same time in two languages do not see each other's choice.

>>> with language("en"):
...     render("identifier.invalid", {})
'This identifier is not valid.'
>>> get_language()
'fr'
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator, Mapping
from typing import Final, Literal, get_args

from balorg.domain.messages import (
    _access,
    _cli,
    _domain,
    _extractions,
    _fhir,
    _identifiers,
    _professions,
    _registration,
    _services,
    _text,
)

__all__ = [
    "CATALOGUE",
    "LANGUAGES",
    "Lang",
    "get_language",
    "language",
    "render",
    "set_default_language",
]

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
    **_cli.MESSAGES,
}

_default: Lang = "fr"
_local: contextvars.ContextVar[Lang | None] = contextvars.ContextVar(
    "balorg_message_language", default=None
)


def _checked(lang: object) -> Lang:
    if lang == "fr":
        return "fr"
    if lang == "en":
        return "en"
    raise ValueError(f"unknown message language {lang!r}: expected one of {LANGUAGES}")


def set_default_language(lang: Lang) -> None:
    """Set the language of messages rendered without an explicit one, process-wide.

    French is the default. Raises :class:`ValueError` for a language other than
    ``"fr"`` or ``"en"``. A :func:`language` block in force still wins.
    """
    global _default  # noqa: PLW0603 - the one process-wide setting, documented above
    _default = _checked(lang)


def get_language() -> Lang:
    """The language in force: the innermost :func:`language` block, else the default."""
    local = _local.get()
    return _default if local is None else local


@contextlib.contextmanager
def language(lang: Lang) -> Iterator[Lang]:
    """Render messages in ``lang`` inside the block, for this thread or task only."""
    token = _local.set(_checked(lang))
    try:
        yield lang
    finally:
        _local.reset(token)


class _Lenient(dict[str, object]):
    """Keep a missing parameter visible rather than failing to render."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(code: str, params: Mapping[str, object], lang: Lang | None = None) -> str:
    """Render the message of ``code`` in ``lang`` (by default, :func:`get_language`).

    An unknown code renders as itself: a message must never crash the caller.
    """
    templates = CATALOGUE.get(code)
    if templates is None:
        return code
    chosen = get_language() if lang is None else lang
    template = templates[1] if chosen == "en" else templates[0]
    return template.format_map(_Lenient(params))
