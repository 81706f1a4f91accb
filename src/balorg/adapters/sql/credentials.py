"""Credentials in SQL: salted scrypt hashes, never a password.

Mirrors :class:`balorg.adapters.memory.InMemoryCredentials`; each row keeps its
cost parameters, so that the cost can be raised later without locking anyone
out (old rows verify with their own parameters).

>>> from balorg.adapters.sql import SqlStore
>>> from balorg.domain.addresses import EmailAddress
>>> from balorg.ports.credentials import Password
>>> store = SqlStore("sqlite://")
>>> credentials = SqlCredentials(store)
>>> alice = EmailAddress("alice@example.mssante.fr")
>>> credentials.enrol(alice, Password("correct horse"))
>>> credentials.verify(alice, Password("correct horse")), credentials.verify(alice, Password("x"))
(True, False)
>>> store.close()
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Final

import sqlalchemy as sa

from balorg.adapters.sql import schema
from balorg.adapters.sql.engine import read_connection, write_transaction
from balorg.adapters.sql.store import SqlStore, engine_of
from balorg.domain.addresses import EmailAddress
from balorg.ports.credentials import Password
from balorg.ports.repositories import DuplicateError

__all__ = ["SqlCredentials"]

#: scrypt's CPU/memory cost (2**14, r=8: 16 MiB, tens of milliseconds).
DEFAULT_COST: Final = 2**14
_R: Final = 8
_P: Final = 1
_SALT_BYTES: Final = 16
_DUMMY_SALT: Final = bytes(_SALT_BYTES)


def _hash(password: Password, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.reveal().encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + 2**20
    )


class SqlCredentials:
    """The credential service (verifier and enrolment) over one table."""

    def __init__(self, source: SqlStore | sa.Engine, *, cost: int = DEFAULT_COST) -> None:
        self._engine = engine_of(source)
        self._cost = cost

    def enrol(self, address: EmailAddress, password: Password) -> None:
        """Give ``address`` its first password; :class:`DuplicateError` if it has one."""
        salt = os.urandom(_SALT_BYTES)
        values = {
            "address": str(address),
            "salt": salt,
            "digest": _hash(password, salt, self._cost, _R, _P),
            "n": self._cost,
            "r": _R,
            "p": _P,
        }
        table = schema.credentials
        try:
            with write_transaction(self._engine) as conn:
                conn.execute(table.insert().values(values))
        except sa.exc.IntegrityError:
            raise DuplicateError("storage.duplicate", address=str(address)) from None

    def verify(self, address: EmailAddress, password: Password) -> bool:
        table = schema.credentials
        with read_connection(self._engine) as conn:
            row = conn.execute(sa.select(table).where(table.c.address == str(address))).first()
        if row is None:
            # The same work as for a known address: the answer's time tells nothing.
            _hash(password, _DUMMY_SALT, self._cost, _R, _P)
            return False
        digest = _hash(password, bytes(row.salt), row.n, row.r, row.p)
        return hmac.compare_digest(bytes(row.digest), digest)
