"""FHIR payloads of the Annuaire Santé: mailbox ContactPoints, FHIR Patch, directory reads."""

from __future__ import annotations

__all__: list[str] = []
