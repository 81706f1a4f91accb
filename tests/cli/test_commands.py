"""The ``balorg`` sub-commands over SQLite: both user guides from a terminal.

Each test runs ``balorg.cli.main`` in-process on its own database
(``--db sqlite:///<tmp>/balorg.db --config examples/balorg.toml``), with
standard input replaced by a ``StringIO`` (never a terminal) for passwords.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

from balorg.adapters.sql import SqlNotifier, SqlStore
from balorg.cli import main
from balorg.cli.main import build_parser
from balorg.registration import validate_registration

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CONFIG = EXAMPLES / "balorg.toml"

PHARMACIE = "pharmacie.ducentre@medimail.mssante.fr"
CABINET = "cabinet.martin@medimail.mssante.fr"
CLAIRE = "claire.martin@medimail.mssante.fr"  # responsible of the pharmacy (pharmacie.json)
PAUL = "paul.martin@medimail.mssante.fr"  # responsible of the practice (cabinet.json)
ALICE = "alice.bernard@medimail.mssante.fr"
BOB = "bob.petit@medimail.mssante.fr"
AGENT = "agent.validation@esante-occitanie.fr"  # the service centre (balorg.toml)
HOUSE = "dr.house@ch-exemple.mssante.fr"  # a correspondent outside the operator

PASSWORDS = {
    CLAIRE: "pw-claire-7Hq2",
    PAUL: "pw-paul-Zx91",
    ALICE: "pw-alice-Lm40",
    BOB: "pw-bob-Rt55",
}

ENVELOPE_KEYS = ["command", "ok", "result", "errors", "warnings"]
PROBLEM_KEYS = ["code", "path", "params", "severity", "message"]
SESSION_KEYS = {"account", "mailbox", "label", "organisational", "openable"}


# -- running the command ----------------------------------------------------------------------


@attrs.frozen
class Ran:
    code: int
    out: str
    err: str

    @property
    def payload(self) -> Any:
        return json.loads(self.out)


@attrs.define
class Cli:
    """``cli("pending", "--as", AGENT)`` runs ``balorg`` on this test's database."""

    directory: Path
    capsys: pytest.CaptureFixture[str]
    monkeypatch: pytest.MonkeyPatch
    config: Path = CONFIG

    @property
    def db(self) -> Path:
        return self.directory / "balorg.db"

    @property
    def url(self) -> str:
        return f"sqlite:///{self.db}"

    def __call__(self, *argv: str, stdin: str = "") -> Ran:
        # A StringIO is not a terminal: nothing can ever be asked interactively.
        self.monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        self.capsys.readouterr()
        code = main([*argv, "--db", self.url, "--config", str(self.config)])
        captured = self.capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    def json(self, *argv: str, stdin: str = "") -> Ran:
        return self(*argv, "--json", stdin=stdin)

    def notices(self) -> list[Any]:
        store = SqlStore(self.url)
        try:
            return SqlNotifier(store).sent()
        finally:
            store.close()

    # -- the guides' steps, for the tests that start further on --------------------------------

    def register(self, form: str = "pharmacie.json", address: str = PHARMACIE, *extra: str) -> Ran:
        responsible = {"pharmacie.json": CLAIRE, "cabinet.json": PAUL}[form]
        return self(
            "register",
            str(EXAMPLES / form),
            "--address",
            address,
            "--password-stdin",
            *extra,
            stdin=PASSWORDS[responsible] + "\n",
        )

    def create(self, account: str = ALICE, *extra: str, mailbox: str = PHARMACIE) -> Ran:
        first, last = account.split("@", maxsplit=1)[0].split(".")
        return self(
            "members",
            "create",
            mailbox,
            account,
            "--first-name",
            first.title(),
            "--last-name",
            last.title(),
            "--as",
            CLAIRE,
            "--password-stdin",
            *extra,
            stdin=PASSWORDS[account] + "\n",
        )

    def login(self, account: str, *extra: str, password: str | None = None) -> Ran:
        password = PASSWORDS[account] if password is None else password
        return self("login", account, "--password-stdin", *extra, stdin=password + "\n")

    def active_pharmacy(self) -> None:
        """First guide done: the pharmacy is live, Claire and Alice are validated."""
        for ran in (
            self.register(),
            self.create(ALICE),
            self("finish", PHARMACIE, "--as", CLAIRE),
            self("approve", CLAIRE, "--as", AGENT),
            self("approve", ALICE, "--as", AGENT),
        ):
            assert ran.code == 0, ran.out

    def active_cabinet(self) -> None:
        """The neighbouring practice is live too (Paul responsible, validated)."""
        for ran in (
            self.register("cabinet.json", CABINET),
            self("finish", CABINET, "--as", PAUL),
            self("approve", PAUL, "--as", AGENT),
        ):
            assert ran.code == 0, ran.out


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    # No ./balorg.toml or ./balorg.db of the developer's can be picked up by accident.
    monkeypatch.chdir(tmp_path)
    return Cli(tmp_path, capsys, monkeypatch)


@pytest.fixture
def live(cli: Cli) -> Cli:
    cli.active_pharmacy()
    return cli


def envelope(ran: Ran, command: str, *, ok: bool) -> dict[str, Any]:
    """The JSON envelope, checked: stable keys, problems' shape, exit status."""
    payload: dict[str, Any] = ran.payload
    assert list(payload) == ENVELOPE_KEYS
    assert payload["command"] == command
    assert payload["ok"] is ok
    assert ran.code == (0 if ok else 1)
    assert isinstance(payload["errors"], list)
    assert isinstance(payload["warnings"], list)
    for problem in payload["errors"] + payload["warnings"]:
        assert list(problem) == PROBLEM_KEYS
        assert isinstance(problem["code"], str)
        assert isinstance(problem["path"], str)
        assert isinstance(problem["params"], dict)
        assert isinstance(problem["message"], str)
        assert problem["message"] != problem["code"]  # the catalogue knows every code
    assert all(p["severity"] == "error" for p in payload["errors"])
    assert all(p["severity"] == "warning" for p in payload["warnings"])
    if ok:
        assert payload["errors"] == []
    else:
        assert payload["errors"]
    return payload


def codes(payload: dict[str, Any]) -> list[str]:
    return [p["code"] for p in payload["errors"]]


def pending_rows(cli: Cli) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = envelope(cli.json("pending", "--as", AGENT), "pending", ok=True)[
        "result"
    ]["pending"]
    return rows


def members(cli: Cli, mailbox: str = PHARMACIE) -> dict[str, dict[str, Any]]:
    payload = envelope(
        cli.json("members", "list", mailbox, "--as", CLAIRE), "members list", ok=True
    )
    return {m["account"]: m for m in payload["result"]["members"]}


# -- register (steps 1 to 11) -----------------------------------------------------------------


def test_register_a_valid_form_leaves_the_mailbox_pending(cli: Cli) -> None:
    ran = cli.register()
    assert ran.code == 0, ran.out
    assert ran.out.strip() == f"{PHARMACIE} : pending (Pharmacie Du Centre)"
    # The responsible's new account waits for the service centre, like any new account.
    assert [r["account"] for r in pending_rows(cli)] == [CLAIRE]


