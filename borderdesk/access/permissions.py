"""The one permission table: which role may do what.

The services consult it on every call, so a refusal holds whether the GUI,
the CLI or a script asked. The GUI reads the same table only to hide what
would be refused anyway.
"""

from __future__ import annotations

import enum
from collections.abc import Collection

from borderdesk.domain.custody import Agency, agency_of
from borderdesk.domain.officer import Role
from borderdesk.errors import PermissionDenied
from borderdesk.i18n import N_, _


class Action(enum.StrEnum):
    """Everything an officer can ask the services to do."""

    VIEW_QUEUE = "view_queue"
    VIEW_CROSSING = "view_crossing"
    REGISTER_ARRIVAL = "register_arrival"
    ATTACH_EVIDENCE = "attach_evidence"
    READ_MANIFEST = "read_manifest"
    RUN_CHECK = "run_check"
    RECORD_INSPECTION = "record_inspection"
    SEIZE_GOODS = "seize_goods"
    RELEASE_HOLD = "release_hold"
    CANCEL_CROSSING = "cancel_crossing"
    SEND_HANDOFF = "send_handoff"
    RECEIVE_HANDOFF = "receive_handoff"
    EXPORT_HANDOFF = "export_handoff"
    VIEW_REPORTS = "view_reports"
    EDIT_WATCH_LISTS = "edit_watch_lists"
    MANAGE_OFFICERS = "manage_officers"
    VERIFY_AUDIT = "verify_audit"
    MANAGE_KEYS = "manage_keys"
    MANAGE_REPLICATION = "manage_replication"
    BACK_UP = "back_up"
    RESTORE_BACKUP = "restore_backup"
    CONFIGURE_WORKSTATION = "configure_workstation"
    APPROVE_OVERRIDE = "approve_override"
    EDIT_SCORING = "edit_scoring"


_ACTION_LABELS = {
    Action.VIEW_QUEUE: N_("view the crossing queue"),
    Action.VIEW_CROSSING: N_("open a crossing"),
    Action.REGISTER_ARRIVAL: N_("register an arrival"),
    Action.ATTACH_EVIDENCE: N_("attach evidence"),
    Action.READ_MANIFEST: N_("read a manifest"),
    Action.RUN_CHECK: N_("run the cross-checks"),
    Action.RECORD_INSPECTION: N_("record an inspection"),
    Action.SEIZE_GOODS: N_("seize goods"),
    Action.RELEASE_HOLD: N_("release a held crossing"),
    Action.CANCEL_CROSSING: N_("cancel a crossing"),
    Action.SEND_HANDOFF: N_("hand over to another agency"),
    Action.RECEIVE_HANDOFF: N_("accept a handoff"),
    Action.EXPORT_HANDOFF: N_("export a handoff"),
    Action.VIEW_REPORTS: N_("print shift reports"),
    Action.EDIT_WATCH_LISTS: N_("edit watch lists"),
    Action.MANAGE_OFFICERS: N_("manage officers"),
    Action.VERIFY_AUDIT: N_("verify the audit chain"),
    Action.MANAGE_KEYS: N_("manage trusted keys"),
    Action.MANAGE_REPLICATION: N_("manage headquarters' replication"),
    Action.BACK_UP: N_("back up the gate's database"),
    Action.RESTORE_BACKUP: N_("restore a backup"),
    Action.CONFIGURE_WORKSTATION: N_("change the workstation's database, OCR and identity"),
    Action.APPROVE_OVERRIDE: N_("approve or refuse a lowered channel"),
    Action.EDIT_SCORING: N_("change the scoring settings"),
}

_A = Action
PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.BORDER_GUARD: frozenset({
        _A.VIEW_QUEUE, _A.VIEW_CROSSING, _A.REGISTER_ARRIVAL, _A.ATTACH_EVIDENCE,
        _A.SEND_HANDOFF, _A.RECEIVE_HANDOFF, _A.EXPORT_HANDOFF,
    }),
    Role.CUSTOMS_OFFICER: frozenset({
        _A.VIEW_QUEUE, _A.VIEW_CROSSING, _A.ATTACH_EVIDENCE, _A.READ_MANIFEST, _A.RUN_CHECK,
        _A.RECORD_INSPECTION, _A.SEIZE_GOODS, _A.CANCEL_CROSSING, _A.SEND_HANDOFF,
        _A.RECEIVE_HANDOFF, _A.EXPORT_HANDOFF,
    }),
    Role.POLICE_OFFICER: frozenset({
        _A.VIEW_QUEUE, _A.VIEW_CROSSING, _A.ATTACH_EVIDENCE, _A.SEIZE_GOODS,
        _A.SEND_HANDOFF, _A.RECEIVE_HANDOFF, _A.EXPORT_HANDOFF,
    }),
    Role.MARKET_CONTROL_OFFICER: frozenset({
        _A.VIEW_QUEUE, _A.VIEW_CROSSING, _A.ATTACH_EVIDENCE, _A.SEIZE_GOODS,
        _A.SEND_HANDOFF, _A.RECEIVE_HANDOFF, _A.EXPORT_HANDOFF,
    }),
    # A hold is lifted by the shift's supervisor, never by the officer who seized alone.
    Role.SUPERVISOR: frozenset({
        _A.VIEW_QUEUE, _A.VIEW_CROSSING, _A.RELEASE_HOLD, _A.CANCEL_CROSSING, _A.VIEW_REPORTS,
        _A.EDIT_WATCH_LISTS, _A.VERIFY_AUDIT, _A.EXPORT_HANDOFF, _A.BACK_UP,
        _A.APPROVE_OVERRIDE, _A.EDIT_SCORING,
    }),
    # Administrators keep accounts, not crossings: they see no goods.
    Role.ADMINISTRATOR: frozenset({
        _A.MANAGE_OFFICERS, _A.VERIFY_AUDIT, _A.MANAGE_KEYS, _A.MANAGE_REPLICATION,
        _A.BACK_UP, _A.RESTORE_BACKUP, _A.CONFIGURE_WORKSTATION,
    }),
}


def allowed(role: Role, action: Action) -> bool:
    """Whether ``role`` may do ``action``."""
    return action in PERMISSIONS[role]


def require(role: Role, action: Action) -> None:
    """Refuse with ``PermissionDenied`` unless ``role`` may do ``action``.

    Raises:
        PermissionDenied: naming the action, in the active language.
    """
    if not allowed(role, action):
        raise PermissionDenied(
            _("Your role may not {action}.").format(action=_(_ACTION_LABELS[action]))
        )


def require_party(role: Role, action: Action, parties: Collection[Agency]) -> None:
    """Refuse ``action`` on a handoff unless the role's agency is one of its ``parties``.

    An officer of an agency acts on the handoffs it sent or received; a role
    of no agency (a supervisor) on any, as far as the table allows ``action``.

    Raises:
        PermissionDenied: the role may not do ``action``, or its agency is not a party.
    """
    require(role, action)
    own = agency_of(role)
    if own is not None and own not in parties:
        raise PermissionDenied(_("Only the agencies that sent or received a handoff, or a "
                                 "supervisor, may {action}.").format(action=action_label(action)))


def action_label(action: Action) -> str:
    """The officer-facing name of an action, in the active language."""
    return _(_ACTION_LABELS[action])
