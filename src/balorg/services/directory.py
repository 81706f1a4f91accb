"""Red list and directory publication (first guide step 10; ANS directory feed)."""

from __future__ import annotations

from balorg.domain.addresses import EmailAddress
from balorg.domain.mailbox import DirectoryKind, OrganisationalMailbox
from balorg.ports.directory import DirectoryEntry
from balorg.rules.access import Action, decide
from balorg.rules.visibility import visibility
from balorg.services._support import apply, audit_events, load_mailbox, require
from balorg.services.context import Ports

__all__ = ["change_red_list", "publish_where_visible"]


def publish_where_visible(ports: Ports, mailbox: OrganisationalMailbox) -> None:
    """Publish or withdraw the mailbox's entry in each directory, as the visibility rule says."""
    for directory in DirectoryKind:
        if visibility(mailbox, directory):
            ports.directory.publish(DirectoryEntry.of(mailbox), directory)
        else:
            ports.directory.withdraw(mailbox.address, directory)


def change_red_list(
    ports: Ports,
    mailbox: EmailAddress,
    *,
    by: EmailAddress,
    national_directory: bool | None = None,
    operator_directory: bool | None = None,
) -> bool:
    """Put the mailbox on, or take it off, each directory's red list."""
    now = ports.clock.now()
    action = Action.CHANGE_RED_LIST.value
    with ports.uow() as uow:
        target = load_mailbox(ports, uow, mailbox, actor=by, action=action)
        require(
            ports,
            decide(Action.CHANGE_RED_LIST, account=uow.accounts.get(by), mailbox=target, now=now),
            actor=by,
            action=action,
            mailbox=mailbox,
        )
        changed: bool = apply(
            ports,
            lambda: target.change_red_list(
                by=by,
                at=now,
                national_directory=national_directory,
                operator_directory=operator_directory,
            ),
            actor=by,
            action=action,
            mailbox=mailbox,
        )
        audit_events(uow, target.pull_events())
        uow.mailboxes.save(target)
        uow.commit()
    publish_where_visible(ports, target)
    return changed