def test_register_in_json(cli: Cli) -> None:
    payload = envelope(cli.register("pharmacie.json", PHARMACIE, "--json"), "register", ok=True)
    assert payload["result"] == {
        "mailbox": PHARMACIE,
        "state": "pending",
        "label": "Pharmacie Du Centre",
    }
    # The same address twice: refused.
    again = envelope(cli.register("pharmacie.json", PHARMACIE, "--json"), "register", ok=False)
    assert "address.taken" in codes(again)


def _bad_form() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / "pharmacie.json").read_text(encoding="utf-8"))
    data["shared_account"] = False
    data["generic_email"] = "not-an-address"
    data["structure"]["finess"] = "010000025"  # wrong check digit
    data["responsible"]["identifier"] = "123"
    del data["description"]
    return data


def test_register_an_invalid_form_lists_every_error_in_french(cli: Cli) -> None:
    form = cli.directory / "bad.json"
    form.write_text(json.dumps(_bad_form()), encoding="utf-8")
    expected = validate_registration(_bad_form(), on=dt.date.today()).errors
    assert len(expected) >= 5

    ran = cli("register", str(form), "--address", PHARMACIE, "--password-stdin", stdin="pw\n")

    assert ran.code == 1
    lines = ran.out.splitlines()
    assert len(lines) == len(expected)
    for problem, line in zip(expected, lines, strict=True):
        assert line.startswith(f"  ERREUR [{problem.code}] {problem.path} : ")
        assert line.endswith(problem.message("fr"))
    assert "Ce champ est obligatoire." in ran.out  # description
    assert "La clé de contrôle du numéro FINESS est fausse." in ran.out
    # Refused before asking for the password: it is still unread, and nothing was stored.
    assert sys.stdin.read() == "pw\n"
    assert pending_rows(cli) == []


def test_register_an_invalid_form_in_english_and_json(cli: Cli) -> None:
    form = cli.directory / "bad.json"
    form.write_text(json.dumps(_bad_form()), encoding="utf-8")
    expected = validate_registration(_bad_form(), on=dt.date.today()).errors

    text = cli("register", str(form), "--address", PHARMACIE, "--lang", "en")
    assert text.code == 1
    assert "  ERROR [field.required] description : This field is required." in text.out
    assert "The check digit of the FINESS number is wrong." in text.out
    assert "ERREUR" not in text.out
    assert "obligatoire" not in text.out

    ran = cli.json("register", str(form), "--address", PHARMACIE, "--lang", "en")
    payload = envelope(ran, "register", ok=False)
    assert [(p["code"], p["path"]) for p in payload["errors"]] == [
        (p.code, p.path) for p in expected
    ]
    assert payload["errors"] == [p.to_dict("en") for p in expected]
    assert payload["result"]["ok"] is False  # the form's own report


def test_register_an_unreadable_file(cli: Cli) -> None:
    missing = cli.directory / "missing.json"
    ran = cli.json("register", str(missing), "--address", PHARMACIE)
    payload = envelope(ran, "register", ok=False)
    assert codes(payload) == ["cli.file_unreadable"]
    assert payload["errors"][0]["params"]["path"] == str(missing)
    text = cli("register", str(missing), "--address", PHARMACIE)
    assert text.code == 1
    assert "[cli.file_unreadable]" in text.out
    assert "Impossible de lire le fichier" in text.out


def test_register_a_file_that_is_not_json(cli: Cli) -> None:
    form = cli.directory / "form.json"
    form.write_text('{"shared_account": true,', encoding="utf-8")
    payload = envelope(
        cli.json("register", str(form), "--address", PHARMACIE), "register", ok=False
    )
    assert codes(payload) == ["cli.invalid_json"]
    text = cli("register", str(form), "--address", PHARMACIE, "--lang", "en")
    assert text.code == 1
    assert f"File {form} is not valid JSON" in text.out


def test_register_outside_the_operator_domains_is_refused(cli: Cli) -> None:
    outside = "pharmacie.ducentre@autre-operateur.fr"
    payload = envelope(cli.register("pharmacie.json", outside, "--json"), "register", ok=False)
    assert codes(payload) == ["address.not_operator_domain"]
    assert payload["errors"][0]["params"]["address"] == outside
    assert "medimail.mssante.fr" in payload["errors"][0]["params"]["domains"]
    # Nothing was created: the same form in a domain of the operator goes through.
    assert pending_rows(cli) == []
    assert cli.register().code == 0


def test_without_configured_domains_no_address_can_be_handed_out(cli: Cli) -> None:
    cli.config = cli.directory / "empty.toml"
    cli.config.write_text('[operator]\nservice_centre = ["agent@esante.fr"]\n', encoding="utf-8")
    payload = envelope(cli.register("pharmacie.json", PHARMACIE, "--json"), "register", ok=False)
    assert codes(payload) == ["address.not_operator_domain"]


def test_an_invalid_config_file_is_reported(cli: Cli) -> None:
    cli.config = cli.directory / "broken.toml"
    cli.config.write_text("[operator]\ndomains = [\n", encoding="utf-8")
    payload = envelope(cli.json("pending", "--as", AGENT), "pending", ok=False)
    assert codes(payload) == ["cli.config_invalid"]
    cli.config.write_text('[operator]\ndomain = ["x.fr"]\n', encoding="utf-8")
    payload = envelope(cli.json("pending", "--as", AGENT), "pending", ok=False)
    assert codes(payload) == ["cli.config_invalid"]
    assert "domain" in payload["errors"][0]["params"]["reason"]


# -- step 12: members, and "Terminer" ---------------------------------------------------------


def test_members_create_attaches_a_new_account_waiting_for_validation(cli: Cli) -> None:
    cli.register()
    ran = cli.create(ALICE, "--json")
    payload = envelope(ran, "members create", ok=True)
    assert payload["result"] == {
        "mailbox": PHARMACIE,
        "account": ALICE,
        "state": "pending_validation",
    }
    alice = members(cli)[ALICE]
    assert alice["role"] == "member"
    assert alice["state"] == "pending_validation"
    assert alice["capabilities"] == ["read", "send"]  # the default
    assert alice["granted_by"] == CLAIRE


def test_members_create_outside_the_operator_domains_is_refused(cli: Cli) -> None:
    cli.register()
    ran = cli.json(
        "members",
        "create",
        PHARMACIE,
        "alice@gmail.com",
        "--first-name",
        "Alice",
        "--last-name",
        "Bernard",
        "--as",
        CLAIRE,
        "--password-stdin",
        stdin="pw\n",
    )
    assert codes(envelope(ran, "members create", ok=False)) == ["address.not_operator_domain"]


def test_members_create_with_capabilities_and_an_expiry(cli: Cli) -> None:
    cli.register()
    ran = cli.create(ALICE, "--capability", "read", "--expires", "2099-01-01T00:00:00+00:00")
    assert ran.code == 0, ran.out
    alice = members(cli)[ALICE]
    assert alice["capabilities"] == ["read"]
    assert alice["expires_at"] == "2099-01-01T00:00:00+00:00"


