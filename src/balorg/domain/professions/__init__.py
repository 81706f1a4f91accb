"""Professions and the registers that identify them: who may be responsible of an ORG BAL.

The catalogue (``data/professions.toml``) holds the official codes of the ANS
code systems TRE_G15-ProfessionSante, TRE_R95-UsagerTitre and
TRE_R94-ProfessionSocial; the dated register rule (``data/registers.toml``)
says which register, RPPS or ADELI, identifies each profession on a date.

>>> from datetime import date
>>> nurse = lookup("infirmier(e)")
>>> nurse.code, nurse.system is CodeSystem.G15, str(nurse)
('60', True, 'Infirmier')
>>> register_status(nurse, Register.ADELI, date(2020, 1, 1))
<RegisterStatus.ACCEPTED: 'accepted'>
>>> register_status(nurse, Register.ADELI, date(2022, 1, 1))
<RegisterStatus.OBSOLETE: 'obsolete'>
>>> register_status(nurse, Register.RPPS, date(2022, 1, 1))
<RegisterStatus.ACCEPTED: 'accepted'>
>>> [warning] = register_problems(nurse, Register.ADELI, date(2022, 1, 1))
>>> warning.code, warning.severity.name, warning.params["since"]
('register.obsolete', 'WARNING', datetime.date(2021, 10, 28))
>>> print(warning.message("fr"))  # doctest: +NORMALIZE_WHITESPACE
Le répertoire ADELI est obsolète pour la profession « Infirmier » depuis sa
bascule au RPPS, le 2021-10-28 : le numéro reste accepté, mais indiquez de
préférence le numéro RPPS.
>>> is_eligible(lookup("aide-soignant"), date(2022, 1, 1))
False
"""

from __future__ import annotations

from balorg.domain.professions._loading import ProfessionDataError
from balorg.domain.professions._normalise import normalise
from balorg.domain.professions.catalogue import (
    AmbiguousProfession,
    CodeSystem,
    Profession,
    UnknownProfession,
    all_professions,
    by_code,
    find,
    lookup,
)
from balorg.domain.professions.registers import (
    Register,
    RegisterRule,
    RegisterStatus,
    RegisterTable,
    eligible_professions,
    is_eligible,
    register_problems,
    register_rule,
    register_status,
    register_table,
)

__all__ = [
    "AmbiguousProfession",
    "CodeSystem",
    "Profession",
    "ProfessionDataError",
    "Register",
    "RegisterRule",
    "RegisterStatus",
    "RegisterTable",
    "UnknownProfession",
    "all_professions",
    "by_code",
    "eligible_professions",
    "find",
    "is_eligible",
    "lookup",
    "normalise",
    "register_problems",
    "register_rule",
    "register_status",
    "register_table",
]
