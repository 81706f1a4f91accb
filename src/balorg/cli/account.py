"""Using the mailboxes (second guide): log in, the blue label, switch, default, notices.

``balorg login ACCOUNT`` asks the password (without echo, or on standard input with
``--password-stdin``), opens a session and keeps its token for the next commands
(:mod:`balorg.cli.session_file`); every other command then acts as the session's
account. ``balorg logout`` ends the session.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from balorg.cli.common import Sub, address, arg, command, on_off, password_option
from balorg.cli.output import Output
from balorg.cli.runtime import Runtime
from balorg.cli.texts import T
from balorg.domain.errors import Problem
from balorg.services import (
    ConnectionSettings,
    SessionView,
    authenticate,
    change_password,
    connection_settings,
    end_session,
    set_default_mailbox,
    set_notices,
    switch_mailbox,
    whoami,
)

__all__ = ["add_parser", "show_session"]

_KIND = {
    "fr": ("nominative", "organisationnelle"),
    "en": ("nominative", "organisational"),
}


def show_session(
    out: Output,
    view: SessionView,
    extra: dict[str, Any] | None = None,
    warnings: Sequence[Problem] = (),
) -> int:
    """The blue label: whose mailbox is open, in whose name one writes."""
    kind = _KIND[out.lang][view.banner.organisational]
    out.line(f"[ {view.banner.label} ]  {view.mailbox} ({kind})")
    return out.finish(
        ok=True,
        result={
            "session": view.id,
            "account": str(view.account),
            "mailbox": str(view.mailbox),
            "label": view.banner.label,
            "organisational": view.banner.organisational,
            "openable": sorted(str(m) for m in view.openable),
            **(extra or {}),
        },
        warnings=warnings,
    )


def _login(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        rt.prepare_session()
        password = rt.password(T("Mot de passe : ", "Password: ")(out.lang))
        opened = authenticate(ports, args.account, password)
    where, warnings = rt.remember(opened.token)
    return show_session(out, opened.view, {"session_file": str(where)}, warnings)


def _logout(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    token = rt.session()
    try:
        with rt.ports() as ports:
            end_session(ports, token)
    finally:  # the token is of no use any more, even when the session had already ended
        rt.forget()
    out.line(T("Session terminée.", "Session ended.")(out.lang))
    return out.finish(ok=True, result={"ended": True})


def _whoami(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        return show_session(out, whoami(ports, rt.session()))


def _switch(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        return show_session(out, switch_mailbox(ports, rt.session(), args.mailbox))


def _default(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        set_default_mailbox(ports, rt.session(), args.mailbox)
    out.line(
        T("Boîte ouverte à la connexion : {m}", "Mailbox opened at login: {m}")(out.lang).format(
            m=args.mailbox
        )
    )
    return out.finish(ok=True, result={"default": str(args.mailbox)})


def _notices(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        set_notices(ports, rt.session(), args.mailbox, enabled=args.state)
    words = T("activées", "on") if args.state else T("désactivées", "off")
    out.line(
        T("Notifications de {m} : {s}", "Notices of {m}: {s}")(out.lang).format(
            m=args.mailbox, s=words(out.lang)
        )
    )
    return out.finish(ok=True, result={"mailbox": str(args.mailbox), "notices": args.state})


def _settings(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        view: ConnectionSettings = connection_settings(ports, rt.session())
    yes, no = T("oui", "yes")(out.lang), T("non", "no")(out.lang)
    headers = [
        T("Compte", "Account")(out.lang),
        T("Compte par défaut", "Default")(out.lang),
        T("Notif de réception vers compte de connexion", "New-mail notices to my address")(
            out.lang
        ),
    ]
    rows = [
        [
            str(m),
            yes if m == view.default else no,
            "-" if m == view.account else (yes if m in view.notices else no),
        ]
        for m in view.mailboxes
    ]
    out.line(T("Gestion des comptes de connexion", "Connection accounts")(out.lang))
    out.table(headers, rows, empty=T("Aucun compte.", "No account.")(out.lang))
    return out.finish(
        ok=True,
        result={
            "account": str(view.account),
            "mailboxes": [str(m) for m in view.mailboxes],
            "default": str(view.default),
            "notices": sorted(str(m) for m in view.notices),
        },
    )


def _password(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    session = rt.session()
    with rt.ports() as ports:
        current = rt.password(T("Mot de passe actuel : ", "Current password: ")(out.lang))
        new = rt.password(T("Nouveau mot de passe : ", "New password: ")(out.lang), confirm=True)
        change_password(ports, session, current=current, new=new)
    out.line(T("Mot de passe changé.", "Password changed.")(out.lang))
    return out.finish(ok=True, result={"changed": True})


def add_parser(sub: Sub, common: argparse.ArgumentParser) -> None:
    p = command(
        sub,
        common,
        "login",
        _login,
        T(
            "se connecter avec son compte nominatif (mot de passe demandé)",
            "log in with one's nominative account (password asked)",
        ),
        session=False,
        example="balorg login alice.bernard@medimail.mssante.fr",
    )
    arg(
        p,
        "account",
        type=address,
        metavar="ACCOUNT",
        help=T("son adresse nominative", "one's nominative address"),
    )
    password_option(p)
    command(
        sub,
        common,
        "logout",
        _logout,
        T("terminer la session", "end the session"),
        example="balorg logout",
    )
    command(
        sub,
        common,
        "whoami",
        _whoami,
        T(
            "l'étiquette bleue : la boîte ouverte et au nom de qui l'on écrit",
            "the blue label: the mailbox open and in whose name one writes",
        ),
        example="balorg whoami",
    )
    p = command(
        sub,
        common,
        "switch",
        _switch,
        T("changer de boîte (« Changer de compte »)", 'open another mailbox ("Changer de compte")'),
        example="balorg switch pharmacie.ducentre@medimail.mssante.fr",
    )
    arg(
        p,
        "mailbox",
        type=address,
        metavar="MAILBOX",
        help=T("la boîte à ouvrir", "the mailbox to open"),
    )
    p = command(
        sub,
        common,
        "default",
        _default,
        T(
            "la boîte ouverte à la connexion (« Définir comme compte par défaut »)",
            'the mailbox opened at login ("Définir comme compte par défaut")',
        ),
        example="balorg default pharmacie.ducentre@medimail.mssante.fr",
    )
    arg(
        p,
        "mailbox",
        type=address,
        metavar="MAILBOX",
        help=T("la boîte par défaut", "the default mailbox"),
    )
    p = command(
        sub,
        common,
        "notices",
        _notices,
        T(
            "notifications de réception vers son adresse nominative",
            "new-mail notices to one's own address",
        ),
        example="balorg notices on pharmacie.ducentre@medimail.mssante.fr",
    )
    arg(p, "state", type=on_off, metavar="on|off", help=T("on ou off", "on or off"))
    arg(
        p,
        "mailbox",
        type=address,
        metavar="MAILBOX",
        help=T("la boîte organisationnelle", "the organisational mailbox"),
    )
    command(
        sub,
        common,
        "settings",
        _settings,
        T(
            "« Gestion des comptes de connexion » : boîtes, défaut et notifications",
            '"Gestion des comptes de connexion": mailboxes, default and notices',
        ),
        example="balorg settings",
    )
    p = command(
        sub,
        common,
        "password",
        _password,
        T(
            "changer son mot de passe (au moins 12 caractères)",
            "change one's password (at least 12 characters)",
        ),
        example="balorg password",
    )
    password_option(p)
