"""Public Hypothesis strategies for balorg's domain, for property tests of hosts.

Modelled on ``xarray.testing.strategies``: each function returns a
:class:`~hypothesis.strategies.SearchStrategy`, and everything generated is
valid: identifiers carry correct keys, professionals are eligible on the day
asked (unless ``eligible=False``), registration forms are accepted by
:func:`balorg.registration.validate_registration`. Junk is left to the tests.

Strategies that depend on the dated register rule take ``on``, the day
eligibility is judged on. ``None`` means the day the packaged register table
is current on (``register_table().as_of``), so a host can validate what it
drew without guessing the date.

Aggregates (:func:`mailboxes`, :func:`delegations`, :func:`connection_accounts`,
:func:`sessions`) are built through their own methods, never by setting fields, so
they hold the domain's invariants and keep the events they recorded. Values that
cross the host's ports have theirs too: :func:`audit_records` and :func:`audit_chains`
(the audit log), :func:`mailbox_entries` and :func:`directory_changes` (the directory
publisher), :func:`notices` (the notifier).

>>> from hypothesis import given
>>> from balorg.domain.identifiers import adeli, finess, rpps
>>> @given(rpps_numbers(), adeli_numbers(profession_code="60"), finess_numbers(corsican=True))
... def test_numbers_are_valid(r: str, a: str, f: str) -> None:
...     assert rpps.is_valid(r) and adeli.profession_code(a) == "60" and finess.key_verified(f)
>>> test_numbers_are_valid()
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import string
from collections.abc import Iterable
from typing import Any, Final

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from stdnum import luhn
from stdnum.fr import siren as stdnum_siren

from balorg.domain.account import AccountState, ConnectionAccount
from balorg.domain.actors import token_digest
from balorg.domain.addresses import EmailAddress, InvalidEmail
from balorg.domain.audit import AuditEntry, AuditRecord, chain
from balorg.domain.capabilities import Capability
from balorg.domain.delegation import Delegation, DelegationState
from balorg.domain.identifiers import Adeli, Finess, IdNatPS, IdNatStruct, Rpps, Siren, Siret
from balorg.domain.identifiers import adeli as adeli_module
from balorg.domain.identifiers import finess as finess_module
from balorg.domain.identifiers import rpps as rpps_module
from balorg.domain.identifiers import siren as siren_module
from balorg.domain.identifiers import siret as siret_module
from balorg.domain.mail import ExpiryNotice, NewMailNotice, Notice, ReviewNotice, ValidationNotice
from balorg.domain.mailbox import (
    MAX_RANK,
    DirectoryLabel,
    LifecycleState,
    OrganisationalMailbox,
    RedList,
)
from balorg.domain.professional import Professional
from balorg.domain.professions import (
    Profession,
    Register,
    all_professions,
    find,
    is_eligible,
    register_problems,
    register_table,
)
from balorg.domain.publication import (
    Delete,
    DirectoryChange,
    DirectoryKind,
    EntryField,
    Insert,
    MailboxEntry,
    Replace,
)
from balorg.domain.session import Session
from balorg.domain.structure import Location, Structure, StructureCategory

__all__ = [
    "adeli",
    "adeli_numbers",
    "audit_chains",
    "audit_records",
    "capabilities",
    "connection_accounts",
    "dates",
    "delegations",
    "directory_changes",
    "email_addresses",
    "finess",
    "finess_numbers",
    "idnat_ps",
    "idnat_struct",
    "mailbox_entries",
    "mailboxes",
    "mssante_addresses",
    "notices",
    "professionals",
    "professions",
    "registrations",
    "rpps",
    "rpps_numbers",
    "sessions",
    "siren",
    "siren_numbers",
    "siret",
    "siret_numbers",
    "structures",
]

# Department tables written from DOMAIN.md, not read from the identifier modules,
# so that the identifier tests that use these strategies are not circular.
_DIGIT_DEPARTMENTS: Final = tuple(f"{d:02d}" for d in (*range(1, 20), *range(21, 96)))
_CORSICA: Final = {"2A": "21", "2B": "22"}  # the unofficial mapping, for key_verified
_ADELI_LETTERS: Final = ("2A", "2B", "9A", "9B", "9C", "9D", "9E", "9F")
_FINESS_OVERSEAS: Final = (
    *("9701", "9702", "9703", "9704", "9705"),
    *("9804", "9805", "9806", "9807", "9808"),
)
_LA_POSTE: Final = "356000000"
_TLDS: Final = ("fr", "org", "com", "net", "eu")
_LOWER: Final = string.ascii_lowercase
_LETTERS: Final = string.ascii_letters + "éèêëàâçïîôûüÉÈÀÇ"
#: Dates around the ADELI → RPPS moves (2016, 2021, 2023) of the register rule.
_FIRST_DAY: Final = dt.date(2010, 1, 1)
_LAST_DAY: Final = dt.date(2035, 12, 31)


def _is_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


@functools.cache
def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=string.digits, min_size=n, max_size=n)


def _with_key(payload: str) -> str:
    return payload + luhn.calc_check_digit(payload)


def _day(on: dt.date | None) -> dt.date:
    return register_table().as_of if on is None else on


# -- identifiers as canonical strings ------------------------------------------------------


def rpps_numbers() -> st.SearchStrategy[str]:
    """RPPS numbers: 11 digits starting with 1 (as every real one), Luhn key last."""
    return _digits(9).map(lambda d: _with_key("1" + d))


def _adeli_number(department: str, code: str, sequence: str, spare_key: str) -> str:
    payload = department + code + sequence
    if department in _CORSICA:
        return payload + luhn.calc_check_digit(_CORSICA[department] + payload[2:])
    if not _is_digits(department):
        return payload + spare_key  # 9A-9F: no public key rule, any key is accepted
    return _with_key(payload)


def adeli_numbers(
    profession_code: str | None = None, department: str | None = None
) -> st.SearchStrategy[str]:
    """ADELI numbers: department (2), profession code (2), sequence (4), Luhn key.

    Departments are digit ones (01-19, 21-95) and, one time in twelve, a letter one
    (``2A``/``2B`` keyed by the unofficial 21/22 mapping; ``9A`` to ``9F``, whose
    key nothing public defines, so ``adeli.key_verified`` is False for them);
    ``department`` fixes one.
    """
    if profession_code is not None and not (
        len(profession_code) == 2 and _is_digits(profession_code)
    ):
        raise InvalidArgument(f"profession_code={profession_code!r}: two ASCII digits expected")
    if department is not None and department not in (*_DIGIT_DEPARTMENTS, *_ADELI_LETTERS):
        raise InvalidArgument(f"department={department!r} is not an ADELI department")
    every = (*_DIGIT_DEPARTMENTS, *_ADELI_LETTERS)
    departments = st.sampled_from(every) if department is None else st.just(department)
    codes = _digits(2) if profession_code is None else st.just(profession_code)
    return st.builds(_adeli_number, departments, codes, _digits(4), _digits(1))


def _corsican_finess(head: str, tail: str) -> str:
    return head + tail + luhn.calc_check_digit(_CORSICA[head] + tail)


def finess_numbers(corsican: bool = False) -> st.SearchStrategy[str]:
    """FINESS numbers of mainland (01-95 but 20) and overseas (9701...) departments.

    With ``corsican=True``, Corsican ones (``2A``/``2B``) too, keyed by the
    unofficial 2A→21, 2B→22 mapping so that ``finess.key_verified`` holds.
    """
    kinds = [
        st.tuples(st.sampled_from(_DIGIT_DEPARTMENTS), _digits(6)).map(
            lambda t: _with_key(t[0] + t[1])
        ),
        st.tuples(st.sampled_from(_FINESS_OVERSEAS), _digits(4)).map(
            lambda t: _with_key(t[0] + t[1])
        ),
    ]
    if corsican:
        kinds.append(st.builds(_corsican_finess, st.sampled_from(tuple(_CORSICA)), _digits(6)))
    return st.one_of(kinds)


def siren_numbers() -> st.SearchStrategy[str]:
    """SIREN numbers: 8 digits and the Luhn key."""
    return _digits(8).map(_with_key)


def _siret_number(siren: str, establishment: str) -> str:
    payload = siren + establishment
    if siren == _LA_POSTE:
        # La Poste's establishments: a digit sum multiple of 5 (python-stdnum), not Luhn.
        return payload + str(-sum(int(c) for c in payload) % 5)
    return _with_key(payload)


def siret_numbers(siren: str | None = None) -> st.SearchStrategy[str]:
    """SIRET numbers: a SIREN (``siren`` when given), 4 digits and the key."""
    if siren is not None and not stdnum_siren.is_valid(siren):
        raise InvalidArgument(f"siren={siren!r} is not a valid SIREN")
    sirens = siren_numbers() if siren is None else st.just(siren)
    return st.builds(_siret_number, sirens, _digits(4))


# -- identifiers as value objects ----------------------------------------------------------


def rpps() -> st.SearchStrategy[Rpps]:
    """:class:`Rpps` value objects."""
    return rpps_numbers().map(Rpps)


def adeli(
    profession_code: str | None = None, department: str | None = None
) -> st.SearchStrategy[Adeli]:
    """:class:`Adeli` value objects (arguments as for :func:`adeli_numbers`)."""
    return adeli_numbers(profession_code, department).map(Adeli)


def finess(corsican: bool = False) -> st.SearchStrategy[Finess]:
    """:class:`Finess` value objects (arguments as for :func:`finess_numbers`)."""
    return finess_numbers(corsican).map(Finess)


def siren() -> st.SearchStrategy[Siren]:
    """:class:`Siren` value objects."""
    return siren_numbers().map(Siren)


def siret() -> st.SearchStrategy[Siret]:
    """:class:`Siret` value objects."""
    return siret_numbers().map(Siret)


def idnat_ps() -> st.SearchStrategy[IdNatPS]:
    """National identifiers of professionals: ``8`` + RPPS or ``0`` + ADELI."""
    return st.one_of(rpps(), adeli()).map(IdNatPS.of)


def idnat_struct() -> st.SearchStrategy[IdNatStruct]:
    """National identifiers of structures: ``1`` + FINESS, ``3`` + SIRET, ``2`` + SIREN."""
    return st.one_of(finess(corsican=True), siret(), siren()).map(IdNatStruct.of)


# -- addresses, names and dates ------------------------------------------------------------


@functools.cache
def _words(alphabet: str, max_size: int) -> st.SearchStrategy[str]:
    return st.builds(
        lambda head, tail: head + tail,
        st.sampled_from(alphabet),
        st.text(alphabet=alphabet + string.digits, max_size=max_size),
    )


@functools.cache
def _local_parts() -> st.SearchStrategy[str]:
    return st.builds(
        lambda head, sep, tail: head + (sep + tail if sep else ""),
        _words(_LOWER, 11),
        st.sampled_from(("", ".", "-", "_")),
        st.text(alphabet=_LOWER + string.digits, min_size=1, max_size=8),
    )


@functools.cache
def _domains() -> st.SearchStrategy[str]:
    return st.builds(
        lambda labels, tld: ".".join((*labels, tld)),
        st.lists(_words(_LOWER, 10), min_size=1, max_size=2),
        st.sampled_from(_TLDS),
    )


def _addresses(domains: st.SearchStrategy[str]) -> st.SearchStrategy[EmailAddress]:
    return st.builds(
        lambda local, domain: EmailAddress(f"{local}@{domain}"), _local_parts(), domains
    )


@functools.cache
def _any_address() -> st.SearchStrategy[EmailAddress]:
    return _addresses(_domains())


def email_addresses(domain: str | None = None) -> st.SearchStrategy[EmailAddress]:
    """Valid e-mail addresses (ASCII, lower case), in ``domain`` when given."""
    if domain is None:
        return _any_address()
    try:
        EmailAddress(f"x@{domain}")
    except InvalidEmail:
        raise InvalidArgument(f"domain={domain!r} is not a valid e-mail domain") from None
    return _addresses(st.just(domain.lower()))


def mssante_addresses() -> st.SearchStrategy[EmailAddress]:
    """Addresses matching the ANS pattern of the MSSanté space (``...@x.mssante.fr``)."""
    return _addresses(_words(_LOWER, 10).map(lambda label: f"{label}.mssante.fr"))


@functools.cache
def _names() -> st.SearchStrategy[str]:
    """Names as people type them: accents, hyphens, apostrophes; no outer spaces."""
    word = st.text(alphabet=_LETTERS, min_size=1, max_size=12)
    return st.builds(
        lambda first, rest: first + "".join(sep + w for sep, w in rest),
        word,
        st.lists(st.tuples(st.sampled_from((" ", "-", "'")), word), max_size=2),
    )


@functools.cache
def _sentences(max_words: int = 12) -> st.SearchStrategy[str]:
    return st.lists(
        st.text(alphabet=_LETTERS, min_size=1, max_size=10), min_size=1, max_size=max_words
    ).map(" ".join)


def dates() -> st.SearchStrategy[dt.date]:
    """Days from 2010 to 2035, across the dated moves of the register rule."""
    return st.dates(min_value=_FIRST_DAY, max_value=_LAST_DAY)


@functools.lru_cache(maxsize=512)
def _moments(on: dt.date) -> st.SearchStrategy[dt.datetime]:
    return st.times().map(lambda t: dt.datetime.combine(on, t, tzinfo=dt.UTC))


def capabilities() -> st.SearchStrategy[frozenset[Capability]]:
    """Non-empty sets of capabilities, as a delegation carries."""
    return st.frozensets(st.sampled_from(Capability), min_size=1)


# -- professions and professionals ---------------------------------------------------------


def professions(
    eligible: bool | None = None, on: dt.date | None = None
) -> st.SearchStrategy[Profession]:
    """Professions of the catalogue; with ``eligible``, only those that are (or are
    not) eligible to be responsible on ``on``."""
    day = _day(on)
    chosen = [p for p in all_professions() if eligible is None or is_eligible(p, day) is eligible]
    return st.sampled_from(chosen)


@functools.lru_cache(maxsize=256)
def _register_pairs(
    on: dt.date, eligible: bool, profession_eligible: bool
) -> tuple[tuple[Profession, Register], ...]:
    """(profession, register) pairs whose number makes a responsible eligible on ``on``
    or not, among professions that are (or are not) eligible that day."""
    return tuple(
        (profession, register)
        for profession in all_professions()
        if is_eligible(profession, on) is profession_eligible
        for register in Register
        if any(p.is_error for p in register_problems(profession, register, on)) is not eligible
    )


@functools.cache
def _identifier_of(profession: Profession, register: Register) -> st.SearchStrategy[IdNatPS]:
    if register is Register.RPPS:
        return rpps().map(IdNatPS.of)
    # The ADELI number embeds the profession it was issued under.
    code = profession.code if len(profession.code) == 2 and _is_digits(profession.code) else None
    return adeli(profession_code=code).map(IdNatPS.of)


@functools.lru_cache(maxsize=512)
def _pairs(on: dt.date, eligible: bool) -> st.SearchStrategy[tuple[Profession, Register]]:
    if eligible:
        return st.sampled_from(_register_pairs(on, True, True))
    # Half of the time an eligible profession with a refused register (a médecin
    # with an ADELI number), half a profession that is not eligible at all.
    refused = _register_pairs(on, False, True)
    others = st.sampled_from(_register_pairs(on, False, False))
    return st.one_of(st.sampled_from(refused), others) if refused else others


@st.composite
def _professional(draw: st.DrawFn, on: dt.date, eligible: bool) -> Professional:
    profession, register = draw(_pairs(on, eligible))
    return Professional(
        idnat=draw(_identifier_of(profession, register)),
        profession=profession,
        last_name=draw(_names()),
        first_name=draw(_names()),
        email=draw(_any_address()),
    )


def professionals(
    on: dt.date | None = None, eligible: bool = True
) -> st.SearchStrategy[Professional]:
    """Professionals eligible to be responsible on ``on`` (errors-free; a warning such
    as an obsolete ADELI number may remain), or with ``eligible=False`` refused that
    day: a profession that is not eligible, or an eligible one with a refused register."""
    return _professional(_day(on), eligible)


# -- structures and registration forms -----------------------------------------------------


@functools.cache
def _address_lines() -> st.SearchStrategy[tuple[str, ...]]:
    street = st.builds(
        lambda number, kind, name: f"{number} {kind} {name}",
        st.integers(min_value=1, max_value=300),
        st.sampled_from(("rue", "avenue", "place", "chemin", "boulevard", "allée")),
        _names(),
    )
    return st.builds(lambda first, more: (first, *more), street, st.lists(_names(), max_size=1))


@functools.cache
def _locations() -> st.SearchStrategy[Location]:
    return st.builds(Location, address_lines=_address_lines(), postcode=_digits(5), city=_names())


@functools.cache
def _structure_identifiers(category: StructureCategory) -> st.SearchStrategy[IdNatStruct]:
    if category.always_has_finess:
        return finess(corsican=True).map(IdNatStruct.of)
    return idnat_struct()


@st.composite
def _structure(draw: st.DrawFn) -> Structure:
    category = draw(st.sampled_from(StructureCategory))
    return Structure(
        legal_name=draw(_names()),
        identifier=draw(_structure_identifiers(category)),
        category=category,
        location=draw(_locations()),
    )


def structures() -> st.SearchStrategy[Structure]:
    """Structures whose identifier follows the rule: FINESS for pharmacies and health
    establishments, else FINESS, SIRET or SIREN."""
    return _structure()


def _spelled(draw: st.DrawFn, canonical: str, formatted: str) -> str:
    return draw(st.sampled_from((canonical, formatted)))


def _absent(draw: st.DrawFn, form: dict[str, Any], key: str) -> None:
    """Leave an optional identifier out in one of the ways a form may: no key, null, ''."""
    way = draw(st.sampled_from(("missing", "null", "empty")))
    if way != "missing":
        form[key] = None if way == "null" else ""


@st.composite
def _structure_form(draw: st.DrawFn) -> dict[str, Any]:
    category = draw(st.sampled_from(StructureCategory))
    lines = draw(_address_lines())
    form: dict[str, Any] = {
        "legal_name": draw(_names()),
        "category": category.value,
        "location": {
            "address": "\n".join(lines),
            "postcode": draw(_digits(5)),
            "city": draw(_names()),
        },
    }
    # Which identifiers the form gives; FINESS first, SIRET and SIREN agreeing.
    given = draw(
        st.sampled_from(
            ("finess", "finess+siret", "finess+siren")
            if category.always_has_finess
            else ("finess", "finess+siret", "siret", "siren", "siret+siren")
        )
    )
    number = draw(_SIRENS)
    values = {
        "finess": draw(_FINESS_ANY),
        "siret": _siret_number(number, draw(_digits(4))),
        "siren": number,
    }
    formats = {
        "finess": finess_module.format,
        "siret": siret_module.format,
        "siren": siren_module.format,
    }
    for key in ("finess", "siret", "siren"):
        if key in given.split("+"):
            form[key] = _spelled(draw, values[key], formats[key](values[key]))
        else:
            _absent(draw, form, key)
    return form


@functools.cache
def _profession_spellings(profession: Profession) -> tuple[str, ...]:
    """The ways a form may name ``profession`` that resolve to it, key first."""
    candidates = (profession.key, profession.code, profession.label, profession.label.upper())
    return tuple(dict.fromkeys(c for c in candidates if find(c) == profession))


def _identifier_spellings(idnat: IdNatPS) -> tuple[str, ...]:
    number = str(idnat.identifier)
    module = rpps_module if isinstance(idnat.identifier, Rpps) else adeli_module
    return (number, str(idnat), module.format(number))


@st.composite
def _registration(draw: st.DrawFn, on: dt.date) -> dict[str, Any]:
    responsible = draw(_professional(on, True))
    return {
        "shared_account": True,
        "generic_email": str(draw(_any_address())),
        "directory_label": {"last_name": draw(_names()), "first_name": draw(_names())},
        "structure": draw(_structure_form()),
        "responsible": {
            "last_name": responsible.last_name,
            "first_name": responsible.first_name,
            "profession": draw(st.sampled_from(_profession_spellings(responsible.profession))),
            "identifier": draw(st.sampled_from(_identifier_spellings(responsible.idnat))),
            "email": str(responsible.email),
        },
        "description": draw(_sentences()),
        "red_list": {
            "national_directory": draw(st.booleans()),
            "operator_directory": draw(st.booleans()),
        },
    }


def registrations(on: dt.date | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """Registration forms as plain data (as parsed from JSON), valid on ``on``.

    Spellings vary as people type them: identifiers bare, as IdNat or grouped with
    spaces; professions by key, code or label; absent identifiers left out, null
    or empty; multi-line addresses.
    """
    return _registration(_day(on))


# -- accounts, mailboxes, delegations and sessions -------------------------------------------


@st.composite
def _account(
    draw: st.DrawFn, address: EmailAddress | None, states: tuple[AccountState, ...], on: dt.date
) -> ConnectionAccount:
    me = address if address is not None else draw(_any_address())
    at = draw(_moments(on))
    state = draw(st.sampled_from(states))
    pending = state is not AccountState.ACTIVE or draw(st.booleans())
    # Created by the person, or by a manager for them; a responsible's declares an identity.
    creator = draw(st.sampled_from((me, draw(_any_address()))))
    credential_pending = state is AccountState.CANCELLED or draw(_RARELY)
    account = ConnectionAccount.create(
        address=me,
        first_name=draw(_names()),
        last_name=draw(_names()),
        by=creator,
        at=at,
        pending_validation=pending,
        credential_pending=credential_pending,
        professional=draw(st.none() | _IDNAT_PS),
    )
    agent = draw(_any_address())  # the service centre's agent
    later = at + dt.timedelta(hours=draw(st.integers(min_value=1, max_value=72)))
    if state is AccountState.CANCELLED:
        account.cancel_enrolment(by=agent, at=later)
        return account
    if credential_pending and draw(st.booleans()):
        account.confirm_credential(by=agent, at=later)
    if state is AccountState.ACTIVE and pending:
        account.approve(by=agent, at=later)
    elif state is AccountState.REJECTED:
        account.reject(by=agent, at=later, reason=draw(_sentences()))
    return account


def connection_accounts(
    address: EmailAddress | None = None,
    states: Iterable[AccountState] | None = None,
    on: dt.date | None = None,
) -> st.SearchStrategy[ConnectionAccount]:
    """Nominative accounts created on ``on`` (by the person or by someone for them, some
    with a declared identity) and, depending on the state drawn from ``states`` (all by
    default), validated or rejected by the service centre, or given up because the
    credential service never enrolled them (``CANCELLED``). A few active ones still wait
    for their credential (:attr:`~ConnectionAccount.may_log_in` false). Each change is
    recorded in ``account.events``."""
    chosen = tuple(AccountState) if states is None else tuple(states)
    if not chosen:
        raise InvalidArgument("states must not be empty")
    return _account(address, chosen, _day(on))


@st.composite
def _mailbox(
    draw: st.DrawFn, on: dt.date, states: tuple[LifecycleState, ...]
) -> OrganisationalMailbox:
    responsible = draw(_professional(on, True))
    me = responsible.email
    start = draw(_moments(on))
    clock = (start + dt.timedelta(minutes=n) for n in itertools.count(1))
    mailbox = OrganisationalMailbox.register(
        address=draw(_MSSANTE),
        generic_email=draw(_any_address()),
        label=DirectoryLabel(last_name=draw(_names()), first_name=draw(_names())),
        structure=draw(_STRUCTURES),
        responsible=responsible,
        description=draw(_sentences()),
        red_list=RedList(
            national_directory=draw(st.booleans()), operator_directory=draw(st.booleans())
        ),
        by=me,
        at=start,
        responsible_account=draw(st.none() | _any_address()),
        service=draw(st.none() | _sentences(4)),
        responsible_contact=draw(st.none() | _sentences(6)),
        rank=draw(_RANKS),
    )
    state = draw(st.sampled_from(states))
    if state is not LifecycleState.PENDING:
        mailbox.finish(by=me, at=next(clock))
        mailbox.activate(by=me, at=next(clock), responsible_validated=True)
    elif draw(st.booleans()):
        mailbox.finish(by=me, at=next(clock))
    if state is LifecycleState.SUSPENDED:
        mailbox.suspend(by=me, at=next(clock), reason="holidays")
    elif state is LifecycleState.CLOSED:
        mailbox.close(by=me, at=next(clock), reason="structure closed")
    return mailbox


def mailboxes(
    on: dt.date | None = None, *, states: Iterable[LifecycleState] | None = None
) -> st.SearchStrategy[OrganisationalMailbox]:
    """Organisational mailboxes registered on ``on`` through
    :meth:`OrganisationalMailbox.register` by an eligible responsible (whose account is
    sometimes not their professional address), with or without service, contact and
    rank, in a lifecycle state drawn from ``states`` (all by default; pass
    ``[LifecycleState.ACTIVE]`` for live ones). Each change is recorded in
    ``mailbox.events``. Delegations are aggregates of their own: see :func:`delegations`."""
    chosen = tuple(LifecycleState) if states is None else tuple(states)
    if not chosen:
        raise InvalidArgument("states must not be empty")
    return _mailbox(_day(on), chosen)


@st.composite
def _delegation(
    draw: st.DrawFn,
    mailbox: EmailAddress | None,
    account: EmailAddress | None,
    granted_by: EmailAddress | None,
    states: tuple[DelegationState, ...],
    on: dt.date,
) -> Delegation:
    state = draw(st.sampled_from(states))
    grantor = granted_by if granted_by is not None else draw(_any_address())
    start = draw(_moments(on))
    lifetime = draw(_LIFETIMES)
    if state is DelegationState.EXPIRED and lifetime is None:
        lifetime = dt.timedelta(days=draw(st.integers(min_value=1, max_value=365)))
    pending = state is DelegationState.PENDING_VALIDATION or draw(st.booleans())
    delegation = Delegation.grant(
        mailbox=mailbox if mailbox is not None else draw(_MSSANTE),
        account=account if account is not None else draw(_any_address()),
        number=draw(st.integers(min_value=1, max_value=9)),
        capabilities=draw(_CAPABILITIES),
        by=grantor,
        at=start,
        expires_at=None if lifetime is None else start + lifetime,
        pending_validation=pending,
    )
    # Every later change happens before the expiry (when there is one).
    room = lifetime if lifetime is not None else dt.timedelta(days=365)
    clock = (start + room * n / 16 for n in itertools.count(1))
    if pending and state is not DelegationState.PENDING_VALIDATION and draw(st.booleans()):
        delegation.activate(by=draw(_any_address()), at=next(clock))
    live = (DelegationState.PENDING_VALIDATION, DelegationState.ACTIVE, DelegationState.SUSPENDED)
    if state in live and draw(_RARELY):
        delegation.mark_for_review(by=grantor, at=next(clock), grantor=draw(_any_address()))
        if draw(st.booleans()):
            delegation.keep_after_review(by=grantor, at=next(clock))
    if lifetime is not None and state in live and draw(_RARELY):
        delegation.record_reminder(by=grantor, at=next(clock))
    if state is DelegationState.SUSPENDED and delegation.state is DelegationState.ACTIVE:
        delegation.suspend(by=grantor, at=next(clock), reason=draw(st.none() | _sentences(4)))
    elif state is DelegationState.SUSPENDED:  # still pending: validate it first
        delegation.activate(by=draw(_any_address()), at=next(clock))
        delegation.suspend(by=grantor, at=next(clock))
    elif state is DelegationState.ACTIVE and delegation.state is not DelegationState.ACTIVE:
        delegation.activate(by=draw(_any_address()), at=next(clock))
    elif state is DelegationState.REVOKED:
        delegation.revoke(by=grantor, at=next(clock), reason=draw(_sentences(6)))
    elif state is DelegationState.EXPIRED:
        assert delegation.expires_at is not None
        delegation.record_expiry(by=grantor, at=delegation.expires_at)
    return delegation


def delegations(
    mailbox: EmailAddress | None = None,
    account: EmailAddress | None = None,
    *,
    granted_by: EmailAddress | None = None,
    states: Iterable[DelegationState] | None = None,
    on: dt.date | None = None,
) -> st.SearchStrategy[Delegation]:
    """Delegations granted on ``on`` (on ``mailbox`` to ``account`` by ``granted_by``
    when given), numbered 1 to 9, with or without an expiry, taken through the domain's
    own moves to a recorded state drawn from ``states`` (all by default): validated or
    not, suspended, revoked, or expired and recorded so; some live ones marked for
    review (and kept) or reminded of their expiry. Every change happens before the
    expiry, so a live one may still expire *later* (:meth:`Delegation.state_at`). Each
    change is recorded in ``delegation.events``."""
    chosen = tuple(DelegationState) if states is None else tuple(states)
    if not chosen:
        raise InvalidArgument("states must not be empty")
    return _delegation(mailbox, account, granted_by, chosen, _day(on))


@st.composite
def _session(draw: st.DrawFn, account: EmailAddress | None, on: dt.date) -> Session:
    me = account if account is not None else draw(_any_address())
    at = draw(_moments(on))
    session = Session.open(
        id=draw(_HEX16),
        token_hash=token_digest(draw(_HEX16)),
        account=me,
        mailbox=draw(st.sampled_from((me, draw(_MSSANTE)))),
        method=draw(st.sampled_from(("password", "host:carte-cps", "host:pro-sante-connect"))),
        at=at,
        idle=dt.timedelta(minutes=draw(st.integers(min_value=5, max_value=120))),
        absolute=dt.timedelta(hours=draw(st.integers(min_value=1, max_value=24))),
    )
    used = at + dt.timedelta(minutes=draw(st.integers(min_value=0, max_value=4)))
    session.touch(used)
    if draw(st.booleans()):
        session.switch(draw(st.sampled_from((me, draw(_MSSANTE)))), at=used)
    if draw(st.booleans()):
        session.end(at=used, reason=draw(st.sampled_from(("logged out", "password changed"))))
    return session


def sessions(
    account: EmailAddress | None = None, on: dt.date | None = None
) -> st.SearchStrategy[Session]:
    """Sessions of ``account`` (any when not given) opened on ``on`` on its own or an
    organisational mailbox, with idle and absolute limits, used once within five
    minutes, some switched to another mailbox, some ended. Only a token's digest is
    kept, as the domain does."""
    return _session(account, _day(on))


# -- the audit trail -------------------------------------------------------------------------


#: JSON data as details carry it: no lone surrogate (UTF-8 must encode every payload).
_JSON_TEXT: Final = st.text(st.characters(codec="utf-8"), max_size=20)
_JSON: Final = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | _JSON_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_JSON_TEXT, inner, max_size=3),
    max_leaves=8,
)
_ACTIONS: Final = (
    "register_mailbox",
    "finish_registration",
    "approve_account",
    "reject_account",
    "log_in",
    "switch_mailbox",
    "grant_member",
    "suspend_member",
    "revoke_member",
    "review_member",
    "hand_over",
    "change_red_list",
    "send_message",
    "receive_message",
    "send_expiry_reminders",
)
_REASONS: Final = (
    "access.not_member",
    "access.missing_capability",
    "access.mailbox_state",
    "delegation.exceeds_grantor",
    "credentials.invalid",
    "session.expired",
)


@st.composite
def _audit_record(draw: st.DrawFn, mailbox: str | None, on: dt.date) -> AuditRecord:
    kind = draw(st.sampled_from(("password", "session", "host", "system")))
    if kind == "system":
        job = draw(st.sampled_from(("mail-transport", "scheduler", "operator-console")))
        actor, auth = f"system:{job}", f"system:{job}"
    else:
        actor = str(draw(_any_address()))
        via = {"password": "", "session": f":{draw(_HEX16)}", "host": ":carte-cps"}[kind]
        auth = kind + via
    allowed = draw(st.booleans())
    return AuditRecord(
        at=draw(_moments(on)),
        actor=actor,
        auth=auth,
        action=draw(st.sampled_from(_ACTIONS)),
        allowed=allowed,
        mailbox=mailbox if mailbox is not None else draw(st.none() | _MSSANTE.map(str)),
        account=draw(st.none() | _any_address().map(str)),
        reasons=() if allowed else draw(st.lists(st.sampled_from(_REASONS), min_size=1)),
        details=draw(st.dictionaries(_JSON_TEXT, _JSON, max_size=4)),
        mentions=draw(st.lists(_MSSANTE.map(str), max_size=2, unique=True)),
    )


def audit_records(
    mailbox: EmailAddress | None = None, on: dt.date | None = None
) -> st.SearchStrategy[AuditRecord]:
    """Audit records of ``on``: a nominative actor authenticated by password, session or
    the host's sign-on, or one of the operator's jobs; an action allowed, or refused
    with reasons' codes; about ``mailbox`` when given (else some mailbox or none, the
    record then going to an account's chain); JSON details; mentions."""
    return _audit_record(None if mailbox is None else str(mailbox), _day(on))


