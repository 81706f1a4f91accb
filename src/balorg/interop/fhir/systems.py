"""The URLs and code systems of the Annuaire Santé FHIR payloads.

Emitted forms follow the ANS extension definition (IG ``ansforge/IG-fhir-annuaire``,
``as-ext-mailbox-mss-metadata`` and the ``as-mailbox-mss`` profile) and the FR Core 2.x
identifier slices (``Interop-Sante/hl7.fhir.fr.core``); the ``READ_*`` sets add the other
spellings found in ANS material, which readers accept and writers never emit.
"""

from __future__ import annotations

from typing import Final

from balorg.domain.identifiers import IDNAT_PS_SYSTEM, IDNAT_STRUCT_SYSTEM

__all__ = [
    "ADELI_RANG_SYSTEM",
    "EMAIL_TYPE_URL",
    "FINESS_SYSTEM",
    "IDENTIFIER_TYPE_SYSTEM",
    "IDNAT_PS_SYSTEM",
    "IDNAT_STRUCT_SYSTEM",
    "MAILBOX_METADATA_URL",
    "MESSAGING_TYPE_SYSTEM",
    "MSSANTE_CODE",
    "READ_ADELI_RANG_SYSTEMS",
    "READ_FINESS_SYSTEMS",
    "READ_RPPS_RANG_SYSTEMS",
    "READ_RPPS_SYSTEMS",
    "READ_SIRENE_SYSTEMS",
    "REMOVED_SUBEXTENSIONS",
    "RPPS_RANG_SYSTEM",
    "RPPS_SYSTEM",
    "SIRENE_SYSTEM",
    "SUBEXTENSIONS",
    "TYPE_BAL_SYSTEM",
]

#: FR Core extension saying which messaging a ContactPoint's e-mail belongs to.
EMAIL_TYPE_URL: Final = (
    "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type"
)
#: TRE_R256-TypeMessagerie; ``MSSANTE`` marks an MSSanté mailbox.
MESSAGING_TYPE_SYSTEM: Final = (
    "https://mos.esante.gouv.fr/NOS/TRE_R256-TypeMessagerie/FHIR/TRE-R256-TypeMessagerie"
)
MSSANTE_CODE: Final = "MSSANTE"
#: The mailbox metadata extension (sub-extensions in :data:`SUBEXTENSIONS`).
MAILBOX_METADATA_URL: Final = (
    "https://interop.esante.gouv.fr/ig/fhir/annuaire/"
    "StructureDefinition/as-ext-mailbox-mss-metadata"
)
#: TRE_R257-TypeBAL (ORG, APP, PER, CAB), the system of the ``type`` sub-extension.
TYPE_BAL_SYSTEM: Final = "https://mos.esante.gouv.fr/NOS/TRE_R257-TypeBAL/FHIR/TRE-R257-TypeBAL"
#: The sub-extensions of the definition, in the order they are emitted.
SUBEXTENSIONS: Final = ("type", "description", "service", "responsible", "listeRouge")
#: Sub-extensions of IG release 1.1.0, removed on 2026-06-02: read and ignored, never written.
REMOVED_SUBEXTENSIONS: Final = frozenset({"phone", "digitization"})

#: FR Core ``identifier.type`` codes (HL7 v2 table 0203, French additions).
IDENTIFIER_TYPE_SYSTEM: Final = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203"
FINESS_SYSTEM: Final = "https://finess.esante.gouv.fr"
SIRENE_SYSTEM: Final = "https://sirene.fr"
RPPS_SYSTEM: Final = "https://rpps.esante.gouv.fr"
RPPS_RANG_SYSTEM: Final = "https://rppsrang.esante.gouv.fr"
ADELI_RANG_SYSTEM: Final = "https://adelirang.esante.gouv.fr"

#: Spellings read as FINESS (the MSS OpenAPI still writes ``http://finess.sante.gouv.fr``).
READ_FINESS_SYSTEMS: Final = frozenset(
    {
        FINESS_SYSTEM,
        "http://finess.esante.gouv.fr",
        "http://finess.sante.gouv.fr",
        "https://finess.sante.gouv.fr",
    }
)
READ_SIRENE_SYSTEMS: Final = frozenset({SIRENE_SYSTEM, "http://sirene.fr"})
READ_RPPS_SYSTEMS: Final = frozenset(
    {
        RPPS_SYSTEM,
        "http://rpps.esante.gouv.fr",
        "http://rpps.sante.gouv.fr",
        "https://rpps.sante.gouv.fr",
    }
)
READ_RPPS_RANG_SYSTEMS: Final = frozenset({RPPS_RANG_SYSTEM, "http://rppsrang.esante.gouv.fr"})
READ_ADELI_RANG_SYSTEMS: Final = frozenset({ADELI_RANG_SYSTEM, "http://adelirang.esante.gouv.fr"})
