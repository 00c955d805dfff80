"""A gate to work at: its workstation and one officer of every role, on each backend."""

from __future__ import annotations

import pytest
from gate_kit import GateSetup, make_gate

from borderdesk.storage.engine import Database


@pytest.fixture
def gate(db: Database) -> GateSetup:
    """The Lao Bao gate on a fresh database of each backend."""
    return make_gate(db)
