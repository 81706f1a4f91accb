"""The organisational mailbox aggregate: its invariants and the events it records.

Delegations are an aggregate of their own (``test_delegation.py``); the mailbox keeps
its responsible, its lifecycle and what the directories show of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import DomainRefusal
from balorg.domain.events import (
    DescriptionChanged,
    MailboxActivated,
    MailboxClosed,
    MailboxRegistered,
    MailboxResumed,
    MailboxSuspended,
    RankChanged,
    RedListChanged,
    RegistrationFinished,
    ResponsibilityHandedOver,
    ResponsibleContactChanged,
    ServiceChanged,
)
from balorg.domain.identifiers import Adeli, IdNatPS
from balorg.domain.mailbox import (
    MAX_RANK,
    BalType,
    DirectoryKind,
    DirectoryLabel,
    LifecycleState,
    OrganisationalMailbox,
    RedList,
    Responsibility,
    Role,
)
from balorg.domain.professional import Professional
from balorg.domain.professions import by_code
from balorg.testing.examples import (
    T0,
    example_address,
    example_mailbox,
    example_professional,
    example_structure,
    with_luhn_key,
)

MAILBOX = example_address("pharmacie")
CLAIRE = example_professional()  # the responsible of example_mailbox()
RESPONSIBLE = CLAIRE.email
ALICE = example_address("alice.bernard")
AGENT = example_address("agent.validation")
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


def codes(excinfo: pytest.ExceptionInfo[DomainRefusal]) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in excinfo.value.problems]


def by_adeli(code: str) -> Professional:
    """A professional of profession ``code`` identified by an ADELI number carrying it."""
    return Professional(
        idnat=IdNatPS.of(Adeli.from_string(with_luhn_key(f"31{code}1234"))),
        profession=by_code(code),
        last_name="Durand",
        first_name="Camille",
        email=example_address("camille.durand"),
    )


def register(**changes: Any) -> OrganisationalMailbox:
    arguments: dict[str, Any] = {
        "address": MAILBOX,
        "generic_email": EmailAddress("pharmacieducentre@outlook.fr"),
        "label": DirectoryLabel(last_name="Pharmacie", first_name="Du Centre"),
        "structure": example_structure(),
        "responsible": CLAIRE,
        "description": "Échanges avec les médecins",
        "red_list": RedList(),
        "by": RESPONSIBLE,
        "at": T0,
    }
    arguments.update(changes)
    return OrganisationalMailbox.register(**arguments)


def state_of(box: OrganisationalMailbox) -> dict[str, Any]:
    """Every field of the aggregate (events included), to compare before and after."""
    return {f.name: getattr(box, f.name) for f in attrs.fields(OrganisationalMailbox)} | {
        "events": list(box.events)
    }


# -- registration ------------------------------------------------------------------------------


def test_registers_a_pending_mailbox_and_records_who_registered_it() -> None:
    box = register(description="  Échanges avec les médecins  ")

    assert box.state is LifecycleState.PENDING
    assert box.type is BalType.ORG
    assert box.created_at == T0
    assert box.finished_at is None
    assert box.description == "Échanges avec les médecins"
    assert (box.service, box.responsible_contact, box.rank) == (None, None, None)
    assert box.responsible == Responsibility(
        professional=CLAIRE, account=CLAIRE.email, designated_at=T0, designated_by=RESPONSIBLE
    )
    assert box.events == [
        MailboxRegistered(
            actor=RESPONSIBLE,
            at=T0,
            mailbox=MAILBOX,
            responsible=str(CLAIRE.idnat),
            structure=str(example_structure().identifier),
        )
    ]
    assert box.events[0].responsible.startswith("8")  # type: ignore[attr-defined]


def test_registers_the_directory_fields_given_trimmed_and_blank_ones_as_none() -> None:
    box = register(service="  Officine  ", responsible_contact="   ", rank=1)

    assert (box.service, box.responsible_contact, box.rank) == ("Officine", None, 1)


def test_registers_with_a_responsible_account_other_than_the_professional_address() -> None:
    account = example_address("claire.pro")

    box = register(responsible_account=account)

    assert box.responsible.account == account
    assert box.role_of(account) is Role.RESPONSIBLE
    assert box.role_of(CLAIRE.email) is Role.NONE


def test_refuses_a_medecin_identified_by_adeli_as_responsible() -> None:
    with pytest.raises(DomainRefusal) as excinfo:
        register(responsible=by_adeli("10"))

    assert codes(excinfo) == [("register.refused", "responsible.identifier")]


def test_refuses_a_profession_that_may_not_be_responsible() -> None:
    not_eligible = attrs.evolve(CLAIRE, profession=by_code("31"))

    with pytest.raises(DomainRefusal) as excinfo:
        register(responsible=not_eligible)

    assert codes(excinfo) == [("profession.not_eligible", "responsible.identifier")]


def test_judges_eligibility_on_the_day_of_registration() -> None:
    # Nurses entered RPPS on 2021-10-28: an RPPS nurse could not be responsible before.
    nurse = attrs.evolve(CLAIRE, profession=by_code("60"))

    assert register(responsible=nurse, at=dt.datetime(2021, 11, 2, tzinfo=dt.UTC))
    with pytest.raises(DomainRefusal) as excinfo:
        register(responsible=nurse, at=dt.datetime(2021, 1, 4, tzinfo=dt.UTC))

    assert codes(excinfo) == [("register.refused", "responsible.identifier")]


def test_a_description_keeps_its_lines_and_every_text_is_kept_in_nfc() -> None:
    mailbox = example_mailbox()
    mailbox.change_description(by=RESPONSIBLE, at=T0, description=" Ligne 1\r\nLigne 2 ")
    assert mailbox.description == "Ligne 1\nLigne 2"
    mailbox.change_description(by=RESPONSIBLE, at=T0, description="Pharmacie de l'e\u0301glise")
    assert mailbox.description == "Pharmacie de l'\u00e9glise"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("description", "   ", "field.required"),
        ("description", "Ligne 1\rLigne 2", "field.invalid_characters"),
        ("service", "Ligne 1\nLigne 2", "field.single_line"),
        ("description", "abc\u202edcba", "field.invisible_characters"),
        ("service", "Officine\x00", "field.invalid_characters"),
        ("responsible_contact", "x" * 5000, "field.too_long"),
    ],
)
def test_refuses_free_text_that_breaks_the_text_rule(field: str, value: str, code: str) -> None:
    with pytest.raises(DomainRefusal) as excinfo:
        register(**{field: value})

    assert codes(excinfo) == [(code, field)]


@pytest.mark.parametrize("rank", [0, -1, MAX_RANK + 1, True, 1.0, "1"])
def test_refuses_a_rank_that_is_not_a_whole_number_from_1_to_the_maximum(rank: object) -> None:
    with pytest.raises(DomainRefusal) as excinfo:
        register(rank=rank)

    assert codes(excinfo) == [("mailbox.invalid_rank", "rank")]
    assert excinfo.value.params == {"max": MAX_RANK}


def test_accepts_the_highest_rank() -> None:
    assert register(rank=MAX_RANK).rank == MAX_RANK


def test_refuses_a_registration_at_a_naive_time_or_without_a_nominative_actor() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        register(at=T0.replace(tzinfo=None))
    with pytest.raises(TypeError, match="EmailAddress"):
        register(by="claire")


# -- what never changes ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["address", "created_at"])
def test_the_address_and_the_creation_time_cannot_be_reassigned(name: str) -> None:
    box = example_mailbox()
    before = getattr(box, name)
    other = example_address("autre") if name == "address" else T0 + DAY

    with pytest.raises(attrs.exceptions.FrozenAttributeError):
        setattr(box, name, other)

    assert getattr(box, name) == before


def test_the_type_is_always_org() -> None:
    box = example_mailbox()

    with pytest.raises(AttributeError):
        box.type = BalType.PER  # type: ignore[misc]

    assert box.type is BalType.ORG


def test_no_field_could_hold_a_credential_or_a_delegation() -> None:
    names = {f.name for f in attrs.fields(OrganisationalMailbox)}
    forbidden = ("password", "secret", "credential", "token", "hash", "login", "pin", "delegation")

    assert "address" in names  # the scan looks at the real fields
    assert not [n for n in names if any(word in n.lower() for word in forbidden)]


# -- lifecycle --------------------------------------------------------------------------------


def test_activates_suspends_resumes_and_closes_recording_each_step() -> None:
    box = example_mailbox(active=False)

    box.finish(by=RESPONSIBLE, at=T0 + HOUR)
    box.activate(by=AGENT, at=T0 + 2 * HOUR, responsible_validated=True)
    box.suspend(by=RESPONSIBLE, at=T0 + 3 * HOUR, reason="  audit  ")
    box.resume(by=RESPONSIBLE, at=T0 + 4 * HOUR)
    box.close(by=RESPONSIBLE, at=T0 + 5 * HOUR, reason="cessation d'activité")

    assert box.state is LifecycleState.CLOSED
    assert box.finished_at == T0 + HOUR
    assert box.pull_events() == [
        RegistrationFinished(actor=RESPONSIBLE, at=T0 + HOUR, mailbox=MAILBOX),
        MailboxActivated(actor=AGENT, at=T0 + 2 * HOUR, mailbox=MAILBOX),
        MailboxSuspended(actor=RESPONSIBLE, at=T0 + 3 * HOUR, mailbox=MAILBOX, reason="audit"),
        MailboxResumed(actor=RESPONSIBLE, at=T0 + 4 * HOUR, mailbox=MAILBOX),
        MailboxClosed(
            actor=RESPONSIBLE, at=T0 + 5 * HOUR, mailbox=MAILBOX, reason="cessation d'activité"
        ),
    ]
    assert box.events == []


@pytest.mark.parametrize(
    ("finished", "validated", "expected"),
    [
        (False, False, ["mailbox.registration_unfinished", "mailbox.responsible_not_validated"]),
        (False, True, ["mailbox.registration_unfinished"]),
        (True, False, ["mailbox.responsible_not_validated"]),
        (True, True, []),
    ],
)
def test_a_mailbox_goes_live_only_once_finished_and_its_responsible_validated(
    finished: bool, validated: bool, expected: list[str]
) -> None:
    box = example_mailbox(active=False)
    if finished:
        box.finish(by=RESPONSIBLE, at=T0)
        box.pull_events()

    problems = box.live_problems(responsible_validated=validated)

    assert [p.code for p in problems] == expected
    if expected:
        with pytest.raises(DomainRefusal) as excinfo:
            box.activate(by=AGENT, at=T0, responsible_validated=validated)
        assert [p.code for p in excinfo.value.problems] == expected
        assert box.state is LifecycleState.PENDING
        assert box.events == []
    else:
        box.activate(by=AGENT, at=T0, responsible_validated=validated)
        assert box.state is LifecycleState.ACTIVE


def test_the_responsible_not_validated_names_their_account() -> None:
    box = example_mailbox(active=False)

    (problem,) = [
        p
        for p in box.live_problems(responsible_validated=False)
        if p.code == "mailbox.responsible_not_validated"
    ]

    assert problem.params == {"account": str(RESPONSIBLE)}
    assert problem.path == "responsible"


@pytest.mark.parametrize("state", ["active", "suspended", "closed"])
def test_only_a_pending_mailbox_may_go_live(state: str) -> None:
    box = example_mailbox()
    if state == "suspended":
        box.suspend(by=RESPONSIBLE, at=T0, reason="audit")
    elif state == "closed":
        box.close(by=RESPONSIBLE, at=T0, reason="fin")
    box.pull_events()

    problems = box.live_problems(responsible_validated=True)
    with pytest.raises(DomainRefusal) as excinfo:
        box.activate(by=AGENT, at=T0, responsible_validated=True)

    assert [(p.code, p.params) for p in problems] == [("mailbox.not_pending", {"state": state})]
    assert excinfo.value.code == "mailbox.not_pending"


def test_the_registration_is_finished_once_and_only_while_pending() -> None:
    box = example_mailbox(active=False)
    box.finish(by=RESPONSIBLE, at=T0)

    with pytest.raises(DomainRefusal) as again:
        box.finish(by=RESPONSIBLE, at=T0 + HOUR)
    with pytest.raises(DomainRefusal) as live:
        example_mailbox().finish(by=RESPONSIBLE, at=T0)

    assert again.value.code == "mailbox.already_finished"
    assert (live.value.code, live.value.params) == ("mailbox.not_pending", {"state": "active"})
    assert box.finished_at == T0


def test_refuses_to_suspend_a_pending_mailbox_or_resume_an_active_one() -> None:
    with pytest.raises(DomainRefusal) as suspended:
        example_mailbox(active=False).suspend(by=RESPONSIBLE, at=T0, reason="audit")
    with pytest.raises(DomainRefusal) as resumed:
        example_mailbox().resume(by=RESPONSIBLE, at=T0)

    assert (suspended.value.code, suspended.value.params) == (
        "mailbox.not_active",
        {"state": "pending"},
    )
    assert (resumed.value.code, resumed.value.params) == (
        "mailbox.not_suspended",
        {"state": "active"},
    )


@pytest.mark.parametrize("change", ["suspend", "close"])
def test_a_suspension_or_a_closure_needs_a_reason(change: str) -> None:
    box = example_mailbox()
    before = state_of(box)

    with pytest.raises(DomainRefusal) as excinfo:
        getattr(box, change)(by=RESPONSIBLE, at=T0, reason=" ")

    assert codes(excinfo) == [("field.required", "reason")]
    assert state_of(box) == before


def test_a_pending_mailbox_may_be_closed() -> None:
    box = example_mailbox(active=False)

    box.close(by=AGENT, at=T0, reason="compte du responsable refusé")

    assert box.state is LifecycleState.CLOSED


def _changes(box: OrganisationalMailbox, at: dt.datetime) -> dict[str, Callable[[], object]]:
    successor = example_professional(2)
    return {
        "close": lambda: box.close(by=RESPONSIBLE, at=at, reason="encore"),
        "hand_over": lambda: box.hand_over(
            successor=successor, successor_account=successor.email, by=RESPONSIBLE, at=at
        ),
        "red_list": lambda: box.change_red_list(by=RESPONSIBLE, at=at, national_directory=True),
        "description": lambda: box.change_description(by=RESPONSIBLE, at=at, description="x"),
        "service": lambda: box.change_service(by=RESPONSIBLE, at=at, service="Officine"),
        "contact": lambda: box.change_responsible_contact(by=RESPONSIBLE, at=at, contact="x"),
        "rank": lambda: box.change_rank(by=RESPONSIBLE, at=at, rank=1),
    }


@pytest.mark.parametrize("change", sorted(_changes(example_mailbox(), T0)))
def test_nothing_changes_once_the_mailbox_is_closed(change: str) -> None:
    box = example_mailbox()
    box.close(by=RESPONSIBLE, at=T0, reason="cessation")
    box.pull_events()
    before = state_of(box)

    with pytest.raises(DomainRefusal) as excinfo:
        _changes(box, T0 + HOUR)[change]()

    assert (excinfo.value.code, excinfo.value.params) == (
        "mailbox.closed",
        {"mailbox": str(MAILBOX)},
    )
    assert state_of(box) == before


@pytest.mark.parametrize("move", ["finish", "activate", "suspend", "resume"])
def test_a_closed_mailbox_does_not_come_back(move: str) -> None:
    box = example_mailbox()
    box.close(by=RESPONSIBLE, at=T0, reason="cessation")
    box.pull_events()
    before = state_of(box)
    moves: dict[str, Callable[[], object]] = {
        "finish": lambda: box.finish(by=RESPONSIBLE, at=T0),
        "activate": lambda: box.activate(by=AGENT, at=T0, responsible_validated=True),
        "suspend": lambda: box.suspend(by=RESPONSIBLE, at=T0, reason="x"),
        "resume": lambda: box.resume(by=RESPONSIBLE, at=T0),
    }

    with pytest.raises(DomainRefusal):
        moves[move]()

    assert state_of(box) == before


# -- responsibility ---------------------------------------------------------------------------


def test_the_responsible_is_responsible_and_a_caller_knows_who_is_a_member() -> None:
    box = example_mailbox()

    assert box.is_responsible(RESPONSIBLE)
    assert not box.is_responsible(ALICE)
    assert box.role_of(RESPONSIBLE, member=True) is Role.RESPONSIBLE
    assert box.role_of(ALICE, member=True) is Role.MEMBER
    assert box.role_of(ALICE) is Role.NONE


def test_hands_over_to_an_eligible_professional_answering_the_previous_responsibility() -> None:
    box = example_mailbox()
    previous = box.responsible
    successor = example_professional(2)
    account = example_address("successeur")

    answered = box.hand_over(
        successor=successor, successor_account=account, by=RESPONSIBLE, at=T0 + DAY
    )

    assert answered == previous
    assert box.responsible == Responsibility(
        professional=successor, account=account, designated_at=T0 + DAY, designated_by=RESPONSIBLE
    )
    assert box.is_responsible(account)
    assert not box.is_responsible(RESPONSIBLE)
    assert box.pull_events() == [
        ResponsibilityHandedOver(
            actor=RESPONSIBLE,
            at=T0 + DAY,
            mailbox=MAILBOX,
            previous=str(CLAIRE.idnat),
            previous_account=RESPONSIBLE,
            successor=str(successor.idnat),
            successor_account=account,
        )
    ]


@pytest.mark.parametrize("state", ["pending", "suspended"])
def test_hands_over_a_pending_or_suspended_mailbox(state: str) -> None:
    box = example_mailbox(active=state != "pending")
    if state == "suspended":
        box.suspend(by=RESPONSIBLE, at=T0, reason="audit")
    successor = example_professional(2)

    box.hand_over(successor=successor, successor_account=successor.email, by=RESPONSIBLE, at=T0)

    assert box.responsible.professional == successor


def test_refuses_to_hand_over_to_a_professional_who_may_not_be_responsible() -> None:
    box = example_mailbox()
    before = state_of(box)
    doctor = by_adeli("10")

    with pytest.raises(DomainRefusal) as excinfo:
        box.hand_over(successor=doctor, successor_account=doctor.email, by=RESPONSIBLE, at=T0)

    assert codes(excinfo) == [("register.refused", "successor.identifier")]
    assert state_of(box) == before


def test_refuses_to_hand_over_to_the_account_already_responsible() -> None:
    box = example_mailbox()
    before = state_of(box)

    with pytest.raises(DomainRefusal) as excinfo:
        box.hand_over(
            successor=example_professional(2),
            successor_account=RESPONSIBLE,
            by=RESPONSIBLE,
            at=T0,
        )

    assert codes(excinfo) == [("responsibility.same_person", "successor")]
    assert state_of(box) == before


# -- settings and the directory entry ----------------------------------------------------------


def test_changes_the_red_list_and_records_it() -> None:
    box = example_mailbox()

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


def test_a_red_list_choice_left_out_is_kept() -> None:
    box = example_mailbox(red_list=RedList(national_directory=True))

    box.change_red_list(by=RESPONSIBLE, at=T0, operator_directory=True)

    assert box.red_list == RedList(national_directory=True, operator_directory=True)


def test_records_nothing_when_the_red_list_does_not_change() -> None:
    box = example_mailbox(red_list=RedList(operator_directory=True))

    assert not box.change_red_list(by=RESPONSIBLE, at=T0, operator_directory=True)
    assert not box.change_red_list(by=RESPONSIBLE, at=T0)
    assert not box.change_red_list(by=RESPONSIBLE, at=T0, national_directory=False)
    assert box.red_list == RedList(operator_directory=True)
    assert box.events == []


def test_the_red_list_may_change_while_the_mailbox_is_pending() -> None:
    box = example_mailbox(active=False)

    assert box.change_red_list(by=RESPONSIBLE, at=T0, operator_directory=True)


@pytest.mark.parametrize(
    ("method", "keyword", "attribute", "value", "event"),
    [
        ("change_description", "description", "description", "Secrétariat", DescriptionChanged),
        ("change_service", "service", "service", "Officine", ServiceChanged),
        (
            "change_responsible_contact",
            "contact",
            "responsible_contact",
            "Accueil, 05 61 00 00 00",
            ResponsibleContactChanged,
        ),
        ("change_rank", "rank", "rank", 2, RankChanged),
    ],
)
def test_changes_a_directory_field_once_and_records_it(
    method: str, keyword: str, attribute: str, value: object, event: type
) -> None:
    box = example_mailbox()
    padded = f"  {value}  " if isinstance(value, str) else value

    first = getattr(box, method)(by=RESPONSIBLE, at=T0, **{keyword: padded})
    again = getattr(box, method)(by=RESPONSIBLE, at=T0 + HOUR, **{keyword: value})

    assert (first, again) == (True, False)
    assert getattr(box, attribute) == value
    assert box.events == [event(actor=RESPONSIBLE, at=T0, mailbox=MAILBOX, **{keyword: value})]


@pytest.mark.parametrize(
    ("method", "keyword", "attribute", "cleared"),
    [
        ("change_service", "service", "service", None),
        ("change_service", "service", "service", "  "),
        ("change_responsible_contact", "contact", "responsible_contact", None),
        ("change_responsible_contact", "contact", "responsible_contact", "  "),
        ("change_rank", "rank", "rank", None),
    ],
)
def test_an_optional_directory_field_is_cleared_by_none_or_blank(
    method: str, keyword: str, attribute: str, cleared: str | None
) -> None:
    box = register(service="Officine", responsible_contact="Accueil", rank=3)
    box.pull_events()

    assert getattr(box, method)(by=RESPONSIBLE, at=T0, **{keyword: cleared})

    assert getattr(box, attribute) is None
    assert getattr(box.events[0], keyword) is None


def test_refuses_a_blank_description_keeping_the_old_one() -> None:
    box = example_mailbox()
    before = state_of(box)

    with pytest.raises(DomainRefusal) as excinfo:
        box.change_description(by=RESPONSIBLE, at=T0, description=" ")

    assert codes(excinfo) == [("field.required", "description")]
    assert state_of(box) == before


@pytest.mark.parametrize(
    ("method", "keyword", "value", "code", "path"),
    [
        ("change_service", "service", "Off\x07icine", "field.invalid_characters", "service"),
        (
            "change_responsible_contact",
            "contact",
            "a\u200bb",
            "field.invisible_characters",
            "responsible_contact",
        ),
        ("change_rank", "rank", 0, "mailbox.invalid_rank", "rank"),
    ],
)
def test_refuses_a_bad_directory_field_changing_nothing(
    method: str, keyword: str, value: object, code: str, path: str
) -> None:
    box = example_mailbox()
    before = state_of(box)

    with pytest.raises(DomainRefusal) as excinfo:
        getattr(box, method)(by=RESPONSIBLE, at=T0, **{keyword: value})

    assert codes(excinfo) == [(code, path)]
    assert state_of(box) == before


def test_every_event_names_a_nominative_actor_and_the_mailbox() -> None:
    box = register()
    box.finish(by=RESPONSIBLE, at=T0)
    box.activate(by=AGENT, at=T0, responsible_validated=True)
    box.change_red_list(by=RESPONSIBLE, at=T0, operator_directory=True)
    box.change_service(by=RESPONSIBLE, at=T0, service="Officine")
    box.hand_over(
        successor=example_professional(2),
        successor_account=example_address("successeur"),
        by=RESPONSIBLE,
        at=T0,
    )

    events = box.pull_events()

    assert all(isinstance(e.actor, EmailAddress) and e.mailbox == MAILBOX for e in events)
    assert [e.name for e in events] == [
        "MailboxRegistered",
        "RegistrationFinished",
        "MailboxActivated",
        "RedListChanged",
        "ServiceChanged",
        "ResponsibilityHandedOver",
    ]


def test_the_directory_label_reads_nom_then_prenom() -> None:
    assert str(DirectoryLabel(last_name="Cabinet", first_name="Dr Martin")) == "Cabinet Dr Martin"
    assert str(DirectoryLabel(last_name="Cabinet", first_name="")) == "Cabinet"
