"""balorg's identifier checks against python-stdnum, which they delegate to or mirror.

    .venv/bin/python bench/run.py identifiers          # the goals, with verdicts
    .venv/bin/python bench/identifiers.py              # the same rows, on their own

Limits, and why:

* ``Rpps.from_string / rpps.validate <= 1.2`` (issue 9.5, validate once): from_string
  validates once and then builds the object without running the attrs validator again,
  so the only extra work is a class-method call and one object (about 0.2 µs against
  about 3 µs). Validating twice, as before, measured about 2.1.
* ``rpps.validate / stdnum.luhn.validate <= 3``: rpps.validate *is* python-stdnum's Luhn
  plus the compaction people's input needs (strip, drop spaces, dots and dashes,
  upper-case) and the digit and length checks that give each failure its own code. The
  ratio is at least 1 by construction; it measures about 1.4; 3 leaves room for the
  compaction on machines where string building costs relatively more.
* ``siren.validate`` and ``siret.validate`` against python-stdnum's ``<= 1.5``: they are
  python-stdnum's own checks, plus the compaction and the mapping of its exceptions to
  coded ones (about 1.1 measured).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable, Iterable, Sequence

from _goals import Row, Scale, median_seconds
from stdnum import luhn
from stdnum.fr import siren as std_siren
from stdnum.fr import siret as std_siret

from balorg.domain.identifiers import Rpps, rpps, siren, siret

ISSUE = "9.5"


def _luhn_number(rng: random.Random, length: int, head: str = "") -> str:
    body = head + "".join(rng.choice("0123456789") for _ in range(length - 1 - len(head)))
    return body + luhn.calc_check_digit(body)


def _per_value(fn: Callable[[str], object], values: Sequence[str], number: int) -> float:
    def loop() -> None:
        for value in values:
            fn(value)

    return median_seconds(loop, number=number, repeat=7) / len(values)


def goals(scale: Scale) -> Iterable[Row]:
    rng = random.Random(2026)
    size, number = (10_000, 5) if scale is Scale.FULL else (1_000, 2)
    rpps_numbers = [_luhn_number(rng, 11, "1") for _ in range(size)]
    sirens = [_luhn_number(rng, 9) for _ in range(size)]
    sirets = [s + "0001" + luhn.calc_check_digit(s + "0001") for s in sirens]
    unit = "µs"

    def us(seconds: float) -> float:
        return seconds * 1e6

    validate = _per_value(rpps.validate, rpps_numbers, number)
    built = _per_value(Rpps.from_string, rpps_numbers, number)
    yield Row(
        issue=ISSUE,
        goal="Rpps.from_string / rpps.validate ≤ 1.2 (validated once, not again by attrs)",
        figure=us(built),
        unit=unit,
        peer=us(validate),
        peer_name="rpps.validate",
        limit=1.2,
        note=f"{size:,} numbers",
    )
    stdnum_luhn = _per_value(luhn.validate, rpps_numbers, number)
    yield Row(
        issue=ISSUE,
        goal="rpps.validate / stdnum.luhn.validate ≤ 3 (compaction + coded checks + its Luhn)",
        figure=us(validate),
        unit=unit,
        peer=us(stdnum_luhn),
        peer_name="stdnum.luhn.validate",
        limit=3,
    )
    yield Row(
        issue=ISSUE,
        goal="siren.validate / stdnum.fr.siren.validate ≤ 1.5 (python-stdnum's check, coded)",
        figure=us(_per_value(siren.validate, sirens, number)),
        unit=unit,
        peer=us(_per_value(std_siren.validate, sirens, number)),
        peer_name="stdnum.fr.siren.validate",
        limit=1.5,
    )
    yield Row(
        issue=ISSUE,
        goal="siret.validate / stdnum.fr.siret.validate ≤ 1.5 (python-stdnum's check, coded)",
        figure=us(_per_value(siret.validate, sirets, number)),
        unit=unit,
        peer=us(_per_value(std_siret.validate, sirets, number)),
        peer_name="stdnum.fr.siret.validate",
        limit=1.5,
    )


def main(argv: list[str] | None = None) -> int:
    quick = "--quick" in (sys.argv[1:] if argv is None else argv)
    failed = 0
    for row in goals(Scale.QUICK if quick else Scale.FULL):
        verdict = "PASS" if row.passed else "FAIL"
        print(f"{row.goal:<80} {row.figure:8.3f} {row.unit} x{row.ratio:6.3f} {verdict}")
        failed += not row.passed
    return 1 if failed and not quick else 0


if __name__ == "__main__":
    sys.exit(main())
