"""What every window and page of a logged-in officer works with."""

from __future__ import annotations

from dataclasses import dataclass

from borderdesk.access.permissions import Action, allowed
from borderdesk.config import Settings
from borderdesk.domain.gate import WorkstationIdentity
from borderdesk.domain.officer import Actor
from borderdesk.storage.engine import Database
from borderdesk.ui.tasks import TaskRunner


@dataclass
class UiSession:
    """The database, settings, workstation, logged-in officer and task runner of a window."""

    db: Database
    settings: Settings
    workstation: WorkstationIdentity
    actor: Actor
    tasks: TaskRunner

    def may(self, action: Action) -> bool:
        """Whether the officer's role may do ``action`` (to hide what would be refused)."""
        return allowed(self.actor.role, action)

    def may_configure_workstation(self) -> bool:
        """Whether the officer may change the workstation's settings (database, OCR, identity).

        These settings live in a file on this computer, not in the database, so no
        service guards them: the settings dialog asks the permission table here.
        """
        return self.may(Action.CONFIGURE_WORKSTATION)
