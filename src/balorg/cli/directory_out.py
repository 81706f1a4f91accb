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
from balorg.domain.messages import Lang
from balorg.domain.publication import MailboxEntry
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


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add this module's sub-commands to the ``directory`` family (none of their own yet:
    ``directory show`` needs the store and is wired with it)."""


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
