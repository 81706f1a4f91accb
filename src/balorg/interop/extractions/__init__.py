"""Streaming readers of the ANS national extractions (MSSanté addresses, RPPS activities)."""

from __future__ import annotations

__all__: list[str] = []
