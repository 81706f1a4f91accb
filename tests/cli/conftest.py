"""Running ``balorg`` in-process, each test in its own folder with its own store.

``cli("pending", who="agent")`` runs :func:`balorg.cli.main.main` in the test's folder
(the current directory), with ``--db balorg.db --config balorg.toml`` and, for ``who``,
that person's session file (``sessions/<who>``). Standard input is bytes (never a
terminal unless ``tty=True``), standard output a strict UTF-8 stream like a real one.

Passwords are hashed at a low scrypt cost here (``balorg.cli.runtime.password_hasher``):
OWASP's cost takes 0.3 s a hash. Stores are copied from templates built once per run:
an empty store at the latest revision, and the ``live`` store where both guides have
been played (:func:`play_guides`).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import attrs
import pytest

from balorg.cli import runtime
from balorg.cli.main import build_parser, main
from balorg.services.passwords import ScryptHasher

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
EXTRACTIONS = ROOT / "tests" / "data" / "extractions"
MSSANTE_JUNE = EXTRACTIONS / "Extraction_Correspondance_MSSante_202606010300.txt"
RPPS_JUNE = EXTRACTIONS / "PS_LibreAcces_Personne_activite_202606010300.txt"

PHARMACIE = "pharmacie.ducentre@medimail.mssante.fr"  # examples/pharmacie.json
CABINET = "cabinet.martin@medimail.mssante.fr"  # examples/cabinet.json
SERVICE = "cardiologie.chu@medimail.mssante.fr"  # examples/service-hospitalier.json
CLAIRE = "claire.martin@medimail.mssante.fr"  # responsible of the pharmacy
PAUL = "paul.martin@medimail.mssante.fr"  # responsible of the practice
SOPHIE = "sophie.durand@medimail.mssante.fr"  # responsible of the hospital's service
ALICE = "alice.bernard@medimail.mssante.fr"  # member of both
BOB = "bob.petit@medimail.mssante.fr"  # a manager of the pharmacy
EVE = "eve.leroy@medimail.mssante.fr"  # created by Claire, waits for the service centre
AGENT = "agent.validation@esante-occitanie.fr"
SECOND_AGENT = "anne.gent@esante-occitanie.fr"  # listed in the settings, not enrolled
HOUSE = "dr.house@ch-exemple.mssante.fr"  # a correspondent outside the operator

#: Everyone's password: distinctive, so that a scan finds any copy of it.
PASSWORDS = {
    CLAIRE: "claire-Secret-7Hq2-xyzzy",
    PAUL: "paul-Secret-Zx91-plugh",
    SOPHIE: "sophie-Secret-Qm33-frobozz",
    ALICE: "alice-Secret-Lm40-grue",
    BOB: "bob-Secret-Rt55-zorkmid",
    EVE: "eve-Secret-Pk08-bedquilt",
    AGENT: "agent-Secret-Vv61-xyzzy",
    SECOND_AGENT: "anne-Secret-Ww72-plover",
}
WHO = {
    "claire": CLAIRE,
    "paul": PAUL,
    "sophie": SOPHIE,
    "alice": ALICE,
    "bob": BOB,
    "eve": EVE,
    "agent": AGENT,
}

SETTINGS = f"""\
# The operator's settings of the command line's tests.
[operator]
domains = ["medimail.mssante.fr"]
service_centre = ["{AGENT}", "{SECOND_AGENT}"]
validation_hours = 72
"""

ENVELOPE_KEYS = ["command", "ok", "result", "errors", "warnings"]
PROBLEM_KEYS = ["code", "path", "params", "severity", "message"]


def cheap_hasher() -> ScryptHasher:
    return ScryptHasher(n=2**8, r=8, p=1)


# -- running the command -------------------------------------------------------------------------


@attrs.frozen
class Ran:
    code: int
    out: str
    err: str

    @property
    def payload(self) -> Any:
        return json.loads(self.out)

    @property
    def codes(self) -> list[str]:
        return [e["code"] for e in self.payload["errors"]]

    @property
    def text(self) -> str:
        return self.out + self.err


class _Stdin(io.TextIOWrapper):
    """Standard input over bytes; a terminal only when asked."""

    def __init__(self, data: bytes, tty: bool) -> None:
        super().__init__(io.BytesIO(data), encoding="utf-8", errors="surrogateescape")
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def _stream() -> io.TextIOWrapper:
    """A strict UTF-8 output stream, as a real standard output is."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)


