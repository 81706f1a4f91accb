"""Reading the files people give the command line: forms and settings.

A file is read through :func:`read_bounded`: never more than its limit (a form or a
settings file is a few kilobytes; a 200 MB file, ``/dev/zero`` or a pipe that never
ends is refused after ``limit + 1`` bytes, whatever its size claims), and every way it
can fail is a coded error naming the file.
"""

from __future__ import annotations

import os
from pathlib import Path

from balorg.domain.errors import BalorgError

__all__ = ["read_bounded", "shown"]


def shown(path: str | os.PathLike[str]) -> str:
    """A path as it may be printed (a NUL shown as ``\\0``)."""
    return str(path).replace("\x00", "\\0")


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, at most ``limit`` of them (``cli.file_too_large`` beyond)."""
    name = shown(path)
    if "\x00" in str(path):
        raise BalorgError("cli.path_invalid", path=name)
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except IsADirectoryError:
        raise BalorgError("cli.file_is_folder", path=name) from None
    except FileNotFoundError:
        raise BalorgError("cli.file_missing", path=name) from None
    except PermissionError:
        raise BalorgError("cli.file_forbidden", path=name) from None
    except (OSError, ValueError) as exc:
        raise BalorgError("cli.file_unreadable", path=name, cause=type(exc).__name__) from None
    if len(data) > limit:
        raise BalorgError("cli.file_too_large", path=name, max=limit)
    return data
