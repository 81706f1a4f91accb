"""The public strategies generate what they promise: valid, and as asked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.addresses import EmailAddress, is_mssante_address
from balorg.domain.identifiers import (
    Adeli,
    Finess,
    IdNatPS,
    IdNatStruct,
    Siren,
    Siret,
    adeli,
    finess,
    parse_ps,
    parse_struct,
    rpps,
    siren,
    siret,
)
from balorg.domain.mailbox import LifecycleState, OrganisationalMailbox
from balorg.domain.professional import Professional
from balorg.domain.professions import Profession, is_eligible, register_table
from balorg.domain.structure import Structure
from balorg.rules.structure_identifier import structure_identifier
from balorg.testing import strategies as bst


@given(bst.rpps_numbers(), bst.siren_numbers(), bst.siret_numbers(), bst.finess_numbers())
def test_numbers_are_valid_and_canonical(r: str, sn: str, st_: str, f: str) -> None:
    assert rpps.validate(r) == r
    assert siren.validate(sn) == sn
    assert siret.validate(st_) == st_
    assert finess.validate(f) == f
    assert f[:2] not in ("2A", "2B")


@given(bst.finess_numbers(corsican=True))
def test_corsican_finess_numbers_pass_the_unofficial_key(number: str) -> None:
    assert finess.key_verified(number)


@given(
    st.sampled_from(["60", "93", "41"]),
    st.sampled_from(["31", "2A", "2B", "9A", "9F", "95"]),
    st.data(),
)
def test_adeli_numbers_embed_the_profession_and_department_asked(
    code: str, department: str, data: st.DataObject
) -> None:
    number = data.draw(bst.adeli_numbers(profession_code=code, department=department))
    assert adeli.validate(number) == number
    assert (number[:2], adeli.profession_code(number)) == (department, code)
    assert not department.isdigit() or adeli.key_verified(number)


@given(st.data())
def test_siret_numbers_belong_to_the_siren_asked(data: st.DataObject) -> None:
    number = data.draw(st.sampled_from(["356000000", "260100045"]) | bst.siren_numbers())
    assert data.draw(bst.siret_numbers(number)).startswith(number)


@given(bst.idnat_ps(), bst.idnat_struct())
def test_national_identifiers_read_back(person: IdNatPS, structure: IdNatStruct) -> None:
    assert parse_ps(str(person)) == person
    assert parse_struct(str(structure)) == structure


@given(
    bst.email_addresses(), bst.email_addresses(domain="Cabinet-Martin.FR"), bst.mssante_addresses()
)
def test_addresses_are_valid_as_generated(
    anywhere: EmailAddress, there: EmailAddress, mssante: EmailAddress
) -> None:
    assert EmailAddress(str(anywhere)) == anywhere
    assert str(anywhere) == anywhere.value.lower()
    assert there.domain == "cabinet-martin.fr"
    assert is_mssante_address(mssante)


@given(bst.dates(), st.data())
def test_professions_follow_the_eligibility_asked(on: dt.date, data: st.DataObject) -> None:
    eligible: Profession = data.draw(bst.professions(eligible=True, on=on))
    other: Profession = data.draw(bst.professions(eligible=False, on=on))
    assert is_eligible(eligible, on)
    assert not is_eligible(other, on)


@given(bst.dates(), st.data())
def test_professionals_are_eligible_or_refused_on_the_day_asked(
    on: dt.date, data: st.DataObject
) -> None:
    good: Professional = data.draw(bst.professionals(on=on), label="eligible")
    bad: Professional = data.draw(bst.professionals(on=on, eligible=False), label="refused")
    assert not [p for p in good.eligibility_problems(on) if p.is_error]
    assert [p for p in bad.eligibility_problems(on) if p.is_error]
    if isinstance(good.idnat.identifier, Adeli):
        assert good.idnat.identifier.profession_code == good.profession.code


@given(bst.professionals(eligible=False))
def test_refused_professionals_include_eligible_professions_with_the_wrong_register(
    professional: Professional,
) -> None:
    # on=None is the day of the packaged register table.
    on = register_table().as_of
    assert [p for p in professional.eligibility_problems(on) if p.is_error]


@given(bst.structures())
def test_structures_are_identified_as_the_rule_chooses(structure: Structure) -> None:
    number = structure.identifier.identifier
    choice = structure_identifier(
        structure.category,
        finess=number if isinstance(number, Finess) else None,
        siret=number if isinstance(number, Siret) else None,
        siren=number if isinstance(number, Siren) else None,
    )
    assert choice.decision.allowed
    assert choice.identifier == structure.identifier


@given(bst.mailboxes(states=[LifecycleState.ACTIVE, LifecycleState.SUSPENDED], max_delegations=2))
def test_mailboxes_are_built_as_asked(mailbox: OrganisationalMailbox) -> None:
    assert mailbox.state in (LifecycleState.ACTIVE, LifecycleState.SUSPENDED)
    assert len(mailbox.delegations) <= 2
    responsible = mailbox.responsible
    on = responsible.designated_at.date()
    assert not [p for p in responsible.professional.eligibility_problems(on) if p.is_error]
    assert all(d.granted_by == responsible.account for d in mailbox.delegations)
    assert len({d.account for d in mailbox.delegations}) == len(mailbox.delegations)
    assert mailbox.events[0].name == "MailboxRegistered"


@given(bst.connection_accounts(states=[AccountState.REJECTED]), bst.connection_accounts())
def test_accounts_are_in_the_state_asked(
    rejected: ConnectionAccount, any_: ConnectionAccount
) -> None:
    assert rejected.state is AccountState.REJECTED
    assert any_.events[0].name == "AccountCreated"


@pytest.mark.parametrize(
    "make",
    [
        lambda: bst.adeli_numbers(profession_code="6"),
        lambda: bst.adeli_numbers(department="20"),
        lambda: bst.siret_numbers("123456789"),
        lambda: bst.email_addresses(domain="pas un domaine"),
        lambda: bst.mailboxes(states=[]),
        lambda: bst.connection_accounts(states=[]),
    ],
)
def test_wrong_arguments_are_refused_at_once(make: Callable[[], object]) -> None:
    with pytest.raises(InvalidArgument):
        make()
