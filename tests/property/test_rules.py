"""Properties of the pure rules over the public strategies: the access table, the grant
rule, the structure identifier and what each directory shows."""

from __future__ import annotations

import datetime as dt

from attrs import frozen
from hypothesis import given, settings
from hypothesis import strategies as st

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.capabilities import ALL_CAPABILITIES, Capability
from balorg.domain.delegation import Delegation, DelegationState
from balorg.domain.errors import Severity
from balorg.domain.identifiers import Finess, IdNatStruct, Siren, Siret
from balorg.domain.mailbox import LifecycleState, OrganisationalMailbox
from balorg.domain.publication import DirectoryKind
from balorg.domain.structure import StructureCategory
from balorg.rules import publication
from balorg.rules.access import ACTION_RULES, Action, capabilities_of, decide
from balorg.rules.delegations import plan_grant
from balorg.rules.structure_identifier import structure_identifier
from balorg.testing import strategies as bst

_LIVE_OR_ANY = st.sampled_from([[LifecycleState.ACTIVE], None])
_VALIDATED_OR_ANY = st.sampled_from([[AccountState.ACTIVE], None])


@frozen
class _Case:
    action: Action
    account: ConnectionAccount
    mailbox: OrganisationalMailbox
    delegation: Delegation | None
    now: dt.datetime
    role: str


@st.composite
def _cases(draw: st.DrawFn) -> _Case:
    """An action asked by the responsible, a member (their own delegation given) or a
    stranger, at a time that may be past the delegation's expiry."""
    # Live mailboxes, validated accounts and active delegations half of the time: the
    # allowed answers are rare otherwise.
    mailbox = draw(bst.mailboxes(states=draw(_LIVE_OR_ANY)))
    role = draw(st.sampled_from(("responsible", "member", "member", "stranger")))
    stranger = draw(bst.email_addresses())
    address = mailbox.responsible.account if role == "responsible" else stranger
    delegation = None
    if role == "member":
        states = draw(st.sampled_from([[DelegationState.ACTIVE], None]))
        delegation = draw(bst.delegations(mailbox.address, address, states=states))
    later = draw(st.timedeltas(dt.timedelta(0), dt.timedelta(days=400)))
    return _Case(
        action=draw(st.sampled_from(Action)),
        account=draw(bst.connection_accounts(address=address, states=draw(_VALIDATED_OR_ANY))),
        mailbox=mailbox,
        delegation=delegation,
        now=mailbox.created_at + dt.timedelta(hours=1) + later,
        role=role,
    )


def _decide(case: _Case) -> bool:
    decision = decide(
        case.action,
        account=case.account,
        mailbox=case.mailbox,
        delegation=case.delegation,
        now=case.now,
    )
    assert bool(decision.reasons) is not decision.allowed
    assert len(decision.reasons) <= 1  # one reason: the first check that failed
    return decision.allowed


def _active_capabilities(case: _Case) -> frozenset[Capability]:
    """What the account's delegation gives at ``now``, read from the record."""
    d = case.delegation
    if d is None or d.state is not DelegationState.ACTIVE:
        return frozenset()
    if d.expires_at is not None and case.now >= d.expires_at:
        return frozenset()
    return d.capabilities


def _is_responsible(case: _Case) -> bool:
    return case.account.address == case.mailbox.responsible.account


@settings(max_examples=100)
@given(_cases())
def test_everything_the_table_admits_is_allowed_and_nothing_else(case: _Case) -> None:
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

    allowed = _decide(case)

    assert allowed is admitted
    if allowed:
        # Never outside the states of its rule; an account not validated only as a
        # responsible completing the registration; a member only what their active
        # delegation carries, never what is the responsible's alone.
        assert case.mailbox.state in rule.states
        assert case.account.state is AccountState.ACTIVE or registering
        if not _is_responsible(case):
            held = capabilities_of(case.mailbox, case.account.address, case.delegation, case.now)
            assert rule.capability is not None
            assert rule.capability in held


