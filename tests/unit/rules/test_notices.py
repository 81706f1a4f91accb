"""Who is told of new mail: those who asked, while they may still read the mailbox."""

from __future__ import annotations

import datetime as dt

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.capabilities import Capability
from balorg.domain.delegation import Delegation
from balorg.domain.mailbox import OrganisationalMailbox
from balorg.rules.notices import notice_recipients
from balorg.testing.examples import T0, example_account, example_delegation, example_mailbox

NOW = T0 + dt.timedelta(hours=1)
READ, SEND = Capability.READ, Capability.SEND


def subscriber(
    box: OrganisationalMailbox, local: str, *, pending: bool = False, subscribed: bool = True
) -> ConnectionAccount:
    account = example_account(local)
    if subscribed:
        account.set_notices(
            box.address, True, openable=frozenset({box.address}), by=account.address, at=T0
        )
    if pending:  # subscribed earlier; its validation was since withdrawn (a test-only state)
        account.state = AccountState.PENDING_VALIDATION
    return account


def member(
    box: OrganisationalMailbox, account: ConnectionAccount, *capabilities: Capability
) -> Delegation:
    return example_delegation(box, account.address, capabilities=frozenset(capabilities))


def test_members_who_asked_and_may_read_are_told_sorted_by_address() -> None:
    box = example_mailbox()
    zoe, alice = subscriber(box, "zoe.roux"), subscriber(box, "alice.bernard")
    claire = subscriber(box, "claire.martin1")  # the responsible: no delegation needed

    told = notice_recipients(
        box,
        [(zoe, member(box, zoe, READ)), (alice, member(box, alice, READ, SEND)), (claire, None)],
        NOW,
    )

    assert told == sorted([zoe.address, alice.address, claire.address], key=str)


def test_nobody_is_told_who_did_not_ask_or_may_not_read() -> None:
    box = example_mailbox()
    quiet = subscriber(box, "quiet.member", subscribed=False)
    sender = subscriber(box, "only.sends")
    suspended = subscriber(box, "suspended.member")
    suspended_grant = member(box, suspended, READ)
    suspended_grant.suspend(by=box.responsible.account, at=T0)
    expired = subscriber(box, "expired.member")
    expired_grant = example_delegation(box, expired.address, expires_at=NOW)
    waiting = subscriber(box, "waiting.member", pending=True)
    stranger = subscriber(box, "stranger")

    told = notice_recipients(
        box,
        [
            (quiet, member(box, quiet, READ)),
            (sender, member(box, sender, SEND)),
            (suspended, suspended_grant),
            (expired, expired_grant),
            (waiting, member(box, waiting, READ)),
            (stranger, None),
        ],
        NOW,
    )

    assert told == []


def test_nobody_is_told_of_mail_to_a_suspended_mailbox() -> None:
    box = example_mailbox()
    alice = subscriber(box, "alice.bernard")
    box.suspend(by=box.responsible.account, at=T0, reason="audit")

    assert notice_recipients(box, [(alice, member(box, alice, READ))], NOW) == []
