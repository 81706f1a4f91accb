"""Properties of the pure rules: access, structure identifier, directory visibility."""

from __future__ import annotations

import datetime as dt

from attrs import frozen
from hypothesis import given
from hypothesis import strategies as st

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.addresses import EmailAddress
from balorg.domain.delegation import Capability, DelegationState
from balorg.domain.identifiers import Finess, IdNatStruct, Siren, Siret
from balorg.domain.mailbox import DirectoryKind, LifecycleState, OrganisationalMailbox
from balorg.domain.structure import StructureCategory
from balorg.rules.access import ACTION_RULES, Action, decide
from balorg.rules.structure_identifier import structure_identifier
from balorg.rules.visibility import visibility
from balorg.testing import strategies as bst


@frozen
class _Case:
    action: Action
    account: ConnectionAccount
    mailbox: OrganisationalMailbox
    now: dt.datetime


@st.composite
def _cases(draw: st.DrawFn) -> _Case:
    """An action asked by the responsible, a member or a stranger, at a time that
    may be past some expiries."""
    mailbox = draw(bst.mailboxes(max_delegations=4))
    people = [mailbox.responsible.account, *(d.account for d in mailbox.delegations)]
    address = draw(st.sampled_from(people) | bst.email_addresses())
    later = draw(st.timedeltas(dt.timedelta(0), dt.timedelta(days=400)))
    return _Case(
        action=draw(st.sampled_from(Action)),
        account=draw(bst.connection_accounts(address=address)),
        mailbox=mailbox,
        now=mailbox.created_at + dt.timedelta(hours=1) + later,
    )


def _active_capabilities(case: _Case) -> frozenset[Capability]:
    """What the account's delegations give at ``now``, read from the record."""
    held: set[Capability] = set()
    for d in case.mailbox.delegations:
        expired = d.expires_at is not None and case.now >= d.expires_at
        if d.account == case.account.address and d.state is DelegationState.ACTIVE and not expired:
            held |= d.capabilities
    return frozenset(held)


def _is_responsible(case: _Case) -> bool:
    return case.account.address == case.mailbox.responsible.account


@given(_cases())
def test_an_account_that_is_not_active_is_refused_except_the_responsible_registering(
    case: _Case,
) -> None:
    decision = decide(case.action, account=case.account, mailbox=case.mailbox, now=case.now)
    if decision and case.account.state is not AccountState.ACTIVE:
        # The documented exception: the responsible finishing the registration
        # of a pending mailbox while their own account waits for validation.
        assert ACTION_RULES[case.action].registration
        assert case.mailbox.state is LifecycleState.PENDING
        assert case.account.state is AccountState.PENDING_VALIDATION
        assert _is_responsible(case)


@given(_cases())
def test_no_action_is_allowed_outside_the_states_of_its_rule(case: _Case) -> None:
    decision = decide(case.action, account=case.account, mailbox=case.mailbox, now=case.now)
    if decision:
        assert case.mailbox.state in ACTION_RULES[case.action].states


@given(_cases())
def test_only_the_responsible_or_an_active_delegate_with_the_capability_is_allowed(
    case: _Case,
) -> None:
    decision = decide(case.action, account=case.account, mailbox=case.mailbox, now=case.now)
    needed = ACTION_RULES[case.action].capability
    if decision and not _is_responsible(case):
        assert needed is not None
        assert needed in _active_capabilities(case)


@given(_cases())
def test_everything_the_table_admits_is_allowed(case: _Case) -> None:
    rule = ACTION_RULES[case.action]
    registering = (
        rule.registration
        and _is_responsible(case)
        and case.mailbox.state is LifecycleState.PENDING
        and case.account.state is AccountState.PENDING_VALIDATION
    )
    admitted = (
        (case.account.state is AccountState.ACTIVE or registering)
        and case.mailbox.state in rule.states
        and (_is_responsible(case) or rule.capability in _active_capabilities(case))
    )
    decision = decide(case.action, account=case.account, mailbox=case.mailbox, now=case.now)
    assert decision.allowed is admitted, decision.reasons
    assert bool(decision.reasons) is not admitted


@given(
    st.sampled_from(StructureCategory),
    bst.finess(corsican=True),
    st.none() | bst.siret(),
    st.none() | bst.siren(),
)
def test_the_structure_identifier_is_the_finess_whenever_one_is_given(
    category: StructureCategory, finess: Finess, siret: Siret | None, siren: Siren | None
) -> None:
    choice = structure_identifier(category, finess=finess, siret=siret, siren=siren)

    assert choice.decision.allowed
    assert choice.identifier == IdNatStruct.of(finess)
    ignored = {p.path for p in choice.decision.warnings}
    assert ignored == {
        f"structure.{name}" for name, v in (("siret", siret), ("siren", siren)) if v is not None
    }


@given(bst.mailboxes(max_delegations=0), st.sampled_from(DirectoryKind))
def test_a_mailbox_is_published_iff_active_and_not_red_listed_there(
    mailbox: OrganisationalMailbox, directory: DirectoryKind
) -> None:
    red_listed = (
        mailbox.red_list.national_directory
        if directory is DirectoryKind.NATIONAL
        else mailbox.red_list.operator_directory
    )

    decision = visibility(mailbox, directory)

    assert decision.allowed is (mailbox.state is LifecycleState.ACTIVE and not red_listed)


def test_the_cases_reach_every_role() -> None:
    """Guard against a generator that never produces members or strangers."""
    seen: set[str] = set()

    @given(_cases())
    def collect(case: _Case) -> None:
        members = {d.account for d in case.mailbox.delegations}
        address: EmailAddress = case.account.address
        seen.add(
            "responsible"
            if _is_responsible(case)
            else "member"
            if address in members
            else "stranger"
        )

    collect()
    assert seen == {"responsible", "member", "stranger"}
