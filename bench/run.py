"""Run every benchmark of ``bench/`` and print each goal with its verdict.

    .venv/bin/python bench/run.py            # every goal, at the sizes the goals name
    .venv/bin/python bench/run.py --quick    # small sizes: checks that everything runs
    .venv/bin/python bench/run.py audit scale   # only these modules

Each row: the goal, our figure, the peer's figure measured in the same run, the ratio,
the limit and the verdict. Exit status 1 when a goal fails (at full scale).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

from _goals import Row, Scale

HERE = Path(__file__).resolve().parent


def _modules() -> list[str]:
    return sorted(
        p.stem for p in HERE.glob("*.py") if not p.stem.startswith("_") and p.stem != "run"
    )


def _print(row: Row) -> None:
    sign = "<=" if row.at_most else ">="
    verdict = "PASS" if row.passed else "FAIL"
    print(
        f"{row.issue:<4} {row.goal[:72]:<72} {row.figure:>12.4g} {row.unit:<6}"
        f" {row.peer_name[:28]:<28} {row.peer:>12.4g}  x{row.ratio:>8.3f} {sign} {row.limit:<6g}"
        f" {verdict}{'  ' + row.note if row.note else ''}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"among: {', '.join(_modules())}")
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke run)")
    args = parser.parse_args(argv)
    scale = Scale.QUICK if args.quick else Scale.FULL
    names = args.modules or _modules()
    sys.path.insert(0, str(HERE))
    failed = 0
    print(
        f"{'#':<4} {'goal':<72} {'figure':>12} {'unit':<6} {'peer':<28} {'peer fig.':>12}"
        f"  {'ratio':>9} limit  verdict"
    )
    for name in names:
        module = importlib.import_module(name)
        if not hasattr(module, "goals"):
            print(f"     ({name}: no goals() yet, skipped)")
            continue
        started = time.perf_counter()
        for row in module.goals(scale):
            _print(row)
            failed += not row.passed
        print(f"     ({name}: {time.perf_counter() - started:.0f} s)", flush=True)
    print(f"{failed} goal(s) failed" if failed else "every goal passed")
    return 1 if failed and scale is Scale.FULL else 0


if __name__ == "__main__":
    sys.exit(main())
