"""The ``as-mailbox-mss`` ContactPoint of a mailbox: written in the definition's form, read
in every form found in ANS material.

An MSSanté mailbox is a ``telecom`` ContactPoint of its carrier (an ``Organization`` for
ORG and APP mailboxes) with two extensions: FR Core's e-mail type (``MSSANTE``), which the
``as-mailbox-mss`` profile requires, and ``as-ext-mailbox-mss-metadata`` with the
sub-extensions ``type`` (a CodeableConcept on TRE_R257), ``description``, ``service``,
``responsible`` and ``listeRouge``; ``rank`` 1 marks the holder's preferred mailbox.

Which payloads are public
    :func:`contact_point` is what the operator sends to the national directory (the
    ``insert`` and ``replace`` of a FHIR Patch, over an authenticated API): it carries the
    free-text responsible contact. It is **not public**: never show it on a public page,
    in a log or in an error. :func:`public_contact_point` is the public form (ANS forbids
    ``responsible`` in its public profiles): use it for anything anyone may read (the
    directory's open data, documentation, logs, ``balorg directory show --public``).

>>> from balorg.domain.addresses import EmailAddress
>>> from balorg.domain.identifiers import Finess, IdNatStruct
>>> from balorg.domain.publication import MailboxEntry
>>> entry = MailboxEntry(
...     address=EmailAddress("pharmacie@example.mssante.fr"),
...     structure=IdNatStruct.of(Finess.from_string("010000024")),
...     description="Officine", service=None, responsible_contact="Accueil, 05 61 00 00 00",
...     red_listed=False, rank=1)
>>> cp = contact_point(entry)
>>> [e["url"] for e in cp["extension"][1]["extension"]]
['type', 'description', 'responsible', 'listeRouge']
>>> [e["url"] for e in public_contact_point(entry)["extension"][1]["extension"]]
['type', 'description', 'listeRouge']
>>> read_entry(cp, structure=entry.structure) == entry
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from attrs import evolve, frozen

from balorg.domain.addresses import EmailAddress, InvalidEmail
from balorg.domain.directory import DirectoryMailbox, PersonRef, StructureRef
from balorg.domain.identifiers import IdNatStruct
from balorg.domain.publication import BalType, MailboxEntry
from balorg.interop.fhir.errors import FhirFormatError
from balorg.interop.fhir.systems import (
    EMAIL_TYPE_URL,
    MAILBOX_METADATA_URL,
    MESSAGING_TYPE_SYSTEM,
    MSSANTE_CODE,
    REMOVED_SUBEXTENSIONS,
    TYPE_BAL_SYSTEM,
)

__all__ = [
    "FIELD_NAMES",
    "JSON",
    "MailboxFields",
    "contact_point",
    "email_type_extension",
    "is_mailbox",
    "metadata_extension",
    "public_contact_point",
    "read_entry",
    "read_fields",
    "read_mailbox",
    "sub_extension",
]

#: A JSON object as Python builds it for the wire.
JSON = dict[str, Any]

#: The attribute of :class:`MailboxFields` for each field named as in FHIR.
_ATTRIBUTES: Final = {
    "type": "bal_type",
    "description": "description",
    "service": "service",
    "responsible": "responsible",
    "listeRouge": "red_listed",
    "rank": "rank",
}

#: The names of a mailbox's fields in FHIR: the sub-extensions, then ``rank``.
FIELD_NAMES: Final = tuple(_ATTRIBUTES)


# -- writing ----------------------------------------------------------------------------------


def email_type_extension() -> JSON:
    """FR Core's e-mail type extension, ``MSSANTE`` (required by ``as-mailbox-mss``)."""
    return {
        "url": EMAIL_TYPE_URL,
        "valueCoding": {"system": MESSAGING_TYPE_SYSTEM, "code": MSSANTE_CODE},
    }


def sub_extension(name: str, value: BalType | str | bool) -> JSON:
    """One sub-extension of ``as-ext-mailbox-mss-metadata`` in the definition's form."""
    if name == "type":
        if not isinstance(value, BalType):
            raise TypeError("the type sub-extension takes a BalType")
        return {
            "url": "type",
            "valueCodeableConcept": {"coding": [{"system": TYPE_BAL_SYSTEM, "code": value.value}]},
        }
    if name == "listeRouge":
        if not isinstance(value, bool):
            raise TypeError("listeRouge takes a bool")
        return {"url": name, "valueBoolean": value}
    if not isinstance(value, str):
        raise TypeError(f"{name} takes a text")
    return {"url": name, "valueString": value}


