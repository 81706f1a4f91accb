"""The password policy for new accounts and password changes (after OWASP ASVS V2.1).

At least 12 characters, at most 128; no composition rules (no "one digit, one
capital"): length is what makes a password strong; any printable Unicode character,
spaces included, is allowed. Refused: a password that is the account's address or
its local part, one in a small packaged list of common passwords, and one that cannot
be written in UTF-8 or holds control characters (it could never be typed again).

The password itself never appears in a problem, a message or a log.

>>> from balorg.domain.addresses import EmailAddress
>>> alice = EmailAddress("alice.bernard@example.mssante.fr")
>>> [p.code for p in password_problems("court", account=alice)]
['password.too_short']
>>> [p.code for p in password_problems("motdepasse123", account=alice)]
['password.common']
>>> password_problems("cheval agrafe pile correcte", account=alice)
()
"""

from __future__ import annotations

import functools
import unicodedata
from importlib import resources
from typing import Final

from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import Problem

__all__ = ["MAX_LENGTH", "MIN_LENGTH", "common_passwords", "password_problems"]

MIN_LENGTH: Final = 12
MAX_LENGTH: Final = 128


@functools.cache
def common_passwords() -> frozenset[str]:
    """The packaged list (``rules/data/common_passwords.txt``), case-folded."""
    text = resources.files("balorg.rules").joinpath("data/common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().casefold()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def password_problems(
    password: object, *, account: EmailAddress, path: str = "password"
) -> tuple[Problem, ...]:
    """Every reason ``password`` may not be the password of ``account`` (none: it may),
    each at ``path``."""
    if not isinstance(password, str):
        return (Problem("password.not_text", path),)
    try:
        password.encode("utf-8")
    except UnicodeEncodeError:
        return (Problem("password.not_utf8", path),)
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in password):
        return (Problem("password.control_characters", path),)
    length = len(unicodedata.normalize("NFC", password))
    if length < MIN_LENGTH:
        return (Problem("password.too_short", path, {"min": MIN_LENGTH, "length": length}),)
    if length > MAX_LENGTH:
        return (Problem("password.too_long", path, {"max": MAX_LENGTH}),)
    folded = _fold(password)
    problems = []
    if folded in (_fold(account.value), _fold(account.local_part)):
        problems.append(Problem("password.is_address", path))
    if folded in common_passwords() or folded.strip() in common_passwords():
        problems.append(Problem("password.common", path))
    return tuple(problems)
