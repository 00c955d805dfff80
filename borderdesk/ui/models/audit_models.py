"""What verifying the audit chain found, as tables: chain heads, broken events, rows that differ."""

from __future__ import annotations

from PySide6.QtCore import QObject

from borderdesk.custody.chain import format_checkpoint
from borderdesk.domain.custody import ChainHead, ChainProblem, ChainProblemKind, StateFinding
from borderdesk.i18n import N_, _
from borderdesk.ui.models.rows import RowsModel, TableColumn

BROKEN_COLOUR = "#8e1b1b"

PROBLEM_TEXTS = {
    ChainProblemKind.CHANGED: N_("changed after it was written"),
    ChainProblemKind.MISSING: N_("missing (deleted)"),
    ChainProblemKind.INSERTED: N_("inserted"),
    ChainProblemKind.REORDERED: N_("out of order"),
    ChainProblemKind.BAD_SIGNATURE: N_("signature does not match"),
    ChainProblemKind.UNTRUSTED_KEY: N_("signed by an unknown key"),
    ChainProblemKind.CUT_OFF: N_("cut off before a printed checkpoint"),
}


def _broken(_row: object) -> str:
    return BROKEN_COLOUR


class HeadsModel(RowsModel[ChainHead]):
    """The last event of each workstation's chain."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((
            TableColumn(N_("Workstation"), lambda r: r.workstation_name),
            TableColumn(N_("Events"), lambda r: str(r.seq)),
            TableColumn(N_("Last hash"), lambda r: r.hash),
            TableColumn(N_("Checkpoint"), format_checkpoint),
        ), parent=parent)


class ProblemsModel(RowsModel[ChainProblem]):
    """The first broken event of each broken chain."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((
            TableColumn(N_("Workstation"), lambda r: r.workstation_name, foreground=_broken),
            TableColumn(N_("Event no."), lambda r: str(r.seq), foreground=_broken),
            TableColumn(N_("Broken how"), lambda r: _(PROBLEM_TEXTS[r.kind]),
                        foreground=_broken),
            TableColumn(N_("Detail"), lambda r: r.detail, foreground=_broken),
        ), parent=parent)


class FindingsModel(RowsModel[StateFinding]):
    """The officers, keys and workstations whose rows differ from the signed record."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((
            TableColumn(N_("Officer, key or workstation"), lambda r: r.subject,
                        foreground=_broken),
            TableColumn(N_("How it differs from the signed record"), lambda r: r.detail,
                        foreground=_broken),
        ), parent=parent)
