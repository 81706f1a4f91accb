"""A stored credential: a salted password hash with its parameters, never a password.

>>> c = StoredCredential(algorithm="scrypt", n=2**17, r=8, p=1, salt=b"s" * 16, digest=b"d" * 64)
>>> "digest" in repr(c) and "dddd" not in repr(c)
True
"""

from __future__ import annotations

from attrs import field, frozen

__all__ = ["StoredCredential"]


@frozen(kw_only=True)
class StoredCredential:
    """What the credential store keeps of one account's password."""

    algorithm: str
    n: int
    r: int
    p: int
    salt: bytes = field(repr=False)
    digest: bytes = field(repr=lambda _: "<digest>")
