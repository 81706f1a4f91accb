"""The store's schema: ``balorg db upgrade|downgrade|current`` (Alembic revisions)."""

from __future__ import annotations

import argparse

from balorg.cli.common import Sub, arg, command, family
from balorg.cli.output import Output
from balorg.cli.runtime import Runtime, StoreMode
from balorg.cli.texts import T
from balorg.domain.errors import BalorgError

__all__ = ["add_parser"]


def _upgrade(args: argparse.Namespace, out: Output) -> int:
    from balorg.adapters.sql import head, upgrade  # noqa: PLC0415
    from balorg.cli.store import existing_engine  # noqa: PLC0415

    with existing_engine(Runtime(args, out).url, create=True) as engine:
        applied = upgrade(engine)
    out.line(
        T("Base à jour : révision {r}", "Store up to date: revision {r}")(out.lang).format(r=head())
    )
    return out.finish(ok=True, result={"revision": head(), "applied": list(applied)})


def _downgrade(args: argparse.Namespace, out: Output) -> int:
    from balorg.adapters.sql import current, downgrade  # noqa: PLC0415
    from balorg.adapters.sql.migrations import revisions  # noqa: PLC0415
    from balorg.cli.store import existing_engine  # noqa: PLC0415

    known = revisions()
    with existing_engine(Runtime(args, out).url) as engine:
        found = current(engine)
        below = (*known[: known.index(found)], "base") if found in known else ()
        if args.revision not in below:
            raise BalorgError(
                "cli.revision_unknown",
                revision=args.revision[:40],
                revisions=", ".join(below[:-1]) or "-",
            )
        undone = downgrade(engine, args.revision)
        revision = current(engine)
    text = T("Base ramenée à la révision {r}", "Store taken back to revision {r}")
    out.line(text(out.lang).format(r=revision or "base"))
    return out.finish(ok=True, result={"revision": revision, "undone": list(undone)})


def _current(args: argparse.Namespace, out: Output) -> int:
    from balorg.adapters.sql import current, head  # noqa: PLC0415
    from balorg.cli.store import existing_engine  # noqa: PLC0415

    with existing_engine(Runtime(args, out).url) as engine:
        revision = current(engine)
    latest = head()
    state = (
        T("à jour", "up to date")
        if revision == latest
        else T("à mettre à jour : balorg db upgrade", "to upgrade: balorg db upgrade")
    )
    out.line(
        T("Révision {r} ({s})", "Revision {r} ({s})")(out.lang).format(
            r=revision or "-", s=state(out.lang)
        )
    )
    return out.finish(ok=True, result={"revision": revision, "head": latest})


def add_parser(sub: Sub, common: argparse.ArgumentParser) -> None:
    db = family(
        sub,
        "db",
        T(
            "le schéma de la base : créer, mettre à jour, revenir en arrière",
            "the store's schema: create, upgrade, go back",
        ),
    )
    command(
        db,
        common,
        "upgrade",
        _upgrade,
        T(
            "créer la base ou l'amener à la dernière révision",
            "create the store or bring it to the latest revision",
        ),
        store=StoreMode.START,
        session=False,
        example="balorg db upgrade --db balorg.db",
    )
    p = command(
        db,
        common,
        "downgrade",
        _downgrade,
        T(
            "ramener la base à une révision antérieure (données comprises)",
            "take the store back to an earlier revision (data included)",
        ),
        session=False,
        example="balorg db downgrade 0001",
    )
    arg(p, "revision", help=T("la révision visée (ou base)", "the revision to reach (or base)"))
    command(
        db,
        common,
        "current",
        _current,
        T("la révision de la base", "the store's revision"),
        session=False,
        example="balorg db current",
    )
