"""One address rule: THE parse function, hostile characters, look-alikes, trusted values."""

from __future__ import annotations

import pickle

import email_validator
import pytest
from email_validator import rfc_constants
from hypothesis import given
from hypothesis import strategies as st

from balorg.domain.addresses import (
    ATEXT,
    MSSANTE_PATTERN,
    EmailAddress,
    InvalidEmail,
    clear_domain_cache,
    is_mssante_address,
    label_scripts,
    mssante_address,
)
from balorg.domain.addresses import _checked as full_rule
from balorg.domain.addresses import _fast as fast_path


def refusal(text: object) -> InvalidEmail:
    with pytest.raises(InvalidEmail) as caught:
        EmailAddress.from_string(text)
    return caught.value


# -- the rule ----------------------------------------------------------------------------


def test_from_string_and_the_constructor_apply_the_same_rule() -> None:
    text = "  Jean.Dupont@Hopital.MSSante.fr "
    assert EmailAddress.from_string(text) == EmailAddress(text)
    assert EmailAddress.from_string(text).value == "jean.dupont@hopital.mssante.fr"


@pytest.mark.parametrize(
    ("text", "character"),
    [
        ("jean\x00@example.org", "U+0000"),
        ("jean@exam\x00ple.org", "U+0000"),
        ("jean\x1b[31m@example.org", "U+001B"),
        ("jean\x7f@example.org", "U+007F"),
        ("jean\x85@example.org", "U+0085"),
        ("je\ud800an@example.org", "U+D800"),
        ("jean\ufffe@example.org", "U+FFFE"),
        ("jean\u202e@example.org", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("jean\u202d@example.org", "U+202D LEFT-TO-RIGHT OVERRIDE"),
        ("jean\u2067@example.org", "U+2067 RIGHT-TO-LEFT ISOLATE"),
        ("jean\u200f@example.org", "U+200F RIGHT-TO-LEFT MARK"),
        ("jean\u200b@example.org", "U+200B ZERO WIDTH SPACE"),
        ("jean\ufeff@example.org", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
        ("jean@exa\u00admple.org", "U+00AD SOFT HYPHEN"),
        ("jean\t@example.org", "U+0009"),
    ],
)
def test_control_surrogate_and_invisible_characters_are_refused_by_code_point(
    text: str, character: str
) -> None:
    error = refusal(text)
    assert error.code == "email.invalid_characters"
    assert error.params["character"] == character
    assert character in error.message("en")


@pytest.mark.parametrize(
    "text",
    ["jean dupont@example.org", "jean@example .org", "jean\u00a0@example.org", "j\u2028@x.org"],
)
def test_whitespace_inside_an_address_is_refused(text: str) -> None:
    assert refusal(text).code == "email.whitespace"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("p\u0430ypal@example.org", "p\u0430ypal"),  # Cyrillic а in a Latin local part
        ("jean@ex\u0430mple.org", "ex\u0430mple"),  # ... in a domain label
        ("jean@\u0440harmacie.mssante.fr", "\u0440harmacie"),  # Cyrillic р
        ("\u03bflivier@example.org", "\u03bflivier"),  # Greek ο
        ("jean@xn--pharmace-3fi.mssante.fr", None),  # the same, written in Punycode
    ],
)
def test_a_label_mixing_scripts_is_refused(text: str, label: str | None) -> None:
    error = refusal(text)
    assert error.code == "email.mixed_scripts"
    if label is not None:
        assert error.params["label"] == label
    assert "Cyrillic" in error.params["scripts"] or "Greek" in error.params["scripts"]


@pytest.mark.parametrize(
    "text",
    [
        "françoise.lefèvre@ch-orléans.mssante.fr",  # accented Latin is Latin
        "jean@clinique-orl\u00e9ans.mssante.fr",
        "\u0430\u043f\u0442\u0435\u043a\u0430@example.org",  # wholly Cyrillic local part
        "jean@\u0430\u043f\u0442\u0435\u043a\u0430.example.org",  # a wholly Cyrillic label
        "\u7530\u4e2d\u3055\u3093@example.org",  # Han + Hiragana: allowed together
        "jean2@ch-sete34.mssante.fr",
    ],
)
def test_a_label_wholly_in_one_script_is_accepted(text: str) -> None:
    EmailAddress.from_string(text)


