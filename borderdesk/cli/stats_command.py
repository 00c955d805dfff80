"""``borderdesk stats``: its actions arrive with the selectivity work."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register nothing yet."""


def run(args: argparse.Namespace) -> int:
    """Nothing to run yet."""
    return 2