def test_members_add_attaches_an_existing_account_with_its_password(live: Cli) -> None:
    live.active_cabinet()
    wrong = live.json(
        "members", "add", CABINET, ALICE, "--as", PAUL, "--password-stdin", stdin="nope\n"
    )
    assert codes(envelope(wrong, "members add", ok=False)) == ["credentials.invalid"]
    ran = live.json(
        "members",
        "add",
        CABINET,
        ALICE,
        "--as",
        PAUL,
        "--password-stdin",
        stdin=PASSWORDS[ALICE] + "\n",
    )
    payload = envelope(ran, "members add", ok=True)
    assert payload["result"] == {"mailbox": CABINET, "account": ALICE}
    listing = envelope(live.json("members", "list", CABINET, "--as", PAUL), "members list", ok=True)
    rows = {m["account"]: m for m in listing["result"]["members"]}
    assert rows[ALICE]["state"] == "active"  # Alice is already validated
    # Alice may now open both mailboxes.
    session = envelope(live.login(ALICE, "--json"), "login", ok=True)["result"]
    assert session["openable"] == sorted([CABINET, PHARMACIE])


def test_members_add_with_a_wrong_password_attaches_nothing(live: Cli) -> None:
    live.active_cabinet()
    ran = live("members", "add", CABINET, ALICE, "--as", PAUL, "--password-stdin", stdin="x\n")
    assert ran.code == 1
    assert "[credentials.invalid]" in ran.out
    listing = envelope(live.json("members", "list", CABINET, "--as", PAUL), "members list", ok=True)
    assert [m["account"] for m in listing["result"]["members"]] == [PAUL]


def test_members_list_shows_the_responsible_then_the_members(live: Cli) -> None:
    text = live("members", "list", PHARMACIE, "--as", CLAIRE)
    assert text.code == 0
    first, second = text.out.splitlines()
    assert first.split() == [CLAIRE, "responsible", "administer,manage_members,read,send"]
    assert second.split() == [ALICE, "active", "read,send"]
    rows = members(live)
    assert list(rows) == [CLAIRE, ALICE]
    assert rows[CLAIRE]["role"] == "responsible"
    assert rows[CLAIRE]["state"] is None
    assert set(rows[ALICE]) == {
        "account",
        "role",
        "state",
        "capabilities",
        "granted_by",
        "granted_at",
        "expires_at",
        "reason",
    }
    # A member without the manage-members capability may not list.
    refused = envelope(
        live.json("members", "list", PHARMACIE, "--as", ALICE), "members list", ok=False
    )
    assert codes(refused) == ["access.missing_capability"]


def test_members_revoke_with_a_reason_ends_access(live: Cli) -> None:
    ran = live.json("members", "revoke", PHARMACIE, ALICE, "--reason", "départ", "--as", CLAIRE)
    assert envelope(ran, "members revoke", ok=True)["result"] == {
        "mailbox": PHARMACIE,
        "account": ALICE,
    }
    alice = members(live)[ALICE]
    assert alice["state"] == "revoked"
    assert alice["reason"] == "départ"
    switch = envelope(live.json("switch", ALICE, PHARMACIE), "switch", ok=False)
    assert codes(switch) == ["access.delegation_not_active"]
    assert switch["errors"][0]["params"]["state"] == "revoked"
    # --reason is required.
    with pytest.raises(SystemExit) as exc:
        live("members", "revoke", PHARMACIE, ALICE, "--as", CLAIRE)
    assert exc.value.code == 2


def test_finish_waits_for_the_responsible_s_validation_then_the_mailbox_goes_live(
    cli: Cli,
) -> None:
    cli.register()
    refused = envelope(cli.json("finish", PHARMACIE, "--as", ALICE), "finish", ok=False)
    assert codes(refused) == ["access.unknown_account"]
    ran = cli.json("finish", PHARMACIE, "--as", CLAIRE)
    assert envelope(ran, "finish", ok=True)["result"] == {"mailbox": PHARMACIE, "state": "pending"}
    twice = envelope(cli.json("finish", PHARMACIE, "--as", CLAIRE), "finish", ok=False)
    assert codes(twice) == ["mailbox.already_finished"]
    cli("approve", CLAIRE, "--as", AGENT)
    switched = envelope(cli.json("switch", CLAIRE, PHARMACIE), "switch", ok=True)
    assert switched["result"]["organisational"] is True
    again = envelope(cli.json("finish", PHARMACIE, "--as", CLAIRE), "finish", ok=False)
    assert codes(again) == ["access.mailbox_state"]


# -- the service centre -----------------------------------------------------------------------


def test_pending_lists_oldest_first_with_the_72_hour_deadline(cli: Cli) -> None:
    cli.register()
    cli.create(ALICE)
    cli.create(BOB)
    rows = pending_rows(cli)
    assert [r["account"] for r in rows] == [CLAIRE, ALICE, BOB]
    assert [r["name"] for r in rows] == ["Claire Martin", "Alice Bernard", "Bob Petit"]
    created = [dt.datetime.fromisoformat(r["created_at"]) for r in rows]
    assert created == sorted(created)
    for row, at in zip(rows, created, strict=True):
        assert dt.datetime.fromisoformat(row["deadline"]) - at == dt.timedelta(hours=72)
        assert row["overdue"] is False
    text = cli("pending", "--as", AGENT)
    assert [line.split()[0] for line in text.out.splitlines()] == [CLAIRE, ALICE, BOB]
    assert "EN RETARD" not in text.out


def test_pending_honours_the_configured_delay(cli: Cli) -> None:
    cli.config = cli.directory / "balorg.toml"
    cli.config.write_text(
        CONFIG.read_text(encoding="utf-8").replace("validation_hours = 72", "validation_hours = 0"),
        encoding="utf-8",
    )
    cli.register()
    (row,) = pending_rows(cli)
    assert row["deadline"] == row["created_at"]
    assert row["overdue"] is True
    assert "EN RETARD" in cli("pending", "--as", AGENT).out
    assert "OVERDUE" in cli("pending", "--as", AGENT, "--lang", "en").out


def test_only_agents_see_and_decide(cli: Cli) -> None:
    cli.register()
    for argv, command in (
        (("pending", "--as", CLAIRE), "pending"),
        (("approve", CLAIRE, "--as", CLAIRE), "approve"),
        (("reject", CLAIRE, "--reason", "x", "--as", CLAIRE), "reject"),
    ):
        payload = envelope(cli.json(*argv), command, ok=False)
        assert codes(payload) == ["service_centre.not_agent"]
    assert [r["account"] for r in pending_rows(cli)] == [CLAIRE]


def test_approve_activates_the_account_and_its_delegations(cli: Cli) -> None:
    cli.register()
    cli.create(ALICE)
    cli("finish", PHARMACIE, "--as", CLAIRE)
    cli("approve", CLAIRE, "--as", AGENT)
    ran = cli.json("approve", ALICE, "--as", AGENT)
    assert envelope(ran, "approve", ok=True)["result"] == {"account": ALICE, "state": "active"}
    assert pending_rows(cli) == []
    assert members(cli)[ALICE]["state"] == "active"
    (notice,) = [n for n in cli.notices() if n.recipient == ALICE]
    assert notice.kind == "validation"
    # Deciding twice is refused.
    again = envelope(cli.json("approve", ALICE, "--as", AGENT), "approve", ok=False)
    assert codes(again) == ["account.not_pending"]