@st.composite
def _audit_chain(
    draw: st.DrawFn, mailbox: str, on: dt.date, min_size: int, max_size: int
) -> list[AuditEntry]:
    records = draw(st.lists(_audit_record(mailbox, on), min_size=min_size, max_size=max_size))
    entries: list[AuditEntry] = []
    for record in sorted(records, key=lambda r: r.at):
        entries.append(chain(entries[-1] if entries else None, record))
    return entries


def audit_chains(
    mailbox: EmailAddress | None = None,
    on: dt.date | None = None,
    *,
    min_size: int = 1,
    max_size: int = 8,
) -> st.SearchStrategy[list[AuditEntry]]:
    """Whole chains of one mailbox's trail (``mailbox``, else one drawn): ``min_size`` to
    ``max_size`` entries in time order, numbered and linked from
    :data:`~balorg.domain.audit.GENESIS`, as :func:`~balorg.domain.audit.chain` makes them."""
    if not 1 <= min_size <= max_size:
        raise InvalidArgument(
            f"min_size={min_size!r}, max_size={max_size!r}: a chain has at least one entry"
        )
    if mailbox is None:
        return _MSSANTE.flatmap(lambda m: _audit_chain(str(m), _day(on), min_size, max_size))
    return _audit_chain(str(mailbox), _day(on), min_size, max_size)


