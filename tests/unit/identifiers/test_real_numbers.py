"""Real public numbers, asserted in bulk, and what the Luhn key guarantees against typos."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from stdnum import luhn

from balorg.domain.identifiers import adeli, finess, rpps, siren, siret

DATA = Path(__file__).parents[2] / "data" / "identifiers"
MODULES: dict[str, ModuleType] = {
    "finess": finess,
    "siren": siren,
    "siret": siret,
    "rpps": rpps,
    "adeli": adeli,
}


def numbers(kind: str) -> list[str]:
    """The numbers of ``tests/data/identifiers/<kind>.txt``, notes after '#' removed."""
    lines = (DATA / f"{kind}.txt").read_text(encoding="utf-8").splitlines()
    return [n for n in (line.partition("#")[0].strip() for line in lines) if n]


def luhn_checked(kind: str) -> list[str]:
    """The numbers whose key is a plain Luhn digit over all their digits.

    Left out: Corsican FINESS (no official key rule, never refused on the key) and La Poste
    establishments (a digit sum multiple of 5, which misses changes of 5).
    """
    return [
        n
        for n in numbers(kind)
        if n.isdigit() and not (n.startswith("356000000") and n != "35600000000048")
    ]


def single_digit_changes(number: str) -> list[str]:
    return [
        number[:i] + d + number[i + 1 :]
        for i, c in enumerate(number)
        if c.isdigit()
        for d in "0123456789"
        if d != c
    ]


def adjacent_swaps(number: str) -> list[tuple[str, str]]:
    """(swapped pair, swapped number) for every pair of adjacent distinct digits."""
    return [
        (number[i : i + 2], number[:i] + number[i + 1] + number[i] + number[i + 2 :])
        for i in range(len(number) - 1)
        if number[i] != number[i + 1] and number[i : i + 2].isdigit()
    ]


@pytest.mark.parametrize(
    ("kind", "at_least"),
    [("finess", 20), ("siren", 15), ("siret", 15), ("rpps", 10), ("adeli", 5)],
)
def test_every_real_number_is_valid(kind: str, at_least: int) -> None:
    found = numbers(kind)
    assert len(found) >= at_least
    assert len(set(found)) == len(found)
    module = MODULES[kind]
    assert [n for n in found if not module.is_valid(n)] == []
    assert [n for n in found if module.validate(n) != n] == []


@pytest.mark.parametrize("kind", ["finess", "siret"])
def test_the_data_files_hold_the_special_cases(kind: str) -> None:
    found = numbers(kind)
    if kind == "finess":
        assert {n[:2] for n in found} >= {"2A", "2B", "97", "98"}
    else:
        assert "35600000000048" in found
        assert any(n.startswith("356000000") and n != "35600000000048" for n in found)


@pytest.mark.parametrize("kind", sorted(MODULES))
def test_every_single_digit_change_is_rejected(kind: str) -> None:
    module = MODULES[kind]
    for number in luhn_checked(kind):
        accepted = [
            m
            for m in single_digit_changes(number)
            if not m.startswith("356000000") and module.is_valid(m)
        ]
        assert accepted == [], number


@pytest.mark.parametrize("kind", sorted(MODULES))
def test_adjacent_swaps_are_rejected_except_09_and_90(kind: str) -> None:
    """Luhn catches every adjacent swap of distinct digits but 09 <-> 90."""
    module = MODULES[kind]
    for number in luhn_checked(kind):
        for pair, swapped in adjacent_swaps(number):
            if swapped.startswith("356000000"):
                continue
            if pair in ("09", "90"):
                # What Luhn guarantees, no more: the key cannot see this swap.
                assert luhn.is_valid(swapped), (number, swapped)
            else:
                assert not module.is_valid(swapped), (number, swapped)


def test_corsican_finess_pass_the_unofficial_mapping_but_do_not_depend_on_it() -> None:
    corsican = [n for n in numbers("finess") if n[:2] in ("2A", "2B")]
    assert corsican
    assert all(finess.key_verified(n) for n in corsican)
    for number in corsican:
        other_key = number[:-1] + str((int(number[-1]) + 1) % 10)
        assert finess.is_valid(other_key)
        assert not finess.key_verified(other_key)


def test_la_poste_establishments_use_the_digit_sum_rule() -> None:
    for number in numbers("siret"):
        if number.startswith("356000000") and number != "35600000000048":
            assert sum(map(int, number)) % 5 == 0
    assert luhn.is_valid("35600000000048")