def test_reject_refuses_the_account_and_revokes_its_delegations(cli: Cli) -> None:
    cli.register()
    cli.create(ALICE)
    ran = cli.json("reject", ALICE, "--reason", "identité non vérifiée", "--as", AGENT)
    assert envelope(ran, "reject", ok=True)["result"] == {"account": ALICE, "state": "rejected"}
    assert [r["account"] for r in pending_rows(cli)] == [CLAIRE]
    assert members(cli)[ALICE]["state"] == "revoked"
    login = envelope(cli.login(ALICE, "--json"), "login", ok=False)
    assert codes(login) == ["access.account_not_active"]
    assert login["errors"][0]["params"]["state"] == "rejected"


# -- using the mailbox (second guide) ---------------------------------------------------------


def test_login_opens_the_nominative_mailbox_with_the_persons_name(live: Cli) -> None:
    text = live.login(ALICE)
    assert text.code == 0
    assert text.out.strip() == f"[ Alice Bernard ]  {ALICE} (nominative)"
    payload = envelope(live.login(ALICE, "--json"), "login", ok=True)
    assert set(payload["result"]) == SESSION_KEYS
    assert payload["result"]["mailbox"] == ALICE
    assert payload["result"]["label"] == "Alice Bernard"
    assert payload["result"]["organisational"] is False
    assert payload["result"]["openable"] == [PHARMACIE]


def test_login_with_a_wrong_password(live: Cli) -> None:
    ran = live.login(ALICE, password="pw-claire-7Hq2")
    assert ran.code == 1
    assert "[credentials.invalid]" in ran.out
    payload = envelope(live.login(ALICE, "--json", password="nope"), "login", ok=False)
    assert codes(payload) == ["credentials.invalid"]
    assert payload["result"] is None
    # An unknown account gets the very same answer: no account discovery.
    unknown = envelope(live.login(BOB, "--json", password="x"), "login", ok=False)
    assert unknown["errors"] == payload["errors"]


def test_nobody_logs_into_an_organisational_mailbox(live: Cli) -> None:
    ran = live("login", PHARMACIE, "--password-stdin", "--json", stdin="x\n")
    payload = envelope(ran, "login", ok=False)
    assert codes(payload) == ["login.organisational_mailbox"]


def test_wrong_passwords_at_login_are_throttled_and_audited(live: Cli) -> None:
    for _ in range(5):
        ran = live("login", ALICE, "--password-stdin", "--json", stdin="wrong\n")
        assert codes(envelope(ran, "login", ok=False)) == ["credentials.invalid"]
    ran = live("login", ALICE, "--password-stdin", "--json", stdin=PASSWORDS[ALICE] + "\n")
    assert codes(envelope(ran, "login", ok=False)) == ["credentials.throttled"]
    with sqlite3.connect(live.db) as db:
        refused = db.execute(
            "SELECT count(*) FROM audit_entries WHERE action = 'log_in' AND allowed = ?", (False,)
        ).fetchone()[0]
    db.close()
    assert refused == 6


def test_login_before_validation_is_refused(cli: Cli) -> None:
    cli.register()
    payload = envelope(cli.login(CLAIRE, "--json"), "login", ok=False)
    assert codes(payload) == ["access.account_not_active"]


def test_switch_opens_the_organisational_mailbox_with_its_label(live: Cli) -> None:
    text = live("switch", ALICE, PHARMACIE)
    assert text.code == 0
    assert text.out.strip() == f"[ Pharmacie Du Centre ]  {PHARMACIE} (organisationnelle)"
    english = live("switch", ALICE, PHARMACIE, "--lang", "en")
    assert english.out.strip() == f"[ Pharmacie Du Centre ]  {PHARMACIE} (organisational)"
    payload = envelope(live.json("switch", ALICE, PHARMACIE), "switch", ok=True)
    assert payload["result"]["organisational"] is True
    assert payload["result"]["label"] == "Pharmacie Du Centre"
    # Back to the nominative mailbox.
    back = envelope(live.json("switch", ALICE, ALICE), "switch", ok=True)
    assert back["result"]["organisational"] is False


@pytest.mark.parametrize(
    ("account", "mailbox", "code"),
    [
        (PAUL, PHARMACIE, "account.unknown"),
        (CLAIRE, CABINET, "mailbox.unknown"),
        (ALICE, "inconnue@medimail.mssante.fr", "mailbox.unknown"),
    ],
)
def test_switch_is_refused_with_the_reason(
    live: Cli, account: str, mailbox: str, code: str
) -> None:
    payload = envelope(live.json("switch", account, mailbox), "switch", ok=False)
    assert codes(payload) == [code]
    text = live("switch", account, mailbox)
    assert text.code == 1
    assert f"[{code}]" in text.out


def test_switch_to_a_mailbox_of_someone_else(live: Cli) -> None:
    live.active_cabinet()
    payload = envelope(live.json("switch", PAUL, PHARMACIE), "switch", ok=False)
    assert codes(payload) == ["access.not_member"]
    english = envelope(live.json("switch", PAUL, PHARMACIE, "--lang", "en"), "switch", ok=False)
    assert english["errors"][0]["message"] != payload["errors"][0]["message"]


def test_switch_while_the_account_waits_for_validation(cli: Cli) -> None:
    cli.register()
    cli.create(ALICE)
    cli("finish", PHARMACIE, "--as", CLAIRE)
    payload = envelope(cli.json("switch", ALICE, PHARMACIE), "switch", ok=False)
    assert codes(payload) == ["access.account_not_active"]


def test_default_mailbox_is_opened_at_login(live: Cli) -> None:
    ran = live.json("default", ALICE, PHARMACIE)
    assert envelope(ran, "default", ok=True)["result"] == {"account": ALICE, "default": PHARMACIE}
    session = envelope(live.login(ALICE, "--json"), "login", ok=True)["result"]
    assert session["mailbox"] == PHARMACIE
    assert session["organisational"] is True
    assert session["label"] == "Pharmacie Du Centre"
    # Back to the nominative mailbox.
    assert live("default", ALICE, ALICE).code == 0
    assert envelope(live.login(ALICE, "--json"), "login", ok=True)["result"]["mailbox"] == ALICE


def test_default_to_a_mailbox_that_cannot_be_opened(live: Cli) -> None:
    live.active_cabinet()
    payload = envelope(live.json("default", ALICE, CABINET), "default", ok=False)
    assert codes(payload) == ["account.cannot_open"]


def test_notices_on_and_off(live: Cli) -> None:
    on = live.json("notices", "on", ALICE, PHARMACIE)
    assert envelope(on, "notices", ok=True)["result"] == {
        "account": ALICE,
        "mailbox": PHARMACIE,
        "notices": True,
    }
    first = envelope(
        live.json("receive", PHARMACIE, "--from", HOUSE, "--reference", "msg-1"), "receive", ok=True
    )
    assert first["result"] == {"mailbox": PHARMACIE, "notified": [ALICE]}
    off = live.json("notices", "off", ALICE, PHARMACIE)
    assert envelope(off, "notices", ok=True)["result"]["notices"] is False
    second = envelope(
        live.json("receive", PHARMACIE, "--from", HOUSE, "--reference", "msg-2"), "receive", ok=True
    )
    assert second["result"]["notified"] == []
    assert [n.kind for n in live.notices() if n.recipient == ALICE] == ["validation", "new_mail"]
    # Not for one's own nominative mailbox.
    own = envelope(live.json("notices", "on", ALICE, ALICE), "notices", ok=False)
    assert codes(own) == ["account.notices_own_mailbox"]
    with pytest.raises(SystemExit) as exc:
        live("notices", "maybe", ALICE, PHARMACIE)
    assert exc.value.code == 2


