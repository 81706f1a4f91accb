"""Passwords never appear: not in the store, not in session files, not in what a command
prints, not in the errors raised on the way (each password is distinctive, so that a
scan finds any copy of it, in UTF-8, UTF-16 or hex)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.cli.conftest import ALICE, CABINET, CLAIRE, PASSWORDS, PHARMACIE, Cli, Ran

cli_main = sys.modules["balorg.cli.main"]  # the module (balorg.cli.main is also the function)


def _forms(password: str) -> list[bytes]:
    return [
        password.encode("utf-8"),
        password.encode("utf-16-le"),
        password.encode("utf-8").hex().encode(),
    ]


def _leaks(data: bytes) -> list[str]:
    return [p for p in PASSWORDS.values() if any(form in data for form in _forms(p))]


def _chain(error: BaseException | None) -> Iterator[BaseException]:
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def test_no_password_in_the_store_or_the_session_files(templates: dict[str, Path]) -> None:
    folder = templates["live"]
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert any(p.name == "balorg.db" for p in files)
    assert any(p.parent.name == "sessions" for p in files)
    for path in files:
        assert _leaks(path.read_bytes()) == [], path


@pytest.fixture
def raised(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """Every exception the command line turned into a coded error."""
    found: list[BaseException] = []
    report = cli_main._safely

    def recording(out: object, problems: object) -> int:
        found.extend(_chain(sys.exc_info()[1]))
        return report(out, problems)  # type: ignore[arg-type]

    monkeypatch.setattr(cli_main, "_safely", recording)
    return found


def _scan(ran: Ran, raised: list[BaseException]) -> None:
    assert _leaks(ran.text.encode("utf-8")) == [], ran.text
    for error in raised:
        text = f"{error!r} {error} {error.args!r} {getattr(error, 'params', '')!r}"
        assert _leaks(text.encode("utf-8", "surrogatepass")) == [], text


def test_refused_passwords_leave_no_trace_in_outputs_or_errors(
    live: Cli, raised: list[BaseException]
) -> None:
    wrong_for_alice = PASSWORDS[CLAIRE]  # somebody's password, but not hers
    attempts = [
        (("login", ALICE, "--password-stdin"), "x", wrong_for_alice),
        (("members", "add", PHARMACIE, "paul.martin@medimail.mssante.fr", "--password-stdin"),
         "claire", wrong_for_alice),
        (("password", "--password-stdin"), "alice", f"{wrong_for_alice}\n{PASSWORDS[CLAIRE]}"),
        (("password", "--password-stdin"), "alice", f"{PASSWORDS[ALICE]}\nshort"),
        (("members", "create", CABINET, "new.one@medimail.mssante.fr", "--first-name", "N",
          "--last-name", "O", "--password-stdin"), "paul", "password"),
    ]  # fmt: skip
    for argv, who, stdin in attempts:
        for extra in ((), ("--json",), ("--lang", "en")):
            ran = live(*argv, *extra, who=who, stdin=stdin + "\n")
            assert ran.code == 1, (argv, ran.text)
            _scan(ran, raised)
    assert raised  # the errors were seen, and scanned
    tty = live("login", ALICE, who="t", tty=True, answers=[wrong_for_alice])
    _scan(tty, raised)


def test_accepted_passwords_are_never_printed(live: Cli, raised: list[BaseException]) -> None:
    for extra in ((), ("--json",)):
        ran = live(
            "login", ALICE, "--password-stdin", *extra, who="a", stdin=live.password("alice")
        )
        assert ran.code == 0
        _scan(ran, raised)
    new = "alice-Brand-New-Secret-77"
    ran = live(
        "password", "--password-stdin", "--json", who="a",
        stdin=PASSWORDS[ALICE] + "\n" + new + "\n",
    )  # fmt: skip
    assert ran.code == 0
    assert new not in ran.text
    assert new.encode() not in (live.folder / "balorg.db").read_bytes()


def test_a_debug_traceback_does_not_show_a_password(live: Cli) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("inner")

    live.monkeypatch.setattr("balorg.cli.account.authenticate", broken)
    live.monkeypatch.setenv("BALORG_DEBUG", "1")
    ran = live("login", ALICE, "--password-stdin", who="a", stdin=live.password("alice"))
    assert "Traceback" in ran.err
    assert _leaks(ran.text.encode()) == []
