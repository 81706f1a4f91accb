"""Test fixtures reshaped from ANS's own FHIR examples (facts kept, text rewritten as JSON).

Origins (public GitHub repositories, read in November 2026):

* ``ansforge/IG-fhir-annuaire``: ``input/fsh/examples/AsOrganizationExampleNancy.fsh`` (an
  Organization with an ORG mailbox; before commit ``bcffcca9`` of 2026-06-02 its metadata
  also had ``digitization``), ``input/fsh/examples/DP/PP16DP-*.fsh`` (a pharmacist, his
  PractitionerRole and his pharmacy, with a PER mailbox that has only the e-mail type),
  ``openapi-balmss.yaml`` (``type`` as a coding of the wrong TRE_R256 system, FINESS and
  SIREN systems in ``http``).
* ``ansforge/interop-ig-fhir-api-messagerie-securisee-sante``:
  ``input/pagecontent/spec-technique-flux-alimentation.md`` (``type`` as ``valueCode``, no
  e-mail type extension), ``input/fsh/Examples/AsExamplePractitionerBalMssPer.fsh``.

The identifiers are ANS's fictitious ones: several fail their check key, so they are read
without enforcing keys (``StructureRef.read``/``PersonRef.read``).
"""

from __future__ import annotations

import copy
from typing import Any

from balorg.interop.fhir.systems import (
    EMAIL_TYPE_URL,
    IDENTIFIER_TYPE_SYSTEM,
    MAILBOX_METADATA_URL,
    MESSAGING_TYPE_SYSTEM,
    TYPE_BAL_SYSTEM,
)

JSON = dict[str, Any]

EMAIL_TYPE = {
    "url": EMAIL_TYPE_URL,
    "valueCoding": {"system": MESSAGING_TYPE_SYSTEM, "code": "MSSANTE"},
}


def _type(code: str, system: str = TYPE_BAL_SYSTEM) -> JSON:
    return {"url": "type", "valueCodeableConcept": {"coding": [{"system": system, "code": code}]}}


def _id(system: str, value: str, code: str | None = None) -> JSON:
    found: JSON = {"use": "official", "system": system, "value": value}
    if code:
        found["type"] = {"coding": [{"system": IDENTIFIER_TYPE_SYSTEM, "code": code}]}
    return found


# Nancy's university hospital (AsOrganizationExampleNancy): an ORG mailbox among a phone,
# a fax and an ordinary e-mail.
NANCY_MAILBOX: JSON = {
    "extension": [
        EMAIL_TYPE,
        {
            "url": MAILBOX_METADATA_URL,
            "extension": [
                _type("ORG"),
                {"url": "description", "valueString": "Description-mss"},
                {"url": "listeRouge", "valueBoolean": False},
            ],
        },
    ],
    "system": "email",
    "value": "exemple.address@address.mssante.fr",
}
NANCY: JSON = {
    "resourceType": "Organization",
    "id": "nancy",
    "identifier": [
        _id("urn:oid:1.2.250.1.71.4.2.2", "1540002698", "IDNST"),
        _id("https://finess.esante.gouv.fr", "540002698", "FINEG"),
    ],
    "active": True,
    "name": "CHRU NANCY - HOPITAUX DE BRABOIS",
    "address": [{"city": "VANDOEUVRE LES NANCY CEDEX", "postalCode": "54511"}],
    "telecom": [
        {"system": "phone", "value": "0383153030", "rank": 1},
        {"system": "fax", "value": "0383153522"},
        {"system": "email", "value": "direction.generale@chu-nancy.fr"},
        NANCY_MAILBOX,
    ],
}


def nancy_before_june_2026() -> JSON:
    """Nancy's mailbox as IG release 1.1.0 wrote it: with ``digitization`` (and a
    ``phone`` as the extension then allowed)."""
    cp = copy.deepcopy(NANCY_MAILBOX)
    subs = cp["extension"][1]["extension"]
    subs.insert(2, {"url": "digitization", "valueBoolean": True})
    subs.insert(2, {"url": "phone", "valueString": "0383153030"})
    return cp


