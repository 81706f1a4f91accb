"""The organisational mailbox aggregate: its invariants and the events it records."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from tests.unit.domain.builders import (
    AGENT,
    ALICE,
    BOB,
    CAROL,
    DAY,
    HOUR,
    MAILBOX,
    RESPONSIBLE,
    T0,
    adeli_number,
    mailbox,
    professional,
    rpps_number,
    structure,
)

from balorg.domain.addresses import EmailAddress
from balorg.domain.delegation import ALL_CAPABILITIES, Capability, Delegation, DelegationState
from balorg.domain.errors import DomainRefusal
from balorg.domain.events import (
    DelegationActivated,
    DelegationGranted,
    DelegationResumed,
    DelegationRevoked,
    DelegationSuspended,
    DescriptionChanged,
    MailboxActivated,
    MailboxClosed,
    MailboxRegistered,
    MailboxResumed,
    MailboxSuspended,
    RedListChanged,
    RegistrationFinished,
    ResponsibilityHandedOver,
)
from balorg.domain.mailbox import (
    BalType,
    DirectoryKind,
    DirectoryLabel,
    LifecycleState,
    OrganisationalMailbox,
    RedList,
    Role,
)
from balorg.domain.professional import Professional

SECOND = dt.timedelta(seconds=1)
READ, SEND, MANAGE, ADMIN = (
    Capability.READ,
    Capability.SEND,
    Capability.MANAGE_MEMBERS,
    Capability.ADMINISTER,
)


def refusal_codes(excinfo: pytest.ExceptionInfo[DomainRefusal]) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in excinfo.value.problems]


def alice_professional() -> Professional:
    return professional(
        "21", rpps=rpps_number(1111), email=ALICE, first_name="Alice", last_name="Durand"
    )


# -- registration ------------------------------------------------------------------------------


def test_registers_a_pending_mailbox_and_records_who_registered_it() -> None:
    pharmacist = professional()

    box = OrganisationalMailbox.register(
        address=MAILBOX,
        generic_email=EmailAddress("pharmacieducentre@outlook.fr"),
        label=DirectoryLabel(last_name="Pharmacie", first_name="Du Centre"),
        structure=structure(),
        responsible=pharmacist,
        description="  Échanges avec les médecins  ",
        red_list=RedList(),
        by=RESPONSIBLE,
        at=T0,
    )

    assert box.state is LifecycleState.PENDING
    assert box.type is BalType.ORG
    assert box.created_at == T0
    assert box.description == "Échanges avec les médecins"
    assert box.responsible.professional == pharmacist
    assert box.responsible.account == pharmacist.email
    assert (box.responsible.designated_by, box.responsible.designated_at) == (RESPONSIBLE, T0)
    assert box.delegations == ()
    assert box.events == [
        MailboxRegistered(
            actor=RESPONSIBLE,
            at=T0,
            mailbox=MAILBOX,
            responsible=str(pharmacist.idnat),
            structure=str(structure().identifier),
        )
    ]
    assert box.events[0].responsible.startswith("8")


def test_registers_with_a_responsible_account_other_than_the_professional_address() -> None:
    box = OrganisationalMailbox.register(
        address=MAILBOX,
        generic_email=EmailAddress("pharmacieducentre@outlook.fr"),
        label=DirectoryLabel(last_name="Pharmacie", first_name="Du Centre"),
        structure=structure(),
        responsible=professional(email=EmailAddress("claire@example.org")),
        description="Échanges",
        red_list=RedList(),
        by=RESPONSIBLE,
        at=T0,
        responsible_account=RESPONSIBLE,
    )

    assert box.role_of(RESPONSIBLE) is Role.RESPONSIBLE
    assert box.role_of(EmailAddress("claire@example.org")) is Role.NONE


def _register(**changes: object) -> OrganisationalMailbox:
    arguments: dict[str, object] = {
        "address": MAILBOX,
        "generic_email": EmailAddress("pharmacieducentre@outlook.fr"),
        "label": DirectoryLabel(last_name="Pharmacie", first_name="Du Centre"),
        "structure": structure(),
        "responsible": professional(),
        "description": "Échanges",
        "red_list": RedList(),
        "by": RESPONSIBLE,
        "at": T0,
    }
    arguments.update(changes)
    return OrganisationalMailbox.register(**arguments)


def test_refuses_a_medecin_identified_by_adeli_as_responsible() -> None:
    with pytest.raises(DomainRefusal) as excinfo:
        _register(responsible=professional("10", adeli=adeli_number("10")))

    assert refusal_codes(excinfo) == [("register.refused", "responsible.identifier")]


def test_refuses_a_profession_that_may_not_be_responsible() -> None:
    with pytest.raises(DomainRefusal) as excinfo:
        _register(responsible=professional("aide-soignant"))

    assert refusal_codes(excinfo) == [("profession.not_eligible", "responsible.identifier")]


def test_accepts_a_responsible_whose_only_problem_is_a_warning() -> None:
    nurse = professional("60", adeli=adeli_number("60"))

    box = _register(responsible=nurse)

    assert box.responsible.professional == nurse


def test_refuses_a_blank_description_at_registration() -> None:
    with pytest.raises(DomainRefusal) as excinfo:
        _register(description="   ")

    assert refusal_codes(excinfo) == [("field.required", "description")]


# -- address and credentials -----------------------------------------------------------------


def test_the_address_cannot_be_reassigned() -> None:
    box = mailbox()

    with pytest.raises(attrs.exceptions.FrozenAttributeError):
        box.address = EmailAddress("autre@medimail.mssante.fr")  # type: ignore[misc]

    assert box.address == MAILBOX


def test_the_creation_time_cannot_be_reassigned() -> None:
    box = mailbox()

    with pytest.raises(attrs.exceptions.FrozenAttributeError):
        box.created_at = T0 + DAY  # type: ignore[misc]


def test_the_type_is_always_org() -> None:
    assert mailbox().type is BalType.ORG
    with pytest.raises(AttributeError):
        mailbox().type = BalType.PER  # type: ignore[misc]


def test_no_field_could_hold_a_credential() -> None:
    names = {f.name for f in attrs.fields(OrganisationalMailbox)}
    forbidden = ("password", "secret", "credential", "token", "hash", "login", "pin", "key")

    assert not [n for n in names if any(word in n.lower() for word in forbidden)]
    assert "address" in names  # the scan looks at the real fields


# -- lifecycle --------------------------------------------------------------------------------


def test_activates_suspends_resumes_and_closes_recording_each_step() -> None:
    box = mailbox(active=False)

    box.finish(by=RESPONSIBLE, at=T0 + HOUR)
    box.activate(by=AGENT, at=T0 + HOUR)
    box.suspend(by=AGENT, at=T0 + 2 * HOUR, reason="  audit  ")
    box.resume(by=AGENT, at=T0 + 3 * HOUR)
    box.close(by=RESPONSIBLE, at=T0 + 4 * HOUR, reason="cessation d'activité")

    assert box.state is LifecycleState.CLOSED
    assert box.pull_events() == [
        RegistrationFinished(actor=RESPONSIBLE, at=T0 + HOUR, mailbox=MAILBOX),
        MailboxActivated(actor=AGENT, at=T0 + HOUR, mailbox=MAILBOX),
        MailboxSuspended(actor=AGENT, at=T0 + 2 * HOUR, mailbox=MAILBOX, reason="audit"),
        MailboxResumed(actor=AGENT, at=T0 + 3 * HOUR, mailbox=MAILBOX),
        MailboxClosed(
            actor=RESPONSIBLE, at=T0 + 4 * HOUR, mailbox=MAILBOX, reason="cessation d'activité"
        ),
    ]
    assert box.events == []


def test_refuses_to_activate_a_mailbox_that_is_not_pending() -> None:
    box = mailbox()

    with pytest.raises(DomainRefusal) as excinfo:
        box.activate(by=AGENT, at=T0)

    assert excinfo.value.code == "mailbox.not_pending"
    assert excinfo.value.params == {"state": "active"}


def test_a_mailbox_goes_live_only_after_its_registration_is_finished() -> None:
    box = mailbox(active=False)
    with pytest.raises(DomainRefusal) as excinfo:
        box.activate(by=AGENT, at=T0)
    assert excinfo.value.code == "mailbox.registration_unfinished"
    assert box.state is LifecycleState.PENDING
    box.finish(by=RESPONSIBLE, at=T0)
    with pytest.raises(DomainRefusal) as excinfo:
        box.finish(by=RESPONSIBLE, at=T0)
    assert excinfo.value.code == "mailbox.already_finished"
    box.activate(by=AGENT, at=T0)
    assert box.state is LifecycleState.ACTIVE


def test_refuses_to_suspend_a_pending_mailbox_or_resume_an_active_one() -> None:
    with pytest.raises(DomainRefusal, match="not active"):
        mailbox(active=False).suspend(by=AGENT, at=T0, reason="audit")
    with pytest.raises(DomainRefusal, match="not suspended"):
        mailbox().resume(by=AGENT, at=T0)


def test_a_suspension_or_a_closure_needs_a_reason() -> None:
    box = mailbox()

    with pytest.raises(DomainRefusal) as suspended:
        box.suspend(by=AGENT, at=T0, reason=" ")
    with pytest.raises(DomainRefusal) as closed:
        box.close(by=AGENT, at=T0, reason="")

    assert refusal_codes(suspended) == [("field.required", "reason")]
    assert refusal_codes(closed) == [("field.required", "reason")]
    assert box.state is LifecycleState.ACTIVE
    assert box.events == []


def test_nothing_changes_after_the_mailbox_is_closed() -> None:
    box = mailbox()
    box.grant(account=ALICE, capabilities={READ}, by=RESPONSIBLE, at=T0)
    box.grant(account=BOB, capabilities={READ}, by=RESPONSIBLE, at=T0, pending_validation=True)
    box.close(by=RESPONSIBLE, at=T0 + HOUR, reason="cessation")
    box.pull_events()
    before = (box.state, box.delegations, box.responsible, box.red_list, box.description)
    at = T0 + 2 * HOUR
    changes = [
        lambda: box.close(by=RESPONSIBLE, at=at, reason="encore"),
        lambda: box.grant(account=CAROL, capabilities={READ}, by=RESPONSIBLE, at=at),
        lambda: box.activate_delegation(account=BOB, by=AGENT, at=at),
        lambda: box.suspend_delegation(account=ALICE, by=RESPONSIBLE, at=at),
        lambda: box.resume_delegation(account=ALICE, by=RESPONSIBLE, at=at),
        lambda: box.hand_over(successor=alice_professional(), by=RESPONSIBLE, at=at),
        lambda: box.change_red_list(by=RESPONSIBLE, at=at, national_directory=True),
        lambda: box.change_description(by=RESPONSIBLE, at=at, description="autre"),
    ]

    for change in changes:
        with pytest.raises(DomainRefusal) as excinfo:
            change()
        assert excinfo.value.code == "mailbox.closed"
        assert excinfo.value.params == {"mailbox": str(MAILBOX)}

    for lifecycle in (
        lambda: box.activate(by=AGENT, at=at),
        lambda: box.suspend(by=AGENT, at=at, reason="x"),
        lambda: box.resume(by=AGENT, at=at),
    ):
        with pytest.raises(DomainRefusal):
            lifecycle()
    assert (box.state, box.delegations, box.responsible, box.red_list, box.description) == before
    assert box.events == []


# -- delegations ------------------------------------------------------------------------------


def test_grants_a_delegation_and_records_it() -> None:
    box = mailbox()

    delegation = box.grant(
        account=ALICE, capabilities=[READ, SEND], by=RESPONSIBLE, at=T0, expires_at=T0 + DAY
    )

    assert delegation == Delegation(
        number=1,
        account=ALICE,
        capabilities=frozenset({READ, SEND}),
        state=DelegationState.ACTIVE,
        granted_by=RESPONSIBLE,
        granted_at=T0,
        expires_at=T0 + DAY,
    )
    assert box.delegations == (delegation,)
    assert box.role_of(ALICE) is Role.MEMBER
    assert box.capabilities_of(ALICE, T0) == {READ, SEND}
    assert box.events == [
        DelegationGranted(
            actor=RESPONSIBLE,
            at=T0,
            mailbox=MAILBOX,
            account=ALICE,
            number=1,
            capabilities=frozenset({READ, SEND}),
            expires_at=T0 + DAY,
            pending_validation=False,
        )
    ]


def test_a_grant_waiting_for_the_service_centre_gives_no_access_yet() -> None:
    box = mailbox()

    box.grant(account=ALICE, capabilities={READ}, by=RESPONSIBLE, at=T0, pending_validation=True)

    assert box.delegation_of(ALICE, T0).state is DelegationState.PENDING_VALIDATION  # type: ignore[union-attr]
    assert box.capabilities_of(ALICE, T0) == frozenset()
    assert ALICE not in box.accounts_with_access(T0)


def test_the_responsible_holds_every_capability() -> None:
    box = mailbox()

    assert box.capabilities_of(RESPONSIBLE, T0) == ALL_CAPABILITIES
    assert box.role_of(RESPONSIBLE) is Role.RESPONSIBLE
    assert box.accounts_with_access(T0) == {RESPONSIBLE}


def test_a_stranger_holds_nothing() -> None:
    box = mailbox()

    assert box.capabilities_of(CAROL, T0) == frozenset()
    assert box.role_of(CAROL) is Role.NONE
    assert box.delegation_of(CAROL, T0) is None


def test_refuses_a_grant_beyond_what_the_grantor_holds() -> None:
    box = mailbox()
    box.grant(account=ALICE, capabilities={READ, MANAGE}, by=RESPONSIBLE, at=T0)

    with pytest.raises(DomainRefusal) as excinfo:
        box.grant(account=BOB, capabilities={READ, SEND, ADMIN}, by=ALICE, at=T0)

    assert refusal_codes(excinfo) == [("delegation.exceeds_grantor", "capabilities")]
    assert excinfo.value.problems[0].params == {"capabilities": ["administer", "send"]}
    assert box.delegation_of(BOB, T0) is None


def test_a_member_may_grant_what_they_hold() -> None:
    box = mailbox()
    box.grant(account=ALICE, capabilities={READ, MANAGE}, by=RESPONSIBLE, at=T0)

    granted = box.grant(account=BOB, capabilities={READ}, by=ALICE, at=T0 + HOUR)

    assert granted.granted_by == ALICE
    assert granted.number == 2


def test_a_suspended_member_may_not_grant_anything() -> None:
    box = mailbox()
    box.grant(account=ALICE, capabilities={READ, MANAGE}, by=RESPONSIBLE, at=T0)
    box.suspend_delegation(account=ALICE, by=RESPONSIBLE, at=T0)

    with pytest.raises(DomainRefusal) as excinfo:
        box.grant(account=BOB, capabilities={READ}, by=ALICE, at=T0 + HOUR)

    assert refusal_codes(excinfo) == [("delegation.exceeds_grantor", "capabilities")]


def test_refuses_a_second_live_grant_to_the_same_account() -> None:
    box = mailbox()
    box.grant(account=ALICE, capabilities={READ}, by=RESPONSIBLE, at=T0)

    with pytest.raises(DomainRefusal) as excinfo:
        box.grant(account=ALICE, capabilities={SEND}, by=RESPONSIBLE, at=T0 + HOUR)

    assert refusal_codes(excinfo) == [("delegation.already_granted", "account")]
    assert len(box.delegations) == 1


def test_grants_again_after_the_previous_delegation_ended() -> None:
    box = mailbox()
    box.grant(account=ALICE, capabilities={READ}, by=RESPONSIBLE, at=T0, expires_at=T0 + HOUR)

    again = box.grant(account=ALICE, capabilities={SEND}, by=RESPONSIBLE, at=T0 + HOUR)

    assert again.number == 2
    assert [d.state_at(T0 + HOUR) for d in box.delegations] == [
        DelegationState.EXPIRED,
        DelegationState.ACTIVE,
    ]
    assert box.delegation_of(ALICE, T0 + HOUR) == again


def test_refuses_an_expiry_that_is_not_after_the_grant() -> None:
    box = mailbox()

    for expires_at in (T0, T0 - HOUR):
        with pytest.raises(DomainRefusal) as excinfo:
            box.grant(
                account=ALICE, capabilities={READ}, by=RESPONSIBLE, at=T0, expires_at=expires_at
            )
        assert refusal_codes(excinfo) == [("delegation.expiry_in_past", "expires_at")]


def test_refuses_a_grant_without_capability() -> None:
    with pytest.raises(DomainRefusal) as excinfo:
        mailbox().grant(account=ALICE, capabilities=[], by=RESPONSIBLE, at=T0)

    assert refusal_codes(excinfo) == [("delegation.no_capability", "capabilities")]


def test_refuses_a_grant_to_the_responsible() -> None:
    with pytest.raises(DomainRefusal) as excinfo:
        mailbox().grant(account=RESPONSIBLE, capabilities={READ}, by=RESPONSIBLE, at=T0)

    assert refusal_codes(excinfo) == [("delegation.responsible_holds_all", "account")]


def test_reports_every_problem_of_a_grant_at_once() -> None:
    box = mailbox()
    box.grant(account=ALICE, capabilities={READ}, by=RESPONSIBLE, at=T0)

    with pytest.raises(DomainRefusal) as excinfo:
        box.grant(account=ALICE, capabilities=[], by=RESPONSIBLE, at=T0, expires_at=T0)

    assert refusal_codes(excinfo) == [
        ("delegation.no_capability", "capabilities"),
        ("delegation.already_granted", "account"),
        ("delegation.expiry_in_past", "expires_at"),
    ]
    message = excinfo.value.message("fr")
    assert "Une délégation doit accorder au moins un droit." in message
    assert "La date d'expiration doit être postérieure" in message


def test_a_delegation_expires_at_the_time_given_not_at_the_time_of_the_call() -> None:
    box = mailbox()
    box.grant(account=ALICE, capabilities={READ}, by=RESPONSIBLE, at=T0, expires_at=T0 + DAY)

    assert box.capabilities_of(ALICE, T0 + DAY - SECOND) == {READ}
    assert box.capabilities_of(ALICE, T0 + DAY) == frozenset()
    assert ALICE not in box.accounts_with_access(T0 + DAY)
    assert dict(box.members(T0 + DAY)) == {ALICE: DelegationState.EXPIRED}
    assert dict(box.members(T0)) == {ALICE: DelegationState.ACTIVE}
    assert box.delegations[0].state is DelegationState.ACTIVE  # nothing was rewritten


def test_activates_a_pending_delegation_keeping_who_and_when() -> None:
    box = mailbox()
    box.grant(account=ALICE, capabilities={READ}, by=RESPONSIBLE, at=T0, pending_validation=True)
    box.pull_events()

    updated = box.activate_delegation(account=ALICE, by=AGENT, at=T0 + DAY)

    assert updated.state is DelegationState.ACTIVE
    assert (updated.changed_by, updated.changed_at) == (AGENT, T0 + DAY)
    assert (updated.granted_by, updated.granted_at) == (RESPONSIBLE, T0)
    assert box.capabilities_of(ALICE, T0 + DAY) == {READ}
    assert box.events == [
        DelegationActivated(actor=AGENT, at=T0 + DAY, mailbox=MAILBOX, account=ALICE, number=1)
    ]


def test_refuses_to_activate_a_delegation_that_is_not_pending() -> None:
    box = mailbox()
    box.grant(account=ALICE, capabilities={READ}, by=RESPONSIBLE, at=T0)

    with pytest.raises(DomainRefusal) as excinfo:
        box.activate_delegation(account=ALICE, by=AGENT, at=T0)

    assert refusal_codes(excinfo) == [("delegation.not_pending", "account")]


def test_suspends_and_resumes_a_delegation_keeping_who_when_and_why() -> None:
    box = mailbox()
    box.grant(account=ALICE, capabilities={READ}, by=RESPONSIBLE, at=T0)
    box.pull_events()

    suspended = box.suspend_delegation(account=ALICE, by=RESPONSIBLE, at=T0 + HOUR, reason="congé")
    assert (suspended.state, suspended.changed_by, suspended.changed_at, suspended.reason) == (
        DelegationState.SUSPENDED,
        RESPONSIBLE,
        T0 + HOUR,
        "congé",
    )
    assert box.capabilities_of(ALICE, T0 + HOUR) == frozenset()

    resumed = box.resume_delegation(account=ALICE, by=RESPONSIBLE, at=T0 + DAY)
    assert resumed.state is DelegationState.ACTIVE
    assert box.capabilities_of(ALICE, T0 + DAY) == {READ}
    assert box.pull_events() == [
        DelegationSuspended(
            actor=RESPONSIBLE,
            at=T0 + HOUR,
            mailbox=MAILBOX,
            account=ALICE,
            number=1,
            reason="congé",
        ),
        DelegationResumed(actor=RESPONSIBLE, at=T0 + DAY, mailbox=MAILBOX, account=ALICE, number=1),
    ]


def test_refuses_to_suspend_a_suspended_delegation_or_resume_an_active_one() -> None:
    box = mailbox()
    box.grant(account=ALICE, capabilities={READ}, by=RESPONSIBLE, at=T0)

    with pytest.raises(DomainRefusal) as resumed:
        box.resume_delegation(account=ALICE, by=RESPONSIBLE, at=T0)
    box.suspend_delegation(account=ALICE, by=RESPONSIBLE, at=T0)
    with pytest.raises(DomainRefusal) as suspended:
        box.suspend_delegation(account=ALICE, by=RESPONSIBLE, at=T0)

    assert refusal_codes(resumed) == [("delegation.not_suspended", "account")]
    assert refusal_codes(suspended) == [("delegation.not_active", "account")]


def test_revokes_a_delegation_for_good_keeping_it_on_record() -> None:
    box = mailbox()
    box.grant(account=ALICE, capabilities={READ, SEND}, by=RESPONSIBLE, at=T0)
    box.pull_events()

    revoked = box.revoke_delegation(account=ALICE, by=RESPONSIBLE, at=T0 + DAY, reason=" départ ")

    assert box.delegations == (revoked,)
    assert (revoked.state, revoked.changed_by, revoked.changed_at, revoked.reason) == (
        DelegationState.REVOKED,
        RESPONSIBLE,
        T0 + DAY,
        "départ",
    )
    assert (revoked.granted_by, revoked.granted_at) == (RESPONSIBLE, T0)
    assert box.capabilities_of(ALICE, T0 + DAY) == frozenset()
    assert box.role_of(ALICE) is Role.MEMBER  # history: the account was a member
    assert box.events == [
        DelegationRevoked(
            actor=RESPONSIBLE,
            at=T0 + DAY,
            mailbox=MAILBOX,
            account=ALICE,
            number=1,
            reason="départ",
        )
    ]


def test_a_revocation_needs_a_reason() -> None:
    box = mailbox()
    box.grant(account=ALICE, capabilities={READ}, by=RESPONSIBLE, at=T0)

    with pytest.raises(DomainRefusal) as excinfo:
        box.revoke_delegation(account=ALICE, by=RESPONSIBLE, at=T0, reason="  ")

    assert refusal_codes(excinfo) == [("field.required", "reason")]
    assert box.delegations[0].state is DelegationState.ACTIVE


@pytest.mark.parametrize("ended", ["revoked", "expired", "never granted"])
def test_refuses_to_change_a_delegation_that_is_not_live(ended: str) -> None:
    box = mailbox()
    if ended != "never granted":
        box.grant(account=ALICE, capabilities={READ}, by=RESPONSIBLE, at=T0, expires_at=T0 + HOUR)
    if ended == "revoked":
        box.revoke_delegation(account=ALICE, by=RESPONSIBLE, at=T0, reason="départ")
    at = T0 + DAY

    for change in (
        lambda: box.suspend_delegation(account=ALICE, by=RESPONSIBLE, at=at),
        lambda: box.resume_delegation(account=ALICE, by=RESPONSIBLE, at=at),
        lambda: box.activate_delegation(account=ALICE, by=AGENT, at=at),
        lambda: box.revoke_delegation(account=ALICE, by=RESPONSIBLE, at=at, reason="x"),
    ):
        with pytest.raises(DomainRefusal) as excinfo:
            change()
        assert refusal_codes(excinfo) == [("delegation.not_found", "account")]


# -- responsibility ---------------------------------------------------------------------------


def test_hands_over_to_an_eligible_professional() -> None:
    box = mailbox()
    successor = alice_professional()

    box.hand_over(successor=successor, by=RESPONSIBLE, at=T0 + DAY)

    assert box.responsible.professional == successor
    assert box.responsible.account == ALICE
    assert (box.responsible.designated_by, box.responsible.designated_at) == (RESPONSIBLE, T0 + DAY)
    assert box.role_of(ALICE) is Role.RESPONSIBLE
    assert box.capabilities_of(RESPONSIBLE, T0 + DAY) == frozenset()
    assert box.role_of(RESPONSIBLE) is Role.NONE
    assert box.events == [
        ResponsibilityHandedOver(
            actor=RESPONSIBLE,
            at=T0 + DAY,
            mailbox=MAILBOX,
            previous=str(professional().idnat),
            successor=str(successor.idnat),
            successor_account=ALICE,
        )
    ]


def test_refuses_to_hand_over_to_a_medecin_identified_by_adeli() -> None:
    box = mailbox()
    doctor = professional("10", adeli=adeli_number("10"), email=ALICE)

    with pytest.raises(DomainRefusal) as excinfo:
        box.hand_over(successor=doctor, by=RESPONSIBLE, at=T0)

    assert refusal_codes(excinfo) == [("register.refused", "successor.identifier")]
    assert box.responsible.account == RESPONSIBLE
    assert box.events == []


def test_refuses_to_hand_over_to_the_current_responsible() -> None:
    box = mailbox()

    with pytest.raises(DomainRefusal) as excinfo:
        box.hand_over(successor=professional(), by=RESPONSIBLE, at=T0)

    assert refusal_codes(excinfo) == [("responsibility.same_person", "successor")]


def test_the_previous_responsible_keeps_what_previous_keeps_grants() -> None:
    box = mailbox()

    box.hand_over(
        successor=alice_professional(),
        by=RESPONSIBLE,
        at=T0 + DAY,
        previous_keeps=[READ],
    )

    assert box.role_of(RESPONSIBLE) is Role.MEMBER
    assert box.capabilities_of(RESPONSIBLE, T0 + DAY) == {READ}
    kept = box.delegation_of(RESPONSIBLE, T0 + DAY)
    assert kept is not None
    assert kept.granted_by == RESPONSIBLE
    assert [type(e).__name__ for e in box.events] == [
        "ResponsibilityHandedOver",
        "DelegationGranted",
    ]


def test_a_former_member_handing_over_keeps_nothing_of_their_old_delegation() -> None:
    box = mailbox()
    box.grant(account=ALICE, capabilities={READ, SEND}, by=RESPONSIBLE, at=T0)
    box.hand_over(successor=alice_professional(), by=RESPONSIBLE, at=T0 + HOUR)
    bob = professional("21", rpps=rpps_number(2222), email=BOB)

    # Becoming responsible ended Alice's delegation: the responsible holds everything.
    old = box.delegations[0]
    assert (old.state, old.changed_by, old.reason) == (
        DelegationState.REVOKED,
        RESPONSIBLE,
        "became responsible",
    )

    box.hand_over(successor=bob, by=ALICE, at=T0 + DAY)

    assert box.capabilities_of(ALICE, T0 + DAY) == frozenset()
    assert ALICE not in box.accounts_with_access(T0 + DAY)
    assert box.delegations[0] == old  # ended once, stays ended


def test_a_former_member_handing_over_keeps_exactly_previous_keeps() -> None:
    box = mailbox()
    box.grant(account=ALICE, capabilities={READ, SEND}, by=RESPONSIBLE, at=T0)
    box.hand_over(successor=alice_professional(), by=RESPONSIBLE, at=T0 + HOUR)
    bob = professional("21", rpps=rpps_number(2222), email=BOB)

    box.hand_over(successor=bob, by=ALICE, at=T0 + DAY, previous_keeps={ADMIN})

    assert box.capabilities_of(ALICE, T0 + DAY) == {ADMIN}


# -- settings ---------------------------------------------------------------------------------


def test_changes_the_red_list_and_records_it() -> None:
    box = mailbox()

    changed = box.change_red_list(by=RESPONSIBLE, at=T0, national_directory=True)

    assert changed
    assert box.red_list == RedList(national_directory=True, operator_directory=False)
    assert box.red_list.hides_from(DirectoryKind.NATIONAL)
    assert not box.red_list.hides_from(DirectoryKind.OPERATOR)
    assert box.events == [
        RedListChanged(
            actor=RESPONSIBLE,
            at=T0,
            mailbox=MAILBOX,
            national_directory=True,
            operator_directory=False,
        )
    ]


def test_records_nothing_when_the_red_list_does_not_change() -> None:
    box = mailbox(red_list=RedList(operator_directory=True))

    assert not box.change_red_list(by=RESPONSIBLE, at=T0, operator_directory=True)
    assert not box.change_red_list(by=RESPONSIBLE, at=T0)
    assert not box.change_red_list(by=RESPONSIBLE, at=T0, national_directory=False)
    assert box.red_list == RedList(operator_directory=True)
    assert box.events == []


def test_changes_the_description_and_records_it() -> None:
    box = mailbox()

    box.change_description(by=RESPONSIBLE, at=T0, description="  Secrétariat  ")

    assert box.description == "Secrétariat"
    assert box.events == [
        DescriptionChanged(actor=RESPONSIBLE, at=T0, mailbox=MAILBOX, description="Secrétariat")
    ]


def test_refuses_a_blank_description() -> None:
    box = mailbox()

    with pytest.raises(DomainRefusal) as excinfo:
        box.change_description(by=RESPONSIBLE, at=T0, description=" ")

    assert refusal_codes(excinfo) == [("field.required", "description")]
    assert box.description.startswith("Échanges")


def test_every_event_names_a_nominative_actor_and_the_mailbox() -> None:
    box = mailbox(active=False)
    box.finish(by=RESPONSIBLE, at=T0)
    box.activate(by=AGENT, at=T0)
    box.grant(account=ALICE, capabilities={READ}, by=RESPONSIBLE, at=T0)
    box.change_red_list(by=RESPONSIBLE, at=T0, operator_directory=True)

    events = box.pull_events()

    assert len(events) == 4
    assert all(isinstance(e.actor, EmailAddress) and e.mailbox == MAILBOX for e in events)
    assert [e.name for e in events] == [
        "RegistrationFinished",
        "MailboxActivated",
        "DelegationGranted",
        "RedListChanged",
    ]
