"""The profession catalogue: official codes of the ANS code systems, packaged as data.

A profession is identified by its code system and its code together (``key``):
the same code may exist in two systems (93 is both a deprecated TRE_G15 code and
the TRE_R95 psychologist).

>>> lookup("infirmier(e)").key
'TRE_G15:60'
>>> lookup("TRE_R94:41").label
'Assistant de service social'
>>> lookup("93").key, lookup("TRE_G15:93").deprecated
('TRE_R95:93', True)
>>> find("plombier") is None
True

Bare codes resolve deterministically: the active profession first, then
TRE_G15 before TRE_R95 before TRE_R94. A qualified code (``"TRE_G15:93"``,
``"G15:93"``, ``"<FHIR system URL>|93"``) always names exactly one profession.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

from attrs import frozen

from balorg.domain.errors import BalorgError
from balorg.domain.professions._loading import ProfessionDataError, read_data
from balorg.domain.professions._normalise import normalise

__all__ = [
    "AmbiguousProfession",
    "CodeSystem",
    "Profession",
    "UnknownProfession",
    "all_professions",
    "by_code",
    "find",
    "lookup",
]

_FILE: Final = "professions.toml"
_NOS: Final = "https://mos.esante.gouv.fr/NOS"


class CodeSystem(enum.Enum):
    """The ANS code systems that code professions.

    Besides its value, a member is found from its short name, its OID or its FHIR
    system URL:

    >>> CodeSystem("TRE_R94") is CodeSystem("urn:oid:1.2.250.1.213.1.6.1.4") is CodeSystem.R94
    True
    >>> CodeSystem.G15.url
    'https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante'
    """

    G15 = "TRE_G15-ProfessionSante"
    R95 = "TRE_R95-UsagerTitre"
    R94 = "TRE_R94-ProfessionSocial"

    @property
    def short(self) -> str:
        """``TRE_G15``, the prefix of a profession's ``key``."""
        return self.value.partition("-")[0]

    @property
    def oid(self) -> str:
        """The OID published with the CodeSystem (see data/professions.toml)."""
        return _OIDS[self]

    @property
    def url(self) -> str:
        """The FHIR ``Coding.system`` of the ANS terminology server."""
        return f"{_NOS}/{self.value}/FHIR/{self.value.replace('_', '-')}"

    @classmethod
    def _missing_(cls, value: object) -> CodeSystem | None:
        if not isinstance(value, str):
            return None
        wanted = value.strip().casefold().removeprefix("urn:oid:").rstrip("/")
        for member in cls:
            fhir_id = member.value.replace("_", "-")
            names = (member.name, member.short, member.value, fhir_id, member.oid, member.url)
            if wanted in (name.casefold() for name in names):
                return member
        return None


_OIDS: Final[Mapping[CodeSystem, str]] = {
    CodeSystem.G15: "1.2.250.1.71.1.2.7",
    CodeSystem.R95: "1.2.250.1.213.1.6.1.109",
    CodeSystem.R94: "1.2.250.1.213.1.6.1.4",
}
_SYSTEM_ORDER: Final = tuple(CodeSystem)


@frozen(kw_only=True)
class Profession:
    """One profession: its code in a code system and its official French label."""

    code: str
    system: CodeSystem
    label: str
    deprecated: bool = False

    @property
    def key(self) -> str:
        """``TRE_G15:10``: the system and the code, unique across systems."""
        return f"{self.system.short}:{self.code}"

    def __str__(self) -> str:
        return self.label


class UnknownProfession(BalorgError, LookupError):
    """No profession of the catalogue matches the text.

    A :class:`LookupError`: the text is a key into the catalogue, and a key that is
    not there is a failed look-up, not a malformed value.
    """

    default_code = "profession.unknown"

    def __init__(self, value: object) -> None:
        super().__init__(self.default_code, value=value)


