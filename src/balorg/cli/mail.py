"""Mail through the open mailbox: send in its name, read its inbox; and the mail
transport's hook, ``balorg receive``, that records an incoming message and its notices."""

from __future__ import annotations

import argparse
from typing import Any

from balorg.cli.common import Sub, address, arg, command, paging_options
from balorg.cli.output import Output
from balorg.cli.runtime import Runtime
from balorg.cli.texts import T
from balorg.domain.actors import SystemActor
from balorg.domain.mail import MessageRecord
from balorg.services import read_mailbox, receive_message, send_message

__all__ = ["TRANSPORT", "add_parser"]

#: The operator's mail transport, as the trail names it.
TRANSPORT = SystemActor("mail-transport")


def _record(message: MessageRecord) -> dict[str, Any]:
    return {
        "mailbox": str(message.mailbox),
        "direction": message.direction.value,
        "reference": message.reference,
        "at": message.at.isoformat(),
        "correspondent": str(message.correspondent),
        "author": str(message.author) if message.author else None,
    }


def _send(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        record = send_message(
            ports, rt.session(), recipient=args.to, reference=args.reference, mailbox=args.mailbox
        )
    out.line(
        T("Envoyé au nom de {m} par {a} à {t}", "Sent in the name of {m} by {a} to {t}")(
            out.lang
        ).format(m=record.mailbox, a=record.author, t=record.correspondent)
    )
    return out.finish(ok=True, result=_record(record))


def _receive(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        received = receive_message(
            ports, TRANSPORT, args.mailbox, sender=args.sender, reference=args.reference
        )
    if not received.new:
        out.line(
            T(
                "Message déjà enregistré : rien à faire.",
                "Message already recorded: nothing to do.",
            )(out.lang)
        )
    else:
        told = ", ".join(str(a) for a in received.notified) or T("personne", "nobody")(out.lang)
        out.line(T("Reçu ; notifié(s) : {t}", "Received; notified: {t}")(out.lang).format(t=told))
    return out.finish(
        ok=True,
        result={
            "mailbox": str(args.mailbox),
            "new": received.new,
            "notified": [str(a) for a in received.notified],
        },
    )


def _inbox(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        contents = read_mailbox(
            ports, rt.session(), mailbox=args.mailbox, after=args.after, limit=args.limit
        )
    words = {"received": T("reçu", "received"), "sent": T("envoyé", "sent")}
    headers = [
        T("Date", "Date")(out.lang),
        T("Sens", "Direction")(out.lang),
        T("Correspondant", "Correspondent")(out.lang),
        T("Auteur", "Author")(out.lang),
        T("Référence", "Reference")(out.lang),
    ]
    rows = [
        [
            m.at.isoformat(timespec="minutes"),
            words[m.direction.value](out.lang),
            str(m.correspondent),
            str(m.author) if m.author else "-",
            m.reference,
        ]
        for m in contents.messages
    ]
    out.table(headers, rows, empty=T("Aucun message.", "No message.")(out.lang))
    return out.finish(
        ok=True,
        result={
            "mailbox": str(contents.mailbox),
            "received": [_record(m) for m in contents.received],
            "sent": [_record(m) for m in contents.sent],
            "next": contents.next,
        },
    )


def add_parser(sub: Sub, common: argparse.ArgumentParser) -> None:
    p = command(
        sub,
        common,
        "send",
        _send,
        T(
            "envoyer au nom de la boîte ouverte (le message reste dans ses envoyés)",
            "send in the name of the open mailbox (kept in its sent messages)",
        ),
        example="balorg send --to dr.house@ch-exemple.mssante.fr --reference msg-0002",
    )
    arg(
        p,
        "--to",
        type=address,
        required=True,
        metavar="ADDRESS",
        help=T("le destinataire", "the recipient"),
    )
    arg(
        p,
        "--reference",
        required=True,
        help=T("l'identifiant du message chez l'hôte", "the host's message id"),
    )
    arg(
        p,
        "--mailbox",
        type=address,
        help=T("la boîte (par défaut : celle ouverte)", "the mailbox (default: the open one)"),
    )
    p = command(
        sub,
        common,
        "receive",
        _receive,
        T(
            "transport de messagerie : enregistrer un message reçu et notifier",
            "mail transport: record an incoming message and send notices",
        ),
        session=False,
        example="balorg receive bal@medimail.mssante.fr --from dr@ch.mssante.fr --reference m1",
    )
    arg(
        p,
        "mailbox",
        type=address,
        metavar="MAILBOX",
        help=T("la boîte destinataire", "the receiving mailbox"),
    )
    arg(
        p,
        "--from",
        dest="sender",
        type=address,
        required=True,
        metavar="ADDRESS",
        help=T("l'expéditeur", "the sender"),
    )
    arg(
        p,
        "--reference",
        required=True,
        help=T("l'identifiant du message chez l'hôte", "the host's message id"),
    )
    p = command(
        sub,
        common,
        "inbox",
        _inbox,
        T(
            "les messages reçus et envoyés de la boîte ouverte",
            "the open mailbox's received and sent messages",
        ),
        example="balorg inbox",
    )
    arg(
        p,
        "--mailbox",
        type=address,
        help=T("la boîte (par défaut : celle ouverte)", "the mailbox (default: the open one)"),
    )
    paging_options(p, T("messages par page (100)", "messages per page (100)"))
