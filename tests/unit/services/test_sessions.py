"""Sessions (second guide, steps 1 to 5), authenticated actors and passwords.

"Je me connecte avec mes identifiants nominatifs": logging in opens a session on the
account's default mailbox; the blue label says which mailbox is open; "Changer de
compte" switches; sending and reading act on the open mailbox; sessions end after a
time without use, at an absolute limit, or when the person logs out.
"""

from __future__ import annotations

import datetime as dt
import pickle

import attrs
import pytest
from tests.unit.services.support import (
    CORRESPONDENT,
    Trail,
    clock_of,
    login,
    member,
    refused,
    store_of,
)

from balorg.adapters.memory import InMemoryCredentials
from balorg.domain.actors import HostAssertion, SessionToken, SystemActor
from balorg.domain.addresses import EmailAddress
from balorg.domain.mailbox import LifecycleState
from balorg.ports.credentials import Password
from balorg.services import (
    authenticate,
    change_password,
    close_mailbox,
    connection_settings,
    create_member_account,
    end_session,
    enrol_agent,
    list_members,
    read_mailbox,
    register_mailbox,
    reject_account,
    revoke_member,
    send_message,
    set_default_mailbox,
    set_notices,
    start_session,
    suspend_member,
    switch_mailbox,
    whoami,
)
from balorg.testing.examples import example_address
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
CLAIRE = example_registration().responsible.email


# -- 1. "Je me connecte avec mes identifiants nominatifs" -----------------------------------------


def test_logging_in_opens_the_nominative_mailbox_with_ones_own_name_on_the_blue_label(
    world: Pharmacy,
) -> None:
    opened = authenticate(world.ports, ALICE, password_of(ALICE))

    assert opened.view.account == ALICE
    assert opened.view.mailbox == ALICE
    assert (opened.view.banner.label, opened.view.banner.organisational) == ("Alice Bernard", False)
    assert opened.view.openable == frozenset({world.address})
    assert opened.view.method == "password"
    assert whoami(world.ports, opened.token) == opened.view


def test_logging_in_opens_the_default_mailbox_with_the_services_name_on_the_blue_label(
    world: Pharmacy,
) -> None:
    """Guide 2, step 4: "Définir comme compte par défaut"."""
    set_default_mailbox(world.ports, world.alice, world.address)

    opened = authenticate(world.ports, ALICE, password_of(ALICE))

    assert opened.view.mailbox == world.address
    assert opened.view.banner.label == "Pharmacie Du Centre"
    assert opened.view.banner.organisational is True
    assert connection_settings(world.ports, opened.token).default == world.address


def test_the_default_falls_back_to_the_nominative_mailbox_once_the_delegation_ends(
    world: Pharmacy,
) -> None:
    set_default_mailbox(world.ports, world.alice, world.address)
    set_notices(world.ports, world.alice, world.address, enabled=True)
    suspend_member(world.ports, world.claire, world.address, account=ALICE, reason="congé")

    opened = authenticate(world.ports, ALICE, password_of(ALICE))

    assert opened.view.mailbox == ALICE
    settings = connection_settings(world.ports, opened.token)
    assert (settings.mailboxes, settings.default, settings.notices) == (
        (ALICE,),
        ALICE,
        frozenset(),
    )


def test_nobody_logs_into_an_organisational_mailbox_whatever_the_password(
    world: Pharmacy,
) -> None:
    with refused("credentials.invalid"):
        authenticate(world.ports, world.address, password_of(world.address))
    with refused("account.unknown"):
        start_session(world.ports, HostAssertion(world.address, sign_on="pro-sante-connect"))


def test_an_account_the_service_centre_has_not_validated_cannot_log_in(world: Pharmacy) -> None:
    bob = member(world, "bob.dupont", approve=False)
    with refused("access.account_not_active"):
        authenticate(world.ports, bob, password_of(bob))
    with refused("access.account_not_active"):
        start_session(world.ports, HostAssertion(bob, sign_on="pro-sante-connect"))


