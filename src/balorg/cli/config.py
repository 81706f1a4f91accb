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

Every problem of the file is reported at once, with its key.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from attrs import frozen

from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import BalorgError, DomainRefusal, Problem
from balorg.services.context import Settings

__all__ = ["DEFAULT_CONFIG", "CliSettings", "ConfigError", "load_settings"]

DEFAULT_CONFIG: Final = Path("balorg.toml")
#: A settings file is small; a larger one is refused unread.
MAX_BYTES: Final = 1_000_000
_TABLES: Final = {
    "operator": {"domains", "service_centre", "validation_hours"},
    "sessions": {"idle_minutes", "absolute_hours", "reminder_days"},
}


class ConfigError(BalorgError):
    default_code = "cli.config_invalid"


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
        raise ConfigError(path=str(path), reason=_summary(problems)) from DomainRefusal(problems)
    settings = Settings(
        domains=domains,
        service_centre=agents,
        validation_delay=dt.timedelta(hours=hours),
        session_idle=dt.timedelta(minutes=idle),
        session_absolute=dt.timedelta(hours=absolute),
        reminder_lead=dt.timedelta(days=reminder),
    )
    return CliSettings(settings, directory, path)


def _summary(problems: list[Problem]) -> str:
    return "; ".join(f"{p.path}: {p.message()}" for p in problems)


def _read(path: Path) -> dict[str, Any]:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ConfigError(path=str(path), reason=f"> {MAX_BYTES} bytes")
        text = path.read_bytes().decode("utf-8-sig")
        return tomllib.loads(text)
    except IsADirectoryError:
        raise BalorgError("cli.file_is_folder", path=str(path)) from None
    except FileNotFoundError:
        raise BalorgError("cli.file_missing", path=str(path)) from None
    except PermissionError:
        raise BalorgError("cli.file_forbidden", path=str(path)) from None
    except UnicodeDecodeError:
        raise BalorgError("cli.file_not_utf8", path=str(path)) from None
    except OSError as exc:
        raise BalorgError(
            "cli.file_unreadable", path=str(path), reason=type(exc).__name__
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path=str(path), reason=str(exc)) from None
    except RecursionError:
        raise ConfigError(path=str(path), reason="nested too deeply") from None


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
