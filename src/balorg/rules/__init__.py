"""Pure decision functions over domain objects, each answering with its reasons.

- :mod:`~balorg.rules.eligibility`: may this professional be responsible on this date;
- :mod:`~balorg.rules.structure_identifier`: FINESS first, else SIRET or SIREN;
- :mod:`~balorg.rules.visibility`: is the mailbox published in this directory;
- :mod:`~balorg.rules.access`: the authorisation table, deny by default;
- :mod:`~balorg.rules.registration`: operator addresses, validation deadlines, throttling;
- :mod:`~balorg.rules.display`: the label shown for the open mailbox.
"""

from __future__ import annotations

from balorg.rules.access import ACTION_RULES, Action, ActionRule, decide, openable_mailboxes
from balorg.rules.decision import Decision
from balorg.rules.display import Banner, banner
from balorg.rules.eligibility import Eligibility, eligibility
from balorg.rules.structure_identifier import StructureIdentifier, structure_identifier
from balorg.rules.visibility import visibility

__all__ = [
    "ACTION_RULES",
    "Action",
    "ActionRule",
    "Banner",
    "Decision",
    "Eligibility",
    "StructureIdentifier",
    "banner",
    "decide",
    "eligibility",
    "openable_mailboxes",
    "structure_identifier",
    "visibility",
]
