"""Typed, versioned settings: first start, migration of old files, damage, secrecy."""

from __future__ import annotations

import json
import stat

import pytest

from borderdesk import config, paths
from borderdesk.errors import UserInputError


def test_first_start_creates_a_workstation_identity_that_is_kept() -> None:
    first = config.load_settings()
    again = config.load_settings()
    assert first.workstation_id == again.workstation_id
    assert first.workstation_id.version == 7
    assert config.settings_path().parent == paths.config_dir()


def test_settings_file_is_private_because_it_may_hold_a_password() -> None:
    settings = config.with_changes(
        config.load_settings(), database_url="postgresql+psycopg://bd:pw@gate-db/borderdesk"
    )
    config.save_settings(settings)
    mode = stat.S_IMODE(config.settings_path().stat().st_mode)
    assert mode == 0o600
    assert config.load_settings().database_url.endswith("@gate-db/borderdesk")


def test_version_1_file_is_migrated() -> None:
    old = {
        "schema_version": 1,
        "workstation_id": "01a212c0-7252-7bc3-99d5-5bf5d5efc701",
        "workstation_name": "LB-BOOTH-2",
        "language": "en",
        "camera": "rtsp://10.0.0.5/stream1",
    }
    config.settings_path().write_text(json.dumps(old), encoding="utf-8")
    settings = config.load_settings()
    assert settings.schema_version == config.SCHEMA_VERSION
    assert settings.workstation_name == "LB-BOOTH-2"
    assert [c.source for c in settings.camera_sources] == ["rtsp://10.0.0.5/stream1"]


def test_damaged_file_is_kept_aside_and_defaults_used() -> None:
    config.settings_path().write_text("{not json", encoding="utf-8")
    settings = config.load_settings()
    assert settings.language == "vi"
    assert config.settings_path().with_suffix(".json.damaged").read_text() == "{not json"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("language", "fr"),
        ("workstation_name", "  "),
        ("idle_lock_minutes", 0),
        ("queue_refresh_seconds", 600),
        ("database_url", "mysql://gate/db"),
        ("database_url", "not a url"),
    ],
)
def test_invalid_values_are_refused(field: str, value: object) -> None:
    with pytest.raises(UserInputError):
        config.with_changes(config.load_settings(), **{field: value})


def test_environment_database_url_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BORDERDESK_DB_URL", "sqlite:///elsewhere.sqlite3")
    assert config.database_url(config.load_settings()) == "sqlite:///elsewhere.sqlite3"
    monkeypatch.delenv("BORDERDESK_DB_URL")
    assert config.database_url(config.load_settings()).endswith("borderdesk.sqlite3")