def test_the_token_is_given_once_and_only_its_digest_is_kept(world: Pharmacy) -> None:
    opened = authenticate(world.ports, ALICE, password_of(ALICE))
    secret = opened.token.reveal()

    assert secret not in repr(opened)
    assert repr(opened.token) == "SessionToken('********')"
    store = store_of(world.ports)
    assert opened.token.digest() in store.sessions
    for digest, session in store.sessions.items():
        assert secret not in digest
        assert secret not in repr(attrs.asdict(session))
    with pytest.raises(TypeError):
        pickle.dumps(opened.token)


# -- 2 and 3. "Je vérifie que je suis sur la bonne boîte" / "Changer de compte" -------------------


def test_changer_de_compte_switches_the_open_mailbox_and_back(world: Pharmacy) -> None:
    view = switch_mailbox(world.ports, world.alice, world.address)
    assert (view.mailbox, view.banner.organisational) == (world.address, True)
    assert whoami(world.ports, world.alice).mailbox == world.address

    view = switch_mailbox(world.ports, world.alice, ALICE)
    assert (view.mailbox, view.banner.label) == (ALICE, "Alice Bernard")


def test_one_cannot_switch_to_a_mailbox_one_holds_nothing_on(world: Pharmacy) -> None:
    other = pharmacy(world.ports, n=2).address
    with refused("access.not_member"):
        switch_mailbox(world.ports, world.alice, other)
    with refused("mailbox.unknown"):
        switch_mailbox(world.ports, world.alice, example_address("inconnue"))
    assert whoami(world.ports, world.alice).mailbox == ALICE


def test_sending_and_reading_act_on_the_mailbox_open_in_the_session(world: Pharmacy) -> None:
    with refused("mail.nominative_mailbox"):
        send_message(world.ports, world.alice, recipient=CORRESPONDENT, reference="<1@x>")

    switch_mailbox(world.ports, world.alice, world.address)
    sent = send_message(world.ports, world.alice, recipient=CORRESPONDENT, reference="<1@x>")
    contents = read_mailbox(world.ports, world.alice)

    assert (sent.mailbox, sent.author, sent.correspondent) == (world.address, ALICE, CORRESPONDENT)
    assert contents.mailbox == world.address
    assert contents.sent == (sent,)


def test_naming_another_mailbox_than_the_open_one_is_refused(world: Pharmacy) -> None:
    with refused("session.other_mailbox"):
        read_mailbox(world.ports, world.alice, mailbox=world.address)
    with refused("session.other_mailbox"):
        send_message(
            world.ports, world.alice, recipient=CORRESPONDENT, reference="r", mailbox=world.address
        )


def test_a_host_sign_on_names_the_mailbox_it_acts_on(world: Pharmacy) -> None:
    alice = HostAssertion(ALICE, sign_on="pro-sante-connect")
    with refused("field.required"):
        read_mailbox(world.ports, alice)
    sent = send_message(
        world.ports, alice, recipient=CORRESPONDENT, reference="<h@x>", mailbox=world.address
    )
    assert sent.author == ALICE


def test_an_open_session_loses_the_mailbox_when_the_delegation_ends(world: Pharmacy) -> None:
    switch_mailbox(world.ports, world.alice, world.address)
    revoke_member(world.ports, world.claire, world.address, account=ALICE, reason="départ")

    with refused("access.delegation_not_active"):
        read_mailbox(world.ports, world.alice)
    with refused("access.delegation_not_active"):
        send_message(world.ports, world.alice, recipient=CORRESPONDENT, reference="<2@x>")
    view = whoami(world.ports, world.alice)
    assert world.address not in view.openable
    # The label no longer shows the mailbox she cannot use; it says it was withdrawn.
    assert (view.mailbox, view.withdrawn, view.banner.organisational) == (
        ALICE,
        world.address,
        False,
    )


# -- expiry and logging out -----------------------------------------------------------------------


def test_a_session_ends_after_the_idle_limit_without_use(world: Pharmacy) -> None:
    clock = clock_of(world.ports)
    idle = world.ports.settings.session_idle
    clock.advance(seconds=idle.total_seconds() - 1)
    switch_mailbox(world.ports, world.alice, world.address)  # a use resets the limit
    clock.advance(seconds=idle.total_seconds() - 1)
    assert whoami(world.ports, world.alice).mailbox == world.address

    clock.advance(seconds=1)
    trail = Trail(world.ports)
    with refused("session.idle_expired"):
        read_mailbox(world.ports, world.alice)
    entry = trail.one()
    assert (entry.action, entry.actor, entry.allowed) == ("read_mailbox", str(ALICE), False)
    with refused("session.idle_expired"):
        whoami(world.ports, world.alice)


