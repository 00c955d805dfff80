"""``crossing show`` says findings and notes in the reader's language, whoever ran the check;
a database upgraded from before phrases shows its old text and its audit chain verifies."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from alembic.config import Config
from crossing_kit import (  # the fixtures: pytest finds them in the module
    Gate,
    declaration_json,
    demo_templates_fixture,  # noqa: F401
    gate_fixture,  # noqa: F401
)

from borderdesk import paths
from borderdesk.i18n import language, set_language
from borderdesk.storage.engine import Database


@pytest.fixture(autouse=True)
def _language_kept() -> Iterator[None]:
    """The command line sets the process's language: the next test gets it back."""
    before = language()
    yield
    set_language(before)


def _migrate_down_to_0010(url: str) -> None:
    db = Database(url)
    config = Config()
    config.set_main_option("script_location", str(paths.migrations_dir()))
    try:
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0010")
    finally:
        db.dispose()


def test_a_check_run_in_english_is_shown_in_vietnamese_and_old_rows_as_written(
    gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = gate.register()
    gate.crossing("declare", reference, gate.file("d.json", declaration_json()), user="customs1")
    checked = gate.crossing("check", reference, user="customs1")
    assert checked.code == 0 and "needs a licence" in checked.stdout
    overridden = gate.crossing("override", reference, "--channel", "red", "--reason",
                               "Seal looks new", user="customs1")
    assert overridden.code == 0, overridden.stderr
    english = gate.show(reference)

    monkeypatch.setenv("BORDERDESK_LANG", "vi")
    view = gate.show(reference, user="police1")

    (finding,) = view["check"]["findings"]
    assert finding["rule"] == "LICENCE_REQUIRED"
    assert "phải có giấy phép của" in finding["message"]
    notes = [entry["what"] for entry in view["history"]]
    assert any("Ghi chú: Đối chiếu: điểm rủi ro" in note for note in notes), notes
    assert any("Ghi chú: Đã điều chỉnh luồng: Seal looks new" in note for note in notes), notes

    # The same rows in a database from before phrases: upgraded, they show the text they
    # hold, and the audit chain that signed them still verifies.
    _migrate_down_to_0010(gate.url)
    upgraded = gate.run("init")
    assert upgraded.code == 0, upgraded.stderr
    verified = gate.run("audit", "verify", user="supervisor1")
    assert verified.code == 0, verified.stdout + verified.stderr
    old = gate.show(reference, user="police1")
    assert old["check"]["findings"] == english["check"]["findings"]
    notes = [entry["what"] for entry in old["history"]]
    assert any("Ghi chú: Checks: score" in note for note in notes), notes
    assert any("Ghi chú: Channel overridden: Seal looks new" in note for note in notes), notes
