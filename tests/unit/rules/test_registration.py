"""Rules of the registration steps: validation deadlines, the password throttle, the
operator's addresses, and addresses nobody else holds."""

from __future__ import annotations

import datetime as dt

import pytest

from balorg.domain.addresses import EmailAddress
from balorg.domain.messages import LANGUAGES
from balorg.rules.decision import Decision
from balorg.rules.registration import (
    MAX_FAILED_ATTEMPTS,
    THROTTLE_WINDOW,
    VALIDATION_DELAY,
    address_free,
    credential_attempts,
    operator_address,
    registered_by_responsible,
    responsible_account,
    validation_deadline,
)
from balorg.testing.examples import T0, example_address

MINUTE = dt.timedelta(minutes=1)
MAILBOX = example_address("pharmacie")
CLAIRE = example_address("claire.martin1")


def reason(decision: Decision) -> tuple[str, str, dict[str, object]]:
    assert not decision
    [problem] = decision.reasons
    for lang in LANGUAGES:
        assert "{" not in problem.message(lang), problem.message(lang)
    return problem.code, problem.path, dict(problem.params)


def test_the_service_centre_should_decide_within_72_hours() -> None:
    assert dt.timedelta(hours=72) == VALIDATION_DELAY
    assert validation_deadline(T0) == T0 + dt.timedelta(hours=72)
    assert validation_deadline(T0, dt.timedelta(hours=48)) == T0 + dt.timedelta(hours=48)


def test_throttles_after_too_many_recent_wrong_passwords_saying_when_to_retry() -> None:
    failures = [T0 + i * MINUTE for i in range(MAX_FAILED_ATTEMPTS)]
    now = T0 + MAX_FAILED_ATTEMPTS * MINUTE

    assert reason(credential_attempts(failures, now=now)) == (
        "credentials.throttled",
        "password",
        {
            "limit": MAX_FAILED_ATTEMPTS,
            "minutes": 15,
            "retry_at": (T0 + THROTTLE_WINDOW).isoformat(),
        },
    )
    assert credential_attempts(failures[:-1], now=now)


def test_a_failure_older_than_the_window_no_longer_counts() -> None:
    failures = [T0 + i * MINUTE for i in range(MAX_FAILED_ATTEMPTS)]

    assert not credential_attempts(failures, now=T0 + THROTTLE_WINDOW - MINUTE)
    assert credential_attempts(failures, now=T0 + THROTTLE_WINDOW)  # the first one aged out


def test_counts_failures_recorded_after_now_by_a_parallel_check_that_began_later() -> None:
    refused = credential_attempts([T0 + MINUTE] * MAX_FAILED_ATTEMPTS, now=T0)

    assert reason(refused)[2]["retry_at"] == (T0 + MINUTE + THROTTLE_WINDOW).isoformat()


def test_the_operator_may_set_its_own_limit_and_window() -> None:
    failures = [T0, T0 + MINUTE]

    refused = credential_attempts(failures, now=T0 + 2 * MINUTE, limit=2, window=5 * MINUTE)

    assert reason(refused)[2] == {
        "limit": 2,
        "minutes": 5,
        "retry_at": (T0 + 5 * MINUTE).isoformat(),
    }


def test_an_operator_hands_out_addresses_only_in_its_domains() -> None:
    domains = ["Contract.MSSante.fr", "autre.mssante.fr"]

    assert operator_address(MAILBOX, domains)
    assert reason(operator_address(EmailAddress("x@gmail.com"), domains, path="generic")) == (
        "address.not_operator_domain",
        "generic",
        {"address": "x@gmail.com", "domains": "contract.mssante.fr, autre.mssante.fr"},
    )


def test_a_subdomain_of_an_operator_domain_is_not_the_operators() -> None:
    assert not operator_address(EmailAddress("x@evil.contract.mssante.fr"), ["contract.mssante.fr"])


@pytest.mark.parametrize("taken", [False, True])
def test_a_new_mailbox_or_account_needs_an_address_nobody_has(taken: bool) -> None:
    decision = address_free(MAILBOX, taken=taken, path="mailbox")

    assert decision.allowed is not taken
    if taken:
        assert reason(decision) == ("address.taken", "mailbox", {"address": str(MAILBOX)})


def test_the_responsible_registers_from_a_nominative_account() -> None:
    assert responsible_account(CLAIRE, mailbox=MAILBOX, is_mailbox=False)
    assert reason(responsible_account(MAILBOX, mailbox=MAILBOX, is_mailbox=False)) == (
        "address.taken",
        "responsible.email",
        {"address": str(MAILBOX)},
    )
    other = example_address("cabinet")
    assert reason(responsible_account(other, mailbox=MAILBOX, is_mailbox=True))[0] == (
        "address.taken"
    )


def test_only_the_responsible_registers_their_mailbox() -> None:
    claire, bob = example_address("claire"), example_address("bob")
    assert registered_by_responsible(claire, claire)
    refused = registered_by_responsible(bob, claire)
    assert not refused
    assert [(p.code, p.path, p.params) for p in refused.problems] == [
        ("registration.not_responsible", "actor", {"responsible": str(claire)})
    ]
