"""The command line's words in French (the default) and English, argparse's own included.

argparse writes its usage lines and errors through :mod:`gettext`; :func:`use_language`
gives it French words when the command line speaks French, so that nothing a person
reads mixes the two languages.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any, Final

from attrs import frozen

from balorg.domain.messages import CATALOGUE, Lang

__all__ = ["T", "localised", "use_language", "word"]


@frozen
class T:
    """A text in both languages."""

    fr: str
    en: str

    def __call__(self, lang: Lang) -> str:
        return self.fr if lang == "fr" else self.en


def word(family: str, code: str, lang: Lang) -> str:
    """The word for ``code`` of ``family`` (``state``, ``capability``, ``action``,
    ``auth``...) in ``lang``; the code itself when there is none."""
    found = CATALOGUE.get(f"{family}.{code}")
    if found is None and family == "oserror":
        found = CATALOGUE.get("oserror.OSError")
    if found is None:
        return code
    return found[0] if lang == "fr" else found[1]


#: Parameters of messages that hold codes, and the family of their words.
_WORDED: Final[dict[str, str]] = {
    "state": "state",
    "capability": "capability",
    "capabilities": "capability",
    "action": "action",
    "method": "auth",
    "type": "type",
    "cause": "oserror",
}
#: Codes whose ``expected`` and ``got`` are JSON types (``string``, ``array``...).
_TYPED: Final = frozenset({"form.wrong_type"})


def localised(code: str, params: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    """``params`` of ``code`` for a sentence in ``lang``: states, capabilities, actions
    and types in words (``rejected`` -> ``refusé``), lists of them joined."""
    shown: dict[str, Any] = dict(params)
    worded = dict(_WORDED)
    if code in _TYPED:
        worded.update(expected="type", got="type")
    for key, family in worded.items():
        value = shown.get(key)
        if isinstance(value, str):
            shown[key] = word(family, value, lang)
        elif isinstance(value, list | tuple | frozenset | set):
            shown[key] = ", ".join(
                word(family, v, lang) if isinstance(v, str) else str(v) for v in value
            )
    return shown


#: argparse's own messages (CPython 3.11 to 3.13) in French.
_ARGPARSE_FR: Final[dict[str, str]] = {
    "usage: ": "usage : ",
    "positional arguments": "arguments",
    "options": "options",
    "optional arguments": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version et quitter",
    "the following arguments are required: %s": "ces arguments sont obligatoires : %s",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)r (choisir parmi %(choices)s)"
    ),
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "une valeur au plus est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "invalid %(type)s value: %(value)r": "valeur %(type)s invalide : %(value)r",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "one of the arguments %s is required": "l'un de ces arguments est obligatoire : %s",
    "ignored explicit argument %r": "argument explicite ignoré : %r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "unexpected option string: %s": "option inattendue : %s",
    "%r is not callable": "%r n'est pas appelable",
    "cannot merge actions - two groups are named %r": "deux groupes s'appellent %r",
    'argument "-" with mode %r': "argument « - » en mode %r",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
    "{name} is not callable": "{name} n'est pas appelable",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "commande inconnue : %(parser_name)r (choisir parmi %(choices)s)"
    ),
}
_ARGPARSE_PLURAL_FR: Final[dict[str, tuple[str, str]]] = {
    "expected %s argument": ("%s valeur attendue", "%s valeurs attendues"),
}


def use_language(lang: Lang) -> None:
    """Make argparse speak ``lang`` (process-wide: the command line speaks one language)."""
    if lang == "fr":
        argparse._ = lambda text: _ARGPARSE_FR.get(text, text)  # type: ignore[attr-defined]

        def plural(singular: str, many: str, n: int) -> str:
            found = _ARGPARSE_PLURAL_FR.get(singular)
            if found is None:
                return singular if n == 1 else many
            return found[0] if n == 1 else found[1]

        argparse.ngettext = plural  # type: ignore[attr-defined]
    else:
        import gettext  # noqa: PLC0415

        argparse._ = gettext.gettext  # type: ignore[attr-defined]
        argparse.ngettext = gettext.ngettext  # type: ignore[attr-defined]
