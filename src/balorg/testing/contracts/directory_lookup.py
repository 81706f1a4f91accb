"""Contract cases of :class:`~balorg.ports.directory.DirectoryLookup`: the national directory, read.

Every adapter answers the same: the in-memory and SQL ones over imported extractions
(:mod:`balorg.adapters.national_directory`), one over the FHIR API, a host's own. A test
module subclasses :class:`DirectoryLookupContract` and provides the ``make_lookup``
fixture: a callable that answers a look-up holding exactly the values it is given (a
later call may reuse the same adapter, loaded anew)::

    class TestInMemoryLookup(DirectoryLookupContract):
        @pytest.fixture
        def make_lookup(self) -> LookupFactory:
            directory = InMemoryNationalDirectory()

            def make(persons, mailboxes):
                directory.load_values(persons=persons, mailboxes=mailboxes)
                return directory

            return make

A structure's mailboxes are the ones it carries: ORG and APP (the carrier of a PER or CAB
mailbox is its person, even when the directory names the structure where they work).

Values are built as directory data reads them: references through ``StructureRef.read``
and ``PersonRef.read`` (so a technical id or a fictitious RPPS keeps ``parsed`` at
``None``), addresses normalised by :class:`~balorg.domain.addresses.EmailAddress`.

This module imports pytest and Hypothesis at run time (the ``testing`` extra).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balorg.domain.addresses import EmailAddress
from balorg.domain.directory import (
    Activity,
    DirectoryMailbox,
    DirectoryPerson,
    PersonRef,
    StructureRef,
)
from balorg.domain.identifiers import parse_ps
from balorg.domain.publication import BalType
from balorg.ports.directory import DirectoryLookup
from balorg.testing.examples import with_luhn_key

__all__ = [
    "DirectoryLookupContract",
    "LookupFactory",
    "example_activity",
    "example_directory_mailbox",
    "example_directory_person",
]

#: ``make_lookup(persons, mailboxes)``: a look-up holding exactly these values.
LookupFactory = Callable[[Sequence[DirectoryPerson], Sequence[DirectoryMailbox]], DirectoryLookup]

HOSPITAL = "1750712184"  # IdNat Struct: FINESS 750712184
TECHNICAL = "R10100000328372"  # a technical structure id, as the directory has them


def _rpps_idnat(n: int) -> str:
    return "8" + with_luhn_key(f"1{n:09d}")


def example_activity(structure: str = HOSPITAL, **fields: str | None) -> Activity:
    """An activity in ``structure`` (an IdNat Struct or a technical id); ``fields`` change
    the others."""
    base = Activity(
        structure=StructureRef.read(structure),
        structure_name="HOPITAL EXEMPLE",
        finess="750712184",
        mode="S",
        postcode="75013",
        city="PARIS",
        department="75",
        technical_id="F750712184",
        profession_code="10",
    )
    changes: dict[str, Any] = dict(fields)
    return attrs.evolve(base, **changes)


def example_directory_person(
    n: int = 1, *, activities: Sequence[Activity] | None = None, idnat: str | None = None
) -> DirectoryPerson:
    """A médecin known by RPPS (numbered ``n``), with one activity unless told otherwise."""
    return DirectoryPerson(
        idnat=PersonRef.read(idnat or _rpps_idnat(n)),
        last_name=f"EXEMPLE{n}",
        first_name="Claire",
        profession_code="10",
        profession_label="Médecin",
        civility="Docteur",
        activities=[example_activity()] if activities is None else activities,
    )


def example_directory_mailbox(
    local: str = "accueil",
    *,
    structure: str | None = HOSPITAL,
    bal_type: BalType = BalType.ORG,
    person: str | None = None,
    domain: str = "ch-exemple.mssante.fr",
) -> DirectoryMailbox:
    """A published mailbox of ``structure`` (ORG by default)."""
    return DirectoryMailbox(
        address=EmailAddress.from_string(f"{local}@{domain}"),
        bal_type=bal_type,
        person=None if person is None else PersonRef.read(person),
        structure=None if structure is None else StructureRef.read(structure),
        service="Accueil",
        last_name="CENTRE HOSPITALIER EXEMPLE",
        structure_name="CENTRE HOSPITALIER EXEMPLE",
        digitization=True,
        postcode="75013",
        department="75",
    )


# -- strategies for the property case ---------------------------------------------------------

_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12
)
_MAYBE = st.none() | _TEXT
_STRUCTURES = st.sampled_from(
    [HOSPITAL, "1010000024", "326010004500012", "410009652727016", TECHNICAL, "C75912415900"]
)


@st.composite
def _activities(draw: st.DrawFn) -> Activity:
    return Activity(
        structure=draw(st.none() | _STRUCTURES.map(StructureRef.read)),
        structure_name=draw(_MAYBE),
        finess=draw(st.none() | st.just("750712184")),
        siret=draw(st.none() | st.just("26010004500012")),
        mode=draw(st.none() | st.sampled_from(["S", "L", "B"])),
        role=draw(_MAYBE),
        postcode=draw(_MAYBE),
        city=draw(_MAYBE),
        department=draw(_MAYBE),
        technical_id=draw(st.none() | st.just(TECHNICAL)),
        profession_code=draw(st.none() | st.sampled_from(["10", "21", "60"])),
        sector=draw(_MAYBE),
    )


@st.composite
def _people(draw: st.DrawFn) -> list[DirectoryPerson]:
    numbers = draw(st.lists(st.integers(1, 10**6), unique=True, max_size=5))
    return [
        DirectoryPerson(
            idnat=PersonRef.read(_rpps_idnat(n)),
            last_name=draw(_TEXT),
            first_name=draw(st.just("") | _TEXT),
            profession_code=draw(st.none() | st.sampled_from(["10", "21", "60", "93"])),
            profession_label=draw(_MAYBE),
            civility=draw(_MAYBE),
            activities=draw(st.lists(_activities(), max_size=3)),
        )
        for n in numbers
    ]


@st.composite
def _mailboxes(draw: st.DrawFn) -> list[DirectoryMailbox]:
    locals_ = draw(
        st.lists(st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True), unique=True, max_size=6)
    )
    return [
        DirectoryMailbox(
            address=EmailAddress.from_string(f"{local}@ch-{n % 2}.mssante.fr"),
            bal_type=draw(st.sampled_from(list(BalType))),
            person=draw(
                st.none() | st.integers(1, 99).map(lambda k: PersonRef.read(_rpps_idnat(k)))
            ),
            structure=draw(_STRUCTURES.map(StructureRef.read) | st.none()),
            service=draw(_MAYBE),
            description=draw(_MAYBE),
            red_listed=draw(st.none() | st.booleans()),
            rank=draw(st.none() | st.integers(1, 3)),
            last_name=draw(_MAYBE),
            first_name=draw(_MAYBE),
            structure_name=draw(_MAYBE),
            profession_code=draw(st.none() | st.just("10")),
            digitization=draw(st.none() | st.booleans()),
            postcode=draw(_MAYBE),
            department=draw(_MAYBE),
        )
        for n, local in enumerate(locals_)
    ]


class DirectoryLookupContract:
    """:class:`~balorg.ports.directory.DirectoryLookup`: professionals, mailboxes, structures."""

    @pytest.fixture
    def make_lookup(self) -> LookupFactory:
        """Override: a factory of look-ups holding exactly the values given."""
        raise NotImplementedError("a subclass provides the make_lookup fixture")

    # -- professionals -------------------------------------------------------------------------

    def test_an_empty_directory_knows_nobody(self, make_lookup: LookupFactory) -> None:
        lookup = make_lookup([], [])
        assert lookup.professional(parse_ps(_rpps_idnat(1))) is None
        assert lookup.mailbox(EmailAddress.from_string("accueil@ch-exemple.mssante.fr")) is None
        assert list(lookup.structure_mailboxes(HOSPITAL)) == []

    def test_a_professional_comes_back_with_identity_and_activities_in_order(
        self, make_lookup: LookupFactory
    ) -> None:
        cabinet = example_activity(
            "410009652727016", structure_name="CABINET", mode="L", finess=None, technical_id=None
        )
        claire = example_directory_person(1, activities=[example_activity(), cabinet])
        lookup = make_lookup([claire, example_directory_person(2)], [])
        assert lookup.professional(parse_ps(_rpps_idnat(1))) == claire

    def test_a_professional_without_activity_comes_back_without(
        self, make_lookup: LookupFactory
    ) -> None:
        alone = example_directory_person(3, activities=[])
        lookup = make_lookup([alone], [])
        found = lookup.professional(parse_ps(_rpps_idnat(3)))
        assert found == alone
        assert found is not None
        assert found.activities == ()

    def test_a_professional_known_by_adeli_is_found_by_their_idnat(
        self, make_lookup: LookupFactory
    ) -> None:
        nurse = example_directory_person(
            4, idnat="0316000017", activities=[example_activity(TECHNICAL)]
        )
        lookup = make_lookup([nurse], [])
        assert lookup.professional(parse_ps("0316000017")) == nurse

    def test_an_unknown_identifier_is_none_among_known_ones(
        self, make_lookup: LookupFactory
    ) -> None:
        lookup = make_lookup([example_directory_person(1), example_directory_person(2)], [])
        assert lookup.professional(parse_ps(_rpps_idnat(5))) is None

    # -- mailboxes -----------------------------------------------------------------------------

    def test_a_mailbox_is_found_by_its_address_whatever_its_case(
        self, make_lookup: LookupFactory
    ) -> None:
        accueil = example_directory_mailbox()
        lookup = make_lookup([], [accueil, example_directory_mailbox("urgences")])
        assert lookup.mailbox(EmailAddress.from_string("Accueil@CH-Exemple.MSSante.fr")) == accueil
        assert lookup.mailbox(EmailAddress.from_string("absent@ch-exemple.mssante.fr")) is None

    def test_a_mailbox_keeps_every_field(self, make_lookup: LookupFactory) -> None:
        full = DirectoryMailbox(
            address=EmailAddress.from_string("claire.exemple@medecin.mssante.fr"),
            bal_type=BalType.PER,
            person=PersonRef.read(_rpps_idnat(1)),
            structure=StructureRef.read(HOSPITAL),
            service="Cardiologie",
            description="Consultations",
            red_listed=False,
            rank=1,
            last_name="EXEMPLE",
            first_name="Claire",
            structure_name="HOPITAL EXEMPLE",
            profession_code="10",
            digitization=False,
            postcode="75013",
            department="75",
        )
        lookup = make_lookup([], [full])
        assert lookup.mailbox(full.address) == full

    def test_a_fictitious_rpps_on_a_mailbox_keeps_its_text(
        self, make_lookup: LookupFactory
    ) -> None:
        mailbox = example_directory_mailbox(
            "fictif", bal_type=BalType.PER, person="810101201234", structure=None
        )
        lookup = make_lookup([], [mailbox])
        found = lookup.mailbox(mailbox.address)
        assert found == mailbox
        assert found is not None
        assert found.person is not None
        assert (found.person.text, found.person.parsed) == ("810101201234", None)

    # -- structures ----------------------------------------------------------------------------

    def test_a_structure_s_mailboxes_come_by_address_whether_named_by_ref_or_text(
        self, make_lookup: LookupFactory
    ) -> None:
        urgences = example_directory_mailbox("urgences")
        accueil = example_directory_mailbox("accueil")
        elsewhere = example_directory_mailbox("autre", structure="1010000024")
        lookup = make_lookup([], [urgences, elsewhere, accueil])
        expected = [accueil, urgences]
        assert list(lookup.structure_mailboxes(HOSPITAL)) == expected
        assert list(lookup.structure_mailboxes(StructureRef.read(HOSPITAL))) == expected

    def test_a_person_s_mailbox_is_not_one_of_the_structure_s_mailboxes(
        self, make_lookup: LookupFactory
    ) -> None:
        accueil = example_directory_mailbox("accueil")
        application = example_directory_mailbox("dmp", bal_type=BalType.APP)
        claire = example_directory_mailbox(
            "claire", bal_type=BalType.PER, person=_rpps_idnat(1), domain="medecin.mssante.fr"
        )
        lookup = make_lookup([], [claire, accueil, application])
        assert list(lookup.structure_mailboxes(HOSPITAL)) == [accueil, application]
        assert lookup.mailbox(claire.address) == claire

    def test_a_structure_known_by_a_technical_id_has_its_mailboxes(
        self, make_lookup: LookupFactory
    ) -> None:
        cardio = example_directory_mailbox("cardiologie", structure=TECHNICAL)
        lookup = make_lookup([], [cardio, example_directory_mailbox()])
        assert list(lookup.structure_mailboxes(TECHNICAL)) == [cardio]
        assert list(lookup.structure_mailboxes("R99999999999999")) == []

    # -- loads ---------------------------------------------------------------------------------

    def test_a_later_load_leaves_nothing_of_the_earlier_one(
        self, make_lookup: LookupFactory
    ) -> None:
        make_lookup([example_directory_person(1)], [example_directory_mailbox("ancienne")])
        lookup = make_lookup([example_directory_person(2)], [example_directory_mailbox("nouvelle")])
        assert lookup.professional(parse_ps(_rpps_idnat(1))) is None
        assert lookup.professional(parse_ps(_rpps_idnat(2))) is not None
        assert lookup.mailbox(EmailAddress.from_string("ancienne@ch-exemple.mssante.fr")) is None
        assert [str(m.address) for m in lookup.structure_mailboxes(HOSPITAL)] == [
            "nouvelle@ch-exemple.mssante.fr"
        ]

    @settings(
        max_examples=25,
        deadline=None,
        # one case run by every adapter's subclass; the factory gives each example its values
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.differing_executors,
        ],
    )
    @given(people=_people(), published=_mailboxes())
    def test_whatever_is_loaded_reads_back_equal(
        self,
        make_lookup: LookupFactory,
        people: list[DirectoryPerson],
        published: list[DirectoryMailbox],
    ) -> None:
        lookup = make_lookup(people, published)
        for person in people:
            assert person.idnat.parsed is not None
            assert lookup.professional(person.idnat.parsed) == person
        for mailbox in published:
            assert lookup.mailbox(mailbox.address) == mailbox
        structures = {str(m.structure) for m in published if m.structure is not None}
        carried = {BalType.ORG, BalType.APP}
        for structure in structures:
            expected = sorted(
                (m for m in published if str(m.structure) == structure and m.bal_type in carried),
                key=lambda m: m.address.value,
            )
            assert list(lookup.structure_mailboxes(structure)) == expected
