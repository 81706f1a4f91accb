"""Opening the command line's SQL store (imports SQLAlchemy: only commands that need it).

A command that may start a store (``register``, ``agent enrol``, ``db upgrade``) and
fails leaves no new SQLite file behind: the file it created is removed, with its
journal, so that a refused form or password never leaves an empty store.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from balorg.cli.files import shown
from balorg.cli.runtime import DatabaseUnavailable, MissingExtra, StoreMissing, StoreOutdated
from balorg.domain.errors import BalorgError

__all__ = ["existing_engine", "open_store", "redacted"]

_JOURNALS = ("-wal", "-shm", "-journal")


@contextmanager
def existing_engine(url: str, *, create: bool = False) -> Iterator[Any]:
    """An engine on ``url``; the database must exist unless ``create`` (a SQLite file
    made here and not finished is removed when the block fails)."""
    try:
        from sqlalchemy import exc as sqlalchemy_errors  # noqa: PLC0415 - optional extra

        from balorg.adapters.sql import database_url  # noqa: PLC0415
        from balorg.adapters.sql.engine import create_engine  # noqa: PLC0415
    except ImportError:
        raise MissingExtra() from None
    name = redacted(url)
    if "\x00" in url:
        raise BalorgError("cli.path_invalid", path=shown(name))
    try:
        parsed = database_url(url)
    except (sqlalchemy_errors.ArgumentError, ValueError, TypeError):
        raise BalorgError("cli.database_url_invalid", url=name) from None
    made = _sqlite_file(parsed, name, create)
    try:
        engine = create_engine(parsed)
    except (sqlalchemy_errors.NoSuchModuleError, ImportError):
        raise BalorgError("cli.database_driver_missing", url=name) from None
    except (sqlalchemy_errors.SQLAlchemyError, ValueError, TypeError) as exc:
        raise DatabaseUnavailable(url=name, reason=type(exc).__name__) from None
    try:
        yield engine
    except sqlalchemy_errors.DatabaseError as exc:
        _remove(made, engine)
        made = None
        if _not_a_database(exc):
            raise BalorgError("cli.database_not_balorg", url=name) from None
        raise DatabaseUnavailable(url=name, reason=type(exc).__name__) from None
    except (sqlalchemy_errors.SQLAlchemyError, OSError) as exc:
        _remove(made, engine)
        made = None
        raise DatabaseUnavailable(url=name, reason=type(exc).__name__) from None
    except BaseException:
        _remove(made, engine)
        made = None
        raise
    finally:
        engine.dispose()


def _sqlite_file(parsed: Any, name: str, create: bool) -> Path | None:
    """Check a SQLite file's place; answers the path when this command will create it."""
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    path = Path(parsed.database or "")
    try:
        folder_exists = path.parent.is_dir()
        is_dir = path.is_dir()
        exists = path.exists()
    except (OSError, ValueError):
        raise BalorgError("cli.database_url_invalid", url=name) from None
    if not folder_exists:
        if not create:
            raise StoreMissing(url=name)
        raise BalorgError("cli.database_folder_missing", folder=str(path.parent))
    if is_dir:
        raise BalorgError("cli.file_is_folder", path=str(path))
    if exists:
        return None
    if not create:
        raise StoreMissing(url=name)
    return path


def _not_a_database(exc: Exception) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "not a database" in text or "malformed" in text or "no such table" in text


def _remove(made: Path | None, engine: Any) -> None:
    """Remove the SQLite file this command created (and its journals)."""
    if made is None:
        return
    engine.dispose()
    for suffix in ("", *_JOURNALS):
        with suppress(OSError):
            Path(f"{made}{suffix}").unlink(missing_ok=True)


@contextmanager
def open_store(url: str, start: bool) -> Iterator[Any]:
    """The store at ``url``; with ``start`` it may be created and upgraded, otherwise it
    must exist at the current schema (it is then neither created nor migrated)."""
    from balorg.adapters.sql import SqlStore, current, head  # noqa: PLC0415

    name = redacted(url)
    with existing_engine(url, create=start) as engine:
        if start:
            store = SqlStore(engine)
        else:
            found = current(engine)
            if found is None:
                if _has_tables(engine):  # somebody else's database, or balorg 0.1's
                    raise BalorgError("cli.database_not_balorg", url=name)
                raise StoreMissing(url=name)
            if found != head():
                raise StoreOutdated(url=name, found=found, latest=head())
            store = SqlStore(engine, upgrade=False)
        yield store


def _has_tables(engine: Any) -> bool:
    from sqlalchemy import inspect  # noqa: PLC0415

    return bool(inspect(engine).get_table_names())


def redacted(url: str) -> str:
    """The URL without any password, in the user part or in the query."""
    if "://" not in url:
        return url
    try:
        from sqlalchemy.engine import make_url  # noqa: PLC0415

        parsed = make_url(url)
        query = {k: v for k, v in parsed.query.items() if "password" not in k.lower()}
        return parsed.set(query=query).render_as_string(hide_password=True)
    except Exception:
        return url.partition(":")[0] + ":***"
