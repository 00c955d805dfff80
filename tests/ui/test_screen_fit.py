"""A window opens at its usual size, but never beyond the screen (a 1024x768 booth screen)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from borderdesk.ui.kit.screen_fit import fit_to_screen


def test_a_window_larger_than_the_screen_is_cut_to_it_and_a_small_one_is_kept(qtbot) -> None:
    big, small = QWidget(), QWidget()
    qtbot.addWidget(big)
    qtbot.addWidget(small)
    room = big.screen().availableGeometry()
    fit_to_screen(big, room.width() + 400, room.height() + 300)
    assert (big.width(), big.height()) == (room.width(), room.height())
    assert big.pos() == room.topLeft(), "its buttons are on the screen"
    fit_to_screen(small, room.width() // 2, room.height() // 2)
    assert (small.width(), small.height()) == (room.width() // 2, room.height() // 2)
