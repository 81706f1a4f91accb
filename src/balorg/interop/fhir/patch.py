"""FHIR Patch for a :class:`~balorg.domain.publication.DirectoryChange`.

ANS's write API (``ansforge/interop-ig-fhir-api-messagerie-securisee-sante``, marked as
still in development) takes a FHIR Patch ``Parameters`` (``application/fhir+json``) by
conditional PATCH on the carrier's identifier, and knows three operation types:
``insert`` (at ``Organization.telecom``), ``replace`` (one value, or the whole
ContactPoint) and ``delete``; several operations in one request apply in order. The
address and the type of a mailbox never change.

Two builders:

* :func:`patch_parameters` writes a change as ANS's pages show it, knowing nothing of the
  directory: create is an ``insert`` at index 0, a changed value a ``replace`` of the
  sub-extension's value (or of ``rank``), a removed optional value a ``delete`` of the
  sub-extension (or of ``rank``), a closed mailbox a ``delete`` of the ContactPoint.
* :func:`plan_patch` writes the operations that take the directory *from what it holds*
  (the carrier's current ContactPoint for the address, read first) to the change's
  result. FHIR Patch cannot ``replace`` what is absent, and ANS offers no ``add``, so a
  value set where there was none becomes a ``replace`` of the whole ContactPoint; an
  insert of an address already there becomes the replaces that make it equal to the
  entry; a delete of an absent address, or any change already in place, writes nothing;
  operations before a change's last insert or delete are skipped (it overwrites them).
  That makes replaying a change harmless.

>>> from balorg.domain.addresses import EmailAddress
>>> from balorg.domain.identifiers import Finess, IdNatStruct
>>> from balorg.domain.publication import DirectoryChange, DirectoryKind, EntryField, Replace
>>> change = DirectoryChange(
...     directory=DirectoryKind.NATIONAL,
...     address=EmailAddress("pharmacie@example.mssante.fr"),
...     carrier=IdNatStruct.of(Finess.from_string("010000024")),
...     operations=[Replace(field=EntryField.RED_LIST, value=True)])
>>> [p["valueString"] for p in patch_parameters(change)["parameter"][0]["part"][1:2]]
["Organization.telecom.where(value = 'pharmacie@example.mssante.fr').extension('https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata').extension('listeRouge').value"]
>>> conditional_patch_address("https://gateway.example/fhir", change.carrier)
'PATCH https://gateway.example/fhir/Organization?identifier=urn:oid:1.2.250.1.71.4.2.2|1010000024'
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from attrs import evolve

from balorg.domain.errors import BalorgError
from balorg.domain.identifiers import IdNatStruct
from balorg.domain.publication import (
    BalType,
    Delete,
    DirectoryChange,
    EntryOperation,
    Insert,
    Replace,
    effective_operations,
)
from balorg.interop.fhir.contact_point import (
    FIELD_NAMES,
    JSON,
    MailboxFields,
    contact_point,
    email_type_extension,
    read_fields,
    sub_extension,
)
from balorg.interop.fhir.errors import InvalidEntryValue
from balorg.interop.fhir.identifiers import carrier_search
from balorg.interop.fhir.systems import (
    EMAIL_TYPE_URL,
    MAILBOX_METADATA_URL,
    REMOVED_SUBEXTENSIONS,
    SUBEXTENSIONS,
)

__all__ = [
    "CARRIER",
    "PlanRefused",
    "conditional_patch_address",
    "effective_operations",
    "field_path",
    "operation",
    "parameters",
    "patch_parameters",
    "plan_patch",
    "telecom_path",
    "value_path",
]

#: The resource carrying ORG and APP mailboxes.
CARRIER = "Organization"


class PlanRefused(BalorgError):
    """The change cannot apply to what the directory holds (``publication.mailbox_absent``:
    a value changed on an address that is not published; ``publication.type_mismatch``:
    an insert of an address published with another type). Params: ``address``,
    ``carrier``, and ``published``/``expected`` for a type."""

    default_code = "publication.mailbox_absent"


def conditional_patch_address(base_url: str, carrier: IdNatStruct) -> str:
    """The request line of the conditional PATCH on ``carrier``, as ANS writes it."""
    return f"PATCH {base_url.rstrip('/')}/{CARRIER}?identifier={carrier_search(carrier)}"


def _literal(text: str) -> str:
    """A FHIRPath string literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def telecom_path(address: str, resource: str = CARRIER) -> str:
    """The FHIRPath of the ContactPoint at ``address`` (as the directory spells it)."""
    return f"{resource}.telecom.where(value = {_literal(address)})"


