"""Sessions: a person logged in, the mailbox open (the blue label), idle and absolute limits."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from balorg.domain.errors import DomainRefusal
from balorg.domain.events import SessionEnded, SessionOpened, SessionSwitched
from balorg.domain.session import Session
from balorg.testing.examples import T0, example_address

ALICE = example_address("alice.bernard")
MAILBOX = example_address("pharmacie")
IDLE = dt.timedelta(minutes=30)
ABSOLUTE = dt.timedelta(hours=12)
MINUTE = dt.timedelta(minutes=1)


def opened(*, at: dt.datetime = T0) -> Session:
    session = Session.open(
        id="a1b2c3",
        token_hash="f" * 64,
        account=ALICE,
        mailbox=ALICE,
        method="password",
        at=at,
        idle=IDLE,
        absolute=ABSOLUTE,
    )
    session.pull_events()
    return session


def test_a_session_opens_on_a_mailbox_and_records_how_the_person_logged_in() -> None:
    session = Session.open(
        id="a1b2c3",
        token_hash="f" * 64,
        account=ALICE,
        mailbox=MAILBOX,
        method="host:carte-cps",
        at=T0,
        idle=IDLE,
        absolute=ABSOLUTE,
    )

    assert (session.account, session.mailbox, session.method) == (ALICE, MAILBOX, "host:carte-cps")
    assert (session.created_at, session.last_seen_at) == (T0, T0)
    assert session.expires_at == T0 + ABSOLUTE
    assert session.idle_timeout == IDLE
    assert (session.ended_at, session.ended_reason) == (None, None)
    assert session.problem_at(T0) is None
    assert session.pull_events() == [
        SessionOpened(
            actor=ALICE, at=T0, session="a1b2c3", mailbox=MAILBOX, method="host:carte-cps"
        )
    ]


def test_the_token_digest_is_kept_out_of_the_repr_and_events() -> None:
    session = Session.open(
        id="a1b2c3",
        token_hash="0123456789abcdef" * 4,
        account=ALICE,
        mailbox=ALICE,
        method="password",
        at=T0,
        idle=IDLE,
        absolute=ABSOLUTE,
    )

    assert "0123456789abcdef" not in repr(session)
    assert all("0123456789abcdef" not in repr(e) for e in session.events)


def test_a_session_unused_for_its_idle_time_expires() -> None:
    session = opened()

    assert session.problem_at(T0 + IDLE - MINUTE) is None
    problem = session.problem_at(T0 + IDLE)

    assert problem is not None
    assert (problem.code, problem.path, dict(problem.params)) == (
        "session.idle_expired",
        "session",
        {"session": "a1b2c3"},
    )


def test_using_a_session_resets_its_idle_time_but_never_goes_back() -> None:
    session = opened()

    session.touch(T0 + 20 * MINUTE)
    session.touch(T0 + 5 * MINUTE)  # a late request does not move it back

    assert session.last_seen_at == T0 + 20 * MINUTE
    assert session.problem_at(T0 + 40 * MINUTE) is None
    assert session.problem_at(T0 + 50 * MINUTE) is not None


def test_a_session_in_use_still_ends_at_its_absolute_limit() -> None:
    session = opened()
    for minutes in range(20, 12 * 60, 20):
        session.touch(T0 + minutes * MINUTE)

    problem = session.problem_at(T0 + ABSOLUTE)

    assert problem is not None
    assert problem.code == "session.expired"


def test_switching_opens_another_mailbox_and_records_it() -> None:
    session = opened()

    session.switch(MAILBOX, at=T0 + MINUTE)

    assert session.mailbox == MAILBOX
    assert session.pull_events() == [
        SessionSwitched(actor=ALICE, at=T0 + MINUTE, session="a1b2c3", mailbox=MAILBOX)
    ]


def test_an_ended_session_cannot_be_used_switched_or_ended_again() -> None:
    session = opened()
    session.end(at=T0 + MINUTE, reason="logged out")
    assert session.pull_events() == [
        SessionEnded(actor=ALICE, at=T0 + MINUTE, session="a1b2c3", reason="logged out")
    ]

    problem = session.problem_at(T0 + 2 * MINUTE)
    with pytest.raises(DomainRefusal) as switched:
        session.switch(MAILBOX, at=T0 + 2 * MINUTE)
    with pytest.raises(DomainRefusal) as ended:
        session.end(at=T0 + 2 * MINUTE, reason="again")

    assert problem is not None
    assert problem.code == "session.ended"
    assert switched.value.code == ended.value.code == "session.ended"
    assert (session.mailbox, session.ended_at, session.ended_reason) == (
        ALICE,
        T0 + MINUTE,
        "logged out",
    )
    assert session.events == []


@pytest.mark.parametrize(
    ("later", "code"),
    [(IDLE, "session.idle_expired"), (ABSOLUTE, "session.expired")],
)
def test_an_expired_session_cannot_switch(later: dt.timedelta, code: str) -> None:
    session = opened()

    with pytest.raises(DomainRefusal) as excinfo:
        session.switch(MAILBOX, at=T0 + later)

    assert excinfo.value.code == code
    assert session.mailbox == ALICE
    assert session.events == []


@pytest.mark.parametrize(
    "name", ["id", "token_hash", "account", "method", "created_at", "idle_timeout", "expires_at"]
)
def test_what_a_session_was_opened_with_cannot_be_reassigned(name: str) -> None:
    session = opened()
    before = getattr(session, name)

    with pytest.raises(attrs.exceptions.FrozenAttributeError):
        setattr(session, name, before)

    assert getattr(session, name) == before


def test_every_event_names_the_account_and_the_session_never_its_token() -> None:
    session = opened()
    session.switch(MAILBOX, at=T0)
    session.end(at=T0, reason="logged out")

    events = session.pull_events()

    assert {(e.actor, e.session) for e in events} == {(ALICE, "a1b2c3")}
    assert all("token" not in f.name for e in events for f in attrs.fields(type(e)))
