"""The login throttle (issue 10.4), in memory.

Failures are counted atomically with the check: however many attempts arrive at once,
no more than ``max_failed_attempts`` passwords of one account are checked in a window.
An unknown account is refused with the same codes, at the same cost (a dummy hash). A
good password clears the count; an outdated hash is upgraded at the next good login.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import attrs
import pytest
from tests.unit.services.support import Counting, Trail, clock_of, refused, store_of

from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import DomainRefusal
from balorg.ports.credentials import Password
from balorg.services import Ports, attach_existing_account, authenticate
from balorg.services.passwords import ScryptHasher
from balorg.testing.examples import example_address
from balorg.testing.scenarios import TEST_HASHER, Pharmacy, example_ports, password_of, pharmacy

ALICE = example_address("alice.bernard")
WRONG = Password("ce n'est pas le bon mot de passe")
PARALLEL = 24


def counted(delay: float = 0.002) -> tuple[Pharmacy, Counting]:
    """The pharmacy on ports whose hasher counts (and slows down) its checks."""
    hasher = Counting(TEST_HASHER, delay=delay)
    world = pharmacy(attrs.evolve(example_ports(), hasher=hasher))
    hasher.verified.clear()
    return world, hasher


def burst(attempts: list[Callable[[], object]]) -> list[str]:
    """Run every attempt at once (one thread each); answer each outcome: ``ok`` or the
    refusal's code."""
    start = threading.Barrier(len(attempts))
    outcomes: list[str] = [""] * len(attempts)

    def attempt(index: int) -> None:
        start.wait()
        try:
            attempts[index]()
            outcomes[index] = "ok"
        except DomainRefusal as refusal:
            outcomes[index] = ",".join(p.code for p in refusal.problems)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(attempts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def log_in(ports: Ports, address: EmailAddress, password: Password) -> Callable[[], object]:
    return lambda: authenticate(ports, address, password)


def wrong_runs(verified: list[bool]) -> list[int]:
    """The lengths of the runs of wrong passwords checked between good ones."""
    runs, current = [], 0
    for good in verified:
        if good:
            runs.append(current)
            current = 0
        else:
            current += 1
    return [*runs, current]


def test_parallel_wrong_passwords_get_no_more_checks_than_allowed() -> None:
    world, hasher = counted()
    limit = world.ports.settings.max_failed_attempts

    outcomes = burst([log_in(world.ports, ALICE, WRONG)] * PARALLEL)

    assert Counter(outcomes) == {
        "credentials.invalid": limit,
        "credentials.throttled": PARALLEL - limit,
    }
    assert hasher.verified == [False] * limit
    assert hasher.overlap == 1  # the checks of one account never overlap

    # Alice herself must now wait for the window, and is not checked meanwhile.
    with refused("credentials.throttled"):
        authenticate(world.ports, ALICE, password_of(ALICE))
    assert len(hasher.verified) == limit
    clock_of(world.ports).advance(seconds=world.ports.settings.throttle_window.total_seconds())
    assert authenticate(world.ports, ALICE, password_of(ALICE)).view.account == ALICE


@pytest.mark.parametrize("burst_number", range(5))
def test_parallel_wrong_then_right_never_lets_a_guess_past_the_limit(burst_number: int) -> None:
    world, hasher = counted(delay=0.001)
    limit = world.ports.settings.max_failed_attempts
    right = PARALLEL // 2 + burst_number  # where the right password sits in the burst
    attempts = [log_in(world.ports, ALICE, WRONG)] * PARALLEL
    attempts[right] = log_in(world.ports, ALICE, password_of(ALICE))

    outcomes = burst(attempts)

    assert hasher.overlap == 1
    # Between two good passwords (and before the first) at most `limit` wrong ones were
    # checked; a good one resets the count, so the whole burst checks at most 2 * limit + 1.
    assert all(run <= limit for run in wrong_runs(hasher.verified))
    assert len(hasher.verified) <= 2 * limit + 1
    good = hasher.verified.count(True)
    assert outcomes.count("ok") == good
    if outcomes[right] == "ok":
        assert wrong_runs(hasher.verified)[0] < limit  # it came before the throttle shut
    else:
        assert outcomes[right] == "credentials.throttled"
        assert good == 0
    wrong = [o for i, o in enumerate(outcomes) if i != right]
    assert set(wrong) <= {"credentials.invalid", "credentials.throttled"}
    assert wrong.count("credentials.invalid") == hasher.verified.count(False)


def test_unknown_accounts_are_refused_with_the_same_codes_at_the_same_cost() -> None:
    world, hasher = counted()
    limit = world.ports.settings.max_failed_attempts
    nobody = example_address("personne")

    outcomes = burst([log_in(world.ports, nobody, WRONG)] * PARALLEL)

    assert Counter(outcomes) == {
        "credentials.invalid": limit,
        "credentials.throttled": PARALLEL - limit,
    }
    assert hasher.verified == [False] * limit  # a dummy hash was checked each time


def test_a_refused_password_says_the_same_whether_the_account_exists(world: Pharmacy) -> None:
    answers = []
    for address in (ALICE, example_address("personne"), world.address):
        trail = Trail(world.ports)
        with refused("credentials.invalid") as refusal:
            authenticate(world.ports, address, WRONG)
        problem = refusal.value.problems[0]
        entry = trail.one()
        answers.append(
            (problem.path, dict(problem.params), problem.message("fr"), entry.reasons, entry.auth)
        )
        assert entry.actor == str(address)
    assert answers[0] == answers[1] == answers[2]


def test_a_good_password_clears_the_count(world: Pharmacy) -> None:
    limit = world.ports.settings.max_failed_attempts
    for _ in range(limit - 1):
        with refused("credentials.invalid"):
            authenticate(world.ports, ALICE, WRONG)
    authenticate(world.ports, ALICE, password_of(ALICE))
    for _ in range(limit):
        with refused("credentials.invalid"):
            authenticate(world.ports, ALICE, WRONG)
    with refused("credentials.throttled") as refusal:
        authenticate(world.ports, ALICE, password_of(ALICE))
    window = world.ports.settings.throttle_window
    assert (
        refusal.value.problems[0].params["retry_at"]
        == (world.ports.clock.now() + window).isoformat()
    )


def test_failures_older_than_the_window_no_longer_count(world: Pharmacy) -> None:
    clock = clock_of(world.ports)
    limit = world.ports.settings.max_failed_attempts
    window = world.ports.settings.throttle_window
    for _ in range(limit - 1):
        with refused("credentials.invalid"):
            authenticate(world.ports, ALICE, WRONG)
    clock.advance(seconds=window.total_seconds())
    for _ in range(limit - 1):  # the old ones slid out of the window
        with refused("credentials.invalid"):
            authenticate(world.ports, ALICE, WRONG)
    authenticate(world.ports, ALICE, password_of(ALICE))


def test_the_throttle_is_per_account(world: Pharmacy) -> None:
    for _ in range(world.ports.settings.max_failed_attempts + 2):
        with pytest.raises(DomainRefusal):
            authenticate(world.ports, ALICE, WRONG)
    claire = world.mailbox.responsible.account
    assert authenticate(world.ports, claire, password_of(claire)).view.account == claire


def test_the_password_given_to_attach_an_account_goes_through_the_same_throttle() -> None:
    """Registration step 12, "Je veux associer un compte nominatif existant": the person
    types their password; guessing it there is guessing their login."""
    world, hasher = counted()
    limit = world.ports.settings.max_failed_attempts
    other = pharmacy(world.ports, n=2)
    bob = example_address("alice.bernard2")
    hasher.verified.clear()

    outcomes = burst(
        [
            lambda: attach_existing_account(
                world.ports, world.claire, world.address, account=bob, password=WRONG
            )
        ]
        * PARALLEL
    )

    assert Counter(outcomes) == {
        "credentials.invalid": limit,
        "credentials.throttled": PARALLEL - limit,
    }
    assert len(hasher.verified) == limit
    with refused("credentials.throttled"):
        authenticate(world.ports, bob, password_of(bob))
    assert other.address != world.address


def test_an_outdated_hash_is_upgraded_at_the_next_good_login(world: Pharmacy) -> None:
    stronger = ScryptHasher(n=TEST_HASHER.n * 2, r=TEST_HASHER.r, p=TEST_HASHER.p)
    upgraded = attrs.evolve(world.ports, hasher=stronger)
    credentials = store_of(world.ports).credentials
    assert credentials[ALICE].n == TEST_HASHER.n

    with refused("credentials.invalid"):  # a wrong password upgrades nothing
        authenticate(upgraded, ALICE, WRONG)
    assert credentials[ALICE].n == TEST_HASHER.n

    trail = Trail(world.ports)
    authenticate(upgraded, ALICE, password_of(ALICE))
    assert credentials[ALICE].n == stronger.n
    assert trail.one().details["credential_upgraded"] is True

    authenticate(upgraded, ALICE, password_of(ALICE))  # once is enough
    assert "credential_upgraded" not in trail.one().details
    assert authenticate(world.ports, ALICE, password_of(ALICE))  # still verifies everywhere


def test_the_default_hasher_is_at_owasps_minimum_cost() -> None:
    assert (ScryptHasher().n, ScryptHasher().r, ScryptHasher().p) >= (2**17, 8, 1)
    assert ScryptHasher().outdated(TEST_HASHER.hash(password_of(ALICE)))