@pytest.mark.parametrize("char", ["\uff41", "\U0001d41a", "\u00aa", "\u1d43"])
def test_display_variants_of_plain_letters_are_refused_in_the_local_part(char: str) -> None:
    error = refusal(f"{char}dmin@example.org")
    assert error.code == "email.compatibility_characters"
    assert error.params["position"] == 1


def test_label_scripts_ignore_digits_punctuation_and_accents() -> None:
    assert label_scripts("ch-2a_34") == {"Latin"}
    assert label_scripts("2024") == frozenset()
    assert label_scripts("e\u0301cole") == {"Latin"}  # combining accent: no script


@pytest.mark.parametrize("value", [42, None, b"jean@example.org", ["jean@example.org"]])
def test_a_value_that_is_not_text_is_refused_with_a_code(value: object) -> None:
    error = refusal(value)
    assert error.code == "email.not_text"
    assert error.params["type"] == type(value).__name__


def test_a_str_subclass_becomes_a_plain_str() -> None:
    class Sneaky(str):
        def strip(self, chars: str | None = None) -> str:
            return "attacker@example.org"

        def lower(self) -> str:
            return "attacker@example.org"

    address = EmailAddress.from_string(Sneaky(" Jean@Example.org "))
    assert address.value == "jean@example.org"
    assert type(address.value) is str


def test_a_huge_text_is_refused_unread() -> None:
    error = refusal("\u202e" * 100_000 + "@example.org")
    assert error.code == "email.too_long"
    assert error.params == {"max": 1024, "length": 100_012}
    assert refusal("x" * 300 + "@example.org").code == "email.part_too_long"  # email-validator's


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("jean.dupont", "email.at_missing"),
        ("@example.org", "email.local_missing"),
        ("jean..dupont@example.org", "email.local_invalid"),
        (".jean@example.org", "email.local_invalid"),
        ('"jean"@example.org', "email.local_invalid"),
        ("jean@example", "email.domain_invalid"),
        ("jean@localhost", "email.domain_invalid"),
        ("jean@[1.2.3.4]", "email.domain_invalid"),
        ("jean@", "email.domain_invalid"),
        ("jean@exemple.invalid", "email.domain_reserved"),
        ("j" * 260 + "@example.org", "email.part_too_long"),
    ],
)
def test_email_validator_stays_the_authority_on_syntax_said_in_our_words(
    text: str, code: str
) -> None:
    error = refusal(text)
    assert (error.code, dict(error.params)) == (code, {})
    french, english = error.message("fr"), error.message("en")
    assert "@-sign" not in french + english  # email-validator's own sentence never shown
    assert french != english


def test_messages_of_every_code_render_in_both_languages() -> None:
    for text in (
        "a\x00@x.org",
        "a b@x.org",
        "p\u0430ypal@x.org",
        "\uff41@x.org",
        1,
        "a@",
        "a" * 2000,
    ):
        error = refusal(text)
        french, english = error.message("fr"), error.message("en")
        assert french != english
        assert "{" not in french + english


# -- trusted -----------------------------------------------------------------------------


def test_trusted_builds_the_object_without_any_check() -> None:
    stored = EmailAddress.trusted("jean@hopital.mssante.fr")
    assert stored == EmailAddress("jean@hopital.mssante.fr")
    assert hash(stored) == hash(EmailAddress("jean@hopital.mssante.fr"))
    assert stored.domain == "hopital.mssante.fr"
    # No check at all: which is why it must never receive outside input.
    assert EmailAddress.trusted("not an address").value == "not an address"


def test_a_trusted_address_behaves_like_a_checked_one() -> None:
    stored = EmailAddress.trusted("jean@hopital.mssante.fr")
    assert pickle.loads(pickle.dumps(stored)) == stored
    assert repr(stored) == "EmailAddress(value='jean@hopital.mssante.fr')"
    with pytest.raises(AttributeError):
        stored.value = "x"  # type: ignore[misc]  # proving it fails


def test_the_constructor_still_checks() -> None:
    with pytest.raises(InvalidEmail):
        EmailAddress("jean\u202e@example.org")


# -- the fast path -----------------------------------------------------------------------


def test_the_fast_path_uses_email_validators_own_local_part_characters() -> None:
    assert rfc_constants.ATEXT == ATEXT