# -- directory entries, changes and notices -----------------------------------------------------


@st.composite
def _mailbox_entry(
    draw: st.DrawFn, address: EmailAddress | None, structure: IdNatStruct | None
) -> MailboxEntry:
    return MailboxEntry(
        address=address if address is not None else draw(_MSSANTE),
        structure=structure if structure is not None else draw(_IDNAT_STRUCT),
        description=draw(st.none() | _sentences()),
        service=draw(st.none() | _sentences(4)),
        responsible_contact=draw(st.none() | _sentences(6)),
        red_listed=draw(st.booleans()),
        rank=draw(_RANKS),
    )


def mailbox_entries(
    address: EmailAddress | None = None, structure: IdNatStruct | None = None
) -> st.SearchStrategy[MailboxEntry]:
    """What a directory shows of an organisational mailbox (``address`` on ``structure``
    when given): description, service and responsible contact each present or not, the
    red-list flag, a rank or none."""
    return _mailbox_entry(address, structure)


def _replacements() -> st.SearchStrategy[Replace]:
    texts = st.none() | _sentences(4)
    return st.one_of(
        st.builds(Replace, field=st.just(EntryField.RED_LIST), value=st.booleans()),
        st.builds(Replace, field=st.just(EntryField.RANK), value=_RANKS),
        st.builds(
            Replace,
            field=st.sampled_from(
                (EntryField.DESCRIPTION, EntryField.SERVICE, EntryField.RESPONSIBLE)
            ),
            value=texts,
        ),
    )


