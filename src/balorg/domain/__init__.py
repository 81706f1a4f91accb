"""Pure domain objects of organisational mailboxes: no I/O, no clock, no globals.

- :mod:`~balorg.domain.identifiers` and :mod:`~balorg.domain.professions`: the national
  identifiers and the profession codes, with the dated register rule;
- :mod:`~balorg.domain.professional`, :mod:`~balorg.domain.structure`;
- :mod:`~balorg.domain.mailbox` (the aggregate), :mod:`~balorg.domain.delegation`,
  :mod:`~balorg.domain.account`, :mod:`~balorg.domain.events`;
- :mod:`~balorg.domain.audit` (the hash chain), :mod:`~balorg.domain.mail` (records and notices);
- :mod:`~balorg.domain.errors` and :mod:`~balorg.domain.messages` (bilingual messages).
"""

from __future__ import annotations

__all__: list[str] = []
