"""Flat records of what a row of an extraction says, checked, and the domain values they make.

A reader checks each row once and keeps its fields as a record (a named tuple of texts,
flags and numbers, in the order of the domain value's fields); the directory adapters
store records as they are, and turn them into the values of
:mod:`balorg.domain.directory` when asked. One conversion, used by the readers and by
every adapter, so that a value read from a file and the same value read back from a
store are equal.

>>> record = MailboxRecord(
...     address="secretariat@ch-exemple.mssante.fr", bal_type="ORG", person=None,
...     structure="1010000024", service="Cardiologie", description=None, red_listed=None,
...     rank=None, last_name="CH Exemple", first_name=None, structure_name="CH Exemple",
...     profession_code=None, digitization=True, postcode="01000", department="01")
>>> mailbox = mailbox_of(record)
>>> mailbox.bal_type.value, str(mailbox.structure.parsed)
('ORG', '1010000024')
>>> mailbox_record(mailbox) == record
True
"""

from __future__ import annotations

from typing import NamedTuple

from balorg.domain.addresses import EmailAddress
from balorg.domain.directory import (
    Activity,
    DirectoryMailbox,
    DirectoryPerson,
    PersonRef,
    StructureRef,
)
from balorg.domain.publication import BalType

__all__ = [
    "ActivityRecord",
    "MailboxRecord",
    "PersonRecord",
    "RppsLine",
    "activity_of",
    "activity_record",
    "mailbox_of",
    "mailbox_record",
    "person_of",
    "person_record",
]


class MailboxRecord(NamedTuple):
    """A mailbox as stored; the fields of :class:`~balorg.domain.directory.DirectoryMailbox`."""

    address: str  # normalised (lower-case), as EmailAddress.value
    bal_type: str
    person: str | None
    structure: str | None
    service: str | None
    description: str | None
    red_listed: bool | None
    rank: int | None
    last_name: str | None
    first_name: str | None
    structure_name: str | None
    profession_code: str | None
    digitization: bool | None
    postcode: str | None
    department: str | None


class PersonRecord(NamedTuple):
    """A professional as stored, without activities."""

    idnat: str
    last_name: str
    first_name: str
    profession_code: str | None
    profession_label: str | None
    civility: str | None


class ActivityRecord(NamedTuple):
    """One activity as stored; the fields of :class:`~balorg.domain.directory.Activity`."""

    structure: str | None
    structure_name: str | None
    finess: str | None
    finess_legal_entity: str | None
    siret: str | None
    siren: str | None
    mode: str | None
    role: str | None
    postcode: str | None
    city: str | None
    department: str | None
    technical_id: str | None
    profession_code: str | None
    sector: str | None


class RppsLine(NamedTuple):
    """One accepted line of the RPPS extraction: the person, and the activity if any."""

    line: int
    person: PersonRecord
    activity: ActivityRecord | None


def _person_ref(text: str | None) -> PersonRef | None:
    return None if text is None else PersonRef.read(text)


def _structure_ref(text: str | None) -> StructureRef | None:
    return None if text is None else StructureRef.read(text)


def mailbox_of(record: MailboxRecord, address: EmailAddress | None = None) -> DirectoryMailbox:
    """The domain value of ``record`` (``address``: the checked address, if at hand).

    A record's address was checked by :meth:`EmailAddress.from_string` when it came in
    (from a file, or from a domain value), and is kept normalised: it is not checked again.
    """
    return DirectoryMailbox(
        address=address if address is not None else EmailAddress.trusted(record.address),
        bal_type=BalType(record.bal_type),
        person=_person_ref(record.person),
        structure=_structure_ref(record.structure),
        service=record.service,
        description=record.description,
        red_listed=record.red_listed,
        rank=record.rank,
        last_name=record.last_name,
        first_name=record.first_name,
        structure_name=record.structure_name,
        profession_code=record.profession_code,
        digitization=record.digitization,
        postcode=record.postcode,
        department=record.department,
    )


def mailbox_record(mailbox: DirectoryMailbox) -> MailboxRecord:
    """The record of a domain value (what an adapter stores)."""
    return MailboxRecord(
        address=mailbox.address.value,
        bal_type=mailbox.bal_type.value,
        person=None if mailbox.person is None else mailbox.person.text,
        structure=None if mailbox.structure is None else mailbox.structure.text,
        service=mailbox.service,
        description=mailbox.description,
        red_listed=mailbox.red_listed,
        rank=mailbox.rank,
        last_name=mailbox.last_name,
        first_name=mailbox.first_name,
        structure_name=mailbox.structure_name,
        profession_code=mailbox.profession_code,
        digitization=mailbox.digitization,
        postcode=mailbox.postcode,
        department=mailbox.department,
    )


def activity_of(record: ActivityRecord) -> Activity:
    """The domain's activity of a professional read from an RPPS extraction line."""
    return Activity(
        structure=_structure_ref(record.structure),
        structure_name=record.structure_name,
        finess=record.finess,
        finess_legal_entity=record.finess_legal_entity,
        siret=record.siret,
        siren=record.siren,
        mode=record.mode,
        role=record.role,
        postcode=record.postcode,
        city=record.city,
        department=record.department,
        technical_id=record.technical_id,
        profession_code=record.profession_code,
        sector=record.sector,
    )


def activity_record(activity: Activity) -> ActivityRecord:
    """The extraction record of a domain activity (the way back of :func:`activity_of`)."""
    return ActivityRecord(
        structure=None if activity.structure is None else activity.structure.text,
        structure_name=activity.structure_name,
        finess=activity.finess,
        finess_legal_entity=activity.finess_legal_entity,
        siret=activity.siret,
        siren=activity.siren,
        mode=activity.mode,
        role=activity.role,
        postcode=activity.postcode,
        city=activity.city,
        department=activity.department,
        technical_id=activity.technical_id,
        profession_code=activity.profession_code,
        sector=activity.sector,
    )


def person_of(record: PersonRecord, activities: tuple[ActivityRecord, ...] = ()) -> DirectoryPerson:
    """The domain value of a person's record and their activities' records, in order."""
    return DirectoryPerson(
        idnat=PersonRef.read(record.idnat),
        last_name=record.last_name,
        first_name=record.first_name,
        profession_code=record.profession_code,
        profession_label=record.profession_label,
        civility=record.civility,
        activities=[activity_of(a) for a in activities],
    )


def person_record(person: DirectoryPerson) -> tuple[PersonRecord, tuple[ActivityRecord, ...]]:
    """The records of a domain value: the person's, and one per activity."""
    record = PersonRecord(
        idnat=person.idnat.text,
        last_name=person.last_name,
        first_name=person.first_name,
        profession_code=person.profession_code,
        profession_label=person.profession_label,
        civility=person.civility,
    )
    return record, tuple(activity_record(a) for a in person.activities)