def test_a_refused_command_is_still_a_use_of_the_session(world: Pharmacy) -> None:
    clock = clock_of(world.ports)
    idle = world.ports.settings.session_idle
    clock.advance(seconds=idle.total_seconds() - 60)
    with refused("access.missing_capability"):
        list_members(world.ports, world.alice, world.address)  # Alice is there, acting
    clock.advance(seconds=120)
    assert whoami(world.ports, world.alice).account == ALICE


def test_a_session_ends_at_its_absolute_limit_however_much_it_is_used(world: Pharmacy) -> None:
    clock = clock_of(world.ports)
    settings = world.ports.settings
    token = login(world.ports, ALICE)
    started = clock.now()
    step = settings.session_idle / 2
    while clock.now() + step < started + settings.session_absolute:
        clock.advance(seconds=step.total_seconds())
        whoami(world.ports, token)
        switch_mailbox(world.ports, token, world.address)
    clock.set(started + settings.session_absolute)
    with refused("session.expired"):
        switch_mailbox(world.ports, token, ALICE)
    assert login(world.ports, ALICE) != token  # a new login opens a new session


def test_logging_out_ends_the_session_for_good(world: Pharmacy) -> None:
    end_session(world.ports, world.alice)

    with refused("session.ended"):
        whoami(world.ports, world.alice)
    with refused("session.ended"):
        switch_mailbox(world.ports, world.alice, world.address)
    with refused("session.ended"):
        end_session(world.ports, world.alice)
    assert whoami(world.ports, world.claire).account == CLAIRE  # other sessions go on


def test_an_unknown_token_is_refused(world: Pharmacy) -> None:
    forged = SessionToken("0" * 43)
    with refused("session.unknown"):
        whoami(world.ports, forged)
    with refused("session.unknown"):
        connection_settings(world.ports, forged)
    with refused("session.unknown"):
        end_session(world.ports, forged)


def test_the_session_of_a_rejected_account_can_do_nothing_more() -> None:
    """Claire signed up (first guide): her session lets her attach members and press
    "Terminer"; the service centre rejects her account; the session is worth nothing."""
    ports = example_ports()
    enrol_agent(
        ports, CONSOLE, AGENT, first_name="Agent", last_name="V", password=password_of(AGENT)
    )
    registered = register_mailbox(
        ports,
        example_registration(),
        address=example_address("pharmacie"),
        password=password_of(CLAIRE),
    )
    assert registered.session is not None
    token = registered.session.token
    list_members(ports, token, registered.mailbox.address)  # allowed while registering

    reject_account(
        ports, HostAssertion(AGENT, sign_on="carte-cps"), CLAIRE, reason="identité douteuse"
    )

    with refused("access.account_closed"):
        list_members(ports, token, registered.mailbox.address)
    with refused("access.account_closed"):
        start_session(ports, HostAssertion(CLAIRE, sign_on="pro-sante-connect"))
    with ports.uow() as uow:
        mailbox = uow.mailboxes.get(registered.mailbox.address)
    assert mailbox is not None
    assert mailbox.state is LifecycleState.CLOSED


# -- authenticated actors -------------------------------------------------------------------------


def test_the_hosts_sign_on_opens_a_session_recorded_as_such(world: Pharmacy) -> None:
    trail = Trail(world.ports)
    opened = start_session(world.ports, HostAssertion(ALICE, sign_on="pro-sante-connect"))

    assert opened.view.method == "host:pro-sante-connect"
    entry = trail.one()
    assert (entry.action, entry.actor, entry.auth) == (
        "log_in",
        str(ALICE),
        "host:pro-sante-connect",
    )
    switch_mailbox(world.ports, opened.token, world.address)
    assert trail.one().auth == f"session:{opened.view.id}"


