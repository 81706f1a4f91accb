"""The service centre: pending accounts, validation, and enrolling its agents.

Agents log in like anyone else. The first agent cannot be validated by anyone, so the
operator enrols agents from its console (``balorg agent enrol``, run with access to the
database; the address must be listed in ``[operator] service_centre``): the account is
created validated, with the password asked twice.
"""

from __future__ import annotations

import argparse

from balorg.cli.common import (
    Sub,
    address,
    arg,
    command,
    family,
    paging_options,
    password_option,
)
from balorg.cli.output import Output
from balorg.cli.runtime import Runtime, StoreMode
from balorg.cli.texts import T
from balorg.domain.actors import SystemActor
from balorg.services import approve_account, enrol_agent, pending_accounts, reject_account

__all__ = ["CONSOLE", "add_parser"]

#: The operator's console, as the trail names it.
CONSOLE = SystemActor("operator-console")


def _pending(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        page = pending_accounts(ports, rt.session(), after=args.after, limit=args.limit)
    late = T("EN RETARD", "OVERDUE")(out.lang)
    headers = [
        T("Compte", "Account")(out.lang),
        T("Nom", "Name")(out.lang),
        T("Créé le", "Created")(out.lang),
        T("À valider avant", "Deadline")(out.lang),
        "",
    ]
    rows = [
        [
            str(p.account.address),
            p.account.display_name,
            p.created_at.isoformat(timespec="minutes"),
            p.deadline.isoformat(timespec="minutes"),
            late if p.overdue else "",
        ]
        for p in page.items
    ]
    out.table(headers, rows, empty=T("Aucun compte en attente.", "No account waiting.")(out.lang))
    return out.finish(
        ok=True,
        result={
            "pending": [
                {
                    "account": str(p.account.address),
                    "name": p.account.display_name,
                    "created_at": p.created_at.isoformat(),
                    "deadline": p.deadline.isoformat(),
                    "overdue": p.overdue,
                }
                for p in page.items
            ],
            "next": page.next,
        },
    )


def _approve(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        account = approve_account(ports, rt.session(), args.account)
    out.line(T("{a} : validé", "{a}: approved")(out.lang).format(a=args.account))
    return out.finish(ok=True, result={"account": str(args.account), "state": account.state.value})


def _reject(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        account = reject_account(ports, rt.session(), args.account, reason=args.reason)
    out.line(T("{a} : refusé", "{a}: rejected")(out.lang).format(a=args.account))
    return out.finish(ok=True, result={"account": str(args.account), "state": account.state.value})


def _enrol(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    rt.settings()  # a wrong settings file is said before a password is typed
    password = rt.password(
        T("Mot de passe de {a} : ", "Password of {a}: ")(out.lang).format(a=args.account),
        confirm=True,
    )
    with rt.ports() as ports:
        agent = enrol_agent(
            ports,
            CONSOLE,
            args.account,
            first_name=args.first_name,
            last_name=args.last_name,
            password=password,
        )
    out.line(
        T("{a} : agent du centre de services", "{a}: service centre agent")(out.lang).format(
            a=args.account
        )
    )
    return out.finish(ok=True, result={"account": str(args.account), "state": agent.state.value})


def add_parser(sub: Sub, common: argparse.ArgumentParser) -> None:
    p = command(
        sub,
        common,
        "pending",
        _pending,
        T(
            "centre de services : comptes en attente de validation (72 heures)",
            "service centre: accounts waiting for validation (72 hours)",
        ),
        example="balorg pending",
    )
    paging_options(p, T("comptes par page (100)", "accounts per page (100)"))
    p = command(
        sub,
        common,
        "approve",
        _approve,
        T(
            "centre de services : valider un nouveau compte",
            "service centre: approve a new account",
        ),
        example="balorg approve alice.bernard@medimail.mssante.fr",
    )
    arg(
        p,
        "account",
        type=address,
        metavar="ACCOUNT",
        help=T("le compte à valider", "the account to approve"),
    )
    p = command(
        sub,
        common,
        "reject",
        _reject,
        T(
            "centre de services : refuser un nouveau compte, avec un motif",
            "service centre: reject a new account, with a reason",
        ),
        example="balorg reject eve@medimail.mssante.fr --reason 'identité non vérifiée'",
    )
    arg(
        p,
        "account",
        type=address,
        metavar="ACCOUNT",
        help=T("le compte à refuser", "the account to reject"),
    )
    arg(
        p,
        "--reason",
        required=True,
        help=T("le motif, dit à la personne", "the reason, told to the person"),
    )
    agents = family(
        sub, "agent", T("les agents du centre de services", "the service centre's agents")
    )
    p = command(
        agents,
        common,
        "enrol",
        _enrol,
        T(
            "l'opérateur crée le compte d'un agent listé dans les réglages (validé d'emblée)",
            "the operator creates the account of an agent listed in the settings "
            "(validated at once)",
        ),
        store=StoreMode.START,
        session=False,
        example="balorg agent enrol agent@esante-occitanie.fr --first-name Anne --last-name Gent",
    )
    arg(
        p,
        "account",
        type=address,
        metavar="ACCOUNT",
        help=T("l'adresse de l'agent", "the agent's address"),
    )
    arg(p, "--first-name", required=True, help=T("prénom", "first name"))
    arg(p, "--last-name", required=True, help=T("nom", "last name"))
    password_option(p)
