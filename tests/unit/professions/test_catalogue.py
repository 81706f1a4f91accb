"""The profession catalogue: codes, systems, labels and the spellings people type."""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from balorg.domain.professions import (
    AmbiguousProfession,
    CodeSystem,
    Profession,
    ProfessionDataError,
    UnknownProfession,
    all_professions,
    by_code,
    find,
    lookup,
)
from balorg.domain.professions.catalogue import parse_catalogue

G15, R95, R94 = CodeSystem.G15, CodeSystem.R95, CodeSystem.R94

# DOMAIN.md section 2, "Profession codes" table.
DOMAIN_TABLE = [
    ("10", "Médecin", G15),
    ("21", "Pharmacien", G15),
    ("26", "Audioprothésiste", G15),
    ("28", "Opticien-Lunetier", G15),
    ("40", "Chirurgien-Dentiste", G15),
    ("50", "Sage-Femme", G15),
    ("60", "Infirmier", G15),
    ("70", "Masseur-Kinésithérapeute", G15),
    ("80", "Pédicure-Podologue", G15),
    ("81", "Orthoprothésiste", G15),
    ("82", "Podo-Orthésiste", G15),
    ("83", "Orthopédiste-Orthésiste", G15),
    ("84", "Oculariste", G15),
    ("85", "Epithésiste", G15),
    ("86", "Technicien de laboratoire médical", G15),
    ("91", "Orthophoniste", G15),
    ("92", "Orthoptiste", G15),
    ("94", "Ergothérapeute", G15),
    ("95", "Diététicien", G15),
    ("96", "Psychomotricien", G15),
    ("98", "Manipulateur ERM", G15),
    ("71", "Ostéopathe", R95),
    ("72", "Psychothérapeute", R95),
    ("73", "Chiropracteur", R95),
    ("93", "Psychologue", R95),
    ("41", "Assistant de service social", R94),
]

# The seed guide's spellings ("Je vérifie l'éligibilité"), case 1 then case 2.
SEED_SPELLINGS = [
    ("médecin", "TRE_G15:10"),
    ("chirurgien(ne)-dentiste", "TRE_G15:40"),
    ("pharmacien(ne)", "TRE_G15:21"),
    ("sage-femme", "TRE_G15:50"),
    ("masseur(se)-kinésithérapeute", "TRE_G15:70"),
    ("pédicure-podologue", "TRE_G15:80"),
    ("audioprothésiste", "TRE_G15:26"),
    ("chiropracteur(rice)", "TRE_R95:73"),
    ("diététicien(ne)", "TRE_G15:95"),
    ("épithésiste", "TRE_G15:85"),
    ("ergothérapeute", "TRE_G15:94"),
    ("infirmier(e)", "TRE_G15:60"),
    ("manipulateur(rice) en radiologie", "TRE_G15:98"),
    ("oculariste", "TRE_G15:84"),
    ("opticien(ne)-lunetier", "TRE_G15:28"),
    ("ostéopathe", "TRE_R95:71"),
    ("orthopédiste-orthésiste", "TRE_G15:83"),
    ("orthophoniste", "TRE_G15:91"),
    ("orthoprothésiste", "TRE_G15:81"),
    ("orthoptiste", "TRE_G15:92"),
    ("podo-orthésiste", "TRE_G15:82"),
    ("psychomotricien(ne)", "TRE_G15:96"),
    ("technicien(ne) de laboratoire", "TRE_G15:86"),
    ("assistant(e) social(e)", "TRE_R94:41"),
    # DOMAIN.md's own wording and other everyday forms.
    ("manipulateur ERM", "TRE_G15:98"),
    ("Manipulateur en radiologie (ERM)", None),  # not a known spelling
    ("assistant social", "TRE_R94:41"),
    ("assistante sociale", "TRE_R94:41"),
    ("infirmière", "TRE_G15:60"),
    ("psychologue", "TRE_R95:93"),
    ("psychothérapeute", "TRE_R95:72"),
    ("SAGE FEMME", "TRE_G15:50"),
    ("  Chirurgien - Dentiste ", "TRE_G15:40"),
    ("kinésithérapeute", "TRE_G15:70"),
]

