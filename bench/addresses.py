"""Checking addresses: balorg's one address rule against email-validator alone (issue 9.4).

    .venv/bin/python bench/run.py addresses
    .venv/bin/python bench/addresses.py [--quick]

Over the 545,709 addresses of the synthetic national extraction (``_synthetic.py``), each
run times ``EmailAddress.from_string`` (with its cache of per-domain verdicts emptied
first, so every run pays for its 5,000 domains) against
``email_validator.validate_email(text.strip(), check_deliverability=False)`` alone, the
median of three runs each. The goal is at most half email-validator's time, with
IDENTICAL verdicts: the same addresses accepted, with the same normalised value
(email-validator's, lower-cased), the same refused; ``ok`` is that identity, checked
over every address in a separate, untimed pass. (The synthetic extraction holds no
hostile characters or look-alike letters, which balorg refuses on top of email-validator:
there, the two rules must agree exactly.)
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence

import email_validator
from _goals import Row, Scale, median_seconds
from _synthetic import NATIONAL_SIZE, mssante_addresses

from balorg.domain.addresses import EmailAddress, InvalidEmail, clear_domain_cache

ISSUE = "9.4"
QUICK_SIZE = 20_000


def email_validator_alone(text: str) -> str | None:
    """The peer's verdict: its normalised form, lower-cased as balorg keeps it, or None."""
    try:
        checked = email_validator.validate_email(text.strip(), check_deliverability=False)
    except email_validator.EmailNotValidError:
        return None
    return checked.normalized.lower()


def balorg_rule(text: str) -> str | None:
    """balorg's verdict: the address kept, or None when refused."""
    try:
        return EmailAddress.from_string(text).value
    except InvalidEmail:
        return None


def _verdicts(check: Callable[[str], str | None], addresses: Sequence[str]) -> list[str | None]:
    return [check(a) for a in addresses]


def _balorg_cold(addresses: Sequence[str]) -> Callable[[], object]:
    def run() -> object:
        clear_domain_cache()
        return _verdicts(balorg_rule, addresses)

    return run


def goals(scale: Scale) -> Iterable[Row]:
    size = NATIONAL_SIZE if scale is Scale.FULL else QUICK_SIZE
    addresses = mssante_addresses(size)
    ours = _verdicts(balorg_rule, addresses)
    theirs = _verdicts(email_validator_alone, addresses)
    same = sum(a == b for a, b in zip(ours, theirs, strict=True))
    refused = sum(v is None for v in theirs)
    figure = median_seconds(_balorg_cold(addresses), repeat=3)
    peer = median_seconds(lambda: _verdicts(email_validator_alone, addresses), repeat=3)
    yield Row(
        issue=ISSUE,
        goal=(
            f"checking the {size:,} addresses of the synthetic extraction / email-validator "
            "alone ≤ 0.5, identical verdicts"
        ),
        figure=figure,
        unit="s",
        peer=peer,
        peer_name="email-validator alone",
        limit=0.5,
        ok=same == size,
        note=f"{same:,}/{size:,} identical verdicts ({refused:,} refused by both)",
    )


def main(argv: list[str] | None = None) -> int:
    quick = "--quick" in (sys.argv[1:] if argv is None else argv)
    failed = 0
    for row in goals(Scale.QUICK if quick else Scale.FULL):
        verdict = "PASS" if row.passed else "FAIL"
        print(
            f"{row.goal}\n  balorg {row.figure:.3f} s, {row.peer_name} {row.peer:.3f} s, "
            f"ratio {row.ratio:.3f} (limit {row.limit}), {row.note}: {verdict}"
        )
        failed += not row.passed
    return 1 if failed and not quick else 0


if __name__ == "__main__":
    sys.exit(main())
