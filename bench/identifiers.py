"""balorg's identifier checks against python-stdnum, which they delegate to or mirror."""

from __future__ import annotations

import random

from _timing import best, report
from stdnum import luhn
from stdnum.fr import siren as std_siren
from stdnum.fr import siret as std_siret

from balorg.domain.identifiers import Finess, Rpps, identify, rpps, siren, siret


def _luhn_number(rng: random.Random, length: int) -> str:
    body = "".join(rng.choice("0123456789") for _ in range(length - 1))
    return body + luhn.calc_check_digit(body)


def main() -> None:
    rng = random.Random(2026)
    bodies = ["1" + "".join(rng.choice("0123456789") for _ in range(9)) for _ in range(1000)]
    rpps_numbers = [b + luhn.calc_check_digit(b) for b in bodies]
    sirens = [_luhn_number(rng, 9) for _ in range(1000)]
    sirets = [s + "0001" for s in sirens]
    sirets = [s + luhn.calc_check_digit(s) for s in sirets]

    def loop(fn, values):  # type: ignore[no-untyped-def]
        return lambda: [fn(v) for v in values]

    n = len(rpps_numbers)
    report(
        "rpps.validate (per number)",
        best(loop(rpps.validate, rpps_numbers), number=20) / n,
        best(loop(luhn.validate, rpps_numbers), number=20) / n,
        "stdnum.luhn.validate",
    )
    report(
        "siren.validate (per number)",
        best(loop(siren.validate, sirens), number=20) / n,
        best(loop(std_siren.validate, sirens), number=20) / n,
        "stdnum.fr.siren",
    )
    report(
        "siret.validate (per number)",
        best(loop(siret.validate, sirets), number=20) / n,
        best(loop(std_siret.validate, sirets), number=20) / n,
        "stdnum.fr.siret",
    )
    report(
        "Rpps.from_string value object (per number)",
        best(loop(Rpps.from_string, rpps_numbers), number=20) / n,
        best(loop(rpps.validate, rpps_numbers), number=20) / n,
        "rpps.validate",
    )
    finess_numbers = [s for s in sirens if s[:2] not in {"00", "20", "96", "97", "98", "99"}]
    report(
        "identify() of a 9-digit value (per value)",
        best(loop(identify, finess_numbers), number=5) / len(finess_numbers),
        best(loop(Finess.from_string, finess_numbers), number=5) / len(finess_numbers),
        "Finess.from_string",
    )


if __name__ == "__main__":
    main()
