"""What each directory shows of a mailbox, and what it must be told when that changes.

- The **national directory** (Annuaire Santé) lists a mailbox from its activation until
  it is closed (a suspended mailbox still receives mail, so it stays listed). The red
  list is *transmitted*: the entry carries ``listeRouge`` and a change is a replace.
- The **operator's own directory** shows a mailbox while it is active and not on that
  directory's red list; hiding it removes the entry.

:func:`changes` compares what a directory showed before a command with what it shows
after, and answers the operations to send (nothing when nothing it shows changed).
"""

from __future__ import annotations

from balorg.domain.mailbox import LifecycleState, OrganisationalMailbox
from balorg.domain.publication import (
    Delete,
    DirectoryChange,
    DirectoryKind,
    EntryField,
    EntryOperation,
    Insert,
    MailboxEntry,
    Replace,
)

__all__ = ["changes", "entry", "listed"]

_NATIONAL_STATES = frozenset({LifecycleState.ACTIVE, LifecycleState.SUSPENDED})


def listed(mailbox: OrganisationalMailbox, directory: DirectoryKind) -> bool:
    """Whether ``directory`` lists ``mailbox`` now."""
    if directory is DirectoryKind.NATIONAL:
        return mailbox.state in _NATIONAL_STATES
    return mailbox.state is LifecycleState.ACTIVE and not mailbox.red_list.operator_directory


def entry(mailbox: OrganisationalMailbox, directory: DirectoryKind) -> MailboxEntry | None:
    """The entry ``directory`` shows of ``mailbox`` (``None``: none)."""
    if not listed(mailbox, directory):
        return None
    return MailboxEntry(
        address=mailbox.address,
        structure=mailbox.structure.identifier,
        description=mailbox.description,
        service=mailbox.service,
        responsible_contact=mailbox.responsible_contact,
        red_listed=directory is DirectoryKind.NATIONAL and mailbox.red_list.national_directory,
        rank=mailbox.rank,
        bal_type=mailbox.type,
    )


def changes(
    before: MailboxEntry | None, after: MailboxEntry | None, directory: DirectoryKind
) -> DirectoryChange | None:
    """The operations that take ``directory`` from ``before`` to ``after``."""
    if before == after:
        return None
    operations: list[EntryOperation]
    if after is None and before is not None:
        operations = [Delete()]
        shown = before
    elif before is None and after is not None:
        operations = [Insert(entry=after)]
        shown = after
    elif before is not None and after is not None:
        operations = [
            Replace(field=name, value=after.value_of(name))
            for name in EntryField
            if before.value_of(name) != after.value_of(name)
        ]
        shown = after
        if not operations:
            return None
    else:  # both None: equal, answered above
        return None
    return DirectoryChange(
        directory=directory, address=shown.address, carrier=shown.structure, operations=operations
    )
