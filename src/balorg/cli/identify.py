"""``balorg identify VALUE...``: what each value can be, and whether it is valid."""

from __future__ import annotations

import argparse

from balorg.cli.output import Output
from balorg.domain.identifiers import identify

__all__ = ["add_parser", "run"]

_WORDS = {
    "fr": {True: "valide", False: "invalide", "canonical": "forme canonique", "idnat": "IdNat"},
    "en": {True: "valid", False: "invalid", "canonical": "canonical", "idnat": "IdNat"},
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
    parser.set_defaults(run=run, needs_store=False)


def run(args: argparse.Namespace, out: Output) -> int:
    words = _WORDS[out.lang]
    results = []
    all_valid = True
    for value in args.values:
        readings = identify(value)
        valid = any(r.valid for r in readings)
        all_valid &= valid
        results.append(
            {"input": value, "valid": valid, "readings": [r.to_dict(out.lang) for r in readings]}
        )
        out.line(f"{value}")
        for r in readings:
            verdict = words[r.valid]
            detail = []
            if r.canonical:
                detail.append(f"{words['canonical']} {r.canonical}")
            if r.idnat:
                detail.append(f"{words['idnat']} {r.idnat}")
            if r.error is not None:
                detail.append(f"[{r.error.code}] {r.error.message(out.lang)}")
            out.line(f"  {r.kind:<12} {verdict:<9} " + " · ".join(detail))
    return out.finish(ok=all_valid, result={"values": results})
