"""Every command of the parser, once in French and once in English, as text and as JSON.

:data:`CASES` holds one successful run of each command over the ``live`` store (both
guides played: :func:`tests.cli.conftest.play_guides`), with what it needs first; a
guard walks the parser so that a new command cannot go untested. Refusals, usage errors
and the store's edges have their own modules.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import pytest
from tests.cli.conftest import (
    ALICE,
    BOB,
    EVE,
    EXAMPLES,
    HOUSE,
    MSSANTE_JUNE,
    PASSWORDS,
    PAUL,
    PHARMACIE,
    RPPS_JUNE,
    SECOND_AGENT,
    SERVICE,
    WHO,
    Cli,
    Ran,
    envelope,
    leaves,
    no_traceback,
)

SERVICE_FORM = str(EXAMPLES / "service-hospitalier.json")
NEW_PASSWORD = "alice-New-Secret-Kz19-cave"
ZOE = "zoe.roux@medimail.mssante.fr"


@attrs.frozen
class Step:
    argv: tuple[str, ...]
    who: str | None = None
    stdin: str = ""


@attrs.frozen
class Case:
    """One run of a command: ``fr`` and ``en`` are found in its text output (in that
    language only, when they differ); ``result`` lists keys of its JSON result."""

    argv: tuple[str, ...]
    fr: str
    en: str
    who: str | None = None
    stdin: str = ""
    before: tuple[Step, ...] = ()
    code: int = 0
    result: tuple[str, ...] = ()
    #: The output is sentences and tables (not a script): checked for English words.
    prose: bool = True


def _pw(who: str) -> str:
    return PASSWORDS[WHO[who]] + "\n"


SOPHIE_REGISTERS = Step(
    ("register", SERVICE_FORM, "--address", SERVICE, "--password-stdin"), "sophie", _pw("sophie")
)
SUSPEND_ALICE = Step(("members", "suspend", PHARMACIE, ALICE, "--reason", "congé"), "claire")
SUSPEND_PHARMACY = Step(("mailbox", "suspend", PHARMACIE, "--reason", "travaux"), "claire")

CASES: dict[str, Case] = {
    "identify": Case(
        ("identify", "10001045367"),
        "RPPS         valide  ",
        "RPPS         valid   ",
        result=("values",),
    ),
    "register": Case(
        SOPHIE_REGISTERS.argv,
        "en attente (",
        "pending (",
        who="sophie",
        stdin=_pw("sophie"),
        result=("mailbox", "state", "label", "session_file"),
    ),
    "members add": Case(
        ("members", "add", PHARMACIE, PAUL, "--password-stdin"),
        "rattaché à",
        "attached to",
        who="claire",
        stdin=_pw("paul"),
        result=("mailbox", "account"),
    ),
    "members create": Case(
        (
            "members",
            "create",
            PHARMACIE,
            ZOE,
            "--first-name",
            "Zoé",
            "--last-name",
            "Roux",
            "--identifier",
            "10001045367",
            "--capability",
            "read",
            "--expires",
            "2099-12-31",
            "--password-stdin",
        ),
        "(en attente de validation) ->",
        "(waiting for validation) ->",
        who="claire",
        stdin="zoe-Secret-Jj44-maze\n",
        result=("mailbox", "account", "state"),
    ),
    "members list": Case(
        ("members", "list", PHARMACIE),
        "Rôle / état",
        "Role / state",
        who="claire",
        result=("mailbox", "members", "to_review", "next"),
    ),
    "members grant": Case(
        ("members", "grant", PHARMACIE, PAUL, "--capability", "read"),
        "délégation accordée",
        "delegation granted",
        who="claire",
        result=("mailbox", "account", "state", "expires_at"),
    ),
    "members suspend": Case(
        SUSPEND_ALICE.argv, "délégation suspendue", "delegation suspended", who="claire"
    ),
    "members resume": Case(
        ("members", "resume", PHARMACIE, ALICE),
        "délégation reprise",
        "delegation resumed",
        who="claire",
        before=(SUSPEND_ALICE,),
    ),
    "members revoke": Case(
        ("members", "revoke", PHARMACIE, ALICE, "--reason", "départ"),
        "délégation révoquée",
        "delegation revoked",
        who="claire",
    ),
    "members review": Case(
        ("members", "review", PHARMACIE, PAUL, "keep"),
        "délégation conservée",
        "delegation kept",
        who="claire",
        before=(
            Step(("members", "grant", PHARMACIE, PAUL, "--capability", "read"), "bob"),
            Step(("members", "revoke", PHARMACIE, BOB, "--reason", "départ"), "claire"),
        ),
    ),
    "finish": Case(
        ("finish", SERVICE),
        "en attente de la validation du compte du responsable",
        "waiting for the validation of the responsible's account",
        who="sophie",
        before=(SOPHIE_REGISTERS,),
        result=("mailbox", "state"),
    ),
    "handover": Case(
        (
            "handover",
            PHARMACIE,
            PAUL,
            "--identifier",
            "10001234565",
            "--profession",
            "médecin",
            "--last-name",
            "Martin",
            "--first-name",
            "Paul",
            "--keep",
            "read",
        ),
        "est responsable",
        "is responsible",
        who="claire",
        result=("mailbox", "responsible"),
    ),
    "pending": Case(
        ("pending",), "À valider avant", "Deadline", who="agent", result=("pending", "next")
    ),
    "approve": Case(("approve", EVE), ": validé", ": approved", who="agent"),
    "reject": Case(
        ("reject", EVE, "--reason", "identité non vérifiée"),
        ": refusé",
        ": rejected",
        who="agent",
        result=("account", "state"),
    ),
    "agent enrol": Case(
        (
            "agent",
            "enrol",
            SECOND_AGENT,
            "--first-name",
            "Anne",
            "--last-name",
            "Gent",
            "--password-stdin",
        ),
        "agent du centre de services",
        "service centre agent",
        stdin="anne-Secret-Ww72-plover\n",
    ),
    "login": Case(
        ("login", ALICE, "--password-stdin"),
        "[ Alice Bernard ]",
        "[ Alice Bernard ]",
        who="alice",
        stdin=_pw("alice"),
        result=("session", "account", "mailbox", "label", "openable", "session_file"),
    ),
    "logout": Case(("logout",), "Session terminée.", "Session ended.", who="alice"),
    "whoami": Case(
        ("whoami",),
        "(organisationnelle)",
        "(organisational)",
        who="alice",
        result=("account", "mailbox", "label", "organisational"),
    ),
    "switch": Case(("switch", PHARMACIE), "(organisationnelle)", "(organisational)", who="claire"),
    "default": Case(
        ("default", PHARMACIE),
        "Boîte ouverte à la connexion",
        "Mailbox opened at login",
        who="alice",
        result=("default",),
    ),
    "notices": Case(
        ("notices", "on", PHARMACIE), ": activées", ": on", who="alice", result=("notices",)
    ),
    "settings": Case(
        ("settings",),
        "Gestion des comptes de connexion",
        "Connection accounts",
        who="alice",
        result=("account", "mailboxes", "default", "notices"),
    ),
    "password": Case(
        ("password", "--password-stdin"),
        "Mot de passe changé.",
        "Password changed.",
        who="alice",
        stdin=_pw("alice") + NEW_PASSWORD + "\n",
    ),
    "send": Case(
        ("send", "--to", HOUSE, "--reference", "msg-0003"),
        "Envoyé au nom de",
        "Sent in the name of",
        who="alice",
        result=("mailbox", "direction", "reference", "correspondent", "author"),
    ),
    "receive": Case(
        ("receive", PHARMACIE, "--from", HOUSE, "--reference", "msg-0009"),
        "Reçu ; notifié(s)",
        "Received; notified",
        result=("mailbox", "new", "notified"),
    ),
    "inbox": Case(
        ("inbox",),
        "Correspondant",
        "Correspondent",
        who="alice",
        result=("mailbox", "received", "sent", "next"),
    ),
    "mailbox show": Case(
        ("mailbox", "show", PHARMACIE),
        "Liste rouge (annuaire national)",
        "Red list (national directory)",
        who="claire",
        result=("mailbox", "state", "red_list", "listed"),
    ),
    "mailbox redlist": Case(
        ("mailbox", "redlist", PHARMACIE, "--national", "on"),
        "Liste rouge : annuaire national oui",
        "Red list: national directory yes",
        who="claire",
        result=("changed", "red_list"),
    ),
    "mailbox describe": Case(
        ("mailbox", "describe", PHARMACIE, "Ordonnances et résultats"),
        "Description modifiée.",
        "Description changed.",
        who="claire",
    ),
    "mailbox entry": Case(
        ("mailbox", "entry", PHARMACIE, "--service", "Officine", "--rank", "1"),
        "Annuaire : modifié.",
        "Directory entry: changed.",
        who="claire",
    ),
    "mailbox suspend": Case(SUSPEND_PHARMACY.argv, ": suspendue", ": suspended", who="claire"),
    "mailbox resume": Case(
        ("mailbox", "resume", PHARMACIE),
        ": active",
        ": active",
        who="claire",
        before=(SUSPEND_PHARMACY,),
    ),
    "mailbox close": Case(
        ("mailbox", "close", PHARMACIE, "--reason", "fin d'activité"),
        ": fermée",
        ": closed",
        who="claire",
        result=("mailbox", "state"),
    ),
    "audit mailbox": Case(
        ("audit", "mailbox", PHARMACIE, "--since", "2020-01-01"),
        "Chaîne vérifiée",
        "Chain verified",
        who="claire",
        result=("mailbox", "entries", "verification", "next"),
    ),
    "audit account": Case(
        ("audit", "account", ALICE),
        "Authentifié par",
        "Authenticated by",
        who="alice",
        result=("account", "entries", "verification"),
    ),
    "audit verify": Case(
        ("audit", "verify"),
        "Piste d'audit intègre",
        "Audit trail intact",
        result=("ok", "count", "head"),
    ),
    "audit anchor": Case(
        ("audit", "anchor"), "chaîne(s) ancrée(s)", "chain(s) anchored", result=("anchored",)
    ),
    "outbox deliver": Case(
        ("outbox", "deliver"),
        "Envoyés :",
        "Sent:",
        before=(Step(("receive", PHARMACIE, "--from", HOUSE, "--reference", "msg-0010")),),
        result=("sent", "retrying", "failed", "waiting"),
    ),
    "outbox failures": Case(
        ("outbox", "failures", "--kind", "notice"),
        "Aucun échec.",
        "No failure.",
        result=("failures",),
    ),
    "outbox retry": Case(
        ("outbox", "retry", "0123abcd"),
        "Aucun message en échec",
        "No failed message",
        code=1,
    ),
    "outbox remind": Case(
        ("outbox", "remind"),
        "rappel(s) d'expiration",
        "expiry reminder(s)",
        result=("reminded",),
    ),
    "directory import": Case(
        ("directory", "import", str(MSSANTE_JUNE)),
        "lignes lues",
        "lines read",
    ),
    "directory lookup": Case(
        ("directory", "lookup", "10009652727"),
        "activités : 3",
        "activities: 3",
        before=(Step(("directory", "import", str(RPPS_JUNE))),),
    ),
    "directory show": Case(
        ("directory", "show", PHARMACIE),
        "reçu par l'annuaire national",
        "the national directory receives",
        who="claire",
        result=("address", "carrier", "contact_point"),
    ),
    "directory sync": Case(("directory", "sync"), "Envoyés :", "Sent:", result=("sent",)),
    "directory failures": Case(
        ("directory", "failures"), "Aucun échec.", "No failure.", result=("failures",)
    ),
    "db upgrade": Case(
        ("db", "upgrade"), "Base à jour", "Store up to date", result=("revision", "applied")
    ),
    "db downgrade": Case(
        ("db", "downgrade", "0001"),
        "Base ramenée à la révision 0001",
        "Store taken back to revision 0001",
        result=("revision", "undone"),
    ),
    "db current": Case(("db", "current"), "(à jour)", "(up to date)", result=("revision", "head")),
    "completion": Case(
        ("completion", "bash"),
        "complete -o default -F _balorg balorg",
        "complete -o default -F _balorg balorg",
        result=("shell", "script"),
        prose=False,
    ),
}

#: Words that say a French output is not wholly French (outside addresses, codes and
#: the FHIR resources printed as they are sent).
ENGLISH = re.compile(
    r"\b(the|of|is|not|and|state|pending|rejected|approved|waiting|invalid|required|"
    r"error|warning|expected|usage|unknown|none|mailbox|account|allowed|refused)\b",
    re.IGNORECASE,
)


def _french_text(text: str) -> str:
    """``text`` without what is not words: addresses, bracketed codes, URLs and JSON."""
    text = re.sub(r"\S+@\S+", " ", text)
    text = re.sub(r"\[[a-z_.]+\]", " ", text)
    text = re.sub(r"https?://\S+", " ", text)
    return "\n".join(
        line for line in text.splitlines() if not line.strip().startswith(('"', "{", "}", "]"))
    )


def test_every_command_of_the_parser_has_a_case() -> None:
    assert set(CASES) == set(leaves())


def _run(live: Cli, case: Case, *extra: str) -> Ran:
    for step in case.before:
        done = live(*step.argv, who=step.who, stdin=step.stdin)
        assert done.code == 0, (step, done.text)
    return live(*case.argv, *extra, who=case.who, stdin=case.stdin)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_each_command_as_text(live: Cli, name: str, lang: str) -> None:
    case = CASES[name]
    ran = _run(live, case, "--lang", lang)
    no_traceback(ran)
    assert not [p for p in (*PASSWORDS.values(), NEW_PASSWORD) if p in ran.text]
    assert ran.code == case.code, ran.text
    expected, other = (case.fr, case.en) if lang == "fr" else (case.en, case.fr)
    assert expected in ran.out
    if other != expected:
        assert other not in ran.out
    if lang == "fr" and case.prose:
        assert not ENGLISH.search(_french_text(ran.out)), ran.out


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_each_command_as_json(live: Cli, name: str, lang: str) -> None:
    case = CASES[name]
    ran = _run(live, case, "--json", "--lang", lang)
    no_traceback(ran)
    assert not [p for p in (*PASSWORDS.values(), NEW_PASSWORD) if p in ran.text]
    payload = envelope(ran, name, ok=case.code == 0)
    assert ran.code == case.code
    result: Any = payload["result"]
    if case.code == 0:
        assert isinstance(result, dict)
        assert set(case.result) <= set(result), result
    if lang == "fr":
        for problem in [*payload["errors"], *payload["warnings"]]:
            assert not ENGLISH.search(_french_text(problem["message"])), problem
