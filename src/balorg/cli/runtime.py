"""What a command needs around it: the language, the store, the settings, the session.

The store is the embedded default, SQL on SQLite (``./balorg.db``), or the database named
by ``--db`` (a SQLAlchemy URL or a plain path to a SQLite file). Only the commands that
start a store (``register``, ``agent enrol``, ``db upgrade``) create or upgrade one;
every other command needs an existing store at the current schema, and says so when it
is missing or outdated instead of creating an empty one. SQLAlchemy is imported only by
the commands that open a database.
"""

from __future__ import annotations

import argparse
import enum
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from balorg.cli.output import Output
from balorg.domain.errors import BalorgError, DomainRefusal, Problem, Severity
from balorg.domain.messages import Lang
from balorg.ports.credentials import Password

if TYPE_CHECKING:
    from balorg.cli.config import CliSettings
    from balorg.domain.actors import SessionToken
    from balorg.ports.credentials import PasswordHasher
    from balorg.ports.directory import DirectoryLookup
    from balorg.services.context import Ports

__all__ = [
    "DEFAULT_DB",
    "DatabaseUnavailable",
    "Interrupted",
    "MissingExtra",
    "Runtime",
    "StoreMode",
]

DEFAULT_DB = "balorg.db"


class MissingExtra(BalorgError):
    default_code = "cli.sql_extra_missing"


class DatabaseUnavailable(BalorgError):
    default_code = "cli.database_unavailable"


class StoreMissing(BalorgError):
    default_code = "cli.store_missing"


class StoreOutdated(BalorgError):
    default_code = "cli.store_outdated"


class PasswordInputError(BalorgError):
    default_code = "cli.password_missing"


class Interrupted(BalorgError):
    default_code = "cli.interrupted"


class StoreMode(enum.Enum):
    """What a command may do to the store."""

    NONE = "none"  # needs no database
    EXISTING = "existing"  # an existing store at the current schema
    START = "start"  # may create the store and bring it up to date


class Runtime:
    """The command's surroundings, built from its arguments."""

    def __init__(self, args: argparse.Namespace, out: Output) -> None:
        self.args = args
        self.out = out
        self.lang: Lang = out.lang
        self._settings: CliSettings | None = None

    @property
    def url(self) -> str:
        db: str | None = getattr(self.args, "db", None)
        if db is not None and not db.strip():
            raise BalorgError("cli.database_empty")
        return db or DEFAULT_DB

    def settings_path(self) -> Path | None:
        config: str | None = getattr(self.args, "config", None)
        return Path(config) if config else None

    def settings(self) -> CliSettings:
        """The settings file, read and checked once (before any database is touched)."""
        if self._settings is None:
            from balorg.cli.config import load_settings  # noqa: PLC0415 - the services' settings

            self._settings = load_settings(self.settings_path())
        return self._settings

    @contextmanager
    def ports(self) -> Iterator[Ports]:
        """Ports over the store, as the command's ``store`` mode allows (see the module's
        docstring for when it is created)."""
        mode = getattr(self.args, "store", None) or StoreMode.EXISTING
        settings = self.settings()
        from balorg.cli.store import open_store  # noqa: PLC0415 - SQLAlchemy only here

        try:
            with open_store(self.url, mode is StoreMode.START) as store:
                from balorg.adapters.clock import SystemClock  # noqa: PLC0415
                from balorg.services.context import Ports  # noqa: PLC0415

                yield Ports(
                    uow=store,
                    clock=SystemClock(),
                    settings=settings.operator,
                    hasher=password_hasher(),
                )
        except DomainRefusal as refusal:
            if settings.path is None:  # say why nobody is an agent, no domain is ours
                hint = Problem("cli.no_settings", severity=Severity.WARNING)
                raise DomainRefusal([*refusal.problems, hint]) from None
            raise

    # -- the session ------------------------------------------------------------------------------

    def session(self) -> SessionToken:
        token: SessionToken = _session_file().read(getattr(self.args, "session_file", None))
        return token

    def prepare_session(self) -> None:
        """Check that a new session can be kept, before a password is asked."""
        _session_file().prepare(getattr(self.args, "session_file", None))

    def remember(self, token: SessionToken) -> tuple[Path, list[Problem]]:
        """Keep ``token`` in the session file; answers where, and a warning when
        ``BALORG_SESSION`` is set (it would win over the file)."""
        where = _session_file().write(token, getattr(self.args, "session_file", None))
        warnings = []
        if _session_file().in_environment():
            warnings.append(
                Problem("cli.session_env_set", "", {"path": str(where)}, Severity.WARNING)
            )
        return where, warnings

    def forget(self) -> None:
        _session_file().forget(getattr(self.args, "session_file", None))

    # -- passwords ---------------------------------------------------------------------------------

    def password(self, prompt: str, *, confirm: bool = False) -> Password:
        """Read a password: from standard input with ``--password-stdin`` (one line,
        UTF-8), else from the terminal without echo (asked twice with ``confirm``)."""
        if getattr(self.args, "password_stdin", False):
            return _stdin_password()
        stdin = sys.stdin
        if stdin is None or not stdin.isatty():
            raise PasswordInputError()
        try:
            first = getpass.getpass(prompt)
            if confirm:
                again = getpass.getpass(_AGAIN[self.lang])
                if again != first:
                    raise BalorgError("password.mismatch")
        except (KeyboardInterrupt, EOFError):
            raise Interrupted() from None
        return Password(first)