def _text(stream: io.TextIOWrapper) -> str:
    raw = stream.buffer
    assert isinstance(raw, io.BytesIO)
    return raw.getvalue().decode("utf-8")


@attrs.define
class Cli:
    """``balorg`` in ``folder`` (the current directory while it runs)."""

    folder: Path
    monkeypatch: pytest.MonkeyPatch
    db: str | None = "balorg.db"
    config: str | None = "balorg.toml"
    #: Answers to the terminal's password prompts, and the prompts seen.
    prompts: list[str] = attrs.Factory(list)

    def __call__(
        self,
        *argv: str,
        who: str | None = None,
        stdin: bytes | str = b"",
        tty: bool = False,
        answers: Sequence[str | BaseException] = (),
        plain: bool = False,
    ) -> Ran:
        """Run ``balorg ARGV`` (``plain``: exactly ARGV, no ``--db``/``--config``)."""
        words = list(argv)
        if not plain:
            if self.db is not None:
                words += ["--db", self.db]
            if self.config is not None:
                words += ["--config", self.config]
        if who is not None:
            words += ["--session-file", f"sessions/{who}"]
        data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
        pending = list(answers)

        def getpass(prompt: str = "Password: ", stream: Any = None) -> str:
            self.prompts.append(prompt)
            answer = pending.pop(0)
            if isinstance(answer, BaseException):
                raise answer
            return answer

        self.monkeypatch.chdir(self.folder)
        self.monkeypatch.setattr("getpass.getpass", getpass)
        self.monkeypatch.setattr(sys, "stdin", _Stdin(data, tty))
        out, err = _stream(), _stream()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(words)
        return Ran(code, _text(out), _text(err))

    def json(self, *argv: str, **options: Any) -> Ran:
        return self(*argv, "--json", **options)

    def as_(self, who: str, *argv: str, **options: Any) -> Ran:
        return self(*argv, who=who, **options)

    def password(self, who: str) -> str:
        return PASSWORDS[WHO[who]] + "\n"

    def login(self, who: str) -> Ran:
        return self("login", WHO[who], "--password-stdin", who=who, stdin=self.password(who))

    def session(self, who: str) -> Path:
        return self.folder / "sessions" / who

    def files(self) -> list[str]:
        return sorted(
            str(p.relative_to(self.folder)) for p in self.folder.rglob("*") if p.is_file()
        )


