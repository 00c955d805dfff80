"""``borderdesk audit``: placeholder until its work lands."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add the subcommand (not yet: nothing is added)."""


def run(args: argparse.Namespace) -> int:
    """Run the subcommand."""
    return 2
