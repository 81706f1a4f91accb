"""Identifiers of carriers and professionals in FHIR: FR Core slices out, every spelling in.

Written as FR Core 2.x slices with the ``https`` systems (IdNat Struct
``urn:oid:1.2.250.1.71.4.2.2``, FINESS ``https://finess.esante.gouv.fr``, SIREN and SIRET
``https://sirene.fr``) and ``identifier.type`` codes from ``fr-core-cs-v2-0203``; read
also in the ``http`` spellings of the MSS OpenAPI. Values read from the directory are
kept as text when they do not read strictly (technical ids, ANS's fictitious numbers):
nothing is refused for failing a check key.

>>> from balorg.domain.identifiers import Finess, IdNatStruct
>>> pharmacy = IdNatStruct.of(Finess.from_string("010000024"))
>>> [(i["system"], i["value"]) for i in organization_identifiers(pharmacy)]
[('urn:oid:1.2.250.1.71.4.2.2', '1010000024'), ('https://finess.esante.gouv.fr', '010000024')]
>>> carrier_search(pharmacy)
'urn:oid:1.2.250.1.71.4.2.2|1010000024'
>>> structure_ref([{"system": "http://finess.sante.gouv.fr", "value": "540002698"}]).text
'1540002698'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from attrs import frozen

from balorg.domain.directory import PersonRef, StructureRef
from balorg.domain.identifiers import (
    AdeliRang,
    Finess,
    IdNatStruct,
    RppsRang,
    Siren,
    Siret,
)
from balorg.interop.fhir.contact_point import JSON
from balorg.interop.fhir.systems import (
    ADELI_RANG_SYSTEM,
    FINESS_SYSTEM,
    IDENTIFIER_TYPE_SYSTEM,
    IDNAT_PS_SYSTEM,
    IDNAT_STRUCT_SYSTEM,
    READ_ADELI_RANG_SYSTEMS,
    READ_FINESS_SYSTEMS,
    READ_RPPS_RANG_SYSTEMS,
    READ_RPPS_SYSTEMS,
    READ_SIRENE_SYSTEMS,
    RPPS_RANG_SYSTEM,
    SIRENE_SYSTEM,
)

__all__ = [
    "StructureNumbers",
    "carrier_search",
    "identifier",
    "organization_identifiers",
    "person_ref",
    "structure_numbers",
    "structure_ref",
]

FinessType = Literal["FINEG", "FINEJ"]


def identifier(system: str, value: str, type_code: str) -> JSON:
    """One official identifier with its FR Core type."""
    return {
        "use": "official",
        "type": {"coding": [{"system": IDENTIFIER_TYPE_SYSTEM, "code": type_code}]},
        "system": system,
        "value": value,
    }


def organization_identifiers(
    structure: IdNatStruct, *, finess_type: FinessType = "FINEG"
) -> list[JSON]:
    """The FR Core identifier slices of the Organization carrying ``structure``: the IdNat
    Struct (``IDNST``), then the number it is made of when that number has a slice of its
    own (FINESS as ``finess_type``: geographic ``FINEG`` by default, ``FINEJ`` for a
    legal entity; SIREN; SIRET; RPPS-rang with the Annuaire IG's ``RPPSRG``; ADELI-rang
    with FR Core's ``INTRN``). National structure and ROR ids have only the IdNat Struct.
    """
    found = [identifier(IDNAT_STRUCT_SYSTEM, str(structure), "IDNST")]
    number = structure.identifier
    if isinstance(number, Finess):
        found.append(identifier(FINESS_SYSTEM, number.value, finess_type))
    elif isinstance(number, Siren):
        found.append(identifier(SIRENE_SYSTEM, number.value, "SIREN"))
    elif isinstance(number, Siret):
        found.append(identifier(SIRENE_SYSTEM, number.value, "SIRET"))
    elif isinstance(number, RppsRang):
        found.append(identifier(RPPS_RANG_SYSTEM, number.value, "RPPSRG"))
    elif isinstance(number, AdeliRang):
        found.append(identifier(ADELI_RANG_SYSTEM, number.value, "INTRN"))
    return found


def carrier_search(carrier: IdNatStruct | StructureRef | str) -> str:
    """The ``identifier`` search value (``system|value``) finding the carrier of a
    structure's mailboxes by its IdNat Struct."""
    return f"{IDNAT_STRUCT_SYSTEM}|{carrier}"


def _pairs(identifiers: object) -> list[tuple[str, str, str | None]]:
    """(system, value, type code) of each readable identifier; others are skipped."""
    if not isinstance(identifiers, list):
        return []
    pairs = []
    for item in identifiers:
        if not isinstance(item, Mapping):
            continue
        system, value = item.get("system"), item.get("value")
        if not isinstance(system, str) or not isinstance(value, str) or not value.strip():
            continue
        pairs.append((system.strip().rstrip("/"), value.strip(), _type_code(item)))
    return pairs


def _type_code(item: Mapping[str, Any]) -> str | None:
    kind = item.get("type")
    codings = kind.get("coding") if isinstance(kind, Mapping) else None
    if isinstance(codings, list):
        for coding in codings:
            if isinstance(coding, Mapping) and isinstance(coding.get("code"), str):
                return str(coding["code"])
    return None


@frozen(kw_only=True)
class StructureNumbers:
    """The registry numbers an Organization's identifiers give (as text)."""

    idnat: str | None = None
    finess: str | None = None
    finess_legal_entity: str | None = None
    siren: str | None = None
    siret: str | None = None
    rpps_rang: str | None = None
    adeli_rang: str | None = None


def structure_numbers(identifiers: object) -> StructureNumbers:
    """Read an Organization's ``identifier`` list, in the ``https`` or ``http`` spellings.

    A FINESS typed ``FINEJ`` is the legal entity's; otherwise (``FINEG`` or no type) the
    site's. SIREN and SIRET share a system: the type tells them apart, else the length.
    """
    found: dict[str, str] = {}
    for system, value, code in _pairs(identifiers):
        if system == IDNAT_STRUCT_SYSTEM:
            found.setdefault("idnat", value)
        elif system in READ_FINESS_SYSTEMS:
            key = "finess_legal_entity" if code == "FINEJ" else "finess"
            found.setdefault(key, value)
        elif system in READ_SIRENE_SYSTEMS:
            siret = code == "SIRET" or (code != "SIREN" and len(value) == 14)
            found.setdefault("siret" if siret else "siren", value)
        elif system in READ_RPPS_RANG_SYSTEMS:
            found.setdefault("rpps_rang", value)
        elif system in READ_ADELI_RANG_SYSTEMS:
            found.setdefault("adeli_rang", value)
    return StructureNumbers(**found)


def structure_ref(identifiers: object) -> StructureRef | None:
    """The structure an Organization's identifiers name: its IdNat Struct, else the one
    its FINESS (site, then legal entity), SIRET, SIREN, RPPS-rang or ADELI-rang make;
    read without enforcing check keys (:meth:`StructureRef.read`)."""
    numbers = structure_numbers(identifiers)
    if numbers.idnat:
        return StructureRef.read(numbers.idnat)
    for prefix, value in (
        ("1", numbers.finess),
        ("1", numbers.finess_legal_entity),
        ("3", numbers.siret),
        ("2", numbers.siren),
        ("4", numbers.rpps_rang),
        ("0", numbers.adeli_rang),
    ):
        if value:
            return StructureRef.read(prefix + value)
    return None


def person_ref(identifiers: object) -> PersonRef | None:
    """The IdNat PS a Practitioner's identifiers give (``8`` + RPPS when only the RPPS
    is there), without enforcing check keys."""
    rpps = None
    for system, value, _ in _pairs(identifiers):
        if system == IDNAT_PS_SYSTEM:
            return PersonRef.read(value)
        if system in READ_RPPS_SYSTEMS and rpps is None:
            rpps = value
    return PersonRef.read("8" + rpps) if rpps else None