class AmbiguousProfession(UnknownProfession):
    """The text names several professions (``"psychologue/psychothérapeute"``).

    It is an :class:`UnknownProfession` (no single profession is known from the
    text) with its own code; ``candidates`` lists the professions named.
    """

    default_code = "profession.ambiguous"

    def __init__(self, value: object, candidates: Iterable[Profession]) -> None:
        self.candidates: tuple[Profession, ...] = tuple(candidates)
        BalorgError.__init__(
            self,
            self.default_code,
            value=value,
            candidates=tuple(p.key for p in self.candidates),
            labels=", ".join(p.label for p in self.candidates),
        )


def _preference(profession: Profession) -> tuple[bool, int]:
    """Sort key among professions sharing a code or a label: active, then G15, R95, R94."""
    return (profession.deprecated, _SYSTEM_ORDER.index(profession.system))


@frozen
class _Catalogue:
    professions: tuple[Profession, ...]
    by_key: Mapping[tuple[CodeSystem, str], Profession]
    by_bare_code: Mapping[str, Profession]
    by_name: Mapping[str, Profession]


# ASCII digits only: a code is never written in another script.
_QUALIFIED = re.compile(r"^(?P<system>.+?)\s*[:|#]\s*(?P<code>[0-9]+)$")
_BARE = re.compile(r"^[0-9]+$")


@functools.cache
def _catalogue() -> _Catalogue:
    return parse_catalogue(read_data(_FILE))


def parse_catalogue(data: Mapping[str, Any], file: str = _FILE) -> _Catalogue:
    """Build and check the catalogue from the parsed data file; raise ProfessionDataError."""
    _only_keys(data, {"meta", "profession"}, file, "file")
    entries = data.get("profession")
    if not isinstance(entries, list) or not entries:
        raise ProfessionDataError(file, "no [[profession]] entries")
    professions: list[Profession] = []
    names: dict[str, list[tuple[Profession, bool]]] = {}
    for entry in entries:
        profession, aliases = _profession(entry, file)
        professions.append(profession)
        for name, is_alias in [(profession.label, False), *((a, True) for a in aliases)]:
            names.setdefault(normalise(name), []).append((profession, is_alias))
    by_key: dict[tuple[CodeSystem, str], Profession] = {}
    for p in professions:
        if (p.system, p.code) in by_key:
            raise ProfessionDataError(file, f"{p.key} is listed twice")
        by_key[p.system, p.code] = p
    codes: dict[str, list[Profession]] = {}
    for p in professions:
        codes.setdefault(p.code, []).append(p)
    by_name = {name: _name_owner(name, found, file) for name, found in names.items()}
    by_bare_code = {code: _preferred(found, f"code {code}", file) for code, found in codes.items()}
    return _Catalogue(tuple(professions), by_key, by_bare_code, by_name)


def _only_keys(entry: Mapping[str, Any], allowed: set[str], file: str, where: str) -> None:
    extra = sorted(set(entry) - allowed)
    if extra:
        raise ProfessionDataError(file, f"unknown keys {extra} in {where}")


def _profession(entry: Any, file: str) -> tuple[Profession, list[str]]:
    if not isinstance(entry, dict):
        raise ProfessionDataError(file, "a [[profession]] entry is not a table")
    _only_keys(entry, {"system", "code", "label", "deprecated", "aliases"}, file, str(entry))
    system, code, label = entry.get("system"), entry.get("code"), entry.get("label")
    deprecated, aliases = entry.get("deprecated", False), entry.get("aliases", [])
    if not (isinstance(code, str) and _BARE.match(code)):
        raise ProfessionDataError(file, f"code {code!r} is not a string of digits")
    if not (isinstance(label, str) and normalise(label)):
        raise ProfessionDataError(file, f"label {label!r} of code {code} is empty")
    if not isinstance(deprecated, bool):
        raise ProfessionDataError(file, f"deprecated of code {code} is not a boolean")
    if not isinstance(aliases, list) or not all(
        isinstance(a, str) and normalise(a) for a in aliases
    ):
        raise ProfessionDataError(file, f"aliases of code {code} are not non-empty strings")
    try:
        code_system = CodeSystem(system)
    except ValueError:
        raise ProfessionDataError(file, f"unknown code system {system!r}") from None
    profession = Profession(code=code, system=code_system, label=label, deprecated=deprecated)
    return profession, aliases