def test_the_host_cannot_sign_on_someone_unknown_or_closed(world: Pharmacy) -> None:
    with refused("account.unknown"):
        start_session(world.ports, HostAssertion(example_address("x"), sign_on="psc"))
    bob = member(world, "bob.dupont", approve=False)
    reject_account(world.ports, world.agent, bob, reason="doublon")
    with refused("access.account_closed"):
        start_session(world.ports, HostAssertion(bob, sign_on="psc"))


@pytest.mark.parametrize("sign_on", ["", "PSC", "pro santé", "a:b", "x" * 65, "-psc"])
def test_a_sign_on_name_that_would_blur_the_trail_is_refused_at_once(sign_on: str) -> None:
    with pytest.raises(ValueError, match="sign_on"):
        HostAssertion(ALICE, sign_on=sign_on)


@pytest.mark.parametrize(
    "actor", [ALICE, str(ALICE), None, "token", object(), Password("x"), ("alice", "pw")]
)
def test_anything_but_an_authenticated_actor_is_a_type_error_and_leaves_nothing(
    world: Pharmacy, actor: object
) -> None:
    trail = Trail(world.ports)
    with pytest.raises(TypeError, match="authenticated actor"):
        list_members(world.ports, actor, world.address)  # type: ignore[arg-type]
    assert trail.new() == []


def test_commands_for_sessions_only_refuse_the_hosts_sign_on_and_system_jobs(
    world: Pharmacy,
) -> None:
    alice = HostAssertion(ALICE, sign_on="psc")
    with refused("auth.method_not_allowed"):
        switch_mailbox(world.ports, alice, world.address)  # type: ignore[arg-type]
    with refused("auth.method_not_allowed"):
        end_session(world.ports, alice)  # type: ignore[arg-type]
    with refused("auth.method_not_allowed"):
        list_members(world.ports, TRANSPORT, world.address)  # type: ignore[arg-type]
    with refused("auth.method_not_allowed"):
        close_mailbox(world.ports, SystemActor("cron"), world.address, reason="x")  # type: ignore[arg-type]


# -- passwords (issue 10.5) -----------------------------------------------------------------------

WEAK = [
    ("court", "password.too_short"),
    ("x" * 11, "password.too_short"),
    ("y" * 129, "password.too_long"),
    ("motdepasse123", "password.common"),
    ("MotDePasse123", "password.common"),
    ("bob.dupont@contract.mssante.fr", "password.is_address"),
    ("Bob.Dupont@Contract.MSSante.fr", "password.is_address"),
    ("mot de passe\x00long", "password.control_characters"),
    ("mot de passe\nlong", "password.control_characters"),
    ("mot de passe \udcff long", "password.not_utf8"),
]


@pytest.mark.parametrize(("password", "code"), WEAK, ids=[c for _, c in WEAK])
def test_a_new_account_needs_a_password_the_policy_accepts(
    world: Pharmacy, password: str, code: str
) -> None:
    bob = example_address("bob.dupont")
    trail = Trail(world.ports)
    with refused(code) as refusal:
        create_member_account(
            world.ports,
            world.claire,
            world.address,
            account=bob,
            first_name="Bob",
            last_name="Dupont",
            password=Password(password),
        )
    assert [p.path for p in refusal.value.problems] == ["password"]
    assert trail.one().reasons == (code,)
    with world.ports.uow() as uow:
        assert uow.accounts.get(bob) is None
        assert uow.credentials.get(bob) is None


def test_the_policy_has_no_composition_rule_and_counts_characters_not_bytes(
    world: Pharmacy,
) -> None:
    bob = example_address("bob.dupont")
    create_member_account(
        world.ports,
        world.claire,
        world.address,
        account=bob,
        first_name="Bob",
        last_name="Dupont",
        password=Password("éééééééééééé"),  # 12 characters, no digit, no capital
    )


def test_a_registrant_signing_up_needs_a_password_the_policy_accepts() -> None:
    ports = example_ports()
    with refused("password.too_short"):
        register_mailbox(
            ports,
            example_registration(),
            address=example_address("pharmacie"),
            password=Password("court"),
        )
    with ports.uow() as uow:
        assert uow.accounts.get(CLAIRE) is None
        assert uow.mailboxes.get(example_address("pharmacie")) is None


