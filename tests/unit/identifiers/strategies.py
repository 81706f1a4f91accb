"""Hypothesis strategies generating valid identifiers (keys computed with stdnum.luhn).

Kept in the tests for now; the lead may move the public ones to ``balorg.testing``.
"""

from __future__ import annotations

from hypothesis import strategies as st
from stdnum import luhn

__all__ = [
    "adeli_numbers",
    "adeli_rang_numbers",
    "finess_corsica_numbers",
    "finess_mainland_numbers",
    "finess_numbers",
    "finess_overseas_numbers",
    "la_poste_siret_numbers",
    "rpps_numbers",
    "rpps_rang_numbers",
    "siren_numbers",
    "siret_numbers",
]


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


def _keyed(payload: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``payload`` followed by its Luhn key."""
    return payload.map(lambda p: p + luhn.calc_check_digit(p))


_MAINLAND = [f"{d:02d}" for d in range(1, 96) if d != 20]
_OVERSEAS = ["9701", "9702", "9703", "9704", "9705", "9804", "9805", "9806", "9807", "9808"]


def rpps_numbers() -> st.SearchStrategy[str]:
    """11 digits, Luhn-keyed; the first digit is 1 like every real number."""
    return _keyed(_digits(9).map(lambda d: "1" + d))


def adeli_numbers() -> st.SearchStrategy[str]:
    """Digit departments only: letter departments have no key rule to exercise."""
    return _keyed(st.tuples(st.sampled_from(_MAINLAND), _digits(6)).map("".join))


def finess_mainland_numbers() -> st.SearchStrategy[str]:
    return _keyed(st.tuples(st.sampled_from(_MAINLAND), _digits(6)).map("".join))


def finess_overseas_numbers() -> st.SearchStrategy[str]:
    return _keyed(st.tuples(st.sampled_from(_OVERSEAS), _digits(4)).map("".join))


def finess_corsica_numbers() -> st.SearchStrategy[str]:
    """Any key: validate never refuses a Corsican number on its key."""
    return st.tuples(st.sampled_from(["2A", "2B"]), _digits(7)).map("".join)


def finess_numbers() -> st.SearchStrategy[str]:
    return st.one_of(finess_mainland_numbers(), finess_overseas_numbers(), finess_corsica_numbers())


def siren_numbers() -> st.SearchStrategy[str]:
    return _keyed(_digits(8))


def siret_numbers() -> st.SearchStrategy[str]:
    """A valid SIREN then an establishment number, Luhn over the 14 (La Poste apart)."""
    return (
        st.tuples(siren_numbers(), _digits(4))
        .map(lambda t: t[0] + t[1])
        .map(lambda p: p + luhn.calc_check_digit(p))
        .filter(lambda n: not n.startswith("356000000"))
    )


def la_poste_siret_numbers() -> st.SearchStrategy[str]:
    """La Poste establishments: SIREN 356000000, digit sum a multiple of 5."""

    def close(body: str) -> str:
        last = -sum(map(int, body)) % 5
        return body + str(last)

    return _digits(4).map(lambda d: close("356000000" + d))


def rpps_rang_numbers() -> st.SearchStrategy[str]:
    return _keyed(st.tuples(rpps_numbers(), _digits(2)).map("".join))


def adeli_rang_numbers() -> st.SearchStrategy[str]:
    return st.tuples(adeli_numbers(), _digits(2)).map("".join)
