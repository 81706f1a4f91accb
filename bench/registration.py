"""The registration form against a pydantic v2 model with the same checks (issue 9).

    .venv/bin/python bench/run.py registration

balorg: :func:`balorg.registration.validate_registration` (cattrs over attrs classes,
every field its own checked type, then the rules that span fields). The peer,
:class:`PeerForm` below: a pydantic v2 model of the same form, strict (no coercion),
unknown keys refused, with the same checks written the way a pydantic user writes them:

* free text stripped, control, separator, invisible (Unicode Cf), surrogate and
  non-character code points refused, a single line where balorg wants one, NFC, at most
  500 characters, required where balorg requires it; postcode five digits; the
  category one of balorg's;
* FINESS (two-digit, Corsican or overseas department, Luhn except in Corsica), SIRET
  and SIREN (python-stdnum's own checks); the responsible's identifier: RPPS (11
  digits, Luhn), ADELI (9, department, Luhn) or an IdNat PS of either (``8``/``0``);
* both addresses by email-validator (pydantic's ``EmailStr``); the profession by its
  code in balorg's catalogue;
* across fields: the shared-account box ticked; FINESS first, required for pharmacies
  and health establishments, SIRET and SIREN agreeing, one of them otherwise; the
  responsible's profession eligible and their register accepted on the date (balorg's
  packaged dated table, read through :func:`balorg.domain.professions.register_rule`:
  the same data for both).

1,000 different valid forms (pharmacies, laboratories by SIRET, nurses by ADELI),
checked in turns by both, medians of 7 runs; both must accept all of them, and refuse
each of a handful of broken ones. Limit 0.67.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Annotated, Any, Final, Literal

from _goals import Row, Scale
from _worlds import paired
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    StrictBool,
    ValidationError,
    model_validator,
)
from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren as std_siren
from stdnum.fr import siret as std_siret

from balorg.domain.professions import Profession, Register, all_professions, register_rule
from balorg.registration import validate_registration
from balorg.testing.examples import with_luhn_key

ISSUE = "9"
ON: Final = dt.date(2026, 11, 22)

# -- the peer ------------------------------------------------------------------------------------

_ASCII_BAD_LINE: Final = re.compile(r"[\x00-\x1f\x7f]")
_ASCII_BAD_MULTILINE: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_POSTCODE: Final = re.compile(r"[0-9]{5}")
_SEPARATORS: Final = re.compile(r"[\s.\-]")
_BREAKS: Final = frozenset("\n\r\u2028\u2029")


def _refused_char(char: str, multiline: bool) -> bool:
    if char in _BREAKS or char == "\t":
        return not multiline or char not in "\n\t"
    code = ord(char)
    if 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE:
        return True
    return unicodedata.category(char) in ("Cc", "Cs", "Cf")


def _text(value: str, *, multiline: bool, required: bool) -> str:
    text = value.strip()
    if len(text) > 2_000:
        raise ValueError("too long")
    if multiline:
        text = text.replace("\r\n", "\n")
    if text.isascii():
        if (_ASCII_BAD_MULTILINE if multiline else _ASCII_BAD_LINE).search(text):
            raise ValueError("invalid characters")
    else:
        if any(not " " <= c <= "~" and _refused_char(c, multiline) for c in text):
            raise ValueError("invalid characters")
        text = unicodedata.normalize("NFC", text)
    if len(text) > 500:
        raise ValueError("too long")
    if required and not text:
        raise ValueError("required")
    return text


def _line(value: str) -> str:
    return _text(value, multiline=False, required=True)


def _lines(value: str) -> str:
    return _text(value, multiline=True, required=True)


def _optional_line(value: str | None) -> str | None:
    return None if value is None else (_text(value, multiline=False, required=False) or None)


def _postcode(value: str) -> str:
    text = value.strip()
    if not _POSTCODE.fullmatch(text):
        raise ValueError("a postcode is five digits")
    return text


def _rank(value: int | None) -> int | None:
    if value is not None and not 1 <= value <= 999:
        raise ValueError("a rank from 1 to 999")
    return value


def _blank(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _compact(value: str) -> str:
    return re.sub(r"[\s.\-/]", "", value).upper()


def _finess(value: str | None) -> str | None:
    if value is None:
        return None
    number = _compact(value)
    if len(number) != 9 or not number.isascii() or not number[2:].isdigit():
        raise ValueError("FINESS: 9 characters")
    head = number[:2]
    if head in ("2A", "2B"):
        return number  # no official key rule in Corsica
    if not head.isdigit():
        raise ValueError("FINESS: department")
    if head in ("97", "98"):
        if number[:4] not in _OVERSEAS:
            raise ValueError("FINESS: department")
    elif not 1 <= int(head) <= 95 or head == "20":
        raise ValueError("FINESS: department")
    if not luhn.is_valid(number):
        raise ValueError("FINESS: key")
    return number


_OVERSEAS: Final = frozenset(
    {"9701", "9702", "9703", "9704", "9705", "9804", "9805", "9806", "9807", "9808"}
)


def _stdnum(check: Any) -> Any:
    def validate(value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return str(check.validate(value))
        except StdnumError as error:
            raise ValueError(str(error)) from None

    return validate


def _person(value: str) -> tuple[Register, str]:
    number = _SEPARATORS.sub("", value)
    if (len(number), number[:1]) in ((12, "8"), (10, "0")):  # an IdNat PS
        number = number[1:]
    if len(number) == 11:
        if not (number.isascii() and number.isdigit() and luhn.is_valid(number)):
            raise ValueError("RPPS: 11 digits and a Luhn key")
        return Register.RPPS, number
    if len(number) == 9:
        head = number[:2]
        if not (number.isascii() and number[2:].isdigit()):
            raise ValueError("ADELI: 9 characters")
        if head.isdigit():
            if not (1 <= int(head) <= 19 or 21 <= int(head) <= 95):
                raise ValueError("ADELI: department")
            if not luhn.is_valid(number):
                raise ValueError("ADELI: key")
        return Register.ADELI, number
    raise ValueError("an RPPS (11 digits) or ADELI (9) number")


_PROFESSIONS: Final[dict[str, Profession]] = {}


def _profession(value: str) -> Profession:
    if not _PROFESSIONS:
        for profession in all_professions():
            _PROFESSIONS.setdefault(profession.code, profession)
            _PROFESSIONS[f"{profession.system.value}:{profession.code}"] = profession
    found = _PROFESSIONS.get(value.strip())
    if found is None:
        raise ValueError("unknown profession")
    return found


Line = Annotated[str, AfterValidator(_line)]
Lines = Annotated[str, AfterValidator(_lines)]
OptionalLine = Annotated[str | None, BeforeValidator(_blank), AfterValidator(_optional_line)]
Postcode = Annotated[str, AfterValidator(_postcode)]
Category = Literal[
    "pharmacie_officine",
    "etablissement_sante",
    "cabinet_liberal",
    "centre_sante",
    "laboratoire",
    "other",
]
FinessNumber = Annotated[str | None, BeforeValidator(_blank), AfterValidator(_finess)]
SiretNumber = Annotated[str | None, BeforeValidator(_blank), AfterValidator(_stdnum(std_siret))]
SirenNumber = Annotated[str | None, BeforeValidator(_blank), AfterValidator(_stdnum(std_siren))]
PersonNumber = Annotated[str, AfterValidator(_person)]
ProfessionCode = Annotated[str, AfterValidator(_profession)]
_STRICT: Final = ConfigDict(extra="forbid", strict=True, frozen=True)


class PeerLabel(BaseModel):
    model_config = _STRICT
    last_name: Line
    first_name: Line


class PeerLocation(BaseModel):
    model_config = _STRICT
    address: Lines
    postcode: Postcode
    city: Line


class PeerStructure(BaseModel):
    model_config = _STRICT
    legal_name: Line
    category: Category
    location: PeerLocation
    finess: FinessNumber = None
    siret: SiretNumber = None
    siren: SirenNumber = None


class PeerResponsible(BaseModel):
    model_config = _STRICT
    last_name: Line
    first_name: Line
    profession: ProfessionCode
    identifier: PersonNumber
    email: EmailStr


class PeerRedList(BaseModel):
    model_config = _STRICT
    national_directory: StrictBool
    operator_directory: StrictBool


class PeerForm(BaseModel):
    """The registration form, as a pydantic v2 model with balorg's checks."""

    model_config = _STRICT
    shared_account: StrictBool
    generic_email: EmailStr
    directory_label: PeerLabel
    structure: PeerStructure
    responsible: PeerResponsible
    description: Lines
    red_list: PeerRedList
    service: OptionalLine = None
    responsible_contact: OptionalLine = None
    rank: Annotated[int | None, AfterValidator(_rank)] = None

    @model_validator(mode="after")
    def _across_fields(self) -> PeerForm:
        problems = []
        if not self.shared_account:
            problems.append("the mailbox is shared")
        structure = self.structure
        if structure.finess is None:
            if structure.category in ("pharmacie_officine", "etablissement_sante"):
                problems.append("FINESS required")
            if structure.siret and structure.siren and structure.siret[:9] != structure.siren:
                problems.append("SIRET and SIREN disagree")
            if (
                not structure.siret
                and not structure.siren
                and structure.category
                not in (
                    "pharmacie_officine",
                    "etablissement_sante",
                )
            ):
                problems.append("a FINESS, SIRET or SIREN")
        register, _ = self.responsible.identifier  # type: ignore[misc]
        profession: Profession = self.responsible.profession  # type: ignore[assignment]
        rule = register_rule(profession, ON)
        if not rule.eligible or register not in rule.accepted | rule.obsolete:
            problems.append("not eligible, or not by this register")
        if problems:
            raise ValueError("; ".join(problems))
        return self