# Other TRE_G15 professions: known, with their official codes.
OTHER_G15 = [
    ("31", "Assistant dentaire", False),
    ("32", "Physicien médical", False),
    ("35", "Aide-soignant", True),
    ("36", "Ambulancier", True),
    ("37", "Auxiliaire de puériculture", True),
    ("38", "Préparateur en pharmacie hospitalière", True),
    ("39", "Préparateur en pharmacie (officine)", True),
    ("69", "Infirmier psychiatrique", False),
    ("93", "Psychologue", True),
]


@pytest.mark.parametrize(("code", "label", "system"), DOMAIN_TABLE)
def test_knows_every_profession_of_the_domain_with_its_code_and_system(
    code: str, label: str, system: CodeSystem
) -> None:
    profession = by_code(code, system)
    assert (profession.label, profession.deprecated) == (label, False)
    assert lookup(label) == profession
    assert lookup(f"{system.short}:{code}") == profession


@pytest.mark.parametrize(("code", "label", "deprecated"), OTHER_G15)
def test_knows_the_other_g15_professions(code: str, label: str, deprecated: bool) -> None:
    profession = by_code(code, G15)
    assert (profession.label, profession.deprecated) == (label, deprecated)


@pytest.mark.parametrize(("text", "key"), SEED_SPELLINGS)
def test_resolves_the_seed_spellings(text: str, key: str | None) -> None:
    found = find(text)
    assert (found.key if found else None) == key


def test_a_slash_between_two_professions_is_ambiguous_and_lists_both() -> None:
    with pytest.raises(AmbiguousProfession) as caught:
        lookup("psychologue/psychothérapeute")
    error = caught.value
    assert error.code == "profession.ambiguous"
    assert [p.key for p in error.candidates] == ["TRE_R95:93", "TRE_R95:72"]
    assert error.params["candidates"] == ("TRE_R95:93", "TRE_R95:72")
    assert isinstance(error, UnknownProfession)
    assert find("psychologue/psychothérapeute") is None


def test_a_slash_between_two_spellings_of_one_profession_is_that_profession() -> None:
    assert lookup("infirmier/infirmière").key == "TRE_G15:60"


@pytest.mark.parametrize(
    "text",
    ["plombier", "", "   ", "médecin/plombier", "TRE_G15:99", "TRE_X:10", "99", "G16:10", "١٠"],
)
def test_unknown_text_raises_unknown_profession_with_its_code(text: str) -> None:
    with pytest.raises(UnknownProfession) as caught:
        lookup(text)
    assert caught.value.code == "profession.unknown"
    assert caught.value.params == {"value": text}
    assert isinstance(caught.value, LookupError)
    assert not isinstance(caught.value, AmbiguousProfession)


@pytest.mark.parametrize("junk", [None, 10, object(), "€", "😴", "3²", b"10"])
def test_find_never_raises(junk: Any) -> None:
    assert find(junk) is None


@pytest.mark.parametrize(
    "text",
    [
        "TRE_R94:41",
        "tre_r94:41",
        "R94:41",
        " TRE_R94 : 41 ",
        "TRE_R94-ProfessionSocial:41",
        "TRE-R94-ProfessionSocial:41",
        "https://mos.esante.gouv.fr/NOS/TRE_R94-ProfessionSocial/FHIR/TRE-R94-ProfessionSocial|41",
        "urn:oid:1.2.250.1.213.1.6.1.4#41",
        "41",
    ],
)
def test_accepts_qualified_codes(text: str) -> None:
    assert lookup(text).label == "Assistant de service social"


def test_a_bare_code_prefers_the_active_profession_and_a_qualified_one_is_exact() -> None:
    assert lookup("93").key == "TRE_R95:93"
    assert lookup("TRE_G15:93").deprecated
    assert by_code("93").system is R95
    assert by_code("93", "TRE_G15").deprecated


