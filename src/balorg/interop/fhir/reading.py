"""Reading the Annuaire Santé's resources: search bundles, Organizations, Practitioners and
PractitionerRoles, into the directory values of :mod:`balorg.domain.directory`.

Readers are lenient where ANS material varies (identifier systems in ``http`` or
``https``, mailbox metadata in several forms, absent names) and skip, with a warning in
the log, a mailbox whose ContactPoint no ANS material would write; they never enforce
check keys on the identifiers they are given.

>>> org = {"resourceType": "Organization", "id": "o1", "name": "PHARMACIE DU CENTRE",
...        "identifier": [{"system": "urn:oid:1.2.250.1.71.4.2.2", "value": "1010000024"}],
...        "telecom": [{"system": "phone", "value": "0561000000"},
...                    {"system": "email", "value": "officine@example.mssante.fr",
...                     "extension": [{"url": "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type",
...                                    "valueCoding": {"code": "MSSANTE"}}]}]}
>>> [(str(m.address), m.bal_type.value, str(m.structure)) for m in organization_mailboxes(org)]
[('officine@example.mssante.fr', 'ORG', '1010000024')]
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from attrs import frozen

from balorg.domain.directory import Activity, DirectoryMailbox, DirectoryPerson
from balorg.domain.publication import BalType
from balorg.interop.fhir.contact_point import is_mailbox, read_mailbox
from balorg.interop.fhir.errors import FhirFormatError
from balorg.interop.fhir.identifiers import person_ref, structure_numbers, structure_ref

__all__ = [
    "Page",
    "ResourceIndex",
    "activity",
    "organization_mailboxes",
    "person",
    "practitioner_mailboxes",
    "profession",
    "read_page",
    "role_mailboxes",
]

_log = logging.getLogger(__name__)

#: Code systems of professions (TRE_G15 health, TRE_R94 social, TRE_R95 title users).
_PROFESSION_SYSTEMS = ("TRE_G15", "TRE_R94", "TRE_R95")
_MODE_SYSTEM = "TRE_R23"  # mode d'exercice (S salaried, L liberal...)
_ROLE_SYSTEM = "TRE_R21"  # fonction
_SECTOR_SYSTEM = "TRE_R02"  # secteur d'activité


@frozen(kw_only=True)
class Page:
    """One page of a search: the matches, the included resources, the next page's link."""

    matches: tuple[Mapping[str, Any], ...]
    included: tuple[Mapping[str, Any], ...]
    next_url: str | None
    #: ``Bundle.total`` when the server gives it.
    total: int | None = None


def read_page(bundle: object) -> Page:
    """Read a ``searchset`` Bundle. Entries whose ``search.mode`` is ``include`` are the
    resources asked for with ``_include``; the others are matches."""
    if not isinstance(bundle, Mapping) or bundle.get("resourceType") != "Bundle":
        raise FhirFormatError(path="Bundle", reason="not a Bundle")
    matches: list[Mapping[str, Any]] = []
    included: list[Mapping[str, Any]] = []
    entries = bundle.get("entry", [])
    if not isinstance(entries, list):
        raise FhirFormatError(path="Bundle.entry", reason="not a list")
    for entry in entries:
        resource = entry.get("resource") if isinstance(entry, Mapping) else None
        if not isinstance(resource, Mapping):
            continue
        search = entry.get("search")
        mode = search.get("mode") if isinstance(search, Mapping) else None
        (included if mode == "include" else matches).append(resource)
    next_url = None
    links = bundle.get("link", [])
    for link in links if isinstance(links, list) else []:
        if isinstance(link, Mapping) and link.get("relation") == "next":
            url = link.get("url")
            next_url = url if isinstance(url, str) and url else None
    total = bundle.get("total")
    return Page(
        matches=tuple(matches),
        included=tuple(included),
        next_url=next_url,
        total=total if isinstance(total, int) and not isinstance(total, bool) else None,
    )


class ResourceIndex:
    """Resources by ``Type/id``, to follow references (``PractitionerRole.practitioner``)."""

    def __init__(self, resources: Iterable[Mapping[str, Any]] = ()) -> None:
        self._by_ref: dict[str, Mapping[str, Any]] = {}
        for resource in resources:
            self.add(resource)

    def add(self, resource: Mapping[str, Any]) -> None:
        kind, ident = resource.get("resourceType"), resource.get("id")
        if isinstance(kind, str) and isinstance(ident, str):
            self._by_ref[f"{kind}/{ident}"] = resource

    def follow(self, reference: object) -> Mapping[str, Any] | None:
        """The resource a Reference points to, when the index holds it."""
        if not isinstance(reference, Mapping):
            return None
        target = reference.get("reference")
        if not isinstance(target, str):
            return None
        parts = target.rstrip("/").split("/")
        return self._by_ref.get("/".join(parts[-2:])) if len(parts) >= 2 else None


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _first_address(resource: Mapping[str, Any]) -> Mapping[str, Any]:
    addresses = resource.get("address")
    if isinstance(addresses, list) and addresses and isinstance(addresses[0], Mapping):
        return addresses[0]
    return {}


def _codings(concepts: object) -> Iterable[Mapping[str, Any]]:
    for concept in concepts if isinstance(concepts, list) else [concepts]:
        codings = concept.get("coding") if isinstance(concept, Mapping) else None
        for coding in codings if isinstance(codings, list) else []:
            if isinstance(coding, Mapping):
                yield coding


def _code_from(concepts: object, marker: str) -> tuple[str | None, str | None]:
    for coding in _codings(concepts):
        system, code = coding.get("system"), coding.get("code")
        if isinstance(system, str) and marker in system and isinstance(code, str):
            return code, _text(coding.get("display"))
    return None, None


