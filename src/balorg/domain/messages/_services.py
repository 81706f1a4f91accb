"""Messages of use cases, sessions, the outbox and the command runner: code -> (French, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
