"""Synthetic MSSanté addresses shaped like the national extraction (never real personal data).

DOMAIN.md section 5: 545,709 mailboxes over about 5,000 domains, 1,001 of which hold
95.8 % of them; some domain names contain non-ASCII characters. A few addresses per
thousand are broken in the ways real files are (a space, a doubled dot, no ``@``...), so
that checks have something to refuse.

>>> addresses = mssante_addresses(1_000, seed=1)
>>> len(addresses), len(set(addresses)) > 900
(1000, True)
"""

from __future__ import annotations

import random
from typing import Final

__all__ = ["NATIONAL_SIZE", "domains", "mssante_addresses"]

NATIONAL_SIZE: Final = 545_709
_DOMAINS: Final = 5_000
_BIG: Final = 1_001
_BIG_SHARE: Final = 0.958

_FIRST = [
    "marie",
    "jean",
    "pierre",
    "michel",
    "nathalie",
    "isabelle",
    "sylvie",
    "catherine",
    "philippe",
    "alain",
    "françoise",
    "christine",
    "nicolas",
    "stéphane",
    "david",
    "éric",
    "laurent",
    "frédéric",
    "sandrine",
    "céline",
    "julie",
    "camille",
    "léa",
    "chloé",
    "hugo",
    "lucas",
    "louis",
    "thomas",
    "noémie",
    "zoé",
]
_LAST = [
    "martin",
    "bernard",
    "dubois",
    "thomas",
    "robert",
    "richard",
    "petit",
    "durand",
    "leroy",
    "moreau",
    "simon",
    "laurent",
    "lefebvre",
    "michel",
    "garcia",
    "david",
    "bertrand",
    "roux",
    "vincent",
    "fournier",
    "morel",
    "girard",
    "andré",
    "lefèvre",
    "mercier",
    "dupont",
    "lambert",
    "bonnet",
    "françois",
    "martinez",
    "gallorini",
]
_SERVICES = [
    "secretariat",
    "accueil",
    "pharmacie",
    "cardiologie",
    "radiologie",
    "urgences",
    "laboratoire",
    "pediatrie",
    "maternite",
    "oncologie",
    "cabinet",
    "consultation",
    "imagerie",
    "dialyse",
]


def _ascii(text: str) -> str:
    table = str.maketrans("àâäçéèêëîïôöùûüÿ", "aaaceeeeiioouuuy")
    return text.translate(table)


def domains(seed: int = 2026) -> list[str]:
    """About 5,000 MSSanté domains, the first 1,001 being the big ones."""
    rng = random.Random(seed)
    found = [
        "medecin.mssante.fr",
        "pharmacien.mssante.fr",
        "infirmier.mssante.fr",
        "interop-mssante.apicrypt.org",
    ]
    kinds = ("ch", "chu", "clinique", "ght", "ehpad", "cabinet", "labo", "pharmacie", "msp")
    while len(found) < _DOMAINS:
        town = _ascii(rng.choice(_LAST)) + rng.choice(
            ("", "-sud", "-nord", str(rng.randint(1, 99)))
        )
        name = f"{rng.choice(kinds)}-{town}"
        if rng.random() < 0.01:
            name = f"{rng.choice(kinds)}-{rng.choice(('orléans', 'bézier', 'sète', 'nîmes'))}"
        domain = f"{name}.mssante.fr"
        if domain not in found:
            found.append(domain)
    return found


def mssante_addresses(
    n: int = NATIONAL_SIZE, *, seed: int = 2026, broken: float = 0.004
) -> list[str]:
    """``n`` addresses; about ``broken`` of them are not valid addresses."""
    rng = random.Random(seed)
    every = domains(seed)
    big, small = every[:_BIG], every[_BIG:]
    found: list[str] = []
    for i in range(n):
        domain = rng.choice(big) if rng.random() < _BIG_SHARE else rng.choice(small)
        if rng.random() < 0.2:
            local = f"{rng.choice(_SERVICES)}.{rng.choice(_LAST)}"
        else:
            local = f"{rng.choice(_FIRST)}.{rng.choice(_LAST)}"
        if rng.random() < 0.97:
            local = _ascii(local)
        if rng.random() < 0.05:
            local = local.title()
        address = f"{local}{i}@{domain}"
        if rng.random() < broken:
            address = rng.choice(
                (
                    address.replace("@", " @"),
                    address.replace(".", "..", 1),
                    address.replace("@", ""),
                    address + ".",
                    "." + address,
                    address.replace("@", "@@"),
                    address.replace(".mssante.fr", ".mssante.fr "),
                    address.split("@", maxsplit=1)[0] + "@" + "x" * 70 + ".mssante.fr",
                )
            )
        found.append(address)
    return found
