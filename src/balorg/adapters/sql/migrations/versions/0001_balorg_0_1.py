"""The schema of balorg 0.1 (its own versions 1 to 3), as Alembic's baseline.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from balorg.adapters.sql.migrations.legacy import to_version_3

revision = "0001"
down_revision = None
branch_labels = ("balorg",)
depends_on = None

_TABLES = (
    "notices",
    "credentials",
    "directory_structures",
    "directory_professionals",
    "directory_entries",
    "audit_head",
    "audit_entries",
    "messages",
    "accounts",
    "mailbox_accounts",
    "mailboxes",
)


def upgrade() -> None:
    to_version_3(op.get_bind(), record=False)


def downgrade() -> None:
    for name in _TABLES:
        op.execute(sa.text(f"DROP TABLE IF EXISTS {name}"))