def peer_accepts(form: dict[str, Any]) -> bool:
    try:
        PeerForm.model_validate(form)
    except ValidationError:
        return False
    return True


def balorg_accepts(form: dict[str, Any]) -> bool:
    return validate_registration(form, on=ON).ok


# -- the forms -----------------------------------------------------------------------------------


def form(n: int) -> dict[str, Any]:
    """A valid form, different for each ``n``: mostly pharmacies (FINESS, a pharmacist by
    RPPS), some laboratories (SIRET), some nurses' centres (ADELI)."""
    kind = n % 10
    structure: dict[str, Any] = {
        "legal_name": f"Pharmacie du Marché n°{n}",
        "category": "pharmacie_officine",
        "finess": with_luhn_key(f"31{n:06d}"),
        "siret": None,
        "siren": None,
        "location": {
            "address": f"{n} place du Capitole\r\nBâtiment B",
            "postcode": f"{31000 + n % 900:05d}",
            "city": "Toulouse",
        },
    }
    responsible = {
        "last_name": f"Martin-Lefèvre{n}",
        "first_name": "Claire",
        "profession": "21",
        "identifier": with_luhn_key(f"1{n:09d}"),
        "email": f"claire.martin{n}@pharmacie{n % 40}.mssante.fr",
    }
    if kind == 7:
        siren = with_luhn_key(f"{300_000_000 + n:08d}"[-8:])
        structure.update(
            category="laboratoire",
            finess=None,
            siret=with_luhn_key(f"{siren}0001"),
            legal_name=f"Laboratoire d'analyses {n}",
        )
    if kind == 8:
        responsible.update(profession="60", identifier=with_luhn_key(f"3160{n % 10_000:04d}"))
        structure.update(category="centre_sante", legal_name=f"Centre de soins {n}")
    return {
        "shared_account": True,
        "generic_email": f"pharmacie{n}@outlook.fr",
        "directory_label": {"last_name": "Pharmacie", "first_name": f"du Marché {n}"},
        "structure": structure,
        "responsible": responsible,
        "description": "Échanges avec les médecins du quartier\nOrdonnances et résultats",
        "red_list": {"national_directory": False, "operator_directory": n % 3 == 0},
        "service": "Officine" if n % 2 else "",
    }


