"""balorg: MSSanté organisational mailboxes as typed domain objects and rules.

>>> import balorg
>>> balorg.__version__ != ""
True
"""

from __future__ import annotations

from balorg._version import __version__

__all__ = ["__version__"]
