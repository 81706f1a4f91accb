"""Messages of the national extractions and the imported directory: code -> (French, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
