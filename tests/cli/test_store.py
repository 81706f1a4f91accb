"""Which commands create a store, and what each says when the store is not there.

Only ``register``, ``agent enrol`` and ``db upgrade`` may create (and migrate) a store;
every other command needs one at the latest revision and says so otherwise, creating
nothing (issue 13: "the store appears by accident").
"""

from __future__ import annotations

import sqlite3

import pytest
from tests.cli.conftest import AGENT, EXAMPLES, PHARMACIE, Cli, leaves
from tests.cli.test_commands import CASES

from balorg.cli.runtime import StoreMode

STARTING = {"register", "agent enrol", "db upgrade"}
NO_STORE = {"identify", "completion"}
#: ``directory import`` writes (a new snapshot): it may start a store, as ``register``
#: does; it is the national directory's own command (``balorg.cli.directory_in``).
WRITING = {"directory import"}


def test_pending_in_an_empty_folder_says_the_store_does_not_exist_and_creates_nothing(
    bare: Cli,
) -> None:
    ran = bare("--db", "x.db", "pending", plain=True)
    assert ran.code == 1
    assert ran.out == (
        "  ERREUR [cli.store_missing] La base x.db n'existe pas : créez-la avec "
        "« balorg register » ou « balorg db upgrade » (ou indiquez la bonne avec --db).\n"
    )
    assert bare.files() == ["balorg.toml"]


def test_the_store_modes_of_the_parser() -> None:
    modes = {name: parser.get_default("store") for name, parser in leaves().items()}
    assert {n for n, m in modes.items() if m is StoreMode.START} == STARTING
    assert {n for n, m in modes.items() if m is StoreMode.NONE} == NO_STORE


@pytest.mark.parametrize("name", sorted(set(CASES) - STARTING - NO_STORE - WRITING))
def test_no_other_command_creates_a_store(bare: Cli, name: str) -> None:
    case = CASES[name]
    (bare.folder / "sessions" / "claire").write_text("t" * 43)  # a session, of no store
    ran = bare.json(*case.argv, who=case.who, stdin=case.stdin)
    assert ran.code == 1
    # Whichever is said first, the store's absence or the session's (or, for a look-up in
    # the national directory, that nothing was imported): nothing is created.
    said = (["cli.store_missing"], ["cli.no_session"], ["national_directory.no_snapshot"])
    assert ran.codes in said, ran.out
    assert bare.files() == ["balorg.toml", "sessions/claire"]


def test_a_plain_path_is_a_sqlite_file(bare: Cli) -> None:
    assert bare("--db", "fresh.db", "db", "upgrade", plain=True).code == 0
    assert (bare.folder / "fresh.db").exists()
    ran = bare.json("--db", "fresh.db", "pending", plain=True)
    assert ran.codes == ["cli.no_session"]  # the store is there: now a session is missing
    url = f"sqlite:///{bare.folder / 'fresh.db'}"
    assert bare.json("--db", url, "db", "current", plain=True).code == 0


def test_a_missing_folder(bare: Cli) -> None:
    ran = bare.json("--db", "nope/x.db", "pending", plain=True)
    assert ran.codes == ["cli.store_missing"]
    ran = bare.json("--db", "nope/x.db", "db", "upgrade", plain=True)
    assert ran.codes == ["cli.database_folder_missing"]
    assert "nope" in ran.payload["errors"][0]["message"]
    assert bare.files() == ["balorg.toml"]


def test_a_database_without_its_driver_is_said_without_its_password(bare: Cli) -> None:
    ran = bare("--db", "mysql://user:s3cret@db.example/balorg", "pending", plain=True)
    assert ran.code == 1
    assert "[cli.database_driver_missing]" in ran.out
    assert "s3cret" not in ran.out
    assert "mysql://user:***@db.example/balorg" in ran.out


