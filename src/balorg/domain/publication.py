"""What the directories show of an organisational mailbox, and the changes sent to them.

An MSSanté operator publishes each organisational mailbox to the national directory
(Annuaire Santé) and keeps the entry current. ANS models the entry (logical model
``as-bal-mss-org``, extension ``as-ext-mailbox-mss-metadata``) with: the address and the
type (both fixed once created), the structure carrying it (IdNat Struct), the service
it belongs to, a description, a free-text responsible contact (operational contact,
never a national identifier, and never in public payloads), the red-list flag, and
``telecom.rank`` (1: the holder's preferred mailbox).

The red list is *transmitted* to the national directory (the entry is sent with
``listeRouge`` true), not a withdrawal: only a closed mailbox is deleted. The operator's
own directory hides a red-listed entry instead. Which changes each directory receives is
decided by :mod:`balorg.rules.publication`; this module only describes them, in terms of
no wire format (:mod:`balorg.interop.fhir` turns them into FHIR Patch).

>>> from balorg.domain.identifiers import Finess, IdNatStruct
>>> from balorg.domain.addresses import EmailAddress
>>> entry = MailboxEntry(
...     address=EmailAddress("pharmacie@example.mssante.fr"),
...     structure=IdNatStruct.of(Finess.from_string("010000024")),
...     description="Officine", service=None, responsible_contact="Accueil, 05 61 00 00 00",
...     red_listed=False, rank=None)
>>> change = DirectoryChange.create(entry, DirectoryKind.NATIONAL)
>>> [type(op).__name__ for op in change.operations], str(change.carrier)
(['Insert'], '1010000024')
>>> entry.public().responsible_contact is None
True
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import Any, Final

from attrs import evolve, field, frozen

from balorg.domain.addresses import EmailAddress
from balorg.domain.identifiers import IdNatStruct

__all__ = [
    "STRUCTURE_CARRIED",
    "BalType",
    "Delete",
    "DirectoryChange",
    "DirectoryKind",
    "EntryField",
    "EntryOperation",
    "Insert",
    "MailboxEntry",
    "Replace",
    "apply_change",
    "effective_operations",
]


class BalType(enum.Enum):
    """TRE_R257-TypeBAL: the kind of mailbox (fixed at creation)."""

    PER = "PER"
    ORG = "ORG"
    APP = "APP"
    CAB = "CAB"


#: The mailbox types carried by a structure (its IdNat Struct); the others (PER, CAB)
#: are carried by a person.
STRUCTURE_CARRIED: Final = frozenset({BalType.ORG, BalType.APP})


class DirectoryKind(enum.Enum):
    """The directories a mailbox may be published in."""

    NATIONAL = "national_directory"
    OPERATOR = "operator_directory"


class EntryField(enum.Enum):
    """The fields of a published entry that may change after creation; the value is
    the name of the ANS sub-extension (``rank`` is ``ContactPoint.rank``)."""

    RED_LIST = "listeRouge"
    DESCRIPTION = "description"
    SERVICE = "service"
    RESPONSIBLE = "responsible"
    RANK = "rank"


@frozen(kw_only=True)
class MailboxEntry:
    """One organisational mailbox as a directory shows it."""

    address: EmailAddress
    structure: IdNatStruct
    description: str | None
    service: str | None
    #: Free text giving the operational contact (not a national identifier). ANS
    #: forbids it in public payloads: see :meth:`public`.
    responsible_contact: str | None
    red_listed: bool
    #: 1 marks the structure's preferred mailbox; ``None``: no rank.
    rank: int | None
    bal_type: BalType = BalType.ORG

    def value_of(self, name: EntryField) -> str | bool | int | None:
        """The current value of one changeable field."""
        value: str | bool | int | None = getattr(self, _ATTRIBUTES[name])
        return value

    def with_value(self, name: EntryField, value: str | bool | int | None) -> MailboxEntry:
        """This entry with one changeable field set (``None`` removes an optional one)."""
        changes: dict[str, Any] = {_ATTRIBUTES[name]: value}
        return evolve(self, **changes)

    def public(self) -> MailboxEntry:
        """The entry as a public payload may show it: without the responsible contact."""
        return evolve(self, responsible_contact=None)


@frozen(kw_only=True)
class Insert:
    """Add the mailbox to its carrier (FHIR: ``insert`` at ``Organization.telecom``)."""

    entry: MailboxEntry


@frozen(kw_only=True)
class Replace:
    """Set one field; ``value`` ``None`` removes an optional field."""

    field: EntryField
    value: str | bool | int | None


@frozen(kw_only=True)
class Delete:
    """Remove the mailbox from its carrier (a closed mailbox, or hidden by the red list
    of a directory that hides instead of transmitting)."""


EntryOperation = Insert | Replace | Delete


def _operations(values: Iterable[EntryOperation]) -> tuple[EntryOperation, ...]:
    return tuple(values)


@frozen(kw_only=True)
class DirectoryChange:
    """The operations one directory must apply, in order, to one mailbox's entry.

    Applying the same change twice leaves the directory as applying it once
    (publishers make each operation idempotent: an insert of an entry already
    there replaces it, a delete of an absent one does nothing).
    """

    directory: DirectoryKind
    address: EmailAddress
    #: The carrier resource's identifier (the structure's IdNat Struct).
    carrier: IdNatStruct
    operations: tuple[EntryOperation, ...] = field(converter=_operations)

    @classmethod
    def create(cls, entry: MailboxEntry, directory: DirectoryKind) -> DirectoryChange:
        return cls(
            directory=directory,
            address=entry.address,
            carrier=entry.structure,
            operations=(Insert(entry=entry),),
        )


def effective_operations(operations: Sequence[EntryOperation]) -> Sequence[EntryOperation]:
    """The operations that decide the result: from the last ``Insert`` or ``Delete`` on
    (what comes before is overwritten by it). So a change that sets a value then closes
    the mailbox replays as a mere delete once the mailbox is gone.

    >>> effective_operations([Replace(field=EntryField.RED_LIST, value=True), Delete()])
    [Delete()]
    """
    starts = [i for i, op in enumerate(operations) if isinstance(op, Insert | Delete)]
    return list(operations[starts[-1] :]) if starts else list(operations)


def apply_change(shown: MailboxEntry | None, change: DirectoryChange) -> MailboxEntry | None:
    """What a directory shows of the mailbox once ``change`` is applied to ``shown``
    (``None``: nothing). Applying a change twice gives what applying it once gives:
    what comes before the change's last insert or delete is overwritten by it, so only
    that tail is applied.

    A replace of an entry the directory does not show is refused, as a server would
    (there is nothing to replace a value in).
    """
    for operation in effective_operations(change.operations):
        if isinstance(operation, Insert):
            shown = operation.entry
        elif isinstance(operation, Delete):
            shown = None
        elif shown is None:
            raise LookupError(f"no entry of {change.address} to change")
        else:
            shown = shown.with_value(operation.field, operation.value)
    return shown


_ATTRIBUTES = {
    EntryField.RED_LIST: "red_listed",
    EntryField.DESCRIPTION: "description",
    EntryField.SERVICE: "service",
    EntryField.RESPONSIBLE: "responsible_contact",
    EntryField.RANK: "rank",
}
