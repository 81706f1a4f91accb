"""Normalisation of profession names: small, total, idempotent."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from balorg.domain.professions import normalise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Médecin", "medecin"),
        ("  MÉDECIN  ", "medecin"),
        ("chirurgien(ne)-dentiste", "chirurgien dentiste"),
        ("Chirurgien-Dentiste", "chirurgien dentiste"),
        ("chirurgien dentiste", "chirurgien dentiste"),
        ("infirmier(e)", "infirmier"),
        ("infirmier (e)", "infirmier"),
        ("infirmier·e", "infirmier"),
        ("assistant(e) social(e)", "assistant social"),
        ("manipulateur(rice) en radiologie", "manipulateur en radiologie"),
        ("masseur(se)-kinésithérapeute", "masseur kinesitherapeute"),
        ("technicien(ne) de laboratoire", "technicien de laboratoire"),
        ("chiropracteur(rice)", "chiropracteur"),
        ("opticien(ne)-lunetier", "opticien lunetier"),
        ("infirmier(ère)", "infirmier"),
        ("sage–femme", "sage femme"),  # en dash
        ("manipulateur d’électroradiologie", "manipulateur d electroradiologie"),
        ("manipulateur d'électroradiologie", "manipulateur d electroradiologie"),
        ("psychologue/psychothérapeute", "psychologue/psychotherapeute"),
        ("psychologue / psychothérapeute", "psychologue/psychotherapeute"),
        ("Préparateur en pharmacie (officine)", "preparateur en pharmacie officine"),
        ("ŒIL", "oeil"),
        ("", ""),
        ("  -- ", ""),
    ],
)
def test_normalises_the_spellings_people_type(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_keeps_parentheses_that_are_not_inclusive_suffixes() -> None:
    assert normalise("pharmacie (officine)") != normalise("pharmacie")


@given(st.text())
def test_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@given(st.text())
def test_yields_lower_case_ascii_words(text: str) -> None:
    assert re.fullmatch(r"([a-z0-9]+([ /][a-z0-9]+)*)?", normalise(text))
