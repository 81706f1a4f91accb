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
>>> try:
...     directory_settings({"directory": {"fhir_base_url": "ftp://a.example",
...                                       "api_key": "s3cret", "page": 3}})
... except DirectorySettingsError as error:
...     for problem in error.problems:
...         print(problem.code, problem.path)
directory.settings_invalid directory
directory.key_in_file directory.api_key
directory.unknown_key directory.page
directory.base_url_scheme directory.fhir_base_url
directory.api_key_env_invalid directory.api_key_env
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

from balorg.domain.errors import BalorgError, DomainRefusal, Problem
from balorg.domain.secret import Secret

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
_WHERE: Final = re.compile(r"line (\d+), column (\d+)")


class DirectorySettingsError(DomainRefusal):
    """The ``[directory]`` table is not usable: every problem at once, each coded at its
    key, after a summary (``directory.settings_invalid``, with the file's ``path`` when
    read from one). Never carries a value that may be a secret."""

    default_code = "directory.settings_invalid"

    def __init__(self, problems: list[Problem], *, path: str | None = None) -> None:
        where = {"path": path} if path is not None else {}
        summary = Problem(self.default_code, "directory", {"count": len(problems), **where})
        super().__init__([summary, *problems])


class MissingApiKey(BalorgError):
    """The environment variable that should hold the API key is missing or empty."""

    default_code = "directory.api_key_missing"


class ApiKey(Secret):
    """The directory's API key in memory; it hides itself from reprs, logs and tracebacks."""

    __slots__ = ()
    noun = "an ApiKey"

    def __init__(self, value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ValueError("an API key is a non-empty text")
        super().__init__(value.strip())

    def reveal(self) -> str:
        """The key itself, for the ``ESANTE-API-KEY`` header only."""
        return self._value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ApiKey) and other._value == self._value

    def __hash__(self) -> int:
        return hash((ApiKey, self._value))


def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_URL_PATH: Final = "directory.fhir_base_url"


def _base_url(value: object) -> tuple[str, Problem | None]:
    """The base URL without its trailing slash, or why it is refused (never echoed: what
    is before an ``@`` may be a credential)."""
    if not isinstance(value, str) or not value.strip():
        return "", Problem("directory.base_url_missing", _URL_PATH)
    try:
        parts = urlsplit(value.strip())
        host = parts.hostname or ""
        credentials = parts.username is not None or parts.password is not None
    except ValueError:
        return "", Problem("directory.base_url_scheme", _URL_PATH)
    if credentials:
        return "", Problem("directory.base_url_credentials", _URL_PATH)
    if parts.scheme not in ("https", "http") or not host:
        return "", Problem("directory.base_url_scheme", _URL_PATH)
    if parts.scheme == "http" and not _is_loopback(host):
        return "", Problem("directory.base_url_http_remote", _URL_PATH)
    if parts.query or parts.fragment:
        return "", Problem("directory.base_url_query", _URL_PATH)
    return value.strip().rstrip("/"), None


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
    if "directory" not in document:
        return None
    table = document["directory"]
    if not isinstance(table, Mapping):
        raise DirectorySettingsError([Problem("directory.not_a_table", "directory")], path=path)
    problems: list[Problem] = []
    for name in sorted(str(k) for k in set(table) - _KEYS):
        shown = (
            name
            if len(name) <= 40 and name.isprintable()
            else name[:40].encode("unicode_escape").decode("ascii")
        )
        code = (
            "directory.key_in_file"
            if "key" in name.lower() or "secret" in name.lower()
            else "directory.unknown_key"
        )
        problems.append(Problem(code, f"directory.{shown}", {"key": shown}))
    base, refused = _base_url(table.get("fhir_base_url"))
    if refused is not None:
        problems.append(refused)
    env = table.get("api_key_env")
    if not isinstance(env, str) or not _ENV_NAME.match(env):
        problems.append(Problem("directory.api_key_env_invalid", "directory.api_key_env"))
    timeout = table.get("timeout_seconds", 10.0)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout <= 300:
        problems.append(
            Problem("directory.timeout_invalid", "directory.timeout_seconds", {"max": 300})
        )
    if problems:
        raise DirectorySettingsError(problems, path=path)
    assert isinstance(env, str)
    assert isinstance(timeout, int | float)
    return DirectorySettings(fhir_base_url=base, api_key_env=env, timeout_seconds=float(timeout))


def load_directory_settings(path: Path) -> DirectorySettings | None:
    """The ``[directory]`` settings of the TOML file at ``path`` (``None`` without the table)."""
    where = str(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise DirectorySettingsError(
            [Problem("directory.file_unreadable", "", {"path": where})], path=where
        ) from None
    except UnicodeDecodeError:
        raise DirectorySettingsError(
            [Problem("directory.file_not_utf8", "", {"path": where})], path=where
        ) from None
    except tomllib.TOMLDecodeError as exc:  # says where, never what
        found = _WHERE.search(str(exc))
        line, column = (int(found[1]), int(found[2])) if found else (0, 0)
        raise DirectorySettingsError(
            [Problem("directory.file_syntax", "", {"path": where, "line": line, "column": column})],
            path=where,
        ) from None
    except (RecursionError, ValueError):  # nested past Python's limits, or huge numbers
        raise DirectorySettingsError(
            [Problem("directory.file_syntax", "", {"path": where, "line": 0, "column": 0})],
            path=where,
        ) from None
    return directory_settings(document, path=where)