def field_path(address: str, name: str, resource: str = CARRIER) -> str:
    """The FHIRPath of one field (a sub-extension, or ``rank``) of the mailbox."""
    if name == "rank":
        return f"{telecom_path(address, resource)}.rank"
    return (
        f"{telecom_path(address, resource)}.extension({_literal(MAILBOX_METADATA_URL)})"
        f".extension({_literal(name)})"
    )


def value_path(address: str, name: str, resource: str = CARRIER) -> str:
    """The FHIRPath of one field's value (what a ``replace`` targets)."""
    path = field_path(address, name, resource)
    return path if name == "rank" else f"{path}.value"


def operation(
    kind: str, path: str, *, index: int | None = None, value: tuple[str, Any] | None = None
) -> JSON:
    """One ``operation`` parameter: ``kind`` (insert, replace, delete), ``path``, and the
    ``index`` and ``value`` (``(valueX, data)``) it needs."""
    parts: list[JSON] = [
        {"name": "type", "valueCode": kind},
        {"name": "path", "valueString": path},
    ]
    if index is not None:
        parts.append({"name": "index", "valueInteger": index})
    if value is not None:
        parts.append({"name": "value", value[0]: value[1]})
    return {"name": "operation", "part": parts}


def parameters(operations: list[JSON]) -> JSON:
    """The ``Parameters`` resource of a FHIR Patch."""
    return {"resourceType": "Parameters", "parameter": operations}


def _typed_value(name: str, value: object) -> tuple[str, str | bool | int]:
    """``(valueX, value)`` for one field, checking the value's type."""
    if name == "listeRouge":
        if not isinstance(value, bool):
            raise InvalidEntryValue(field=name, expected="bool")
        return ("valueBoolean", value)
    if name == "rank":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidEntryValue(field=name, expected="int >= 1")
        return ("valueInteger", value)
    if not isinstance(value, str):
        raise InvalidEntryValue(field=name, expected="str")
    return ("valueString", value)


def _set(address: str, name: str, value: object) -> JSON:
    if value is None or value == "":
        return operation("delete", field_path(address, name))
    return operation("replace", value_path(address, name), value=_typed_value(name, value))


def patch_parameters(change: DirectoryChange) -> JSON:
    """The FHIR Patch of ``change`` as ANS's pages write it, without looking at the
    directory (see :func:`plan_patch` for the form that applies to what it holds)."""
    address = str(change.address)
    found: list[JSON] = []
    for op in change.operations:
        if isinstance(op, Insert):
            found.append(
                operation(
                    "insert",
                    f"{CARRIER}.telecom",
                    index=0,
                    value=("valueContactPoint", contact_point(op.entry)),
                )
            )
        elif isinstance(op, Replace):
            found.append(_set(address, op.field.value, op.value))
        else:
            found.append(operation("delete", telecom_path(address)))
    return parameters(found)


# -- planning against what the directory holds ------------------------------------------------


