"""FHIR payloads of the Annuaire Santé: mailbox ContactPoints, FHIR Patch, directory reads.

Plain JSON (``dict``/``list``) at this edge: FHIR resources are open (any element may
carry extensions), so input is read by explicit, lenient readers rather than a strict
converter, and nothing of FHIR leaks into :mod:`balorg.domain`.

* :mod:`~balorg.interop.fhir.contact_point`: the ``as-mailbox-mss`` ContactPoint out
  (:func:`contact_point`, and :func:`public_contact_point` without the responsible
  contact) and in (:func:`read_entry`, :func:`read_mailbox`, every ANS variant).
* :mod:`~balorg.interop.fhir.identifiers`: carrier identifiers as FR Core slices, and back.
* :mod:`~balorg.interop.fhir.patch`: FHIR Patch ``Parameters`` for a
  :class:`~balorg.domain.publication.DirectoryChange` (:func:`patch_parameters`, and
  :func:`plan_patch` against what the directory holds).
* :mod:`~balorg.interop.fhir.reading`: search bundles, Organizations, Practitioners and
  PractitionerRoles into :mod:`balorg.domain.directory` values.
"""

from __future__ import annotations

from balorg.interop.fhir.contact_point import (
    JSON,
    MailboxFields,
    contact_point,
    is_mailbox,
    metadata_extension,
    public_contact_point,
    read_entry,
    read_fields,
    read_mailbox,
)
from balorg.interop.fhir.errors import FhirFormatError, InvalidEntryValue
from balorg.interop.fhir.identifiers import (
    carrier_search,
    organization_identifiers,
    person_ref,
    structure_ref,
)
from balorg.interop.fhir.patch import (
    PlanRefused,
    conditional_patch_address,
    patch_parameters,
    plan_patch,
)
from balorg.interop.fhir.reading import (
    organization_mailboxes,
    person,
    practitioner_mailboxes,
    read_page,
    role_mailboxes,
)

__all__ = [
    "JSON",
    "FhirFormatError",
    "InvalidEntryValue",
    "MailboxFields",
    "PlanRefused",
    "carrier_search",
    "conditional_patch_address",
    "contact_point",
    "is_mailbox",
    "metadata_extension",
    "organization_identifiers",
    "organization_mailboxes",
    "patch_parameters",
    "person",
    "person_ref",
    "plan_patch",
    "practitioner_mailboxes",
    "public_contact_point",
    "read_entry",
    "read_fields",
    "read_mailbox",
    "read_page",
    "role_mailboxes",
    "structure_ref",
]