@pytest.mark.parametrize(
    "text",
    [
        "jean@example.org",
        "Info@Example.ORG",
        "a.b+c@sub.example.co.uk",
        "jean@xn--clinique-orlans-gnb.mssante.fr",
        "x" * 64 + "@example.org",
        "x@" + ".".join(["a" * 60] * 3) + ".fr",
        "{weird}/=?^`|~!#$%&'*@example.org",
    ],
)
def test_the_fast_path_gives_the_full_rules_value(text: str) -> None:
    assert fast_path(text) == full_rule(text)


@pytest.mark.parametrize(
    "text",
    [
        "x" * 65 + "@example.org",  # longer than 64: email-validator's strict mode decides
        "x" * 200 + "@" + "y" * 60 + ".fr",  # too long an address
        "jean@localhost",
        "jean@example.local",
        "jean..dupont@example.org",
        '"jean"@example.org',
        "Jean <jean@example.org>",
        "jean@[1.2.3.4]",
        "jean@-example.org",
        "françoise@example.org",
    ],
)
def test_the_fast_path_leaves_every_doubt_to_the_full_rule(text: str) -> None:
    assert fast_path(text) is None


def test_the_domain_cache_follows_email_validators_settings() -> None:
    clear_domain_cache()
    address = "jean@hopital.exemple.fr"
    assert fast_path(address) == address
    email_validator.SPECIAL_USE_DOMAIN_NAMES.append("exemple.fr")
    try:
        assert fast_path(address) is None
        assert refusal(address).code == "email.domain_reserved"
    finally:
        email_validator.SPECIAL_USE_DOMAIN_NAMES.remove("exemple.fr")
    assert fast_path(address) == address
    email_validator.TEST_ENVIRONMENT = True
    try:
        assert fast_path("jean@hopital.test") == full_rule("jean@hopital.test")
    finally:
        email_validator.TEST_ENVIRONMENT = False
    assert fast_path("jean@hopital.test") is None


_HOSTILE = ["\x00", "\t", "\u202e", "\u200b", "\u0430", "\u03bf", "é", "e\u0301", "\uff41", "@@"]
_ADDRESS_CHARS = st.sampled_from([*"abcXYZ09.-_+@ ", *_HOSTILE])


@given(st.lists(_ADDRESS_CHARS, max_size=30).map("".join))
def test_the_fast_path_never_disagrees_with_the_full_rule(text: str) -> None:
    fast = fast_path(text)
    try:
        full: str | None = full_rule(text)
    except InvalidEmail:
        full = None
    if fast is not None:
        assert fast == full


@given(st.emails())
def test_a_checked_address_checks_again_to_itself(text: str) -> None:
    try:
        address = EmailAddress.from_string(text)
    except InvalidEmail:
        return
    assert EmailAddress.from_string(address.value) == address


# -- the MSSanté shape -------------------------------------------------------------------


def test_the_mssante_shape_keeps_the_local_part_and_lowers_the_domain() -> None:
    assert mssante_address(" Jean.Dupont@Hopital.MSSante.fr ") == "Jean.Dupont@hopital.mssante.fr"
    assert mssante_address("x@interop-mssante.apicrypt.org") == "x@interop-mssante.apicrypt.org"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("jean@hopital.example.org", "email.not_mssante"),
        ("jean@mssante.fr.example.org", "email.not_mssante"),
        ("jean@hopital.mssante.fr\n\n@x", "email.invalid_characters"),
        ("jean@hopital.mssante.fr @x", "email.whitespace"),
        ("jean\x00@hopital.mssante.fr", "email.invalid_characters"),
        ("jean\u202e@hopital.mssante.fr", "email.invalid_characters"),
        ("j\u0435an@hopital.mssante.fr", "email.mixed_scripts"),
        ("x" * 250 + "@h.mssante.fr", "email.too_long"),
    ],
)
def test_the_mssante_shape_refuses_hostile_addresses(text: str, code: str) -> None:
    with pytest.raises(InvalidEmail) as caught:
        mssante_address(text)
    assert caught.value.code == code
    assert not is_mssante_address(text)


def test_is_mssante_address_never_raises_and_reads_email_addresses() -> None:
    assert is_mssante_address(EmailAddress("jean@hopital.mssante.fr"))
    assert not is_mssante_address(None)  # type: ignore[arg-type]  # proving it never raises
    assert MSSANTE_PATTERN.match("a@b.mssante.fr\n")  # why the rule uses fullmatch
    assert not is_mssante_address("a@b.mssante.fr\n\x00")
