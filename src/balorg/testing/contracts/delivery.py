"""Contracts of the delivery ports: :class:`~balorg.ports.Notifier`,
:class:`~balorg.ports.DirectoryPublisher`, and of :class:`~balorg.ports.Clock` and
:class:`~balorg.ports.ExternalCredentials`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from balorg.domain.mail import ExpiryNotice, NewMailNotice, Notice, ReviewNotice, ValidationNotice
from balorg.domain.publication import (
    Delete,
    DirectoryChange,
    DirectoryKind,
    EntryField,
    Insert,
    MailboxEntry,
    Replace,
)
from balorg.ports.clock import Clock
from balorg.ports.credentials import ExternalCredentials, Password
from balorg.ports.notifier import Notifier
from balorg.ports.publisher import DirectoryPublisher
from balorg.testing.examples import T0, example_address, example_structure

__all__ = [
    "ClockContract",
    "DirectoryPublisherContract",
    "ExternalCredentialsContract",
    "NotifierContract",
]


class NotifierContract:
    """A notifier takes every kind of notice; one key twice is one notice."""

    @pytest.fixture
    def notifier(self) -> Notifier:
        """Override: the notifier under test."""
        raise NotImplementedError("a subclass provides the notifier fixture")

    def delivered(self, notifier: Notifier) -> Sequence[Notice] | None:
        """Optional hook: the notices delivered, in order (``None``: cannot be observed)."""
        return None

    def test_every_kind_of_notice_is_delivered_once_per_key(self, notifier: Notifier) -> None:
        box, alice = example_address("pharmacie"), example_address("alice")
        notices: list[Notice] = [
            NewMailNotice(to=alice, mailbox=box, at=T0),
            ValidationNotice(to=alice, account=alice, approved=True, at=T0),
            ValidationNotice(to=alice, account=alice, approved=False, at=T0, reason="doublon"),
            ExpiryNotice(to=alice, mailbox=box, account=alice, expires_at=T0, at=T0),
            ReviewNotice(to=alice, mailbox=box, grantor=example_address("eve"), count=2, at=T0),
        ]
        for n, notice in enumerate(notices):
            notifier.send(notice, key=f"k{n}")
        notifier.send(notices[0], key="k0")
        delivered = self.delivered(notifier)
        if delivered is None:
            pytest.skip("no delivered() hook: delivery cannot be observed")
        assert list(delivered) == notices


class DirectoryPublisherContract:
    """A publisher applies changes in order; applying one twice equals once."""

    @pytest.fixture
    def publisher(self) -> DirectoryPublisher:
        """Override: the publisher under test, serving the operator's directory."""
        raise NotImplementedError("a subclass provides the publisher fixture")

    def shown(self, publisher: DirectoryPublisher, change: DirectoryChange) -> MailboxEntry | None:
        """Override: what the directory shows of the change's mailbox now."""
        raise NotImplementedError("a subclass provides the shown() hook")

    directory = DirectoryKind.OPERATOR

    def _entry(self) -> MailboxEntry:
        return MailboxEntry(
            address=example_address("pharmacie"),
            structure=example_structure().identifier,
            description="Officine",
            service=None,
            responsible_contact="Accueil",
            red_listed=False,
            rank=None,
        )

    def _change(self, *operations: object) -> DirectoryChange:
        entry = self._entry()
        return DirectoryChange(
            directory=self.directory,
            address=entry.address,
            carrier=entry.structure,
            operations=operations,  # type: ignore[arg-type]
        )

    def test_it_says_which_directories_it_serves(self, publisher: DirectoryPublisher) -> None:
        assert publisher.handles(self.directory)

    def test_an_entry_is_inserted_changed_and_deleted(self, publisher: DirectoryPublisher) -> None:
        insert = self._change(Insert(entry=self._entry()))
        publisher.apply(insert, key="k1")
        assert self.shown(publisher, insert) == self._entry()
        publisher.apply(self._change(Replace(field=EntryField.SERVICE, value="Officine")), key="k2")
        publisher.apply(self._change(Replace(field=EntryField.RANK, value=1)), key="k3")
        shown = self.shown(publisher, insert)
        assert shown is not None
        assert (shown.service, shown.rank) == ("Officine", 1)
        publisher.apply(self._change(Delete()), key="k4")
        assert self.shown(publisher, insert) is None

    def test_applying_a_change_twice_equals_once(self, publisher: DirectoryPublisher) -> None:
        change = self._change(
            Insert(entry=self._entry()), Replace(field=EntryField.DESCRIPTION, value="Autre")
        )
        publisher.apply(change, key="k1")
        once = self.shown(publisher, change)
        publisher.apply(change, key="k1")
        assert self.shown(publisher, change) == once
        closing = self._change(Replace(field=EntryField.SERVICE, value="x"), Delete())
        publisher.apply(closing, key="k2")
        publisher.apply(closing, key="k2")
        assert self.shown(publisher, change) is None


class ClockContract:
    """Timezone-aware time that never goes back."""

    @pytest.fixture
    def clock(self) -> Clock:
        """Override: the clock under test."""
        raise NotImplementedError("a subclass provides the clock fixture")

    def test_now_is_timezone_aware(self, clock: Clock) -> None:
        now = clock.now()
        assert isinstance(now, dt.datetime)
        assert now.utcoffset() is not None

    def test_now_never_goes_back(self, clock: Clock) -> None:
        readings = [clock.now() for _ in range(5)]
        assert readings == sorted(readings)


class ExternalCredentialsContract:
    """A host's credential service: enrols once, verifies, never keeps the password."""

    @pytest.fixture
    def credentials(self) -> ExternalCredentials:
        """Override: the service under test, empty."""
        raise NotImplementedError("a subclass provides the credentials fixture")

    def test_an_enrolled_password_verifies_and_only_it(
        self, credentials: ExternalCredentials
    ) -> None:
        alice = example_address("alice")
        credentials.enrol(alice, Password("cheval agrafe pile correcte"))
        assert credentials.verify(alice, Password("cheval agrafe pile correcte"))
        assert not credentials.verify(alice, Password("cheval agrafe pile fausse"))
        assert not credentials.verify(
            example_address("bob"), Password("cheval agrafe pile correcte")
        )

    def test_enrolment_never_replaces_a_password(self, credentials: ExternalCredentials) -> None:
        alice = example_address("alice")
        credentials.enrol(alice, Password("cheval agrafe pile correcte"))
        with pytest.raises(Exception):  # noqa: B017, PT011 - the host's own error
            credentials.enrol(alice, Password("autre phrase assez longue"))
        assert credentials.verify(alice, Password("cheval agrafe pile correcte"))
