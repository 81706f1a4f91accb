"""Which register (RPPS, ADELI) identifies a profession, on a given date.

The rule is dated data (``data/registers.toml``): professions move from ADELI to
RPPS ("bascule ADELI → RPPS"), and after the move the old ADELI number is still
accepted, with a warning. Before a move only ADELI is accepted: those
professionals had no RPPS number yet, so one given for such a date is refused.
Professions without a rule (other TRE_G15 codes) are known but not eligible.

Where the day of a move is unknown, both registers are accepted with a warning
saying so (``register.date_unconfirmed``): within the month or year the source
gives, or at every date when it gives none (ostéopathes, chiropracteurs,
psychothérapeutes), rather than refusing a real professional. The data file
explains the rule and names the source of every date.

>>> from datetime import date
>>> from balorg.domain.professions.catalogue import lookup
>>> nurse = lookup("infirmier(e)")
>>> register_status(nurse, Register.ADELI, date(2020, 1, 1)).name
'ACCEPTED'
>>> register_status(nurse, Register.ADELI, date(2022, 1, 1)).name
'OBSOLETE'
>>> register_status(nurse, Register.RPPS, date(2020, 1, 1)).name
'REFUSED'
>>> [p.code for p in register_problems(lookup("médecin"), Register.ADELI, date(2024, 1, 1))]
['register.refused']
>>> register_status(lookup("ostéopathe"), Register.RPPS, date(2026, 11, 22)).name
'UNCONFIRMED'
>>> [w] = register_problems(lookup("orthophoniste"), Register.ADELI, date(2024, 3, 1))
>>> w.code, w.params["moved"], w.severity.name
('register.date_unconfirmed', '2024', 'WARNING')
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import itertools
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final, TypeGuard

from attrs import field, frozen

from balorg.domain.errors import Problem, Severity
from balorg.domain.professions._loading import ProfessionDataError, read_data
from balorg.domain.professions.catalogue import Profession, all_professions

__all__ = [
    "Register",
    "RegisterRule",
    "RegisterStatus",
    "RegisterTable",
    "eligible_professions",
    "is_eligible",
    "register_problems",
    "register_rule",
    "register_status",
    "register_table",
]

_FILE: Final = "registers.toml"


class Register(enum.Enum):
    """A national register of health professionals."""

    RPPS = "RPPS"
    ADELI = "ADELI"


class RegisterStatus(enum.Enum):
    """What a register is worth for a profession on a date."""

    ACCEPTED = "accepted"
    OBSOLETE = "obsolete"  # accepted, with a warning
    REFUSED = "refused"
    UNCONFIRMED = "unconfirmed"  # accepted, with a warning: the date of the move is unsure


def _registers(value: Iterable[Register]) -> frozenset[Register]:
    return frozenset(value)


@frozen(kw_only=True)
class RegisterRule:
    """The registers of one profession on one date.

    ``accepted`` includes the ``obsolete`` and ``unconfirmed`` ones; ``since`` is
    the first day of the period in force (``None``: no known start); ``moved`` is
    the date of the profession's move to RPPS as precisely as its source gives it
    (``"2021-10-28"``, ``"2017-10"``, ``"2024"``; ``None`` when unknown).
    """

    profession: Profession
    on: dt.date
    accepted: frozenset[Register] = field(default=frozenset(), converter=_registers)
    obsolete: frozenset[Register] = field(default=frozenset(), converter=_registers)
    preferred: Register | None = None
    since: dt.date | None = None
    unconfirmed: frozenset[Register] = field(default=frozenset(), converter=_registers)
    moved: str | None = None

    def __attrs_post_init__(self) -> None:
        if not self.obsolete <= self.accepted or not self.unconfirmed <= self.accepted:
            raise ValueError("obsolete and unconfirmed registers must be accepted ones")
        if self.obsolete & self.unconfirmed:
            raise ValueError("a register cannot be both obsolete and unconfirmed")
        current = self.accepted - self.obsolete
        valid = self.preferred in current if self.preferred is not None else not current
        if not valid:
            raise ValueError("preferred must be the accepted, non-obsolete register")

    @property
    def eligible(self) -> bool:
        """Whether any register identifies the profession: it may be responsible."""
        return bool(self.accepted)

    def status(self, register: Register) -> RegisterStatus:
        """Accepted, obsolete or unconfirmed (accepted with a warning), or refused."""
        if register not in self.accepted:
            return RegisterStatus.REFUSED
        if register in self.obsolete:
            return RegisterStatus.OBSOLETE
        if register in self.unconfirmed:
            return RegisterStatus.UNCONFIRMED
        return RegisterStatus.ACCEPTED


@frozen(kw_only=True)
class _Period:
    start: dt.date | None  # inclusive; None: since always
    end: dt.date | None  # exclusive; None: still in force
    accepted: frozenset[Register]
    obsolete: frozenset[Register]
    preferred: Register | None
    unconfirmed: frozenset[Register] = frozenset()

    def covers(self, on: dt.date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)


@frozen(kw_only=True)
class RegisterTable:
    """The checked content of a register data file."""

    version: str
    as_of: dt.date
    periods: Mapping[Profession, tuple[_Period, ...]] = field(hash=False)
    #: The date of each profession's move as its source gives it, and the source.
    moves: Mapping[Profession, str] = field(factory=dict, hash=False)
    sources: Mapping[Profession, str] = field(factory=dict, hash=False)

    def rule(self, profession: Profession, on: dt.date) -> RegisterRule:
        day = on.date() if isinstance(on, dt.datetime) else on
        for period in self.periods.get(profession, ()):
            if period.covers(day):
                return RegisterRule(
                    profession=profession,
                    on=day,
                    accepted=period.accepted,
                    obsolete=period.obsolete,
                    preferred=period.preferred,
                    since=period.start,
                    unconfirmed=period.unconfirmed,
                    moved=self.moves.get(profession),
                )
        return RegisterRule(profession=profession, on=day, moved=self.moves.get(profession))


@functools.cache
def register_table() -> RegisterTable:
    """The packaged table, loaded and checked once (ProfessionDataError if inconsistent)."""
    return parse_register_table(read_data(_FILE))


def parse_register_table(
    data: Mapping[str, Any],
    professions: tuple[Profession, ...] | None = None,
    file: str = _FILE,
) -> RegisterTable:
    """Check the parsed data file against the catalogue; raise ProfessionDataError."""
    known = {p.key: p for p in (all_professions() if professions is None else professions)}
    _only_keys(data, {"meta", "rule"}, file, "the file")
    meta = data.get("meta")
    if not isinstance(meta, dict):
        raise ProfessionDataError(file, "no [meta] table")
    version, as_of = meta.get("version"), meta.get("as_of")
    if not isinstance(version, str) or not _is_date(as_of):
        raise ProfessionDataError(file, "[meta] needs a version string and an as_of date")
    rules = data.get("rule")
    if not isinstance(rules, list):
        raise ProfessionDataError(file, "no [[rule]] entries")
    periods: dict[Profession, tuple[_Period, ...]] = {}
    moves: dict[Profession, str] = {}
    sources: dict[Profession, str] = {}
    for rule in rules:
        if not isinstance(rule, dict):
            raise ProfessionDataError(file, "a [[rule]] entry is not a table")
        _only_keys(
            rule,
            {"profession", "period", "moved", "source"},
            file,
            f"rule {rule.get('profession')!r}",
        )
        key = rule.get("profession")
        profession = known.get(key) if isinstance(key, str) else None
        if profession is None or not isinstance(key, str):
            raise ProfessionDataError(file, f"unknown profession key {key!r}")
        if profession in periods:
            raise ProfessionDataError(file, f"{key} has two [[rule]] entries")
        raw = rule.get("period")
        if not isinstance(raw, list) or not raw:
            raise ProfessionDataError(file, f"{key} has no [[rule.period]]")
        periods[profession] = _tiled(key, [_period(key, p, file) for p in raw], file)
        moved, source = rule.get("moved"), rule.get("source")
        if moved is not None:
            if not isinstance(moved, str) or not _MOVED.fullmatch(moved):
                raise ProfessionDataError(file, f"{key}: moved {moved!r} is not YYYY[-MM[-DD]]")
            moves[profession] = moved
        if source is not None:
            if not isinstance(source, str) or not source.strip():
                raise ProfessionDataError(file, f"{key}: source must be a non-empty string")
            sources[profession] = source
    return RegisterTable(
        version=version, as_of=as_of, periods=periods, moves=moves, sources=sources
    )


#: How precisely a source dates a move: a year, a month or a day.
_MOVED = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")


def _is_date(value: object) -> TypeGuard[dt.date]:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _only_keys(entry: Mapping[str, Any], allowed: set[str], file: str, where: str) -> None:
    extra = sorted(set(entry) - allowed)
    if extra:
        raise ProfessionDataError(file, f"unknown keys {extra} in {where}")


def _register_set(key: str, value: object, file: str) -> frozenset[Register]:
    if not isinstance(value, list):
        raise ProfessionDataError(file, f"{key}: registers must be a list")
    try:
        return frozenset(Register(v) for v in value)
    except ValueError:
        raise ProfessionDataError(file, f"{key}: unknown register in {value!r}") from None


def _period(key: str, raw: object, file: str) -> _Period:
    if not isinstance(raw, dict):
        raise ProfessionDataError(file, f"{key}: a period is not a table")
    _only_keys(
        raw, {"from", "until", "accepted", "obsolete", "unconfirmed", "preferred"}, file, key
    )
    start, end = raw.get("from"), raw.get("until")
    for bound in (start, end):
        if bound is not None and not _is_date(bound):
            raise ProfessionDataError(file, f"{key}: {bound!r} is not a date")
    if start is not None and end is not None and not start < end:
        raise ProfessionDataError(file, f"{key}: period from {start} until {end} is empty")
    accepted = _register_set(key, raw.get("accepted", []), file)
    obsolete = _register_set(key, raw.get("obsolete", []), file)
    unconfirmed = _register_set(key, raw.get("unconfirmed", []), file)
    preferred_name = raw.get("preferred")
    try:
        preferred = None if preferred_name is None else Register(preferred_name)
    except ValueError:
        raise ProfessionDataError(file, f"{key}: unknown register {preferred_name!r}") from None
    if not obsolete <= accepted or not unconfirmed <= accepted:
        raise ProfessionDataError(file, f"{key}: obsolete and unconfirmed must be accepted")
    if obsolete & unconfirmed:
        raise ProfessionDataError(file, f"{key}: a register is both obsolete and unconfirmed")
    current = accepted - obsolete
    if (preferred is None and current) or (preferred is not None and preferred not in current):
        raise ProfessionDataError(file, f"{key}: preferred must be accepted and not obsolete")
    return _Period(
        start=start,
        end=end,
        accepted=accepted,
        obsolete=obsolete,
        preferred=preferred,
        unconfirmed=unconfirmed,
    )


def _tiled(key: str, periods: list[_Period], file: str) -> tuple[_Period, ...]:
    """The periods in order, refusing overlaps and gaps (an off-by-one day is a gap)."""
    ordered = sorted(periods, key=lambda p: p.start or dt.date.min)
    if sum(p.start is None for p in ordered) > 1:
        raise ProfessionDataError(file, f"{key}: overlapping periods (two without 'from')")
    for before, after in itertools.pairwise(ordered):
        if before.end is None or after.start is None or before.end > after.start:
            raise ProfessionDataError(file, f"{key}: overlapping periods at {after.start}")
        if before.end < after.start:
            raise ProfessionDataError(
                file, f"{key}: gap between {before.end} and {after.start} (no rule in force)"
            )
    return tuple(ordered)


def register_rule(profession: Profession, on: dt.date) -> RegisterRule:
    """The registers that identify ``profession`` on ``on``."""
    return register_table().rule(profession, on)


def register_status(profession: Profession, register: Register, on: dt.date) -> RegisterStatus:
    """Whether a number of ``register`` identifies ``profession`` on ``on``."""
    return register_rule(profession, on).status(register)


def is_eligible(profession: Profession, on: dt.date) -> bool:
    """Whether a professional of ``profession`` may be the responsible of an ORG BAL on ``on``."""
    return register_rule(profession, on).eligible


def eligible_professions(on: dt.date) -> tuple[Profession, ...]:
    """The professions eligible on ``on``, in catalogue order."""
    return tuple(p for p in all_professions() if is_eligible(p, on))


def register_problems(
    profession: Profession,
    register: Register,
    on: dt.date,
    *,
    table: RegisterTable | None = None,
) -> tuple[Problem, ...]:
    """The problems of identifying the responsible of ``profession`` by ``register`` on ``on``.

    Empty when the register is accepted; one error (``profession.not_eligible``,
    ``register.refused``) or one warning: ``register.obsolete`` (or
    ``register.obsolete_undated`` when the move has no known date), or
    ``register.date_unconfirmed`` (``register.date_unconfirmed_undated``) when the
    date of the move is not confirmed. Paths are empty: the caller places them
    with :meth:`Problem.at`. ``table`` defaults to the packaged one.
    """
    rule = (table or register_table()).rule(profession, on)
    who = {"profession": profession.label, "profession_code": profession.key, "on": rule.on}
    if not rule.eligible:
        return (Problem("profession.not_eligible", params=who),)
    status = rule.status(register)
    if status is RegisterStatus.ACCEPTED:
        return ()
    preferred = rule.preferred.value if rule.preferred else None
    params = {**who, "register": register.value, "preferred": preferred}
    if status is RegisterStatus.REFUSED:
        accepted = ", ".join(sorted(r.value for r in rule.accepted))
        return (Problem("register.refused", params={**params, "accepted": accepted}),)
    warning = Severity.WARNING
    if status is RegisterStatus.UNCONFIRMED:
        if rule.moved is None:
            return (Problem("register.date_unconfirmed_undated", params=params, severity=warning),)
        unsure = {**params, "moved": rule.moved, "since": rule.since}
        return (Problem("register.date_unconfirmed", params=unsure, severity=warning),)
    if rule.since is None:
        return (Problem("register.obsolete_undated", params=params, severity=warning),)
    if rule.moved is not None and len(rule.moved) < len("YYYY-MM-DD"):
        # Only the month or the year of the move is known: ``since`` would be the
        # first day after the window, not the day of the move.
        approximate = {**params, "since": rule.since, "moved": rule.moved}
        return (Problem("register.obsolete_approximate", params=approximate, severity=warning),)
    dated = {**params, "since": rule.since, "moved": rule.moved or rule.since.isoformat()}
    return (Problem("register.obsolete", params=dated, severity=warning),)
