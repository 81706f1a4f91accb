"""Who is told of new mail: members who asked for notices and may still read the mailbox.

A notice leaves the trust space (it goes to a person's own address), so it names only
the mailbox (:class:`balorg.domain.mail.NewMailNotice`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from balorg.domain.account import ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.delegation import Delegation
from balorg.domain.mailbox import OrganisationalMailbox
from balorg.rules.access import Action, decide

__all__ = ["notice_recipients"]


def notice_recipients(
    mailbox: OrganisationalMailbox,
    subscribers: Iterable[tuple[ConnectionAccount, Delegation | None]],
    now: dt.datetime,
) -> list[EmailAddress]:
    """The subscribers (each with their delegation on ``mailbox``) to notify, sorted."""
    return sorted(
        (
            account.address
            for account, delegation in subscribers
            if mailbox.address in account.notices
            and decide(
                Action.RECEIVE_NOTICES,
                account=account,
                mailbox=mailbox,
                delegation=delegation,
                now=now,
            )
        ),
        key=str,
    )
