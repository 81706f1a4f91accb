"""The operator's settings for the command line, from a TOML file.

``balorg.toml`` in the current directory (or ``--config PATH``)::

    [operator]
    domains = ["pharmacie.mssante.fr"]          # where mailbox addresses are handed out
    service_centre = ["agent@esante-occitanie.fr"]  # agents who validate new accounts
    validation_hours = 72
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import BalorgError
from balorg.services.context import Settings

__all__ = ["ConfigError", "load_settings"]

DEFAULT_CONFIG = Path("balorg.toml")


class ConfigError(BalorgError):
    default_code = "cli.config_invalid"


def load_settings(path: Path | None) -> Settings:
    """Settings from ``path`` (or ``./balorg.toml`` when present; none otherwise)."""
    if path is None:
        if not DEFAULT_CONFIG.exists():
            return Settings(domains=(), service_centre=frozenset())
        path = DEFAULT_CONFIG
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(path=str(path), reason=str(exc)) from None
    operator = data.get("operator", {})
    if not isinstance(operator, dict):
        raise ConfigError(path=str(path), reason="[operator] must be a table")
    unknown = set(data) - {"operator"} | set(operator) - {
        "domains",
        "service_centre",
        "validation_hours",
    }
    if unknown:
        raise ConfigError(path=str(path), reason=f"unknown keys: {', '.join(sorted(unknown))}")
    domains = _strings(operator.get("domains", []), "domains", path)
    agents = _strings(operator.get("service_centre", []), "service_centre", path)
    hours = operator.get("validation_hours", 72)
    if isinstance(hours, bool) or not isinstance(hours, int) or not 0 <= hours <= 24 * 365:
        raise ConfigError(path=str(path), reason="validation_hours: a whole number of hours")
    try:
        return Settings(
            domains=domains,
            service_centre=[EmailAddress(a) for a in agents],
            validation_delay=dt.timedelta(hours=hours),
        )
    except ValueError as exc:
        raise ConfigError(path=str(path), reason=str(exc)) from None


def _strings(value: object, key: str, path: Path) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(path=str(path), reason=f"{key}: a list of texts")
    return tuple(value)