@st.composite
def _directory_change(draw: st.DrawFn, directory: DirectoryKind | None) -> DirectoryChange:
    address, carrier = draw(_MSSANTE), draw(_IDNAT_STRUCT)
    operation = st.one_of(
        _mailbox_entry(address, carrier).map(lambda entry: Insert(entry=entry)),
        _REPLACEMENTS,
        st.just(Delete()),
    )
    return DirectoryChange(
        directory=directory if directory is not None else draw(st.sampled_from(DirectoryKind)),
        address=address,
        carrier=carrier,
        operations=draw(st.lists(operation, min_size=1, max_size=4)),
    )


def directory_changes(directory: DirectoryKind | None = None) -> st.SearchStrategy[DirectoryChange]:
    """Changes sent to ``directory`` (either when not given) about one mailbox: one to
    four operations, inserts of an entry of that mailbox on its carrier, replaces of one
    field with a value of the field's type, deletes. They need not apply to whatever a
    directory shows (a replace of an entry not shown is refused): see
    :func:`~balorg.domain.publication.apply_change`."""
    return _directory_change(directory)


def notices() -> st.SearchStrategy[Notice]:
    """Every kind of notice the library sends: new mail, the service centre's decision,
    an expiry coming, grants to review."""
    at = _moments(_day(None))
    address = _any_address()
    mailbox = _MSSANTE
    return st.one_of(
        st.builds(NewMailNotice, to=address, mailbox=mailbox, at=at),
        st.builds(
            ValidationNotice,
            to=address,
            account=address,
            approved=st.booleans(),
            at=at,
            reason=st.none() | _sentences(),
        ),
        st.builds(ExpiryNotice, to=address, mailbox=mailbox, account=address, expires_at=at, at=at),
        st.builds(
            ReviewNotice,
            to=address,
            mailbox=mailbox,
            grantor=address,
            count=st.integers(min_value=1, max_value=50),
            at=at,
        ),
    )


# Built once: strategies drawn inside composites are not rebuilt (and revalidated) per draw.
_SIRENS: Final = siren_numbers()
_FINESS_ANY: Final = finess_numbers(corsican=True)
_STRUCTURES: Final = structures()
_MSSANTE: Final = mssante_addresses()
_CAPABILITIES: Final = capabilities()
_IDNAT_PS: Final = idnat_ps()
_IDNAT_STRUCT: Final = idnat_struct()
_LIFETIMES: Final = st.none() | st.timedeltas(dt.timedelta(days=1), dt.timedelta(days=365))
_RANKS: Final = st.none() | st.integers(min_value=1, max_value=MAX_RANK)
_RARELY: Final = st.integers(min_value=0, max_value=4).map(lambda n: n == 0)
_HEX16: Final = st.text(alphabet="0123456789abcdef", min_size=16, max_size=16)
_REPLACEMENTS: Final = _replacements()
