"""The audit trail: a mailbox's, an account's; verifying the whole store; anchoring."""

from __future__ import annotations

import argparse
from typing import Any

from balorg.cli.common import (
    Sub,
    address,
    arg,
    command,
    family,
    mailbox_argument,
    moment,
    paging_options,
)
from balorg.cli.output import Output
from balorg.cli.runtime import Runtime
from balorg.cli.texts import T, word
from balorg.domain.audit import AuditEntry
from balorg.domain.messages import Lang
from balorg.services import (
    AuditTrail,
    anchor_audit,
    read_account_trail,
    read_audit_trail,
    verify_audit,
)

__all__ = ["add_parser"]


def _entry(entry: AuditEntry) -> dict[str, Any]:
    return {
        "chain": entry.chain,
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "auth": entry.auth,
        "action": entry.action,
        "allowed": entry.allowed,
        "mailbox": entry.mailbox,
        "account": entry.account,
        "reasons": list(entry.reasons),
        "details": dict(entry.details),
        "hash": entry.hash,
    }


def _auth(auth: str, lang: Lang) -> str:
    """How the actor proved who they were, in words (``session:af00...`` keeps its id)."""
    method, _, detail = auth.partition(":")
    shown = word("auth", method, lang)
    return f"{shown} {detail}" if detail else shown


def _show(out: Output, trail: AuditTrail, subject: dict[str, str]) -> int:
    lang_ = out.lang
    ok, refused = T("autorisé", "allowed")(lang_), T("refusé", "refused")(lang_)
    headers = [
        T("Date", "Date")(lang_),
        T("Acteur", "Actor")(lang_),
        T("Authentifié par", "Authenticated by")(lang_),
        T("Action", "Action")(lang_),
        T("Résultat", "Result")(lang_),
    ]
    rows = [
        [
            e.at.isoformat(timespec="seconds"),
            e.actor,
            _auth(e.auth, lang_),
            word("action", e.action, lang_),
            ok if e.allowed else f"{refused} ({', '.join(e.reasons)})",
        ]
        for e in trail.entries
    ]
    out.table(headers, rows, empty=T("Aucune entrée.", "No entry.")(lang_))
    report = trail.verification
    out.line(
        T("Chaîne vérifiée : {n} entrées, intègre.", "Chain verified: {n} entries, intact.")(
            lang_
        ).format(n=report.count)
        if report.ok
        else T("Chaîne ALTÉRÉE : {n} problème(s).", "Chain ALTERED: {n} problem(s).")(lang_).format(
            n=len(report.problems)
        )
    )
    if trail.next:
        out.line(
            T("Page suivante : --after {c}", "Next page: --after {c}")(lang_).format(c=trail.next)
        )
    return out.finish(
        ok=report.ok,
        result={
            **subject,
            "entries": [_entry(e) for e in trail.entries],
            "verification": {"ok": report.ok, "count": report.count, "head": report.head},
            "next": trail.next,
        },
        errors=report.problems,
    )


def _mailbox(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        trail = read_audit_trail(
            ports,
            rt.session(),
            args.mailbox,
            by=args.by,
            since=args.since,
            until=args.until,
            after=args.after,
            limit=args.limit,
        )
    return _show(out, trail, {"mailbox": str(args.mailbox)})


def _account(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        trail = read_account_trail(
            ports,
            rt.session(),
            args.account,
            since=args.since,
            until=args.until,
            after=args.after,
            limit=args.limit,
        )
    return _show(out, trail, {"account": str(args.account)})


def _verify(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        report = verify_audit(ports, resume=args.resume, expected_anchor_head=args.head)
    if report.ok:
        out.line(
            T(
                "Piste d'audit intègre : {n} entrées vérifiées ; tête des ancres {h}",
                "Audit trail intact: {n} entries verified; anchors' head {h}",
            )(out.lang).format(n=report.count, h=report.head)
        )
    return out.finish(
        ok=report.ok,
        result={"ok": report.ok, "count": report.count, "head": report.head},
        errors=report.problems,
    )


def _anchor(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        count = anchor_audit(ports)
    out.line(T("{n} chaîne(s) ancrée(s).", "{n} chain(s) anchored.")(out.lang).format(n=count))
    return out.finish(ok=True, result={"anchored": count})


def _filters(parser: argparse.ArgumentParser) -> None:
    arg(
        parser,
        "--since",
        type=moment,
        metavar="DATE",
        help=T("à partir de (ISO 8601, inclus)", "from (ISO 8601, included)"),
    )
    arg(
        parser,
        "--until",
        type=moment,
        metavar="DATE",
        help=T("jusqu'à (ISO 8601, exclu)", "until (ISO 8601, excluded)"),
    )
    paging_options(parser, T("entrées par page (100)", "entries per page (100)"))


def add_parser(sub: Sub, common: argparse.ArgumentParser) -> None:
    audit = family(
        sub,
        "audit",
        T(
            "la piste d'audit, chaînée et vérifiable",
            "the audit trail, hash-chained and verifiable",
        ),
    )
    p = command(
        audit,
        common,
        "mailbox",
        _mailbox,
        T(
            "qui a fait quoi sur une BAL (chaîne vérifiée)",
            "who did what on a mailbox (chain verified)",
        ),
        example="balorg audit mailbox pharmacie@medimail.mssante.fr --since 2026-11-01",
    )
    mailbox_argument(p)
    arg(
        p,
        "--by",
        type=address,
        metavar="ACCOUNT",
        help=T("seulement ce compte", "only this account"),
    )
    _filters(p)
    p = command(
        audit,
        common,
        "account",
        _account,
        T(
            "ce qu'un compte a fait ou subi (le sien, ou pour un agent)",
            "what an account did or underwent (one's own, or for an agent)",
        ),
        example="balorg audit account alice@medimail.mssante.fr",
    )
    arg(p, "account", type=address, metavar="ACCOUNT", help=T("le compte", "the account"))
    _filters(p)
    p = command(
        audit,
        common,
        "verify",
        _verify,
        T(
            "vérifier toute la piste d'audit (chaînes, têtes, ancres)",
            "verify the whole audit trail (chains, heads, anchors)",
        ),
        session=False,
        example="balorg audit verify --resume",
    )
    arg(
        p,
        "--resume",
        action="store_true",
        help=T(
            "reprendre depuis le dernier point vérifié", "resume from the last verified checkpoint"
        ),
    )
    arg(
        p,
        "--head",
        metavar="HASH",
        help=T(
            "la tête des ancres gardée ailleurs, à comparer",
            "the anchors' head kept elsewhere, to compare",
        ),
    )
    command(
        audit,
        common,
        "anchor",
        _anchor,
        T(
            "ancrer la tête de chaque chaîne modifiée depuis le dernier ancrage",
            "anchor the head of every chain that moved since the last anchoring",
        ),
        session=False,
        example="balorg audit anchor",
    )
