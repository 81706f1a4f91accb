"""Both guides of the seed, end to end through the services, step by step.

"Créer ma BAL organisationnelle" then "Utiliser et gérer ma BAL organisationnelle", in
their order, with their wording. Each test plays the guide up to its step (every step
before it included) and checks what that step promises; the last test plays both guides
through and checks the trail they leave.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs
import pytest
from attrs import define, field
from tests.unit.services.support import CORRESPONDENT, clock_of, refused

from balorg.domain.actors import HostAssertion, SessionToken
from balorg.domain.addresses import EmailAddress
from balorg.domain.delegation import DelegationState
from balorg.domain.directory import DirectoryMailbox, DirectoryPerson, PersonRef, StructureRef
from balorg.domain.identifiers import IdNatPS
from balorg.domain.mail import NewMailNotice, ValidationNotice
from balorg.domain.mailbox import LifecycleState
from balorg.domain.publication import DirectoryKind
from balorg.registration import validate_registration
from balorg.services import Delivery as _Delivery
from balorg.services import (
    Ports,
    Registered,
    approve_account,
    attach_existing_account,
    authenticate,
    check_eligibility,
    connection_settings,
    create_member_account,
    dispatch,
    enrol_agent,
    finish_registration,
    list_members,
    pending_accounts,
    read_audit_trail,
    read_mailbox,
    receive_message,
    register_mailbox,
    send_message,
    set_default_mailbox,
    set_notices,
    switch_mailbox,
    verify_audit,
    whoami,
)
from balorg.testing.examples import example_address, example_professional, example_structure
from balorg.testing.scenarios import (
    AGENT,
    CONSOLE,
    TRANSPORT,
    Pharmacy,
    example_ports,
    password_of,
    pharmacy,
)

CLAIRE = example_professional(1)
ALICE = example_address("alice.bernard")
#: A colleague who already has a Medimail account (on another team's mailbox).
NOEMIE = example_address("alice.bernard2")
PHARMACIE = example_address("pharmacie")


class Directory:
    """The national directory as the host plugs it in: it knows Claire."""

    def professional(self, identifier: IdNatPS) -> DirectoryPerson | None:
        if identifier != CLAIRE.idnat:
            return None
        return DirectoryPerson(
            idnat=PersonRef.read(str(CLAIRE.idnat)),
            last_name="Martin1",
            first_name="Claire",
            profession_code="21",
        )

    def mailbox(self, address: EmailAddress) -> DirectoryMailbox | None:
        return None

    def structure_mailboxes(self, structure: StructureRef | str) -> Sequence[DirectoryMailbox]:
        return ()


def the_form() -> dict[str, object]:
    """Steps 2 to 11 of the first guide, as the form's fields."""
    structure = example_structure(1)
    return {
        # « Nous sommes une équipe de professionnels, un service, un cabinet de professionnels
        # de santé ou une pharmacie. Nous souhaitons créer un compte Medimail partagé. »
        "shared_account": True,
        # « Je saisis une adresse mail générique qui sera utilisée par toute l'équipe »
        "generic_email": "pharmacieducentre@outlook.fr",
        # « Dans les champs Nom et Prénom, je saisis le nom de la BAL »
        "directory_label": {"last_name": "Pharmacie", "first_name": "Du Centre"},
        # « Je saisis la raison sociale … et l'identifiant établissement » (FINESS first)
        "structure": {
            "legal_name": structure.legal_name,
            "category": "pharmacie_officine",
            "finess": str(structure.identifier.identifier),
            "siret": None,
            "siren": None,
            # « Je saisis la localisation de mon organisation »
            "location": {"address": "1 place du Capitole", "postcode": "31000", "city": "Toulouse"},
        },
        # « Je saisis les informations du responsable du compte »: « Identifiant » = RPPS
        "responsible": {
            "last_name": CLAIRE.last_name,
            "first_name": CLAIRE.first_name,
            "profession": "21",
            "identifier": str(CLAIRE.idnat.identifier),
            "email": str(CLAIRE.email),
        },
        # « Je saisis la description du compte »
        "description": "Échanges de la pharmacie avec les médecins du quartier",
        # « Je coche les cases … liste rouge des annuaires »: not on the red list here
        "red_list": {"national_directory": False, "operator_directory": False},
    }