def test_receive_prints_a_notice_that_tells_nothing_of_the_message(live: Cli) -> None:
    live("notices", "on", ALICE, PHARMACIE)
    reference = "ref-3f9c-confidentiel"
    ran = live("receive", PHARMACIE, "--from", HOUSE, "--reference", reference)
    assert ran.code == 0
    assert ran.out.strip() == f"notice -> {ALICE}: Nouveau message dans {PHARMACIE}"
    (notice,) = [n for n in live.notices() if n.kind == "new_mail"]
    assert notice.recipient == ALICE
    sent_text = f"{notice.subject}\n{notice.body}"
    assert PHARMACIE in sent_text
    for secret in (reference, HOUSE, "house", "ch-exemple"):
        assert secret not in sent_text
        assert secret not in ran.out
    english = live("receive", PHARMACIE, "--from", HOUSE, "--reference", "r2", "--lang", "en")
    assert english.out.strip() == f"notice -> {ALICE}: New message in {PHARMACIE}"
    unknown = envelope(
        live.json("receive", CABINET, "--from", HOUSE, "--reference", "r"), "receive", ok=False
    )
    assert codes(unknown) == ["mailbox.unknown"]


def test_redlist_changes_each_directory(live: Cli) -> None:
    ran = live.json("redlist", PHARMACIE, "--national", "on", "--as", CLAIRE)
    assert envelope(ran, "redlist", ok=True)["result"] == {"mailbox": PHARMACIE, "changed": True}
    same = live.json("redlist", PHARMACIE, "--national", "on", "--as", CLAIRE)
    assert envelope(same, "redlist", ok=True)["result"]["changed"] is False
    assert live("redlist", PHARMACIE, "--national", "on", "--as", CLAIRE).out.strip() == (
        f"{PHARMACIE} : inchangée"
    )
    english = live("redlist", PHARMACIE, "--operator", "on", "--as", CLAIRE, "--lang", "en")
    assert english.out.strip() == f"{PHARMACIE} : changed"
    refused = envelope(
        live.json("redlist", PHARMACIE, "--national", "off", "--as", ALICE), "redlist", ok=False
    )
    assert codes(refused) == ["access.missing_capability"]
    with pytest.raises(SystemExit) as exc:
        live("redlist", PHARMACIE, "--national", "yes", "--as", CLAIRE)
    assert exc.value.code == 2


def test_send_in_the_name_of_the_mailbox_then_read_the_inbox(live: Cli) -> None:
    live("receive", PHARMACIE, "--from", HOUSE, "--reference", "msg-0001")
    ran = live.json("send", PHARMACIE, "--as", ALICE, "--to", HOUSE, "--reference", "msg-0002")
    sent = envelope(ran, "send", ok=True)["result"]
    assert set(sent) == {"mailbox", "direction", "reference", "at", "correspondent", "author"}
    assert (sent["mailbox"], sent["direction"], sent["reference"]) == (
        PHARMACIE,
        "sent",
        "msg-0002",
    )
    assert (sent["correspondent"], sent["author"]) == (HOUSE, ALICE)
    text = live("send", PHARMACIE, "--as", ALICE, "--to", HOUSE, "--reference", "msg-0003")
    assert text.out.strip() == f"{PHARMACIE} -> {HOUSE} (msg-0003, {ALICE})"

    inbox = envelope(live.json("inbox", PHARMACIE, "--as", CLAIRE), "inbox", ok=True)["result"]
    assert [r["reference"] for r in inbox["received"]] == ["msg-0001"]
    assert inbox["received"][0]["author"] is None
    assert inbox["received"][0]["correspondent"] == HOUSE
    assert [r["reference"] for r in inbox["sent"]] == ["msg-0002", "msg-0003"]
    assert {r["author"] for r in inbox["sent"]} == {ALICE}
    lines = live("inbox", PHARMACIE, "--as", ALICE).out.splitlines()
    assert len(lines) == 3
    assert lines[0].split()[1:] == ["received", HOUSE, "msg-0001"]
    assert lines[1].split()[1:] == ["sent", HOUSE, "msg-0002", "par", ALICE]
    english = live("inbox", PHARMACIE, "--as", ALICE, "--lang", "en").out.splitlines()
    assert english[1].split()[-2:] == ["by", ALICE]


def test_send_and_inbox_need_the_capabilities(cli: Cli) -> None:
    cli.register()
    cli.create(ALICE, "--capability", "read")
    cli("finish", PHARMACIE, "--as", CLAIRE)
    cli("approve", CLAIRE, "--as", AGENT)
    cli("approve", ALICE, "--as", AGENT)
    send = cli.json("send", PHARMACIE, "--as", ALICE, "--to", HOUSE, "--reference", "m")
    payload = envelope(send, "send", ok=False)
    assert codes(payload) == ["access.missing_capability"]
    assert payload["errors"][0]["params"]["capability"] == "send"
    assert envelope(cli.json("inbox", PHARMACIE, "--as", ALICE), "inbox", ok=True)
    stranger = envelope(cli.json("inbox", PHARMACIE, "--as", HOUSE), "inbox", ok=False)
    assert codes(stranger) == ["access.unknown_account"]


def test_audit_lists_the_mailbox_entries_and_verifies_the_chain(live: Cli) -> None:
    live("switch", ALICE, PHARMACIE)
    live("send", PHARMACIE, "--as", ALICE, "--to", HOUSE, "--reference", "msg-1")
    payload = envelope(live.json("audit", PHARMACIE, "--as", CLAIRE), "audit", ok=True)
    result = payload["result"]
    assert set(result) == {"mailbox", "entries", "verification"}
    assert result["verification"]["ok"] is True
    entries = result["entries"]
    assert set(entries[0]) == {
        "seq",
        "at",
        "actor",
        "action",
        "allowed",
        "reasons",
        "details",
        "hash",
    }
    actions = [e["action"] for e in entries]
    for action in ("mailbox_registered", "delegation_granted", "mailbox_activated"):
        assert action in actions
    assert actions[-2:] == ["switch_mailbox", "send_message"]
    seqs = [e["seq"] for e in entries]
    assert seqs == sorted(seqs)
    # The whole chain (other mailboxes' entries too) is counted.
    assert result["verification"]["count"] >= seqs[-1]
    assert result["verification"]["head"] == entries[-1]["hash"]

    text = live("audit", PHARMACIE, "--as", CLAIRE)
    assert text.code == 0
    assert text.out.splitlines()[-1].startswith(f"chaîne vérifiée : {seqs[-1]} / ")
    english = live("audit", PHARMACIE, "--as", CLAIRE, "--lang", "en")
    assert english.out.splitlines()[-1].startswith("chain verified : ")


