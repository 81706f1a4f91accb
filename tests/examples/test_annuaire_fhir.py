"""``examples/annuaire-fhir.sh``: the pharmacy's mailbox published to a local FHIR test server.

The script is run as a reader would run it (``bash examples/annuaire-fhir.sh`` in an empty
folder, ``balorg`` on PATH), once for the module; the tests read what it printed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).parents[2] / "examples" / "annuaire-fhir.sh"
PHARMACIE = "pharmacie.ducentre@medimail.mssante.fr"


class Run:
    def __init__(self, folder: Path, done: subprocess.CompletedProcess[str]) -> None:
        self.folder, self.code, self.out, self.err = (
            folder,
            done.returncode,
            done.stdout,
            done.stderr,
        )
        self.steps: dict[str, str] = {}
        for block in re.split(r"^== ", self.out, flags=re.M)[1:]:
            title, _nl, body = block.partition("\n")
            self.steps[title] = body

    def step(self, start: str) -> str:
        """The output of the one step whose title starts with ``start``."""
        found = [body for title, body in self.steps.items() if title.startswith(start)]
        assert len(found) == 1, (start, list(self.steps))
        return found[0]


@pytest.fixture(scope="module")
def run() -> Iterator[Run]:
    if shutil.which("bash") is None:
        pytest.skip("bash is needed to run the example")
    memory = Path("/dev/shm")
    where = str(memory) if memory.is_dir() and os.access(memory, os.W_OK) else None
    folder = Path(tempfile.mkdtemp(prefix="balorg-annuaire-", dir=where))
    env = {k: v for k, v in os.environ.items() if not k.startswith("BALORG_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    try:
        done = subprocess.run(
            ["bash", str(SCRIPT)],
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        yield Run(folder, done)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_the_script_runs_to_its_end(run: Run) -> None:
    assert run.code == 0, run.out[-3000:] + run.err[-3000:]
    assert run.out.rstrip().endswith("Serveur arrêté."), run.out[-1000:]


def test_the_server_listens_on_loopback_and_is_stopped_at_the_end(run: Run) -> None:
    found = re.search(r"^Base FHIR : http://127\.0\.0\.1:(\d+)/fhir ", run.out, re.M)
    assert found is not None, run.out[:2000]
    with (
        pytest.raises(ConnectionRefusedError),
        socket.create_connection(("127.0.0.1", int(found[1])), 2),
    ):
        pass


def test_the_settings_point_the_publisher_at_the_server_and_hold_no_key(run: Run) -> None:
    settings = (run.folder / "annuaire.toml").read_text(encoding="utf-8")
    assert "[directory]" in settings
    assert 'fhir_base_url = "http://127.0.0.1:' in settings
    assert 'api_key_env = "BALORG_ESANTE_API_KEY"' in settings
    assert not re.search(r"\b[0-9a-f]{32}\b", settings)  # the script's generated key


def test_nothing_is_published_before_the_outbox_is_delivered(run: Run) -> None:
    before = run.step("Rien n'est encore publié")
    assert "PHARMACIE DU CENTRE : 0 BAL dans telecom" in before
    assert f"Vue publique : {PHARMACIE} absente" in before


def test_activation_inserts_the_mailbox_as_ans_defines_it(run: Run) -> None:
    published = run.step("La boîte d'envoi livre la publication")
    assert "Envoyés : 2 ; à réessayer : 0 ; en échec : 0 ; en attente : 0" in published
    assert "Aucun échec." in published
    assert "(version 2), PHARMACIE DU CENTRE : 1 BAL dans telecom" in published
    block = re.search(r"^  \{\n.*?^  \}$", published, re.M | re.S)
    assert block is not None, published
    cp = json.loads(block[0])
    assert cp["system"] == "email"
    assert cp["value"] == PHARMACIE
    email_type, metadata = cp["extension"]
    assert email_type["url"].endswith("/fr-core-contact-point-email-type")
    assert email_type["valueCoding"]["code"] == "MSSANTE"
    assert metadata["url"].endswith("/StructureDefinition/as-ext-mailbox-mss-metadata")
    subs = {sub["url"]: sub for sub in metadata["extension"]}
    assert list(subs) == ["type", "description", "listeRouge"]  # no responsible given yet
    assert subs["type"]["valueCodeableConcept"]["coding"] == [
        {
            "system": "https://mos.esante.gouv.fr/NOS/TRE_R257-TypeBAL/FHIR/TRE-R257-TypeBAL",
            "code": "ORG",
        }
    ]
    assert subs["description"] == {
        "url": "description",
        "valueString": "Échanges de la pharmacie avec les médecins du quartier",
    }
    assert subs["listeRouge"] == {"url": "listeRouge", "valueBoolean": False}
    assert f"Vue publique : {PHARMACIE} publiée" in published


def test_service_contact_and_rank_are_replaced(run: Run) -> None:
    changed = run.step("Service de rattachement")
    assert "Envoyés : 2 ; à réessayer : 0 ; en échec : 0" in changed
    assert f"{PHARMACIE}  type ORG  rang 1  listeRouge false" in changed
    assert "    service      Officine" in changed
    assert "    responsible  Claire Martin, 05 61 00 00 01" in changed


def test_the_red_list_is_transmitted_and_the_mailbox_leaves_the_public_view(run: Run) -> None:
    red = run.step("Liste rouge de l'annuaire national")
    assert "Envoyés : 1 ; à réessayer : 0 ; en échec : 0" in red
    assert "Aucun échec." in red
    assert "(version 4), PHARMACIE DU CENTRE : 1 BAL dans telecom" in red
    assert f"{PHARMACIE}  type ORG  rang 1  listeRouge true" in red  # kept, flagged
    assert f"Recherche mailbox-mss:exact={PHARMACIE} : 1 Organization" in red
    assert f"Vue publique : {PHARMACIE} absente" in red


def test_the_server_saw_conditional_patches_with_the_documented_operations(run: Run) -> None:
    log = run.step("Les requêtes reçues")
    condition = "/fhir/Organization?identifier=urn:oid:1.2.250.1.71.4.2.2|1010000024"
    patches = re.findall(rf"^PATCH {re.escape(condition)} (\d+)$", log, re.M)
    assert patches == ["200", "200", "200"], log
    assert "\n    insert Organization.telecom\n" in log
    assert (
        f"\n    replace Organization.telecom.where(value = '{PHARMACIE}')"
        ".extension('…/as-ext-mailbox-mss-metadata').extension('listeRouge').value\n"
    ) in log
    assert not re.search(r" (4|5)\d\d$", log, re.M), log
    assert "Claire Martin, 05" not in log  # payload values are never logged
