"""A directory in memory: for tests, and for the operator's own directory.

:class:`InMemoryDirectoryPublisher` implements
:class:`~balorg.ports.publisher.DirectoryPublisher` over a dict of entries. It applies
the operations of each change in order, idempotently (an insert over an entry already
there replaces it, a delete of an absent one does nothing, operations before a change's
last insert or delete are skipped as the national publisher skips them, and a change whose
key was already applied is skipped). The operator's directory hides red-listed mailboxes: the
changes it receives delete and re-insert them; :meth:`visible` also leaves out any entry
still marked red-listed.

>>> from balorg.domain.addresses import EmailAddress
>>> from balorg.domain.identifiers import Finess, IdNatStruct
>>> from balorg.domain.publication import DirectoryChange, DirectoryKind, MailboxEntry
>>> entry = MailboxEntry(
...     address=EmailAddress("pharmacie@example.mssante.fr"),
...     structure=IdNatStruct.of(Finess.from_string("010000024")),
...     description="Officine", service=None, responsible_contact=None,
...     red_listed=False, rank=None)
>>> directory = InMemoryDirectoryPublisher()
>>> directory.apply(DirectoryChange.create(entry, DirectoryKind.OPERATOR), key="k1")
>>> [str(e.address) for e in directory.visible()]
['pharmacie@example.mssante.fr']
"""

from __future__ import annotations

from collections.abc import Iterable

from balorg.domain.addresses import EmailAddress
from balorg.domain.publication import (
    Delete,
    DirectoryChange,
    DirectoryKind,
    EntryField,
    Insert,
    MailboxEntry,
    Replace,
    effective_operations,
)
from balorg.ports.publisher import PublicationFailed

__all__ = ["InMemoryDirectoryPublisher"]


def _checked(field: EntryField, value: object) -> str | bool | int | None:
    if field is EntryField.RED_LIST:
        if not isinstance(value, bool):  # the red list is a flag, never absent
            raise PublicationFailed(
                "publication.invalid_value", retryable=False, field=field.value, expected="bool"
            )
        return value
    if value is None or value == "":
        return None
    if field is EntryField.RANK:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise PublicationFailed(
                "publication.invalid_value", retryable=False, field="rank", expected="int >= 1"
            )
        return value
    if not isinstance(value, str):
        raise PublicationFailed(
            "publication.invalid_value", retryable=False, field=field.value, expected="str"
        )
    return value


class InMemoryDirectoryPublisher:
    """Entries by address, changed by :class:`DirectoryChange` values."""

    def __init__(self, directories: Iterable[DirectoryKind] = (DirectoryKind.OPERATOR,)) -> None:
        self._directories = frozenset(directories)
        self.entries: dict[EmailAddress, MailboxEntry] = {}
        #: The keys of the changes applied, in order.
        self.applied: list[str] = []
        #: Failures to raise, one per call to :meth:`apply`, before applying anything.
        self.failures: list[PublicationFailed] = []

    def handles(self, directory: DirectoryKind) -> bool:
        return directory in self._directories

    def apply(self, change: DirectoryChange, *, key: str) -> None:
        if self.failures:
            raise self.failures.pop(0)
        if not self.handles(change.directory):
            raise PublicationFailed(
                "publication.not_handled", retryable=False, directory=change.directory.value
            )
        if key in self.applied:
            return
        entries = dict(self.entries)
        for op in effective_operations(change.operations):
            current = entries.get(change.address)
            if isinstance(op, Insert):
                if current is not None and current.bal_type is not op.entry.bal_type:
                    raise PublicationFailed(
                        "publication.type_mismatch",
                        retryable=False,
                        address=str(change.address),
                        carrier=str(change.carrier),
                        published=current.bal_type.value,
                        expected=op.entry.bal_type.value,
                    )
                entries[change.address] = op.entry
            elif isinstance(op, Replace):
                if current is None:
                    raise PublicationFailed(
                        "publication.mailbox_absent",
                        retryable=False,
                        address=str(change.address),
                        carrier=str(change.carrier),
                    )
                value = _checked(op.field, op.value)
                entries[change.address] = current.with_value(op.field, value)
            elif isinstance(op, Delete):
                entries.pop(change.address, None)
        self.entries = entries
        self.applied.append(key)

    def entry(self, address: EmailAddress) -> MailboxEntry | None:
        return self.entries.get(address)

    def visible(self) -> list[MailboxEntry]:
        """The entries anyone may see, by address: never a red-listed one."""
        return sorted(
            (e for e in self.entries.values() if not e.red_listed), key=lambda e: str(e.address)
        )
