"""The password policy (after OWASP ASVS V2.1): long enough, any printable character,
no composition rule; never the account's address nor a common password; and the
password never shows in what is reported."""

from __future__ import annotations

import pytest

from balorg.domain.errors import Problem
from balorg.domain.messages import LANGUAGES
from balorg.rules.passwords import MAX_LENGTH, MIN_LENGTH, common_passwords, password_problems
from balorg.testing.examples import example_address

ALICE = example_address("alice.bernard")


def codes(password: object) -> list[str]:
    return [p.code for p in password_problems(password, account=ALICE)]


def test_the_limits_are_12_and_128_characters() -> None:
    assert (MIN_LENGTH, MAX_LENGTH) == (12, 128)


@pytest.mark.parametrize(
    "password",
    [
        "cheval agrafe pile correcte",  # spaces are welcome
        "tout en minuscules",  # no composition rule
        "x" * MIN_LENGTH,
        "y" * MAX_LENGTH,
        "мой пароль длинный",
        "パスワードはとても長いです",
        "🐎 agrafe 🔋 correcte",
        "alice.bernard@contract.mssante.fr!",  # contains the address, is not it
    ],
)
def test_accepts_a_long_enough_password_of_any_printable_characters(password: str) -> None:
    assert password_problems(password, account=ALICE) == ()


def test_refuses_a_password_shorter_than_12_characters_saying_its_length() -> None:
    assert password_problems("x" * (MIN_LENGTH - 1), account=ALICE) == (
        Problem("password.too_short", "password", {"min": MIN_LENGTH, "length": MIN_LENGTH - 1}),
    )


def test_counts_characters_as_composed_not_as_code_points() -> None:
    decomposed = "e\u0301" * 6  # twelve code points, six characters once composed

    assert password_problems(decomposed, account=ALICE)[0].params["length"] == 6


def test_refuses_a_password_longer_than_128_characters() -> None:
    assert password_problems("x" * (MAX_LENGTH + 1), account=ALICE) == (
        Problem("password.too_long", "password", {"max": MAX_LENGTH}),
    )


@pytest.mark.parametrize(
    "password",
    [
        "alice.bernard@contract.mssante.fr",
        "ALICE.BERNARD@CONTRACT.MSSANTE.FR",
        "Alice.Bernard",  # the local part
        "ａｌｉｃｅ．ｂｅｒｎａｒｄ",  # the same, in full-width letters
    ],
)
def test_refuses_the_accounts_address_or_its_local_part_in_any_case(password: str) -> None:
    assert codes(password) == ["password.is_address"]


@pytest.mark.parametrize(
    "password",
    ["motdepasse123", "MotDePasse123", "  motdepasse123  ", "ｍｏｔｄｅｐａｓｓｅ１２３"],
)
def test_refuses_a_common_password_whatever_its_case_width_or_surrounding_spaces(
    password: str,
) -> None:
    assert "motdepasse123" in common_passwords()
    assert codes(password) == ["password.common"]


def test_the_packaged_common_passwords_are_folded_and_refused() -> None:
    listed = common_passwords()

    assert len(listed) > 50
    assert all(p == p.casefold() and p == p.strip() and not p.startswith("#") for p in listed)
    assert all(codes(p) in (["password.common"], ["password.too_short"]) for p in listed)


def test_every_packaged_common_password_is_long_enough_to_need_the_list() -> None:
    assert [p for p in common_passwords() if len(p) < MIN_LENGTH] == []


@pytest.mark.parametrize("password", [None, 123456789012, b"cheval agrafe pile", ["x" * 12]])
def test_refuses_what_is_not_text(password: object) -> None:
    assert codes(password) == ["password.not_text"]


def test_refuses_a_password_that_utf8_cannot_encode() -> None:
    assert codes("mot de passe \ud800 long") == ["password.not_utf8"]


@pytest.mark.parametrize("control", ["\x00", "\t", "\n", "\x1b", "\x7f"])
def test_refuses_control_characters_that_could_never_be_typed_again(control: str) -> None:
    assert codes(f"mot de passe{control}très long") == ["password.control_characters"]


@pytest.mark.parametrize(
    "password",
    [
        "court!",
        "motdepasse123",
        "Alice.Bernard",
        "zzzzzz" * 30,
        "secret\x00secret-secret",
        "secret\ud800secret-secret",
    ],
)
def test_the_password_never_shows_in_what_is_reported(password: str) -> None:
    found = password_problems(password, account=ALICE)

    assert found
    for problem in found:
        messages = [problem.message(lang) for lang in LANGUAGES]
        for text in [repr(problem), str(dict(problem.params)), *messages]:
            assert password[:6] not in text
        assert not any("{" in message for message in messages)
