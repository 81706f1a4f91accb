"""The registration form of an organisational mailbox, its report and its JSON Schema."""

from __future__ import annotations

from balorg.domain.registration import Registration
from balorg.registration.form import (
    MAX_TEXT,
    RegistrationReport,
    directory_problems,
    json_schema,
    parse_professional,
    professional_identifier,
    validate_registration,
)

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
