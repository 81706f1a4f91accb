"""Settings of the national directory's FHIR API: the ``[directory]`` table.

In ``balorg.toml``::

    [directory]
    fhir_base_url = "https://gateway.api.esante.gouv.fr/fhir/v2"
    api_key_env = "BALORG_ESANTE_API_KEY"   # the NAME of the variable holding the key
    timeout_seconds = 10                     # optional

The API key itself is never in the file: balorg reads it from the environment variable
named by ``api_key_env``, keeps it in an :class:`ApiKey` that hides itself, and never
writes, logs or reports it (an error names the variable, never its value).

>>> settings = directory_settings({"directory": {
...     "fhir_base_url": "https://annuaire.example/fhir/", "api_key_env": "ESANTE_KEY"}})
>>> settings.fhir_base_url, settings.api_key_env
('https://annuaire.example/fhir', 'ESANTE_KEY')
>>> key = settings.api_key({"ESANTE_KEY": "s3cret"})
>>> key, f"{key}"
(ApiKey('********'), '********')
>>> directory_settings({"directory": {"fhir_base_url": "https://a.example",
...                                   "api_key": "s3cret"}})
Traceback (most recent call last):
    ...
balorg.adapters.fhir.settings.DirectorySettingsError: ...
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from attrs import frozen

from balorg.domain.errors import BalorgError

__all__ = [
    "ApiKey",
    "DirectorySettings",
    "DirectorySettingsError",
    "MissingApiKey",
    "directory_settings",
    "load_directory_settings",
]

_KEYS: Final = frozenset({"fhir_base_url", "api_key_env", "timeout_seconds"})
_ENV_NAME: Final = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LOOPBACK_NAMES: Final = frozenset({"localhost"})


class DirectorySettingsError(BalorgError):
    """The ``[directory]`` table is not usable (``params``: ``reason``, and ``path`` when
    read from a file). Never carries a value that may be a secret."""

    default_code = "directory.settings_invalid"


class MissingApiKey(BalorgError):
    """The environment variable that should hold the API key is missing or empty."""

    default_code = "directory.api_key_missing"


class ApiKey:
    """The directory's API key in memory; it hides itself from reprs, logs and tracebacks."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ValueError("an API key is a non-empty text")
        self._value = value.strip()

    def reveal(self) -> str:
        """The key itself, for the ``ESANTE-API-KEY`` header only."""
        return self._value

    def __repr__(self) -> str:
        return "ApiKey('********')"

    def __str__(self) -> str:
        return "********"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ApiKey) and other._value == self._value

    def __hash__(self) -> int:
        return hash((ApiKey, self._value))

    def __reduce__(self) -> str:
        raise TypeError("an ApiKey cannot be pickled")


def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _base_url(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DirectorySettingsError(reason="fhir_base_url: a URL")
    parts = urlsplit(value.strip())
    host = parts.hostname or ""
    if parts.username is not None or parts.password is not None:
        # Not echoed: what is before the @ may be a credential.
        raise DirectorySettingsError(reason="fhir_base_url: no user or password in the URL")
    if parts.scheme not in ("https", "http") or not host:
        raise DirectorySettingsError(reason="fhir_base_url: an https:// URL")
    if parts.scheme == "http" and not _is_loopback(host):
        raise DirectorySettingsError(reason="fhir_base_url: https:// (http only on loopback)")
    if parts.query or parts.fragment:
        raise DirectorySettingsError(reason="fhir_base_url: no query or fragment")
    return value.strip().rstrip("/")


@frozen(kw_only=True)
class DirectorySettings:
    """Where the national directory's FHIR API is, and where its key is found."""

    #: The FHIR base (``[base]``), without a trailing slash.
    fhir_base_url: str
    #: The NAME of the environment variable holding the API key.
    api_key_env: str
    timeout_seconds: float = 10.0

    def api_key(self, environ: Mapping[str, str] | None = None) -> ApiKey:
        """The key, read from the environment (``os.environ`` by default)."""
        source = os.environ if environ is None else environ
        value = source.get(self.api_key_env, "")
        if not value.strip():
            raise MissingApiKey(variable=self.api_key_env)
        return ApiKey(value)


def directory_settings(
    document: Mapping[str, Any], *, path: str | None = None
) -> DirectorySettings | None:
    """The settings of the ``[directory]`` table of a parsed TOML document; ``None`` when
    the document has no such table. Unknown keys are refused by name (never by value);
    a key written in the file (``api_key``...) is refused with the advice to name an
    environment variable instead."""
    where = {"path": path} if path is not None else {}
    if "directory" not in document:
        return None
    table = document["directory"]
    if not isinstance(table, Mapping):
        raise DirectorySettingsError(reason="[directory] must be a table", **where)
    unknown = sorted(set(table) - _KEYS)
    if any("key" in name.lower() or "secret" in name.lower() for name in unknown):
        raise DirectorySettingsError(
            reason="the API key never goes in the file: give the name of the environment "
            "variable that holds it in api_key_env",
            **where,
        )
    if unknown:
        raise DirectorySettingsError(reason=f"unknown keys: {', '.join(unknown)}", **where)
    try:
        base = _base_url(table.get("fhir_base_url"))
    except DirectorySettingsError as error:
        raise DirectorySettingsError(reason=error.params["reason"], **where) from None
    env = table.get("api_key_env")
    if not isinstance(env, str) or not _ENV_NAME.match(env):
        raise DirectorySettingsError(
            reason="api_key_env: the name of an environment variable (letters, digits, _)",
            **where,
        )
    timeout = table.get("timeout_seconds", 10.0)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout <= 300:
        raise DirectorySettingsError(reason="timeout_seconds: between 0 and 300", **where)
    return DirectorySettings(fhir_base_url=base, api_key_env=env, timeout_seconds=float(timeout))


def load_directory_settings(path: Path) -> DirectorySettings | None:
    """The ``[directory]`` settings of the TOML file at ``path`` (``None`` without the table)."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DirectorySettingsError(reason=exc.strerror or "unreadable", path=str(path)) from None
    except UnicodeDecodeError:
        raise DirectorySettingsError(reason="not UTF-8", path=str(path)) from None
    except tomllib.TOMLDecodeError as exc:  # says where, never what
        raise DirectorySettingsError(reason=str(exc), path=str(path)) from None
    return directory_settings(document, path=str(path))
