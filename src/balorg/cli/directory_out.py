"""``balorg directory``: publishing mailboxes to the national directory."""

from __future__ import annotations

import argparse

__all__ = ["add_commands"]


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add this module's sub-commands to the ``directory`` family."""