def _name_owner(name: str, found: list[tuple[Profession, bool]], file: str) -> Profession:
    # An alias is ours and must name one profession; official labels may repeat
    # across systems (Psychologue), and then the preference rule decides.
    owners = {p for p, _ in found}
    if len(owners) > 1 and any(is_alias for _, is_alias in found):
        keys = sorted(p.key for p in owners)
        raise ProfessionDataError(file, f"name {name!r} is used by several professions {keys}")
    return _preferred(list(owners), f"label {name!r}", file)


def _preferred(found: list[Profession], what: str, file: str) -> Profession:
    ranked = sorted(found, key=_preference)
    if len(ranked) > 1 and _preference(ranked[0]) == _preference(ranked[1]):
        keys = sorted(p.key for p in ranked)
        raise ProfessionDataError(file, f"{what} names {keys} with no preferred one")
    return ranked[0]


def _by_code_text(text: str, catalogue: _Catalogue) -> Profession | None:
    if _BARE.match(text):
        return catalogue.by_bare_code.get(text)
    match = _QUALIFIED.match(text)
    if match is None:
        return None
    try:
        system = CodeSystem(match["system"])
    except ValueError:
        return None
    return catalogue.by_key.get((system, match["code"]))


def _one(text: str, catalogue: _Catalogue) -> Profession | None:
    stripped = text.strip()
    return _by_code_text(stripped, catalogue) or catalogue.by_name.get(normalise(stripped))


def lookup(text: str) -> Profession:
    """The profession named by ``text``: a code (bare or qualified) or a label.

    Tolerant of case, accents, spaces, hyphens and the inclusive spellings of the
    seed guide. Raises :class:`UnknownProfession` (code ``profession.unknown``), or
    :class:`AmbiguousProfession` (code ``profession.ambiguous``) when the text joins
    several professions with a slash:

    >>> lookup(" Masseur(se)-kinésithérapeute ").code
    '70'
    >>> try:
    ...     lookup("psychologue/psychothérapeute")
    ... except AmbiguousProfession as exc:
    ...     print(exc.code, exc.params["candidates"])
    profession.ambiguous ('TRE_R95:93', 'TRE_R95:72')
    """
    if not isinstance(text, str):
        raise UnknownProfession(text)
    catalogue = _catalogue()
    found = _one(text, catalogue)
    if found is not None:
        return found
    parts = [part for part in text.split("/") if part.strip()]
    if len(parts) > 1 and not _QUALIFIED.match(text.strip()):
        resolved = [_one(part, catalogue) for part in parts]
        named = list(dict.fromkeys(p for p in resolved if p is not None))
        if None not in resolved:
            if len(named) == 1:
                return named[0]
            raise AmbiguousProfession(text, named)
    raise UnknownProfession(text)


def find(text: str) -> Profession | None:
    """Like :func:`lookup`, but ``None`` instead of raising, whatever ``text`` is."""
    try:
        return lookup(text)
    except UnknownProfession:
        return None


def by_code(code: str, system: CodeSystem | str | None = None) -> Profession:
    """The profession with ``code`` in ``system``; without a system, by the bare-code rule.

    >>> by_code("93", CodeSystem.G15).label, by_code("93").system.name
    ('Psychologue', 'R95')
    """
    catalogue = _catalogue()
    if system is None:
        found = catalogue.by_bare_code.get(code.strip()) if isinstance(code, str) else None
    else:
        try:
            found = catalogue.by_key.get((CodeSystem(system), str(code).strip()))
        except ValueError:
            found = None
    if found is None:
        prefix = system.short if isinstance(system, CodeSystem) else system
        raise UnknownProfession(code if prefix is None else f"{prefix}:{code}")
    return found


def all_professions() -> tuple[Profession, ...]:
    """Every profession of the catalogue, in the order of the data file."""
    return _catalogue().professions
