"""Opening the command line's SQL store (imports SQLAlchemy: only commands that need it)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from balorg.cli.runtime import DatabaseUnavailable, MissingExtra, StoreMissing, StoreOutdated
from balorg.domain.errors import BalorgError

__all__ = ["existing_engine", "open_store", "redacted"]


@contextmanager
def existing_engine(url: str, *, create: bool = False) -> Iterator[Any]:
    """An engine on ``url``; the database must exist unless ``create``."""
    try:
        from sqlalchemy import exc as sqlalchemy_errors  # noqa: PLC0415 - optional extra

        from balorg.adapters.sql import database_url  # noqa: PLC0415
        from balorg.adapters.sql.engine import create_engine  # noqa: PLC0415
    except ImportError:
        raise MissingExtra() from None
    shown = redacted(url)
    try:
        parsed = database_url(url)
    except (sqlalchemy_errors.ArgumentError, ValueError):
        raise BalorgError("cli.database_url_invalid", url=shown) from None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database or "")
        if not path.parent.exists():
            raise BalorgError("cli.database_folder_missing", folder=str(path.parent)) from None
        if path.is_dir():
            raise BalorgError("cli.file_is_folder", path=str(path)) from None
        if not create and not path.exists():
            raise StoreMissing(url=shown)
    try:
        engine = create_engine(parsed)
    except (sqlalchemy_errors.NoSuchModuleError, ImportError):
        raise BalorgError("cli.database_driver_missing", url=shown) from None
    except (sqlalchemy_errors.SQLAlchemyError, ValueError) as exc:
        raise DatabaseUnavailable(url=shown, reason=type(exc).__name__) from None
    try:
        yield engine
    except (sqlalchemy_errors.SQLAlchemyError, OSError) as exc:
        raise DatabaseUnavailable(url=shown, reason=type(exc).__name__) from None
    finally:
        engine.dispose()


@contextmanager
def open_store(url: str, start: bool) -> Iterator[Any]:
    """The store at ``url``; with ``start`` it may be created and upgraded, otherwise it
    must exist at the current schema."""
    from balorg.adapters.sql import SqlStore, current, head  # noqa: PLC0415

    shown = redacted(url)
    with existing_engine(url, create=start) as engine:
        if start:
            store = SqlStore(engine)
        else:
            found = current(engine)
            if found is None:
                raise StoreMissing(url=shown)
            if found != head():
                raise StoreOutdated(url=shown, found=found, latest=head())
            store = SqlStore(engine, upgrade=False)
        yield store
        if start:
            store = SqlStore(engine)
        else:
            found = current(engine)
            if found is None:
                raise StoreMissing(url=shown)
            if found != head():
                raise StoreOutdated(url=shown, found=found, latest=head())
            store = SqlStore(engine, upgrade=False)


def redacted(url: str) -> str:
    """The URL without any password, in the user part or in the query."""
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    if "://" not in url:
        return url
    try:
        parsed = make_url(url)
    except Exception:
        return url.partition(":")[0] + ":***"
    query = {k: v for k, v in parsed.query.items() if "password" not in k.lower()}
    return parsed.set(query=query).render_as_string(hide_password=True)
