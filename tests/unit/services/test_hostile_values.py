"""Hostile values at the services' boundary (issue 14).

Every free-text argument of every command (names, reasons, descriptions, service,
contact, message references) gets NUL, control characters, lone surrogates, bidi
overrides, invisible characters, line breaks, a megabyte, wrong types and a ``str``
subclass that lies about itself; capabilities get unknown names, nested lists, sets,
dicts and one-shot iterators; datetimes are naive or absurd; whole numbers are huge or
not numbers; addresses of the wrong type are a :class:`TypeError` at once. Each bad
value is a coded, audited refusal (never a crash), and nothing bad is stored.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from attrs import frozen
from tests.unit.services.support import (
    CORRESPONDENT,
    Trail,
    login,
    member,
    reachable,
    store_of,
)

from balorg.domain.actors import HostAssertion
from balorg.domain.capabilities import Capability
from balorg.domain.errors import DomainRefusal
from balorg.services import (
    attach_existing_account,
    change_description,
    change_directory_entry,
    change_red_list,
    close_mailbox,
    create_member_account,
    enrol_agent,
    grant_member,
    hand_over_responsibility,
    list_members,
    pending_accounts,
    read_account_trail,
    read_audit_trail,
    read_mailbox,
    receive_message,
    register_mailbox,
    reject_account,
    review_member,
    revoke_member,
    send_expiry_reminders,
    send_message,
    set_default_mailbox,
    set_notices,
    suspend_mailbox,
    suspend_member,
    switch_mailbox,
)
from balorg.testing.examples import example_address, example_professional
from balorg.testing.scenarios import (
    AGENT,
    CONSOLE,
    TRANSPORT,
    Pharmacy,
    example_ports,
    example_registration,
    password_of,
    pharmacy,
)

ALICE = example_address("alice.bernard")
BOB = example_address("bob.dupont")
DAN = example_address("dan.petit")
AGENT2 = example_address("agent.second")
SCHEDULER = TRANSPORT

TEXT_CODES = {
    "field.invalid_characters",
    "field.single_line",
    "field.invisible_characters",
    "field.too_long",
    "field.required",
    "field.not_text",
    "form.wrong_type",
}


class Liar(str):
    """A ``str`` whose ``str()`` is harmless while what it holds is not."""

    __slots__ = ()

    def __str__(self) -> str:
        return "Pharmacie du Centre"


@frozen
class Hostile:
    value: object
    #: What must never be found in the store once the value was refused.
    marker: str | None


HOSTILE: dict[str, Hostile] = {
    "nul": Hostile("Pharma\x00cie", "\x00"),
    "escape": Hostile("Pharma\x1b[31mcie", "\x1b"),
    "bell": Hostile("\x07", "\x07"),
    "delete": Hostile("Pharma\x7fcie", "\x7f"),
    "c1_control": Hostile("Pharma\x85cie", "\x85"),
    "lone_surrogate": Hostile("Pharma\ud800cie", "\ud800"),
    "bidi_override": Hostile("Pharmacie \u202eelcitrA", "\u202e"),
    "bidi_isolate": Hostile("Pharmacie \u2066x\u2069", "\u2066"),
    "zero_width": Hostile("Phar\u200bmacie", "\u200b"),
    "byte_order_mark": Hostile("\ufeffPharmacie", "\ufeff"),
    "noncharacter": Hostile("Pharmacie\uffff", "\uffff"),
    "line_break": Hostile("Pharmacie\nDu Centre", "Pharmacie\nDu Centre"),
    "paragraph_separator": Hostile("Phar\u2029macie", "\u2029"),
    "tab": Hostile("Pharmacie\tDu Centre", "\t"),
    "just_too_long": Hostile("x" * 1001, "x" * 1001),
    "one_megabyte": Hostile("x" * 1_000_000, "x" * 1001),
    "lying_str_subclass": Hostile(Liar("\x00\u202eevil"), "\x00\u202eevil"),
    "number": Hostile(42, None),
    "bytes": Hostile(b"Pharmacie", None),
    "list": Hostile(["Pharmacie"], None),
}


@frozen
class Field:
    """One free-text argument of one command: how to call it with a value, on a world
    prepared so that only the value can be wrong."""

    name: str
    path: str
    call: Callable[[Pharmacy, Any], object]
    prepare: Callable[[Pharmacy], object] = lambda world: None
    world: Callable[[], Pharmacy] = pharmacy
    #: The paths the domain may report the value at too.
    aliases: tuple[str, ...] = ()


def _to_review(world: Pharmacy) -> None:
    member(world, "bob.dupont", capabilities=["read", "send", "manage_members"])
    member(world, "dan.petit", by=login(world.ports, BOB))
    revoke_member(world.ports, world.claire, world.address, account=BOB, reason="départ")


def _successor(world: Pharmacy) -> None:
    member(world, "claire.martin2", professional=example_professional(2).idnat)


def _two_agents() -> Pharmacy:
    return pharmacy(example_ports(service_centre=[AGENT, AGENT2]))


def _new_member(world: Pharmacy, *, first: Any = "Bob", last: Any = "Dupont") -> object:
    return create_member_account(
        world.ports,
        world.claire,
        world.address,
        account=BOB,
        first_name=first,
        last_name=last,
        password=password_of(BOB),
    )


def _sign_up(world: Pharmacy, *, first: Any = None, last: Any = None) -> object:
    registration = example_registration(3)
    return register_mailbox(
        world.ports,
        registration,
        address=example_address("pharmacie3"),
        password=password_of(registration.responsible.email),
        first_name=first,
        last_name=last,
    )


def _agent(world: Pharmacy, *, first: Any = "Second", last: Any = "Agent") -> object:
    return enrol_agent(
        world.ports,
        CONSOLE,
        AGENT2,
        first_name=first,
        last_name=last,
        password=password_of(AGENT2),
    )


FIELDS = [
    Field("register_mailbox", "first_name", lambda w, v: _sign_up(w, first=v)),
    Field("register_mailbox", "last_name", lambda w, v: _sign_up(w, last=v)),
    Field("create_member_account", "first_name", lambda w, v: _new_member(w, first=v)),
    Field("create_member_account", "last_name", lambda w, v: _new_member(w, last=v)),
    Field("enrol_agent", "first_name", lambda w, v: _agent(w, first=v), world=_two_agents),
    Field("enrol_agent", "last_name", lambda w, v: _agent(w, last=v), world=_two_agents),
    Field(
        "reject_account",
        "reason",
        lambda w, v: reject_account(w.ports, w.agent, BOB, reason=v),
        prepare=lambda w: member(w, "bob.dupont", approve=False),
    ),
    Field(
        "suspend_member",
        "reason",
        lambda w, v: suspend_member(
            w.ports,
            w.claire,
            w.address,
            account=ALICE,
            reason=v,
        ),
    ),
    Field(
        "revoke_member",
        "reason",
        lambda w, v: revoke_member(
            w.ports,
            w.claire,
            w.address,
            account=ALICE,
            reason=v,
        ),
    ),
    Field(
        "review_member",
        "reason",
        lambda w, v: review_member(
            w.ports,
            w.claire,
            w.address,
            account=DAN,
            keep=False,
            reason=v,
        ),
        prepare=_to_review,
    ),
    Field(
        "hand_over",
        "contact",
        lambda w, v: hand_over_responsibility(
            w.ports,
            w.claire,
            w.address,
            successor=example_professional(2),
            contact=v,
        ),
        prepare=_successor,
        aliases=("responsible_contact",),
    ),
    Field(
        "change_description",
        "description",
        lambda w, v: change_description(
            w.ports,
            w.claire,
            w.address,
            description=v,
        ),
    ),
    Field(
        "change_directory_entry",
        "service",
        lambda w, v: change_directory_entry(
            w.ports,
            w.claire,
            w.address,
            service=v,
        ),
    ),
    Field(
        "change_directory_entry",
        "contact",
        lambda w, v: change_directory_entry(
            w.ports,
            w.claire,
            w.address,
            contact=v,
        ),
        aliases=("responsible_contact",),
    ),
    Field(
        "suspend_mailbox",
        "reason",
        lambda w, v: suspend_mailbox(w.ports, w.claire, w.address, reason=v),
    ),
    Field(
        "close_mailbox",
        "reason",
        lambda w, v: close_mailbox(w.ports, w.claire, w.address, reason=v),
    ),
    Field(
        "send_message",
        "reference",
        lambda w, v: send_message(
            w.ports,
            w.alice,
            recipient=CORRESPONDENT,
            reference=v,
        ),
        prepare=lambda w: switch_mailbox(w.ports, w.alice, w.address),
    ),
    Field(
        "receive_message",
        "reference",
        lambda w, v: receive_message(
            w.ports,
            TRANSPORT,
            w.address,
            sender=CORRESPONDENT,
            reference=v,
        ),
    ),
]


#: Fields of several lines (a text area): a line break or a tab is text there.
MULTILINE = {("change_description", "description")}


def _cases() -> list[Any]:
    cases = []
    for field in FIELDS:
        for name, hostile in HOSTILE.items():
            if (field.name, field.path) in MULTILINE and name in ("line_break", "tab"):
                continue
            cases.append(pytest.param(field, hostile, id=f"{field.name}.{field.path}-{name}"))
    return cases


def assert_nothing_stored(world: Pharmacy, marker: str | None) -> None:
    if marker is None:
        return
    found = [
        repr(item[:60])
        for item in reachable(store_of(world.ports))
        if isinstance(item, str) and marker in item
    ]
    assert found == [], "the hostile value was stored"


@pytest.mark.parametrize(("field", "hostile"), _cases())
def test_hostile_text_is_a_coded_audited_refusal_and_nothing_is_stored(
    field: Field, hostile: Hostile
) -> None:
    world = field.world()
    field.prepare(world)
    trail = Trail(world.ports)

    with pytest.raises(DomainRefusal) as refusal:
        field.call(world, hostile.value)

    problems = refusal.value.problems
    assert problems
    assert {p.code for p in problems} <= TEXT_CODES, [p.code for p in problems]
    assert {p.path for p in problems} <= {field.path, *field.aliases}
    entry = trail.one()
    assert (entry.allowed, entry.reasons) == (False, tuple(p.code for p in problems))
    assert_nothing_stored(world, hostile.marker)
    for problem in problems:  # messages name a bad character by its code point, never show it
        for lang in ("fr", "en"):
            assert hostile.marker is None or hostile.marker not in problem.message(lang)


def test_a_harmless_str_subclass_is_stored_as_a_plain_str(world: Pharmacy) -> None:
    class Text(str):
        __slots__ = ()

    switch_mailbox(world.ports, world.alice, world.address)
    change_description(world.ports, world.claire, world.address, description=Text("Ordonnances"))
    revoke_member(world.ports, world.claire, world.address, account=ALICE, reason=Text("départ"))
    receive_message(
        world.ports, TRANSPORT, world.address, sender=CORRESPONDENT, reference=Text("<r@x>")
    )
    subclassed = [
        type(item).__name__
        for item in reachable(store_of(world.ports))
        if isinstance(item, str) and type(item) is not str
    ]
    assert subclassed == []


# -- capabilities ---------------------------------------------------------------------------------


CAPABILITIES: dict[str, tuple[object, str]] = {
    "unknown_name": (["read", "superuser"], "delegation.unknown_capability"),
    "wrong_case": (["READ"], "delegation.unknown_capability"),
    "nested_list": ([["read"]], "delegation.unknown_capability"),
    "number": ([1], "delegation.unknown_capability"),
    "none_inside": ([None], "delegation.unknown_capability"),
    "a_string": ("read", "form.wrong_type"),
    "bytes": (b"read", "form.wrong_type"),
    "a_number": (7, "form.wrong_type"),
    "endless": (itertools.repeat("read"), "delegation.unknown_capability"),
    "too_many": (["read"] * 100, "delegation.unknown_capability"),
}


@pytest.mark.parametrize(("value", "code"), list(CAPABILITIES.values()), ids=list(CAPABILITIES))
@pytest.mark.parametrize("command", ["grant", "create", "attach", "hand_over"])
def test_bad_capabilities_are_a_coded_audited_refusal(command: str, value: Any, code: str) -> None:
    world = pharmacy()
    other = pharmacy(world.ports, n=2)  # Claire Martin2 declared her identity at sign-up
    trail = Trail(world.ports)
    calls: dict[str, Callable[[], object]] = {
        "grant": lambda: grant_member(
            world.ports,
            world.claire,
            world.address,
            account=CLAIRE2,
            capabilities=value,
        ),
        "create": lambda: create_member_account(
            world.ports,
            world.claire,
            world.address,
            account=BOB,
            first_name="Bob",
            last_name="Dupont",
            password=password_of(BOB),
            capabilities=value,
        ),
        "attach": lambda: attach_existing_account(
            world.ports,
            world.claire,
            world.address,
            account=CLAIRE2,
            password=password_of(CLAIRE2),
            capabilities=value,
        ),
        "hand_over": lambda: hand_over_responsibility(
            world.ports,
            world.claire,
            world.address,
            successor=example_professional(2),
            previous_keeps=value,
        ),
    }

    with pytest.raises(DomainRefusal) as refusal:
        calls[command]()

    assert {p.code for p in refusal.value.problems} == {code}
    entry = trail.one()
    assert entry.reasons == tuple(p.code for p in refusal.value.problems)
    assert "capabilities" not in entry.details
    assert other.address != world.address


CLAIRE2 = example_address("claire.martin2")


@pytest.mark.parametrize(
    "value",
    [frozenset({"read"}), {"read", "send"}, frozenset({Capability.READ})],
    ids=["frozenset_of_names", "set_of_names", "frozenset_of_capabilities"],
)
def test_capabilities_given_as_a_set_are_granted(value: Any) -> None:
    world = pharmacy()
    member(world, "bob.dupont")
    revoke_member(world.ports, world.claire, world.address, account=BOB, reason="essai")
    granted = grant_member(
        world.ports, world.claire, world.address, account=BOB, capabilities=value
    )
    assert granted.delegation.capabilities == {Capability(v) for v in value}


def test_capabilities_given_as_a_generator_are_granted() -> None:
    world = pharmacy()
    member(world, "bob.dupont")
    revoke_member(world.ports, world.claire, world.address, account=BOB, reason="essai")
    granted = grant_member(
        world.ports, world.claire, world.address, account=BOB, capabilities=(c for c in ["read"])
    )
    assert {c.value for c in granted.delegation.capabilities} == {"read"}


def test_capabilities_given_as_a_mapping_are_a_coded_refusal() -> None:
    world = pharmacy()
    trail = Trail(world.ports)
    with pytest.raises(DomainRefusal):
        grant_member(
            world.ports,
            world.claire,
            world.address,
            account=ALICE,
            capabilities={"read": object()},
        )
    assert trail.one().allowed is False


# -- datetimes, whole numbers, booleans -----------------------------------------------------------


class NoOffset(dt.tzinfo):
    def utcoffset(self, _: dt.datetime | None) -> None:
        return None

    def dst(self, _: dt.datetime | None) -> None:
        return None

    def tzname(self, _: dt.datetime | None) -> str:
        return "?"


DATETIMES: dict[str, tuple[object, str]] = {
    "naive": (dt.datetime(2026, 6, 1, 9, 0), "field.naive_datetime"),
    "no_offset": (dt.datetime(2026, 6, 1, tzinfo=NoOffset()), "field.naive_datetime"),
    "year_1": (dt.datetime(1, 1, 1, tzinfo=dt.UTC), "field.out_of_range"),
    "year_9999": (dt.datetime(9999, 12, 31, tzinfo=dt.UTC), "field.out_of_range"),
    "a_date": (dt.date(2026, 6, 1), "form.wrong_type"),
    "iso_text": ("2026-06-01T09:00:00+00:00", "form.wrong_type"),
    "timestamp": (1_780_000_000, "form.wrong_type"),
}


@pytest.mark.parametrize(("value", "code"), list(DATETIMES.values()), ids=list(DATETIMES))
@pytest.mark.parametrize(
    "command", ["grant.expires_at", "audit.since", "audit.until", "account_trail.since"]
)
def test_bad_datetimes_are_a_coded_audited_refusal(command: str, value: Any, code: str) -> None:
    world = pharmacy()
    trail = Trail(world.ports)
    calls: dict[str, Callable[[], object]] = {
        "grant.expires_at": lambda: grant_member(
            world.ports,
            world.claire,
            world.address,
            account=ALICE,
            expires_at=value,
        ),
        "audit.since": lambda: read_audit_trail(
            world.ports, world.claire, world.address, since=value
        ),
        "audit.until": lambda: read_audit_trail(
            world.ports, world.claire, world.address, until=value
        ),
        "account_trail.since": lambda: read_account_trail(
            world.ports, world.alice, ALICE, since=value
        ),
    }
    with pytest.raises(DomainRefusal) as refusal:
        calls[command]()
    assert [(p.code, p.path) for p in refusal.value.problems] == [(code, command.split(".")[1])]
    assert trail.one().reasons == (code,)


NUMBERS: dict[str, tuple[object, str]] = {
    "zero": (0, "field.out_of_range"),
    "negative": (-1, "field.out_of_range"),
    "huge": (10**100, "field.out_of_range"),
    "enormous": (10**4000, "field.out_of_range"),
    "boolean": (True, "form.wrong_type"),
    "float": (1.0, "form.wrong_type"),
    "nan": (float("nan"), "form.wrong_type"),
    "text": ("10", "form.wrong_type"),
}


@pytest.mark.parametrize(("value", "code"), list(NUMBERS.values()), ids=list(NUMBERS))
@pytest.mark.parametrize(
    "command",
    ["rank", "members.limit", "pending.limit", "audit.limit", "mailbox.limit", "reminders.limit"],
)
def test_bad_whole_numbers_are_a_coded_audited_refusal(command: str, value: Any, code: str) -> None:
    world = pharmacy()
    switch_mailbox(world.ports, world.alice, world.address)
    trail = Trail(world.ports)
    calls: dict[str, Callable[[], object]] = {
        "rank": lambda: change_directory_entry(
            world.ports, world.claire, world.address, rank=value
        ),
        "members.limit": lambda: list_members(
            world.ports, world.claire, world.address, limit=value
        ),
        "pending.limit": lambda: pending_accounts(world.ports, world.agent, limit=value),
        "audit.limit": lambda: read_audit_trail(
            world.ports, world.claire, world.address, limit=value
        ),
        "mailbox.limit": lambda: read_mailbox(world.ports, world.alice, limit=value),
        "reminders.limit": lambda: send_expiry_reminders(world.ports, SCHEDULER, limit=value),
    }
    with pytest.raises(DomainRefusal) as refusal:
        calls[command]()
    path = "rank" if command == "rank" else "limit"
    assert [(p.code, p.path) for p in refusal.value.problems] == [(code, path)]
    entry = trail.one()
    assert entry.reasons == (code,)
    json.dumps(dict(entry.details))  # plain data


@pytest.mark.parametrize("value", [1, 0, "true", None, [True]], ids=repr)
@pytest.mark.parametrize("command", ["notices", "red_list.national", "red_list.operator", "review"])
def test_bad_booleans_are_a_coded_audited_refusal(command: str, value: Any) -> None:
    world = pharmacy()
    if command == "review":
        _to_review(world)
    trail = Trail(world.ports)
    calls: dict[str, Callable[[], object]] = {
        "notices": lambda: set_notices(world.ports, world.alice, world.address, enabled=value),
        "red_list.national": lambda: change_red_list(
            world.ports,
            world.claire,
            world.address,
            national_directory=value,
        ),
        "red_list.operator": lambda: change_red_list(
            world.ports,
            world.claire,
            world.address,
            operator_directory=value,
        ),
        "review": lambda: review_member(
            world.ports,
            world.claire,
            world.address,
            account=DAN,
            keep=value,
            reason="x",
        ),
    }
    if value is None and command.startswith("red_list"):
        calls[command]()  # None leaves that directory's choice as it is
        return
    with pytest.raises(DomainRefusal) as refusal:
        calls[command]()
    assert {p.code for p in refusal.value.problems} == {"form.wrong_type"}
    assert trail.one().allowed is False


# -- addresses of the wrong type ------------------------------------------------------------------


def _address_calls(world: Pharmacy, bad: Any) -> dict[str, Callable[[], object]]:
    w = world
    return {
        "switch.mailbox": lambda: switch_mailbox(w.ports, w.alice, bad),
        "default.mailbox": lambda: set_default_mailbox(w.ports, w.alice, bad),
        "notices.mailbox": lambda: set_notices(w.ports, w.alice, bad, enabled=True),
        "grant.mailbox": lambda: grant_member(w.ports, w.claire, bad, account=ALICE),
        "grant.account": lambda: grant_member(w.ports, w.claire, w.address, account=bad),
        "suspend.account": lambda: suspend_member(w.ports, w.claire, w.address, account=bad),
        "members.mailbox": lambda: list_members(w.ports, w.claire, bad),
        "send.recipient": lambda: send_message(w.ports, w.alice, recipient=bad, reference="r"),
        "send.mailbox": lambda: send_message(
            w.ports, w.alice, recipient=CORRESPONDENT, reference="r", mailbox=bad
        ),
        "receive.sender": lambda: receive_message(
            w.ports, TRANSPORT, w.address, sender=bad, reference="r"
        ),
        "receive.mailbox": lambda: receive_message(
            w.ports, TRANSPORT, bad, sender=CORRESPONDENT, reference="r"
        ),
        "approve.account": lambda: reject_account(w.ports, w.agent, bad, reason="x"),
        "register.address": lambda: register_mailbox(
            w.ports, example_registration(), address=bad, actor=w.claire
        ),
        "create.account": lambda: create_member_account(
            w.ports,
            w.claire,
            w.address,
            account=bad,
            first_name="B",
            last_name="D",
            password=password_of(BOB),
        ),
        "hand_over.account": lambda: hand_over_responsibility(
            w.ports, w.claire, w.address, successor=example_professional(2), successor_account=bad
        ),
        "audit.by": lambda: read_audit_trail(w.ports, w.claire, w.address, by=bad),
        "account_trail.account": lambda: read_account_trail(w.ports, w.alice, bad),
        "red_list.mailbox": lambda: change_red_list(
            w.ports, w.claire, bad, national_directory=True
        ),
        "close.mailbox": lambda: close_mailbox(w.ports, w.claire, bad, reason="x"),
        "host.account": lambda: list_members(w.ports, HostAssertion(bad, sign_on="psc"), w.address),
    }


BAD_ADDRESSES = {
    "text": "pharmacie@contract.mssante.fr",
    "mixed_case_text": "Pharmacie@Contract.MSSante.fr",
    "bytes": b"pharmacie@contract.mssante.fr",
    "number": 42,
    "a_list": ["pharmacie@contract.mssante.fr"],
}


@pytest.mark.parametrize("bad", list(BAD_ADDRESSES.values()), ids=list(BAD_ADDRESSES))
@pytest.mark.parametrize("where", list(_address_calls(pharmacy(), None)))
def test_an_address_that_is_not_an_email_address_is_a_type_error_at_once(
    where: str, bad: object
) -> None:
    world = pharmacy()
    trail = Trail(world.ports)
    with pytest.raises(TypeError):
        _address_calls(world, bad)[where]()
    assert trail.new() == []


def test_a_successor_or_a_registration_of_the_wrong_type_is_a_type_error(world: Pharmacy) -> None:
    with pytest.raises(TypeError):
        hand_over_responsibility(
            world.ports,
            world.claire,
            world.address,
            successor="Claire",  # type: ignore[arg-type]
        )
    with pytest.raises(TypeError):
        register_mailbox(
            world.ports,
            attrs.asdict(example_registration()),  # type: ignore[arg-type]
            address=example_address("bis"),
            actor=world.claire,
        )
