"""The registration form of an organisational mailbox and its report."""

from __future__ import annotations

from balorg.registration.form import (
    MAX_TEXT,
    Registration,
    RegistrationReport,
    validate_registration,
)

__all__ = ["MAX_TEXT", "Registration", "RegistrationReport", "validate_registration"]
