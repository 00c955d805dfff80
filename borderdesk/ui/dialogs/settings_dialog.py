"""The workstation's settings: language, database, OCR, cameras, idle lock, identity.

What sets up the workstation (database, OCR, cameras, idle lock, its name)
is the administrator's: any other officer sees it read-only and saves only
their personal choices (the language). Before anyone logs in there is no
officer to ask, and the database dialog opens everything, as a workstation
that cannot reach its database must be repairable.

The database password never appears in clear: the URL is edited without it
and the password in a masked field of its own; they are combined only when
saved, and only the redacted URL is ever logged.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from borderdesk.config import CameraSource, Settings, save_settings, with_changes
from borderdesk.errors import BorderDeskError, UserInputError
from borderdesk.i18n import _
from borderdesk.reasons import reason_for
from borderdesk.storage.engine import Database, embedded_url, parse_url, redact
from borderdesk.ui.dialogs.login_dialog import LANGUAGE_CHOICES
from borderdesk.ui.tasks import TaskRunner

log = logging.getLogger("borderdesk.ui")

_TESSERACT_LANGUAGES = re.compile(r"^[A-Za-z_]+(\+[A-Za-z_]+)*$")


def split_database_url(url: str) -> tuple[str, str]:
    """``url`` without its password, and the password ("" when none or unparseable)."""
    if not url:
        return "", ""
    try:
        parsed = parse_url(url)
    except UserInputError:
        return url, ""
    password = parsed.password or ""
    # URL.set() ignores None; the URL is a named tuple, so _replace really drops the password.
    shown = parsed._replace(password=None).render_as_string(hide_password=False)
    return shown, str(password)


def join_database_url(text: str, password: str) -> str:
    """The URL to store: ``text`` with ``password`` put in (or kept from ``text``).

    Raises:
        UserInputError: when ``text`` is not a SQLite or PostgreSQL URL.
    """
    text = text.strip()
    if not text:
        return ""
    parsed = parse_url(text)
    if password:
        parsed = parsed.set(password=password)
    return parsed.render_as_string(hide_password=False)


class SettingsDialog(QDialog):
    """Edits the settings; Save validates every field and writes nothing while one is wrong."""

    sig_saved = Signal(object)
    """The settings were saved; carries the new ``Settings``."""

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        database_applies_now: bool = False,
        may_configure: bool = True,
    ) -> None:
        """
        Args:
            may_configure: whether the workstation's own fields may change (an
                administrator, or no one logged in yet); else they are read-only.
        """
        super().__init__(parent)
        self.settings = settings
        self.original = settings
        self.database_applies_now = database_applies_now
        self.may_configure = may_configure
        self.tasks = TaskRunner(self)
        self.setMinimumWidth(560)
        self._build()
        for widget, name in (
            (self.url_edit, "database_url"), (self.password_edit, "database_password"),
            (self.workstation_name_edit, "workstation_name"),
            (self.tesseract_cmd_edit, "tesseract_cmd"),
            (self.tesseract_languages_edit, "tesseract_languages"),
            (self.camera_table, "camera_sources"), (self.idle_spin, "idle_lock_minutes"),
        ):
            widget.setObjectName(name)
        self._load(settings)
        if not may_configure:
            self._make_read_only()
        self.retranslate_ui()
        # The wrapped notes are taller in Vietnamese: open as tall as they need at this width.
        self.resize(self.minimumWidth(), self.heightForWidth(self.minimumWidth()))

    # ---- Building
    def _build(self) -> None:
        self.language_combo = QComboBox()
        for code, name in LANGUAGE_CHOICES:
            self.language_combo.addItem(name, code)

        self.url_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.test_button = QPushButton()
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.on_test_connection)
        self.test_result_label = QLabel()
        self.test_result_label.setWordWrap(True)
        self.database_note = QLabel()
        self.database_note.setObjectName("settingsNote")
        self.database_note.setWordWrap(True)
        self.url_caption, self.password_caption = QLabel(), QLabel()
        self.database_box = QGroupBox()
        database_form = QFormLayout(self.database_box)
        database_form.addRow(self.url_caption, self.url_edit)
        database_form.addRow(self.password_caption, self.password_edit)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result_label, 1)
        database_form.addRow(test_row)
        database_form.addRow(self.database_note)

        self.tesseract_cmd_edit = QLineEdit()
        self.tesseract_languages_edit = QLineEdit()
        self.tesseract_cmd_caption, self.tesseract_languages_caption = QLabel(), QLabel()
        self.ocr_box = QGroupBox()
        ocr_form = QFormLayout(self.ocr_box)
        ocr_form.addRow(self.tesseract_cmd_caption, self.tesseract_cmd_edit)
        ocr_form.addRow(self.tesseract_languages_caption, self.tesseract_languages_edit)

        self.camera_table = QTableWidget(0, 2)
        self.camera_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.camera_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch
        )
        self.camera_table.setMinimumHeight(110)
        self.add_camera_button = QPushButton()
        self.add_camera_button.setAutoDefault(False)
        self.add_camera_button.clicked.connect(lambda: self.add_camera("", ""))
        self.remove_camera_button = QPushButton()
        self.remove_camera_button.setAutoDefault(False)
        self.remove_camera_button.clicked.connect(self.on_remove_camera)
        self.camera_box = QGroupBox()
        camera_layout = QVBoxLayout(self.camera_box)
        camera_layout.addWidget(self.camera_table)
        camera_buttons = QHBoxLayout()
        camera_buttons.addWidget(self.add_camera_button)
        camera_buttons.addWidget(self.remove_camera_button)
        camera_buttons.addStretch(1)
        camera_layout.addLayout(camera_buttons)

        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(1, 240)
        self.workstation_name_edit = QLineEdit()
        self.workstation_id_edit = QLineEdit()
        self.workstation_id_edit.setReadOnly(True)
        self.language_caption, self.idle_caption = QLabel(), QLabel()
        self.workstation_name_caption, self.workstation_id_caption = QLabel(), QLabel()
        general = QFormLayout()
        general.addRow(self.language_caption, self.language_combo)
        general.addRow(self.idle_caption, self.idle_spin)
        general.addRow(self.workstation_name_caption, self.workstation_name_edit)
        general.addRow(self.workstation_id_caption, self.workstation_id_edit)

        self.read_only_note = QLabel()
        self.read_only_note.setObjectName("settingsNote")
        self.read_only_note.setWordWrap(True)
        self.read_only_note.hide()
        self.message_label = QLabel()
        self.message_label.setObjectName("settingsMessage")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            "", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(
            "", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.save_button.clicked.connect(self.on_save)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only_note)
        layout.addLayout(general)
        layout.addWidget(self.database_box)
        layout.addWidget(self.ocr_box)
        layout.addWidget(self.camera_box)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)

    def _make_read_only(self) -> None:
        for edit in (self.url_edit, self.password_edit, self.tesseract_cmd_edit,
                     self.tesseract_languages_edit, self.workstation_name_edit):
            edit.setReadOnly(True)
        self.idle_spin.setReadOnly(True)
        self.idle_spin.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.camera_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for button in (self.add_camera_button, self.remove_camera_button):
            button.setEnabled(False)
        self.read_only_note.show()

    def _load(self, settings: Settings) -> None:
        self.language_combo.setCurrentIndex(self.language_combo.findData(settings.language))
        shown, password = split_database_url(settings.database_url)
        self.url_edit.setText(shown)
        self.password_edit.setText(password)
        self.tesseract_cmd_edit.setText(settings.tesseract_cmd)
        self.tesseract_languages_edit.setText(settings.tesseract_languages)
        for camera in settings.camera_sources:
            self.add_camera(camera.name, camera.source)
        self.idle_spin.setValue(settings.idle_lock_minutes)
        self.workstation_name_edit.setText(settings.workstation_name)
        self.workstation_id_edit.setText(str(settings.workstation_id))

    # ---- Public API
    def retranslate_ui(self) -> None:
        """Set every text in the active language."""
        self.setWindowTitle(_("BorderDesk: settings"))
        self.read_only_note.setText(_(
            "Only an administrator changes the database, reading documents, cameras, idle "
            "lock and workstation settings; you can change the language."))
        self.language_caption.setText(_("Language"))
        self.idle_caption.setText(_("Lock after idle (minutes)"))
        self.workstation_name_caption.setText(_("Workstation name"))
        self.workstation_id_caption.setText(_("Workstation id"))
        self.database_box.setTitle(_("Database"))
        self.url_caption.setText(_("Database URL"))
        self.url_edit.setPlaceholderText(_("Empty: the embedded database on this computer"))
        self.url_edit.setToolTip(
            _("A SQLite file (sqlite:///path) or the gate's PostgreSQL server "
              "(postgresql://user@host/database); the password goes in the field below.")
        )
        self.password_caption.setText(_("Password"))
        self.test_button.setText(_("Test connection"))
        if self.database_applies_now:
            self.database_note.setText(_("BorderDesk connects to this database when you save."))
        else:
            self.database_note.setText(
                _("A new database or workstation name takes effect at the next start "
                  "of BorderDesk.")
            )
        self.ocr_box.setTitle(_("Reading documents (OCR)"))
        self.tesseract_cmd_caption.setText(_("Tesseract command"))
        self.tesseract_languages_caption.setText(_("Tesseract languages"))
        self.camera_box.setTitle(_("Cameras"))
        self.camera_table.setHorizontalHeaderLabels([_("Name"), _("Source")])
        self.add_camera_button.setText(_("Add camera"))
        self.remove_camera_button.setText(_("Remove camera"))
        self.save_button.setText(_("Save"))
        self.cancel_button.setText(_("Cancel"))

    def add_camera(self, name: str, source: str) -> None:
        """Add a row to the camera list."""
        row = self.camera_table.rowCount()
        self.camera_table.insertRow(row)
        self.camera_table.setItem(row, 0, QTableWidgetItem(name))
        self.camera_table.setItem(row, 1, QTableWidgetItem(source))

    def invalid_fields(self) -> set[str]:
        """Object names of the fields marked invalid."""
        return {
            w.objectName() for w in self.findChildren(QWidget) if w.property("invalid") is True
        }

    @property
    def database_changed(self) -> bool:
        """Whether the saved database URL differs from the one the dialog opened with."""
        return self.settings.database_url != self.original.database_url

    # ---- Slots
    def on_remove_camera(self) -> None:
        """Remove the selected camera rows."""
        for row in sorted({i.row() for i in self.camera_table.selectedIndexes()}, reverse=True):
            self.camera_table.removeRow(row)

    def on_test_connection(self) -> None:
        """Open the typed database once, off the GUI thread, and say whether it worked."""
        self._clear_marks()
        try:
            url = join_database_url(self.url_edit.text(), self.password_edit.text())
        except UserInputError as error:
            self._mark(self.url_edit, str(error))
            return
        url = url or embedded_url()
        self.test_button.setEnabled(False)
        self.test_result_label.setText(_("Connecting to {url}…").format(url=redact(url)))

        def ping() -> None:
            database = Database(url)
            try:
                database.ping()
            finally:
                database.dispose()

        self.tasks.run(ping, self.on_test_passed, self.on_test_failed)

    def on_test_passed(self, _result: object) -> None:
        """Say the database answered."""
        self.test_button.setEnabled(True)
        self.test_result_label.setText(_("The connection works."))

    def on_test_failed(self, error: BaseException) -> None:
        """Say why the database did not answer."""
        self.test_button.setEnabled(True)
        if isinstance(error, BorderDeskError):
            self.test_result_label.setText(str(error))
        else:
            log.warning("connection test failed: %s", type(error).__name__)
            self.test_result_label.setText(_("The connection failed: {reason}").format(
                reason=reason_for(error)))

    def on_save(self) -> None:
        """Validate every field; save and close only when all are right."""
        if not self.may_configure:
            self._save({"language": str(self.language_combo.currentData())})
            return
        self._clear_marks()
        changes: dict[str, object] = {}
        problems = 0
        try:
            changes["database_url"] = join_database_url(
                self.url_edit.text(), self.password_edit.text()
            )
        except UserInputError as error:
            problems += self._mark(self.url_edit, str(error))
        name = self.workstation_name_edit.text().strip()
        if not name:
            problems += self._mark(self.workstation_name_edit, _("The workstation needs a name."))
        command = self.tesseract_cmd_edit.text().strip()
        if not command:
            problems += self._mark(self.tesseract_cmd_edit, _("Name the tesseract command."))
        languages = self.tesseract_languages_edit.text().strip()
        if not _TESSERACT_LANGUAGES.match(languages):
            problems += self._mark(
                self.tesseract_languages_edit, _("Tesseract languages look like 'vie+eng'."),
            )
        cameras = self._cameras()
        if cameras is None:
            problems += self._mark(self.camera_table, _("Every camera needs a name and a source."))
        if problems:
            return
        changes.update(
            language=str(self.language_combo.currentData()),
            workstation_name=name,
            tesseract_cmd=command,
            tesseract_languages=languages,
            camera_sources=cameras,
            idle_lock_minutes=self.idle_spin.value(),
        )
        self._save(changes)

    def _save(self, changes: dict[str, object]) -> None:
        try:
            settings = with_changes(self.original, **changes)
            save_settings(settings)
        except BorderDeskError as error:
            self._show_message(str(error))
            return
        except OSError as error:
            self._show_message(_("The settings could not be saved: {reason}").format(
                reason=reason_for(error)))
            return
        self.settings = settings
        log.info("settings saved (database %s, workstation %s)",
                 redact(settings.database_url) if settings.database_url else "embedded",
                 settings.workstation_name)
        self.sig_saved.emit(settings)
        self.accept()

    # ---- Marking fields
    def _cameras(self) -> tuple[CameraSource, ...] | None:
        cameras = []
        for row in range(self.camera_table.rowCount()):
            cells = [self.camera_table.item(row, col) for col in (0, 1)]
            name, source = (c.text().strip() if c is not None else "" for c in cells)
            if not name and not source:
                continue
            if not name or not source:
                return None
            cameras.append(CameraSource(name=name, source=source))
        return tuple(cameras)

    def _mark(self, widget: QWidget, reason: str) -> int:
        widget.setProperty("invalid", True)
        widget.setToolTip(reason)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
        shown = self.message_label.text() if self.message_label.isVisibleTo(self) else ""
        self._show_message("\n".join(filter(None, [shown, reason])))
        return 1

    def _clear_marks(self) -> None:
        for widget in self.findChildren(QWidget):
            if widget.property("invalid") is True:
                widget.setProperty("invalid", False)
                widget.setToolTip("")
                widget.style().unpolish(widget)
                widget.style().polish(widget)
        self._show_message("")
        self.retranslate_ui()  # puts back the tool tips the marks replaced

    def _show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))