def broken(n: int) -> list[dict[str, Any]]:
    """Forms both must refuse."""
    good = form(n)
    bad_key = {**good, "structure": {**good["structure"], "finess": "310000001"}}
    postcode = {
        **good,
        "structure": {**good["structure"], "location": {**good["structure"]["location"]}},
    }
    postcode["structure"]["location"]["postcode"] = "3100"
    unknown = {**good, "colour": "blue"}
    wrong_type = {**good, "shared_account": "yes"}
    address = {**good, "generic_email": "pharmacie@@outlook.fr"}
    control = {**good, "description": "Ordonnances\x1b[31m"}
    return [bad_key, postcode, unknown, wrong_type, address, control]


def goals(scale: Scale) -> Iterable[Row]:
    size, samples = (1_000, 7) if scale is Scale.FULL else (100, 1)
    forms = [form(n) for n in range(1, size + 1)]
    refused = broken(1)
    agree = all(balorg_accepts(f) and peer_accepts(f) for f in forms) and not any(
        balorg_accepts(f) or peer_accepts(f) for f in refused
    )

    def ours() -> None:
        for f in forms:
            validate_registration(f, on=ON)

    def theirs() -> None:
        for f in forms:
            peer_accepts(f)

    figure, peer = paired(ours, theirs, samples=samples, warmup=1)
    yield Row(
        issue=ISSUE,
        goal="registration form / a pydantic v2 model with the same checks",
        figure=figure / size * 1e6,
        unit="µs",
        peer=peer / size * 1e6,
        peer_name="pydantic v2 (strict)",
        limit=0.67,
        ok=agree,
        note=(
            f"{size:,} valid forms accepted and {len(refused)} broken ones refused by both: "
            f"{'yes' if agree else 'NO'}; medians of {samples}"
        ),
    )
