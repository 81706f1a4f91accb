"""Pure decision functions over domain objects, each answering with its reasons.

- :mod:`~balorg.rules.eligibility`: may this professional be responsible on this date;
- :mod:`~balorg.rules.structure_identifier`: FINESS first, else SIRET or SIREN;
- :mod:`~balorg.rules.access`: the authorisation table, deny by default;
- :mod:`~balorg.rules.delegations`: what a grant may carry and until when;
- :mod:`~balorg.rules.lifecycle`: when a mailbox goes live;
- :mod:`~balorg.rules.publication`: what each directory shows and is told;
- :mod:`~balorg.rules.registration`: operator addresses, validation deadlines, throttling;
- :mod:`~balorg.rules.passwords`: the password policy;
- :mod:`~balorg.rules.service_centre`: who validates new accounts;
- :mod:`~balorg.rules.responsibility`: handing over responsibility;
- :mod:`~balorg.rules.notices`: who is told of new mail;
- :mod:`~balorg.rules.display`: the label shown for the open mailbox.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from balorg.domain._lazy import lazy_names

# Eager: a submodule of the same name would otherwise shadow the function once imported.
from balorg.rules.eligibility import Eligibility, eligibility
from balorg.rules.structure_identifier import StructureIdentifier, structure_identifier

if TYPE_CHECKING:
    from balorg.rules.access import ACTION_RULES, Action, ActionRule, decide, openable
    from balorg.rules.decision import Decision
    from balorg.rules.display import Banner, banner

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
    "openable",
    "structure_identifier",
]

#: Where each name lives: imported on first use, so that importing one module of the
#: package does not import every other.
_WHERE: dict[str, str] = {
    "ACTION_RULES": "balorg.rules.access",
    "Action": "balorg.rules.access",
    "ActionRule": "balorg.rules.access",
    "Banner": "balorg.rules.display",
    "Decision": "balorg.rules.decision",
    "banner": "balorg.rules.display",
    "decide": "balorg.rules.access",
    "openable": "balorg.rules.access",
}


__getattr__, __dir__ = lazy_names(globals(), _WHERE)