# The MSS OpenAPI's insert of an ORG mailbox: type coded on TRE_R256 (an error).
OPENAPI_MAILBOX: JSON = {
    "system": "email",
    "value": "structure@domain.mssante.fr",
    "rank": 1,
    "extension": [
        {
            "url": MAILBOX_METADATA_URL,
            "extension": [
                _type("ORG", MESSAGING_TYPE_SYSTEM),
                {"url": "listeRouge", "valueBoolean": False},
                {"url": "description", "valueString": "BAL principale de la structure"},
                {"url": "service", "valueString": "Service des admissions"},
                {"url": "responsible", "valueString": "Responsable de la BAL"},
            ],
        }
    ],
}

# The feeding page's insert: type as valueCode, no e-mail type extension, no description.
FEEDING_PAGE_MAILBOX: JSON = {
    "system": "email",
    "value": "structure@domain.mssante.fr",
    "extension": [
        {
            "url": MAILBOX_METADATA_URL,
            "extension": [
                {"url": "type", "valueCode": "ORG"},
                {"url": "listeRouge", "valueBoolean": False},
            ],
        }
    ],
}

# PP16DP: a pharmacist (fictitious RPPS, fails Luhn), his liberal activity at a pharmacy
# identified by its IdNat Struct and its legal entity's FINESS, and a PER mailbox with
# the e-mail type only.
PHARMACIST: JSON = {
    "resourceType": "Practitioner",
    "id": "3719500",
    "active": True,
    "identifier": [
        _id("urn:oid:1.2.250.1.71.4.2.1", "810102727017", "IDNPS"),
        _id("https://rpps.esante.gouv.fr", "10102727017", "RPPS"),
    ],
    "name": [{"use": "usual", "prefix": ["M"], "family": "CHATELIER", "given": ["David"]}],
    "telecom": [
        {
            "extension": [EMAIL_TYPE],
            "system": "email",
            "value": "davidchatelier@xxx.mssante.fr",
            "rank": 1,
        }
    ],
    "qualification": [
        {
            "code": {
                "coding": [
                    {
                        "system": "https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/"
                        "TRE-G15-ProfessionSante",
                        "code": "21",
                        "display": "Pharmacien",
                    },
                    {
                        "system": "https://mos.esante.gouv.fr/NOS/TRE_R09-CategorieProfessionnelle"
                        "/FHIR/TRE-R09-CategorieProfessionnelle",
                        "code": "C",
                    },
                ]
            }
        }
    ],
}
PHARMACY: JSON = {
    "resourceType": "Organization",
    "id": "481677",
    "active": True,
    "identifier": [
        _id("urn:oid:1.2.250.1.71.4.2.2", "1580008803", "IDNST"),
        _id("https://finess.esante.gouv.fr", "580008803", "FINEJ"),
    ],
    "name": "PHARMACIE NOLOT",
    "address": [{"postalCode": "58000", "city": "NEVERS"}],
    "type": [
        {
            "coding": [
                {
                    "system": "https://mos.esante.gouv.fr/NOS/TRE_R02-SecteurActivite/FHIR/"
                    "TRE-R02-SecteurActivite",
                    "code": "SA33",
                }
            ]
        }
    ],
}
PHARMACIST_ROLE: JSON = {
    "resourceType": "PractitionerRole",
    "id": "5015602",
    "active": True,
    "identifier": [{"system": "https://rpps.esante.gouv.fr", "value": "1001500032"}],
    "practitioner": {"reference": "Practitioner/3719500"},
    "organization": {"reference": "Organization/481677"},
    "code": [
        {
            "coding": [
                {
                    "system": "https://mos.esante.gouv.fr/NOS/TRE_R23-ModeExercice/FHIR/"
                    "TRE-R23-ModeExercice",
                    "code": "L",
                }
            ]
        },
        {
            "coding": [
                {
                    "system": "https://mos.esante.gouv.fr/NOS/TRE_R21-Fonction/FHIR/"
                    "TRE-R21-Fonction",
                    "code": "FON-AU",
                }
            ]
        },
    ],
}

# The MSS OpenAPI's identifiers of a structure, in http: FINESS and SIREN.
HTTP_IDENTIFIERS = [
    {"system": "http://finess.sante.gouv.fr", "value": "123456789"},
    {"system": "http://sirene.fr", "value": "123456782"},
]