def test_audit_filters_by_actor_and_period(live: Cli) -> None:
    live("send", PHARMACIE, "--as", ALICE, "--to", HOUSE, "--reference", "msg-1")
    only = envelope(
        live.json("audit", PHARMACIE, "--as", CLAIRE, "--actor", ALICE), "audit", ok=True
    )
    assert [e["action"] for e in only["result"]["entries"]] == ["send_message"]
    later = envelope(
        live.json("audit", PHARMACIE, "--as", CLAIRE, "--since", "2999-01-01T00:00:00+00:00"),
        "audit",
        ok=True,
    )
    assert later["result"]["entries"] == []
    assert later["result"]["verification"]["ok"] is True
    refused = envelope(live.json("audit", PHARMACIE, "--as", ALICE), "audit", ok=False)
    assert codes(refused) == ["access.missing_capability"]


def test_audit_reports_a_tampered_chain(live: Cli) -> None:
    before = envelope(live.json("audit", PHARMACIE, "--as", CLAIRE), "audit", ok=True)
    registered = next(
        e["seq"] for e in before["result"]["entries"] if e["action"] == "mailbox_registered"
    )
    with sqlite3.connect(live.db) as db:
        changed = db.execute(
            "UPDATE audit_entries SET action = 'nothing_happened' WHERE seq = ?", (registered,)
        ).rowcount
    db.close()
    assert changed == 1

    payload = envelope(live.json("audit", PHARMACIE, "--as", CLAIRE), "audit", ok=False)
    assert payload["result"]["verification"]["ok"] is False
    assert codes(payload) == ["audit.entry_altered"]
    assert payload["errors"][0]["params"] == {"seq": registered}
    text = live("audit", PHARMACIE, "--as", CLAIRE)
    assert text.code == 1
    assert "CHAÎNE ROMPUE" in text.out
    assert "[audit.entry_altered]" in text.out


def test_audit_reports_entries_cut_off_the_end(live: Cli) -> None:
    before = envelope(live.json("audit", PHARMACIE, "--as", CLAIRE), "audit", ok=True)
    with sqlite3.connect(live.db) as db:
        last = db.execute("SELECT max(seq) FROM audit_entries").fetchone()[0]
        removed = db.execute("DELETE FROM audit_entries WHERE seq = ?", (last,)).rowcount
    db.close()
    assert removed == 1

    payload = envelope(live.json("audit", PHARMACIE, "--as", CLAIRE), "audit", ok=False)
    assert payload["result"]["verification"]["count"] < before["result"]["verification"]["count"]
    assert "audit.head_mismatch" in codes(payload)


# -- JSON on every command --------------------------------------------------------------------


def test_every_command_answers_in_the_json_envelope(cli: Cli) -> None:
    """Both guides end to end with ``--json``: one envelope per command, keys stable."""
    steps: list[tuple[tuple[str, ...], str, str, set[str]]] = [
        (
            ("register", str(EXAMPLES / "pharmacie.json"), "--address", PHARMACIE),
            PASSWORDS[CLAIRE],
            "register",
            {"mailbox", "state", "label"},
        ),
        (
            (
                "members",
                "create",
                PHARMACIE,
                ALICE,
                "--first-name",
                "Alice",
                "--last-name",
                "Bernard",
                "--as",
                CLAIRE,
            ),
            PASSWORDS[ALICE],
            "members create",
            {"mailbox", "account", "state"},
        ),
        (("finish", PHARMACIE, "--as", CLAIRE), "", "finish", {"mailbox", "state"}),
        (("pending", "--as", AGENT), "", "pending", {"pending"}),
        (("approve", CLAIRE, "--as", AGENT), "", "approve", {"account", "state"}),
        (("approve", ALICE, "--as", AGENT), "", "approve", {"account", "state"}),
        (
            ("register", str(EXAMPLES / "cabinet.json"), "--address", CABINET),
            PASSWORDS[PAUL],
            "register",
            {"mailbox", "state", "label"},
        ),
        (
            ("members", "create", CABINET, BOB, "--first-name", "B", "--last-name", "P"),
            PASSWORDS[BOB],
            "members create",
            {"mailbox", "account", "state"},
        ),
        (("reject", BOB, "--reason", "doublon", "--as", AGENT), "", "reject", {"account", "state"}),
        (
            ("members", "add", CABINET, ALICE, "--as", PAUL),
            PASSWORDS[ALICE],
            "members add",
            {"mailbox", "account"},
        ),
        (("finish", CABINET, "--as", PAUL), "", "finish", {"mailbox", "state"}),
        (("approve", PAUL, "--as", AGENT), "", "approve", {"account", "state"}),
        (("login", ALICE), PASSWORDS[ALICE], "login", SESSION_KEYS),
        (("switch", ALICE, PHARMACIE), "", "switch", SESSION_KEYS),
        (("default", ALICE, PHARMACIE), "", "default", {"account", "default"}),
        (("notices", "on", ALICE, PHARMACIE), "", "notices", {"account", "mailbox", "notices"}),
        (
            ("redlist", PHARMACIE, "--operator", "on", "--as", CLAIRE),
            "",
            "redlist",
            {"mailbox", "changed"},
        ),
        (
            ("receive", PHARMACIE, "--from", HOUSE, "--reference", "m1"),
            "",
            "receive",
            {"mailbox", "notified"},
        ),
        (
            ("send", PHARMACIE, "--as", ALICE, "--to", HOUSE, "--reference", "m2"),
            "",
            "send",
            {"mailbox", "direction", "reference", "at", "correspondent", "author"},
        ),
        (("inbox", PHARMACIE, "--as", CLAIRE), "", "inbox", {"mailbox", "received", "sent"}),
        (
            ("members", "list", PHARMACIE, "--as", CLAIRE),
            "",
            "members list",
            {"mailbox", "members"},
        ),
        (
            ("members", "revoke", CABINET, ALICE, "--reason", "fin", "--as", PAUL),
            "",
            "members revoke",
            {"mailbox", "account"},
        ),
        (("audit", PHARMACIE, "--as", CLAIRE), "", "audit", {"mailbox", "entries", "verification"}),
    ]
    seen = set()
    for argv, password, command, keys in steps:
        extra = ("--password-stdin",) if password else ()
        if argv[:3] == ("members", "create", CABINET):
            extra = (*extra, "--as", PAUL)
        ran = cli.json(*argv, *extra, stdin=password + "\n" if password else "")
        payload = envelope(ran, command, ok=True)
        assert set(payload["result"]) == keys, command
        json.dumps(payload)  # plain data all the way down
        seen.add(command)
    # identify needs no database (and takes neither --db nor --config).
    cli.capsys.readouterr()
    code = main(["identify", "--json", "10001045367"])
    identify = envelope(Ran(code, cli.capsys.readouterr().out, ""), "identify", ok=True)
    assert set(identify["result"]) == {"values"}
    seen.add("identify")
    parser_commands = _command_names(build_parser())
    assert seen == parser_commands


