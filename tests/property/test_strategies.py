"""The public strategies generate what they promise: valid, and as asked."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.addresses import EmailAddress, is_mssante_address
from balorg.domain.audit import AuditRecord, canonical, verify_chain
from balorg.domain.delegation import Delegation, DelegationState, Review
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
from balorg.domain.mail import Notice
from balorg.domain.mailbox import MAX_RANK, LifecycleState, OrganisationalMailbox
from balorg.domain.professional import Professional
from balorg.domain.professions import Profession, is_eligible, register_table
from balorg.domain.publication import DirectoryKind, EntryField, Insert, Replace
from balorg.domain.session import Session
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


@given(bst.mailboxes(states=[LifecycleState.ACTIVE, LifecycleState.SUSPENDED]))
def test_mailboxes_are_built_as_asked(mailbox: OrganisationalMailbox) -> None:
    assert mailbox.state in (LifecycleState.ACTIVE, LifecycleState.SUSPENDED)
    assert mailbox.finished_at is not None
    responsible = mailbox.responsible
    on = responsible.designated_at.date()
    assert not [p for p in responsible.professional.eligibility_problems(on) if p.is_error]
    assert mailbox.rank is None or 1 <= mailbox.rank <= MAX_RANK
    assert mailbox.events[0].name == "MailboxRegistered"
    assert "MailboxActivated" in [e.name for e in mailbox.events]
    assert all(e.at >= mailbox.created_at for e in mailbox.events)


@given(bst.mailboxes(states=[LifecycleState.PENDING]))
def test_pending_mailboxes_do_not_go_live_on_their_own(mailbox: OrganisationalMailbox) -> None:
    assert mailbox.state is LifecycleState.PENDING
    finished = mailbox.finished_at is not None
    assert (mailbox.live_problems(responsible_validated=True) == ()) is finished


@given(
    bst.connection_accounts(states=[AccountState.REJECTED]),
    bst.connection_accounts(states=[AccountState.CANCELLED]),
    bst.connection_accounts(),
)
def test_accounts_are_in_the_state_asked(
    rejected: ConnectionAccount, cancelled: ConnectionAccount, any_: ConnectionAccount
) -> None:
    assert rejected.state is AccountState.REJECTED
    assert rejected.decision_reason
    assert cancelled.state is AccountState.CANCELLED
    assert cancelled.credential_pending
    assert any_.events[0].name == "AccountCreated"
    assert any_.created_by is not None
    assert any_.may_log_in is (any_.is_active and not any_.credential_pending)


@given(st.data(), st.sampled_from(DelegationState))
def test_delegations_are_in_the_state_asked_on_what_was_asked(
    data: st.DataObject, state: DelegationState
) -> None:
    mailbox, account, grantor = data.draw(
        st.lists(bst.email_addresses(), min_size=3, max_size=3, unique=True)
    )
    delegation: Delegation = data.draw(
        bst.delegations(mailbox, account, granted_by=grantor, states=[state])
    )

    assert delegation.state is state
    assert (delegation.mailbox, delegation.account, delegation.granted_by) == (
        mailbox,
        account,
        grantor,
    )
    assert delegation.capabilities
    assert 1 <= delegation.number <= 9
    assert delegation.events[0].name == "DelegationGranted"
    assert all(e.at >= delegation.granted_at for e in delegation.events)
    if delegation.expires_at is not None and state is not DelegationState.EXPIRED:
        # Every change happened while the delegation could still be changed.
        assert all(e.at < delegation.expires_at for e in delegation.events)
    if state is DelegationState.EXPIRED:
        assert delegation.events[-1].name == "DelegationExpired"
    if state.is_final:
        assert delegation.review is Review.NONE


def test_delegations_reach_every_review_and_reminder() -> None:
    seen: set[object] = set()

    @settings(max_examples=150)
    @given(bst.delegations(states=[DelegationState.ACTIVE, DelegationState.SUSPENDED]))
    def collect(delegation: Delegation) -> None:
        seen.add(delegation.review)
        seen.add(delegation.reminded_at is not None)
        seen.add(delegation.expires_at is None)

    collect()
    assert seen >= {Review.NONE, Review.TO_REVIEW, Review.KEPT, True, False}


@given(st.data())
def test_sessions_belong_to_the_account_asked_and_are_usable_until_ended(
    data: st.DataObject,
) -> None:
    account = data.draw(bst.email_addresses())
    session: Session = data.draw(bst.sessions(account))

    assert session.account == account
    assert len(session.token_hash) == 64
    assert session.events[0].name == "SessionOpened"
    problem = session.problem_at(session.last_seen_at)
    assert (problem is None) is (session.ended_at is None)


@given(bst.audit_records())
def test_audit_records_are_refused_with_reasons_or_allowed_without(record: AuditRecord) -> None:
    assert bool(record.reasons) is not record.allowed
    assert record.at.tzinfo is not None
    assert record.actor.startswith("system:") is record.auth.startswith("system:")
    json.loads(canonical(record))  # plain JSON, UTF-8 encodable
    canonical(record).encode("utf-8")


@settings(max_examples=30)
@given(st.data())
def test_audit_chains_verify_and_stay_in_their_mailboxs_chain(data: st.DataObject) -> None:
    mailbox = data.draw(bst.mssante_addresses())
    entries = data.draw(bst.audit_chains(mailbox, max_size=4))

    assert 1 <= len(entries) <= 4
    assert {e.chain for e in entries} == {f"mailbox:{mailbox}"}
    assert verify_chain(entries, expected_head=entries[-1].hash).ok


@given(st.data())
def test_mailbox_entries_and_directory_changes_are_as_asked(data: st.DataObject) -> None:
    address = data.draw(bst.mssante_addresses())
    entry = data.draw(bst.mailbox_entries(address))
    change = data.draw(bst.directory_changes(DirectoryKind.OPERATOR))

    assert entry.address == address
    assert change.directory is DirectoryKind.OPERATOR
    for operation in change.operations:
        if isinstance(operation, Insert):
            assert (operation.entry.address, operation.entry.structure) == (
                change.address,
                change.carrier,
            )
        elif isinstance(operation, Replace):
            kinds = {EntryField.RED_LIST: bool, EntryField.RANK: int}
            assert operation.value is None or isinstance(
                operation.value, kinds.get(operation.field, str)
            )


@given(bst.notices())
def test_notices_render_in_both_languages(notice: Notice) -> None:
    assert notice.render("fr").subject
    assert notice.render("en").body


@pytest.mark.parametrize(
    "make",
    [
        lambda: bst.adeli_numbers(profession_code="6"),
        lambda: bst.adeli_numbers(department="20"),
        lambda: bst.siret_numbers("123456789"),
        lambda: bst.email_addresses(domain="pas un domaine"),
        lambda: bst.mailboxes(states=[]),
        lambda: bst.connection_accounts(states=[]),
        lambda: bst.delegations(states=[]),
        lambda: bst.audit_chains(max_size=0),
        lambda: bst.audit_chains(min_size=3, max_size=2),
    ],
)
def test_wrong_arguments_are_refused_at_once(make: Callable[[], object]) -> None:
    with pytest.raises(InvalidArgument):
        make()


def test_every_public_strategy_is_documented_and_exported() -> None:
    public = {n for n in dir(bst) if not n.startswith("_") and callable(getattr(bst, n))}
    exported = set(bst.__all__)

    assert exported <= public
    for name in exported:
        assert getattr(bst, name).__doc__, name