def test_an_agent_is_enrolled_with_a_password_the_policy_accepts() -> None:
    ports = example_ports()
    with refused("password.common"):
        enrol_agent(
            ports, CONSOLE, AGENT, first_name="A", last_name="V", password=Password("password1234")
        )


def test_changing_ones_password_needs_the_current_one_and_a_good_new_one(
    world: Pharmacy,
) -> None:
    new = Password("une phrase de passe toute neuve")
    with refused("credentials.invalid"):
        change_password(world.ports, world.alice, current=Password("pas le bon"), new=new)
    with refused("password.too_short") as refusal:
        change_password(world.ports, world.alice, current=password_of(ALICE), new=Password("x"))
    assert [p.path for p in refusal.value.problems] == ["new"]
    with refused("password.is_address"):
        change_password(
            world.ports, world.alice, current=password_of(ALICE), new=Password(str(ALICE))
        )

    change_password(world.ports, world.alice, current=password_of(ALICE), new=new)

    with refused("credentials.invalid"):
        authenticate(world.ports, ALICE, password_of(ALICE))
    assert authenticate(world.ports, ALICE, new).view.account == ALICE


def test_changing_ones_password_is_for_a_session_only(world: Pharmacy) -> None:
    with refused("auth.method_not_allowed"):
        change_password(
            world.ports,
            HostAssertion(ALICE, sign_on="psc"),  # type: ignore[arg-type]
            current=password_of(ALICE),
            new=Password("une phrase de passe toute neuve"),
        )


def test_passwords_kept_by_the_hosts_service_are_changed_there() -> None:
    world = pharmacy(attrs.evolve(example_ports(), identity=InMemoryCredentials()))
    with refused("password.external"):
        change_password(
            world.ports,
            world.alice,
            current=password_of(ALICE),
            new=Password("une phrase de passe toute neuve"),
        )


def test_a_wrong_current_password_counts_toward_the_throttle(world: Pharmacy) -> None:
    limit = world.ports.settings.max_failed_attempts
    new = Password("une phrase de passe toute neuve")
    for _ in range(limit):
        with refused("credentials.invalid"):
            change_password(world.ports, world.alice, current=Password("devinette"), new=new)
    with refused("credentials.throttled"):
        change_password(world.ports, world.alice, current=password_of(ALICE), new=new)
    with refused("credentials.throttled"):
        authenticate(world.ports, ALICE, password_of(ALICE))


def test_the_session_given_at_sign_up_is_the_registrants_own() -> None:
    ports = example_ports()
    registered = register_mailbox(
        ports,
        example_registration(),
        address=example_address("pharmacie"),
        password=password_of(CLAIRE),
    )
    assert registered.session is not None
    view = registered.session.view
    assert (view.account, view.mailbox, view.method) == (CLAIRE, CLAIRE, "sign_up")
    assert view.expires_at == ports.clock.now() + ports.settings.session_absolute


def test_a_session_lasts_as_the_operators_settings_say() -> None:
    ports = example_ports(
        session_idle=dt.timedelta(minutes=5), session_absolute=dt.timedelta(hours=1)
    )
    world = pharmacy(ports)
    clock_of(ports).advance(minutes=5)
    with refused("session.idle_expired"):
        whoami(ports, world.alice)
    token = login(ports, ALICE)
    assert whoami(ports, token).expires_at == ports.clock.now() + dt.timedelta(hours=1)


def test_addresses_typed_in_any_case_reach_the_same_account_and_mailbox(world: Pharmacy) -> None:
    """Issue 8.6: a mixed-case address once answered "unknown account"."""
    typed = EmailAddress.from_string("Alice.Bernard@Contract.MSSante.fr")
    assert authenticate(world.ports, typed, password_of(ALICE)).view.account == ALICE
    shouted = EmailAddress.from_string(str(world.address).upper())
    assert switch_mailbox(world.ports, world.alice, shouted).mailbox == world.address
    assert switch_mailbox(world.ports, world.alice, typed).mailbox == ALICE  # one's own
