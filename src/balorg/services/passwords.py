"""Password hashing: salted scrypt at OWASP's minimum cost or above.

OWASP's Password Storage Cheat Sheet gives scrypt N=2^17, r=8, p=1 as its minimum; that
is :data:`OWASP_MINIMUM` and the default. Each stored credential keeps its own
parameters, so raising the cost later locks nobody out: an older hash still verifies,
and :meth:`ScryptHasher.outdated` tells the runner to re-hash it at the next good login.
An unknown account costs the same as a known one: :meth:`ScryptHasher.verify` works
against a dummy hash at today's cost.

>>> hasher = ScryptHasher(n=2**10)  # a low cost, for examples and tests only
>>> stored = hasher.hash(Password("cheval agrafe pile correcte"))
>>> hasher.verify(Password("cheval agrafe pile correcte"), stored)
True
>>> hasher.verify(Password("x"), stored)
False
>>> ScryptHasher().outdated(stored)
True
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Final

from attrs import frozen

from balorg.domain.credentials import StoredCredential
from balorg.ports.credentials import Password

__all__ = ["OWASP_MINIMUM", "ScryptHasher"]

#: OWASP Password Storage Cheat Sheet: scrypt with N=2^17 (128 MiB), r=8, p=1.
OWASP_MINIMUM: Final = (2**17, 8, 1)
_SALT_BYTES: Final = 16
_DIGEST_BYTES: Final = 64


def _scrypt(password: Password, salt: bytes, n: int, r: int, p: int) -> bytes:
    # Passwords were checked to be UTF-8 before they were ever hashed; a stored one that
    # could not be encoded simply never matches.
    data = password.reveal().encode("utf-8", "surrogatepass")
    return hashlib.scrypt(
        data, salt=salt, n=n, r=r, p=p, maxmem=128 * n * r * p + 2**22, dklen=_DIGEST_BYTES
    )


@frozen
class ScryptHasher:
    """Hashes with scrypt at (``n``, ``r``, ``p``); verifies any stored scrypt hash."""

    n: int = OWASP_MINIMUM[0]
    r: int = OWASP_MINIMUM[1]
    p: int = OWASP_MINIMUM[2]

    def hash(self, password: Password) -> StoredCredential:
        salt = os.urandom(_SALT_BYTES)
        return StoredCredential(
            algorithm="scrypt",
            n=self.n,
            r=self.r,
            p=self.p,
            salt=salt,
            digest=_scrypt(password, salt, self.n, self.r, self.p),
        )

    def verify(self, password: Password, stored: StoredCredential | None) -> bool:
        if stored is None or stored.algorithm != "scrypt":
            _scrypt(password, bytes(_SALT_BYTES), self.n, self.r, self.p)  # the same work
            return False
        digest = _scrypt(password, stored.salt, stored.n, stored.r, stored.p)
        return hmac.compare_digest(digest, stored.digest)

    def outdated(self, stored: StoredCredential) -> bool:
        return stored.algorithm != "scrypt" or (stored.n, stored.r, stored.p) < (
            self.n,
            self.r,
            self.p,
        )
