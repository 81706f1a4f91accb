"""Validate the registration form of an organisational mailbox (first guide, steps 1 to 11).

The form comes as plain data (a mapping, as parsed from JSON); see
``docs/registration.md`` for its shape. The answer is a report: the valid
registration, or every problem at once, each with a stable code, a path to the
field, its parameters and a French and an English message. Warnings are
reported apart from errors and never block.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any, Final, TypeVar

from attrs import frozen

from balorg.domain.addresses import EmailAddress
from balorg.domain.errors import BalorgError, InvalidLength, Problem, ValidationError
from balorg.domain.identifiers import Adeli, Finess, IdNatPS, Rpps, Siren, Siret, idnat
from balorg.domain.mailbox import DirectoryLabel, RedList
from balorg.domain.messages import Lang
from balorg.domain.professional import Professional, eligibility_problems
from balorg.domain.professions import Profession, lookup
from balorg.domain.structure import Location, Structure, StructureCategory
from balorg.domain.text import MAX_TEXT, text_problem
from balorg.registration.schema import shape_problems
from balorg.rules.structure_identifier import structure_identifier

__all__ = ["MAX_TEXT", "Registration", "RegistrationReport", "validate_registration"]


_POSTCODE: Final = re.compile(r"^[0-9]{5}$")

T = TypeVar("T")


@frozen(kw_only=True)
class Registration:
    """A registration that passed every check, ready to become a mailbox."""

    generic_email: EmailAddress
    label: DirectoryLabel
    structure: Structure
    responsible: Professional
    description: str
    red_list: RedList
    checked_on: dt.date
    service: str | None = None
    responsible_contact: str | None = None
    rank: int | None = None


@frozen(kw_only=True)
class RegistrationReport:
    """The valid registration, or every error; warnings either way."""

    registration: Registration | None
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return self.registration is not None

    def to_dict(self, lang: Lang | None = None) -> dict[str, Any]:
        """Plain data for JSON output (see ``docs/cli.md`` for the shape)."""
        return {
            "ok": self.ok,
            "errors": [p.to_dict(lang) for p in self.errors],
            "warnings": [p.to_dict(lang) for p in self.warnings],
        }


class _Form:
    """Tolerant access to the raw form: a field of the wrong shape reads as absent
    (its shape problem is already reported), and each parse failure is collected."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.problems: list[Problem] = []

    def raw(self, path: str) -> object:
        value: object = self.data
        for key in path.split("."):
            value = value.get(key) if isinstance(value, Mapping) else None
        return value

    def text(self, path: str, *, required: bool = True) -> str | None:
        value = self.raw(path)
        if not isinstance(value, str):
            return None
        value = value.strip()
        if not value:
            if required:
                self.problems.append(Problem("field.required", path))
            return None
        problem = text_problem(value, path, max_length=MAX_TEXT)
        if problem is not None:
            self.problems.append(problem)
            return None
        return value

    def parse(self, path: str, parser: Callable[[str], T], *, required: bool = True) -> T | None:
        value = self.text(path, required=required)
        if value is None:
            return None
        try:
            return parser(value)
        except BalorgError as exc:
            self.problems.append(Problem.from_error(exc, path))
            return None


def _responsible_identifier(text: str) -> IdNatPS:
    """An RPPS (11 digits) or ADELI (9 characters) number, bare or as an IdNat PS
    (``8`` + RPPS, ``0`` + ADELI)."""
    compact = re.sub(r"[\s.\-]", "", text)
    if len(compact) == 11:
        return IdNatPS.of(Rpps.from_string(compact))
    if len(compact) == 9:
        return IdNatPS.of(Adeli.from_string(compact))
    try:
        return idnat.parse_ps(compact)
    except ValidationError as exc:
        if exc.code == "idnat.deprecated_prefix":
            raise
        raise InvalidLength("responsible.identifier_shape", length=len(compact)) from None


def _category(text: str) -> StructureCategory:
    try:
        return StructureCategory(text)
    except ValueError:
        raise BalorgError(
            "form.invalid_choice",
            value=text,
            choices=", ".join(c.value for c in StructureCategory),
        ) from None


