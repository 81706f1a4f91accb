"""Handing over: the successor acts through their own validated account, whose declared
identity is the successor's."""

from __future__ import annotations

from balorg.domain.account import ConnectionAccount
from balorg.domain.identifiers import IdNatPS
from balorg.rules.responsibility import successor_account
from balorg.testing.examples import T0, example_professional

SUCCESSOR = example_professional(2)


def account(
    *, identity: IdNatPS | None = SUCCESSOR.idnat, pending: bool = False, credential: bool = False
) -> ConnectionAccount:
    return ConnectionAccount.create(
        address=SUCCESSOR.email,
        first_name="Claire",
        last_name="Martin2",
        by=SUCCESSOR.email,
        at=T0,
        pending_validation=pending,
        credential_pending=credential,
        professional=identity,
    )


def test_the_successors_validated_account_declaring_their_identity_is_accepted() -> None:
    assert successor_account(account(), SUCCESSOR)


def test_an_account_declaring_another_identity_or_none_is_refused() -> None:
    for identity in (example_professional(3).idnat, None):
        decision = successor_account(account(identity=identity), SUCCESSOR)

        [problem] = decision.reasons
        assert (problem.code, problem.path) == (
            "responsibility.account_identity",
            "successor_account",
        )
        assert problem.params == {
            "account": str(SUCCESSOR.email),
            "successor": str(SUCCESSOR.idnat),
        }


def test_an_account_that_may_not_act_yet_is_refused_first() -> None:
    waiting = successor_account(account(pending=True, identity=None), SUCCESSOR)
    no_password = successor_account(account(credential=True), SUCCESSOR)

    assert [(p.code, p.path) for p in waiting.reasons] == [
        ("access.account_not_active", "successor_account")
    ]
    assert [p.code for p in no_password.reasons] == ["access.credential_pending"]