def metadata_extension(entry: MailboxEntry) -> JSON:
    """The ``as-ext-mailbox-mss-metadata`` extension of ``entry`` (``responsible`` included
    when the entry has one: pass ``entry.public()`` for a public payload). Absent optional
    texts are left out; ``listeRouge`` is always sent; ``phone`` and ``digitization``
    (removed from the IG on 2026-06-02) never are."""
    parts = [sub_extension("type", entry.bal_type)]
    for name, text in (
        ("description", entry.description),
        ("service", entry.service),
        ("responsible", entry.responsible_contact),
    ):
        if text:  # FHIR strings are never empty
            parts.append(sub_extension(name, text))
    parts.append(sub_extension("listeRouge", entry.red_listed))
    return {"url": MAILBOX_METADATA_URL, "extension": parts}


def contact_point(entry: MailboxEntry) -> JSON:
    """The ContactPoint the national directory receives for ``entry`` (not public: it
    carries the responsible contact; see :func:`public_contact_point`)."""
    cp: JSON = {"system": "email", "value": str(entry.address)}
    if entry.rank is not None:
        cp["rank"] = entry.rank
    cp["extension"] = [email_type_extension(), metadata_extension(entry)]
    return cp


def public_contact_point(entry: MailboxEntry) -> JSON:
    """The ContactPoint as anyone may see it: never the responsible contact."""
    return contact_point(entry.public())


# -- reading ----------------------------------------------------------------------------------


@frozen(kw_only=True)
class MailboxFields:
    """What one ContactPoint says of a mailbox, whichever form it was written in.

    ``value`` is the address exactly as the directory wrote it (FHIRPath comparisons are
    case-sensitive); an absent sub-extension or rank reads ``None``.
    """

    value: str
    bal_type: BalType | None = None
    description: str | None = None
    service: str | None = None
    responsible: str | None = None
    red_listed: bool | None = None
    rank: int | None = None

    def get(self, name: str) -> BalType | str | bool | int | None:
        """The value of the field named as in FHIR (:data:`FIELD_NAMES`)."""
        value: BalType | str | bool | int | None = getattr(self, _ATTRIBUTES[name])
        return value

    def with_value(self, name: str, value: BalType | str | bool | int | None) -> MailboxFields:
        """These fields with one field (named as in FHIR) set; ``None`` removes it."""
        changes: dict[str, Any] = {_ATTRIBUTES[name]: value}
        return evolve(self, **changes)

    @classmethod
    def of(cls, entry: MailboxEntry) -> MailboxFields:
        """The fields :func:`contact_point` writes for ``entry``."""
        return cls(
            value=str(entry.address),
            bal_type=entry.bal_type,
            description=entry.description or None,
            service=entry.service or None,
            responsible=entry.responsible_contact or None,
            red_listed=entry.red_listed,
            rank=entry.rank,
        )


def _extensions(data: Mapping[str, Any], path: str) -> Sequence[Mapping[str, Any]]:
    found = data.get("extension", [])
    if not isinstance(found, list) or not all(isinstance(e, Mapping) for e in found):
        raise FhirFormatError(path=f"{path}.extension", reason="not a list of extensions")
    return found


def _is_mssante_type(extension: Mapping[str, Any]) -> bool:
    coding = extension.get("valueCoding")
    return isinstance(coding, Mapping) and coding.get("code") == MSSANTE_CODE


def is_mailbox(cp: object) -> bool:
    """Whether a ContactPoint is an MSSanté mailbox: an e-mail with the ``MSSANTE`` e-mail
    type, or (as in some ANS examples that omit it) with the mailbox metadata extension."""
    if not isinstance(cp, Mapping) or cp.get("system") != "email":
        return False
    extensions = cp.get("extension", [])
    if not isinstance(extensions, list):
        return False
    for extension in extensions:
        if not isinstance(extension, Mapping):
            continue
        url = extension.get("url")
        if url == MAILBOX_METADATA_URL or (url == EMAIL_TYPE_URL and _is_mssante_type(extension)):
            return True
    return False


def _bal_type(code: object, path: str) -> BalType:
    if isinstance(code, str):
        try:
            return BalType(code.strip().upper())
        except ValueError:
            pass
    raise FhirFormatError(path=path, reason=f"unknown mailbox type {code!r}")


def _read_type(sub: Mapping[str, Any], path: str) -> BalType:
    """The definition's ``valueCodeableConcept`` (whatever its coding's system: the MSS
    OpenAPI wrongly writes TRE_R256), a bare ``valueCoding``, or ``valueCode`` (ANS's
    feeding examples)."""
    if "valueCodeableConcept" in sub:
        concept = sub["valueCodeableConcept"]
        codings = concept.get("coding", []) if isinstance(concept, Mapping) else None
        if not isinstance(codings, list):
            raise FhirFormatError(path=f"{path}.valueCodeableConcept", reason="no coding")
        for coding in codings:
            code = coding.get("code") if isinstance(coding, Mapping) else None
            if isinstance(code, str) and code.strip().upper() in BalType.__members__:
                return BalType(code.strip().upper())
        raise FhirFormatError(path=f"{path}.valueCodeableConcept", reason="no mailbox type code")
    if "valueCoding" in sub:
        coding = sub["valueCoding"]
        return _bal_type(coding.get("code") if isinstance(coding, Mapping) else None, path)
    for key in ("valueCode", "valueString"):
        if key in sub:
            return _bal_type(sub[key], f"{path}.{key}")
    raise FhirFormatError(path=path, reason="the type has no value")


