"""A mailbox's settings and life: show, red list, description, directory entry, suspend,
resume, close."""

from __future__ import annotations

import argparse
from typing import Any

from balorg.cli.common import Sub, arg, command, family, mailbox_argument, on_off, whole
from balorg.cli.output import Output
from balorg.cli.runtime import Runtime
from balorg.cli.texts import T, word
from balorg.domain.messages import render
from balorg.domain.publication import DirectoryKind
from balorg.services import (
    UNCHANGED,
    change_description,
    change_directory_entry,
    change_red_list,
    close_mailbox,
    resume_mailbox,
    show_mailbox,
    suspend_mailbox,
)

__all__ = ["add_parser"]


def _show(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        view = show_mailbox(ports, rt.session(), args.mailbox)
    box, lang_ = view.mailbox, out.lang
    yes, no = T("oui", "yes")(lang_), T("non", "no")(lang_)
    rows = [
        [T("Adresse", "Address")(lang_), str(box.address)],
        [T("Nom", "Name")(lang_), str(box.label)],
        [T("État", "State")(lang_), render("state." + box.state.value, {}, lang_)],
        [T("Responsable", "Responsible")(lang_), str(box.responsible.account)],
        [
            T("Structure", "Structure")(lang_),
            f"{box.structure.legal_name} ({box.structure.identifier})",
        ],
        [T("Description", "Description")(lang_), box.description],
        [T("Service", "Service")(lang_), box.service or "-"],
        [T("Contact opérationnel", "Operational contact")(lang_), box.responsible_contact or "-"],
        [T("Rang", "Rank")(lang_), str(box.rank) if box.rank else "-"],
        [
            T("Liste rouge (annuaire national)", "Red list (national directory)")(lang_),
            yes if box.red_list.national_directory else no,
        ],
        [
            T("Liste rouge (annuaire de l'opérateur)", "Red list (operator's directory)")(lang_),
            yes if box.red_list.operator_directory else no,
        ],
        [
            T("Publiée dans l'annuaire national", "Listed in the national directory")(lang_),
            yes if view.entries[DirectoryKind.NATIONAL] else no,
        ],
        [
            T("Publiée dans l'annuaire de l'opérateur", "Listed in the operator's directory")(
                lang_
            ),
            yes if view.entries[DirectoryKind.OPERATOR] else no,
        ],
    ]
    out.table([T("Réglage", "Setting")(lang_), T("Valeur", "Value")(lang_)], rows, empty="")
    return out.finish(ok=True, result=_view(view))


def _view(view: Any) -> dict[str, Any]:
    box = view.mailbox
    return {
        "mailbox": str(box.address),
        "label": str(box.label),
        "state": box.state.value,
        "responsible": str(box.responsible.account),
        "structure": str(box.structure.identifier),
        "description": box.description,
        "service": box.service,
        "responsible_contact": box.responsible_contact,
        "rank": box.rank,
        "red_list": {
            "national_directory": box.red_list.national_directory,
            "operator_directory": box.red_list.operator_directory,
        },
        "listed": {d.value: view.entries[d] is not None for d in DirectoryKind},
    }


def _redlist(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        changed = change_red_list(
            ports,
            rt.session(),
            args.mailbox,
            national_directory=args.national,
            operator_directory=args.operator,
        )
        view = show_mailbox(ports, rt.session(), args.mailbox)
    red = view.mailbox.red_list
    yes, no = T("oui", "yes")(out.lang), T("non", "no")(out.lang)
    out.line(
        T(
            "Liste rouge : annuaire national {n}, annuaire de l'opérateur {o}{c}",
            "Red list: national directory {n}, operator's directory {o}{c}",
        )(out.lang).format(
            n=yes if red.national_directory else no,
            o=yes if red.operator_directory else no,
            c="" if changed else T(" (inchangée)", " (unchanged)")(out.lang),
        )
    )
    return out.finish(
        ok=True,
        result={
            "mailbox": str(args.mailbox),
            "changed": changed,
            "red_list": {
                "national_directory": red.national_directory,
                "operator_directory": red.operator_directory,
            },
        },
    )


def _describe(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)
    with rt.ports() as ports:
        changed = change_description(
            ports, rt.session(), args.mailbox, description=args.description
        )
    out.line(
        T("Description modifiée.", "Description changed.")(out.lang)
        if changed
        else T("Description inchangée.", "Description unchanged.")(out.lang)
    )
    return out.finish(ok=True, result={"mailbox": str(args.mailbox), "changed": changed})


def _entry(args: argparse.Namespace, out: Output) -> int:
    rt = Runtime(args, out)

    def given(value: Any) -> Any:
        if value is None:
            return UNCHANGED
        return None if value == "" else value

    with rt.ports() as ports:
        changed = change_directory_entry(
            ports,
            rt.session(),
            args.mailbox,
            service=given(args.service),
            contact=given(args.contact),
            rank=UNCHANGED if args.rank is None else (args.rank or None),
        )
    out.line(
        T("Annuaire : modifié.", "Directory entry: changed.")(out.lang)
        if changed
        else T("Annuaire : inchangé.", "Directory entry: unchanged.")(out.lang)
    )
    return out.finish(ok=True, result={"mailbox": str(args.mailbox), "changed": changed})


def _life(run: Any) -> Any:
    def handle(args: argparse.Namespace, out: Output) -> int:
        rt = Runtime(args, out)
        with rt.ports() as ports:
            kwargs = {"reason": args.reason} if hasattr(args, "reason") else {}
            mailbox = run(ports, rt.session(), args.mailbox, **kwargs)
        out.line(f"{args.mailbox} : {word('state', mailbox.state.value, out.lang)}")
        return out.finish(
            ok=True, result={"mailbox": str(args.mailbox), "state": mailbox.state.value}
        )

    return handle


def add_parser(sub: Sub, common: argparse.ArgumentParser) -> None:
    mailbox = family(
        sub, "mailbox", T("les réglages et la vie d'une BAL", "a mailbox's settings and life")
    )
    p = command(
        mailbox,
        common,
        "show",
        _show,
        T(
            "état, liste rouge, description et fiche d'annuaire de la BAL",
            "the mailbox's state, red list, description and directory entry",
        ),
        example="balorg mailbox show pharmacie@medimail.mssante.fr",
    )
    mailbox_argument(p)
    p = command(
        mailbox,
        common,
        "redlist",
        _redlist,
        T(
            "mettre la BAL sur liste rouge d'un annuaire, ou l'en retirer (étape 10)",
            "put the mailbox on a directory's red list, or take it off (step 10)",
        ),
        example="balorg mailbox redlist pharmacie@medimail.mssante.fr --national on",
    )
    mailbox_argument(p)
    arg(
        p,
        "--national",
        type=on_off,
        metavar="on|off",
        help=T("annuaire national", "national directory"),
    )
    arg(
        p,
        "--operator",
        type=on_off,
        metavar="on|off",
        help=T("annuaire de l'opérateur", "operator's directory"),
    )
    p = command(
        mailbox,
        common,
        "describe",
        _describe,
        T(
            "changer la description de l'usage de la BAL (étape 8)",
            "change the description of the mailbox's use (step 8)",
        ),
        example="balorg mailbox describe pharmacie@medimail.mssante.fr 'Ordonnances et résultats'",
    )
    mailbox_argument(p)
    arg(p, "description", help=T("la nouvelle description", "the new description"))
    p = command(
        mailbox,
        common,
        "entry",
        _entry,
        T(
            "service, contact opérationnel et rang publiés dans l'annuaire (vide : effacer)",
            "service, operational contact and rank published in the directory (empty: clear)",
        ),
        example="balorg mailbox entry pharmacie@medimail.mssante.fr --service Officine --rank 1",
    )
    mailbox_argument(p)
    arg(p, "--service", help=T("le service de rattachement", "the service it belongs to"))
    arg(
        p,
        "--contact",
        help=T("le contact opérationnel (texte libre)", "the operational contact (free text)"),
    )
    arg(
        p,
        "--rank",
        type=whole(0, 999),
        help=T(
            "1 : la BAL préférée de la structure ; 0 : aucun rang",
            "1: the structure's preferred mailbox; 0: no rank",
        ),
    )
    for name, run, text, reason in (
        (
            "suspend",
            suspend_mailbox,
            T("suspendre la BAL (le responsable)", "suspend the mailbox (the responsible)"),
            True,
        ),
        (
            "resume",
            resume_mailbox,
            T("reprendre une BAL suspendue", "resume a suspended mailbox"),
            False,
        ),
        (
            "close",
            close_mailbox,
            T(
                "fermer la BAL pour de bon (elle quitte les annuaires)",
                "close the mailbox for good (it leaves the directories)",
            ),
            True,
        ),
    ):
        p = command(
            mailbox,
            common,
            name,
            _life(run),
            text,
            example=f"balorg mailbox {name} pharmacie@medimail.mssante.fr",
        )
        mailbox_argument(p)
        if reason:
            arg(p, "--reason", required=True, help=T("le motif", "the reason"))
