"""``balorg directory``: publishing mailboxes to the national directory.

Pieces for the commands that show and publish entries; the commands that need the store
or the outbox (``directory show MAILBOX``, and later the sync and failures commands) are
wired by the command line's owner:

- :func:`render_show` prints an entry and its ContactPoint as the national directory
  receives it (``--public``: as anyone may see it, without the responsible contact), with
  :func:`show_result` as the JSON envelope's ``result``;
- the ``[directory]`` settings and the API key come from
  :mod:`balorg.adapters.fhir.settings` (the key from the environment variable the settings
  name; it is never printed).

>>> import io
>>> from balorg.domain.addresses import EmailAddress
>>> from balorg.domain.identifiers import Finess, IdNatStruct
>>> entry = MailboxEntry(
...     address=EmailAddress("officine@pharmacie-du-centre.mssante.fr"),
...     structure=IdNatStruct.of(Finess.from_string("010000024")),
...     description="Officine", service=None, responsible_contact="Mme Martin",
...     red_listed=False, rank=1)
>>> out = Output(command="directory show", lang="en", as_json=False, stream=io.StringIO())
>>> render_show(entry, out, public=True)
0
>>> print(out.stream.getvalue())  # doctest: +ELLIPSIS
officine@pharmacie-du-centre.mssante.fr
  carrier        Organization?identifier=urn:oid:1.2.250.1.71.4.2.2|1010000024
  type           ORG
  description    Officine
  service        -
  responsible    (not public)
  red list       no
  rank           1
Public ContactPoint (without the responsible):
  {
    "system": "email",
  ...
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from balorg.cli.output import Output
from balorg.domain.errors import Problem
from balorg.domain.messages import Lang
from balorg.domain.publication import DirectoryKind, MailboxEntry
from balorg.interop.fhir.contact_point import contact_point, public_contact_point
from balorg.interop.fhir.identifiers import carrier_search

__all__ = ["add_commands", "render_show", "show_result"]

_WORDS: dict[Lang, dict[str, str]] = {
    "fr": {
        "carrier": "porteur",
        "type": "type",
        "description": "description",
        "service": "service",
        "responsible": "responsable",
        "red_list": "liste rouge",
        "rank": "rang",
        "none": "—",
        "yes": "oui",
        "no": "non",
        "withheld": "(non public)",
        "sent": "ContactPoint reçu par l'annuaire national (non public, avec le responsable) :",
        "public": "ContactPoint public (sans le responsable) :",
    },
    "en": {
        "carrier": "carrier",
        "type": "type",
        "description": "description",
        "service": "service",
        "responsible": "responsible",
        "red_list": "red list",
        "rank": "rank",
        "none": "-",
        "yes": "yes",
        "no": "no",
        "withheld": "(not public)",
        "sent": "ContactPoint the national directory receives (not public, with the responsible):",
        "public": "Public ContactPoint (without the responsible):",
    },
}


def _show(args: argparse.Namespace, out: Output) -> int:
    from balorg.cli.runtime import Runtime  # noqa: PLC0415
    from balorg.services import show_mailbox  # noqa: PLC0415

    rt = Runtime(args, out)
    with rt.ports() as ports:
        view = show_mailbox(ports, rt.session(), args.mailbox)
    entry = view.entries[DirectoryKind.NATIONAL]
    if entry is None:
        return out.finish(
            ok=False,
            errors=[
                Problem(
                    "directory.not_listed",
                    "mailbox",
                    {"mailbox": str(args.mailbox), "state": view.mailbox.state.value},
                )
            ],
        )
    return render_show(entry, out, public=args.public)


def _sync(args: argparse.Namespace, out: Output) -> int:
    from balorg.cli.outbox import delivery, show_dispatch  # noqa: PLC0415
    from balorg.cli.runtime import Runtime  # noqa: PLC0415
    from balorg.services import dispatch  # noqa: PLC0415

    rt = Runtime(args, out)
    with rt.ports() as ports:
        report = dispatch(
            ports, delivery(rt, ports.uow), limit=args.limit, kinds=frozenset({"directory"})
        )
    return show_dispatch(out, report)


def _failures(args: argparse.Namespace, out: Output) -> int:
    from balorg.cli.outbox import _failures as outbox_failures  # noqa: PLC0415

    args.kind = ["directory"]
    return outbox_failures(args, out)


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """``directory show``, ``directory sync`` and ``directory failures``."""
    from balorg.cli.common import arg, command, limit_option, mailbox_argument  # noqa: PLC0415
    from balorg.cli.texts import T  # noqa: PLC0415

    p = command(
        commands,
        common,
        "show",
        _show,
        T(
            "la fiche de la BAL telle que l'annuaire national la reçoit (ContactPoint FHIR)",
            "the mailbox's entry as the national directory receives it (FHIR ContactPoint)",
        ),
        example="balorg directory show pharmacie.ducentre@medimail.mssante.fr --public",
    )
    mailbox_argument(p)
    arg(
        p,
        "--public",
        action="store_true",
        help=T(
            "la forme publique, sans le contact opérationnel",
            "the public form, without the contact",
        ),
    )
    p = command(
        commands,
        common,
        "sync",
        _sync,
        T(
            "livrer à l'annuaire ce que la boîte d'envoi lui réserve (résumé : envoyés, échecs)",
            "deliver to the directory what the outbox holds for it (summary: sent, failures)",
        ),
        session=False,
        example="BALORG_ESANTE_API_KEY=... balorg directory sync",
    )
    limit_option(p, T("messages au plus (100)", "messages at most (100)"))
    p = command(
        commands,
        common,
        "failures",
        _failures,
        T(
            "les publications qui attendent une personne, avec l'erreur de l'annuaire",
            "the publications waiting for a person, with the directory's error",
        ),
        session=False,
        example="balorg directory failures",
    )
    limit_option(p, T("au plus (100)", "at most (100)"))


def show_result(entry: MailboxEntry, *, public: bool = False) -> dict[str, Any]:
    """The JSON ``result`` of ``directory show``: where the entry is published and its
    ContactPoint (the public form when ``public``)."""
    return {
        "address": str(entry.address),
        "carrier": {"resourceType": "Organization", "identifier": carrier_search(entry.structure)},
        "public": public,
        "contact_point": public_contact_point(entry) if public else contact_point(entry),
    }


def render_show(entry: MailboxEntry, out: Output, *, public: bool = False) -> int:
    """Print ``entry`` for people (its fields, then its ContactPoint as JSON) or machines
    (``--json``: :func:`show_result`); ``public`` leaves the responsible contact out."""
    words = _WORDS[out.lang]
    result = show_result(entry, public=public)

    def text(value: str | None) -> str:
        return value if value else words["none"]

    responsible = words["withheld"] if public else text(entry.responsible_contact)
    out.line(str(entry.address))
    for label, value in (
        ("carrier", f"Organization?identifier={result['carrier']['identifier']}"),
        ("type", entry.bal_type.value),
        ("description", text(entry.description)),
        ("service", text(entry.service)),
        ("responsible", responsible),
        ("red_list", words["yes"] if entry.red_listed else words["no"]),
        ("rank", text(None if entry.rank is None else str(entry.rank))),
    ):
        out.line(f"  {words[label]:<14} {value}")
    out.line(words["public" if public else "sent"])
    for line in json.dumps(result["contact_point"], ensure_ascii=False, indent=2).splitlines():
        out.line(f"  {line}")
    return out.finish(ok=True, result=result)
