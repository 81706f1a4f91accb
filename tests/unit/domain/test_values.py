"""Value objects: addresses, delegations, structures, professionals and notices."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from balorg.domain.addresses import EmailAddress, InvalidEmail, is_mssante_address
from balorg.domain.capabilities import Capability
from balorg.domain.delegation import Delegation, DelegationState
from balorg.domain.mail import ExpiryNotice, NewMailNotice, ReviewNotice, ValidationNotice
from balorg.domain.mailbox import DirectoryLabel
from balorg.domain.structure import StructureCategory
from balorg.testing.examples import T0, example_professional

ALICE = EmailAddress("alice.durand@medimail.mssante.fr")
MAILBOX = EmailAddress("pharmacie.centre@medimail.mssante.fr")
RESPONSIBLE = EmailAddress("claire.martin@medimail.mssante.fr")
DAY = dt.timedelta(days=1)


def grant(*, expires_at: dt.datetime | None = None, at: dt.datetime = T0) -> Delegation:
    return Delegation.grant(
        mailbox=MAILBOX,
        account=ALICE,
        number=1,
        capabilities=frozenset({Capability.READ}),
        by=RESPONSIBLE,
        at=at,
        expires_at=expires_at,
    )


def test_addresses_are_normalised_and_compared_without_case() -> None:
    assert EmailAddress(" Alice.Durand@MediMail.MSSante.fr ") == ALICE
    assert ALICE.domain == "medimail.mssante.fr"
    assert ALICE.local_part == "alice.durand"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("alice", "email.at_missing"),
        ("alice@", "email.domain_invalid"),
        ("@example.org", "email.local_missing"),
        ("a b@example.org", "email.whitespace"),
        (42, "email.not_text"),
        (None, "email.not_text"),
    ],
)
def test_refuses_what_is_not_an_address(text: object, code: str) -> None:
    with pytest.raises(InvalidEmail) as excinfo:
        EmailAddress(text)

    assert excinfo.value.code == code
    assert "{" not in excinfo.value.message("fr")
    assert "{" not in excinfo.value.message("en")


def test_recognises_addresses_of_the_mssante_trust_space() -> None:
    assert is_mssante_address(MAILBOX)
    assert is_mssante_address("x@interop-mssante.apicrypt.org")
    assert not is_mssante_address("x@mssante.fr.example.org")
    assert not is_mssante_address("pharmacieducentre@outlook.fr")


def test_a_delegation_refuses_naive_datetimes() -> None:
    naive = dt.datetime(2026, 1, 1)  # no tzinfo: the point of the test

    with pytest.raises(ValueError, match="timezone-aware"):
        grant(at=naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        grant(expires_at=naive)


def test_ended_delegations_stay_ended_whatever_their_expiry() -> None:
    revoked = grant(expires_at=T0 + DAY)
    revoked.revoke(by=RESPONSIBLE, at=T0, reason="départ")

    assert revoked.state_at(T0 + 2 * DAY) is DelegationState.REVOKED
    assert not revoked.is_live_at(T0)


def test_a_suspended_delegation_past_its_expiry_has_expired() -> None:
    suspended = grant(expires_at=T0 + DAY)
    suspended.suspend(by=RESPONSIBLE, at=T0)

    assert suspended.is_live_at(T0)
    assert suspended.state_at(T0 + DAY) is DelegationState.EXPIRED


def test_capabilities_map_to_the_imap_rights_of_rfc_4314() -> None:
    rights = [c.imap_rights for c in Capability]

    # A team reading a shared inbox also flags, deletes and expunges (w i t e).
    assert Capability.READ.imap_rights == "lrswite"
    assert Capability.MANAGE_MEMBERS.imap_rights == "a"
    # Sending is an SMTP submission authorisation; settings have no IMAP right.
    assert Capability.SEND.imap_rights == ""
    assert Capability.ADMINISTER.imap_rights == ""
    # Nobody is given x (delete the mailbox) or p (post into it), and no right twice.
    assert not set("".join(rights)) & set("xp")
    assert len("".join(rights)) == len(set("".join(rights)))


def test_the_directory_label_reads_nom_then_prenom() -> None:
    assert str(DirectoryLabel(last_name="Cabinet", first_name="Dr Martin")) == "Cabinet Dr Martin"
    assert str(DirectoryLabel(last_name="Cabinet d'ophtalmologie", first_name="")) == (
        "Cabinet d'ophtalmologie"
    )


def test_pharmacies_and_establishments_always_have_a_finess() -> None:
    assert {c for c in StructureCategory if c.always_has_finess} == {
        StructureCategory.PHARMACIE_OFFICINE,
        StructureCategory.ETABLISSEMENT_SANTE,
    }
    assert all(c.label_fr for c in StructureCategory)


def test_a_professional_is_shown_first_name_first() -> None:
    assert example_professional().display_name == "Claire Martin1"


def test_a_new_mail_notice_has_no_field_for_content() -> None:
    assert {f.name for f in attrs.fields(NewMailNotice)} == {"to", "mailbox", "at"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_new_mail_notice_names_only_the_mailbox(lang: str) -> None:
    notice = NewMailNotice(to=ALICE, mailbox=MAILBOX, at=T0)

    rendered = notice.render(lang)  # type: ignore[arg-type]

    assert str(MAILBOX) in rendered.subject
    assert str(MAILBOX) in rendered.body
    assert str(ALICE) not in rendered.subject + rendered.body


def test_a_validation_notice_gives_the_reason_of_a_rejection() -> None:
    notice = ValidationNotice(to=ALICE, account=ALICE, approved=False, at=T0, reason="doublon")

    assert "Motif : doublon" in notice.render("fr").body
    assert "Reason: doublon" in notice.render("en").body
    approved = attrs.evolve(notice, approved=True, reason=None)
    assert "validé" in approved.render("fr").subject
    assert "approved" in approved.render("en").subject


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_expiry_notice_names_the_holder_the_mailbox_and_the_day(lang: str) -> None:
    notice = ExpiryNotice(
        to=RESPONSIBLE, mailbox=MAILBOX, account=ALICE, expires_at=T0 + 7 * DAY, at=T0
    )

    rendered = notice.render(lang)  # type: ignore[arg-type]

    assert str(MAILBOX) in rendered.subject
    assert str(ALICE) in rendered.body
    assert (T0 + 7 * DAY).date().isoformat() in rendered.body


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_review_notice_says_how_many_grants_of_whom_wait(lang: str) -> None:
    notice = ReviewNotice(to=RESPONSIBLE, mailbox=MAILBOX, grantor=ALICE, count=3, at=T0)

    rendered = notice.render(lang)  # type: ignore[arg-type]

    assert str(MAILBOX) in rendered.subject
    assert "3 " in rendered.body
    assert rendered.body.count(str(ALICE)) == 2


def test_the_notices_render_differently_in_french_and_english() -> None:
    notices = [
        NewMailNotice(to=ALICE, mailbox=MAILBOX, at=T0),
        ValidationNotice(to=ALICE, account=ALICE, approved=True, at=T0),
        ExpiryNotice(to=ALICE, mailbox=MAILBOX, account=ALICE, expires_at=T0, at=T0),
        ReviewNotice(to=ALICE, mailbox=MAILBOX, grantor=RESPONSIBLE, count=1, at=T0),
    ]

    for notice in notices:
        french, english = notice.render("fr"), notice.render("en")
        assert french.subject != english.subject
        assert french.body != english.body
        assert "{" not in french.body + english.body
