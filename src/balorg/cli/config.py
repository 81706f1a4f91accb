"""The operator's settings for the command line, from a TOML file.

``balorg.toml`` in the current folder (or ``--config PATH``)::

    [operator]
    domains = ["pharmacie.mssante.fr"]          # where mailbox addresses are handed out
    service_centre = ["agent@esante-occitanie.fr"]  # agents who validate new accounts
    validation_hours = 72                       # the service centre's deadline (1 to 8760)

    [sessions]                                  # optional
    idle_minutes = 30                           # a session ends after this long unused
    absolute_hours = 12                         # and at the latest after this long
    reminder_days = 7                           # expiry reminders this long before

    [directory]                                 # optional: the national directory's API
    fhir_base_url = "https://gateway.api.esante.gouv.fr/fhir/v2"
    api_key_env = "BALORG_ESANTE_API_KEY"       # the NAME of the variable holding the key

Every problem of the file is reported at once, with its key: the first error,
``cli.config_invalid``, names the file, and one error follows per problem
(``config.invalid_domain`` at ``operator.domains.0``...). The file is read bounded
(:data:`MAX_BYTES`), as UTF-8 (a byte-order mark tolerated).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from attrs import frozen

from balorg.cli.files import read_bounded, shown
from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import BalorgError, DomainRefusal, Problem
from balorg.services.context import Settings

__all__ = ["DEFAULT_CONFIG", "CliSettings", "load_settings"]

DEFAULT_CONFIG: Final = Path("balorg.toml")
#: A settings file is small; a larger one is refused unread.
MAX_BYTES: Final = 1_000_000
_TABLES: Final = {
    "operator": {"domains", "service_centre", "validation_hours"},
    "sessions": {"idle_minutes", "absolute_hours", "reminder_days"},
}


@frozen
class CliSettings:
    """What the settings file says: the operator's settings, and the national
    directory's API when configured (its table as read, checked by the FHIR adapter)."""

    operator: Settings
    directory: Mapping[str, Any] | None
    path: Path | None


def load_settings(path: Path | None) -> CliSettings:
    """Settings from ``path`` (or ``./balorg.toml`` when present; none otherwise)."""
    if path is None:
        if not DEFAULT_CONFIG.exists():
            return CliSettings(Settings(domains=(), service_centre=frozenset()), None, None)
        path = DEFAULT_CONFIG
    data = _read(path)
    problems: list[Problem] = []
    for table in sorted(set(data) - {*_TABLES, "directory"}):
        problems.append(Problem("config.unknown_key", table, {"key": table}))
    tables: dict[str, Mapping[str, Any]] = {}
    for name, allowed in _TABLES.items():
        value = data.get(name, {})
        if not isinstance(value, Mapping):
            problems.append(Problem("config.not_a_table", name, {"key": name}))
            value = {}
        for key in sorted(set(value) - allowed):
            problems.append(Problem("config.unknown_key", f"{name}.{key}", {"key": key}))
        tables[name] = value
    operator, sessions = tables["operator"], tables["sessions"]
    if "operator" not in data or not operator:
        problems.append(Problem("config.operator_missing", "operator"))
    domains = _domains(operator.get("domains", []), problems)
    agents = _agents(operator.get("service_centre", []), problems)
    hours = _whole(operator, "validation_hours", 72, 1, 24 * 365, "operator", problems)
    idle = _whole(sessions, "idle_minutes", 30, 1, 24 * 60, "sessions", problems)
    absolute = _whole(sessions, "absolute_hours", 12, 1, 24 * 30, "sessions", problems)
    reminder = _whole(sessions, "reminder_days", 7, 1, 365, "sessions", problems)
    directory = data.get("directory")
    if directory is not None and not isinstance(directory, Mapping):
        problems.append(Problem("config.not_a_table", "directory", {"key": "directory"}))
    if problems:
        summary = Problem("cli.config_invalid", "", {"path": shown(path), "count": len(problems)})
        raise DomainRefusal([summary, *problems])
    settings = Settings(
        domains=domains,
        service_centre=agents,
        validation_delay=dt.timedelta(hours=hours),
        session_idle=dt.timedelta(minutes=idle),
        session_absolute=dt.timedelta(hours=absolute),
        reminder_lead=dt.timedelta(days=reminder),
    )
    return CliSettings(settings, directory, path)


_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")


def _read(path: Path) -> dict[str, Any]:
    name = shown(path)
    data = read_bounded(path, MAX_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BalorgError("cli.file_not_utf8", path=name) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _WHERE.search(str(exc))
        line, column = (int(found[1]), int(found[2])) if found else (0, 0)
        if not found:  # "at end of document"
            line = text.count("\n") + 1
        raise BalorgError("cli.config_syntax", path=name, line=line, column=column) from None
    except RecursionError:
        raise BalorgError("cli.config_too_deep", path=name) from None
    except ValueError:  # an integer beyond Python's limit of digits
        raise BalorgError("cli.config_number_too_long", path=name) from None


def _domains(value: object, problems: list[Problem]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(Problem("config.list_of_texts", "operator.domains", {"key": "domains"}))
        return ()
    found = []
    for index, domain in enumerate(value):
        try:
            found.append(EmailAddress.from_string(f"postmaster@{domain.strip()}").domain)
        except BalorgError:
            problems.append(
                Problem(
                    "config.invalid_domain", f"operator.domains.{index}", {"value": domain[:100]}
                )
            )
    return tuple(found)


def _agents(value: object, problems: list[Problem]) -> frozenset[EmailAddress]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(
            Problem("config.list_of_texts", "operator.service_centre", {"key": "service_centre"})
        )
        return frozenset()
    found = set()
    for index, text in enumerate(value):
        try:
            found.add(EmailAddress.from_string(text))
        except BalorgError:
            problems.append(
                Problem(
                    "config.invalid_address",
                    f"operator.service_centre.{index}",
                    {"value": text[:100]},
                )
            )
    return frozenset(found)


def _whole(
    table: Mapping[str, Any],
    key: str,
    default: int,
    low: int,
    high: int,
    name: str,
    problems: list[Problem],
) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        problems.append(
            Problem("config.whole_number", f"{name}.{key}", {"key": key, "min": low, "max": high})
        )
        return default
    return value
