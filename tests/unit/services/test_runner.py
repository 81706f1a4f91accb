"""The runner (issue 8.1): one transaction per command, retried whole on a write conflict,
commands as frozen values that hosts may build and run themselves.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from tests.unit.services.support import Trail, refused, store_of

from balorg.adapters.memory import InMemoryStore
from balorg.domain.actors import HostAssertion
from balorg.domain.errors import DomainRefusal
from balorg.ports.credentials import Password
from balorg.ports.repositories import ConcurrencyConflict
from balorg.services import (
    ChangeDescription,
    ChangeRedList,
    Command,
    CreateMemberAccount,
    change_description,
    change_red_list,
    grant_member,
    register_mailbox,
    run,
)
from balorg.services.bus import MAX_ATTEMPTS
from balorg.testing.examples import example_address
from balorg.testing.scenarios import Pharmacy, example_registration, pharmacy


class Racing:
    """A unit-of-work factory over ``store`` whose units of work, just before they commit,
    let ``race`` commit first (``times`` times in all): a concurrent use case."""

    def __init__(self, store: InMemoryStore, race: Callable[[], object], times: int) -> None:
        self.store, self.race, self.times = store, race, times
        self.commits = 0

    def __call__(self) -> Any:
        uow = self.store.unit_of_work()
        commit = uow.commit

        def racing_commit() -> None:
            self.commits += 1
            if self.times > 0:
                self.times -= 1
                self.race()
            commit()

        uow.commit = racing_commit  # type: ignore[method-assign]
        return uow


def test_a_command_that_lost_a_write_race_is_run_again_whole(world: Pharmacy) -> None:
    store = store_of(world.ports)
    race = lambda: change_description(  # noqa: E731
        world.ports, world.claire, world.address, description="Écrite entre-temps"
    )
    factory = Racing(store, race, times=1)
    racing = attrs.evolve(world.ports, uow=factory)
    trail = Trail(world.ports)

    assert change_red_list(racing, world.claire, world.address, national_directory=True) is True

    assert factory.commits == 2  # lost once, then run again from the start

    mailbox = world.mailbox
    assert (mailbox.description, mailbox.red_list.national_directory) == (
        "Écrite entre-temps",
        True,
    )
    assert sorted(e.action for e in trail.new()) == ["change_description", "change_red_list"]


def test_a_command_that_keeps_losing_gives_up_and_leaves_nothing(world: Pharmacy) -> None:
    store = store_of(world.ports)
    count = iter(range(100))
    race = lambda: change_description(  # noqa: E731
        world.ports, world.claire, world.address, description=f"Version {next(count)}"
    )
    racing = attrs.evolve(world.ports, uow=Racing(store, race, times=MAX_ATTEMPTS))
    trail = Trail(world.ports)

    with pytest.raises(ConcurrencyConflict):
        change_red_list(racing, world.claire, world.address, national_directory=True)

    assert world.mailbox.red_list.national_directory is False
    assert {e.action for e in trail.new()} == {"change_description"}


def test_hosts_may_build_the_commands_and_run_them(world: Pharmacy) -> None:
    command = ChangeDescription(mailbox=world.address, description="Ordonnances")
    assert run(world.ports, world.claire, command) is True
    assert run(world.ports, world.claire, command) is False  # nothing left to change
    with refused("access.missing_capability"):
        run(world.ports, world.alice, attrs.evolve(command, description="Autre"))


def test_commands_are_frozen_values_that_never_show_a_password() -> None:
    command = CreateMemberAccount(
        mailbox=example_address("pharmacie"),
        account=example_address("bob.dupont"),
        first_name="Bob",
        last_name="Dupont",
        password=Password("un secret bien gardé"),
    )
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        command.first_name = "Robert"  # type: ignore[misc]
    assert "secret" not in repr(command)
    assert "secret" not in str(attrs.asdict(command, recurse=False))


def test_a_command_without_a_handler_is_a_type_error(world: Pharmacy) -> None:
    @attrs.frozen(kw_only=True)
    class Unknown(Command[None]):
        action = "unknown"

    trail = Trail(world.ports)
    with pytest.raises(TypeError, match="no handler"):
        run(world.ports, world.claire, Unknown())
    assert trail.new() == []


def test_a_refusal_is_raised_after_its_entry_was_committed(world: Pharmacy) -> None:
    trail = Trail(world.ports)
    codes: list[str] = []
    seen: list[Any] = []
    try:
        run(world.ports, world.alice, ChangeRedList(mailbox=world.address, national_directory=True))
    except DomainRefusal as refusal:
        codes = [p.code for p in refusal.problems]
        seen = trail.new()  # already there when the refusal is seen
    assert codes == ["access.missing_capability"]
    assert [(e.action, e.allowed) for e in seen] == [("change_red_list", False)]


def _at_once(calls: list[Callable[[], object]]) -> Counter[str]:
    start = threading.Barrier(len(calls))
    outcomes: list[str] = [""] * len(calls)

    def attempt(index: int) -> None:
        start.wait()
        try:
            calls[index]()
            outcomes[index] = "ok"
        except DomainRefusal as refusal:
            outcomes[index] = ",".join(p.code for p in refusal.problems)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return Counter(outcomes)


def test_parallel_grants_to_one_account_leave_one_live_delegation(world: Pharmacy) -> None:
    pharmacy(world.ports, n=2)
    noemie = example_address("alice.bernard2")
    claire = HostAssertion(world.mailbox.responsible.account, sign_on="psc")
    grant = lambda: grant_member(world.ports, claire, world.address, account=noemie)  # noqa: E731

    outcomes = _at_once([grant] * 12)

    assert outcomes == {"ok": 1, "delegation.already_granted": 11}
    with world.ports.uow() as uow:
        assert [d.number for d in uow.delegations.history(world.address, noemie)] == [1]


def test_parallel_registrations_of_one_address_leave_one_mailbox(world: Pharmacy) -> None:
    claire = HostAssertion(world.mailbox.responsible.account, sign_on="psc")
    address = example_address("pharmacie.convoitee")
    register = lambda: register_mailbox(  # noqa: E731
        world.ports, example_registration(), address=address, actor=claire
    )
    assert _at_once([register] * 12) == {"ok": 1, "address.taken": 11}
