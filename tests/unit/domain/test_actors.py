"""Who acts and how they proved it: principals, session tokens, host assertions, system
actors; and the stored credential that never shows its secret."""

from __future__ import annotations

import hashlib
import pickle

import pytest

from balorg.domain.actors import (
    AuthMethod,
    HostAssertion,
    Principal,
    SessionToken,
    SystemActor,
    token_digest,
)
from balorg.domain.credentials import StoredCredential
from balorg.testing.examples import example_address

CLAIRE = example_address("claire.martin1")


@pytest.mark.parametrize(
    ("principal", "actor", "auth"),
    [
        (Principal(CLAIRE, AuthMethod.PASSWORD), str(CLAIRE), "password"),
        (Principal(CLAIRE, AuthMethod.SIGN_UP), str(CLAIRE), "sign_up"),
        (Principal(CLAIRE, AuthMethod.SESSION, "a1b2"), str(CLAIRE), "session:a1b2"),
        (Principal(CLAIRE, AuthMethod.HOST, "carte-cps"), str(CLAIRE), "host:carte-cps"),
        (Principal(None, AuthMethod.SYSTEM, "scheduler"), "system:scheduler", "system:scheduler"),
    ],
)
def test_the_trail_records_who_acted_and_how(principal: Principal, actor: str, auth: str) -> None:
    assert (principal.actor, principal.auth) == (actor, auth)


def test_a_host_assertion_names_the_person_and_the_hosts_sign_on() -> None:
    principal = HostAssertion(CLAIRE, sign_on="pro-sante-connect").principal()

    assert principal == Principal(CLAIRE, AuthMethod.HOST, "pro-sante-connect")


def test_a_system_actor_acts_for_no_person() -> None:
    principal = SystemActor("mail-transport").principal()

    assert principal.account is None
    assert principal.actor == "system:mail-transport"


@pytest.mark.parametrize(
    "name",
    [
        "",
        "Carte-CPS",
        "carte cps",
        "carte:cps",
        "-carte",
        "a" * 65,
        "carte\ncps",
        "carte\n",
        "cärte",
    ],
)
def test_a_sign_on_or_job_name_that_would_blur_the_trail_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="must match"):
        HostAssertion(CLAIRE, sign_on=name)
    with pytest.raises(ValueError, match="must match"):
        SystemActor(name)


def test_a_host_assertion_needs_an_address_and_a_text_sign_on() -> None:
    with pytest.raises(TypeError):
        HostAssertion(str(CLAIRE), sign_on="carte-cps")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        HostAssertion(CLAIRE, sign_on=42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        SystemActor(None)  # type: ignore[arg-type]


def test_a_session_token_hides_itself_and_is_stored_as_its_sha256_digest() -> None:
    token = SessionToken("s3cr3t-t0k3n")

    assert "s3cr3t" not in repr(token) + str(token) + f"{token}"
    assert token.reveal() == "s3cr3t-t0k3n"
    assert token.digest() == token_digest("s3cr3t-t0k3n")
    assert token.digest() == hashlib.sha256(b"s3cr3t-t0k3n").hexdigest()


def test_a_session_token_cannot_be_pickled_nor_made_of_anything_but_text() -> None:
    with pytest.raises(TypeError, match="pickled"):
        pickle.dumps(SessionToken("s3cr3t"))
    with pytest.raises(TypeError, match="str"):
        SessionToken(b"s3cr3t")  # type: ignore[arg-type]


def test_a_digest_of_a_token_with_a_lone_surrogate_does_not_fail() -> None:
    assert len(token_digest("abc\ud800")) == 64


def test_a_stored_credential_shows_neither_its_salt_nor_its_digest() -> None:
    credential = StoredCredential(
        algorithm="scrypt", n=2**17, r=8, p=1, salt=b"SALTSALT" * 2, digest=b"DIGEST" * 10
    )

    shown = repr(credential)

    assert "SALT" not in shown
    assert "DIGEST" not in shown
    assert "<digest>" in shown
    assert "scrypt" in shown
