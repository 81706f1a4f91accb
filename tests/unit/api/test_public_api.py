"""The public API: every package's ``__all__`` names what it exports, each name resolves,
is documented, and is listed once; the design card's imports work."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
from types import ModuleType

import pytest

import balorg

#: Private by convention or not importable without an extra (each has its own test).
_SKIPPED = ("balorg.cli", "balorg.adapters.sql.migrations.env", "balorg.__main__")


def _public_modules() -> list[str]:
    names = ["balorg"]
    for info in pkgutil.walk_packages(balorg.__path__, prefix="balorg."):
        parts = info.name.split(".")
        if any(p.startswith("_") for p in parts[1:]):
            continue
        if info.name.startswith(_SKIPPED):
            continue
        names.append(info.name)
    return names


def _import(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as missing:  # an optional extra (fhir, sql...) absent here
        pytest.skip(f"{name}: {missing}")


@pytest.mark.parametrize("name", _public_modules())
def test_every_exported_name_resolves_once_and_is_documented(name: str) -> None:
    module = _import(name)
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    assert len(exported) == len(set(exported)), f"{name}.__all__ lists a name twice"
    undocumented = []
    for attribute in exported:
        assert hasattr(module, attribute), f"{name}.__all__ names {attribute}, which is missing"
        value = getattr(module, attribute)
        if (inspect.isclass(value) or inspect.isfunction(value)) and not inspect.getdoc(value):
            undocumented.append(attribute)
    assert module.__doc__, f"{name} has no module docstring"
    assert undocumented == [], f"{name}: no docstring for {undocumented}"


def test_the_design_cards_four_objects_come_from_balorg_domain() -> None:
    from balorg.domain import (  # noqa: PLC0415
        ConnectionAccount,
        Delegation,
        OrganisationalMailbox,
        Professional,
    )

    assert [
        c.__name__ for c in (Professional, OrganisationalMailbox, Delegation, ConnectionAccount)
    ] == [
        "Professional",
        "OrganisationalMailbox",
        "Delegation",
        "ConnectionAccount",
    ]
    assert balorg.OrganisationalMailbox is OrganisationalMailbox


def test_importing_balorg_pulls_no_database_or_http_library() -> None:
    code = (
        "import sys, balorg, balorg.domain, balorg.rules, balorg.ports;"
        "heavy = ('sqlalchemy', 'alembic', 'httpx', 'psycopg', 'hypothesis', 'pytest');"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"
