"""``balorg identify VALUE... [--kind KIND]``: what each value can be, and whether it is valid.

A value is valid when its first reading is (:func:`~balorg.domain.identifiers.identified`):
without ``--kind``, a value whose shape suggests one kind above the others (11
digits: an RPPS) is invalid when that reading fails, whatever the alternatives
(a mistyped RPPS is often a valid ADELI-rang, which has no key of its own); the
alternatives are still shown, under their own heading. ``--kind`` restricts the
readings to one kind. Exit status 1 when a value is not valid.

JSON (``--json``): the envelope of :mod:`balorg.cli.output`, with an error per
invalid value (its first reading's, at ``values.N``) and ``result`` =
``{"values": [{"input", "kind", "valid", "readings": [...]}]}`` (``kind``: the
``--kind`` asked for, or null), each reading as
:meth:`~balorg.domain.identifiers.Identification.to_dict` gives it (``primary`` and
``note`` included).
"""

from __future__ import annotations

import argparse

from balorg.cli.common import arg, command
from balorg.cli.output import Output, message
from balorg.cli.runtime import StoreMode
from balorg.cli.texts import T
from balorg.domain.errors import Problem
from balorg.domain.identifiers import KIND_NAMES, UNKNOWN, Identification, identified, identify
from balorg.domain.messages import render

__all__ = ["add_parser", "run"]

_WORDS = {
    "fr": {
        True: "valide",
        False: "invalide",
        "canonical": "forme canonique",
        "idnat": "IdNat",
        "alternatives": "autres lectures possibles :",
        "note": "note",
    },
    "en": {
        True: "valid",
        False: "invalid",
        "canonical": "canonical",
        "idnat": "IdNat",
        "alternatives": "other possible readings:",
        "note": "note",
    },
}


def add_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = command(
        sub,
        common,
        "identify",
        run,
        T(
            "quels identifiants (RPPS, ADELI, FINESS, SIREN, SIRET, IdNat) ces valeurs "
            "peuvent être, et s'ils sont valides",
            "what identifiers (RPPS, ADELI, FINESS, SIREN, SIRET, IdNat) the values can be, "
            "and whether they are valid",
        ),
        store=StoreMode.NONE,
        session=False,
        example="balorg identify 10001045367 010000024",
    )
    arg(
        p,
        "values",
        nargs="+",
        metavar="VALUE",
        help=T("un identifiant à reconnaître", "an identifier to recognise"),
    )
    arg(
        p,
        "--kind",
        choices=tuple(KIND_NAMES),
        default=None,
        help=T(
            "lire les valeurs comme ce type seulement (défaut : tous ceux que leur forme permet)",
            "read the values as this kind only (default: every kind their shape allows)",
        ),
    )


def _kind(kind: str, lang: str) -> str:
    """The kind's name as shown: ``UNKNOWN`` in words, the others as they are named."""
    if kind == UNKNOWN:
        return "INCONNU" if lang == "fr" else "UNKNOWN"
    return kind


def _line(reading: Identification, out: Output) -> str:
    words = _WORDS[out.lang]
    detail = []
    if reading.canonical:
        detail.append(f"{words['canonical']} {reading.canonical}")
    if reading.idnat:
        detail.append(f"{words['idnat']} {reading.idnat}")
    if reading.error is not None:
        error = Problem.from_error(reading.error)
        detail.append(f"[{error.code}] {message(error, out.lang)}")
    if reading.note is not None:
        note = render(reading.note, {"kind": _kind(reading.kind, out.lang)}, out.lang)
        detail.append(f"{words['note']} [{reading.note}] {note}")
    return f"  {_kind(reading.kind, out.lang):<12} {words[reading.valid]:<9} " + " · ".join(detail)


def run(args: argparse.Namespace, out: Output) -> int:
    words = _WORDS[out.lang]
    kind: str | None = args.kind
    results = []
    all_valid = True
    errors = []
    for index, value in enumerate(args.values):
        readings = identify(value, kind=kind)
        valid = identified(readings)
        all_valid &= valid
        failed = readings[0].error
        if not valid:
            where = f"values.{index}"
            found = Problem.from_error(failed, where) if failed else None
            errors.append(found or Problem("identifier.invalid", where))
        results.append(
            {
                "input": value,
                "kind": kind,
                "valid": valid,
                "readings": [r.to_dict(out.lang) for r in readings],
            }
        )
        out.line(f"{value} : {words[valid]}" if out.lang == "fr" else f"{value}: {words[valid]}")
        first, *others = readings
        out.line(_line(first, out))
        if others and kind is None and first.primary:
            out.line(f"  {words['alternatives']}")
        for reading in others:
            out.line(_line(reading, out))
    # People read each verdict with its code above; programs get the errors too.
    return out.finish(
        ok=all_valid, result={"values": results}, errors=errors if out.as_json else ()
    )