@pytest.mark.parametrize(
    ("argv", "stdin", "command", "code"),
    [
        (
            ("register", "missing.json", "--address", PHARMACIE),
            "",
            "register",
            "cli.file_unreadable",
        ),
        (
            ("members", "add", PHARMACIE, ALICE, "--as", CLAIRE, "--password-stdin"),
            "wrong\n",
            "members add",
            "credentials.invalid",
        ),
        (
            (
                *("members", "create", PHARMACIE, BOB),
                *("--first-name", "B", "--last-name", "P", "--as", CLAIRE),
            ),
            "",
            "members create",
            "cli.password_missing",
        ),
        (
            ("members", "list", PHARMACIE, "--as", HOUSE),
            "",
            "members list",
            "access.unknown_account",
        ),
        (
            ("members", "revoke", PHARMACIE, CLAIRE, "--reason", "x", "--as", ALICE),
            "",
            "members revoke",
            "access.missing_capability",
        ),
        (("finish", CABINET, "--as", CLAIRE), "", "finish", "mailbox.unknown"),
        (("pending", "--as", ALICE), "", "pending", "service_centre.not_agent"),
        (("approve", ALICE, "--as", AGENT), "", "approve", "account.not_pending"),
        (("reject", HOUSE, "--reason", "x", "--as", AGENT), "", "reject", "account.unknown"),
        (("login", ALICE), "", "login", "cli.password_missing"),
        (("switch", HOUSE, PHARMACIE), "", "switch", "account.unknown"),
        (("default", ALICE, CABINET), "", "default", "account.cannot_open"),
        (("notices", "on", ALICE, CABINET), "", "notices", "account.cannot_open"),
        (
            ("redlist", CABINET, "--national", "on", "--as", CLAIRE),
            "",
            "redlist",
            "mailbox.unknown",
        ),
        (
            ("send", PHARMACIE, "--as", HOUSE, "--to", ALICE, "--reference", "x"),
            "",
            "send",
            "access.unknown_account",
        ),
        (
            ("receive", CABINET, "--from", HOUSE, "--reference", "x"),
            "",
            "receive",
            "mailbox.unknown",
        ),
        (("inbox", CABINET, "--as", CLAIRE), "", "inbox", "mailbox.unknown"),
        (("audit", PHARMACIE, "--as", HOUSE), "", "audit", "access.unknown_account"),
    ],
)
def test_every_refusal_answers_in_the_json_envelope(
    live: Cli, argv: tuple[str, ...], stdin: str, command: str, code: str
) -> None:
    payload = envelope(live.json(*argv, stdin=stdin), command, ok=False)
    assert codes(payload) == [code]
    assert payload["result"] is None
    assert payload["errors"][0]["severity"] == "error"
    english = envelope(live.json(*argv, "--lang", "en", stdin=stdin), command, ok=False)
    assert codes(english) == [code]
    assert english["errors"][0]["message"] != payload["errors"][0]["message"]


