"""Where the command line keeps the session token between commands.

``balorg login`` writes the token of the new session in a file that only the user can
read (mode 0600, in a folder of mode 0700), and every later command reads it from there:

- ``--session-file PATH`` (or the variable ``BALORG_SESSION_FILE``) names the file; by
  default ``$XDG_STATE_HOME/balorg/session`` (``~/.local/state/balorg/session``);
- ``BALORG_SESSION`` holds the token itself instead (for scripts that keep it in
  memory); nothing is then written.

Only the token's SHA-256 digest is in the database; the file holds the token, so it is
as secret as a password and is removed by ``balorg logout``.
"""

from __future__ import annotations

import os
from pathlib import Path

from balorg.domain.actors import SessionToken
from balorg.domain.errors import BalorgError

__all__ = ["NoSession", "default_path", "forget", "read", "write"]


class NoSession(BalorgError):
    """No session is open for the command line (code ``cli.no_session``)."""

    default_code = "cli.no_session"


def default_path() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "balorg" / "session"


def _path(given: str | None) -> Path:
    chosen = given or os.environ.get("BALORG_SESSION_FILE")
    return Path(chosen) if chosen else default_path()


def write(token: SessionToken, given: str | None) -> Path:
    """Keep ``token`` for the next commands; answers where."""
    path = _path(given)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    fd = os.open(path, flags, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, token.reveal().encode("ascii"))
    finally:
        os.close(fd)
    return path


def read(given: str | None) -> SessionToken:
    """The session token: ``BALORG_SESSION``, else the session file."""
    value = os.environ.get("BALORG_SESSION")
    if value:
        return SessionToken(value.strip())
    path = _path(given)
    try:
        text = path.read_bytes().decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        raise NoSession(path=str(path)) from None
    if not text:
        raise NoSession(path=str(path))
    return SessionToken(text)


def forget(given: str | None) -> None:
    """Remove the session file (after ``logout``)."""
    if os.environ.get("BALORG_SESSION"):
        return
    path = _path(given)
    path.unlink(missing_ok=True)
