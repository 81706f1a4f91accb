"""Capabilities: what a delegation lets its holder do on an organisational mailbox.

>>> sorted(c.value for c in ALL_CAPABILITIES)
['administer', 'manage_members', 'read', 'send']
>>> Capability.READ.imap_rights, Capability.SEND.imap_rights
('lrswite', '')
"""

from __future__ import annotations

import enum
from typing import Final

__all__ = ["ALL_CAPABILITIES", "Capability"]


class Capability(enum.Enum):
    """What a delegation lets its holder do.

    :attr:`imap_rights` gives the IMAP ACL rights (RFC 4314) a mail server grants for
    it, where there are any: sending in the name of a mailbox is an SMTP submission
    authorisation (RFC 4314's ``p`` is posting *into* a mailbox), and the mailbox's
    settings (red list, description) have no IMAP right at all.
    """

    READ = "read"  # the shared inbox and sent messages, as a team: l r s w i t e
    SEND = "send"  # submission in the name of the mailbox (SMTP), no IMAP right
    MANAGE_MEMBERS = "manage_members"  # grant, suspend and revoke delegations: a (the ACL)
    ADMINISTER = "administer"  # red list, description, service, contact, rank: none

    @property
    def imap_rights(self) -> str:
        return _IMAP_RIGHTS[self]


#: RFC 4314: l lookup, r read, s keep seen, w write flags, i insert (copy, move in),
#: t delete messages, e expunge, a administer the ACL. ``x`` (delete the mailbox
#: itself) and ``p`` (post into it) are given to nobody by a delegation.
_IMAP_RIGHTS: Final = {
    Capability.READ: "lrswite",
    Capability.SEND: "",
    Capability.MANAGE_MEMBERS: "a",
    Capability.ADMINISTER: "",
}

ALL_CAPABILITIES: Final = frozenset(Capability)
