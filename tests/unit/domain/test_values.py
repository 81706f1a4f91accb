"""Value objects: addresses, delegations, structures, professionals and notices."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from tests.unit.domain.builders import ALICE, DAY, MAILBOX, RESPONSIBLE, T0, professional

from balorg.domain.addresses import EmailAddress, InvalidEmail, is_mssante_address
from balorg.domain.delegation import Capability, Delegation, DelegationState
from balorg.domain.mail import NewMailNotice, ValidationNotice
from balorg.domain.mailbox import DirectoryLabel
from balorg.domain.structure import StructureCategory


def test_addresses_are_normalised_and_compared_without_case() -> None:
    assert EmailAddress(" Alice.Durand@MediMail.MSSante.fr ") == ALICE
    assert ALICE.domain == "medimail.mssante.fr"
    assert ALICE.local_part == "alice.durand"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("alice", "email.invalid"),
        ("alice@", "email.invalid"),
        ("@example.org", "email.invalid"),
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
    with pytest.raises(ValueError, match="timezone-aware"):
        Delegation(
            number=1,
            account=ALICE,
            capabilities={Capability.READ},
            state=DelegationState.ACTIVE,
            granted_by=RESPONSIBLE,
            granted_at=dt.datetime(2026, 1, 1),
        )


def test_ended_delegations_stay_ended_whatever_their_expiry() -> None:
    revoked = Delegation(
        number=1,
        account=ALICE,
        capabilities={Capability.READ},
        state=DelegationState.REVOKED,
        granted_by=RESPONSIBLE,
        granted_at=T0,
        expires_at=T0 + DAY,
    )

    assert revoked.state_at(T0 + 2 * DAY) is DelegationState.REVOKED
    assert not revoked.is_live_at(T0)


def test_a_suspended_delegation_past_its_expiry_has_expired() -> None:
    suspended = Delegation(
        number=1,
        account=ALICE,
        capabilities={Capability.READ},
        state=DelegationState.SUSPENDED,
        granted_by=RESPONSIBLE,
        granted_at=T0,
        expires_at=T0 + DAY,
    )

    assert suspended.is_live_at(T0)
    assert suspended.state_at(T0 + DAY) is DelegationState.EXPIRED


def test_capabilities_map_to_distinct_imap_rights() -> None:
    rights = [c.imap_rights for c in Capability]

    assert Capability.READ.imap_rights == "lrs"
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
    assert professional().display_name == "Claire Martin"


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
