"""Directory visibility: is this mailbox published in this directory?

A mailbox is published only while active and not on that directory's red list.
The red list hides the entry and changes nothing else: sending and receiving
are unaffected.
"""

from __future__ import annotations

from balorg.domain.errors import Problem
from balorg.domain.mailbox import DirectoryKind, LifecycleState, OrganisationalMailbox
from balorg.rules.decision import Decision

__all__ = ["visibility"]


def visibility(mailbox: OrganisationalMailbox, directory: DirectoryKind) -> Decision:
    """Allowed means: publish the mailbox's entry in ``directory``."""
    reasons: list[Problem] = []
    if mailbox.state is not LifecycleState.ACTIVE:
        reasons.append(Problem("visibility.not_active", "state", {"state": mailbox.state.value}))
    if mailbox.red_list.hides_from(directory):
        reasons.append(
            Problem(
                "visibility.red_listed",
                f"red_list.{directory.value}",
                {"directory": directory.value},
            )
        )
    return Decision.refuse(*reasons) if reasons else Decision.allow()
