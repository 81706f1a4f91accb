"""What the blue label at the top right of the screen shows (second guide, step 2).

On one's nominative mailbox: one's own first and last name (one writes in one's
own name). On an organisational mailbox: the service's name, or its address
when it has no name (one writes in the name of the service).
"""

from __future__ import annotations

from attrs import frozen

from balorg.domain.account import ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.mailbox import OrganisationalMailbox

__all__ = ["Banner", "banner"]


@frozen
class Banner:
    """The label shown for the open mailbox (the blue label of guide 2, step 2)."""

    mailbox: EmailAddress
    label: str
    organisational: bool


def banner(account: ConnectionAccount, mailbox: OrganisationalMailbox | None) -> Banner:
    """The label for ``account`` with ``mailbox`` open (``None``: its nominative mailbox)."""
    if mailbox is None:
        return Banner(account.address, account.display_name, organisational=False)
    label = str(mailbox.label) or str(mailbox.address)
    return Banner(mailbox.address, label, organisational=True)
