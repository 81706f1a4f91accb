"""Validate the registration form of an organisational mailbox (first guide, steps 1 to 11).

The form comes as plain data (a mapping, as parsed from JSON); see
``docs/registration.md`` for its shape. Its shape is described once, by the attrs
classes below, whose field types each carry their own check (a FINESS, a postcode, a
profession...): one cattrs pass reads the form, checks every field, and collects every
problem at once, each at its field path; then the rules that span fields (the
structure identifier rule, the responsible's eligibility on the date given) are applied.
The answer is a report: the :class:`Registration` (a domain value), or every problem,
each with a stable code, a path, its parameters and a French and an English message.
Warnings never block. The form never reads the clock: the date is an argument.

:func:`json_schema` describes the same form as a JSON Schema, for hosts' front-ends.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final, NewType

import cattrs
from attrs import NOTHING, fields, frozen, has, resolve_types
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError

from balorg.domain.addresses import EmailAddress
from balorg.domain.directory import DirectoryPerson
from balorg.domain.errors import (
    BalorgError,
    DomainRefusal,
    InvalidLength,
    Problem,
    Severity,
    ValidationError,
)
from balorg.domain.identifiers import Adeli, Finess, IdNatPS, Rpps, Siren, Siret, idnat
from balorg.domain.mailbox import MAX_RANK, DirectoryLabel, RedList, rank_problem
from balorg.domain.messages import Lang
from balorg.domain.professional import Professional, eligibility_problems
from balorg.domain.professions import Profession, lookup
from balorg.domain.registration import Registration
from balorg.domain.structure import Location, Structure, StructureCategory
from balorg.domain.text import MAX_TEXT, clean_text
from balorg.rules.structure_identifier import structure_identifier

__all__ = [
    "MAX_TEXT",
    "Registration",
    "RegistrationReport",
    "directory_problems",
    "json_schema",
    "parse_professional",
    "professional_identifier",
    "validate_registration",
]

# -- field types: each invariant its own type, checked by its structure hook -------------------

Text = NewType("Text", str)
MultilineText = NewType("MultilineText", str)
OptionalText = NewType("OptionalText", str)
Postcode = NewType("Postcode", str)
Rank = NewType("Rank", int)

_POSTCODE: Final = re.compile(r"^[0-9]{5}$")


@frozen
class _Label:
    last_name: Text
    first_name: Text


@frozen
class _Location:
    address: MultilineText
    postcode: Postcode
    city: Text


@frozen
class _Structure:
    legal_name: Text
    category: StructureCategory
    location: _Location
    finess: Finess | None = None
    siret: Siret | None = None
    siren: Siren | None = None


@frozen
class _Responsible:
    last_name: Text
    first_name: Text
    profession: Profession
    identifier: IdNatPS
    email: EmailAddress


@frozen
class _RedList:
    national_directory: bool
    operator_directory: bool


@frozen
class _Form:
    shared_account: bool
    generic_email: EmailAddress
    directory_label: _Label
    structure: _Structure
    responsible: _Responsible
    description: MultilineText
    red_list: _RedList
    service: OptionalText | None = None
    responsible_contact: OptionalText | None = None
    rank: Rank | None = None


class _FieldProblem(Exception):
    """A field's value was refused: ``problem`` says why (its path is the field's)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


class _WrongType(Exception):
    def __init__(self, expected: str, value: object) -> None:
        super().__init__(expected)
        self.expected = expected
        self.got = _json_type(value)


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, list | tuple):
        return "array"
    return type(value).__name__


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise _WrongType("string", value)
    return value


def _checked(parse: Callable[[str], Any]) -> Callable[[object, Any], Any]:
    def hook(value: object, _: Any) -> Any:
        text = _string(value)
        try:
            return parse(text)
        except DomainRefusal as refusal:
            raise _FieldProblem(refusal.problems[0]) from None
        except BalorgError as error:
            raise _FieldProblem(Problem.from_error(error)) from None

    return hook


def _text(*, multiline: bool = False, required: bool = True) -> Callable[[str], str]:
    def parse(value: str) -> str:
        text = clean_text(value, "", max_length=MAX_TEXT, multiline=multiline)
        if required and not text:
            raise BalorgError("field.required")
        return text

    return parse


