"""Taking a crossing to a channel as an officer does: a declaration, the checks, an override."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from borderdesk.documents.manifest_json import manifest_from_dict
from borderdesk.domain.crossing import Channel
from borderdesk.domain.officer import Actor
from borderdesk.json_input import load_json
from borderdesk.services.check_records import CheckRecord
from borderdesk.services.checks import read_declaration_file, run_check, save_declaration
from borderdesk.services.manifests import save_manifest
from borderdesk.services.overrides import override_channel
from borderdesk.storage.engine import Database

DATA = Path(__file__).resolve().parent / "data" / "checks"
DECLARATION = DATA / "declaration.json"
MANIFEST = DATA / "manifest.json"


def checked(db: Database, customs: Actor, crossing_id: UUID,
            channel: Channel | None = None) -> CheckRecord:
    """Declare the test declaration and its matching manifest, run the checks and, when
    ``channel`` differs from the one they chose, override to it; the crossing then stands
    in that channel."""
    save_declaration(db, customs, crossing_id, read_declaration_file(DECLARATION))
    save_manifest(db, customs, crossing_id, manifest_from_dict(
        load_json(MANIFEST.read_text(encoding="utf-8")), source_name=MANIFEST.name))
    record = run_check(db, customs, crossing_id)
    if channel is not None and record.channel != channel:
        record = override_channel(db, customs, crossing_id, channel, "test: sent this way")
    return record
