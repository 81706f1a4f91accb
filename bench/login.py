"""Login timing does not tell which accounts exist (issue 10, "a throttle that holds").

    .venv/bin/python bench/run.py login

A wrong password on a known account against any password on an unknown one, through
:func:`balorg.services.authenticate` with the real default hasher (scrypt at OWASP's
minimum, N=2^17, r=8, p=1, the :class:`~balorg.services.context.Ports` default) on the
in-memory store: 30 attempts each, in turns. The known account is the service centre's
agent, enrolled with that hasher. The clock moves on 16 minutes before each attempt, so
that the throttle (5 failures in 15 minutes) never answers first. Both are refused with
the same code. One row: the slower median over the faster, limit 1.10 (the medians
within 10 % of each other, whichever is slower).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs
from _goals import Row, Scale
from _worlds import paired

from balorg.adapters.clock import ManualClock
from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import DomainRefusal
from balorg.ports.credentials import Password
from balorg.services import Ports, ScryptHasher, authenticate, enrol_agent
from balorg.testing.examples import T0, example_address
from balorg.testing.scenarios import AGENT, CONSOLE, example_ports, password_of

ISSUE = "10"


def _attempt(ports: Ports, clock: ManualClock, account: EmailAddress) -> Callable[[], None]:
    wrong = Password("pas le bon mot de passe du tout")

    def call() -> None:
        clock.advance(minutes=16)
        try:
            authenticate(ports, account, wrong)
        except DomainRefusal as refusal:
            codes = [p.code for p in refusal.problems]
            assert codes == ["credentials.invalid"], codes
        else:  # pragma: no cover - a wrong password never gets in
            raise AssertionError("a wrong password got in")

    return call


def goals(scale: Scale) -> Iterable[Row]:
    samples, warmup = (30, 1) if scale is Scale.FULL else (1, 0)
    clock = ManualClock(T0)
    hasher = ScryptHasher()  # the default: OWASP's minimum
    assert hasher == Ports.__attrs_attrs__.hasher.default.factory()  # type: ignore[attr-defined]
    ports = attrs.evolve(example_ports(clock=clock), hasher=hasher)
    enrol_agent(ports, CONSOLE, AGENT, first_name="Agent", last_name="Validation",
                password=password_of(AGENT))  # fmt: skip
    unknown = example_address("personne.inconnue")
    known, absent = paired(
        _attempt(ports, clock, AGENT),
        _attempt(ports, clock, unknown),
        samples=samples,
        warmup=warmup,
    )
    slower, faster = max(known, absent), min(known, absent)
    yield Row(
        issue=ISSUE,
        goal="login, wrong password: known account / unknown one, medians within 10 %",
        figure=slower * 1e3,
        unit="ms",
        peer=faster * 1e3,
        peer_name="the faster of the two",
        limit=1.10,
        note=(
            f"known {known * 1e3:.1f} ms, unknown {absent * 1e3:.1f} ms (medians of {samples});"
            f" scrypt n={hasher.n}, r={hasher.r}, p={hasher.p}"
        ),
    )
