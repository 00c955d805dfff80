"""The cross-check of one crossing: declaration against manifest, arrival and watch lists.

``check`` is pure: it takes what the services read from the database and
returns the findings, the score and the channel. ``check_result_to_dict``
gives DESIGN.md's check result JSON.
"""

from __future__ import annotations

from typing import Any

from borderdesk.domain.declaration import Declaration
from borderdesk.domain.findings import CheckResult, Finding, Rule
from borderdesk.domain.manifest import Manifest
from borderdesk.domain.watchlist import WatchLists
from borderdesk.i18n import in_language
from borderdesk.rules.history import HistoryFacts, history_findings
from borderdesk.rules.hs import Nomenclature
from borderdesk.rules.origin import check_origin
from borderdesk.rules.reconcile import LineMatch, reconcile
from borderdesk.rules.scoring import score_findings
from borderdesk.rules.settings import CheckSettings
from borderdesk.rules.vehicle import ArrivalFacts, check_vehicle
from borderdesk.rules.watchlists import check_watch_lists

__all__ = ["ArrivalFacts", "CheckSettings", "HistoryFacts", "check", "check_result_to_dict"]

_RULE_ORDER = {rule: index for index, rule in enumerate(Rule)}


DEFAULT_SETTINGS = CheckSettings()


def check(
    declaration: Declaration,
    manifest: Manifest | None,
    *,
    arrival: ArrivalFacts | None,
    watch_lists: WatchLists,
    nomenclature: Nomenclature,
    settings: CheckSettings = DEFAULT_SETTINGS,
    history: HistoryFacts | None = None,
) -> CheckResult:
    """Cross-check a declaration and choose the channel.

    Args:
        declaration: the electronic declaration (already validated on import).
        manifest: the manifest as read and reviewed, or None when there is none yet
            (the lines are then not reconciled).
        arrival: the arrival record, or None.
        watch_lists: the gate's current watch lists.
        nomenclature: HS 2022, to name the headings in HS findings.
        settings: tolerances, weights and thresholds.
        history: the trader's, plate's and container owner's records (confirmed
            violations, clean inspections), or None to leave history out.

    Returns:
        The findings in a stable order (by line, then rule), the score, the
        channel and each finding's contribution.
    """
    findings: list[Finding] = list(check_vehicle(declaration, manifest, arrival))
    matches: tuple[LineMatch, ...] = ()
    if manifest is not None:
        result = reconcile(declaration, manifest, settings.tolerances, nomenclature)
        findings.extend(result.findings)
        matches = result.matches
    findings.extend(check_origin(declaration, matches, settings.max_co_age_days))
    findings.extend(check_watch_lists(declaration, manifest, arrival, watch_lists))
    findings.extend(history_findings(history, settings.history))
    ordered = tuple(sorted(findings, key=_order))
    scored = score_findings(ordered, settings.weights, settings.thresholds)
    return CheckResult(
        channel=scored.channel,
        score=scored.score,
        findings=ordered,
        contributions=scored.contributions,
        watch_list_version=watch_lists.version,
    )


def _order(finding: Finding) -> tuple[int, int, str]:
    line = finding.line if finding.line is not None else -1
    # In English whoever runs the check: the same check stores its findings in the same order.
    with in_language("en"):
        return (line, _RULE_ORDER[finding.rule], finding.message)


def check_result_to_dict(result: CheckResult) -> dict[str, Any]:
    """DESIGN.md's check result JSON, with the contributions and the watch-list version."""
    return {
        "channel": str(result.channel),
        "score": result.score,
        "findings": [
            {
                "rule": str(f.rule),
                "severity": str(f.severity),
                "line": f.line,
                "message": f.message,
                "evidence": dict(f.evidence),
            }
            for f in result.findings
        ],
        "contributions": [
            {"finding": c.finding_index, "rule": str(result.findings[c.finding_index].rule),
             "points": c.points}
            for c in result.contributions
        ],
        "watch_list_version": result.watch_list_version,
    }