# -- exit statuses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param([], id="no-command"),
        pytest.param(["frobnicate"], id="unknown-command"),
        pytest.param(["members"], id="members-without-action"),
        pytest.param(["members", "expel", PHARMACIE], id="unknown-members-action"),
        pytest.param(["register", "form.json"], id="register-without-address"),
        pytest.param(["finish", PHARMACIE], id="missing-as"),
        pytest.param(["approve", "--as", AGENT], id="missing-positional"),
        pytest.param(["switch", "alice", PHARMACIE], id="bad-email-positional"),
        pytest.param(["audit", "pharmacie@", "--as", CLAIRE], id="bad-mailbox-positional"),
        pytest.param(
            ["members", "add", PHARMACIE, ALICE, "--as", CLAIRE, "--expires", "demain"],
            id="bad-expires",
        ),
        pytest.param(
            ["members", "add", PHARMACIE, ALICE, "--as", CLAIRE, "--expires", "2030-01-01T00:00"],
            id="expires-without-timezone",
        ),
        pytest.param(
            ["members", "add", PHARMACIE, ALICE, "--as", CLAIRE, "--capability", "fly"],
            id="bad-capability",
        ),
        pytest.param(["register", "f.json", "--address", PHARMACIE, "--on", "hier"], id="bad-on"),
        pytest.param(["pending", "--as", AGENT, "--lang", "de"], id="bad-lang"),
        pytest.param(["login", ALICE, "--password", "secret"], id="password-option"),
    ],
)
def test_usage_errors_exit_two(
    cli: Cli, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "usage: balorg" in captured.err
    assert "secret" not in captured.err  # a stray value is never echoed back
    assert not cli.db.exists()  # nothing was opened


def test_a_database_that_cannot_be_opened_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "postgresql+psycopg://user:s3cret@127.0.0.1:1/nothing"
    code = main(["pending", "--as", AGENT, "--db", url, "--json"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [e["code"] for e in payload["errors"]] == ["cli.database_unavailable"]
    assert "s3cret" not in json.dumps(payload)
    missing = tmp_path / "no" / "such" / "dir" / "x.db"
    assert main(["pending", "--as", AGENT, "--db", f"sqlite:///{missing}"]) == 1
    assert "[cli.database_unavailable]" in capsys.readouterr().out


def test_a_password_in_the_url_query_is_never_shown(capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql+psycopg://user@127.0.0.1:1/db?password=Qs3cretpw&connect_timeout=1"
    assert main(["pending", "--as", AGENT, "--db", url]) == 1
    out = capsys.readouterr().out
    assert "[cli.database_unavailable]" in out
    assert "Qs3cretpw" not in out


def test_a_form_that_is_not_utf8_is_a_clear_error(cli: Cli, tmp_path: Path) -> None:
    form = tmp_path / "latin1.json"
    form.write_bytes('{"description": "Échanges"}'.encode("latin-1"))
    ran = cli.json("register", str(form), "--address", PHARMACIE)
    assert codes(envelope(ran, "register", ok=False)) == ["cli.file_unreadable"]


@pytest.mark.parametrize(
    "content",
    [
        "operator = 3\n",
        '[operator]\ndomains = "medimail.mssante.fr"\n',
        "[operator]\nvalidation_hours = 1e400\n",
        "[operator]\nvalidation_hours = -1\n",
        "[operator]\nservice_centre = [1]\n",
    ],
)
def test_a_configuration_of_the_wrong_types_is_refused(
    cli: Cli, tmp_path: Path, content: str
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    cli.config = bad
    ran = cli.json("pending", "--as", AGENT)
    assert codes(envelope(ran, "pending", ok=False)) == ["cli.config_invalid"]


def test_a_bad_configuration_leaves_no_database_behind(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[operator]\nwho = 1\n", encoding="utf-8")
    cli.config = bad
    ran = cli.json("pending", "--as", AGENT)
    assert codes(envelope(ran, "pending", ok=False)) == ["cli.config_invalid"]
    assert not cli.db.exists()


def test_help_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["members", "create", "--help"])
    assert exc.value.code == 0
    help_text = capsys.readouterr().out
    assert "--password-stdin" in help_text
    assert "--first-name" in help_text


# -- passwords --------------------------------------------------------------------------------


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found[name] = child
                found.update({f"{name} {k}": v for k, v in _subparsers(child).items()})
    return found


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    children = _subparsers(parser)
    # "members" is a family: its actions are the commands.
    return {name for name, child in children.items() if not _is_family(child)}


def _is_family(parser: argparse.ArgumentParser) -> bool:
    return any(isinstance(a, argparse._SubParsersAction) for a in parser._actions)


def test_no_option_takes_a_password() -> None:
    commands = _subparsers(build_parser())
    assert {"register", "members add", "members create", "login"} <= set(commands)
    with_stdin = set()
    for name, parser in commands.items():
        for action in parser._actions:
            text = " ".join([action.dest, *action.option_strings]).lower()
            if "password" in text or "secret" in text or "mot" in text:
                assert action.dest == "password_stdin", (name, action.dest)
                assert action.nargs == 0  # a flag: it takes no value
                with_stdin.add(name)
    assert with_stdin == {"register", "members add", "members create", "login"}


@pytest.mark.parametrize(
    "argv",
    [
        ("login", ALICE),
        ("members", "add", PHARMACIE, ALICE, "--as", CLAIRE),
        ("register", str(EXAMPLES / "pharmacie.json"), "--address", PHARMACIE),
    ],
)
def test_without_a_terminal_or_password_stdin_the_password_is_missing(
    cli: Cli, argv: tuple[str, ...]
) -> None:
    ran = cli(*argv, stdin="pw-alice-Lm40\n")  # on stdin, but --password-stdin not given
    assert ran.code == 1
    assert "[cli.password_missing]" in ran.out
    assert "--password-stdin" in ran.out
    assert sys.stdin.read() == "pw-alice-Lm40\n"  # never read


def test_password_stdin_with_empty_input_is_missing(cli: Cli) -> None:
    ran = cli.json("login", ALICE, "--password-stdin", stdin="")
    assert codes(envelope(ran, "login", ok=False)) == ["cli.password_missing"]


def test_password_stdin_reads_one_line_only(live: Cli) -> None:
    # A trailing CR/LF is not part of the password; the rest of stdin is left alone.
    ran = live("login", ALICE, "--password-stdin", stdin=PASSWORDS[ALICE] + "\r\nnext line\n")
    assert ran.code == 0, ran.out
    assert sys.stdin.read() == "next line\n"


def test_no_password_ever_reaches_the_database_files(cli: Cli) -> None:
    # A connection held open keeps the write-ahead log on disk, so that it is read too.
    cli.register()
    keeper = sqlite3.connect(cli.db)
    try:
        keeper.execute("SELECT count(*) FROM audit_entries").fetchone()
        outputs = [
            cli.create(ALICE).out,
            cli("finish", PHARMACIE, "--as", CLAIRE).out,
            cli("approve", CLAIRE, "--as", AGENT).out,
            cli("approve", ALICE, "--as", AGENT).out,
            cli.register("cabinet.json", CABINET).out,
            cli(
                "members",
                "add",
                CABINET,
                ALICE,
                "--as",
                PAUL,
                "--password-stdin",
                stdin=PASSWORDS[ALICE] + "\n",
            ).out,
            cli(
                "members", "add", CABINET, ALICE, "--as", PAUL, "--password-stdin", stdin="x\n"
            ).out,
            cli.login(ALICE).out,
            cli.login(ALICE, password="wrong-guess-Qp1").out,
            cli.login(CLAIRE).out,
        ]
        files = sorted(p for p in cli.directory.iterdir() if p.name.startswith("balorg.db"))
        names = {p.name for p in files}
        assert {"balorg.db", "balorg.db-wal"} <= names
        raw = b"".join(p.read_bytes() for p in files)
    finally:
        keeper.close()
    # The files do hold what was stored (so the search below can find things)...
    assert ALICE.encode() in raw
    assert b"Pharmacie Du Centre" in raw
    # ...but no password, in any encoding a careless adapter might use.
    for password in [*PASSWORDS.values(), "wrong-guess-Qp1"]:
        for encoded in (password.encode(), password.encode("utf-16-le")):
            assert encoded not in raw, password
        assert password.encode().hex().encode() not in raw
        assert all(password not in out for out in outputs)


# -- python -m balorg -------------------------------------------------------------------------


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "utf-8", "HOME": str(tmp_path)}


def test_python_m_balorg_registers_with_a_password_on_stdin(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'balorg.db'}"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "balorg",
            "register",
            str(EXAMPLES / "pharmacie.json"),
            "--address",
            PHARMACIE,
            "--password-stdin",
            "--json",
            "--db",
            db,
            "--config",
            str(CONFIG),
        ],
        input=PASSWORDS[CLAIRE] + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(tmp_path),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["result"]["state"] == "pending"
    assert PASSWORDS[CLAIRE] not in done.stdout + done.stderr


def test_python_m_balorg_usage_error_and_refusal(tmp_path: Path) -> None:
    usage = subprocess.run(
        [sys.executable, "-m", "balorg", "switch", "not-an-address", PHARMACIE],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(tmp_path),
        check=False,
    )
    assert usage.returncode == 2
    assert "usage: balorg switch" in usage.stderr
    # A refusal, without --config: no ./balorg.toml, so no domain is configured.
    refusal = subprocess.run(
        [
            sys.executable,
            "-m",
            "balorg",
            "register",
            str(EXAMPLES / "pharmacie.json"),
            "--address",
            PHARMACIE,
            "--password-stdin",
            "--lang",
            "en",
        ],
        input="pw\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(tmp_path),
        check=False,
    )
    assert refusal.returncode == 1
    assert "[address.not_operator_domain]" in refusal.stdout
    assert (tmp_path / "balorg.db").exists()  # the default database, in the current directory


# -- the example script -----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_example_script_runs_both_guides(tmp_path: Path) -> None:
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "balorg").exists(), "the balorg console script is installed in the venv"
    done = subprocess.run(
        ["bash", str(EXAMPLES / "pharmacie.sh")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**_env(tmp_path), "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"},
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    for step in (
        "Je vérifie l'éligibilité",
        "Étapes 1 à 11",
        "Étape 12",
        "== Terminer",
        "Centre de services",
        "Changer de compte",
        "notification sans rien du message",
        "Piste d'audit",
    ):
        assert step in out
    for result in (
        f"{PHARMACIE} : pending (Pharmacie Du Centre)",
        f"{ALICE} (pending_validation) -> {PHARMACIE}",
        f"{PHARMACIE} : pending (en attente de la validation du compte du responsable)",
        f"{ALICE} : active",
        f"{ALICE} -> {CABINET}",
        f"[ Alice Bernard ]  {ALICE} (nominative)",
        f"[ Pharmacie Du Centre ]  {PHARMACIE} (organisationnelle)",
        f"notice -> {ALICE}: Nouveau message dans {PHARMACIE}",
        f"{PHARMACIE} -> {HOUSE} (msg-0002, {ALICE})",
    ):
        assert result in out
    notice_line = next(line for line in out.splitlines() if line.startswith("notice -> "))
    assert "msg-0001" not in notice_line
    assert HOUSE not in notice_line
    assert out.rstrip().splitlines()[-1].startswith("chaîne vérifiée : ")
    assert "ERREUR" not in out
    assert (tmp_path / "balorg.db").exists()
    raw = (tmp_path / "balorg.db").read_bytes()
    assert b"mot-de-passe" not in raw
