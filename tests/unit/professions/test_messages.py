"""Every code this area raises or returns has a French and an English message."""

from __future__ import annotations

import re
from datetime import date
from itertools import product

import pytest

from balorg.domain.messages import CATALOGUE, render
from balorg.domain.messages._professions import MESSAGES
from balorg.domain.professions import (
    ProfessionDataError,
    Register,
    UnknownProfession,
    all_professions,
    lookup,
    register_problems,
)
from balorg.domain.professions.registers import parse_register_table, register_table

DAYS = [
    date(2000, 1, 1),
    date(2016, 12, 5),
    date(2017, 10, 15),
    date(2021, 10, 28),
    date(2023, 6, 15),
    date(2024, 3, 1),
    date(2026, 1, 1),
]
# The packaged data has no undated obsolete register any more; a table may still.
UNDATED = parse_register_table(
    {
        "meta": {"version": "test", "as_of": date(2026, 1, 1)},
        "rule": [
            {
                "profession": "TRE_G15:80",
                "period": [
                    {"accepted": ["RPPS", "ADELI"], "obsolete": ["ADELI"], "preferred": "RPPS"}
                ],
            }
        ],
    }
)


def _problems() -> list[tuple[str, dict[str, object]]]:
    found = []
    for profession, register, on in product(all_professions(), Register, DAYS):
        found += [(p.code, dict(p.params)) for p in register_problems(profession, register, on)]
    podiatrist = lookup("pédicure-podologue")
    found += [
        (p.code, dict(p.params))
        for p in register_problems(podiatrist, Register.ADELI, DAYS[-1], table=UNDATED)
    ]
    for text in ("plombier", "psychologue/psychothérapeute"):
        try:
            lookup(text)
        except UnknownProfession as exc:
            found.append((exc.code, dict(exc.params)))
    error = ProfessionDataError("registers.toml", "overlapping periods")
    found.append((error.code, dict(error.params)))
    return found


PROBLEMS = _problems()


def test_the_area_returns_every_code_of_its_catalogue() -> None:
    assert {code for code, _ in PROBLEMS} == set(MESSAGES)


@pytest.mark.parametrize(("code", "params"), PROBLEMS[:: max(1, len(PROBLEMS) // 60)])
def test_messages_render_in_both_languages_with_every_parameter(
    code: str, params: dict[str, object]
) -> None:
    assert code in CATALOGUE
    french, english = render(code, params, "fr"), render(code, params, "en")
    assert french != english
    for text in (french, english):
        assert not re.search(r"\{\w+\}", text), text
        assert "None" not in text


def test_every_returned_code_renders() -> None:
    for code, params in PROBLEMS:
        assert render(code, params, "fr") != code
        assert render(code, params, "en") != code


def test_french_messages_are_french() -> None:
    french = " ".join(fr for fr, _ in MESSAGES.values())
    assert "é" in french
    assert "« " in french
    assert " :" in french
    assert render("profession.unknown", {"value": "plombier"}) == (
        "Profession inconnue : « plombier »."
    )


def test_the_packaged_data_is_consistent_with_the_catalogue() -> None:
    assert register_table().periods  # loading checks it; a bad file raises