def profession(
    practitioner: Mapping[str, Any], roles: Sequence[Mapping[str, Any]] = ()
) -> tuple[str | None, str | None]:
    """(code, label) of the profession: the Practitioner's ``exercicePro`` qualification
    (TRE_G15, TRE_R94 or TRE_R95), else a role's ``code`` in those systems."""
    qualifications = practitioner.get("qualification")
    concepts = []
    if isinstance(qualifications, list):
        concepts = [q.get("code") for q in qualifications if isinstance(q, Mapping)]
    for marker in _PROFESSION_SYSTEMS:
        found = _code_from(concepts, marker)
        if found[0]:
            return found
    for role in roles:
        for marker in _PROFESSION_SYSTEMS:
            found = _code_from(role.get("code"), marker)
            if found[0]:
                return found
    return None, None


def _names(practitioner: Mapping[str, Any]) -> tuple[str, str, str | None]:
    names = practitioner.get("name")
    chosen: Mapping[str, Any] = {}
    if isinstance(names, list):
        readable = [n for n in names if isinstance(n, Mapping)]
        preferred = [n for n in readable if n.get("use") in ("official", "usual")]
        chosen = (preferred or readable or [{}])[0]
    given = chosen.get("given")
    first = _text(given[0]) if isinstance(given, list) and given else None
    prefix = chosen.get("prefix")
    civility = _text(prefix[0]) if isinstance(prefix, list) and prefix else None
    return _text(chosen.get("family")) or "", first or "", civility


def activity(
    role: Mapping[str, Any],
    organization: Mapping[str, Any] | None,
    *,
    profession_code: str | None = None,
) -> Activity:
    """One activity: the role's structure (its Organization, when included, with its
    activity sector, TRE_R02), its exercise mode (TRE_R23), function (TRE_R21) and
    profession (the role's own code, else ``profession_code``)."""
    org = organization or {}
    own = next((c for m in _PROFESSION_SYSTEMS if (c := _code_from(role.get("code"), m)[0])), None)
    numbers = structure_numbers(org.get("identifier"))
    address = _first_address(org)
    return Activity(
        structure=structure_ref(org.get("identifier")),
        structure_name=_text(org.get("name")),
        finess=numbers.finess,
        finess_legal_entity=numbers.finess_legal_entity,
        siret=numbers.siret,
        siren=numbers.siren,
        mode=_code_from(role.get("code"), _MODE_SYSTEM)[0],
        role=_code_from(role.get("code"), _ROLE_SYSTEM)[0],
        postcode=_text(address.get("postalCode")),
        city=_text(address.get("city")),
        profession_code=own or profession_code,
        sector=_code_from(org.get("type"), _SECTOR_SYSTEM)[0],
    )


def person(
    practitioner: Mapping[str, Any],
    roles: Sequence[Mapping[str, Any]] = (),
    index: ResourceIndex | None = None,
) -> DirectoryPerson:
    """The professional a Practitioner describes, with one activity per role (whose
    Organization ``index`` resolves when it was included)."""
    ref = person_ref(practitioner.get("identifier"))
    if ref is None:
        raise FhirFormatError(path="Practitioner.identifier", reason="no national identifier")
    last, first, civility = _names(practitioner)
    code, label = profession(practitioner, roles)
    index = index or ResourceIndex()
    return DirectoryPerson(
        idnat=ref,
        last_name=last,
        first_name=first,
        profession_code=code,
        profession_label=label,
        civility=civility,
        activities=[
            activity(r, index.follow(r.get("organization")), profession_code=code) for r in roles
        ],
    )


def _mailboxes(
    resource: Mapping[str, Any], default_type: BalType, **holder: Any
) -> list[DirectoryMailbox]:
    kind = resource.get("resourceType", "Resource")
    telecoms = resource.get("telecom")
    found = []
    for i, cp in enumerate(telecoms if isinstance(telecoms, list) else []):
        if not is_mailbox(cp):
            continue
        try:
            found.append(
                read_mailbox(cp, default_type=default_type, path=f"{kind}.telecom[{i}]", **holder)
            )
        except FhirFormatError as error:
            _log.warning("skipped an unreadable mailbox: %s", error.message("en"))
    return found


def organization_mailboxes(organization: Mapping[str, Any]) -> list[DirectoryMailbox]:
    """The mailboxes an Organization carries (ORG when no type is given)."""
    address = _first_address(organization)
    return _mailboxes(
        organization,
        BalType.ORG,
        structure=structure_ref(organization.get("identifier")),
        structure_name=_text(organization.get("name")),
        postcode=_text(address.get("postalCode")),
    )


def practitioner_mailboxes(practitioner: Mapping[str, Any]) -> list[DirectoryMailbox]:
    """The mailboxes a Practitioner carries (PER when no type is given; CAB says so)."""
    last, first, _ = _names(practitioner)
    return _mailboxes(
        practitioner,
        BalType.PER,
        person=person_ref(practitioner.get("identifier")),
        last_name=last or None,
        first_name=first or None,
        profession_code=profession(practitioner)[0],
    )


def role_mailboxes(
    role: Mapping[str, Any],
    practitioner: Mapping[str, Any] | None = None,
    organization: Mapping[str, Any] | None = None,
) -> list[DirectoryMailbox]:
    """The mailboxes a PractitionerRole carries (PER), with its professional and its
    structure when they were included."""
    who = practitioner or {}
    org = organization or {}
    last, first, _ = _names(who)
    return _mailboxes(
        role,
        BalType.PER,
        person=person_ref(who.get("identifier")),
        structure=structure_ref(org.get("identifier")),
        structure_name=_text(org.get("name")),
        last_name=last or None,
        first_name=first or None,
        profession_code=profession(who, [role])[0],
        postcode=_text(_first_address(org).get("postalCode")),
    )
