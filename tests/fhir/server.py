"""The FHIR tests' server: :mod:`balorg.testing.fhir_server`, always validating with R4B.

The tests run with the ``dev`` extra, so ``fhir.resources`` is there: every Parameters
received and every resource stored is validated with its R4B models (the packaged server
does so only when ``fhir.resources`` is installed).
"""

from __future__ import annotations

from attrs import define

from balorg.testing.fhir_server import (
    Fault,
    Received,
    Refused,
    apply_patch,
    check_mailbox,
    organization,
    outcome,
)
from balorg.testing.fhir_server import FhirTestServer as _PackagedServer

__all__ = [
    "Fault",
    "FhirTestServer",
    "Received",
    "Refused",
    "apply_patch",
    "check_mailbox",
    "organization",
    "outcome",
]


@define(repr=False)
class FhirTestServer(_PackagedServer):
    """The packaged server with R4B validation required (it refuses to start without it)."""

    r4b_validation: bool = True
