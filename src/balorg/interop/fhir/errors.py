"""Errors of the FHIR edge."""

from __future__ import annotations

from balorg.domain.errors import BalorgError

__all__ = ["FhirFormatError", "InvalidEntryValue"]


class FhirFormatError(BalorgError, ValueError):
    """A FHIR resource read from outside does not have the expected shape.

    ``params``: ``path`` (where in the resource) and ``reason`` (what is wrong).
    """

    default_code = "fhir.invalid_resource"


class InvalidEntryValue(BalorgError, ValueError):
    """A :class:`~balorg.domain.publication.Replace` carries a value of the wrong type
    for its field (``params``: ``field``, ``expected``)."""

    default_code = "publication.invalid_value"
