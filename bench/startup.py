"""Start-up: ``balorg identify X`` as a whole process (issue 9, goal "fast start").

    .venv/bin/python bench/run.py startup

The command line's own entry point (the ``balorg`` script of ``[project.scripts]``, next
to the interpreter; ``python -m balorg`` if it is not installed) runs ``identify
10001045368`` (a check that opens no database), against a bare interpreter
(``python -c pass``): whole processes, started in turns, medians of 21 each. Limit 5.

The note names where the time goes: the import time of each package (balorg's by
sub-package), the own time of its modules summed, from one run under ``python -X
importtime`` (its own overhead inflates the figures a little; their order is what counts).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from _goals import Row, Scale
from _worlds import paired

ISSUE = "9.6"
VALUE = "10001045368"
_LINE = re.compile(r"^import time:\s+(\d+) \|\s+\d+ \|(\s+)(\S+)$")


def _command() -> list[str]:
    script = Path(sys.executable).with_name("balorg")
    if script.exists():
        return [str(script), "identify", VALUE]
    return [sys.executable, "-m", "balorg", "identify", VALUE]


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("BALORG_", "PYTHON"))}


def _runner(command: list[str], cwd: str) -> Callable[[], None]:
    environment = _environment()

    def run() -> None:
        done = subprocess.run(command, cwd=cwd, env=environment, capture_output=True, check=False)
        assert done.returncode in (0, 1), done.stderr.decode(errors="replace")[-2000:]

    return run


def _group(module: str) -> str:
    """balorg's modules by sub-package (balorg.cli, balorg.domain...), others by package."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "balorg" and len(parts) > 1 else parts[0]


def import_costs(cwd: str) -> dict[str, float]:
    """Milliseconds of import per package (own time of its modules, summed)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "balorg", "identify", VALUE],
        cwd=cwd,
        env=_environment(),
        capture_output=True,
        check=False,
    )
    costs: dict[str, float] = defaultdict(float)
    for line in done.stderr.decode(errors="replace").splitlines():
        match = _LINE.match(line)
        if match:
            costs[_group(match.group(3))] += int(match.group(1)) / 1000
    return dict(sorted(costs.items(), key=lambda kv: -kv[1]))


def goals(scale: Scale) -> Iterable[Row]:
    samples = 21 if scale is Scale.FULL else 3
    with tempfile.TemporaryDirectory(prefix="balorg-bench-") as cwd:
        ours = _runner(_command(), cwd)
        bare = _runner([sys.executable, "-c", "pass"], cwd)
        figure, peer = paired(ours, bare, samples=samples, warmup=1)
        costs = import_costs(cwd)
    top = ", ".join(f"{name} {ms:.0f}" for name, ms in list(costs.items())[:8])
    yield Row(
        issue=ISSUE,
        goal=f"`balorg identify {VALUE}`, whole process / `python -c pass`",
        figure=figure * 1e3,
        unit="ms",
        peer=peer * 1e3,
        peer_name="python -c pass",
        limit=5,
        note=f"medians of {samples}; imports (ms, -X importtime): {top}",
    )
