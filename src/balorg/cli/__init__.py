"""The ``balorg`` command: a thin command line over the services.

It is meant for an operator's support desk and for trying the library. It
stores in SQLite (``./balorg.db``) unless ``--db`` names another SQLAlchemy
URL. Exit status: 0 on success, 1 on a refusal or invalid input, 2 on usage
errors.
"""

from __future__ import annotations

from balorg.cli.main import main

__all__ = ["main"]
