"""The as-mailbox-mss ContactPoint: the definition's form out, every ANS variant in."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from fhir.resources.R4B.organization import Organization
from tests.fhir import ans_examples as ans
from tests.fhir.builders import PHARMACY, carrier, entry

from balorg.domain.addresses import EmailAddress
from balorg.domain.directory import PersonRef, StructureRef
from balorg.domain.identifiers import (
    AdeliRang,
    Finess,
    IdNatStruct,
    NationalStructureId,
    RppsRang,
    Siren,
    Siret,
)
from balorg.domain.publication import BalType
from balorg.interop.fhir import (
    FhirFormatError,
    contact_point,
    is_mailbox,
    organization_identifiers,
    person_ref,
    public_contact_point,
    read_entry,
    read_fields,
    read_mailbox,
    structure_ref,
)
from balorg.interop.fhir.identifiers import structure_numbers
from balorg.interop.fhir.systems import MAILBOX_METADATA_URL

JSON = dict[str, Any]
FULL = entry(
    description="Officine",
    service="Préparations",
    responsible_contact="Mme Martin, 05 61 00 00 01",
    red_listed=True,
    rank=1,
)


def test_the_contact_point_has_the_form_of_the_extension_definition() -> None:
    assert contact_point(FULL) == {
        "system": "email",
        "value": "officine@pharmacie-du-centre.mssante.fr",
        "rank": 1,
        "extension": [
            {
                "url": "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type",
                "valueCoding": {
                    "system": "https://mos.esante.gouv.fr/NOS/TRE_R256-TypeMessagerie/FHIR/TRE-R256-TypeMessagerie",
                    "code": "MSSANTE",
                },
            },
            {
                "url": "https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata",
                "extension": [
                    {
                        "url": "type",
                        "valueCodeableConcept": {
                            "coding": [
                                {
                                    "system": "https://mos.esante.gouv.fr/NOS/TRE_R257-TypeBAL/FHIR/TRE-R257-TypeBAL",
                                    "code": "ORG",
                                }
                            ]
                        },
                    },
                    {"url": "description", "valueString": "Officine"},
                    {"url": "service", "valueString": "Préparations"},
                    {"url": "responsible", "valueString": "Mme Martin, 05 61 00 00 01"},
                    {"url": "listeRouge", "valueBoolean": True},
                ],
            },
        ],
    }


def test_absent_optional_values_are_left_out_and_the_red_list_always_sent() -> None:
    cp = contact_point(entry(description=None))
    assert "rank" not in cp
    assert cp["extension"][1]["extension"][1:] == [{"url": "listeRouge", "valueBoolean": False}]


def test_the_public_form_never_carries_the_responsible_contact() -> None:
    public = public_contact_point(FULL)
    assert "Mme Martin" not in json.dumps(public)
    assert "responsible" not in [e["url"] for e in public["extension"][1]["extension"]]
    assert read_entry(public, structure=PHARMACY) == FULL.public()


def test_removed_sub_extensions_are_never_written() -> None:
    names = {e["url"] for e in contact_point(FULL)["extension"][1]["extension"]}
    assert names == {"type", "description", "service", "responsible", "listeRouge"}


@pytest.mark.parametrize(
    "written", [entry(), FULL, FULL.public(), entry(bal_type=BalType.APP, rank=3)]
)
def test_the_contact_point_is_valid_fhir_r4_inside_its_organization(written: Any) -> None:
    Organization.model_validate(carrier(contact_point(written), public_contact_point(written)))


def test_reading_the_written_form_gives_the_entry_back() -> None:
    assert read_entry(contact_point(FULL), structure=PHARMACY) == FULL


# -- the variants of ANS material ---------------------------------------------------------------


def test_the_annuaire_example_reads_with_its_description_and_red_list() -> None:
    read = read_mailbox(ans.NANCY_MAILBOX)
    assert (str(read.address), read.bal_type, read.description, read.red_listed) == (
        "exemple.address@address.mssante.fr",
        BalType.ORG,
        "Description-mss",
        False,
    )
    assert read.service is None


def test_the_removed_phone_and_digitization_are_accepted_and_ignored() -> None:
    assert read_mailbox(ans.nancy_before_june_2026()) == read_mailbox(ans.NANCY_MAILBOX)


def test_the_openapi_type_coded_on_the_wrong_system_reads_as_the_type() -> None:
    fields = read_fields(ans.OPENAPI_MAILBOX)
    assert fields.bal_type is BalType.ORG
    assert (fields.service, fields.responsible, fields.rank) == (
        "Service des admissions",
        "Responsable de la BAL",
        1,
    )


def test_the_feeding_page_form_reads_a_value_code_type_and_no_description() -> None:
    assert is_mailbox(ans.FEEDING_PAGE_MAILBOX)
    read = read_mailbox(ans.FEEDING_PAGE_MAILBOX)
    assert (read.bal_type, read.description, read.red_listed) == (BalType.ORG, None, False)


@pytest.mark.parametrize(
    "type_extension",
    [
        {"url": "type", "valueCoding": {"code": "APP"}},
        {"url": "type", "valueCode": "app"},
        {"url": "type", "valueCodeableConcept": {"coding": [{"code": "APP"}]}},
    ],
)
def test_the_type_reads_in_every_form(type_extension: JSON) -> None:
    cp = copy.deepcopy(ans.FEEDING_PAGE_MAILBOX)
    cp["extension"][0]["extension"][0] = type_extension
    assert read_fields(cp).bal_type is BalType.APP


def test_a_mailbox_with_no_type_reads_the_carriers_default() -> None:
    cp = copy.deepcopy(ans.PHARMACIST["telecom"][0])
    assert read_mailbox(cp, default_type=BalType.PER).bal_type is BalType.PER
    assert read_entry(cp, structure=PHARMACY).bal_type is BalType.ORG


@pytest.mark.parametrize("telecom", ans.NANCY["telecom"][:3])
def test_a_phone_a_fax_or_an_ordinary_email_is_not_a_mailbox(telecom: JSON) -> None:
    assert not is_mailbox(telecom)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"rank": "1"}, "ContactPoint.rank"),
        ({"rank": 0}, "ContactPoint.rank"),
        ({"system": "phone"}, "ContactPoint.system"),
        ({"value": ""}, "ContactPoint.value"),
        ({"extension": {"url": MAILBOX_METADATA_URL}}, "ContactPoint.extension"),
    ],
)
def test_a_shape_no_ans_material_has_is_an_error_at_its_path(change: JSON, where: str) -> None:
    with pytest.raises(FhirFormatError) as error:
        read_fields(ans.NANCY_MAILBOX | change)
    assert error.value.params["path"] == where


@pytest.mark.parametrize(
    ("sub", "where"),
    [
        ({"url": "type", "valueCode": "XYZ"}, "extension[0].valueCode"),
        ({"url": "listeRouge", "valueString": "true"}, ""),
        ({"url": "listeRouge", "valueBoolean": "true"}, "extension[0].valueBoolean"),
        ({"url": "description", "valueString": 3}, "extension[0].valueString"),
    ],
)
def test_a_sub_extension_of_the_wrong_type_is_an_error(sub: JSON, where: str) -> None:
    cp = {
        "system": "email",
        "value": "a@b.mssante.fr",
        "extension": [{"url": MAILBOX_METADATA_URL, "extension": [sub]}],
    }
    if not where:  # a value in another form than the definition's: absent
        assert read_fields(cp).red_listed is None
        return
    with pytest.raises(FhirFormatError) as error:
        read_fields(cp)
    assert error.value.params["path"] == f"ContactPoint.extension[0].{where}"


def test_an_address_that_is_not_one_is_an_error() -> None:
    with pytest.raises(FhirFormatError) as error:
        read_entry(ans.NANCY_MAILBOX | {"value": "no address"}, structure=PHARMACY)
    assert error.value.code == "fhir.invalid_resource"


# -- identifiers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("structure", "second"),
    [
        (
            IdNatStruct.of(Finess.from_string("010000024")),
            ("https://finess.esante.gouv.fr", "FINEG"),
        ),
        (IdNatStruct.of(Siren.from_string("217601145")), ("https://sirene.fr", "SIREN")),
        (IdNatStruct.of(Siret.from_string("35600000000048")), ("https://sirene.fr", "SIRET")),
        (
            IdNatStruct.of(RppsRang.from_string("10009652727016")),
            ("https://rppsrang.esante.gouv.fr", "RPPSRG"),
        ),
        (
            IdNatStruct.of(AdeliRang.from_string("28700862701")),
            ("https://adelirang.esante.gouv.fr", "INTRN"),
        ),
        (IdNatStruct.of(NationalStructureId.from_string("S-0042")), None),
    ],
)
def test_the_carriers_identifiers_are_fr_core_slices_with_https_systems(
    structure: IdNatStruct, second: tuple[str, str] | None
) -> None:
    found = organization_identifiers(structure)
    assert found[0] == {
        "use": "official",
        "type": {
            "coding": [
                {
                    "system": "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203",
                    "code": "IDNST",
                }
            ]
        },
        "system": "urn:oid:1.2.250.1.71.4.2.2",
        "value": str(structure),
    }
    rest = [(i["system"], i["type"]["coding"][0]["code"]) for i in found[1:]]
    assert rest == ([second] if second else [])
    assert structure_ref(found) == StructureRef.read(str(structure))


def test_a_legal_entitys_finess_is_typed_finej() -> None:
    (_, finess) = organization_identifiers(PHARMACY, finess_type="FINEJ")
    assert finess["type"]["coding"][0]["code"] == "FINEJ"


def test_http_systems_of_the_openapi_read_like_the_https_ones() -> None:
    numbers = structure_numbers(ans.HTTP_IDENTIFIERS)
    assert (numbers.finess, numbers.siren, numbers.siret) == ("123456789", "123456782", None)
    assert structure_ref(ans.HTTP_IDENTIFIERS) == StructureRef.read("1123456789")
    siret = [{"system": "http://sirene.fr", "value": "35600000000048"}]
    assert structure_ref(siret) == StructureRef.read("335600000000048")


def test_an_ans_example_structure_reads_by_its_idnat_without_enforcing_keys() -> None:
    assert structure_ref(ans.PHARMACY["identifier"]) == StructureRef.read("1580008803")
    # AsOrganizationExampleFictive's "hôpital fictif": its FINESS fails the check key.
    fictitious = structure_ref([{"system": "urn:oid:1.2.250.1.71.4.2.2", "value": "1458174839"}])
    assert fictitious == StructureRef("1458174839", None)


def test_a_practitioner_reads_by_idnat_ps_else_by_rpps_in_any_spelling() -> None:
    ref = person_ref(ans.PHARMACIST["identifier"])
    assert ref == PersonRef.read("810102727017")
    assert ref is not None
    assert ref.parsed is None  # ANS's fictitious RPPS fails its key: kept as text
    for system in ("https://rpps.esante.gouv.fr", "http://rpps.sante.gouv.fr"):
        assert person_ref([{"system": system, "value": "10102727017"}]) == ref
    assert person_ref([{"system": "https://annuaire.sante.fr", "value": "1001500032"}]) is None


def test_an_entry_read_back_keeps_the_address_normalised() -> None:
    shouting = contact_point(entry()) | {"value": "Officine@Pharmacie-du-Centre.MSSANTE.fr"}
    assert read_entry(shouting, structure=PHARMACY).address == EmailAddress(
        "officine@pharmacie-du-centre.mssante.fr"
    )
    assert read_fields(shouting).value == "Officine@Pharmacie-du-Centre.MSSANTE.fr"
