"""A throwaway PostgreSQL cluster on loopback for the SQL tests.

``initdb`` into a temporary directory, ``pg_ctl start`` on 127.0.0.1 and a free
port (socket in the same directory), trust authentication; one database per
test, copied from a migrated template. As root, the server binaries run as the
unprivileged user made by ``scripts/ensure-pg-user.sh``.

Shared by ``tests/integration/conftest.py`` and ``tests/contract/test_sql.py``
through :func:`acquire` / :func:`release`, so a session starts one cluster.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Final

import pytest
import sqlalchemy as sa

from balorg.adapters.sql import create_engine, upgrade

__all__ = ["Cluster", "acquire", "release", "require_postgres"]

PG_USER: Final = os.environ.get("BALORG_PG_USER", "balorg-pg")
ENSURE_USER: Final = Path(__file__).resolve().parents[2] / "scripts" / "ensure-pg-user.sh"
BINARIES: Final = ("initdb", "pg_ctl", "postgres")


def require_postgres() -> None:
    """Skip, loudly, when the server binaries are absent; fail instead under
    ``BALORG_REQUIRE_POSTGRES=1`` (CI)."""
    missing = [b for b in BINARIES if shutil.which(b) is None]
    if not missing:
        return
    reason = (
        f"PostgreSQL TESTS NOT RUN: server binaries {', '.join(missing)} not on PATH "
        "(install PostgreSQL's server package to run them)"
    )
    if os.environ.get("BALORG_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"{reason}; BALORG_REQUIRE_POSTGRES=1 requires them", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Cluster:
    """One running cluster; :meth:`stop` removes everything."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="balorg-pg-"))
        self.data = self.root / "data"
        self.port = 0
        self._names = itertools.count(1)
        self._template: str | None = None
        self._as_root = os.geteuid() == 0
        if self._as_root:
            self._ensure_user()
            shutil.chown(self.root, PG_USER, PG_USER)

    @staticmethod
    def _ensure_user() -> None:
        try:
            pwd.getpwnam(PG_USER)
        except KeyError:
            subprocess.run(["sh", str(ENSURE_USER), PG_USER], check=True)

    def _run(self, *command: str) -> subprocess.CompletedProcess[str]:
        argv = ["runuser", "-u", PG_USER, "--", *command] if self._as_root else list(command)
        done = subprocess.run(argv, cwd=self.root, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}{tail}")
        return done

    def start(self) -> None:
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--no-locale", "-N",
        )  # fmt: skip
        for attempt in range(3):
            self.port = _free_port()
            options = (
                f"-k {self.root} -h 127.0.0.1 -p {self.port} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            try:
                self._run(
                    "pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data),
                    "-l", str(self.root / "server.log"), "-o", options,
                )  # fmt: skip
                return
            except RuntimeError:
                if attempt == 2:
                    raise

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _execute(self, statement: str) -> None:
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql(statement)
        finally:
            engine.dispose()

    def create_database(self, *, migrated: bool) -> str:
        """A new database: migrated to the latest schema, or empty. Answers its URL."""
        name = f"test_{next(self._names)}"
        template = self._migrated_template() if migrated else "template0"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)

    def _migrated_template(self) -> str:
        if self._template is None:
            self._execute('CREATE DATABASE "balorg_template" TEMPLATE "template0"')
            engine = create_engine(self.url("balorg_template"))
            try:
                upgrade(engine)
            finally:
                engine.dispose()
            self._template = "balorg_template"
        return self._template

    def stop(self) -> None:
        try:
            if self.port:
                self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


_shared: list[Cluster] = []
_users = 0


def acquire() -> Cluster:
    """The session's cluster, started on first use."""
    global _users  # noqa: PLW0603 (one cluster per test process)
    require_postgres()
    if not _shared:
        cluster = Cluster()
        try:
            cluster.start()
        except BaseException:
            cluster.stop()
            raise
        _shared.append(cluster)
    _users += 1
    return _shared[0]


def release() -> None:
    """Stop the cluster when its last user is done."""
    global _users  # noqa: PLW0603
    _users -= 1
    if _users == 0 and _shared:
        _shared.pop().stop()
