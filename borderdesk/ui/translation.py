"""Switching the language of the whole application at once.

Our own strings come from the gettext catalog (``borderdesk.i18n``); Qt's
standard dialogs and context menus come from Qt's ``qtbase_<lang>.qm``,
installed as a QTranslator. PySide6's wheel ships no ``qtbase_vi.qm``, so a
copy placed in ``resources/locale/vi/`` is used when present; without one
Qt's own few strings stay English, and our dialogs name their buttons
through the catalog instead of relying on Qt's.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from borderdesk import i18n, paths

log = logging.getLogger("borderdesk.ui")

_qt_translator: QTranslator | None = None


def qt_catalog(language: str) -> Path | None:
    """Qt's own translation of its standard strings for ``language``, if one is installed."""
    name = f"qtbase_{language}.qm"
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    for folder in (paths.resources_dir() / "locale" / language, qt_dir):
        if (folder / name).is_file():
            return folder / name
    return None


def apply_language(language: str) -> None:
    """Make ``language`` the language of our catalog and of Qt's standard strings.

    Windows already open change when their ``retranslate_ui`` is called.
    """
    global _qt_translator  # noqa: PLW0603 - the application has one Qt translator
    i18n.set_language(language)
    QLocale.setDefault(QLocale(language))
    app = QCoreApplication.instance()
    if app is None:
        return
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if language == "en":
        return
    catalog = qt_catalog(language)
    if catalog is None:
        log.info("no qtbase_%s.qm found: Qt's standard strings stay in English", language)
        return
    translator = QTranslator(app)
    if translator.load(str(catalog)):
        app.installTranslator(translator)
        _qt_translator = translator
    else:
        log.warning("could not load %s", catalog)
