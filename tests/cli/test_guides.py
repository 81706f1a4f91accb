"""Both user guides end to end through the command line, each person in their session.

``examples/pharmacie.sh`` is replayed command by command in-process (its ``b`` and
``as WHO`` helpers, its ``printf ... |`` passwords), so that the script cannot drift
from the command line; then the same guides are walked step by step here, checking
what each step shows: the service centre's agent, enrolled by the operator's console,
logs in like anyone else.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from tests.cli.conftest import (
    AGENT,
    ALICE,
    CABINET,
    CLAIRE,
    EXAMPLES,
    HOUSE,
    PASSWORDS,
    PAUL,
    PHARMACIE,
    Cli,
)

from balorg.adapters.sql import SqlNotifier, SqlStore

SCRIPT = EXAMPLES / "pharmacie.sh"


def _script_commands(text: str) -> list[tuple[list[str], str | None, bytes]]:
    """``(argv, who, stdin)`` for each ``balorg`` the script runs, in order."""
    variables = {"here": str(EXAMPLES), "db": "balorg.db"}
    lines = text.replace("\\\n", " ").splitlines()
    found = []
    for raw in lines:
        line = raw.strip()
        assignment = re.fullmatch(r"([a-z_]+)=([^\s;]+)", line)
        if assignment:
            variables[assignment[1]] = assignment[2]
            continue
        stdin = b""
        piped = re.fullmatch(r"printf '([^']*)' \| (.*)", line)
        if piped:
            stdin = piped[1].encode().decode("unicode_escape").encode("latin-1")
            line = piped[2]
        if not re.match(r"(b|as|balorg) ", line):
            continue
        words = shlex.split(re.sub(r"\$\{?(\w+)\}?", lambda m: variables[m[1]], line))
        who = None
        if words[0] == "as":
            who, words = words[1], words[2:]
        else:
            words = words[1:]
        found.append((words, who, stdin))
    return found


def test_the_script_s_commands_are_all_found() -> None:
    commands = _script_commands(SCRIPT.read_text(encoding="utf-8"))
    first = {argv[0] for argv, _, _ in commands}
    assert len(commands) >= 30
    assert {"identify", "agent", "register", "members", "finish", "login", "pending"} <= first
    assert {"approve", "switch", "default", "notices", "receive", "send", "audit"} <= first


def test_examples_pharmacie_sh_replayed_in_process(bare: Cli) -> None:
    bare.config = str(EXAMPLES / "balorg.toml")
    for argv, who, stdin in _script_commands(SCRIPT.read_text(encoding="utf-8")):
        if who is None and argv[0] == "identify":
            ran = bare(*argv, stdin=stdin, plain=True)
        else:
            ran = bare(*argv, who=who, stdin=stdin)
        assert ran.code == 0, (argv, ran.text)
    verified = bare.json("audit", "verify").payload["result"]
    assert verified["ok"] is True


def test_both_guides_step_by_step(bare: Cli) -> None:
    """The seed's pharmacy, from the eligibility check to the verified trail."""
    cli = bare

    def ok(*argv: str, who: str | None = None, stdin: str = "") -> str:
        ran = cli(*argv, who=who, stdin=stdin)
        assert ran.code == 0, (argv, ran.text)
        return ran.out

    # Je vérifie l'éligibilité du responsable et de la structure.
    out = ok("identify", "10001045367", "010000024")
    assert "RPPS         valide" in out
    assert "FINESS       valide" in out
    # The operator enrols the service centre's agent from its console (no session).
    out = ok(
        "agent", "enrol", AGENT, "--first-name", "Anne", "--last-name", "Gent",
        "--password-stdin", stdin=PASSWORDS[AGENT] + "\n",
    )  # fmt: skip
    assert out == f"{AGENT} : agent du centre de services\n"
    # Étapes 1 à 11: the form; the registrant's session opens at once.
    out = ok(
        "register", str(EXAMPLES / "pharmacie.json"), "--address", PHARMACIE,
        "--password-stdin", who="claire", stdin=PASSWORDS[CLAIRE] + "\n",
    )  # fmt: skip
    assert out == f"{PHARMACIE} : en attente (Pharmacie Du Centre)\n"
    assert cli.session("claire").exists()
    # Étape 12: a new nominative account, waiting for the service centre.
    out = ok(
        "members", "create", PHARMACIE, ALICE, "--first-name", "Alice", "--last-name",
        "Bernard", "--password-stdin", who="claire", stdin=PASSWORDS[ALICE] + "\n",
    )  # fmt: skip
    assert out == f"{ALICE} (en attente de validation) -> {PHARMACIE}\n"
    # Terminer: the mailbox waits for its responsible's validation.
    out = ok("finish", PHARMACIE, who="claire")
    assert "en attente de la validation du compte du responsable" in out
    # The service centre: the agent logs in like anyone, sees the 72-hour deadline.
    ok("login", AGENT, "--password-stdin", who="agent", stdin=PASSWORDS[AGENT] + "\n")
    out = ok("pending", who="agent")
    assert out.splitlines()[0].split() == ["Compte", "Nom", "Créé", "le", "À", "valider", "avant"]
    assert CLAIRE in out
    assert ALICE in out
    assert ok("approve", CLAIRE, who="agent") == f"{CLAIRE} : validé\n"
    ok("approve", ALICE, who="agent")
    assert ok("pending", who="agent") == "Aucun compte en attente.\n"
    # A neighbouring practice attaches Alice's existing account (her password).
    ok(
        "register", str(EXAMPLES / "cabinet.json"), "--address", CABINET, "--password-stdin",
        who="paul", stdin=PASSWORDS[PAUL] + "\n",
    )  # fmt: skip
    out = ok(
        "members", "add", CABINET, ALICE, "--password-stdin", who="paul",
        stdin=PASSWORDS[ALICE] + "\n",
    )  # fmt: skip
    assert out == f"{ALICE} rattaché à {CABINET}\n"
    ok("finish", CABINET, who="paul")
    ok("approve", PAUL, who="agent")
    # Guide 2, step 1-2: Alice logs in; the blue label says her name.
    out = ok("login", ALICE, "--password-stdin", who="alice", stdin=PASSWORDS[ALICE] + "\n")
    assert out == f"[ Alice Bernard ]  {ALICE} (nominative)\n"
    # Step 3: "Changer de compte"; the label says the service's name.
    out = ok("switch", PHARMACIE, who="alice")
    assert out == f"[ Pharmacie Du Centre ]  {PHARMACIE} (organisationnelle)\n"
    # Steps 4-5: default mailbox and new-mail notices to her own address.
    ok("default", PHARMACIE, who="alice")
    ok("notices", "on", PHARMACIE, who="alice")
    out = ok("settings", who="alice")
    assert "Compte par défaut" in out
    assert re.search(rf"{re.escape(PHARMACIE)}\s+oui\s+oui", out)
    assert re.search(rf"{re.escape(CABINET)}\s+non\s+non", out)
    # At the next login, the default mailbox opens.
    ok("logout", who="alice")
    out = ok("login", ALICE, "--password-stdin", who="alice", stdin=PASSWORDS[ALICE] + "\n")
    assert out.startswith("[ Pharmacie Du Centre ]")
    # A message arrives: the notice names only the mailbox.
    out = ok("receive", PHARMACIE, "--from", HOUSE, "--reference", "msg-0001")
    assert out == f"Reçu ; notifié(s) : {ALICE}\n"
    assert ok("receive", PHARMACIE, "--from", HOUSE, "--reference", "msg-0001") == (
        "Message déjà enregistré : rien à faire.\n"
    )
    ok("outbox", "deliver")
    store = SqlStore(str(cli.folder / "balorg.db"), upgrade=False)
    try:
        notices = SqlNotifier(store).sent()
    finally:
        store.close()
    told = [n for n in notices if str(n.recipient) == ALICE]
    assert told
    assert "msg-0001" not in repr(told)
    assert HOUSE not in repr(told)
    # Sent in the name of the service; kept in the mailbox's sent messages.
    out = ok("send", "--to", HOUSE, "--reference", "msg-0002", who="alice")
    assert out == f"Envoyé au nom de {PHARMACIE} par {ALICE} à {HOUSE}\n"
    ok("switch", PHARMACIE, who="claire")
    out = ok("inbox", who="claire")
    assert re.search(r"reçu\s+dr\.house@ch-exemple\.mssante\.fr\s+-\s+msg-0001", out)
    assert re.search(rf"envoyé\s+{re.escape(HOUSE)}\s+{re.escape(ALICE)}\s+msg-0002", out)
    # Members, the red list, the mailbox's settings.
    out = ok("members", "list", PHARMACIE, who="claire")
    assert re.search(rf"{re.escape(ALICE)}\s+active\s+lecture, envoi", out)
    ok("mailbox", "redlist", PHARMACIE, "--national", "on", who="claire")
    out = ok("mailbox", "show", PHARMACIE, who="claire")
    assert re.search(r"Liste rouge \(annuaire national\)\s+oui", out)
    # The trail: who did what, how they proved it, chain verified.
    out = ok("audit", "mailbox", PHARMACIE, who="claire")
    assert re.search(rf"{re.escape(CLAIRE)}\s+inscription\s+inscription de la BAL\s+autorisé", out)
    assert re.search(rf"{re.escape(ALICE)}\s+session \w+\s+message envoyé\s+autorisé", out)
    assert "Chaîne vérifiée" in out
    assert ok("audit", "verify").startswith("Piste d'audit intègre")


@pytest.mark.parametrize("path", [SCRIPT])
def test_the_script_acts_through_sessions_only(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "--as" not in text
    assert "--session-file" in text
    assert "--password-stdin" in text