def test_by_code_raises_for_unknown_codes_and_systems() -> None:
    with pytest.raises(UnknownProfession) as caught:
        by_code("99", CodeSystem.G15)
    assert caught.value.params == {"value": "TRE_G15:99"}
    with pytest.raises(UnknownProfession):
        by_code("10", "TRE_Z99")
    with pytest.raises(UnknownProfession):
        by_code("99")


def test_identity_is_system_and_code() -> None:
    keys = [p.key for p in all_professions()]
    assert len(keys) == len(set(keys))
    g15, r95 = by_code("93", G15), by_code("93", R95)
    assert g15 != r95
    assert (g15.code, g15.label) == (r95.code, r95.label)


def test_code_systems_have_oid_and_fhir_url() -> None:
    assert CodeSystem.G15.oid == "1.2.250.1.71.1.2.7"
    assert CodeSystem.R95.url.endswith("/TRE_R95-UsagerTitre/FHIR/TRE-R95-UsagerTitre")
    assert CodeSystem("urn:oid:1.2.250.1.213.1.6.1.109") is R95
    with pytest.raises(ValueError, match="TRE_X"):
        CodeSystem("TRE_X")


def test_a_profession_reads_as_its_label() -> None:
    nurse = lookup("infirmier")
    assert str(nurse) == "Infirmier"
    assert nurse.key == "TRE_G15:60"


def test_the_data_file_ships_inside_the_package() -> None:
    data = resources.files("balorg.domain.professions").joinpath("data", "professions.toml")
    assert data.is_file()


professions = st.sampled_from(all_professions())


@given(professions)
def test_every_profession_is_found_by_its_key_and_its_label(profession: Profession) -> None:
    assert lookup(profession.key) == profession
    assert lookup(f"  {profession.key.lower()} ") == profession
    by_label = lookup(profession.label)
    # Labels repeat only for a deprecated code whose active twin takes the label.
    if by_label != profession:
        assert profession.deprecated
        assert not by_label.deprecated
        assert by_label.label == profession.label
    assert lookup(profession.label.upper()) == by_label


# --- the data file is checked when loaded ------------------------------------


def _entry(**fields: Any) -> dict[str, Any]:
    return {"system": "G15", "code": "10", "label": "Médecin", **fields}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"profession": []}, "no \\[\\[profession\\]\\]"),
        ({"profession": [_entry(), _entry()]}, "TRE_G15:10 is listed twice"),
        ({"profession": [_entry(system="G99")]}, "unknown code system"),
        ({"profession": [_entry(code="1O")]}, "not a string of digits"),
        ({"profession": [_entry(code=10)]}, "not a string of digits"),
        ({"profession": [_entry(label=" ")]}, "is empty"),
        ({"profession": [_entry(deprecated="no")]}, "not a boolean"),
        ({"profession": [_entry(aliases="docteur")]}, "aliases"),
        ({"profession": [_entry(colour="blue")]}, "unknown keys \\['colour'\\]"),
        ({"profession": [_entry()], "extra": 1}, "unknown keys \\['extra'\\]"),
        (
            {
                "profession": [
                    _entry(aliases=["toubib"]),
                    _entry(code="21", label="Pharmacien", aliases=["Toubib"]),
                ]
            },
            "'toubib' is used by several professions",
        ),
        (
            {"profession": [_entry(), _entry(code="11", label="médecin")]},
            "with no preferred one",
        ),
        (
            {"profession": [_entry(), _entry(system="R95", label="Médecin bis")]},
            None,  # same code in two systems: fine, G15 is preferred for the bare code
        ),
    ],
)
def test_an_inconsistent_catalogue_fails_loudly(data: dict[str, Any], reason: str | None) -> None:
    if reason is None:
        assert parse_catalogue(data).by_bare_code["10"].system is G15
        return
    with pytest.raises(ProfessionDataError, match=reason) as caught:
        parse_catalogue(data)
    assert caught.value.code == "professions.data_invalid"
