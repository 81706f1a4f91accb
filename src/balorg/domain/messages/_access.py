"""Messages of this area: code -> (French, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
