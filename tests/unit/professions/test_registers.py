"""The dated register rule: which of RPPS and ADELI identifies a profession, and when."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from balorg.domain.errors import Severity
from balorg.domain.professions import (
    Profession,
    ProfessionDataError,
    Register,
    RegisterRule,
    RegisterStatus,
    all_professions,
    eligible_professions,
    is_eligible,
    lookup,
    register_problems,
    register_rule,
    register_status,
    register_table,
)
from balorg.domain.professions.registers import parse_register_table

RPPS, ADELI = Register.RPPS, Register.ADELI
ACCEPTED, OBSOLETE, REFUSED, UNCONFIRMED = RegisterStatus  # in declaration order
ONE_DAY = timedelta(days=1)
TODAY = date(2026, 11, 22)

CASE_1 = ["médecin", "chirurgien-dentiste", "pharmacien", "sage-femme"]
# DOMAIN.md 7.1: titles being moved into RPPS, no date.
BEING_MOVED_UNDATED = ["chiropracteur", "ostéopathe", "psychothérapeute"]
# DOMAIN.md 7.1: "lot 3", RPPS from 2024-06-05 (ANS mail "Bascule ADELI du lot 3"; CRAMIF).
LOT_3 = [
    "psychologue",
    "opticien-lunetier",
    "audioprothésiste",
    "orthoprothésiste",
    "podo-orthésiste",
    "épithésiste",
    "oculariste",
    "orthopédiste-orthésiste",
]
LOT_3_MOVED = date(2024, 6, 5)
# DOMAIN.md 7.1: other ADELI paramédicaux moved "in 2024" (DREES), no day.
MOVED_IN_2024 = [
    "orthophoniste",
    "orthoptiste",
    "ergothérapeute",
    "psychomotricien",
    "diététicien",
    "manipulateur en radiologie",
    "technicien de laboratoire",
]
# (profession, move date) where the day is known: DOMAIN.md sections 2 and 7.1.
MOVES = [
    ("infirmier", date(2021, 10, 28)),
    ("masseur-kinésithérapeute", date(2016, 12, 5)),
    ("assistant de service social", date(2023, 6, 15)),
    *((name, LOT_3_MOVED) for name in LOT_3),
]
ANY_DAYS = [date(2000, 1, 1), date(2016, 12, 5), date(2021, 10, 28), TODAY]


def status(name: str, register: Register, on: date) -> RegisterStatus:
    return register_status(lookup(name), register, on)


# --- the seed's table is the rule between the moves of 2017 and 2021 ---------


@pytest.mark.parametrize("name", [*CASE_1, "masseur-kinésithérapeute", "pédicure-podologue"])
def test_the_seeds_case_1_is_identified_by_rpps(name: str) -> None:
    assert register_rule(lookup(name), date(2020, 1, 1)).preferred is RPPS


@pytest.mark.parametrize(
    "name",
    [*BEING_MOVED_UNDATED, *LOT_3, *MOVED_IN_2024, "infirmier", "assistant de service social"],
)
def test_the_seeds_case_2_is_identified_by_adeli(name: str) -> None:
    assert register_rule(lookup(name), date(2020, 1, 1)).preferred is ADELI


# --- always RPPS ----------------------------------------------------------------


@pytest.mark.parametrize("on", ANY_DAYS)
@pytest.mark.parametrize("name", CASE_1)
def test_an_adeli_number_is_refused_for_the_rpps_professions_at_any_date(
    name: str, on: date
) -> None:
    assert status(name, ADELI, on) is REFUSED
    assert status(name, RPPS, on) is ACCEPTED


def test_a_medecin_with_adeli_gets_a_refusal_naming_rpps() -> None:
    [problem] = register_problems(lookup("médecin"), ADELI, date(2024, 3, 1))
    assert problem.code == "register.refused"
    assert problem.is_error
    assert problem.path == ""
    assert problem.params["register"] == "ADELI"
    assert problem.params["accepted"] == "RPPS"
    assert problem.params["preferred"] == "RPPS"
    assert problem.params["profession_code"] == "TRE_G15:10"
    assert "RPPS" in problem.message("fr")
    assert "Médecin" in problem.message("fr")


# --- the moves ADELI -> RPPS on a known day -----------------------------------------


@pytest.mark.parametrize(("name", "moved_on"), MOVES)
def test_before_a_move_only_adeli_identifies_the_profession(name: str, moved_on: date) -> None:
    before = moved_on - ONE_DAY
    assert status(name, ADELI, before) is ACCEPTED
    # Decision: no RPPS number existed for them yet, so one given for that date is refused.
    assert status(name, RPPS, before) is REFUSED
    assert register_rule(lookup(name), before).preferred is ADELI


@pytest.mark.parametrize("offset", [0, 1, 365])
@pytest.mark.parametrize(("name", "moved_on"), MOVES)
def test_from_a_move_rpps_is_preferred_and_adeli_is_obsolete(
    name: str, moved_on: date, offset: int
) -> None:
    on = moved_on + offset * ONE_DAY
    assert status(name, RPPS, on) is ACCEPTED
    assert status(name, ADELI, on) is OBSOLETE
    rule = register_rule(lookup(name), on)
    assert (rule.preferred, rule.since, rule.moved) == (RPPS, moved_on, moved_on.isoformat())


@pytest.mark.parametrize(("name", "moved_on"), MOVES)
def test_an_obsolete_adeli_earns_a_dated_warning(name: str, moved_on: date) -> None:
    [warning] = register_problems(lookup(name), ADELI, moved_on)
    assert warning.code == "register.obsolete"
    assert warning.severity is Severity.WARNING
    assert not warning.is_error
    assert warning.params["since"] == moved_on
    assert warning.params["preferred"] == "RPPS"
    assert moved_on.isoformat() in warning.message("en")


@pytest.mark.parametrize(("name", "moved_on"), MOVES)
def test_an_rpps_number_given_before_a_move_is_refused_naming_adeli(
    name: str, moved_on: date
) -> None:
    [problem] = register_problems(lookup(name), RPPS, moved_on - ONE_DAY)
    assert (problem.code, problem.params["preferred"]) == ("register.refused", "ADELI")


def test_nurses_in_detail_around_2021_10_28() -> None:
    nurse = lookup("infirmier(e)")
    assert [
        (register_status(nurse, RPPS, d), register_status(nurse, ADELI, d))
        for d in (date(2021, 10, 27), date(2021, 10, 28), date(2021, 10, 29))
    ] == [(REFUSED, ACCEPTED), (ACCEPTED, OBSOLETE), (ACCEPTED, OBSOLETE)]


def test_social_workers_moved_on_2023_06_15_not_at_the_start_of_june() -> None:
    assert status("assistant de service social", RPPS, date(2023, 6, 1)) is REFUSED
    assert status("assistant de service social", ADELI, date(2023, 6, 14)) is ACCEPTED
    assert status("assistant de service social", ADELI, date(2023, 6, 15)) is OBSOLETE


def test_lot_3_moved_on_2024_06_05_and_psychologists_are_the_r95_code() -> None:
    psychologist = lookup("psychologue")
    assert psychologist.key == "TRE_R95:93"
    assert register_status(psychologist, RPPS, date(2024, 6, 4)) is REFUSED
    assert register_status(psychologist, RPPS, date(2024, 6, 5)) is ACCEPTED


# --- moves whose day is unknown: a window with a warning -------------------------


@pytest.mark.parametrize(
    ("on", "rpps", "adeli"),
    [
        (date(2017, 9, 30), REFUSED, ACCEPTED),
        (date(2017, 10, 1), UNCONFIRMED, UNCONFIRMED),
        (date(2017, 10, 31), UNCONFIRMED, UNCONFIRMED),
        (date(2017, 11, 1), ACCEPTED, OBSOLETE),
        (TODAY, ACCEPTED, OBSOLETE),
    ],
)
def test_podiatrists_entered_rpps_in_october_2017_day_unknown(
    on: date, rpps: RegisterStatus, adeli: RegisterStatus
) -> None:
    assert (status("pédicure-podologue", RPPS, on), status("pédicure-podologue", ADELI, on)) == (
        rpps,
        adeli,
    )


@pytest.mark.parametrize("register", [RPPS, ADELI])
def test_within_the_month_of_the_move_both_registers_warn_that_the_date_is_unconfirmed(
    register: Register,
) -> None:
    [warning] = register_problems(lookup("pédicure-podologue"), register, date(2017, 10, 15))
    assert warning.code == "register.date_unconfirmed"
    assert warning.severity is Severity.WARNING
    assert warning.params["moved"] == "2017-10"
    assert "not confirmed" in warning.message("en")
    assert "n'est pas confirmée" in warning.message("fr")


def test_after_the_month_of_the_move_adeli_is_obsolete_without_claiming_a_day() -> None:
    [warning] = register_problems(lookup("pédicure-podologue"), ADELI, TODAY)
    assert warning.code == "register.obsolete_approximate"
    assert warning.params["moved"] == "2017-10"
    assert "2017-10" in warning.message("fr")
    assert "2017-11-01" not in warning.message("fr")


@pytest.mark.parametrize("name", MOVED_IN_2024)
def test_the_groups_moved_in_2024_are_unconfirmed_through_2024_then_obsolete(
    name: str,
) -> None:
    profession = lookup(name)
    assert (status(name, RPPS, date(2023, 12, 31)), status(name, ADELI, date(2023, 12, 31))) == (
        REFUSED,
        ACCEPTED,
    )
    for on in (date(2024, 1, 1), date(2024, 12, 31)):
        assert status(name, RPPS, on) is status(name, ADELI, on) is UNCONFIRMED
        assert register_rule(profession, on).preferred is RPPS
        [warning] = register_problems(profession, ADELI, on)
        assert (warning.code, warning.params["moved"]) == ("register.date_unconfirmed", "2024")
    assert (status(name, RPPS, TODAY), status(name, ADELI, TODAY)) == (ACCEPTED, OBSOLETE)
    assert register_problems(profession, RPPS, TODAY) == ()


@pytest.mark.parametrize("on", ANY_DAYS)
@pytest.mark.parametrize("name", BEING_MOVED_UNDATED)
def test_titles_being_moved_accept_both_registers_with_an_undated_warning(
    name: str, on: date
) -> None:
    profession = lookup(name)
    for register in (RPPS, ADELI):
        assert status(name, register, on) is UNCONFIRMED
        [warning] = register_problems(profession, register, on)
        assert warning.code == "register.date_unconfirmed_undated"
        assert not warning.is_error
        assert profession.label in warning.message("fr")
    assert register_rule(profession, on).preferred is ADELI


@pytest.mark.parametrize("name", BEING_MOVED_UNDATED)
def test_an_rpps_number_is_never_refused_for_osteopaths_chiropractors_psychotherapists(
    name: str,
) -> None:
    assert all(
        p.severity is Severity.WARNING
        for on in ANY_DAYS
        for p in register_problems(lookup(name), RPPS, on)
    )


def test_every_dated_move_of_the_packaged_table_names_its_source() -> None:
    table = register_table()
    moved = {p for p, periods in table.periods.items() if len(periods) > 1}
    assert moved <= set(table.sources)
    assert moved <= set(table.moves)
    assert {p.label for p in set(table.sources) - moved} == {
        "Ostéopathe",
        "Chiropracteur",
        "Psychothérapeute",
    }


# --- eligibility ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "aide-soignant",
        "ambulancier",
        "auxiliaire de puériculture",
        "préparateur en pharmacie",
        "assistant dentaire",
        "physicien médical",
        "infirmier psychiatrique",
        "TRE_G15:93",
    ],
)
def test_other_known_professions_are_not_eligible(name: str) -> None:
    profession = lookup(name)
    for on in ANY_DAYS:
        rule = register_rule(profession, on)
        assert not rule.eligible
        assert not is_eligible(profession, on)
        assert rule.accepted == frozenset()
        assert rule.preferred is None
        assert rule.status(RPPS) is rule.status(ADELI) is REFUSED
        [problem] = register_problems(profession, RPPS, on)
        assert problem.code == "profession.not_eligible"
        assert problem.params["profession"] == profession.label


def test_both_professions_of_psychologue_psychotherapeute_are_eligible() -> None:
    for name in ("psychologue", "psychothérapeute"):
        assert all(is_eligible(lookup(name), on) for on in ANY_DAYS)


def test_the_eligible_professions_are_the_26_of_the_domain() -> None:
    eligible = eligible_professions(date(2026, 1, 1))
    assert len(eligible) == 26
    assert lookup("infirmier") in eligible
    assert lookup("aide-soignant") not in eligible


def test_an_accepted_register_raises_no_problem() -> None:
    assert register_problems(lookup("médecin"), RPPS, date(2026, 1, 1)) == ()


def test_a_datetime_is_read_as_its_day() -> None:
    rule = register_rule(lookup("infirmier"), datetime(2021, 10, 28, 0, 30))
    assert rule.on == date(2021, 10, 28)
    assert rule.preferred is RPPS


def test_a_rule_refuses_inconsistent_sets() -> None:
    nurse = lookup("infirmier")
    with pytest.raises(ValueError, match="obsolete"):
        RegisterRule(profession=nurse, on=date(2022, 1, 1), accepted={RPPS}, obsolete={ADELI})
    with pytest.raises(ValueError, match="unconfirmed"):
        RegisterRule(profession=nurse, on=date(2022, 1, 1), accepted={RPPS}, unconfirmed={ADELI})
    with pytest.raises(ValueError, match="both obsolete and unconfirmed"):
        RegisterRule(
            profession=nurse,
            on=date(2022, 1, 1),
            accepted={RPPS, ADELI},
            obsolete={ADELI},
            unconfirmed={ADELI},
            preferred=RPPS,
        )
    with pytest.raises(ValueError, match="preferred"):
        RegisterRule(profession=nurse, on=date(2022, 1, 1), accepted={RPPS, ADELI})
    with pytest.raises(ValueError, match="preferred"):
        RegisterRule(profession=nurse, on=date(2022, 1, 1), accepted={ADELI}, preferred=RPPS)


# --- properties -------------------------------------------------------------------

professions = st.sampled_from(all_professions())
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))
registers = st.sampled_from(Register)


@given(professions, days, registers)
def test_status_agrees_with_the_accepted_obsolete_and_unconfirmed_sets(
    profession: Profession, on: date, register: Register
) -> None:
    rule = register_rule(profession, on)
    got = rule.status(register)
    assert got is register_status(profession, register, on)
    assert (got is not REFUSED) == (register in rule.accepted)
    assert (got is OBSOLETE) == (register in rule.obsolete)
    assert (got is UNCONFIRMED) == (register in rule.unconfirmed)
    assert rule.obsolete <= rule.accepted
    assert rule.unconfirmed <= rule.accepted
    assert rule.eligible == bool(rule.accepted) == is_eligible(profession, on)
    if rule.preferred is not None:
        assert rule.status(rule.preferred) in (ACCEPTED, UNCONFIRMED)


@given(professions, days, registers)
def test_problems_agree_with_the_status(
    profession: Profession, on: date, register: Register
) -> None:
    problems = register_problems(profession, register, on)
    got = register_status(profession, register, on)
    assert len(problems) == (0 if got is ACCEPTED else 1)
    assert all(p.is_error == (got is REFUSED) for p in problems)
    assert all(p.code.startswith("register.date_") == (got is UNCONFIRMED) for p in problems)


@given(professions, days, st.integers(min_value=0, max_value=3650))
def test_rpps_once_accepted_is_never_refused_later(
    profession: Profession, on: date, later: int
) -> None:
    if register_status(profession, RPPS, on) is not REFUSED:
        assert register_status(profession, RPPS, on + timedelta(days=later)) is not REFUSED


# --- the data file -----------------------------------------------------------------


def test_the_table_is_loaded_once_and_dated() -> None:
    table = register_table()
    assert table is register_table()
    assert table.version
    assert table.as_of >= date(2026, 1, 1)


def _data() -> dict[str, Any]:
    return {
        "meta": {"version": "test", "as_of": date(2026, 1, 1)},
        "rule": [
            {
                "profession": "TRE_G15:60",
                "period": [
                    {"until": date(2021, 10, 28), "accepted": ["ADELI"], "preferred": "ADELI"},
                    {
                        "from": date(2021, 10, 28),
                        "accepted": ["RPPS", "ADELI"],
                        "obsolete": ["ADELI"],
                        "preferred": "RPPS",
                    },
                ],
            }
        ],
    }


def _broken(change: str) -> dict[str, Any]:
    data = copy.deepcopy(_data())
    rule = data["rule"][0]
    first, second = rule["period"]
    match change:
        case "unknown profession":
            rule["profession"] = "TRE_G15:99"
        case "bare code":
            rule["profession"] = "60"
        case "twice":
            data["rule"].append(copy.deepcopy(rule))
        case "overlap":
            first["until"] = date(2021, 10, 29)
        case "gap":
            first["until"] = date(2021, 10, 27)
        case "two open starts":
            del second["from"]
        case "empty period":
            second["until"] = date(2021, 10, 28)
        case "unknown register":
            second["accepted"] = ["RPPS", "FINESS"]
        case "obsolete not accepted":
            first["obsolete"] = ["RPPS"]
        case "preferred obsolete":
            second["preferred"] = "ADELI"
        case "no preferred":
            del first["preferred"]
        case "datetime":
            second["from"] = datetime(2021, 10, 28, 12)
        case "extra key":
            first["note"] = "x"
        case "unconfirmed not accepted":
            first["unconfirmed"] = ["RPPS"]
        case "obsolete and unconfirmed":
            second["unconfirmed"] = ["ADELI"]
        case "moved not a date":
            rule["moved"] = "October 2017"
        case "empty source":
            rule["source"] = " "
        case "no meta":
            del data["meta"]
    return data


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("unknown profession", "unknown profession key 'TRE_G15:99'"),
        ("bare code", "unknown profession key '60'"),
        ("twice", "two \\[\\[rule\\]\\] entries"),
        ("overlap", "overlapping periods"),
        ("gap", "gap between 2021-10-27 and 2021-10-28"),
        ("two open starts", "overlapping periods"),
        ("empty period", "is empty"),
        ("unknown register", "unknown register"),
        ("obsolete not accepted", "obsolete and unconfirmed must be accepted"),
        ("unconfirmed not accepted", "obsolete and unconfirmed must be accepted"),
        ("obsolete and unconfirmed", "both obsolete and unconfirmed"),
        ("moved not a date", "is not YYYY\\[-MM\\[-DD\\]\\]"),
        ("empty source", "source must be a non-empty string"),
        ("preferred obsolete", "preferred must be accepted and not obsolete"),
        ("no preferred", "preferred must be accepted and not obsolete"),
        ("datetime", "is not a date"),
        ("extra key", "unknown keys \\['note'\\]"),
        ("no meta", "no \\[meta\\]"),
    ],
)
def test_an_inconsistent_register_file_fails_loudly(change: str, reason: str) -> None:
    with pytest.raises(ProfessionDataError, match=reason) as caught:
        parse_register_table(_broken(change))
    assert caught.value.code == "professions.data_invalid"
    assert caught.value.params["file"] == "registers.toml"


def test_a_consistent_register_file_loads() -> None:
    table = parse_register_table(_data())
    assert table.rule(lookup("infirmier"), date(2021, 10, 28)).preferred is RPPS
    assert not table.rule(lookup("médecin"), date(2021, 10, 28)).eligible
