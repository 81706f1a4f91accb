"""The outbox: deliver notices and directory changes, list failures, retry; reminders.

``balorg outbox deliver`` hands the notices to the reference notifier (kept in the
database's ``notices`` table, for the host's relay) and the directory changes to the
reference publisher (the operator's directory, and a local mirror of the national one);
with a ``[directory]`` table in the settings, national changes go to the Annuaire
Santé's FHIR API instead.
"""

from __future__ import annotations

import argparse
from typing import Any

from balorg.cli.common import Sub, arg, command, family, limit_option
from balorg.cli.output import Output
from balorg.cli.runtime import Runtime
from balorg.cli.texts import T, word
from balorg.domain.actors import SystemActor
from balorg.domain.errors import Problem
from balorg.services import Delivery, dispatch, failures, requeue, send_expiry_reminders

__all__ = ["SCHEDULER", "add_parser", "delivery", "show_dispatch"]

SCHEDULER = SystemActor("scheduler")


def delivery(rt: Runtime, store: Any) -> Delivery:
    """The reference delivery over ``store``, with the FHIR publisher when configured."""
    from balorg.adapters.sql import SqlDirectoryPublisher, SqlNotifier  # noqa: PLC0415
    from balorg.domain.publication import DirectoryKind  # noqa: PLC0415

    settings = rt.settings()
    publishers: list[Any] = []
    if settings.directory is not None:
        from balorg.adapters.fhir.publisher import FhirDirectoryPublisher  # noqa: PLC0415
        from balorg.adapters.fhir.settings import directory_settings  # noqa: PLC0415

        where = None if settings.path is None else str(settings.path)
        configured = directory_settings({"directory": settings.directory}, path=where)
        if configured is not None:
            publishers.append(FhirDirectoryPublisher.from_settings(configured))
            publishers.append(SqlDirectoryPublisher(store, DirectoryKind.OPERATOR))
    if not publishers:
        publishers.append(SqlDirectoryPublisher(store))
    return Delivery(notifier=SqlNotifier(store, lang=rt.lang), publishers=publishers)


def show_dispatch(out: Output, report: Any) -> int:
    out.line(
        T(
            "Envoyés : {s} ; à réessayer : {r} ; en échec : {f} ; en attente : {w}",
            "Sent: {s}; to retry: {r}; failed: {f}; waiting: {w}",
        )(out.lang).format(
            s=report.sent, r=report.retrying, f=sum(report.failed.values()), w=report.waiting
        )
    )
    return out.finish(
        ok=not report.failed,
        result={
            "sent": report.sent,
            "retrying": report.retrying,
            "failed": report.failed,
            "waiting": report.waiting,
        },
    )


def _deliver(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        report = dispatch(ports, delivery(rt, ports.uow), limit=args.limit)
    return show_dispatch(out, report)


def _failures(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        found = failures(ports, limit=args.limit, kinds=frozenset(args.kind or ()) or None)
    headers = [
        T("Clé", "Key")(out.lang),
        T("Nature", "Kind")(out.lang),
        T("BAL", "Mailbox")(out.lang),
        T("Essais", "Attempts")(out.lang),
        T("Dernière erreur", "Last error")(out.lang),
    ]
    rows = [
        [
            m.key,
            word("outbox", m.kind, out.lang),
            m.mailbox or "-",
            str(m.attempts),
            f"[{m.last_error}] {m.last_detail}",
        ]
        for m in found
    ]
    out.table(headers, rows, empty=T("Aucun échec.", "No failure.")(out.lang))
    return out.finish(
        ok=True,
        result={
            "failures": [
                {
                    "key": m.key,
                    "kind": m.kind,
                    "mailbox": m.mailbox,
                    "attempts": m.attempts,
                    "error": m.last_error,
                    "detail": m.last_detail,
                }
                for m in found
            ]
        },
    )


def _retry(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        done = requeue(ports, args.key)
    if not done:
        return out.finish(
            ok=False, errors=[Problem("cli.outbox_not_failed", "key", {"key": args.key[:80]})]
        )
    out.line(T("{k} : sera réessayé.", "{k}: will be tried again.")(out.lang).format(k=args.key))
    return out.finish(ok=True, result={"key": args.key})


def _remind(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        count = send_expiry_reminders(ports, SCHEDULER)
    out.line(
        T("{n} rappel(s) d'expiration préparé(s).", "{n} expiry reminder(s) prepared.")(
            out.lang
        ).format(n=count)
    )
    return out.finish(ok=True, result={"reminded": count})


def add_parser(sub: Sub, common: argparse.ArgumentParser) -> None:
    outbox = family(
        sub,
        "outbox",
        T(
            "notifications et publications en attente : livrer, échecs, relance",
            "notices and publications waiting: deliver, failures, retry",
        ),
    )
    p = command(
        outbox,
        common,
        "deliver",
        _deliver,
        T(
            "livrer ce qui est dû (avec nouvelles tentatives espacées)",
            "deliver what is due (with spaced retries)",
        ),
        session=False,
        example="balorg outbox deliver",
    )
    limit_option(p, T("messages au plus (100)", "messages at most (100)"))
    p = command(
        outbox,
        common,
        "failures",
        _failures,
        T(
            "ce qui attend une personne, avec la dernière erreur",
            "what waits for a person, with the last error",
        ),
        session=False,
        example="balorg outbox failures",
    )
    arg(
        p,
        "--kind",
        action="append",
        choices=("notice", "directory"),
        help=T("seulement cette nature", "only this kind"),
    )
    limit_option(p, T("au plus (100)", "at most (100)"))
    p = command(
        outbox,
        common,
        "retry",
        _retry,
        T(
            "réessayer un message en échec (sa cause est réglée)",
            "try a failed message again (its cause was fixed)",
        ),
        session=False,
        example="balorg outbox retry 3f2a...",
    )
    arg(p, "key", help=T("la clé du message", "the message's key"))
    command(
        outbox,
        common,
        "remind",
        _remind,
        T(
            "préparer les rappels d'expiration des délégations",
            "prepare the expiry reminders of delegations",
        ),
        session=False,
        example="balorg outbox remind",
    )
