"""Creating an organisational mailbox (first guide) and managing its members.

``balorg register FORM.json --address ADDRESS`` validates the form and registers the
mailbox; the registrant is its responsible: a new account is created with the password
asked (twice on a terminal) and waits for the service centre, and a session opens, in
which the registrant attaches members (``members add``/``members create``) and presses
"Terminer" (``finish``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from balorg.cli.common import (
    Sub,
    address,
    arg,
    capabilities_options,
    capability,
    capability_names,
    command,
    day,
    family,
    mailbox_argument,
    paging_options,
    password_option,
)
from balorg.cli.files import read_bounded, shown
from balorg.cli.output import Output
from balorg.cli.runtime import Runtime, StoreMode, national_directory
from balorg.cli.texts import T
from balorg.domain.errors import BalorgError, Problem
from balorg.domain.messages import render
from balorg.registration import (
    directory_problems,
    professional_identifier,
    validate_registration,
)
from balorg.services import (
    Member,
    attach_existing_account,
    create_member_account,
    finish_registration,
    grant_member,
    hand_over_responsibility,
    list_members,
    register_mailbox,
    resume_member,
    review_member,
    revoke_member,
    suspend_member,
)

__all__ = ["MAX_FORM_BYTES", "add_parser", "read_form"]

#: A registration form is a few kilobytes; a larger file is refused unread.
MAX_FORM_BYTES = 1_000_000


def read_form(path: Path) -> Any:
    """The JSON form at ``path`` (UTF-8, a byte-order mark tolerated), bounded in size,
    depth and length of numbers (a form holds none longer than a date)."""
    name = shown(path)
    data = read_bounded(path, MAX_FORM_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BalorgError("cli.file_not_utf8", path=name) from None
    try:
        return json.loads(text, parse_int=_whole, parse_constant=_no_constant)
    except _TooLong:
        raise BalorgError("cli.json_number_too_long", path=name, max=MAX_DIGITS) from None
    except RecursionError:
        raise BalorgError("cli.json_too_deep", path=name) from None
    except json.JSONDecodeError as exc:
        raise BalorgError(
            "cli.invalid_json", path=name, line=exc.lineno, column=exc.colno
        ) from None
    except ValueError:
        raise BalorgError("cli.invalid_json", path=name, line=0, column=0) from None


#: The longest number a form may hold.
MAX_DIGITS = 40


class _TooLong(ValueError):
    pass


def _whole(text: str) -> int:
    if len(text) > MAX_DIGITS:
        raise _TooLong()
    return int(text)


def _no_constant(text: str) -> Any:
    """``NaN`` and ``Infinity`` are not JSON."""
    raise ValueError(text)


def _register(args: argparse.Namespace, out: Output) -> int:
    """Settings, form and password are checked before the store is opened: a refused
    form or password leaves no store behind (and nothing in an existing one)."""
    from balorg.adapters.clock import SystemClock  # noqa: PLC0415

    rt = Runtime(args, out)
    rt.settings()
    data = read_form(Path(args.form))
    report = validate_registration(data, on=args.on or SystemClock().now().date())
    if report.registration is None:
        return out.finish(
            ok=False,
            result=report.to_dict(out.lang),
            errors=report.errors,
            warnings=report.warnings,
        )
    rt.prepare_session()
    password = rt.password(
        T("Mot de passe du responsable : ", "The responsible's password: ")(out.lang),
        confirm=True,
    )
    with rt.ports() as ports:
        registered = register_mailbox(
            ports, report.registration, address=args.address, password=password
        )
        warnings = list(report.warnings)
        directory = national_directory(ports.uow)
        if directory is not None:  # what the imported national directory says of them
            responsible = report.registration.responsible
            warnings += directory_problems(directory, responsible.idnat, responsible.profession)
    mailbox = registered.mailbox
    result: dict[str, Any] = {
        "mailbox": str(mailbox.address),
        "state": mailbox.state.value,
        "label": str(mailbox.label),
    }
    if registered.session is not None:
        where, more = rt.remember(registered.session.token)
        result["session_file"] = str(where)
        warnings.extend(more)
    out.line(
        f"{mailbox.address} : {render('state.' + mailbox.state.value, {}, out.lang)} "
        f"({mailbox.label})"
    )
    return out.finish(ok=True, result=result, warnings=warnings)


def _members_add(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    session = rt.session()
    with rt.ports() as ports:
        password = rt.password(
            T("Mot de passe de {a} : ", "Password of {a}: ")(out.lang).format(a=args.account)
        )
        attach_existing_account(
            ports,
            session,
            args.mailbox,
            account=args.account,
            password=password,
            capabilities=args.capabilities,
            expires_at=args.expires,
        )
    out.line(
        T("{a} rattaché à {m}", "{a} attached to {m}")(out.lang).format(
            a=args.account, m=args.mailbox
        )
    )
    return out.finish(ok=True, result={"mailbox": str(args.mailbox), "account": str(args.account)})


def _members_create(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    professional = None
    if args.identifier:
        try:
            professional = professional_identifier(args.identifier)
        except BalorgError as exc:
            return out.finish(ok=False, errors=[Problem.from_error(exc, "identifier")])
    session = rt.session()
    with rt.ports() as ports:
        password = rt.password(
            T("Mot de passe de {a} : ", "Password of {a}: ")(out.lang).format(a=args.account),
            confirm=True,
        )
        account = create_member_account(
            ports,
            session,
            args.mailbox,
            account=args.account,
            first_name=args.first_name,
            last_name=args.last_name,
            password=password,
            capabilities=args.capabilities,
            expires_at=args.expires,
            professional=professional,
        )
    state = render("state." + account.state.value, {}, out.lang)
    out.line(f"{account.address} ({state}) -> {args.mailbox}")
    return out.finish(
        ok=True,
        result={
            "mailbox": str(args.mailbox),
            "account": str(account.address),
            "state": account.state.value,
        },
    )


def _member_row(member: Member) -> dict[str, Any]:
    return {
        "account": str(member.account),
        "role": member.role.value,
        "state": member.state.value if member.state else None,
        "capabilities": sorted(c.value for c in member.capabilities),
        "granted_by": str(member.granted_by) if member.granted_by else None,
        "granted_at": member.granted_at.isoformat() if member.granted_at else None,
        "expires_at": member.expires_at.isoformat() if member.expires_at else None,
        "reason": member.reason,
        "review": member.review.value,
    }


def _members_list(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        listing = list_members(
            ports, rt.session(), args.mailbox, after=args.after, limit=args.limit
        )
    words = out.lang
    headers = [
        T("Compte", "Account")(words),
        T("Rôle / état", "Role / state")(words),
        T("Droits", "Capabilities")(words),
        T("Expire le", "Expires")(words),
        T("À revoir", "To review")(words),
    ]
    rows = [
        [
            str(m.account),
            render("state." + (m.state.value if m.state else m.role.value), {}, words),
            ", ".join(
                render("capability." + c.value, {}, words)
                for c in sorted(m.capabilities, key=lambda c: c.value)
            ),
            m.expires_at.date().isoformat() if m.expires_at else "-",
            T("oui", "yes")(words) if m.review.value == "to_review" else "",
        ]
        for m in listing.members
    ]
    out.table(headers, rows, empty=T("Aucun membre.", "No member.")(words))
    if listing.next:
        out.line(
            T("Page suivante : --after {c}", "Next page: --after {c}")(words).format(c=listing.next)
        )
    return out.finish(
        ok=True,
        result={
            "mailbox": str(args.mailbox),
            "members": [_member_row(m) for m in listing.members],
            "to_review": [_member_row(m) for m in listing.to_review],
            "next": listing.next,
        },
    )


def _changed(out: Output, args: argparse.Namespace, verb: T) -> int:
    out.line(f"{args.account} : {verb(out.lang)} ({args.mailbox})")
    return out.finish(ok=True, result={"mailbox": str(args.mailbox), "account": str(args.account)})


def _members_grant(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        granted = grant_member(
            ports,
            rt.session(),
            args.mailbox,
            account=args.account,
            capabilities=args.capabilities,
            expires_at=args.expires,
        )
    out.line(
        T("{a} : délégation accordée ({m})", "{a}: delegation granted ({m})")(out.lang).format(
            a=args.account, m=args.mailbox
        )
    )
    expires = granted.delegation.expires_at
    return out.finish(
        ok=True,
        result={
            "mailbox": str(args.mailbox),
            "account": str(args.account),
            "state": granted.delegation.state.value,
            "expires_at": expires.isoformat() if expires else None,
        },
        warnings=granted.warnings,
    )


def _members_suspend(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        suspend_member(ports, rt.session(), args.mailbox, account=args.account, reason=args.reason)
    return _changed(out, args, T("délégation suspendue", "delegation suspended"))


def _members_resume(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        resume_member(ports, rt.session(), args.mailbox, account=args.account)
    return _changed(out, args, T("délégation reprise", "delegation resumed"))


def _members_revoke(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        revoke_member(ports, rt.session(), args.mailbox, account=args.account, reason=args.reason)
    return _changed(out, args, T("délégation révoquée", "delegation revoked"))


def _members_review(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        review_member(
            ports,
            rt.session(),
            args.mailbox,
            account=args.account,
            keep=args.decision == "keep",
            reason=args.reason,
        )
    verb = (
        T("délégation conservée", "delegation kept")
        if args.decision == "keep"
        else T("délégation révoquée", "delegation revoked")
    )
    return _changed(out, args, verb)


def _finish(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        live = finish_registration(ports, rt.session(), args.mailbox)
    if live:
        text = T("{m} : active", "{m}: active")
    else:
        text = T(
            "{m} : en attente de la validation du compte du responsable",
            "{m}: waiting for the validation of the responsible's account",
        )
    out.line(text(out.lang).format(m=args.mailbox))
    return out.finish(
        ok=True, result={"mailbox": str(args.mailbox), "state": "active" if live else "pending"}
    )


def _handover(args: argparse.Namespace, out: Output) -> int:
    from balorg.registration.form import parse_professional  # noqa: PLC0415

    rt = Runtime(args, out)
    successor, problems = parse_professional(
        identifier=args.identifier,
        profession=args.profession,
        last_name=args.last_name,
        first_name=args.first_name,
        email=str(args.successor),
        on=dt.date.today(),
    )
    if successor is None:
        return out.finish(ok=False, errors=problems)
    with rt.ports() as ports:
        hand_over_responsibility(
            ports,
            rt.session(),
            args.mailbox,
            successor=successor,
            successor_account=args.successor,
            previous_keeps=args.keep or (),
            contact=args.contact,
        )
    out.line(
        T("{m} : {s} est responsable", "{m}: {s} is responsible")(out.lang).format(
            m=args.mailbox, s=args.successor
        )
    )
    return out.finish(
        ok=True, result={"mailbox": str(args.mailbox), "responsible": str(args.successor)}
    )


def add_parser(sub: Sub, common: argparse.ArgumentParser) -> None:
    p = command(
        sub,
        common,
        "register",
        _register,
        T(
            "valider un formulaire d'inscription et créer la BAL (étapes 1 à 11)",
            "validate a registration form and register the mailbox (steps 1 to 11)",
        ),
        store=StoreMode.START,
        session=False,
        example="balorg register pharmacie.json --address pharmacie.ducentre@medimail.mssante.fr",
    )
    arg(
        p,
        "form",
        metavar="FORM.json",
        help=T(
            "le formulaire (JSON, voir docs/registration.md)",
            "the form (JSON, see docs/registration.md)",
        ),
    )
    arg(
        p,
        "--address",
        type=address,
        required=True,
        metavar="ADDRESS",
        help=T("l'adresse MSSanté de la BAL", "the mailbox's MSSanté address"),
    )
    arg(
        p,
        "--on",
        type=day,
        metavar="DATE",
        help=T("juger l'éligibilité à cette date", "judge eligibility on this date"),
    )
    password_option(p)

    members = family(
        sub,
        "members",
        T(
            "les membres d'une BAL : rattacher, créer, lister, gérer",
            "a mailbox's members: attach, create, list, manage",
        ),
    )
    p = command(
        members,
        common,
        "add",
        _members_add,
        T(
            "rattacher un compte nominatif existant (son mot de passe est demandé)",
            "attach an existing nominative account (its password is asked)",
        ),
        example="balorg members add pharmacie@medimail.mssante.fr alice@medimail.mssante.fr",
    )
    _mailbox_account(p)
    capabilities_options(p)
    password_option(p)
    p = command(
        members,
        common,
        "create",
        _members_create,
        T(
            "créer un compte nominatif, en attente de validation par le centre de services",
            "create a nominative account, waiting for the service centre's validation",
        ),
        example="balorg members create BAL alice@medimail.mssante.fr --first-name A --last-name B",
    )
    _mailbox_account(p)
    arg(p, "--first-name", required=True, help=T("prénom", "first name"))
    arg(p, "--last-name", required=True, help=T("nom", "last name"))
    arg(
        p,
        "--identifier",
        help=T(
            "son identifiant national (RPPS, ADELI, IdNat PS), s'il en a un",
            "their national identifier (RPPS, ADELI, IdNat PS), if any",
        ),
    )
    capabilities_options(p)
    password_option(p)
    p = command(
        members,
        common,
        "list",
        _members_list,
        T(
            "le responsable et les membres, page par page",
            "the responsible and the members, a page at a time",
        ),
        example="balorg members list pharmacie@medimail.mssante.fr",
    )
    mailbox_argument(p)
    paging_options(p, T("membres par page (100)", "members per page (100)"))
    p = command(
        members,
        common,
        "grant",
        _members_grant,
        T(
            "accorder une délégation à un compte existant",
            "grant a delegation to an existing account",
        ),
        example="balorg members grant BAL bob@medimail.mssante.fr --capability read",
    )
    _mailbox_account(p)
    capabilities_options(p)
    for name, run, text, reason in (
        (
            "suspend",
            _members_suspend,
            T("suspendre la délégation d'un membre", "suspend a member's delegation"),
            False,
        ),
        (
            "resume",
            _members_resume,
            T("reprendre une délégation suspendue", "resume a suspended delegation"),
            None,
        ),
        (
            "revoke",
            _members_revoke,
            T(
                "révoquer la délégation d'un membre, avec un motif",
                "revoke a member's delegation, with a reason",
            ),
            True,
        ),
    ):
        p = command(
            members,
            common,
            name,
            run,
            text,
            example=f"balorg members {name} BAL alice.bernard@medimail.mssante.fr",
        )
        _mailbox_account(p)
        if reason is not None:
            arg(p, "--reason", required=reason, help=T("le motif", "the reason"))
    p = command(
        members,
        common,
        "review",
        _members_review,
        T(
            "décider d'une délégation « à revoir » (son auteur ne gère plus la BAL)",
            'decide on a delegation "to review" (its grantor no longer manages the mailbox)',
        ),
        example="balorg members review pharmacie@medimail.mssante.fr bob@medimail.mssante.fr keep",
    )
    _mailbox_account(p)
    arg(
        p,
        "decision",
        choices=("keep", "revoke"),
        help=T("keep (garder) ou revoke (révoquer)", "keep or revoke"),
    )
    arg(
        p,
        "--reason",
        help=T("le motif (obligatoire pour révoquer)", "the reason (required to revoke)"),
    )

    p = command(
        sub,
        common,
        "finish",
        _finish,
        T("terminer l'inscription (« Terminer »)", 'finish the registration ("Terminer")'),
        example="balorg finish pharmacie.ducentre@medimail.mssante.fr",
    )
    mailbox_argument(p)
    p = command(
        sub,
        common,
        "handover",
        _handover,
        T(
            "confier la responsabilité de la BAL à un autre professionnel éligible",
            "hand the mailbox's responsibility over to another eligible professional",
        ),
        example=(
            "balorg handover BAL paul@medimail.mssante.fr --identifier 10000000017 "
            "--profession 21 --last-name Martin --first-name Paul"
        ),
    )
    mailbox_argument(p)
    arg(
        p,
        "successor",
        type=address,
        metavar="ACCOUNT",
        help=T("le compte nominatif du successeur", "the successor's nominative account"),
    )
    arg(p, "--identifier", required=True, help=T("son RPPS ou ADELI", "their RPPS or ADELI number"))
    arg(
        p,
        "--profession",
        required=True,
        help=T("sa profession (code ou libellé)", "their profession (code or label)"),
    )
    arg(p, "--last-name", required=True, help=T("nom", "last name"))
    arg(p, "--first-name", required=True, help=T("prénom", "first name"))
    arg(
        p,
        "--keep",
        action="append",
        type=capability,
        metavar="{" + capability_names() + "}",
        help=T("les droits que garde l'ancien responsable", "what the previous responsible keeps"),
    )
    arg(
        p,
        "--contact",
        help=T("le nouveau contact opérationnel publié", "the new operational contact published"),
    )


def _mailbox_account(parser: argparse.ArgumentParser) -> None:
    mailbox_argument(parser)
    arg(
        parser,
        "account",
        type=address,
        metavar="ACCOUNT",
        help=T("le compte nominatif", "the nominative account"),
    )
