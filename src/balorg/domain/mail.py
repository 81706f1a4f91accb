"""What the library records of mail, and the notices it sends.

The library does not carry mail: the host does. It records that a message was
received by, or sent in the name of, an organisational mailbox (a reference to
the host's message, never its content) and decides who is told.

A new-mail notice leaves the MSSanté trust space (it goes to a person's own
address), so it says only that a new message is waiting in which mailbox:
never its sender, subject, body or any health data. :class:`NewMailNotice`
has no field that could carry them.

>>> import datetime as dt
>>> n = NewMailNotice(to=EmailAddress("alice@example.org"),
...                   mailbox=EmailAddress("pharmacie@example.mssante.fr"),
...                   at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
>>> print(n.render("en").subject)
New message in pharmacie@example.mssante.fr
"""

from __future__ import annotations

import datetime as dt
import enum

from attrs import frozen

from balorg.domain.addresses import EmailAddress
from balorg.domain.messages import Lang

__all__ = [
    "Direction",
    "ExpiryNotice",
    "MessageRecord",
    "NewMailNotice",
    "Notice",
    "RenderedNotice",
    "ReviewNotice",
    "ValidationNotice",
]


class Direction(enum.Enum):
    RECEIVED = "received"
    SENT = "sent"


@frozen(kw_only=True)
class MessageRecord:
    """A message received by or sent in the name of a mailbox.

    ``author`` is the nominative account that sent it (``None`` for a received
    message); ``reference`` is the host's identifier of the message.
    """

    mailbox: EmailAddress
    direction: Direction
    reference: str
    at: dt.datetime
    correspondent: EmailAddress
    author: EmailAddress | None = None


@frozen
class RenderedNotice:
    """A notice as text, ready for a mail transport: subject and body, no health data."""

    subject: str
    body: str


@frozen(kw_only=True)
class NewMailNotice:
    """ "A new message is waiting in mailbox X" and nothing else."""

    to: EmailAddress
    mailbox: EmailAddress
    at: dt.datetime

    def render(self, lang: Lang = "fr") -> RenderedNotice:
        if lang == "fr":
            return RenderedNotice(
                f"Nouveau message dans {self.mailbox}",
                f"Un nouveau message vous attend dans la boîte {self.mailbox}.\n"
                "Connectez-vous à votre messagerie sécurisée de santé pour le lire.",
            )
        return RenderedNotice(
            f"New message in {self.mailbox}",
            f"A new message is waiting in mailbox {self.mailbox}.\n"
            "Log in to your secure health messaging to read it.",
        )


@frozen(kw_only=True)
class ValidationNotice:
    """The service centre's decision on a new nominative account."""

    to: EmailAddress
    account: EmailAddress
    approved: bool
    at: dt.datetime
    reason: str | None = None

    def render(self, lang: Lang = "fr") -> RenderedNotice:
        if lang == "fr":
            if self.approved:
                return RenderedNotice(
                    "Votre compte a été validé",
                    f"Le compte {self.account} a été validé par le centre de services.",
                )
            return RenderedNotice(
                "Votre compte n'a pas été validé",
                f"Le compte {self.account} n'a pas été validé par le centre de services.\n"
                f"Motif : {self.reason}",
            )
        if self.approved:
            return RenderedNotice(
                "Your account was approved",
                f"Account {self.account} was approved by the service centre.",
            )
        return RenderedNotice(
            "Your account was not approved",
            f"Account {self.account} was not approved by the service centre.\n"
            f"Reason: {self.reason}",
        )


@frozen(kw_only=True)
class ExpiryNotice:
    """A delegation is about to expire: told to its holder and to the mailbox's managers."""

    to: EmailAddress
    mailbox: EmailAddress
    account: EmailAddress
    expires_at: dt.datetime
    at: dt.datetime

    def render(self, lang: Lang = "fr") -> RenderedNotice:
        day = self.expires_at.date().isoformat()
        if lang == "fr":
            return RenderedNotice(
                f"Délégation bientôt expirée sur {self.mailbox}",
                f"La délégation de {self.account} sur la boîte {self.mailbox} expire le {day}.\n"
                "Un gestionnaire de la boîte peut la renouveler.",
            )
        return RenderedNotice(
            f"Delegation expiring on {self.mailbox}",
            f"The delegation of {self.account} on mailbox {self.mailbox} expires on {day}.\n"
            "A manager of the mailbox may renew it.",
        )


@frozen(kw_only=True)
class ReviewNotice:
    """Grants made by someone who no longer manages the mailbox wait for a decision."""

    to: EmailAddress
    mailbox: EmailAddress
    grantor: EmailAddress
    count: int
    at: dt.datetime

    def render(self, lang: Lang = "fr") -> RenderedNotice:
        if lang == "fr":
            return RenderedNotice(
                f"Délégations à revoir sur {self.mailbox}",
                f"{self.count} délégation(s) accordée(s) par {self.grantor} sur la boîte "
                f"{self.mailbox} sont à revoir : {self.grantor} ne gère plus la boîte.",
            )
        return RenderedNotice(
            f"Delegations to review on {self.mailbox}",
            f"{self.count} delegation(s) granted by {self.grantor} on mailbox {self.mailbox} "
            f"are to be reviewed: {self.grantor} no longer manages the mailbox.",
        )


Notice = NewMailNotice | ValidationNotice | ExpiryNotice | ReviewNotice
