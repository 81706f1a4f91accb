"""The JSON documents of the aggregates: a private cattrs converter.

The domain classes know nothing of storage. Identifiers are stored in their
canonical text (``str()``) and parsed back; a profession is stored whole (code,
system, label) as it was when the responsible was designated; datetimes are ISO
8601 with their offset; sets are sorted lists, so equal aggregates give equal
documents. ``events`` are never stored and ``version`` lives in its own column.

>>> from balorg.testing.contracts import example_mailbox
>>> mailbox = example_mailbox()
>>> document = mailbox_document(mailbox)
>>> document["responsible"]["professional"]["profession"]
{'code': '21', 'system': 'TRE_G15-ProfessionSante', 'label': 'Pharmacien', 'deprecated': False}
>>> again = mailbox_from_document(document, version=3)
>>> again.version, again.delegations == mailbox.delegations, again.structure == mailbox.structure
(3, True, True)
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from balorg.domain.account import ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.delegation import Capability
from balorg.domain.identifiers import IdNatPS, IdNatStruct, parse_ps, parse_struct
from balorg.domain.mailbox import OrganisationalMailbox
from balorg.domain.professional import Professional
from balorg.domain.structure import Structure

__all__ = [
    "account_document",
    "account_from_document",
    "mailbox_document",
    "mailbox_from_document",
    "professional_document",
    "professional_from_document",
    "structure_document",
    "structure_from_document",
]


def _datetime(value: Any, _: type) -> dt.datetime:
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 text, got {type(value).__name__}")
    parsed = dt.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"stored datetime {value!r} has no offset")
    return parsed


def _text(parse: Any) -> Any:
    def structure(value: Any, _: type) -> Any:
        if not isinstance(value, str):
            raise TypeError(f"expected a text, got {type(value).__name__}")
        return parse(value)

    return structure


def _struct_parts(idnat: IdNatStruct) -> dict[str, str]:
    # Prefix and identifier apart: the text form is ambiguous by design ("40" + an id
    # that also reads as "4" + an RPPS cabinet).
    return {"prefix": idnat.prefix, "identifier": str(idnat.identifier)}


def _struct_from_parts(value: Any, _: type) -> IdNatStruct:
    if isinstance(value, str):  # documents written before the parts were kept apart
        return parse_struct(value)
    if not isinstance(value, dict) or set(value) != {"prefix", "identifier"}:
        raise TypeError(f"expected an IdNat Struct's parts, got {value!r}")
    return IdNatStruct.from_parts(value["prefix"], value["identifier"])


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    converter.register_structure_hook(dt.datetime, _datetime)
    for kind, parse in ((EmailAddress, EmailAddress), (IdNatPS, parse_ps)):
        converter.register_unstructure_hook(kind, str)
        converter.register_structure_hook(kind, _text(parse))
    converter.register_unstructure_hook(IdNatStruct, _struct_parts)
    converter.register_structure_hook(IdNatStruct, _struct_from_parts)
    converter.register_unstructure_hook_func(
        lambda kind: kind in (frozenset[Capability], frozenset[EmailAddress]),
        lambda values: sorted(converter.unstructure(v) for v in values),
    )
    for aggregate in (OrganisationalMailbox, ConnectionAccount):
        converter.register_unstructure_hook(
            aggregate,
            make_dict_unstructure_fn(
                aggregate, converter, events=override(omit=True), version=override(omit=True)
            ),
        )
        converter.register_structure_hook(
            aggregate,
            make_dict_structure_fn(
                aggregate, converter, events=override(omit=True), _cattrs_forbid_extra_keys=True
            ),
        )
    return converter


_CONVERTER: Final = _make_converter()


def mailbox_document(mailbox: OrganisationalMailbox) -> dict[str, Any]:
    document: dict[str, Any] = _CONVERTER.unstructure(mailbox, OrganisationalMailbox)
    return document


def mailbox_from_document(document: dict[str, Any], *, version: int) -> OrganisationalMailbox:
    return _CONVERTER.structure({**document, "version": version}, OrganisationalMailbox)


def account_document(account: ConnectionAccount) -> dict[str, Any]:
    document: dict[str, Any] = _CONVERTER.unstructure(account, ConnectionAccount)
    return document


def account_from_document(document: dict[str, Any], *, version: int) -> ConnectionAccount:
    return _CONVERTER.structure({**document, "version": version}, ConnectionAccount)


def professional_document(professional: Professional) -> dict[str, Any]:
    document: dict[str, Any] = _CONVERTER.unstructure(professional, Professional)
    return document


def professional_from_document(document: dict[str, Any]) -> Professional:
    return _CONVERTER.structure(document, Professional)


def structure_document(structure: Structure) -> dict[str, Any]:
    document: dict[str, Any] = _CONVERTER.unstructure(structure, Structure)
    return document


def structure_from_document(document: dict[str, Any]) -> Structure:
    return _CONVERTER.structure(document, Structure)