@define
class Story:
    """The two guides, played through the services one step at a time."""

    ports: Ports = field(factory=lambda: attrs.evolve(example_ports(), directory=Directory()))
    other_team: Pharmacy | None = None
    registered: Registered | None = None
    claire: SessionToken | None = None
    alice: SessionToken | None = None
    agent: HostAssertion = field(factory=lambda: HostAssertion(AGENT, sign_on="carte-cps"))

    @property
    def delivery(self) -> _Delivery:
        assert self.other_team is not None
        return _Delivery(notifier=self.other_team.notifier, publishers=[self.other_team.publisher])

    def play(self, until: str) -> Story:
        for name, step in STEPS:
            step(self)
            if name == until:
                return self
        raise AssertionError(f"no step {until}")


def _before(story: Story) -> None:
    """Before the story: the operator's console enrolled the service centre's agent, and
    another team of the operator uses Medimail already (Noémie has an account there)."""
    password = password_of(AGENT)
    enrol_agent(story.ports, CONSOLE, AGENT, first_name="A", last_name="O", password=password)
    story.other_team = pharmacy(story.ports, n=2)


def _eligibility(story: Story) -> None:
    pass  # a query: it changes nothing


def _register(story: Story) -> None:
    report = validate_registration(the_form(), on=story.ports.clock.now().date())
    assert report.ok, report.errors
    assert report.registration is not None
    story.registered = register_mailbox(
        story.ports, report.registration, address=PHARMACIE, password=password_of(CLAIRE.email)
    )
    assert story.registered.session is not None
    story.claire = story.registered.session.token


def _attach_existing(story: Story) -> None:
    assert story.claire is not None
    attach_existing_account(
        story.ports, story.claire, PHARMACIE, account=NOEMIE, password=password_of(NOEMIE)
    )


def _create_new(story: Story) -> None:
    assert story.claire is not None
    create_member_account(
        story.ports,
        story.claire,
        PHARMACIE,
        account=ALICE,
        first_name="Alice",
        last_name="Bernard",
        password=password_of(ALICE),
    )


def _terminer(story: Story) -> None:
    assert story.claire is not None
    assert finish_registration(story.ports, story.claire, PHARMACIE) is False


def _service_centre(story: Story) -> None:
    clock_of(story.ports).advance(hours=48)
    for account in (CLAIRE.email, ALICE):
        approve_account(story.ports, story.agent, account)
    dispatch(story.ports, story.delivery)


def _connect(story: Story) -> None:
    story.alice = authenticate(story.ports, ALICE, password_of(ALICE)).token
    story.claire = authenticate(story.ports, CLAIRE.email, password_of(CLAIRE.email)).token


def _check_label(story: Story) -> None:
    pass  # a read of one's own session: it changes nothing


def _change_account(story: Story) -> None:
    assert story.alice is not None
    switch_mailbox(story.ports, story.alice, PHARMACIE)


def _default(story: Story) -> None:
    assert story.alice is not None
    set_default_mailbox(story.ports, story.alice, PHARMACIE)


def _notices(story: Story) -> None:
    assert story.alice is not None
    set_notices(story.ports, story.alice, PHARMACIE, enabled=True)


STEPS = [
    ("before", _before),
    ("1. Je vérifie l'éligibilité", _eligibility),
    ("2-11. Je valide la création du compte", _register),
    ("12. Je rattache les comptes existants", _attach_existing),
    ("12. Je crée un compte pour les utilisateurs", _create_new),
    ("12. Je clique sur « Terminer »", _terminer),
    ("Le centre de services valide (48 à 72 heures)", _service_centre),
    ("2.1 Je me connecte avec mes identifiants nominatifs", _connect),
    ("2.2 Je vérifie que je suis sur la bonne boîte de réception", _check_label),
    ("2.3 Je change de boîte de réception", _change_account),
    ("2.4 Définir comme compte par défaut", _default),
    ("2.5 Notif de réception vers compte de connexion", _notices),
]


# -- Créer ma BAL organisationnelle ---------------------------------------------------------------


