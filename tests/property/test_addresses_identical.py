"""The fast address path gives the verdicts of the full rule, over a large generated corpus.

The corpus is the benchmark's synthetic national extraction (``bench/_synthetic.py``):
50,000 addresses in the default run (``BALORG_ADDRESS_CORPUS=545709`` for all of them, as
``bench/addresses.py`` checks). On it, balorg's rule must agree exactly with
email-validator alone: the same addresses accepted with the same normalised value, the
same refused. A second corpus plants hostile characters and look-alike letters in those
addresses: there balorg refuses more than email-validator, and the fast path must still
agree with the full rule, code for code.
"""

from __future__ import annotations

import importlib.util
import os
import random
from pathlib import Path
from types import ModuleType
from typing import Final

import email_validator
import pytest

from balorg.domain.addresses import EmailAddress, InvalidEmail, clear_domain_cache
from balorg.domain.addresses import _checked as full_rule

SIZE: Final = int(os.environ.get("BALORG_ADDRESS_CORPUS", "50000"))
HOSTILE: Final = [
    "\x00",
    "\x1b",
    "\t",
    " ",
    "\u00a0",
    "\ud800",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\u0430",  # Cyrillic а
    "\u043e",  # Cyrillic о
    "\u03bf",  # Greek ο
    "\uff41",  # full-width a
]


def _synthetic() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "bench" / "_synthetic.py"
    spec = importlib.util.spec_from_file_location("balorg_bench_synthetic", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    addresses: list[str] = _synthetic().mssante_addresses(SIZE, seed=2027)
    return addresses


def email_validator_alone(text: str) -> str | None:
    try:
        checked = email_validator.validate_email(text.strip(), check_deliverability=False)
    except email_validator.EmailNotValidError:
        return None
    return checked.normalized.lower()


def verdict(text: str) -> tuple[str, str]:
    """("ok", value) or ("refused", code), through THE parse function."""
    try:
        return "ok", EmailAddress.from_string(text).value
    except InvalidEmail as error:
        return "refused", error.code


def reference(text: str) -> tuple[str, str]:
    """The same, through the full rule only (no fast path, no cache)."""
    try:
        return "ok", full_rule(text)
    except InvalidEmail as error:
        return "refused", error.code


def test_the_corpus_has_plain_non_ascii_and_broken_addresses(corpus: list[str]) -> None:
    assert len(corpus) == SIZE
    assert any(not a.isascii() for a in corpus)
    assert sum(email_validator_alone(a) is None for a in corpus) > SIZE // 1000


def test_balorg_agrees_with_email_validator_alone_on_every_synthetic_address(
    corpus: list[str],
) -> None:
    clear_domain_cache()
    disagreements = []
    for address in corpus:
        status, value = verdict(address)
        kept = value if status == "ok" else None
        if kept != email_validator_alone(address):
            disagreements.append((address, status, value))
    assert disagreements == []


def test_with_hostile_characters_planted_the_fast_path_agrees_with_the_full_rule(
    corpus: list[str],
) -> None:
    rng = random.Random(2026)
    planted = []
    for address in rng.sample(corpus, min(len(corpus), 5000)):
        at = rng.randrange(len(address) + 1)
        planted.append(address[:at] + rng.choice(HOSTILE) + address[at:])
    clear_domain_cache()
    disagreements = [(a, verdict(a), reference(a)) for a in planted if verdict(a) != reference(a)]
    assert disagreements == []
    refused = [a for a in planted if verdict(a)[0] == "refused"]
    accepted_by_email_validator = [a for a in refused if email_validator_alone(a) is not None]
    assert accepted_by_email_validator  # balorg refuses look-alikes email-validator lets pass
    assert {verdict(a)[1] for a in accepted_by_email_validator} <= {
        "email.mixed_scripts",
        "email.compatibility_characters",
    }
