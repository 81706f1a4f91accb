"""Reading the packaged data files, and the error raised when one is inconsistent."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib import resources
from typing import Any

from balorg.domain.errors import BalorgError

__all__ = ["ProfessionDataError", "read_data"]


class ProfessionDataError(BalorgError, ValueError):
    """A packaged data file is inconsistent: a packaging bug, never a user error.

    Raised when the file is first loaded, so a broken release fails at once and loudly.
    """

    default_code = "professions.data_invalid"

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(self.default_code, file=file, reason=reason)


def read_data(name: str) -> Mapping[str, Any]:
    """The parsed TOML file ``data/<name>`` shipped inside this package."""
    path = resources.files("balorg.domain.professions").joinpath("data", name)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ProfessionDataError(name, f"cannot be read ({exc})") from exc
