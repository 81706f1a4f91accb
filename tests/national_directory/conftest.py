"""Fixtures of the national directory's tests: the extraction files and row builders."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "extractions"

MSSANTE_JUNE = DATA / "Extraction_Correspondance_MSSante_202606010300.txt"
MSSANTE_NEXT_ZIP = DATA / "Extraction_Correspondance_MSSante_202606020300.zip"
MSSANTE_OLD = DATA / "Extraction_Correspondance_MSSante_202506010300.txt"
RPPS_JUNE = DATA / "PS_LibreAcces_Personne_activite_202606010300.txt"
RPPS_OLD = DATA / "PS_LibreAcces_Personne_activite_201901010300.txt"


def _load(path: Path, key: str) -> ModuleType:
    """A helper module outside the package, imported once per process."""
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


@pytest.fixture(scope="session")
def rows() -> ModuleType:
    """The fixtures' builder: ``rows.mss(...)``, ``rows.ps(...)`` make one row."""
    return _load(DATA / "build_fixtures.py", "balorg_test_extraction_fixtures")


@pytest.fixture
def data_dir() -> Path:
    return DATA
