"""The benchmarks still run: ``bench/run.py --quick`` prints every goal of issues 9 and 10.

Not a timed test: ``--quick`` runs every benchmark of those goals on small sizes with few
samples, and its verdicts are not looked at, only that each goal's row is printed and that
the run ends well. (The national directory import of issue 12 has its own module, run by
``bench/run.py`` on demand, and is left out here to keep this test short.)
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
MODULES = (
    "access",
    "addresses",
    "audit",
    "identifiers",
    "login",
    "members",
    "registration",
    "startup",
    "storage",
)
#: One pattern per goal row (quick runs print smaller sizes than the full ones).
ROWS = [
    *(
        rf"^9\.1 +{re.escape(call)}, .+ delegations on the mailbox / .+\({store}\)"
        for call in ("decide()", "send_message", "switch_mailbox")
        for store in ("memory", "SQLite")
    ),
    *(
        rf"^9\.1 +{re.escape(call)}, .+ over .+ mailboxes / .+ over .+\({store}\)"
        for call in ("decide()", "send_message", "switch_mailbox")
        for store in ("memory", "SQLite")
    ),
    *(
        rf"^9\.2 +list_members\(limit=100\), {page}, .+ members / 100 \({store}\)"
        for page in ("first page", "a middle page")
        for store in ("memory", "SQLite")
    ),
    r"^9\.3 +one mailbox's trail \(100 entries\), store of .+ \(SQLite\)",
    r"^9\.3 +one mailbox's trail \(100 entries\), store of .+ \(memory\)",
    r"^9\.3 +verify the whole store, .+ entries / plain sqlite3 \+ hashlib",
    r"^9\.3 +audit append, one entry per commit / plain sqlite3, same pattern",
    r"^9\.3 +audit append, batched: .+ entries over 100 chains, one commit .+ >= 1 ",
    r"^9\.4 +checking the .+ addresses of the synthetic extraction / email-valida",
    r"^9\.5 +Rpps\.from_string / rpps\.validate",
    r"^9\.6 +`balorg identify 10001045368`, whole process / `python -c pass`",
    r"^9 +registration form / a pydantic v2 model with the same checks",
    r"^10 +login, wrong password: known account / unknown one, medians within 10 %",
]


@pytest.mark.slow
def test_the_quick_benchmarks_print_every_goal_and_end_well() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--quick", *MODULES],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    lines = done.stdout.splitlines()
    missing = [row for row in ROWS if not any(re.search(row, line) for line in lines)]
    assert not missing, (missing, done.stdout)
