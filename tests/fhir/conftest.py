"""Fixtures of the FHIR tests: a strict FHIR server on loopback, publishers and readers on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.fhir.server import FhirTestServer

from balorg.adapters.fhir.publisher import FhirDirectoryPublisher
from balorg.adapters.fhir.reader import FhirDirectoryReader


@pytest.fixture
def fhir_server() -> Iterator[FhirTestServer]:
    """A fresh FHIR test server (its own port and state), stopped after the test."""
    server = FhirTestServer().start()
    yield server
    server.stop()


@pytest.fixture
def publisher(fhir_server: FhirTestServer) -> Iterator[FhirDirectoryPublisher]:
    """A publisher to ``fhir_server`` with the right key and a short time-out."""
    with FhirDirectoryPublisher(fhir_server.base_url, fhir_server.api_key, timeout=0.5) as p:
        yield p


@pytest.fixture
def reader(fhir_server: FhirTestServer) -> Iterator[FhirDirectoryReader]:
    with FhirDirectoryReader(fhir_server.base_url, fhir_server.api_key, timeout=0.5) as r:
        yield r
