"""Where the command line keeps the session token between commands.

``balorg login`` writes the token of the new session in a file that only the user can
read (mode 0600, in a folder of mode 0700 when balorg creates it), and every later
command reads it from there:

- ``--session-file PATH`` (or the variable ``BALORG_SESSION_FILE``) names the file; by
  default ``$XDG_STATE_HOME/balorg/session`` (``~/.local/state/balorg/session``);
- ``BALORG_SESSION`` holds the token itself instead (for scripts that keep it in
  memory): it is read before any file, and ``logout`` then removes no file. ``login``
  still writes the new token in the file (and warns that ``BALORG_SESSION`` is set:
  later commands would use it, not the file).

Only the token's SHA-256 digest is in the database; the file holds the token, so it is
as secret as a password and is removed by ``balorg logout``. The file is never followed
through a symbolic link, and a token that is not shaped like one (43 URL-safe
characters, as ``secrets.token_urlsafe(32)`` makes them; at most 256) is refused before
it reaches the database.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Final

from balorg.cli.files import shown
from balorg.domain.actors import SessionToken
from balorg.domain.errors import BalorgError

__all__ = ["NoSession", "default_path", "forget", "in_environment", "prepare", "read", "write"]

#: What a token looks like (URL-safe base64); anything else is refused unread.
_TOKEN: Final = re.compile(r"[A-Za-z0-9_-]{16,256}")
#: A session file holds one token: more is not one.
_MAX_BYTES: Final = 1024
#: Never through a symbolic link; never waiting on a pipe.
_SAFE: Final = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


class NotAFileError(OSError):
    """A device, a pipe or a socket where a session file should be."""


class NoSession(BalorgError):
    """No session is open for the command line (code ``cli.no_session``)."""

    default_code = "cli.no_session"


def default_path() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "balorg" / "session"


def _path(given: str | None) -> Path:
    chosen = given or os.environ.get("BALORG_SESSION_FILE")
    path = Path(chosen) if chosen else default_path()
    if "\x00" in str(path):
        raise BalorgError("cli.path_invalid", path=shown(path))
    return path


def in_environment() -> bool:
    """Whether ``BALORG_SESSION`` holds the token (it then wins over any file)."""
    return bool(os.environ.get("BALORG_SESSION"))


def prepare(given: str | None) -> Path:
    """Make sure the session can be kept (its folder exists, mode 0700 when made here)
    before anyone types a password."""
    path = _path(given)
    try:
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except FileExistsError:  # a part of the path is a file
            raise NotADirectoryError(path.parent) from None
        if path.is_dir():
            raise IsADirectoryError(path)
    except OSError as exc:
        raise BalorgError(
            "cli.session_file_unwritable", path=str(path), cause=_cause(exc)
        ) from None
    return path


def write(token: SessionToken, given: str | None) -> Path:
    """Keep ``token`` for the next commands; answers where. Only ever a regular file: a
    device, a pipe or a link at that place is refused, untouched."""
    path = prepare(given)
    flags = os.O_WRONLY | os.O_CREAT | _SAFE
    try:
        fd = os.open(path, flags, 0o600)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise NotAFileError(path)
            os.ftruncate(fd, 0)
            os.fchmod(fd, 0o600)
            os.write(fd, token.reveal().encode("ascii"))
        finally:
            os.close(fd)
    except OSError as exc:
        raise BalorgError(
            "cli.session_file_unwritable", path=str(path), cause=_cause(exc)
        ) from None
    return path


def read(given: str | None) -> SessionToken:
    """The session token: ``BALORG_SESSION``, else the session file."""
    value = os.environ.get("BALORG_SESSION")
    if value:
        return _token(value.strip(), "BALORG_SESSION")
    path = _path(given)
    try:
        fd = os.open(path, os.O_RDONLY | _SAFE)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise NotAFileError(path)
            data = os.read(fd, _MAX_BYTES + 1)
        finally:
            os.close(fd)
        text = data.decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        raise NoSession(path=str(path)) from None
    if not text:
        raise NoSession(path=str(path))
    if len(data) > _MAX_BYTES:
        return _token("", str(path))
    return _token(text, str(path))


def _token(text: str, where: str) -> SessionToken:
    if not _TOKEN.fullmatch(text):
        raise BalorgError("cli.session_token_invalid", where=where)
    return SessionToken(text)


def forget(given: str | None) -> None:
    """Remove the session file (after ``logout``); never anything but a regular file
    (``--session-file /dev/null`` removes nothing)."""
    if os.environ.get("BALORG_SESSION"):
        return
    path = _path(given)
    try:
        if path.is_symlink() or not path.is_file():  # only ever a file balorg wrote
            return
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise BalorgError(
            "cli.session_file_unwritable", path=str(path), cause=_cause(exc)
        ) from None


def _cause(exc: OSError) -> str:
    """The system's reason, by name (``PermissionError``...), put in words in the
    message's language (``oserror.*``)."""
    return type(exc).__name__
