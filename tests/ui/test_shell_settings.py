"""The settings dialog: invalid input refused and marked, the database password kept hidden."""

from __future__ import annotations

import json
import logging
from dataclasses import replace

from PySide6.QtTest import QTest

from borderdesk import paths
from borderdesk.config import CameraSource, default_settings, load_settings, save_settings
from borderdesk.log import LOG_FILE, configure_logging
from borderdesk.ui.dialogs.settings_dialog import (
    SettingsDialog,
    join_database_url,
    split_database_url,
)

SECRET = "s3cr3t-Pa55"


def _dialog(qtbot, settings=None) -> SettingsDialog:
    settings = settings or load_settings()
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_invalid_database_url_is_refused_and_marked(qtbot) -> None:
    before = load_settings()
    dialog = _dialog(qtbot, before)
    dialog.url_edit.setText("mysql://gate@10.0.0.5/border")
    dialog.save_button.click()
    assert "database_url" in dialog.invalid_fields()
    assert dialog.message_label.isVisible()
    assert "neither SQLite nor PostgreSQL" in dialog.message_label.text()
    assert dialog.isVisible()
    assert load_settings() == before


def test_several_wrong_fields_are_all_marked_and_nothing_saved(qtbot) -> None:
    before = load_settings()
    dialog = _dialog(qtbot, before)
    dialog.workstation_name_edit.setText("  ")
    dialog.tesseract_languages_edit.setText("vie eng")
    dialog.add_camera("Lane 1", "")
    dialog.save_button.click()
    assert dialog.invalid_fields() == {"workstation_name", "tesseract_languages", "camera_sources"}
    assert load_settings() == before


def test_valid_postgresql_url_saved_with_password_hidden_from_field_and_log(qtbot) -> None:
    configure_logging(logging.DEBUG)
    dialog = _dialog(qtbot)
    dialog.url_edit.setText("postgresql://gate@10.0.0.5:5432/border")
    dialog.password_edit.setText(SECRET)
    dialog.idle_spin.setValue(12)
    dialog.workstation_name_edit.setText("Lane 3 booth")
    dialog.add_camera("Lane 3", "rtsp://10.0.0.30/stream")
    with qtbot.waitSignal(dialog.sig_saved):
        dialog.save_button.click()

    saved = load_settings()
    assert saved.database_url == f"postgresql+psycopg://gate:{SECRET}@10.0.0.5:5432/border"
    assert saved.idle_lock_minutes == 12
    assert saved.workstation_name == "Lane 3 booth"
    assert saved.camera_sources == (CameraSource("Lane 3", "rtsp://10.0.0.30/stream"),)

    reopened = _dialog(qtbot, saved)
    assert SECRET not in reopened.url_edit.text()
    assert reopened.url_edit.text() == "postgresql+psycopg://gate@10.0.0.5:5432/border"
    assert reopened.password_edit.echoMode() == reopened.password_edit.EchoMode.Password
    assert reopened.password_edit.text() == SECRET

    for handler in logging.getLogger("borderdesk").handlers:
        handler.flush()
    log_text = (paths.log_dir() / LOG_FILE).read_text(encoding="utf-8")
    assert "settings saved" in log_text
    assert SECRET not in log_text


def test_saving_without_retyping_keeps_the_password(qtbot) -> None:
    settings = replace(
        default_settings(), database_url=f"postgresql+psycopg://gate:{SECRET}@db.gate/border"
    )
    save_settings(settings)
    dialog = _dialog(qtbot, settings)
    with qtbot.waitSignal(dialog.sig_saved):
        dialog.save_button.click()
    data = json.loads((paths.config_dir() / "settings.json").read_text(encoding="utf-8"))
    assert data["database_url"] == f"postgresql+psycopg://gate:{SECRET}@db.gate/border"
    assert not dialog.database_changed


def test_embedded_database_is_an_empty_url() -> None:
    assert join_database_url("   ", "ignored") == ""


def test_database_change_is_said_to_apply_at_next_start(qtbot) -> None:
    dialog = _dialog(qtbot)
    assert "next start" in dialog.database_note.text()


def test_connection_test_reports_a_closed_port(qtbot) -> None:
    dialog = _dialog(qtbot)
    dialog.url_edit.setText("postgresql://gate@127.0.0.1:1/border")
    dialog.password_edit.setText(SECRET)
    dialog.test_button.click()
    qtbot.waitUntil(dialog.test_button.isEnabled, timeout=20_000)
    text = dialog.test_result_label.text()
    assert "cannot be reached" in text
    assert "127.0.0.1:1" in text
    assert SECRET not in text


def _settings_of(window, qtbot) -> SettingsDialog:
    window.open_settings()
    dialog = window.settings_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


WORKSTATION_FIELDS = ("url_edit", "password_edit", "tesseract_cmd_edit",
                      "tesseract_languages_edit", "workstation_name_edit")


def test_an_officer_who_is_not_administrator_sees_the_workstation_settings_read_only(
        qtbot, ui_gate, open_main_window) -> None:
    before = load_settings()
    window = open_main_window(ui_gate.session_for("market1"))
    dialog = _settings_of(window, qtbot)
    for name in WORKSTATION_FIELDS:
        edit = getattr(dialog, name)
        edit.setFocus()
        QTest.keyClicks(edit, "x")
    assert dialog.url_edit.text() == split_database_url(before.database_url)[0]
    assert all(getattr(dialog, name).isReadOnly() for name in WORKSTATION_FIELDS)
    assert dialog.read_only_note.isVisible()
    assert dialog.idle_spin.isReadOnly()
    assert not dialog.add_camera_button.isEnabled()
    assert not dialog.remove_camera_button.isEnabled()

    # Even what a script typed into the fields is not saved: only the language is theirs.
    dialog.url_edit.setText("postgresql://market@10.9.9.9/elsewhere")
    dialog.tesseract_cmd_edit.setText("/tmp/not-tesseract")
    dialog.workstation_name_edit.setText("Hijacked")
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("vi"))
    with qtbot.waitSignal(dialog.sig_saved):
        dialog.save_button.click()
    saved = load_settings()
    assert saved.language == "vi"
    assert saved == replace(before, language="vi")
    window.switch_language("en")


def test_the_administrator_edits_the_workstation_settings(qtbot, ui_gate,
                                                          open_main_window) -> None:
    window = open_main_window(ui_gate.session_for("admin"))
    dialog = _settings_of(window, qtbot)
    assert dialog.may_configure and not dialog.read_only_note.isVisible()
    assert not any(getattr(dialog, name).isReadOnly() for name in WORKSTATION_FIELDS)
    dialog.tesseract_cmd_edit.clear()
    QTest.keyClicks(dialog.tesseract_cmd_edit, "/usr/local/bin/tesseract")
    dialog.workstation_name_edit.setText("Lane 2 booth")
    with qtbot.waitSignal(dialog.sig_saved):
        dialog.save_button.click()
    saved = load_settings()
    assert saved.tesseract_cmd == "/usr/local/bin/tesseract"
    assert saved.workstation_name == "Lane 2 booth"


def test_before_login_the_database_settings_stay_editable(qtbot) -> None:
    dialog = SettingsDialog(load_settings(), database_applies_now=True)
    qtbot.addWidget(dialog)
    assert dialog.may_configure
    assert not dialog.url_edit.isReadOnly() and not dialog.password_edit.isReadOnly()