def test_a_password_in_the_url_query_is_never_shown(bare: Cli) -> None:
    url = "postgresql://127.0.0.1:1/balorg?user=u&password=s3cret"
    ran = bare.json("--db", url, "pending", plain=True)
    assert ran.code == 1
    assert ran.codes == ["cli.database_unavailable"]
    assert "s3cret" not in ran.out


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_db_is_said_and_nothing_falls_back(bare: Cli, value: str) -> None:
    for argv in (("pending",), ("db", "upgrade")):
        ran = bare.json("--db", value, *argv, plain=True)
        assert ran.codes == ["cli.database_empty"]
    assert bare.files() == ["balorg.toml"]


def test_a_file_that_is_not_a_store(bare: Cli) -> None:
    (bare.folder / "notes.db").write_text("not a database\n" * 100)
    ran = bare.json("--db", "notes.db", "pending", plain=True)
    assert ran.codes == ["cli.database_not_balorg"]
    other = sqlite3.connect(bare.folder / "other.db")
    other.execute("create table t (x)")
    other.commit()
    other.close()
    assert bare.json("--db", "other.db", "pending", plain=True).codes == ["cli.database_not_balorg"]
    assert bare.json("--db", ".", "pending", plain=True).codes == ["cli.file_is_folder"]


def test_an_outdated_store_is_said_and_upgraded_on_request(live: Cli) -> None:
    assert live("db", "downgrade", "0001").code == 0
    ran = live.json("pending", who="agent")
    assert ran.codes == ["cli.store_outdated"]
    assert ran.payload["errors"][0]["params"]["found"] == "0001"
    assert "à mettre à jour : balorg db upgrade" in live("db", "current").out
    upgraded = live.json("db", "upgrade").payload["result"]
    assert upgraded["applied"] == ["0002"]
    assert live.login("agent").code == 0  # sessions came with revision 0002
    assert live("pending", who="agent").code == 0


def test_a_downgrade_to_an_unknown_revision(live: Cli) -> None:
    for revision in ("zzz", "0002", "head"):
        ran = live.json("db", "downgrade", revision)
        assert ran.codes == ["cli.revision_unknown"], revision
    assert live("db", "current").out.startswith("Révision 0002 (à jour)")


def test_db_current_on_a_missing_store(bare: Cli) -> None:
    assert bare.json("db", "current").codes == ["cli.store_missing"]
    assert bare.files() == ["balorg.toml"]


def test_a_refused_registration_leaves_no_store_behind(bare: Cli) -> None:
    ran = bare.json(
        "register", str(EXAMPLES / "pharmacie.json"), "--address", "bal@gmail.com",
        "--password-stdin", who="claire", stdin=bare.password("claire"),
    )  # fmt: skip
    assert ran.code == 1
    assert ran.codes == ["address.not_operator_domain"]
    assert bare.files() == ["balorg.toml"]


def test_an_invalid_form_leaves_no_store_behind(bare: Cli) -> None:
    form = bare.folder / "form.json"
    form.write_text('{"shared_account": false}', encoding="utf-8")
    ran = bare.json("register", "form.json", "--address", PHARMACIE, "--password-stdin")
    assert ran.code == 1
    assert "form.missing" in ran.codes or ran.codes
    assert bare.files() == ["balorg.toml", "form.json"]


def test_an_agent_not_in_the_settings_leaves_no_store_behind(bare: Cli) -> None:
    ran = bare.json(
        "agent", "enrol", "intrus@esante-occitanie.fr", "--first-name", "I", "--last-name", "N",
        "--password-stdin", stdin="intrus-Secret-Zz11-maze\n",
    )  # fmt: skip
    assert ran.code == 1
    assert bare.files() == ["balorg.toml"]


def test_without_settings_a_refusal_says_that_no_settings_file_was_found(bare: Cli) -> None:
    (bare.folder / "balorg.toml").unlink()
    bare.config = None
    ran = bare.json(
        "agent", "enrol", AGENT, "--first-name", "Anne", "--last-name", "Gent",
        "--password-stdin", stdin=bare.password("agent"),
    )  # fmt: skip
    assert ran.code == 1
    assert [w["code"] for w in ran.payload["warnings"]] == ["cli.no_settings"]
    assert bare.files() == []
