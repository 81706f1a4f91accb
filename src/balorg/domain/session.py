"""Sessions: a person logged in, with the mailbox they have open (the blue label).

The second guide: log in with one's own account (step 1), see which mailbox is open
(step 2), switch with "Changer de compte" (step 3). A session remembers the open
mailbox; sending and reading act on it. It expires after a time without use and at an
absolute limit (the operator's settings), and can be ended. Only the SHA-256 digest
of its random token is stored (:func:`balorg.domain.actors.token_digest`).

>>> import datetime as dt
>>> t = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
>>> alice = EmailAddress("alice@example.mssante.fr")
>>> s = Session.open(id="a1b2", token_hash="0" * 64, account=alice, mailbox=alice,
...     method="password", at=t, idle=dt.timedelta(minutes=30), absolute=dt.timedelta(hours=12))
>>> s.problem_at(t + dt.timedelta(minutes=29)) is None
True
>>> s.problem_at(t + dt.timedelta(minutes=31)).code
'session.idle_expired'
"""

from __future__ import annotations

import datetime as dt

from attrs import define, field, setters

from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import DomainRefusal, Problem
from balorg.domain.events import SessionEnded, SessionEvent, SessionOpened, SessionSwitched

__all__ = ["Session"]


@define(kw_only=True, eq=False)
class Session:
    """One login of one nominative account."""

    id: str = field(on_setattr=setters.frozen)
    token_hash: str = field(on_setattr=setters.frozen, repr=False)
    account: EmailAddress = field(on_setattr=setters.frozen)
    #: The mailbox open now: the account's own (nominative) one, or an organisational one.
    mailbox: EmailAddress
    #: How the person proved who they are at login: ``password`` or ``host:<sign-on>``.
    method: str = field(on_setattr=setters.frozen)
    created_at: dt.datetime = field(on_setattr=setters.frozen)
    last_seen_at: dt.datetime
    idle_timeout: dt.timedelta = field(on_setattr=setters.frozen)
    expires_at: dt.datetime = field(on_setattr=setters.frozen)
    ended_at: dt.datetime | None = None
    ended_reason: str | None = None
    version: int = 0
    events: list[SessionEvent] = field(factory=list, repr=False)

    @classmethod
    def open(
        cls,
        *,
        id: str,
        token_hash: str,
        account: EmailAddress,
        mailbox: EmailAddress,
        method: str,
        at: dt.datetime,
        idle: dt.timedelta,
        absolute: dt.timedelta,
    ) -> Session:
        session = cls(
            id=id,
            token_hash=token_hash,
            account=account,
            mailbox=mailbox,
            method=method,
            created_at=at,
            last_seen_at=at,
            idle_timeout=idle,
            expires_at=at + absolute,
        )
        session.events.append(
            SessionOpened(actor=account, at=at, session=id, mailbox=mailbox, method=method)
        )
        return session

    def problem_at(self, now: dt.datetime) -> Problem | None:
        """Why the session cannot be used at ``now`` (``None``: it can)."""
        if self.ended_at is not None:
            return Problem("session.ended", "session", {"session": self.id})
        if now >= self.expires_at:
            return Problem("session.expired", "session", {"session": self.id})
        if now - self.last_seen_at >= self.idle_timeout:
            return Problem("session.idle_expired", "session", {"session": self.id})
        return None

    def touch(self, now: dt.datetime) -> None:
        """The session was used at ``now`` (resets the idle limit)."""
        self.last_seen_at = max(self.last_seen_at, now)

    def switch(self, mailbox: EmailAddress, *, at: dt.datetime) -> None:
        """ "Changer de compte": another mailbox is open (the caller checked it may be)."""
        self._require_open(at)
        self.mailbox = mailbox
        self.events.append(
            SessionSwitched(actor=self.account, at=at, session=self.id, mailbox=mailbox)
        )

    def end(self, *, at: dt.datetime, reason: str) -> None:
        self._require_open(at)
        self.ended_at, self.ended_reason = at, reason
        self.events.append(SessionEnded(actor=self.account, at=at, session=self.id, reason=reason))

    def _require_open(self, at: dt.datetime) -> None:
        problem = self.problem_at(at)
        if problem is not None:
            raise DomainRefusal([problem])

    def pull_events(self) -> list[SessionEvent]:
        events, self.events = self.events, []
        return events
