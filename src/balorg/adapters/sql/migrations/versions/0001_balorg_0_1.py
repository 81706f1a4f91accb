"""The schema of balorg 0.1 (its own versions 1 to 3), as Alembic's baseline.

The database it leaves is one balorg 0.1 opens: its tables, and its own version table
``schema_version`` recording versions 1 to 3 (0.1 reads it on opening; revision 0002
drops it). A database taken over from 0.1 is stamped here as it is.

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
    "schema_version",
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
    to_version_3(op.get_bind())


def downgrade() -> None:
    for name in _TABLES:
        op.execute(sa.text(f"DROP TABLE IF EXISTS {name}"))