def test_1_je_verifie_l_eligibilite_du_professionnel_responsable() -> None:
    """Cas n°1: pharmacien(ne), identifié(e) par un numéro RPPS. « Consulter l'annuaire santé
    pour retrouver un identifiant national »."""
    story = Story().play("1. Je vérifie l'éligibilité")
    found = check_eligibility(story.ports, CLAIRE.idnat)
    assert found
    assert found.person is not None
    assert (found.person.last_name, found.person.profession_code) == ("Martin1", "21")
    unknown = check_eligibility(story.ports, example_professional(9).idnat)
    assert not unknown
    assert [p.code for p in unknown.decision.reasons] == ["directory.professional_unknown"]
    with pytest.raises(TypeError):
        check_eligibility(story.ports, str(CLAIRE.idnat))  # type: ignore[arg-type]


def test_2_a_11_je_valide_la_creation_du_compte() -> None:
    """« J'accède au formulaire d'inscription », je le remplis (nom de la BAL, raison sociale
    et FINESS, responsable, description, localisation, liste rouge) et je valide."""
    story = Story().play("2-11. Je valide la création du compte")
    assert story.registered is not None
    mailbox = story.registered.mailbox
    assert (mailbox.address, str(mailbox.label), mailbox.state) == (
        PHARMACIE,
        "Pharmacie Du Centre",
        LifecycleState.PENDING,
    )
    assert mailbox.responsible.professional.idnat == CLAIRE.idnat
    assert mailbox.structure.identifier == example_structure(1).identifier


def test_2_a_11_le_finess_est_obligatoire_s_il_y_en_a_un() -> None:
    form = the_form()
    form["structure"]["finess"] = None  # type: ignore[index]
    form["structure"]["siret"] = "73282932000074"  # type: ignore[index]
    report = validate_registration(form, on=dt.date(2026, 3, 2))
    assert not report.ok
    assert "structure.finess" in {p.path for p in report.errors}


def test_12_je_rattache_les_comptes_medimail_existants() -> None:
    """« Je veux associer un compte nominatif existant »: la personne saisit son adresse
    mail et son mot de passe."""
    story = Story().play("12. Je rattache les comptes existants")
    assert story.claire is not None
    members = list_members(story.ports, story.claire, PHARMACIE).members
    noemie = next(m for m in members if m.account == NOEMIE)
    assert noemie.state is DelegationState.ACTIVE  # her account was validated long ago


def test_12_je_cree_un_compte_pour_les_utilisateurs_qui_n_en_ont_pas_encore() -> None:
    """« Je veux créer un nouveau compte nominatif »: le compte sera rattaché
    automatiquement à la BAL partagée."""
    story = Story().play("12. Je crée un compte pour les utilisateurs")
    assert story.claire is not None
    members = {m.account: m for m in list_members(story.ports, story.claire, PHARMACIE).members}
    assert members[ALICE].state is DelegationState.PENDING_VALIDATION


def test_12_je_clique_sur_terminer_et_le_centre_de_services_valide_en_48_a_72_heures() -> None:
    """« Les comptes nominatifs créés durant l'inscription sont vérifiés et validés par le
    centre de services e-santé Occitanie. Cette opération peut prendre de 48 à 72 heures. »"""
    story = Story().play("12. Je clique sur « Terminer »")
    waiting = pending_accounts(story.ports, story.agent)
    assert {p.account.address for p in waiting} == {CLAIRE.email, ALICE}
    assert {p.deadline - p.created_at for p in waiting} == {dt.timedelta(hours=72)}

    _service_centre(story)  # the next step of the story

    with story.ports.uow() as uow:
        mailbox = uow.mailboxes.get(PHARMACIE)
    assert mailbox is not None
    assert mailbox.state is LifecycleState.ACTIVE
    assert story.other_team is not None
    publisher, notifier = story.other_team.publisher, story.other_team.notifier
    for directory in DirectoryKind:
        assert PHARMACIE in publisher.entries[directory]  # not on the red list: published
    told = {n.to for n in notifier.sent if isinstance(n, ValidationNotice) and n.approved}
    assert {CLAIRE.email, ALICE} <= told