def _read_text(sub: Mapping[str, Any], path: str) -> str | None:
    value = sub.get("valueString")
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise FhirFormatError(path=f"{path}.valueString", reason="not a text")
    return value


def _read_bool(sub: Mapping[str, Any], path: str) -> bool | None:
    value = sub.get("valueBoolean")
    if value is None or isinstance(value, bool):
        return value
    raise FhirFormatError(path=f"{path}.valueBoolean", reason="not a boolean")


def read_fields(cp: object, path: str = "ContactPoint") -> MailboxFields:
    """Read a mailbox ContactPoint in any form found in ANS material.

    Accepted: ``type`` as ``valueCodeableConcept`` (TRE_R257, or the OpenAPI's wrong
    TRE_R256 system), ``valueCoding`` or ``valueCode``; the removed ``phone`` and
    ``digitization`` sub-extensions (ignored); unknown sub-extensions (open slicing,
    ignored); any absent optional field. Raises :class:`FhirFormatError` on a shape
    no ANS material has.
    """
    if not isinstance(cp, Mapping):
        raise FhirFormatError(path=path, reason="not an object")
    if cp.get("system") != "email":
        raise FhirFormatError(path=f"{path}.system", reason="not an e-mail")
    value = cp.get("value")
    if not isinstance(value, str) or not value.strip():
        raise FhirFormatError(path=f"{path}.value", reason="no address")
    rank = cp.get("rank")
    if rank is not None and (isinstance(rank, bool) or not isinstance(rank, int) or rank < 1):
        raise FhirFormatError(path=f"{path}.rank", reason="not a positive whole number")
    values: dict[str, Any] = {}
    for i, extension in enumerate(_extensions(cp, path)):
        if extension.get("url") != MAILBOX_METADATA_URL:
            continue
        where = f"{path}.extension[{i}]"
        for j, sub in enumerate(_extensions(extension, where)):
            name, at = sub.get("url"), f"{where}.extension[{j}]"
            if name == "type":
                values["bal_type"] = _read_type(sub, at)
            elif name in ("description", "service", "responsible"):
                values[str(name)] = _read_text(sub, at)
            elif name == "listeRouge":
                values["red_listed"] = _read_bool(sub, at)
            elif name in REMOVED_SUBEXTENSIONS:
                continue  # IG 1.1.0's phone and digitization: accepted, ignored
    return MailboxFields(value=value.strip(), rank=rank, **values)


def _address(fields: MailboxFields, path: str) -> EmailAddress:
    try:
        return EmailAddress(fields.value)
    except InvalidEmail as error:
        raise FhirFormatError(path=f"{path}.value", reason=error.message("en")) from None


def read_entry(
    cp: object,
    *,
    structure: IdNatStruct,
    default_type: BalType = BalType.ORG,
    path: str = "ContactPoint",
) -> MailboxEntry:
    """The :class:`MailboxEntry` a ContactPoint publishes for ``structure`` (its carrier);
    an absent ``type`` reads ``default_type``, an absent ``listeRouge`` reads false."""
    fields = read_fields(cp, path)
    return MailboxEntry(
        address=_address(fields, path),
        structure=structure,
        description=fields.description,
        service=fields.service,
        responsible_contact=fields.responsible,
        red_listed=bool(fields.red_listed),
        rank=fields.rank,
        bal_type=fields.bal_type or default_type,
    )


def read_mailbox(
    cp: object,
    *,
    default_type: BalType = BalType.ORG,
    path: str = "ContactPoint",
    person: PersonRef | None = None,
    structure: StructureRef | None = None,
    last_name: str | None = None,
    first_name: str | None = None,
    structure_name: str | None = None,
    profession_code: str | None = None,
    postcode: str | None = None,
    department: str | None = None,
) -> DirectoryMailbox:
    """The :class:`DirectoryMailbox` a ContactPoint publishes, with its holder's facts
    as the caller read them from the carrier."""
    fields = read_fields(cp, path)
    return DirectoryMailbox(
        address=_address(fields, path),
        bal_type=fields.bal_type or default_type,
        person=person,
        structure=structure,
        service=fields.service,
        description=fields.description,
        red_listed=fields.red_listed,
        rank=fields.rank,
        last_name=last_name,
        first_name=first_name,
        structure_name=structure_name,
        profession_code=profession_code,
        postcode=postcode,
        department=department,
    )
