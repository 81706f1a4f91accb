"""Messages of FHIR payloads and publication to the directory: code -> (French, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "publication.failed": (
        "L'annuaire n'a pas appliqué la modification : {detail}",
        "The directory did not apply the change: {detail}",
    ),
}
