"""Bugs the command line's tests found in code the command line does not own.

Each is a strict xfail naming where the bug is and a fix; the command line guards
against it at its edge meanwhile (here: arguments must be UTF-8 text).
"""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Cli

from balorg.adapters.clock import SystemClock
from balorg.adapters.sql import SqlStore
from balorg.services import Ports, Settings, requeue


def test_requeue_of_a_key_that_is_not_text_answers_false(tmp_path: Path) -> None:
    store = SqlStore(f"sqlite:///{tmp_path / 'balorg.db'}")
    try:
        ports = Ports(
            uow=store, clock=SystemClock(), settings=Settings(domains=(), service_centre=())
        )
        assert requeue(ports, "\udcff") is False
    finally:
        store.close()


def test_a_wrong_directory_table_is_said_in_french(live: Cli) -> None:
    settings = live.folder / "balorg.toml"
    settings.write_text(settings.read_text() + "[directory]\nodd = [1]\n", encoding="utf-8")
    ran = live("outbox", "deliver")
    assert ran.code == 1
    assert "[directory.settings_invalid]" in ran.out
    assert "unknown keys" not in ran.out