def _rewrite(published: Mapping[str, Any], fields: MailboxFields) -> JSON:
    """The whole ContactPoint ``published`` becomes with ``fields``: its address and any
    element or extension balorg does not manage are kept; the e-mail type and the
    metadata are written in the definition's form (``phone`` and ``digitization``
    dropped, unknown sub-extensions kept)."""
    cp: JSON = {k: copy.deepcopy(v) for k, v in published.items() if k not in ("extension",)}
    cp.pop("rank", None)
    cp["system"] = "email"
    if fields.rank is not None:
        cp["rank"] = fields.rank
    others: list[JSON] = []
    unknown_subs: list[JSON] = []
    for extension in published.get("extension", []):
        url = extension.get("url")
        if url == MAILBOX_METADATA_URL:
            unknown_subs += [
                copy.deepcopy(s)
                for s in extension.get("extension", [])
                if s.get("url") not in SUBEXTENSIONS and s.get("url") not in REMOVED_SUBEXTENSIONS
            ]
        elif url != EMAIL_TYPE_URL:
            others.append(copy.deepcopy(extension))
    subs: list[JSON] = []
    for name in SUBEXTENSIONS:
        value = fields.get(name)
        if value is not None:
            subs.append(sub_extension(name, value))  # type: ignore[arg-type]
    metadata = {"url": MAILBOX_METADATA_URL, "extension": subs + unknown_subs}
    cp["extension"] = [email_type_extension(), metadata, *others]
    return cp


def _transition(
    current: MailboxFields, wanted: MailboxFields, raw: Mapping[str, Any]
) -> list[JSON]:
    """The operations taking the published fields ``current`` to ``wanted``."""
    changed = [name for name in FIELD_NAMES if current.get(name) != wanted.get(name)]
    if not changed:
        return []
    if any(current.get(name) is None for name in changed):
        # Setting a value where there is none: FHIR Patch cannot replace what is absent.
        cp = _rewrite(raw, wanted)
        return [operation("replace", telecom_path(current.value), value=("valueContactPoint", cp))]
    return [_set(current.value, name, wanted.get(name)) for name in changed]


def _check_value(name: str, value: object) -> str | bool | int | None:
    if value is None or value == "":
        return None
    return _typed_value(name, value)[1]


def plan_patch(change: DirectoryChange, published: Mapping[str, Any] | None) -> JSON | None:
    """The FHIR Patch taking the directory from ``published`` (the carrier's ContactPoint
    at the change's address, as read from the directory; ``None`` when the address is
    not there) to the result of ``change``; ``None`` when the directory already holds it.

    The operations of ``change`` are folded first, so the patch goes straight from what
    is published to the result: an insert followed by changes is one insert of the final
    ContactPoint, and several changes to one published entry send each changed value once.

    Raises :class:`PlanRefused` when the change cannot apply (a value changed on an
    address that is not published; an insert over an address published with another
    type) and :class:`~balorg.interop.fhir.errors.InvalidEntryValue` for a value of the
    wrong type.
    """
    before = read_fields(published) if published is not None else None
    raw, after = published, before
    for op in effective_operations(change.operations):
        raw, after = _apply(change, op, raw, after)
    if after is None or raw is None:
        if before is None:
            return None
        return parameters([operation("delete", telecom_path(before.value))])
    if before is None or published is None:
        insert = operation(
            "insert", f"{CARRIER}.telecom", index=0, value=("valueContactPoint", raw)
        )
        return parameters([insert])
    found = _transition(before, after, published)
    return parameters(found) if found else None


def _apply(
    change: DirectoryChange,
    op: EntryOperation,
    raw: Mapping[str, Any] | None,
    current: MailboxFields | None,
) -> tuple[Mapping[str, Any] | None, MailboxFields | None]:
    """The ContactPoint (and what it says) once ``op`` is applied to ``raw``."""
    if isinstance(op, Delete):
        return None, None
    if isinstance(op, Insert):
        entry_fields = MailboxFields.of(op.entry)
        if current is None or raw is None:
            return contact_point(op.entry), entry_fields
        _check_type(change, current.bal_type, op.entry.bal_type)
        wanted = evolve(entry_fields, value=current.value)
    else:
        if current is None or raw is None:
            raise PlanRefused(
                "publication.mailbox_absent",
                address=str(change.address),
                carrier=str(change.carrier),
            )
        name = op.field.value
        wanted = current.with_value(name, _check_value(name, op.value))
    if wanted == current:
        return raw, current
    return _rewrite(raw, wanted), wanted


def _check_type(change: DirectoryChange, published: BalType | None, expected: BalType) -> None:
    if published is not None and published is not expected:
        raise PlanRefused(
            "publication.type_mismatch",
            address=str(change.address),
            carrier=str(change.carrier),
            published=published.value,
            expected=expected.value,
        )