def _postcode(text: str) -> str:
    if not _POSTCODE.match(text):
        raise BalorgError("location.invalid_postcode", value=text)
    return text


def _email(text: str) -> EmailAddress:
    return EmailAddress(text)


def validate_registration(data: object, *, on: dt.date | None = None) -> RegistrationReport:
    """Check a registration form and answer with every problem at once.

    ``on`` is the date eligibility is judged on (today by default: the host's
    clock should be passed where it matters).
    """
    on = on or dt.date.today()
    shape = shape_problems(data)
    if not isinstance(data, Mapping):
        return RegistrationReport(registration=None, errors=shape, warnings=())
    form = _Form(data)
    if form.raw("shared_account") is False:
        form.problems.append(Problem("registration.not_shared", "shared_account"))
    generic_email = form.parse("generic_email", _email)
    last = form.text("directory_label.last_name")
    first = form.text("directory_label.first_name")
    structure = _structure(form)
    responsible = _responsible(form, on)
    description = form.text("description")
    red_list = form.raw("red_list")
    problems = [*shape, *(p for p in form.problems if p not in shape)]
    errors = tuple(_dedupe(p for p in problems if p.is_error))
    warnings = tuple(_dedupe(p for p in problems if not p.is_error))
    if errors:
        return RegistrationReport(registration=None, errors=errors, warnings=warnings)
    # No error means every part above was parsed: narrow the types for mypy.
    if not (generic_email and last and first and structure and responsible and description):
        raise AssertionError("validated form without a part")  # pragma: no cover
    if not isinstance(red_list, Mapping):
        raise AssertionError("validated form without red list")  # pragma: no cover
    registration = Registration(
        generic_email=generic_email,
        label=DirectoryLabel(last_name=last, first_name=first),
        structure=structure,
        responsible=responsible,
        description=description,
        red_list=RedList(
            national_directory=red_list["national_directory"],
            operator_directory=red_list["operator_directory"],
        ),
        checked_on=on,
    )
    return RegistrationReport(registration=registration, errors=(), warnings=warnings)


def _dedupe(problems: Any) -> list[Problem]:
    seen: list[Problem] = []
    for problem in problems:
        if problem not in seen:
            seen.append(problem)
    return seen


def _structure(form: _Form) -> Structure | None:
    legal_name = form.text("structure.legal_name")
    category = form.parse("structure.category", _category)
    before = len(form.problems)
    finess = form.parse("structure.finess", Finess.from_string, required=False)
    siret = form.parse("structure.siret", Siret.from_string, required=False)
    siren = form.parse("structure.siren", Siren.from_string, required=False)
    # An identifier of the wrong type reads as absent: choosing without it would add a
    # false "FINESS required" to the shape error already reported at that path.
    identifiers_ok = len(form.problems) == before and all(
        isinstance(form.raw(f"structure.{key}"), str | None) for key in ("finess", "siret", "siren")
    )
    address = form.text("structure.location.address")
    postcode = form.parse("structure.location.postcode", _postcode)
    city = form.text("structure.location.city")
    if category is None or not identifiers_ok:
        return None
    choice = structure_identifier(category, finess=finess, siret=siret, siren=siren)
    form.problems.extend(choice.decision.problems)
    if not (choice.identifier and legal_name and address and postcode and city):
        return None
    return Structure(
        legal_name=legal_name,
        identifier=choice.identifier,
        category=category,
        location=Location(address_lines=tuple(address.splitlines()), postcode=postcode, city=city),
    )


def _responsible(form: _Form, on: dt.date) -> Professional | None:
    last = form.text("responsible.last_name")
    first = form.text("responsible.first_name")
    profession: Profession | None = form.parse("responsible.profession", lookup)
    national_id = form.parse("responsible.identifier", _responsible_identifier)
    email = form.parse("responsible.email", _email)
    if profession is None or national_id is None:
        return None
    problems = eligibility_problems(national_id, profession, on)
    form.problems.extend(p.at("responsible") for p in problems)
    if not (last and first and email):
        return None
    return Professional(
        idnat=national_id, profession=profession, last_name=last, first_name=first, email=email
    )