def test_the_cases_reach_every_role_and_both_answers() -> None:
    """Guard against a generator that never produces members, strangers or allowances."""
    seen: set[object] = set()

    @settings(max_examples=60)
    @given(_cases())
    def collect(case: _Case) -> None:
        seen.add(case.role)
        seen.add(_decide(case))

    collect()
    assert seen == {"responsible", "member", "stranger", True, False}


# -- granting --------------------------------------------------------------------------------------


_OFFSETS = st.timedeltas(-dt.timedelta(days=1), dt.timedelta(days=400))


@st.composite
def _grants(draw: st.DrawFn) -> dict[str, object]:
    mailbox = draw(bst.mailboxes(states=[LifecycleState.ACTIVE]))
    responsible = draw(st.booleans())
    grantor = mailbox.responsible.account if responsible else draw(bst.email_addresses())
    grantor_delegation = None if responsible else draw(bst.delegations(mailbox.address, grantor))
    account = draw(bst.connection_accounts())
    current = draw(st.none() | bst.delegations(mailbox.address, account.address))
    later = draw(st.timedeltas(dt.timedelta(0), dt.timedelta(days=60)))
    now = mailbox.created_at + dt.timedelta(minutes=5) + later
    return {
        "mailbox": mailbox,
        "grantor": grantor,
        "grantor_delegation": grantor_delegation,
        "account": account,
        "current": current,
        "capabilities": draw(st.frozensets(st.sampled_from(Capability))),
        "expires_at": draw(
            st.none()
            | st.timedeltas(-dt.timedelta(days=1), dt.timedelta(days=400)).map(lambda d: now + d)
        ),
        "now": now,
    }


@settings(max_examples=60)
@given(_grants())
def test_an_allowed_grant_never_exceeds_nor_outlives_its_grantor(
    arguments: dict[str, object],
) -> None:
    plan = plan_grant(**arguments)  # type: ignore[arg-type]
    mailbox: OrganisationalMailbox = arguments["mailbox"]  # type: ignore[assignment]
    grantor_delegation: Delegation | None = arguments["grantor_delegation"]  # type: ignore[assignment]
    now: dt.datetime = arguments["now"]  # type: ignore[assignment]
    account: ConnectionAccount = arguments["account"]  # type: ignore[assignment]
    current: Delegation | None = arguments["current"]  # type: ignore[assignment]

    assert all(w.severity is Severity.WARNING for w in plan.decision.warnings)
    if not plan.decision:
        return
    held = capabilities_of(mailbox, arguments["grantor"], grantor_delegation, now)  # type: ignore[arg-type]
    assert plan.capabilities
    assert plan.capabilities <= held <= ALL_CAPABILITIES
    assert plan.expires_at is None or plan.expires_at > now
    if grantor_delegation is not None and not mailbox.is_responsible(arguments["grantor"]):  # type: ignore[arg-type]
        limit = grantor_delegation.expires_at
        if limit is not None:
            assert plan.expires_at is not None
            assert plan.expires_at <= limit
    assert not mailbox.is_responsible(account.address)
    assert current is None or not current.is_live_at(now)
    assert plan.number == (current.number + 1 if current is not None else 1)
    assert plan.pending_validation is (account.state is AccountState.PENDING_VALIDATION)


# -- structure identifier and directories ---------------------------------------------------------


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


@given(bst.mailboxes(), st.sampled_from(DirectoryKind))
def test_a_directory_shows_a_mailbox_as_the_publication_rule_says(
    mailbox: OrganisationalMailbox, directory: DirectoryKind
) -> None:
    shown = publication.entry(mailbox, directory)

    if directory is DirectoryKind.NATIONAL:
        expected = mailbox.state in (LifecycleState.ACTIVE, LifecycleState.SUSPENDED)
    else:
        expected = (
            mailbox.state is LifecycleState.ACTIVE and not mailbox.red_list.operator_directory
        )
    assert (shown is not None) is expected is publication.listed(mailbox, directory)
    if shown is not None:
        assert shown.address == mailbox.address
        assert shown.structure == mailbox.structure.identifier
        assert shown.red_listed is (
            directory is DirectoryKind.NATIONAL and mailbox.red_list.national_directory
        )
        assert shown.public().responsible_contact is None
