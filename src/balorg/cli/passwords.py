"""Reading passwords: without echo, never from a command-line argument."""

from __future__ import annotations

import getpass
import sys

from balorg.domain.errors import BalorgError
from balorg.ports.credentials import Password

__all__ = ["PasswordInputError", "read_password"]


class PasswordInputError(BalorgError):
    default_code = "cli.password_missing"


def read_password(prompt: str, *, from_stdin: bool) -> Password:
    """Ask on the terminal without echo; with ``from_stdin``, read one line of
    standard input (for scripts: ``printf 'secret\\n' | balorg ... --password-stdin``)."""
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise PasswordInputError()
        return Password(line.rstrip("\r\n"))
    if not sys.stdin.isatty():
        raise PasswordInputError()
    return Password(getpass.getpass(prompt))
