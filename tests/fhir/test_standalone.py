"""``python -m balorg.testing.fhir_server``: the test server on its own, as the example runs it."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from tests.fhir.builders import ADDRESS, PHARMACY, entry

from balorg.adapters.fhir.publisher import FhirDirectoryPublisher
from balorg.domain.publication import DirectoryChange, DirectoryKind
from balorg.testing.fhir_server import FhirTestServer, Refused, apply_patch, organization

KEY = "standalone-key-3b1f"
RESPONSIBLE = "Mme Martin, 05 61 00 00 01"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALORG_")}
    return {**env, **extra}


def _start(*args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "balorg.testing.fhir_server", *args],
        env=_env(**env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def standalone() -> Iterator[tuple[subprocess.Popen[str], str]]:
    process = _start(
        "--log", "--api-key-env", "TEST_KEY", "--organization", f"{PHARMACY}=PHARMACIE DU CENTRE",
        TEST_KEY=KEY,
    )  # fmt: skip
    assert process.stdout is not None
    base = process.stdout.readline().strip()
    yield process, base
    if process.poll() is None:
        process.kill()
        process.communicate(timeout=10)


def _get(url: str, key: str | None) -> tuple[int, Any]:
    headers = {"ESANTE-API-KEY": key} if key is not None else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.load(error)


def test_it_serves_the_given_organizations_on_loopback_and_stops_on_sigterm(
    standalone: tuple[subprocess.Popen[str], str],
) -> None:
    process, base = standalone
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/fhir", base), base
    search = f"{base}/Organization?identifier=urn:oid:1.2.250.1.71.4.2.2%7C{PHARMACY}"
    assert _get(search, None)[0] == 401
    status, bundle = _get(search, KEY)
    assert status == 200
    assert [e["resource"]["name"] for e in bundle["entry"]] == ["PHARMACIE DU CENTRE"]
    process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err


def test_its_log_names_the_patch_operations_never_their_values(
    standalone: tuple[subprocess.Popen[str], str],
) -> None:
    process, base = standalone
    published = entry(responsible_contact=RESPONSIBLE, rank=1)
    with FhirDirectoryPublisher(base, KEY, timeout=5) as publisher:
        publisher.apply(DirectoryChange.create(published, DirectoryKind.NATIONAL), key="k1")
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    patch = f"PATCH /fhir/Organization?identifier=urn:oid:1.2.250.1.71.4.2.2|{PHARMACY} 200"
    assert f"{patch}\n    insert Organization.telecom\n" in err
    assert RESPONSIBLE not in err
    assert KEY not in err
    assert str(ADDRESS) not in err  # an insert's path has no address; its value is not logged


def test_it_refuses_to_start_without_a_key_or_with_a_wrong_structure() -> None:
    no_key = _start("--api-key-env", "TEST_KEY")
    out, err = no_key.communicate(timeout=30)
    assert (no_key.returncode, out) == (2, "")
    assert "TEST_KEY" in err
    wrong = _start("--organization", "123", BALORG_ESANTE_API_KEY=KEY)
    _out, err = wrong.communicate(timeout=30)
    assert wrong.returncode == 2
    assert "not an IdNat Struct" in err


def test_without_r4b_validation_the_ans_rules_still_hold() -> None:
    server = FhirTestServer(r4b_validation=False)
    carrier = server.add(organization(PHARMACY, "PHARMACIE DU CENTRE"))
    insert = {
        "resourceType": "Parameters",
        "parameter": [
            {
                "name": "operation",
                "part": [
                    {"name": "type", "valueCode": "insert"},
                    {"name": "path", "valueString": "Organization.telecom"},
                    {"name": "index", "valueInteger": 0},
                    {
                        "name": "value",
                        "valueContactPoint": {"system": "email", "value": str(ADDRESS)},
                    },
                ],
            }
        ],
    }
    with pytest.raises(Refused, match="e-mail type extension"):
        apply_patch(carrier, insert, r4b=False)
