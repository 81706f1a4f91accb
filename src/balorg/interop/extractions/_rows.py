"""One row of each extraction, checked and turned into records (see :mod:`._checks`)."""

from __future__ import annotations

from typing import Final

from balorg.domain.addresses import EmailAddress, InvalidEmail
from balorg.domain.identifiers import finess, siren, siret
from balorg.domain.publication import STRUCTURE_CARRIED, BalType
from balorg.interop.extractions._checks import (
    G07_CODES,
    RowError,
    check_flag,
    check_number,
    check_person,
    check_profession,
    check_structure,
    check_technical_id,
    structure_type_code,
)
from balorg.interop.extractions.headers import MSSANTE_COLUMNS as M
from balorg.interop.extractions.headers import RPPS_COLUMNS as R
from balorg.interop.extractions.records import ActivityRecord, MailboxRecord, PersonRecord

__all__ = ["parse_mssante", "parse_rpps"]

_BAL_TYPES: Final = frozenset(t.value for t in BalType)
#: Mailbox types carried by a structure: the row must name it.
_STRUCTURE_CARRIED: Final = frozenset(t.value for t in STRUCTURE_CARRIED)
#: Mailbox types held by a person: the row must name them.
_PERSON_HELD: Final = frozenset(t.value for t in BalType if t not in STRUCTURE_CARRIED)
_M_PERSON: Final = (M[2], M[3], M[4])
#: Builds a named tuple from a tuple of its fields, without the keyword handling of its
#: constructor (rows by the hundred thousand).
_new: Final = tuple.__new__
_R_PERSON: Final = (R[0], R[1], R[2])


def parse_mssante(fields: list[str]) -> tuple[MailboxRecord, EmailAddress]:
    """A row of ``Extraction_Correspondance_MSSante`` (31 fields); raise RowError.

    Written for speed (545,709 rows): the common shapes are tested inline, anything else
    goes through the checks of :mod:`._checks`, which give the reasons."""
    bal_type = fields[0].strip()
    if bal_type not in _BAL_TYPES:
        raise RowError("extraction.unknown_bal_type", column=M[0], value=bal_type)
    text = fields[1].strip()
    if not text:
        raise RowError("extraction.missing_value", column=M[1])
    try:
        address = EmailAddress(text)
    except InvalidEmail as error:
        raise RowError("extraction.invalid_address", column=M[1], value=text, cause=error) from None
    type_code, identifier, idnat = fields[2].strip(), fields[3].strip(), fields[4].strip()
    person: str | None = None
    if (
        type_code == "8"
        and len(identifier) == 11
        and identifier.isdigit()
        and identifier.isascii()
        and idnat == "8" + identifier
    ):
        person = idnat  # an RPPS, its IdNat PS: the usual case, checked as check_person would
    elif type_code or identifier or idnat:
        person = check_person(type_code, identifier, idnat, _M_PERSON)
    elif bal_type in _PERSON_HELD:
        raise RowError("extraction.missing_value", column=M[4])
    structure_type: str | None = fields[5].strip()
    if structure_type not in G07_CODES:
        structure_type = structure_type_code(structure_type, M[5]) if structure_type else None
    structure_id = fields[6].strip()
    structure: str | None = None
    if structure_id:
        structure = check_structure(structure_id, structure_type, M[6])
    elif bal_type in _STRUCTURE_CARRIED:
        raise RowError("extraction.missing_value", column=M[6])
    profession = fields[13].strip()
    if profession:
        check_profession(profession, M[13])
    digitization = check_flag(fields[17].strip(), M[17])
    last_name = fields[9].strip()
    structure_name = fields[18].strip() or fields[19].strip()
    if not last_name and bal_type in _STRUCTURE_CARRIED:
        last_name = structure_name  # ORG rows may name no person: the structure's name
    record = _new(
        MailboxRecord,
        (
            address.value,
            bal_type,
            person,
            structure,
            fields[7].strip() or None,
            None,
            None,
            None,
            last_name or None,
            fields[10].strip() or None,
            structure_name or None,
            profession or None,
            digitization,
            fields[28].strip() or None,
            fields[29].strip() or None,
        ),
    )
    return record, address


def parse_rpps(fields: list[str]) -> tuple[PersonRecord, ActivityRecord | None]:
    """A line of ``PS_LibreAcces_Personne_activite`` (56 or 52 fields); raise RowError."""
    type_code, identifier, idnat = fields[0].strip(), fields[1].strip(), fields[2].strip()
    if not (
        type_code == "8"
        and len(identifier) == 11
        and identifier.isdigit()
        and identifier.isascii()
        and idnat == "8" + identifier
    ):
        idnat = check_person(type_code, identifier, idnat, _R_PERSON)
    last_name = fields[7].strip()
    if not last_name:
        raise RowError("extraction.missing_value", column=R[7])
    profession = fields[9].strip()
    if not profession:
        raise RowError("extraction.missing_value", column=R[9])
    check_profession(profession, R[9])
    person = _new(
        PersonRecord,
        (
            idnat,
            last_name,
            fields[8].strip(),
            profession,
            fields[10].strip() or None,
            fields[4].strip() or fields[6].strip() or None,
        ),
    )
    siret_site = fields[19].strip()
    siren_site = fields[20].strip()
    finess_site = fields[21].strip()
    finess_legal = fields[22].strip()
    technical = fields[23].strip()
    name = fields[24].strip() or fields[25].strip()
    former = fields[46].strip()
    if not (siret_site or siren_site or finess_site or finess_legal or technical or former or name):
        return person, None
    if siret_site:
        check_number(siret.KIND, siret_site, R[19])
    if siren_site:
        check_number(siren.KIND, siren_site, R[20])
    if finess_site:
        check_number(finess.KIND, finess_site, R[21])
    if finess_legal:
        check_number(finess.KIND, finess_legal, R[22])
    if technical:
        check_technical_id(technical, R[23])
    if former:
        check_structure(former, None, R[46])
    activity = _new(
        ActivityRecord,
        (
            former or technical or None,
            name or None,
            finess_site or None,
            finess_legal or None,
            siret_site or None,
            siren_site or None,
            fields[17].strip() or None,
            (fields[52].strip() or None) if len(fields) > 52 else None,
            fields[35].strip() or None,
            fields[37].strip() or None,
            fields[44].strip() or None,
            technical or None,
            profession,
            fields[48].strip() or None,
        ),
    )
    return person, activity
