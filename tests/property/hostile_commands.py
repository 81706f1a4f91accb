"""How to drive each command of the runner with good and hostile values (issue 14).

:data:`DRIVERS` has one :class:`Driver` per command registered in
:mod:`balorg.services.bus`: the actors that may run it in the world of
:mod:`tests.property.hostile_world`, and, for every field of the command, a strategy of
good values and one of hostile values. A test checks that the drivers cover the registry
and every field of every command, so that a new command or argument cannot be forgotten.

Values that must be built when used (an actor whose constructor refuses what it is
given, an address parsed from text) come as :class:`Later` and :class:`Parse` markers,
resolved by the test where a failure is one of its outcomes.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import attrs
from attrs import frozen
from hypothesis import strategies as st
from tests.property import hostile_values as hv
from tests.property.hostile_world import (
    AGENT2,
    ALICE,
    BOB,
    CLAIRE,
    CLAIRE2,
    CLAIRE3,
    DAN,
    EVE,
    FAY,
    GUS,
    World,
)
from tests.unit.services.support import CORRESPONDENT

from balorg.domain.actors import HostAssertion, Principal, SessionToken, SystemActor
from balorg.domain.addresses import EmailAddress
from balorg.domain.capabilities import Capability
from balorg.domain.identifiers import parse_ps
from balorg.domain.mailbox import MAX_RANK, DirectoryLabel, RedList
from balorg.domain.professions.catalogue import by_code
from balorg.ports.credentials import Password
from balorg.services import (
    UNCHANGED,
    ApproveAccount,
    AttachExistingAccount,
    CancelEnrolment,
    ChangeDescription,
    ChangeDirectoryEntry,
    ChangePassword,
    ChangeRedList,
    CloseMailbox,
    ConfirmEnrolment,
    CreateMemberAccount,
    EndSession,
    EnrolAgent,
    FinishRegistration,
    GrantMember,
    HandOver,
    ListMembers,
    ListPendingAccounts,
    LogIn,
    PasswordLogin,
    ReadAccountTrail,
    ReadAuditTrail,
    ReadMailbox,
    ReceiveMessage,
    RegisterMailbox,
    RejectAccount,
    ResumeMailbox,
    ResumeMember,
    ReviewMember,
    RevokeMember,
    SendExpiryReminders,
    SendMessage,
    SetDefaultMailbox,
    SetNotices,
    ShowMailbox,
    SignUp,
    StartSession,
    SuspendMailbox,
    SuspendMember,
    SwitchMailbox,
)
from balorg.services.paging import encode_cursor
from balorg.testing.examples import T0, example_address, example_professional
from balorg.testing.scenarios import (
    AGENT,
    CONSOLE,
    TRANSPORT,
    example_registration,
    password_of,
)

__all__ = ["DRIVERS", "TYPED", "Arg", "Driver", "Later", "Parse", "good_actors", "hostile_actors"]


@frozen
class Later:
    """A value built when the example runs (its constructor may refuse)."""

    build: Callable[[], object]
    label: str

    def __repr__(self) -> str:
        return f"Later({self.label})"


@frozen
class Parse:
    """An address typed as text: parsed by ``EmailAddress.from_string`` when used."""

    text: object


def shown(value: object) -> str:
    """A short ``repr`` that never fails (deep lists, huge integers...)."""
    try:
        return repr(value)[:60]
    except Exception:
        return f"<{type(value).__name__}>"


def _later(kind: Callable[..., object], *args: Any, **kwargs: Any) -> Later:
    parts = [*(shown(a) for a in args), *(f"{k}={shown(v)}" for k, v in kwargs.items())]
    return Later(functools.partial(kind, *args, **kwargs), f"{kind.__name__}({', '.join(parts)})")


def _ready(value: object) -> Later:
    return Later(lambda: value, shown(value))


Strategy = Callable[[World], st.SearchStrategy[Any]]


@frozen
class Arg:
    """One field of a command: good values in the world, hostile ones."""

    good: Strategy
    bad: Strategy


@frozen
class Driver:
    actors: Callable[[World], list[object]]
    args: dict[str, Arg] = attrs.field(factory=dict)


def _just(value: Callable[[World], object]) -> Strategy:
    return lambda w: st.just(value(w))


def _one_of(*values: object) -> Strategy:
    return lambda w: st.sampled_from(values)


# -- good values ----------------------------------------------------------------------------------

GOOD_TEXTS = (
    "Pharmacie du Centre",
    "départ en retraite",
    "  Congé maternité  ",
    "Service de pédiatrie",
    "Dr Martin, 04 67 00 00 00",
    "Ordonnances, résultats et comptes rendus",
    "e\u0301te\u0301",  # composed on the way in (NFC)
    "Рharmacie",  # a Cyrillic Р: look-alike letters are allowed in free text
    "x" * 500,
)
_good_text = _one_of(*GOOD_TEXTS)
_good_reference: Strategy = lambda w: st.builds(  # noqa: E731
    lambda n: f"<{n}@contract.mssante.fr>", st.integers(0, 10**6)
)


def _good_moments(w: World) -> st.SearchStrategy[object]:
    offsets = st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=2))])
    later = st.builds(
        lambda days, tz: (w.now + dt.timedelta(days=days)).astimezone(tz),
        st.integers(1, 365),
        offsets,
    )
    return st.one_of(st.none(), later)


def _good_capabilities(w: World) -> st.SearchStrategy[object]:
    names = st.sets(st.sampled_from([c.value for c in Capability]), min_size=1)
    return st.one_of(
        st.none(),
        names.map(sorted),
        names.map(lambda xs: frozenset(Capability(x) for x in xs)),
        names.map(lambda xs: (x for x in sorted(xs))),
    )


def _good_cursor(listing: str, key: object) -> Strategy:
    return lambda w: st.sampled_from([None, encode_cursor(listing, key)])


_limit: Strategy = lambda w: st.integers(1, 1000)  # noqa: E731
_bool: Strategy = lambda w: st.booleans()  # noqa: E731
_optional_bool: Strategy = lambda w: st.sampled_from([None, True, False])  # noqa: E731


# -- hostile values -------------------------------------------------------------------------------


def _per_world(
    make: Callable[[World], st.SearchStrategy[object]],
) -> Callable[[World], st.SearchStrategy[object]]:
    """``make``, built once per world shape (worlds differ only by their tokens, which
    these strategies do not use)."""
    made: dict[tuple[object, ...], st.SearchStrategy[object]] = {}

    def cached(w: World) -> st.SearchStrategy[object]:
        key = (w.pharmacy, w.other, w.ports.settings.system_address)
        if key not in made:
            made[key] = make(w)
        return made[key]

    return cached


_MOMENT_TEXTS = [
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+23:59",
    "2026-03-02T09:00:00",
    "2026-03-02T09:00:00+00:00",
    "not a date",
]


def _forged(listing: str) -> Callable[[], st.SearchStrategy[str]]:
    """Well-encoded cursors of ``listing`` (or another) carrying hostile keys."""
    texts = st.one_of(
        st.sampled_from(["\ud800", "\x00", "\u202e", "x" * 400, "x" * 401, "", " "]),
        hv.bad_texts(),
    )
    keys = st.one_of(
        texts,
        st.sampled_from([10**30, -1, 2**62, 2**63, 0, None, True, 1.5, float("nan")]),
        st.builds(list),
        st.builds(lambda: {"a": 1}),
        st.builds(hv.deep_list, st.sampled_from([10, 200])),
        st.tuples(st.sampled_from(_MOMENT_TEXTS), texts).map(list),
        st.tuples(st.sampled_from(_MOMENT_TEXTS), texts, st.integers()).map(list),
        st.tuples(
            st.sampled_from(_MOMENT_TEXTS), st.sampled_from(["mailbox:x", "\ud800"]), st.integers()
        ).map(list),
    )
    names = st.sampled_from([listing, "members", "messages", "pending", "audit", "\ud800"])
    return lambda: st.builds(encode_cursor, names, keys)


_CURSORS = {
    listing: hv.cursor_texts(_forged(listing))
    for listing in ("members", "messages", "pending", "audit")
}


def _cursor(listing: str) -> Strategy:
    return lambda w: _CURSORS[listing]


_texts: Strategy = lambda w: hv.texts()  # noqa: E731
_optional_texts: Strategy = lambda w: hv.texts(required=False)  # noqa: E731
_numbers: Strategy = lambda w: hv.whole_numbers()  # noqa: E731
_optional_numbers: Strategy = lambda w: hv.whole_numbers(required=False)  # noqa: E731
_booleans: Strategy = lambda w: hv.booleans()  # noqa: E731
_optional_booleans: Strategy = lambda w: hv.booleans(required=False)  # noqa: E731
_moments: Strategy = lambda w: hv.datetimes()  # noqa: E731
_capabilities: Strategy = lambda w: hv.capabilities()  # noqa: E731


def _with_bad_character(address: str) -> st.SearchStrategy[str]:
    return st.builds(
        lambda char, where: address[:where] + char + address[where:],
        st.one_of(hv.BAD_CHARACTERS, hv.HOMOGLYPHS, st.sampled_from([" ", "@", "\\", '"'])),
        st.integers(0, len(address)),
    )


def address_texts() -> st.SearchStrategy[object]:
    """Addresses typed as text, of every wrong shape (and some right ones)."""
    plain = str(CLAIRE)
    idnat = f"10{plain}"
    return st.one_of(
        st.sampled_from(
            [
                plain,
                plain.upper(),
                f"  {plain}\n",
                idnat,
                f"10 {plain}",
                f"8{plain}",
                "10",
                "810000000017",
                "pharmacie@",
                "@contract.mssante.fr",
                "a@b@contract.mssante.fr",
                "Claire <claire.martin1@contract.mssante.fr>",
                '"claire martin"@contract.mssante.fr',
                "claire@[127.0.0.1]",
                "claire@contract.mssante.fr.",
                "claire..martin@contract.mssante.fr",
                "x" * 64 + "@contract.mssante.fr",
                "x" * 65 + "@contract.mssante.fr",
                "a@" + ".".join(["x" * 63] * 4) + ".fr",
                "x" * 2000 + "@contract.mssante.fr",
                "clé@hôpital.mssante.fr",
                "pharmacie@xn--hpital-dva.mssante.fr",
                "ｃｌａｉｒｅ@contract.mssante.fr",
                "сlaire@contract.mssante.fr",
                "claire@interop-mssante.apicrypt.org",
                "",
                " ",
            ]
        ),
        _with_bad_character(plain),
        _with_bad_character(idnat),
        st.builds(hv.LyingStr, st.sampled_from([plain, f"{plain}\x00", "\ud800@x.fr"])),
        st.emails().map(str),
        st.text(max_size=40),
    )


@_per_world
def _addresses(w: World) -> st.SearchStrategy[object]:
    """Hostile values for an address argument: addresses that exist but are the wrong
    thing, addresses typed as text, and values that are no address at all."""
    known = st.sampled_from(
        [
            w.pharmacy,
            w.other,
            ALICE,
            BOB,
            CLAIRE,
            CLAIRE2,
            CLAIRE3,
            DAN,
            EVE,
            FAY,
            GUS,
            AGENT,
            AGENT2,
            CORRESPONDENT,
            w.ports.settings.system_address,
            example_address("inconnu"),
            EmailAddress("pharmacie@autre.mssante.fr"),
            EmailAddress("pharmacie1@outlook.fr"),
            EmailAddress(f"10{CLAIRE}"),
            EmailAddress(f"10{w.pharmacy}"),
            EmailAddress("x@interop-mssante.apicrypt.org"),
            EmailAddress("Pharmacie@CONTRACT.MSSANTE.FR"),
            EmailAddress("clé@hôpital.mssante.fr"),
            EmailAddress("x" * 64 + "@contract.mssante.fr"),
        ]
    )
    not_addresses = hv.choice(
        st.sampled_from([str(w.pharmacy), str(CLAIRE).upper(), f"10{CLAIRE}", b"x@y.fr"]),
        hv.wrong_types(),
    )
    # Weighted towards addresses, which reach the handlers; a value of the wrong type
    # goes no further than the command's constructor.
    parsed = st.builds(Parse, address_texts())
    return hv.choice((3, known), (2, parsed), not_addresses)


def _optional_addresses(w: World) -> st.SearchStrategy[object]:
    return _addresses(w)


@_per_world
def _passwords(w: World) -> st.SearchStrategy[object]:
    wrapped = st.builds(Password, hv.password_texts())
    not_passwords = hv.choice(
        st.sampled_from(["mot de passe de alice.bernard", b"secret", None, 0]),
        hv.wrong_types(),
    )
    return hv.choice(
        (2, wrapped),
        st.sampled_from(
            [
                password_of(CLAIRE),
                password_of(ALICE),
                Password(str(CLAIRE)),
                Password("motdepasse"),
                Password(""),
            ]
        ),
        not_passwords,
    )


def _optional_passwords(w: World) -> st.SearchStrategy[object]:
    return _passwords(w)


_IDNAT_10 = [f"10{GUS}", f"10{CLAIRE}", "10pharmacie@hopital.mssante.fr"]


@_per_world
def _idnats(w: World) -> st.SearchStrategy[object]:
    mssante = st.sampled_from([parse_ps(t) for t in _IDNAT_10])
    others = st.sampled_from(
        [example_professional(1).idnat, example_professional(2).idnat]  # somebody else's
    )
    not_idnats = hv.choice(
        st.sampled_from(["810000000017", _IDNAT_10[0], 810000000017]), hv.wrong_types()
    )
    return hv.choice((2, mssante), others, not_idnats)


@_per_world
def _professionals(w: World) -> st.SearchStrategy[object]:
    base = example_professional(2)
    return st.one_of(
        st.builds(lambda t: attrs.evolve(base, last_name=t), hv.texts()),
        st.builds(lambda t: attrs.evolve(base, first_name=t), hv.texts()),
        st.builds(lambda a: attrs.evolve(base, email=a), st.one_of(_addresses(w), st.none())),
        st.builds(
            lambda i: attrs.evolve(base, idnat=i),
            st.one_of(st.sampled_from([parse_ps(t) for t in _IDNAT_10]), hv.wrong_types()),
        ),
        st.builds(
            lambda p: attrs.evolve(base, profession=p),
            st.one_of(st.sampled_from([by_code("60"), by_code("93")]), hv.wrong_types()),
        ),
        st.sampled_from([example_professional(1), example_professional(3)]),
        st.builds(lambda: attrs.asdict(base)),
        hv.wrong_types(),
    )


@_per_world
def _registrations(w: World) -> st.SearchStrategy[object]:
    base = example_registration(3)

    def evolve(**changes: object) -> object:
        return attrs.evolve(base, **changes)

    return st.one_of(
        st.builds(lambda t: evolve(description=t), hv.texts()),
        st.builds(lambda t: evolve(service=t), hv.texts(required=False)),
        st.builds(lambda t: evolve(responsible_contact=t), hv.texts(required=False)),
        st.builds(lambda n: evolve(rank=n), hv.whole_numbers(required=False)),
        st.builds(
            lambda a, b: evolve(label=DirectoryLabel(last_name=a, first_name=b)),
            st.one_of(hv.texts(), st.just("Pharmacie")),
            st.one_of(hv.texts(), st.just("Du Centre")),
        ),
        st.builds(lambda b: evolve(red_list=RedList(national_directory=b)), hv.booleans()),
        st.builds(lambda b: evolve(red_list=RedList(operator_directory=b)), hv.booleans()),
        st.builds(lambda b: evolve(red_list=b), hv.wrong_types()),
        st.builds(lambda p: evolve(responsible=p), _professionals(w)),
        st.builds(lambda a: evolve(generic_email=a), _addresses(w)),
        st.builds(lambda d: evolve(checked_on=d), st.one_of(st.dates(), hv.wrong_types())),
        st.builds(lambda s: evolve(structure=s), hv.wrong_types()),
        st.sampled_from([example_registration(1), example_registration(2)]),
        st.builds(lambda: attrs.asdict(base)),
        hv.wrong_types(),
    )


# -- actors ---------------------------------------------------------------------------------------


def hostile_actors(w: World) -> st.SearchStrategy[Later]:
    """Actors that are not who may run the command, not authenticated, or no actor."""
    someone = st.sampled_from([CLAIRE, ALICE, GUS, BOB, w.pharmacy])
    actors = st.sampled_from(
        [
            _ready(w.claire),
            _ready(w.alice),
            _ready(w.claire2),
            _ready(w.eve),
            _ready(w.ended),
            _ready(w.agent),
            _ready(CONSOLE),
            _ready(TRANSPORT),
            _ready(HostAssertion(GUS, sign_on="psc")),
            _ready(HostAssertion(BOB, sign_on="psc")),
            _ready(HostAssertion(w.pharmacy, sign_on="psc")),
            _ready(HostAssertion(w.ports.settings.system_address, sign_on="psc")),
            _ready(PasswordLogin(CLAIRE, password_of(CLAIRE))),
            _ready(PasswordLogin(w.pharmacy, password_of(CLAIRE))),
            _ready(SignUp(CLAIRE3, password_of(CLAIRE3))),
            _ready(SignUp(CLAIRE, Password("pas le bon"))),
        ]
    )
    tokens = st.builds(
        lambda t: _later(SessionToken, t), st.one_of(hv.texts(), hv.password_texts())
    )
    passwords = st.builds(
        lambda a, t: _later(PasswordLogin, a, Password(t)), someone, hv.password_texts()
    )
    # Refused by their own constructors, or by the runner before any transaction.
    no_actors = hv.choice(
        st.sampled_from(
            [
                _ready(None),
                _ready(str(CLAIRE)),
                _ready(CLAIRE),
                _ready(Principal(CLAIRE, _method_host())),
                _ready({"account": str(CLAIRE)}),
            ]
        ),
        st.builds(lambda t: _later(HostAssertion, CLAIRE, sign_on=t), hv.texts()),
        st.builds(lambda a: _later(HostAssertion, a, sign_on="psc"), hv.wrong_types()),
        st.builds(lambda t: _later(SystemActor, t), hv.texts()),
        st.builds(lambda a, p: _later(SignUp, a, p), someone, hv.wrong_types()),
        st.builds(lambda a: _later(PasswordLogin, a, password_of(CLAIRE)), hv.wrong_types()),
    )
    return hv.choice((3, actors), tokens, passwords, no_actors)


def _method_host() -> Any:
    from balorg.domain.actors import AuthMethod  # noqa: PLC0415

    return AuthMethod.HOST


def _people(w: World) -> list[object]:
    return [w.claire, HostAssertion(CLAIRE, sign_on="pro-sante-connect")]


def _alice(w: World) -> list[object]:
    return [w.alice, HostAssertion(ALICE, sign_on="carte-cps")]


# -- the drivers ----------------------------------------------------------------------------------

_MAILBOX = Arg(_just(lambda w: w.pharmacy), _addresses)
_REASON = Arg(_good_text, _texts)
_OPTIONAL_REASON = Arg(lambda w: st.sampled_from([None, *GOOD_TEXTS]), _optional_texts)


def _account(address: EmailAddress) -> Arg:
    return Arg(_just(lambda w: address), _addresses)


def _grant_args() -> dict[str, Arg]:
    return {
        "capabilities": Arg(_good_capabilities, _capabilities),
        "expires_at": Arg(_good_moments, _moments),
    }


_TRAIL_ARGS = {
    "since": Arg(lambda w: st.sampled_from([None, T0, T0 - dt.timedelta(days=1)]), _moments),
    "until": Arg(lambda w: st.sampled_from([None, w.now + dt.timedelta(days=1)]), _moments),
    "after": Arg(_good_cursor("audit", [T0.isoformat(), "mailbox:x", 1]), _cursor("audit")),
    "limit": Arg(_limit, _numbers),
}

DRIVERS: dict[type[Any], Driver] = {
    ReadAuditTrail: Driver(
        _people,
        {
            "mailbox": _MAILBOX,
            "actor": Arg(_one_of(None, ALICE, CLAIRE), _optional_addresses),
            **_TRAIL_ARGS,
        },
    ),
    ReadAccountTrail: Driver(
        lambda w: [w.alice, w.agent],
        {"account": Arg(_one_of(ALICE, BOB, CLAIRE), _addresses), **_TRAIL_ARGS},
    ),
    ConfirmEnrolment: Driver(
        lambda w: [SystemActor("credential-enrolment")], {"account": _account(BOB)}
    ),
    CancelEnrolment: Driver(
        lambda w: [SystemActor("credential-enrolment"), w.agent], {"account": _account(BOB)}
    ),
    SendExpiryReminders: Driver(
        lambda w: [SystemActor("scheduler")], {"limit": Arg(_limit, _numbers)}
    ),
    SendMessage: Driver(
        _alice,
        {
            "recipient": Arg(_one_of(CORRESPONDENT, CLAIRE2), _addresses),
            "reference": Arg(_good_reference, _texts),
            "mailbox": Arg(lambda w: st.sampled_from([None, w.pharmacy]), _optional_addresses),
        },
    ),
    ReceiveMessage: Driver(
        lambda w: [TRANSPORT],
        {
            "mailbox": _MAILBOX,
            "sender": Arg(_one_of(CORRESPONDENT), _addresses),
            "reference": Arg(_good_reference, _texts),
        },
    ),
    ReadMailbox: Driver(
        _alice,
        {
            "mailbox": Arg(lambda w: st.sampled_from([None, w.pharmacy]), _optional_addresses),
            "after": Arg(_good_cursor("messages", 1), _cursor("messages")),
            "limit": Arg(_limit, _numbers),
        },
    ),
    ChangeRedList: Driver(
        _people,
        {
            "mailbox": _MAILBOX,
            "national_directory": Arg(_optional_bool, _optional_booleans),
            "operator_directory": Arg(_optional_bool, _optional_booleans),
        },
    ),
    ChangeDescription: Driver(
        _people, {"mailbox": _MAILBOX, "description": Arg(_good_text, _texts)}
    ),
    ChangeDirectoryEntry: Driver(
        _people,
        {
            "mailbox": _MAILBOX,
            "service": Arg(_one_of(UNCHANGED, None, *GOOD_TEXTS), _optional_texts),
            "contact": Arg(_one_of(UNCHANGED, None, *GOOD_TEXTS), _optional_texts),
            "rank": Arg(
                lambda w: st.one_of(st.sampled_from([UNCHANGED, None]), st.integers(1, MAX_RANK)),
                _optional_numbers,
            ),
        },
    ),
    SuspendMailbox: Driver(_people, {"mailbox": _MAILBOX, "reason": _REASON}),
    ResumeMailbox: Driver(_people, {"mailbox": _MAILBOX}),
    CloseMailbox: Driver(_people, {"mailbox": _MAILBOX, "reason": _REASON}),
    ShowMailbox: Driver(_people, {"mailbox": _MAILBOX}),
    LogIn: Driver(lambda w: [PasswordLogin(ALICE, password_of(ALICE))]),
    StartSession: Driver(lambda w: [HostAssertion(ALICE, sign_on="pro-sante-connect")]),
    SwitchMailbox: Driver(
        lambda w: [w.alice],
        {"mailbox": Arg(lambda w: st.sampled_from([w.pharmacy, ALICE]), _addresses)},
    ),
    EndSession: Driver(lambda w: [w.alice]),
    SetDefaultMailbox: Driver(
        _alice, {"mailbox": Arg(lambda w: st.sampled_from([w.pharmacy, ALICE]), _addresses)}
    ),
    SetNotices: Driver(_alice, {"mailbox": _MAILBOX, "enabled": Arg(_bool, _booleans)}),
    ChangePassword: Driver(
        lambda w: [w.alice],
        {
            "current": Arg(_just(lambda w: password_of(ALICE)), _passwords),
            "new": Arg(_just(lambda w: Password("un nouveau mot de passe bien long")), _passwords),
        },
    ),
    RegisterMailbox: Driver(
        lambda w: [SignUp(CLAIRE3, password_of(CLAIRE3))],
        {
            "registration": Arg(_just(lambda w: example_registration(3)), _registrations),
            "mailbox": Arg(_just(lambda w: example_address("pharmacie3")), _addresses),
            "password": Arg(_just(lambda w: password_of(CLAIRE3)), _optional_passwords),
            "first_name": Arg(_one_of(None, "Claire"), _optional_texts),
            "last_name": Arg(_one_of(None, "Martin"), _optional_texts),
        },
    ),
    AttachExistingAccount: Driver(
        _people,
        {
            "mailbox": _MAILBOX,
            "account": _account(CLAIRE2),
            "password": Arg(_just(lambda w: password_of(CLAIRE2)), _passwords),
            **_grant_args(),
        },
    ),
    CreateMemberAccount: Driver(
        _people,
        {
            "mailbox": _MAILBOX,
            "account": _account(GUS),
            "first_name": Arg(_one_of("Gus", "Gaëlle"), _texts),
            "last_name": Arg(_one_of("Nouveau", "Le Gall"), _texts),
            "password": Arg(_just(lambda w: password_of(GUS)), _passwords),
            **_grant_args(),
            "professional": Arg(
                lambda w: st.sampled_from([None, example_professional(4).idnat]), _idnats
            ),
        },
    ),
    FinishRegistration: Driver(_people, {"mailbox": _MAILBOX}),
    GrantMember: Driver(
        _people,
        {"mailbox": _MAILBOX, "account": Arg(_one_of(CLAIRE2, EVE), _addresses), **_grant_args()},
    ),
    SuspendMember: Driver(
        _people, {"mailbox": _MAILBOX, "account": _account(ALICE), "reason": _OPTIONAL_REASON}
    ),
    ResumeMember: Driver(_people, {"mailbox": _MAILBOX, "account": _account(ALICE)}),
    RevokeMember: Driver(
        _people, {"mailbox": _MAILBOX, "account": _account(ALICE), "reason": _REASON}
    ),
    ReviewMember: Driver(
        _people,
        {
            "mailbox": _MAILBOX,
            "account": _account(DAN),
            "keep": Arg(_bool, _booleans),
            "reason": Arg(_one_of(*GOOD_TEXTS), _optional_texts),
        },
    ),
    ListMembers: Driver(
        _people,
        {
            "mailbox": _MAILBOX,
            "after": Arg(_good_cursor("members", str(ALICE)), _cursor("members")),
            "limit": Arg(_limit, _numbers),
        },
    ),
    HandOver: Driver(
        _people,
        {
            "mailbox": _MAILBOX,
            "successor": Arg(_just(lambda w: example_professional(2)), _professionals),
            "successor_account": Arg(_one_of(None, CLAIRE2), _optional_addresses),
            "previous_keeps": Arg(
                lambda w: st.sampled_from([(), ["read"], frozenset({Capability.READ})]),
                _capabilities,
            ),
            "contact": Arg(_one_of(None, *GOOD_TEXTS), _optional_texts),
        },
    ),
    ListPendingAccounts: Driver(
        lambda w: [w.agent],
        {
            "after": Arg(_good_cursor("pending", [T0.isoformat(), str(BOB)]), _cursor("pending")),
            "limit": Arg(_limit, _numbers),
        },
    ),
    ApproveAccount: Driver(lambda w: [w.agent], {"account": _account(BOB)}),
    RejectAccount: Driver(lambda w: [w.agent], {"account": _account(BOB), "reason": _REASON}),
    EnrolAgent: Driver(
        lambda w: [CONSOLE],
        {
            "account": _account(AGENT2),
            "first_name": Arg(_one_of("Agent"), _texts),
            "last_name": Arg(_one_of("Second"), _texts),
            "password": Arg(_just(lambda w: password_of(AGENT2)), _passwords),
        },
    ),
}


#: Hostile values of typed arguments: a value of the wrong type is the command's
#: constructor's TypeError (any other argument is checked when the command runs).
TYPED: frozenset[Strategy] = frozenset(
    {_addresses, _optional_addresses, _passwords, _optional_passwords}
    | {_registrations, _professionals, _idnats}
)


def good_actors(w: World, command: type[Any]) -> st.SearchStrategy[Later]:
    return st.sampled_from([_ready(a) for a in DRIVERS[command].actors(w)])
