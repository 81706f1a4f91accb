"""``balorg identify VALUE... [--kind KIND]``: what each value can be, and whether it is valid.

A value is valid when its first reading is (:func:`~balorg.domain.identifiers.identified`):
without ``--kind``, a value whose shape suggests one kind above the others (11
digits: an RPPS) is invalid when that reading fails, whatever the alternatives
(a mistyped RPPS is often a valid ADELI-rang, which has no key of its own); the
alternatives are still shown, under their own heading. ``--kind`` restricts the
readings to one kind. Exit status 1 when a value is not valid.

JSON (``--json``): the envelope of :mod:`balorg.cli.output`, with ``result`` =
``{"values": [{"input", "kind", "valid", "readings": [...]}]}`` (``kind``: the
``--kind`` asked for, or null), each reading as
:meth:`~balorg.domain.identifiers.Identification.to_dict` gives it (``primary`` and
``note`` included).
"""

from __future__ import annotations

import argparse

from balorg.cli.output import Output
from balorg.domain.identifiers import KIND_NAMES, Identification, identified, identify
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
    parser = sub.add_parser(
        "identify",
        allow_abbrev=False,
        parents=[common],
        help="what identifiers (RPPS, ADELI, FINESS, SIREN, SIRET, IdNat) the values can be",
    )
    parser.add_argument("values", nargs="+", metavar="VALUE")
    parser.add_argument(
        "--kind",
        choices=tuple(KIND_NAMES),
        default=None,
        help="read the values as this kind only (default: every kind their shape allows)",
    )
    parser.set_defaults(run=run, needs_store=False)


def _line(reading: Identification, out: Output) -> str:
    words = _WORDS[out.lang]
    detail = []
    if reading.canonical:
        detail.append(f"{words['canonical']} {reading.canonical}")
    if reading.idnat:
        detail.append(f"{words['idnat']} {reading.idnat}")
    if reading.error is not None:
        detail.append(f"[{reading.error.code}] {reading.error.message(out.lang)}")
    if reading.note is not None:
        note = render(reading.note, {"kind": reading.kind}, out.lang)
        detail.append(f"{words['note']} [{reading.note}] {note}")
    return f"  {reading.kind:<12} {words[reading.valid]:<9} " + " · ".join(detail)


def run(args: argparse.Namespace, out: Output) -> int:
    words = _WORDS[out.lang]
    kind: str | None = args.kind
    results = []
    all_valid = True
    for value in args.values:
        readings = identify(value, kind=kind)
        valid = identified(readings)
        all_valid &= valid
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
    return out.finish(ok=all_valid, result={"values": results})