def national_directory(store: Any) -> DirectoryLookup | None:
    """The national directory imported into ``store`` (``balorg directory import``), once
    its RPPS extraction is there: registration then says whom it does not know, or knows
    under another profession. Only the commands that use it look (a table check and a
    query)."""
    import sqlalchemy as sa  # noqa: PLC0415

    from balorg.adapters.national_directory.sql import (  # noqa: PLC0415
        SqlNationalDirectory,
        current,
    )
    from balorg.interop.extractions import ExtractionKind  # noqa: PLC0415

    if not sa.inspect(store.engine).has_table(current.name):
        return None
    directory = SqlNationalDirectory(store.engine)
    return directory if directory.current_snapshot(ExtractionKind.RPPS) is not None else None


def _session_file() -> ModuleType:
    from balorg.cli import session_file  # noqa: PLC0415 - only commands with a session

    return session_file


def password_hasher() -> PasswordHasher:
    """The hasher of new passwords: scrypt at OWASP's minimum cost (see
    :mod:`balorg.services.passwords`)."""
    from balorg.services.passwords import ScryptHasher  # noqa: PLC0415

    return ScryptHasher()


_AGAIN: dict[Lang, str] = {"fr": "Une seconde fois : ", "en": "Once more: "}
#: A password is one line; a longer one is not a password.
MAX_PASSWORD_BYTES = 4096


def _stdin_password() -> Password:
    """The first line of standard input, as UTF-8 (its bytes never appear in an error)."""
    stdin = sys.stdin
    if stdin is None:
        raise PasswordInputError()
    try:
        raw = getattr(stdin, "buffer", None)
        if raw is not None:
            line: bytes = raw.readline(MAX_PASSWORD_BYTES + 1)
        else:
            line = stdin.readline(MAX_PASSWORD_BYTES + 1).encode("utf-8", "surrogateescape")
    except (OSError, ValueError):
        raise PasswordInputError() from None
    if not line:
        raise PasswordInputError()
    if len(line) > MAX_PASSWORD_BYTES:
        raise BalorgError("cli.password_too_long", max=MAX_PASSWORD_BYTES)
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        # The error must not carry the bytes: they are the password.
        raise BalorgError("password.not_utf8") from None
    return Password(text.rstrip("\r\n"))