def _optional(parse: Callable[[str], Any]) -> Callable[[object, Any], Any]:
    """An optional field: null, or an empty text, means none."""
    checked = _checked(parse)

    def hook(value: object, kind: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return checked(value, kind)

    return hook


def _postcode(text: str) -> str:
    text = text.strip()
    if not _POSTCODE.match(text):
        raise BalorgError("location.invalid_postcode", value=text[:20])
    return text


def _category(text: str) -> StructureCategory:
    try:
        return StructureCategory(text.strip())
    except ValueError:
        raise BalorgError(
            "form.invalid_choice",
            value=text[:40],
            choices=", ".join(c.value for c in StructureCategory),
        ) from None


def professional_identifier(text: str) -> IdNatPS:
    """A professional's RPPS (11 digits) or ADELI (9 characters) number, bare or as an
    IdNat PS (``8`` + RPPS, ``0`` + ADELI), read as the form reads the responsible's."""
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


def _boolean(value: object, _: Any) -> bool:
    if not isinstance(value, bool):
        raise _WrongType("boolean", value)
    return value


def _rank(value: object, _: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _WrongType("integer", value)
    problem = rank_problem(value)
    if problem is not None:
        raise _FieldProblem(problem)
    return value


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    hooks: dict[Any, Callable[[object, Any], Any]] = {
        Text: _checked(_text()),
        MultilineText: _checked(_text(multiline=True)),
        OptionalText: _optional(_text(required=False)),
        Postcode: _checked(_postcode),
        EmailAddress: _checked(EmailAddress.from_string),
        Profession: _checked(lookup),
        IdNatPS: _checked(professional_identifier),
        StructureCategory: _checked(_category),
        Finess | None: _optional(Finess.from_string),
        Siret | None: _optional(Siret.from_string),
        Siren | None: _optional(Siren.from_string),
        OptionalText | None: _optional(_text(required=False)),
        Rank | None: _rank,
    }
    for kind, hook in hooks.items():
        converter.register_structure_hook_func(_is(kind), hook)
    converter.register_structure_hook(bool, _boolean)
    return converter


def _is(kind: Any) -> Callable[[Any], bool]:
    def matches(candidate: Any) -> bool:
        return bool(candidate == kind)

    return matches


_CONVERTER: Final = _make_converter()


# -- the report ---------------------------------------------------------------------------------


@frozen(kw_only=True)
class RegistrationReport:
    """The valid registration, or every error; warnings either way. True when valid."""

    registration: Registration | None
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return self.registration is not None

    def __bool__(self) -> bool:
        return self.ok

    def to_dict(self, lang: Lang | None = None) -> dict[str, Any]:
        """Plain data for JSON output (see ``docs/cli.md`` for the shape)."""
        return {
            "ok": self.ok,
            "errors": [p.to_dict(lang) for p in self.errors],
            "warnings": [p.to_dict(lang) for p in self.warnings],
        }


def _at(data: object, path: tuple[str, ...]) -> object:
    for key in path:
        data = data.get(key) if isinstance(data, Mapping) else None
    return data


def _walk(exc: BaseException, path: tuple[str, ...], data: object) -> Iterator[Problem]:
    """cattrs' errors as problems at their field paths (the walk of
    ``cattrs.transform_error``, keeping the library's codes)."""
    where = ".".join(path)
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            yield from _walk(sub, (*path, note.name), data)
        for sub in without:
            yield from _walk(sub, path, data)
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields, key=str):
            yield Problem("form.unknown_key", ".".join((*path, str(key))), {"key": str(key)[:80]})
    elif isinstance(exc, KeyError):
        yield Problem("field.required", where)
    elif isinstance(exc, _FieldProblem):
        yield exc.problem.at(where)
    elif isinstance(exc, _WrongType):
        yield Problem("form.wrong_type", where, {"expected": exc.expected, "got": exc.got})
    else:  # an object was expected where something else stands
        got = _json_type(_at(data, path))
        yield Problem("form.wrong_type", where, {"expected": "object", "got": got})


def _dedupe(problems: Iterator[Problem] | list[Problem]) -> list[Problem]:
    seen: list[Problem] = []
    for problem in problems:
        if problem not in seen:
            seen.append(problem)
    return seen


def validate_registration(
    data: object, *, on: dt.date, directory: Any = None
) -> RegistrationReport:
    """Check a registration form and answer with every problem at once.

    ``on`` is the date eligibility is judged on (pass the host's clock's date).
    ``directory`` (a :class:`~balorg.ports.DirectoryLookup`) adds what the national
    directory says of the responsible: unknown to it, or registered under another
    profession, is told as a warning.
    """
    if not isinstance(on, dt.date):
        raise TypeError(f"on is a date, not {type(on).__name__}")
    if not isinstance(data, Mapping):
        problem = Problem("form.wrong_type", "", {"expected": "object", "got": _json_type(data)})
        return RegistrationReport(registration=None, errors=(problem,), warnings=())
    try:
        form: _Form | None = _CONVERTER.structure(data, _Form)
        found: list[Problem] = []
    except ClassValidationError as exc:
        form, found = None, list(_walk(exc, (), data))
    except RecursionError:
        problem = Problem("form.too_deep", "")
        return RegistrationReport(registration=None, errors=(problem,), warnings=())
    if form is None:
        found += _rules_on_parts(data, on, found)
        return _report(None, found)
    if not form.shared_account:
        found.append(Problem("registration.not_shared", "shared_account"))
    choice = structure_identifier(
        form.structure.category,
        finess=form.structure.finess,
        siret=form.structure.siret,
        siren=form.structure.siren,
    )
    found += choice.decision.problems
    responsible = form.responsible
    found += [
        p.at("responsible")
        for p in eligibility_problems(responsible.identifier, responsible.profession, on)
    ]
    if directory is not None:
        found += directory_problems(directory, responsible.identifier, responsible.profession)
    if any(p.is_error for p in found) or choice.identifier is None:
        return _report(None, found)
    registration = Registration(
        generic_email=form.generic_email,
        label=DirectoryLabel(
            last_name=form.directory_label.last_name, first_name=form.directory_label.first_name
        ),
        structure=Structure(
            legal_name=form.structure.legal_name,
            identifier=choice.identifier,
            category=form.structure.category,
            location=Location(
                address_lines=tuple(form.structure.location.address.splitlines()),
                postcode=form.structure.location.postcode,
                city=form.structure.location.city,
            ),
        ),
        responsible=Professional(
            idnat=responsible.identifier,
            profession=responsible.profession,
            last_name=responsible.last_name,
            first_name=responsible.first_name,
            email=responsible.email,
        ),
        description=form.description,
        red_list=RedList(
            national_directory=form.red_list.national_directory,
            operator_directory=form.red_list.operator_directory,
        ),
        checked_on=on,
        service=form.service or None,
        responsible_contact=form.responsible_contact or None,
        rank=form.rank,
    )
    return _report(registration, found)


def _report(registration: Registration | None, found: list[Problem]) -> RegistrationReport:
    problems = _dedupe(found)
    errors = tuple(p for p in problems if p.is_error)
    warnings = tuple(p for p in problems if not p.is_error)
    return RegistrationReport(
        registration=registration if not errors else None, errors=errors, warnings=warnings
    )


def _rules_on_parts(data: Mapping[str, Any], on: dt.date, found: list[Problem]) -> list[Problem]:
    """The cross-field rules on the parts that did read, so that one bad field does not
    hide the problems of the others."""
    paths = {p.path for p in found}
    extra: list[Problem] = []
    if data.get("shared_account") is False:
        extra.append(Problem("registration.not_shared", "shared_account"))
    extra += _structure_rule(data, paths)
    responsible = data.get("responsible")
    if isinstance(responsible, Mapping) and not paths & {
        "responsible.profession",
        "responsible.identifier",
        "responsible",
    }:
        try:
            profession = lookup(str(responsible.get("profession")))
            identifier = professional_identifier(str(responsible.get("identifier")))
        except (BalorgError, ValueError):
            return extra
        extra += [p.at("responsible") for p in eligibility_problems(identifier, profession, on)]
    return extra


def _structure_rule(data: Mapping[str, Any], paths: set[str]) -> list[Problem]:
    structure = data.get("structure")
    keys = ("finess", "siret", "siren")
    if not isinstance(structure, Mapping) or paths & {
        "structure",
        "structure.category",
        *(f"structure.{k}" for k in keys),
    }:
        return []
    try:
        category = _category(str(structure.get("category")))
        finess = Finess.from_string(structure["finess"]) if structure.get("finess") else None
        siret = Siret.from_string(structure["siret"]) if structure.get("siret") else None
        siren = Siren.from_string(structure["siren"]) if structure.get("siren") else None
    except (BalorgError, ValueError, TypeError):
        return []
    choice = structure_identifier(category, finess=finess, siret=siret, siren=siren)
    return list(choice.decision.problems)


def directory_problems(
    directory: Any, identifier: IdNatPS, profession: Profession
) -> list[Problem]:
    """What the national ``directory`` (a :class:`~balorg.ports.directory.DirectoryLookup`)
    says of the responsible, as warnings: unknown to it, or registered under another
    profession."""
    person: DirectoryPerson | None = directory.professional(identifier)
    if person is None:
        return [
            Problem(
                "directory.professional_unknown",
                "responsible.identifier",
                {"idnat": str(identifier)},
                Severity.WARNING,
            )
        ]
    if person.profession_code and person.profession_code != profession.code:
        return [
            Problem(
                "directory.other_profession",
                "responsible.profession",
                {
                    "idnat": str(identifier),
                    "declared": profession.code,
                    "registered": person.profession_code,
                },
                Severity.WARNING,
            )
        ]
    return []


# -- one professional (hand-over) ----------------------------------------------------------------


def parse_professional(
    *,
    identifier: str,
    profession: str,
    last_name: str,
    first_name: str,
    email: str,
    on: dt.date,
) -> tuple[Professional | None, tuple[Problem, ...]]:
    """A professional read as the form's ``responsible`` part is, eligible on ``on``."""
    data = {
        "last_name": last_name,
        "first_name": first_name,
        "profession": profession,
        "identifier": identifier,
        "email": email,
    }
    try:
        part: _Responsible = _CONVERTER.structure(data, _Responsible)
    except ClassValidationError as exc:
        return None, tuple(_walk(exc, (), data))
    problems = eligibility_problems(part.identifier, part.profession, on)
    if any(p.is_error for p in problems):
        return None, problems
    return (
        Professional(
            idnat=part.identifier,
            profession=part.profession,
            last_name=part.last_name,
            first_name=part.first_name,
            email=part.email,
        ),
        problems,
    )


# -- JSON Schema -----------------------------------------------------------------------------------

_STRING_KINDS: Final[dict[Any, dict[str, Any]]] = {
    Text: {"type": "string", "minLength": 1, "maxLength": MAX_TEXT},
    MultilineText: {"type": "string", "minLength": 1, "maxLength": MAX_TEXT},
    OptionalText: {"type": ["string", "null"], "maxLength": MAX_TEXT},
    Postcode: {"type": "string", "pattern": "^[0-9]{5}$"},
    EmailAddress: {"type": "string", "format": "email"},
    Profession: {"type": "string", "description": "a code (21, TRE_G15:21) or a label"},
    IdNatPS: {"type": "string", "description": "RPPS (11 digits), ADELI (9) or IdNat PS"},
    StructureCategory: {"type": "string", "enum": [c.value for c in StructureCategory]},
    bool: {"type": "boolean"},
}


def _schema_of(kind: Any) -> dict[str, Any]:
    if kind in _STRING_KINDS:
        return dict(_STRING_KINDS[kind])
    for identifier, pattern in (
        (Finess, "^[0-9AB]{9}$"),
        (Siret, "^[0-9 ]{14,17}$"),
        (Siren, "^[0-9 ]{9,11}$"),
    ):
        if kind == identifier | None:
            return {"type": ["string", "null"], "pattern": pattern}
    if kind == OptionalText | None:
        return {"type": ["string", "null"], "maxLength": MAX_TEXT}
    if kind == Rank | None:
        return {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_RANK}
    if has(kind):
        resolve_types(kind)  # the annotations are text until something resolves them
    properties = {f.name: _schema_of(f.type) for f in fields(kind)}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields(kind) if _required(f)],
        "properties": properties,
    }


def _required(attribute: Any) -> bool:
    return attribute.default is NOTHING


def json_schema() -> dict[str, Any]:
    """The registration form as a JSON Schema (draft 2020-12), from the same description
    as :func:`validate_registration`."""
    schema = _schema_of(_Form)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://balorg.example/schemas/registration.json",
        "title": "Registration of an MSSanté organisational mailbox",
        **schema,
    }
