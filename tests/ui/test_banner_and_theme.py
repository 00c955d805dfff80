"""One banner and one theme: what the officer sees after an action, in the colours of the theme."""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

import borderdesk.ui
from borderdesk.ui.kit.banner import Banner
from borderdesk.ui.kit.theme import apply_theme, theme_file

UI = Path(borderdesk.ui.__file__).parent


def _shown(qtbot) -> Banner:
    banner = Banner()
    qtbot.addWidget(banner)
    banner.resize(420, 40)
    return banner


def _inside(banner: Banner) -> QColor:
    """The colour just inside the banner's border, where the background shows."""
    return banner.grab().toImage().pixelColor(6, banner.height() // 2)


def test_a_confirmation_is_green_and_a_problem_red(qtbot) -> None:
    banner = _shown(qtbot)
    assert not banner.isVisible()
    banner.show_ok("Arrival registered as LA-261208-ABCDE.")
    assert banner.isVisible() and banner.is_ok()
    ok = _inside(banner)
    banner.show_problem("The arrival was not saved: 1 field needs correcting.")
    assert banner.isVisible() and not banner.is_ok()
    problem = _inside(banner)
    assert ok.green() > ok.red(), ok.name()
    assert problem.red() > problem.green(), problem.name()


def test_a_traders_name_is_shown_as_typed_not_as_markup(qtbot) -> None:
    banner = _shown(qtbot)
    typed = "Công ty <b>ABC</b> &amp; Co"
    banner.show_problem(typed)
    banner.setSelection(0, len(typed))  # what the officer reads and copies
    assert banner.selectedText() == typed


def test_a_message_with_a_time_limit_goes_and_the_next_one_stays(qtbot) -> None:
    banner = _shown(qtbot)
    banner.show_ok("Saved.", hide_after_ms=30)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=5_000)

    banner.show_ok("Saved.", hide_after_ms=30)
    banner.show_problem("Refused: the server answered first.")
    later: list[bool] = []
    QTimer.singleShot(120, lambda: later.append(banner.isVisible()))
    qtbot.waitUntil(lambda: bool(later), timeout=5_000)
    assert later == [True], "the first message's limit does not cut the second short"


def test_the_theme_is_shipped_and_set_on_the_application(qtbot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert theme_file().is_file()
    apply_theme(app)
    assert app.styleSheet() == theme_file().read_text(encoding="utf-8")
    assert "QLabel#banner" in app.styleSheet()


def _fixed_style_sheets() -> list[str]:
    """``setStyleSheet`` calls with a fixed, non-empty text: those belong in the theme."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "setStyleSheet" and node.args
                    and not isinstance(node.args[0], ast.JoinedStr)
                    and not (isinstance(node.args[0], ast.Constant) and node.args[0].value == "")
                    and path.name != "theme.py"):
                found.append(f"{path.relative_to(UI)}:{node.lineno}")
    return found


def test_no_window_carries_its_own_fixed_style_sheet() -> None:
    """One theme: a colour computed per value may be set in code, a fixed style may not."""
    assert _fixed_style_sheets() == []


def test_no_page_keeps_its_own_banner() -> None:
    copies = [f"{path.relative_to(UI)}" for path in sorted(UI.rglob("*.py"))
              for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
              if isinstance(node, ast.FunctionDef) and node.name == "_show_banner"]
    assert copies == []