def setup_cli(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setattr(runtime, "password_hasher", cheap_hasher)
    for name in ("BALORG_SESSION", "BALORG_SESSION_FILE", "BALORG_LANG", "BALORG_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(folder / "state"))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "balorg.toml").write_text(SETTINGS, encoding="utf-8")
    (folder / "sessions").mkdir(mode=0o700, exist_ok=True)
    return Cli(folder, monkeypatch)


def _copy(template: Path, folder: Path) -> None:
    for path in template.rglob("*"):
        target = folder / path.relative_to(template)
        if path.is_dir():
            target.mkdir(mode=0o700, parents=True, exist_ok=True)
        else:
            shutil.copy2(path, target)


# -- the guides, played once per run --------------------------------------------------------------


def play_guides(cli: Cli) -> None:
    """Both guides, as ``examples/pharmacie.sh`` plays them, and a little more: the
    agent enrolled and logged in; the pharmacy live with Claire, Alice (read, send) and
    Bob (a manager); the practice live with Paul and Alice; Eve waiting for the service
    centre; a message received (delivered) and one sent; everyone logged in."""

    def ok(ran: Ran) -> Ran:
        assert ran.code == 0, ran.text
        return ran

    pharmacie, cabinet = str(EXAMPLES / "pharmacie.json"), str(EXAMPLES / "cabinet.json")
    ok(
        cli(
            "agent", "enrol", AGENT, "--first-name", "Anne", "--last-name", "Gent",
            "--password-stdin", stdin=cli.password("agent"),
        )
    )  # fmt: skip
    ok(
        cli.as_(
            "claire", "register", pharmacie, "--address", PHARMACIE, "--password-stdin",
            stdin=cli.password("claire"),
        )
    )  # fmt: skip
    for who, first, last, extra in (
        ("alice", "Alice", "Bernard", ()),
        ("bob", "Bob", "Petit", ("--capability", "manage_members", "--capability", "read")),
    ):
        ok(
            cli.as_(
                "claire", "members", "create", PHARMACIE, WHO[who], "--first-name", first,
                "--last-name", last, "--password-stdin", *extra, stdin=cli.password(who),
            )
        )  # fmt: skip
    ok(cli.as_("claire", "finish", PHARMACIE))
    ok(cli.login("agent"))
    for who in ("claire", "alice", "bob"):
        ok(cli.as_("agent", "approve", WHO[who]))
    ok(
        cli.as_(
            "paul", "register", cabinet, "--address", CABINET, "--password-stdin",
            stdin=cli.password("paul"),
        )
    )  # fmt: skip
    ok(
        cli.as_(
            "paul", "members", "add", CABINET, ALICE, "--password-stdin",
            stdin=cli.password("alice"),
        )
    )  # fmt: skip
    ok(cli.as_("paul", "finish", CABINET))
    ok(cli.as_("agent", "approve", PAUL))
    ok(
        cli.as_(
            "claire", "members", "create", PHARMACIE, EVE, "--first-name", "Eve",
            "--last-name", "Leroy", "--password-stdin", stdin=cli.password("eve"),
        )
    )  # fmt: skip
    for who in ("claire", "alice", "bob", "paul"):
        ok(cli.login(who))
    ok(cli("receive", PHARMACIE, "--from", HOUSE, "--reference", "msg-0001"))
    ok(cli("outbox", "deliver"))
    ok(cli.as_("alice", "switch", PHARMACIE))
    ok(cli.as_("alice", "send", "--to", HOUSE, "--reference", "msg-0002"))


@pytest.fixture(scope="session")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Where the tests' folders go: in memory (``/dev/shm``) when there is such a place,
    because every commit of SQLite waits for the disk otherwise (twice as slow)."""
    memory = Path("/dev/shm")
    if memory.is_dir() and os.access(memory, os.W_OK):
        place = Path(tempfile.mkdtemp(prefix="balorg-cli-", dir=memory))
        yield place
        shutil.rmtree(place, ignore_errors=True)
    else:
        yield tmp_path_factory.mktemp("cli")


@pytest.fixture(scope="session")
def templates(scratch: Path) -> dict[str, Path]:
    """Folders to copy: ``empty`` (a store at the latest revision, nobody in it) and
    ``live`` (both guides played)."""
    found = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        empty = setup_cli(scratch / "template-empty", monkeypatch)
        assert empty("db", "upgrade").code == 0
        found["empty"] = empty.folder
        live = setup_cli(scratch / "template-live", monkeypatch)
        play_guides(live)
        found["live"] = live.folder
    return found


@pytest.fixture
def bare(scratch: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cli]:
    """An empty folder: settings, but no store."""
    folder = Path(tempfile.mkdtemp(prefix="t-", dir=scratch))
    yield setup_cli(folder / "here", monkeypatch)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def cli(bare: Cli, templates: dict[str, Path]) -> Cli:
    """A store at the latest revision, with nobody in it."""
    _copy(templates["empty"], bare.folder)
    return bare


@pytest.fixture
def live(bare: Cli, templates: dict[str, Path]) -> Cli:
    """Both guides played: see :func:`play_guides`."""
    _copy(templates["live"], bare.folder)
    return bare


# -- the command tree ---------------------------------------------------------------------------


def children(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def leaves(
    parser: argparse.ArgumentParser | None = None, path: tuple[str, ...] = ()
) -> dict[str, argparse.ArgumentParser]:
    """Every command of the parser (``"members add"`` -> its parser)."""
    parser = parser or build_parser("fr")
    found: dict[str, argparse.ArgumentParser] = {}
    below = children(parser)
    if not below and path:
        return {" ".join(path): parser}
    for name, child in below.items():
        found.update(leaves(child, (*path, name)))
    return found


def every_parser(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """The parser and each below it, families included."""
    yield " ".join(path), parser
    for name, child in children(parser).items():
        yield from every_parser(child, (*path, name))


def envelope(ran: Ran, command: str, *, ok: bool) -> dict[str, Any]:
    """The JSON envelope of ``ran``, checked: keys, command, ok, exit status, problems."""
    payload = ran.payload
    assert list(payload) == ENVELOPE_KEYS, payload
    assert payload["command"] == command
    assert payload["ok"] is ok, payload
    assert (ran.code == 0) is ok
    for problem in [*payload["errors"], *payload["warnings"]]:
        assert list(problem) == PROBLEM_KEYS
        assert isinstance(problem["message"], str)
        assert problem["message"]
    if not ok:
        assert payload["errors"], payload
    return payload  # type: ignore[no-any-return]


def no_traceback(ran: Ran) -> None:
    assert "Traceback" not in ran.text
    assert 'File "' not in ran.text
