"""``python -m balorg``: the same as the ``balorg`` command."""

from __future__ import annotations

import sys

from balorg.cli import main

sys.exit(main())
