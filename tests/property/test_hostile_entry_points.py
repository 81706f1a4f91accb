"""Every command of the runner under hostile input (issue 14).

For every command registered in :mod:`balorg.services.bus` (the set is checked against
the registry), on the in-memory store, on SQLite and (slow) on PostgreSQL, Hypothesis
draws a fresh world and an example where some of the arguments, or the actor, are
hostile (:mod:`tests.property.hostile_values`, :mod:`tests.property.hostile_commands`),
runs it through :func:`balorg.services.run`, and checks that:

- it succeeds, or is refused with a :class:`~balorg.domain.errors.DomainRefusal` whose
  every problem has a code of the catalogue, a French and an English message that show
  no refused character, and a field path (always for a value refused; a refusal for a
  state, such as ``mailbox.closed``, may name no field: those codes are listed by the
  last test); exactly one audit entry is added, for the command's action, saying
  allowed or refused with those reason codes, in order;
- or a value of the wrong *type* for a typed argument (an address that is not an
  :class:`~balorg.domain.addresses.EmailAddress`, a password that is not a
  :class:`~balorg.ports.credentials.Password`, a registration, a professional or an
  IdNat PS that is none, an actor that is none) is a :class:`TypeError` at once, before
  anything is written (an actor's sign-on or job name of the wrong shape is its
  constructor's ``ValueError``); an address typed as text is parsed by
  ``EmailAddress.from_string``, which answers an address or a coded
  :class:`~balorg.domain.addresses.InvalidEmail` (and the text is then passed on as a
  careless host would);
- never any other exception; and afterwards everything reads back
  (:func:`tests.property.hostile_world.read_back`): the trail verifies, every aggregate
  survives the serializer's round trip, the public read functions answer, and no text in
  the store holds a refused character or is huge.

The number of hostile inputs tried per entry point and adapter is printed by the last
test of the module (``pytest -rA``) and written to ``hostile-counts.json`` in pytest's
temporary folder. ``BALORG_HOSTILE_EXAMPLES`` sets the examples per entry point and
adapter (default: 50 in memory, 40 on SQLite, 15 on PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from tests.property import hostile_values as hv
from tests.property.hostile_commands import (
    DRIVERS,
    TYPED,
    Later,
    Parse,
    good_actors,
    hostile_actors,
)
from tests.property.hostile_world import (
    ALICE,
    PATHLESS,
    Adapter,
    Memory,
    Postgres,
    Sqlite,
    World,
    problem_faults,
    read_back,
)
from tests.unit.services.support import Trail

from balorg.domain.actors import HostAssertion, SessionToken, SystemActor
from balorg.domain.addresses import EmailAddress, InvalidEmail
from balorg.domain.errors import DomainRefusal
from balorg.domain.identifiers.identification import identify
from balorg.services import (
    PasswordLogin,
    SignUp,
    change_description,
    grant_member,
    list_members,
    read_mailbox,
    run,
    suspend_member,
)
from balorg.services.bus import Command, commands

ACTORS = (SessionToken, HostAssertion, SystemActor, PasswordLogin, SignUp)
ADAPTERS = [
    "memory",
    "sqlite",
    pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.slow]),
]
_DEFAULT_EXAMPLES = {"memory": 50, "sqlite": 40, "postgres": 15}

#: (command, adapter) -> hostile inputs tried; (command, adapter, outcome) -> how many.
TRIED: Counter[tuple[str, str]] = Counter()
OUTCOMES: Counter[tuple[str, str, str]] = Counter()


#: ``BALORG_HOSTILE_SHRINK=0`` reports a failing example as found, unshrunk (faster).
_PHASES = (
    (Phase.explicit, Phase.reuse, Phase.generate)
    if os.environ.get("BALORG_HOSTILE_SHRINK") == "0"
    else tuple(Phase)
)


def _examples(adapter: str) -> int:
    given_count = os.environ.get("BALORG_HOSTILE_EXAMPLES")
    return int(given_count) if given_count else _DEFAULT_EXAMPLES[adapter]


# -- adapters -------------------------------------------------------------------------------------


def _pg_cluster() -> ModuleType:
    """tests/integration/pg_cluster.py, imported once per process (shared with the others)."""
    key = "balorg_integration_pg_cluster"
    if key not in sys.modules:
        path = Path(__file__).resolve().parents[1] / "integration" / "pg_cluster.py"
        spec = importlib.util.spec_from_file_location(key, path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


@pytest.fixture(scope="module", params=ADAPTERS)
def adapter(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Adapter]:
    if request.param == "memory":
        yield Memory()
    elif request.param == "sqlite":
        made = Sqlite(tmp_path_factory.mktemp("hostile-sqlite"))
        yield made
        made.close()
    else:
        pg_cluster = _pg_cluster()
        cluster = pg_cluster.acquire()
        try:
            on_postgres = Postgres(cluster)
            yield on_postgres
            on_postgres.close()
        finally:
            pg_cluster.release()


# -- one example ----------------------------------------------------------------------------------


def _resolve(value: object) -> object:
    """An address typed as text, parsed: the address, or (refused with a coded error)
    the text itself, as a careless host would pass it on."""
    if not isinstance(value, Parse):
        return value
    try:
        return EmailAddress.from_string(value.text)
    except InvalidEmail as error:
        refused = error
    assert refused.code.startswith("email."), refused.code
    for lang in ("fr", "en"):
        assert refused.message(lang) != refused.code  # type: ignore[arg-type]
    OUTCOMES[("EmailAddress.from_string", "-", refused.code)] += 1
    return value.text


def _play(adapter: Adapter, kind: type[Command[Any]], data: st.DataObject) -> None:
    world = adapter.fresh()
    try:
        _play_in(world, adapter.name, kind, data)
    finally:
        adapter.done(world)


def _play_in(world: World, adapter: str, kind: type[Command[Any]], data: st.DataObject) -> None:
    driver = DRIVERS[kind]
    fields = [*driver.args, "<actor>"]
    hostile = data.draw(st.sets(st.sampled_from(fields), max_size=min(3, len(fields))), "hostile")
    values: dict[str, Any] = {}
    for field, arg in driver.args.items():
        strategy = arg.bad(world) if field in hostile else arg.good(world)
        values[field] = _resolve(data.draw(strategy, field))
    actors = hostile_actors(world) if "<actor>" in hostile else good_actors(world, kind)
    later: Later = data.draw(actors, "actor")
    trail = Trail(world.ports)

    typed = any(DRIVERS[kind].args[f].bad in TYPED for f in hostile if f != "<actor>")
    outcome = _outcome(world, kind, later, values, trail, typed=typed)
    TRIED[(kind.__name__, adapter)] += 1
    OUTCOMES[(kind.__name__, adapter, outcome)] += 1
    read_back(world, _concerned(values))


def _concerned(values: dict[str, Any]) -> set[EmailAddress]:
    return {v for v in values.values() if type(v) is EmailAddress}


def _refused_at_once(error: Exception) -> bool:
    """A typed value's constructor refused what it was given: a TypeError (attrs'
    ``instance_of``, :func:`balorg.services.checks.address`), or the ValueError of a
    sign-on or job name of the wrong shape (attrs' ``matches_re``), or of a huge integer
    such a message tried to show."""
    if isinstance(error, TypeError):
        return True
    text = str(error)
    return isinstance(error, ValueError) and (
        "must match regex" in text or "integer string conversion" in text
    )


def _outcome(
    world: World,
    kind: type[Command[Any]],
    later: Later,
    values: dict[str, Any],
    trail: Trail,
    *,
    typed: bool,
) -> str:
    try:
        actor = later.build()
    except (TypeError, ValueError) as error:
        if not _refused_at_once(error):
            raise
        return _at_once(trail, f"{type(error).__name__} at once (actor)")
    try:
        command = kind(**values)
    except (TypeError, ValueError) as error:
        if not (typed and _refused_at_once(error)):
            raise
        return _at_once(trail, f"{type(error).__name__} at once (typed argument)")
    try:
        run(world.ports, actor, command)
    except DomainRefusal as refusal:
        problems = refusal.problems
        assert problems
        faults = [f for p in problems for f in problem_faults(p)]
        assert not faults, faults
        entry = trail.one()
        assert (entry.action, entry.allowed) == (kind.action, False)
        assert entry.reasons == tuple(p.code for p in problems)
        return "refused: " + ",".join(sorted({p.code for p in problems}))
    except TypeError:
        if isinstance(actor, ACTORS):
            raise
        return _at_once(trail, "TypeError at once (not an actor)")
    entry = trail.one()
    assert (entry.action, entry.allowed, entry.reasons) == (kind.action, True, ())
    return "allowed"


def _at_once(trail: Trail, outcome: str) -> str:
    assert trail.new() == [], "a value refused at once left an audit entry"
    return outcome


# -- the suite ------------------------------------------------------------------------------------


def test_the_drivers_cover_every_command_of_the_runner_and_every_field() -> None:
    assert set(DRIVERS) == commands()
    for kind, driver in DRIVERS.items():
        fields = {f.name for f in attrs.fields(kind)}
        assert set(driver.args) == fields, kind.__name__


COMMANDS = sorted(commands(), key=lambda k: k.__name__)


@pytest.mark.parametrize("kind", COMMANDS, ids=[k.__name__ for k in COMMANDS])
def test_hostile_input_is_a_coded_audited_refusal_never_a_crash(
    adapter: Adapter, kind: type[Command[Any]]
) -> None:
    @settings(
        max_examples=_examples(adapter.name),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        phases=_PHASES,
    )
    @given(data=st.data())
    def example(data: st.DataObject) -> None:
        _play(adapter, kind, data)

    example()


# -- the four cases of the issue ------------------------------------------------------------------


@pytest.mark.parametrize(
    "reason",
    ["départ\ud800", "dé\x00part", "départ\x1b[31m", "dé\x85part", "x" * 1_000_000],
    ids=["lone_surrogate", "nul", "escape", "c1_control", "one_megabyte"],
)
def test_a_hostile_suspension_reason_is_a_coded_audited_refusal(
    adapter: Adapter, reason: str
) -> None:
    world = adapter.fresh()
    try:
        trail = Trail(world.ports)
        with pytest.raises(DomainRefusal) as refusal:
            suspend_member(world.ports, world.claire, world.pharmacy, account=ALICE, reason=reason)
        codes = tuple(p.code for p in refusal.value.problems)
        assert codes in {("field.invalid_characters",), ("field.too_long",)}
        assert [p.path for p in refusal.value.problems] == ["reason"]
        entry = trail.one()
        assert (entry.action, entry.allowed, entry.reasons) == ("suspend_member", False, codes)
        read_back(world, {ALICE})
    finally:
        adapter.done(world)


@pytest.mark.parametrize(
    ("values", "code", "path"),
    [
        (
            {"capabilities": ["read", "superuser"]},
            "delegation.unknown_capability",
            "capabilities.1",
        ),
        ({"capabilities": ["\u202eread"]}, "delegation.unknown_capability", "capabilities.0"),
        ({"expires_at": dt.datetime(2026, 6, 1, 9, 0)}, "field.naive_datetime", "expires_at"),
    ],
    ids=["unknown_capability", "bidi_capability", "naive_expiry"],
)
def test_a_bad_grant_is_a_coded_audited_refusal_not_a_value_error(
    adapter: Adapter, values: dict[str, Any], code: str, path: str
) -> None:
    world = adapter.fresh()
    try:
        trail = Trail(world.ports)
        with pytest.raises(DomainRefusal) as refusal:
            grant_member(world.ports, world.claire, world.pharmacy, account=ALICE, **values)
        assert [(p.code, p.path) for p in refusal.value.problems] == [(code, path)]
        assert not [f for p in refusal.value.problems for f in problem_faults(p)]
        entry = trail.one()
        assert (entry.action, entry.allowed, entry.reasons) == ("grant_member", False, (code,))
        read_back(world, {ALICE})
    finally:
        adapter.done(world)


@pytest.mark.parametrize(
    "text",
    [
        "10jean.dupont\x00@hopital.mssante.fr",
        "10jean.dupont\ud800@hopital.mssante.fr",
        "10jean.dupont\u202e@hopital.mssante.fr",
        "10jean.dupont@hopital.mssante.fr\u202e",
        "10jean.d\u043epont@hopital.mssante.fr",  # a Cyrillic о
        "10ｊｅａｎ@hopital.mssante.fr",  # full-width letters
        "10jean.dupont@h\u043epital.mssante.fr",
    ],
    ids=["nul", "lone_surrogate", "rlo", "rlo_at_the_end", "homoglyph", "full_width", "domain"],
)
def test_an_idnat_10_with_a_hostile_address_is_not_valid(text: str) -> None:
    readings = identify(text)
    assert readings
    assert not readings[0].valid
    assert all(not r.valid for r in readings if r.kind == "IdNat PS")
    error = readings[0].error
    assert error is not None
    assert error.code.startswith("email."), error.code
    for lang in ("fr", "en"):
        message = error.message(lang)  # type: ignore[arg-type]
        assert message != error.code
        assert not any(c in message for c in "\x00\ud800\u202e")
    assert identify("10jean.dupont@hopital.mssante.fr")[0].valid


@pytest.mark.parametrize(
    ("call", "code", "path"),
    [
        (
            lambda w: change_description(
                w.ports, w.claire, w.pharmacy, description=hv.LyingStr("\x00\u202eevil")
            ),
            "field.invalid_characters",
            "description",
        ),
        (
            lambda w: list_members(w.ports, w.claire, w.pharmacy, limit=10**5000),
            "field.out_of_range",
            "limit",
        ),
        (
            lambda w: list_members(w.ports, w.claire, w.pharmacy, limit=hv.LyingInt(10**30)),
            "field.out_of_range",
            "limit",
        ),
        (
            lambda w: read_mailbox(w.ports, w.alice, limit=hv.LyingInt(-5)),
            "field.out_of_range",
            "limit",
        ),
        (
            lambda w: grant_member(
                w.ports, w.claire, w.pharmacy, account=ALICE, capabilities=[hv.deep_list(100_000)]
            ),
            "delegation.unknown_capability",
            "capabilities.0",
        ),
        (
            lambda w: change_description(
                w.ports, w.claire, w.pharmacy, description=hv.deep_dict(100_000)
            ),
            "form.wrong_type",
            "description",
        ),
    ],
    ids=["lying_str", "huge_int", "lying_huge_int", "lying_negative_int", "deep_list", "deep_dict"],
)
def test_lying_huge_or_deep_values_are_a_coded_audited_refusal(
    adapter: Adapter, call: Any, code: str, path: str
) -> None:
    world = adapter.fresh()
    try:
        trail = Trail(world.ports)
        with pytest.raises(DomainRefusal) as refusal:
            call(world)
        assert [(p.code, p.path) for p in refusal.value.problems] == [(code, path)]
        entry = trail.one()
        assert (entry.allowed, entry.reasons) == (False, (code,))
        read_back(world, set())
    finally:
        adapter.done(world)


# -- the counts (keep last) -----------------------------------------------------------------------


def test_zz_report_how_many_hostile_inputs_were_tried(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Print, and write to ``hostile-counts.json``, the inputs tried per entry point and
    adapter and what became of them (visible with ``pytest -rA``)."""
    adapters = sorted({a for _, a in TRIED})
    lines = [f"hostile inputs tried per entry point ({', '.join(adapters)}):"]
    for kind in COMMANDS:
        counts = [TRIED[(kind.__name__, a)] for a in adapters]
        lines.append(
            f"  {kind.action:<24} {kind.__name__:<22} " + " ".join(f"{c:>5}" for c in counts)
        )
    lines.append(
        f"  {'total':<47} "
        + " ".join(f"{sum(TRIED[(k.__name__, a)] for k in COMMANDS):>5}" for a in adapters)
    )
    kinds: Counter[str] = Counter()
    for (command, _, outcome), count in OUTCOMES.items():
        if command != "EmailAddress.from_string":
            kinds[outcome.split(":")[0].split(" (")[0]] += count
    lines.append(f"  outcomes: {dict(sorted(kinds.items()))}")
    lines.append(f"  refusals naming no field (states): {', '.join(sorted(PATHLESS))}")
    report = "\n".join(lines)
    print(report)
    path = tmp_path_factory.getbasetemp() / "hostile-counts.json"
    path.write_text(
        json.dumps(
            {
                "tried": {f"{c}/{a}": n for (c, a), n in sorted(TRIED.items())},
                "outcomes": {f"{c}/{a}/{o}": n for (c, a, o), n in sorted(OUTCOMES.items())},
                "refusals naming no field": dict(sorted(PATHLESS.items())),
            },
            indent=1,
            ensure_ascii=True,
        )
    )
    print(f"written to {path}")
