"""Handing over responsibility: the successor acts through their own validated account."""

from __future__ import annotations

from balorg.domain.account import ConnectionAccount
from balorg.domain.errors import Problem
from balorg.domain.professional import Professional
from balorg.rules.access import account_can_act
from balorg.rules.decision import Decision

__all__ = ["successor_account"]


def successor_account(account: ConnectionAccount, successor: Professional) -> Decision:
    """The successor's account must be validated and belong to the successor: the
    identity it declared (and the service centre validated) is the successor's."""
    acting = account_can_act(account, path="successor_account")
    if not acting:
        return acting
    if account.professional != successor.idnat:
        return Decision.refuse(
            Problem(
                "responsibility.account_identity",
                "successor_account",
                {"account": str(account.address), "successor": str(successor.idnat)},
            )
        )
    return Decision.allow()
