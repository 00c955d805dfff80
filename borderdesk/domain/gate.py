"""The gate and the workstation a service call comes from."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class WorkstationIdentity:
    """This workstation as the database knows it, with the gate it serves."""

    workstation_id: UUID
    workstation_name: str
    gate_id: UUID
    gate_code: str
    gate_name: str
    gate_timezone: str
    lanes: tuple[str, ...]