# -- Utiliser et gérer ma BAL organisationnelle ---------------------------------------------------


def test_2_1_je_me_connecte_avec_mes_identifiants_nominatifs() -> None:
    """« Je ne partage pas mon mot de passe à mes collègues »: nobody logs into the
    organisational mailbox itself."""
    story = Story().play("2.1 Je me connecte avec mes identifiants nominatifs")
    assert story.alice is not None
    assert whoami(story.ports, story.alice).account == ALICE
    with refused("credentials.invalid"):
        authenticate(story.ports, PHARMACIE, password_of(PHARMACIE))


def test_2_2_je_verifie_que_je_suis_sur_la_bonne_boite_de_reception() -> None:
    """« S'il y a mon nom et mon prénom, je suis sur ma BAL nominative. J'échange en mon nom. »"""
    story = Story().play("2.2 Je vérifie que je suis sur la bonne boîte de réception")
    assert story.alice is not None
    label = whoami(story.ports, story.alice).banner
    assert (label.label, label.organisational) == ("Alice Bernard", False)


def test_2_3_je_change_de_boite_de_reception_si_necessaire() -> None:
    """« Changer de compte »: « S'il y a le nom ou l'adresse mail du service, je suis sur la
    BAL organisationnelle du service. J'échange au nom du service. »"""
    story = Story().play("2.3 Je change de boîte de réception")
    assert story.alice is not None
    label = whoami(story.ports, story.alice).banner
    assert (label.label, label.organisational) == ("Pharmacie Du Centre", True)
    sent = send_message(story.ports, story.alice, recipient=CORRESPONDENT, reference="<rdv@x>")
    assert (sent.mailbox, sent.author) == (PHARMACIE, ALICE)


def test_2_4_je_souhaite_acceder_directement_a_la_boite_organisationnelle() -> None:
    """« Dans le bloc "Gestion des comptes de connexion", je coche la case "Définir comme
    compte par défaut" pour la BAL correspondante »."""
    story = Story().play("2.4 Définir comme compte par défaut")
    opened = authenticate(story.ports, ALICE, password_of(ALICE))
    assert opened.view.mailbox == PHARMACIE
    assert connection_settings(story.ports, opened.token).default == PHARMACIE


def test_2_5_je_souhaite_recevoir_les_notifications_de_reception_de_mail() -> None:
    """« Je coche la case "Notif de réception vers compte de connexion" pour la BAL
    correspondante »."""
    story = Story().play("2.5 Notif de réception vers compte de connexion")
    receive_message(story.ports, TRANSPORT, PHARMACIE, sender=CORRESPONDENT, reference="<cr@x>")
    dispatch(story.ports, story.delivery)
    assert story.other_team is not None
    notices = [n for n in story.other_team.notifier.sent if isinstance(n, NewMailNotice)]
    assert [(n.to, n.mailbox) for n in notices] == [(ALICE, PHARMACIE)]
    assert story.alice is not None
    settings = connection_settings(story.ports, story.alice)
    assert settings.mailboxes == (ALICE, PHARMACIE)
    assert (settings.default, settings.notices) == (PHARMACIE, frozenset({PHARMACIE}))


def test_both_guides_through_leave_a_verified_trail_naming_everyone_who_acted() -> None:
    story = Story().play("2.5 Notif de réception vers compte de connexion")
    assert story.alice is not None
    assert story.claire is not None
    receive_message(story.ports, TRANSPORT, PHARMACIE, sender=CORRESPONDENT, reference="<r@x>")
    send_message(story.ports, story.alice, recipient=CORRESPONDENT, reference="<s@x>")
    contents = read_mailbox(story.ports, story.alice)
    assert ([m.reference for m in contents.received], [m.reference for m in contents.sent]) == (
        ["<r@x>"],
        ["<s@x>"],
    )

    trail = read_audit_trail(story.ports, story.claire, PHARMACIE)
    assert trail.verification.ok
    people = {str(CLAIRE.email), str(ALICE), str(AGENT)}
    assert {e.actor for e in trail.entries} <= people | {"system:mail-transport"}
    assert all(e.auth for e in trail.entries)
    assert verify_audit(story.ports).ok
