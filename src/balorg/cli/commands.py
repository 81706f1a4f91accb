"""The sub-commands over the services: both user guides from a terminal.

Each command acts as the nominative account named by ``--as`` (the support
desk or the person themself); passwords are read without echo, or from
standard input with ``--password-stdin``, never from the command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeAlias

from balorg.cli.backend import open_ports
from balorg.cli.output import Output
from balorg.cli.passwords import read_password
from balorg.domain.addresses import EmailAddress
from balorg.domain.delegation import Capability
from balorg.domain.errors import BalorgError
from balorg.registration import validate_registration
from balorg.services import (
    approve_account,
    attach_existing_account,
    authenticate,
    change_red_list,
    create_member_account,
    finish_registration,
    pending_accounts,
    read_audit_trail,
    read_mailbox,
    receive_message,
    register_mailbox,
    reject_account,
    revoke_member,
    send_message,
    set_default_mailbox,
    set_notices,
    switch_mailbox,
)
from balorg.services.connection import Session
from balorg.services.context import Ports
from balorg.services.listing import list_members

__all__ = ["add_parser"]

Handler = Callable[[argparse.Namespace, Output, Ports], int]
Sub: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _address(text: str) -> EmailAddress:
    try:
        return EmailAddress(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _when(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date and time: {text}") from None
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(f"a timezone is needed (e.g. {text}+00:00)")
    return value


def _switch(text: str) -> bool:
    if text not in ("on", "off"):
        raise argparse.ArgumentTypeError("on or off")
    return text == "on"


def _command(
    sub: Sub, common: argparse.ArgumentParser, name: str, handler: Handler, help: str
) -> argparse.ArgumentParser:
    parser = sub.add_parser(name, parents=[common], help=help, description=help, allow_abbrev=False)
    parser.add_argument("--db", help="SQLAlchemy URL (default: sqlite:///balorg.db)")
    parser.add_argument("--config", help="operator settings (default: ./balorg.toml if present)")
    parser.set_defaults(handler=handler, run=_run)
    return parser


def _actor(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as",
        dest="actor",
        type=_address,
        required=True,
        metavar="ACCOUNT",
        help="the nominative account acting",
    )


def _password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input instead of the terminal",
    )


def _capabilities(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--capability",
        dest="capabilities",
        action="append",
        type=Capability,
        choices=list(Capability),
        metavar="{" + ",".join(c.value for c in Capability) + "}",
        help="repeat for several (default: read and send)",
    )
    parser.add_argument("--expires", type=_when, help="ISO 8601 expiry of the delegation")


def _run(args: argparse.Namespace, out: Output) -> int:
    with open_ports(args) as ports:
        handler: Handler = args.handler
        return handler(args, out, ports)


def _session(out: Output, session: Session) -> int:
    kind = "organisationnelle" if session.banner.organisational else "nominative"
    if out.lang == "en":
        kind = "organisational" if session.banner.organisational else "nominative"
    out.line(f"[ {session.banner.label} ]  {session.mailbox} ({kind})")
    return out.finish(
        ok=True,
        result={
            "account": str(session.account),
            "mailbox": str(session.mailbox),
            "label": session.banner.label,
            "organisational": session.banner.organisational,
            "openable": sorted(str(m) for m in session.openable),
        },
    )


# -- creating ---------------------------------------------------------------------------------


def _register(args: argparse.Namespace, out: Output, ports: Ports) -> int:
    path = Path(args.form)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BalorgError("cli.file_unreadable", path=str(path), reason=exc.strerror) from None
    except UnicodeDecodeError:
        raise BalorgError("cli.file_unreadable", path=str(path), reason="not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise BalorgError("cli.invalid_json", path=str(path), reason=str(exc)) from None
    report = validate_registration(data, on=args.on or ports.clock.now().date())
    if report.registration is None:
        return out.finish(
            ok=False,
            result=report.to_dict(out.lang),
            errors=report.errors,
            warnings=report.warnings,
        )
    password = read_password("Mot de passe du responsable : ", from_stdin=args.password_stdin)
    mailbox = register_mailbox(
        ports, report.registration, address=args.address, responsible_password=password
    )
    out.line(f"{mailbox.address} : {mailbox.state.value} ({mailbox.label})")
    return out.finish(
        ok=True,
        result={
            "mailbox": str(mailbox.address),
            "state": mailbox.state.value,
            "label": str(mailbox.label),
        },
        warnings=report.warnings,
    )


def _members_add(args: argparse.Namespace, out: Output, ports: Ports) -> int:
    password = read_password(f"Mot de passe de {args.account} : ", from_stdin=args.password_stdin)
    attach_existing_account(
        ports,
        args.mailbox,
        account=args.account,
        password=password,
        by=args.actor,
        capabilities=args.capabilities,
        expires_at=args.expires,
    )
    out.line(f"{args.account} -> {args.mailbox}")
    return out.finish(ok=True, result={"mailbox": str(args.mailbox), "account": str(args.account)})


def _members_create(args: argparse.Namespace, out: Output, ports: Ports) -> int:
    password = read_password(f"Mot de passe de {args.account} : ", from_stdin=args.password_stdin)
    account = create_member_account(
        ports,
        args.mailbox,
        account=args.account,
        first_name=args.first_name,
        last_name=args.last_name,
        password=password,
        by=args.actor,
        capabilities=args.capabilities,
        expires_at=args.expires,
    )
    out.line(f"{account.address} ({account.state.value}) -> {args.mailbox}")
    return out.finish(
        ok=True,
        result={
            "mailbox": str(args.mailbox),
            "account": str(account.address),
            "state": account.state.value,
        },
    )


def _members_list(args: argparse.Namespace, out: Output, ports: Ports) -> int:
    listing = list_members(ports, args.mailbox, by=args.actor)
    rows = []
    for m in listing.members:
        state = m.state.value if m.state is not None else m.role.value
        caps = ",".join(sorted(c.value for c in m.capabilities)) or "-"
        expiry = f" -> {m.expires_at.isoformat()}" if m.expires_at else ""
        out.line(f"{m.account!s:<45} {state:<20} {caps}{expiry}")
        rows.append(
            {
                "account": str(m.account),
                "role": m.role.value,
                "state": m.state.value if m.state else None,
                "capabilities": sorted(c.value for c in m.capabilities),
                "granted_by": str(m.granted_by) if m.granted_by else None,
                "granted_at": m.granted_at.isoformat() if m.granted_at else None,
                "expires_at": m.expires_at.isoformat() if m.expires_at else None,
                "reason": m.reason,
            }
        )
    return out.finish(ok=True, result={"mailbox": str(args.mailbox), "members": rows})


def _members_revoke(args: argparse.Namespace, out: Output, ports: Ports) -> int:
    revoke_member(ports, args.mailbox, account=args.account, by=args.actor, reason=args.reason)
    out.line(f"{args.account} x {args.mailbox}")
    return out.finish(ok=True, result={"mailbox": str(args.mailbox), "account": str(args.account)})


def _finish(args: argparse.Namespace, out: Output, ports: Ports) -> int:
    live = finish_registration(ports, args.mailbox, by=args.actor)
    state = "active" if live else "pending"
    waiting = {
        "fr": " (en attente de la validation du compte du responsable)",
        "en": " (waiting for the validation of the responsible's account)",
    }[out.lang]
    out.line(f"{args.mailbox} : {state}{'' if live else waiting}")
    return out.finish(ok=True, result={"mailbox": str(args.mailbox), "state": state})


# -- service centre ---------------------------------------------------------------------------


def _pending(args: argparse.Namespace, out: Output, ports: Ports) -> int:
    rows = []
    for p in pending_accounts(ports, by=args.actor):
        flag = (" EN RETARD" if out.lang == "fr" else " OVERDUE") if p.overdue else ""
        created, deadline = p.created_at.isoformat(), p.deadline.isoformat()
        out.line(f"{p.account.address!s:<45} {created}  -> {deadline}{flag}")
        rows.append(
            {
                "account": str(p.account.address),
                "name": p.account.display_name,
                "created_at": p.created_at.isoformat(),
                "deadline": p.deadline.isoformat(),
                "overdue": p.overdue,
            }
        )
    return out.finish(ok=True, result={"pending": rows})


def _approve(args: argparse.Namespace, out: Output, ports: Ports) -> int:
    approve_account(ports, args.account, by=args.actor)
    out.line(f"{args.account} : active")
    return out.finish(ok=True, result={"account": str(args.account), "state": "active"})


def _reject(args: argparse.Namespace, out: Output, ports: Ports) -> int:
    reject_account(ports, args.account, by=args.actor, reason=args.reason)
    out.line(f"{args.account} : rejected")
    return out.finish(ok=True, result={"account": str(args.account), "state": "rejected"})


# -- using ------------------------------------------------------------------------------------


def _login(args: argparse.Namespace, out: Output, ports: Ports) -> int:
    password = read_password("Mot de passe : ", from_stdin=args.password_stdin)
    return _session(out, authenticate(ports, args.account, password))


def _switch_cmd(args: argparse.Namespace, out: Output, ports: Ports) -> int:
    return _session(out, switch_mailbox(ports, args.account, args.mailbox))


def _default(args: argparse.Namespace, out: Output, ports: Ports) -> int:
    set_default_mailbox(ports, args.account, args.mailbox)
    out.line(f"{args.account} : {args.mailbox}")
    return out.finish(ok=True, result={"account": str(args.account), "default": str(args.mailbox)})


def _notices(args: argparse.Namespace, out: Output, ports: Ports) -> int:
    enabled = args.state == "on"
    set_notices(ports, args.account, args.mailbox, enabled=enabled)
    out.line(f"{args.account} : {args.mailbox} {args.state}")
    return out.finish(
        ok=True,
        result={"account": str(args.account), "mailbox": str(args.mailbox), "notices": enabled},
    )


def _redlist(args: argparse.Namespace, out: Output, ports: Ports) -> int:
    changed = change_red_list(
        ports,
        args.mailbox,
        by=args.actor,
        national_directory=args.national,
        operator_directory=args.operator,
    )
    words = {"fr": ("modifiée", "inchangée"), "en": ("changed", "unchanged")}[out.lang]
    out.line(f"{args.mailbox} : {words[0] if changed else words[1]}")
    return out.finish(ok=True, result={"mailbox": str(args.mailbox), "changed": changed})


def _send(args: argparse.Namespace, out: Output, ports: Ports) -> int:
    record = send_message(
        ports, args.mailbox, by=args.actor, recipient=args.to, reference=args.reference
    )
    out.line(f"{record.mailbox} -> {record.correspondent} ({record.reference}, {record.author})")
    return out.finish(ok=True, result=_message(record))


def _receive(args: argparse.Namespace, out: Output, ports: Ports) -> int:
    notices = receive_message(ports, args.mailbox, sender=args.sender, reference=args.reference)
    for notice in notices:
        text = notice.render(out.lang)
        out.line(f"notice -> {notice.to}: {text.subject}")
    return out.finish(
        ok=True,
        result={"mailbox": str(args.mailbox), "notified": [str(n.to) for n in notices]},
    )


def _message(record: Any) -> dict[str, Any]:
    return {
        "mailbox": str(record.mailbox),
        "direction": record.direction.value,
        "reference": record.reference,
        "at": record.at.isoformat(),
        "correspondent": str(record.correspondent),
        "author": str(record.author) if record.author else None,
    }


def _inbox(args: argparse.Namespace, out: Output, ports: Ports) -> int:
    contents = read_mailbox(ports, args.mailbox, by=args.actor)
    for record in (*contents.received, *contents.sent):
        by = "par" if out.lang == "fr" else "by"
        who = f" {by} {record.author}" if record.author else ""
        when = record.at.isoformat()
        out.line(
            f"{when} {record.direction.value:<8} {record.correspondent} {record.reference}{who}"
        )
    return out.finish(
        ok=True,
        result={
            "mailbox": str(args.mailbox),
            "received": [_message(r) for r in contents.received],
            "sent": [_message(r) for r in contents.sent],
        },
    )


def _audit(args: argparse.Namespace, out: Output, ports: Ports) -> int:
    trail = read_audit_trail(
        ports,
        args.mailbox,
        by=args.actor,
        actor=args.actor_filter,
        since=args.since,
        until=args.until,
    )
    for e in trail.entries:
        verdict = "ok" if e.allowed else "REFUS " + ",".join(e.reasons)
        out.line(f"{e.seq:>5} {e.at.isoformat()} {e.actor:<40} {e.action:<24} {verdict}")
    report = trail.verification
    out.line(
        ("chaîne vérifiée" if out.lang == "fr" else "chain verified")
        + f" : {report.count} / {report.head[:16]}"
        if report.ok
        else "CHAÎNE ROMPUE / CHAIN BROKEN"
    )
    return out.finish(
        ok=report.ok,
        result={
            "mailbox": str(args.mailbox),
            "entries": [
                {
                    "seq": e.seq,
                    "at": e.at.isoformat(),
                    "actor": e.actor,
                    "action": e.action,
                    "allowed": e.allowed,
                    "reasons": list(e.reasons),
                    "details": dict(e.details),
                    "hash": e.hash,
                }
                for e in trail.entries
            ],
            "verification": {"ok": report.ok, "count": report.count, "head": report.head},
        },
        errors=report.problems,
    )


# -- parsers ----------------------------------------------------------------------------------


def add_parser(sub: Sub, common: argparse.ArgumentParser) -> None:  # noqa: PLR0915 - one place lists every command
    p = _command(
        sub, common, "register", _register, "validate a registration form and register the mailbox"
    )
    p.add_argument("form", metavar="FORM.json")
    p.add_argument("--address", type=_address, required=True, help="the mailbox's MSSanté address")
    p.add_argument("--on", type=dt.date.fromisoformat, help="judge eligibility on this date")
    _password_option(p)

    members = sub.add_parser(
        "members", help="attach, create, list and revoke members", allow_abbrev=False
    )
    msub = members.add_subparsers(dest="members_command", required=True, metavar="ACTION")
    p = _command(
        msub,
        common,
        "add",
        _members_add,
        "attach an existing nominative account (its password is asked)",
    )
    p.add_argument("mailbox", type=_address)
    p.add_argument("account", type=_address)
    _actor(p)
    _capabilities(p)
    _password_option(p)
    p = _command(
        msub,
        common,
        "create",
        _members_create,
        "create a new nominative account, waiting for validation",
    )
    p.add_argument("mailbox", type=_address)
    p.add_argument("account", type=_address)
    p.add_argument("--first-name", required=True)
    p.add_argument("--last-name", required=True)
    _actor(p)
    _capabilities(p)
    _password_option(p)
    p = _command(msub, common, "list", _members_list, "the responsible and the members")
    p.add_argument("mailbox", type=_address)
    _actor(p)
    p = _command(
        msub, common, "revoke", _members_revoke, "revoke a member's delegation, with a reason"
    )
    p.add_argument("mailbox", type=_address)
    p.add_argument("account", type=_address)
    p.add_argument("--reason", required=True)
    _actor(p)

    p = _command(sub, common, "finish", _finish, "finish the registration (Terminer)")
    p.add_argument("mailbox", type=_address)
    _actor(p)
    p = _command(
        sub, common, "pending", _pending, "service centre: accounts waiting for validation"
    )
    _actor(p)
    p = _command(sub, common, "approve", _approve, "service centre: validate a new account")
    p.add_argument("account", type=_address)
    _actor(p)
    p = _command(sub, common, "reject", _reject, "service centre: refuse a new account")
    p.add_argument("account", type=_address)
    p.add_argument("--reason", required=True)
    _actor(p)

    p = _command(sub, common, "login", _login, "log in with a nominative account (password asked)")
    p.add_argument("account", type=_address)
    _password_option(p)
    p = _command(sub, common, "switch", _switch_cmd, "open another mailbox (Changer de compte)")
    p.add_argument("account", type=_address)
    p.add_argument("mailbox", type=_address)
    p = _command(sub, common, "default", _default, "set the mailbox opened at login")
    p.add_argument("account", type=_address)
    p.add_argument("mailbox", type=_address)
    p = _command(sub, common, "notices", _notices, "new-mail notices to the account's own address")
    p.add_argument("state", choices=("on", "off"))
    p.add_argument("account", type=_address)
    p.add_argument("mailbox", type=_address)
    p = _command(sub, common, "redlist", _redlist, "put on or take off each directory's red list")
    p.add_argument("mailbox", type=_address)
    p.add_argument("--national", type=_switch, metavar="on|off")
    p.add_argument("--operator", type=_switch, metavar="on|off")
    _actor(p)

    p = _command(sub, common, "send", _send, "send in the name of the mailbox")
    p.add_argument("mailbox", type=_address)
    p.add_argument("--to", type=_address, required=True)
    p.add_argument("--reference", required=True, help="the host's message id")
    _actor(p)
    p = _command(sub, common, "receive", _receive, "record an incoming message and send notices")
    p.add_argument("mailbox", type=_address)
    p.add_argument("--from", dest="sender", type=_address, required=True)
    p.add_argument("--reference", required=True, help="the host's message id")
    p = _command(sub, common, "inbox", _inbox, "the shared inbox and sent messages")
    p.add_argument("mailbox", type=_address)
    _actor(p)
    p = _command(
        sub, common, "audit", _audit, "the mailbox's audit trail, with verification of the chain"
    )
    p.add_argument("mailbox", type=_address)
    _actor(p)
    p.add_argument(
        "--actor", dest="actor_filter", type=_address, help="only this account's entries"
    )
    p.add_argument("--since", type=_when)
    p.add_argument("--until", type=_when)
