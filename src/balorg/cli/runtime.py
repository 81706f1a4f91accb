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
from typing import TYPE_CHECKING, Any

from balorg.cli import session_file
from balorg.cli.config import load_settings
from balorg.cli.output import Output
from balorg.domain.actors import SessionToken
from balorg.domain.errors import BalorgError
from balorg.domain.messages import Lang
from balorg.ports.credentials import Password

if TYPE_CHECKING:
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

    @property
    def url(self) -> str:
        db: str | None = getattr(self.args, "db", None)
        if db is not None and not db.strip():
            raise DatabaseUnavailable(url="", reason="empty")
        return db or DEFAULT_DB

    def settings_path(self) -> Path | None:
        config: str | None = getattr(self.args, "config", None)
        return Path(config) if config else None

    @contextmanager
    def ports(self, mode: StoreMode = StoreMode.EXISTING) -> Iterator[Ports]:
        """Ports over the store (see the module's docstring for when it is created)."""
        from balorg.cli.store import open_store  # noqa: PLC0415 - SQLAlchemy only here

        settings = load_settings(self.settings_path())  # before any database is touched
        with open_store(self.url, mode is StoreMode.START) as store:
            from balorg.adapters.clock import SystemClock  # noqa: PLC0415
            from balorg.services.context import Ports  # noqa: PLC0415

            yield Ports(uow=store, clock=SystemClock(), settings=settings.operator)

    def delivery_settings(self) -> Any:
        return load_settings(self.settings_path())

    # -- the session ------------------------------------------------------------------------------

    def session(self) -> SessionToken:
        return session_file.read(getattr(self.args, "session_file", None))

    def remember(self, token: SessionToken) -> Path:
        return session_file.write(token, getattr(self.args, "session_file", None))

    def forget(self) -> None:
        session_file.forget(getattr(self.args, "session_file", None))

    # -- passwords ---------------------------------------------------------------------------------

    def password(self, prompt: str, *, confirm: bool = False) -> Password:
        """Read a password: from standard input with ``--password-stdin`` (one line,
        UTF-8), else from the terminal without echo (asked twice with ``confirm``)."""
        if getattr(self.args, "password_stdin", False):
            return _stdin_password()
        if not sys.stdin.isatty():
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


_AGAIN: dict[Lang, str] = {"fr": "Une seconde fois : ", "en": "Once more: "}


def _stdin_password() -> Password:
    line = sys.stdin.buffer.readline()
    if not line:
        raise PasswordInputError()
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        # The error must not carry the bytes: they are the password.
        raise BalorgError("password.not_utf8") from None
    return Password(text.rstrip("\r\n"))
