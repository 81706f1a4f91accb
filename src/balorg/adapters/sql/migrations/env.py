"""Alembic's environment for balorg's revisions, run on the connection it is given.

balorg runs it from :func:`balorg.adapters.sql.migrations.upgrade` (and ``balorg db
...``) with ``config.attributes["connection"]`` set; a host that runs balorg's revisions
inside its own Alembic environment lists this folder's ``versions`` in its
``version_locations`` instead, and never uses this file (see ``docs/migrations.md``).
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - balorg always passes its connection
    raise RuntimeError("balorg's migrations run on a connection given in config.attributes")
context.configure(connection=connection, target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
