"""The arrival form filled from readings: the driver's card or passport, the booth camera's
plate and containers; each field marked "read — confirm" and nothing saved until confirmed."""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime
from pathlib import Path

import cv2
import numpy as np
import pytest
from mrz.generator.td3 import TD3CodeGenerator
from PIL import Image, ImageDraw, ImageFont
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from borderdesk.config import CameraSource, with_changes
from borderdesk.domain.crossing import ArrivalForm, Direction
from borderdesk.services import crossings
from borderdesk.storage.models.crossing import Crossing
from borderdesk.ui.kit.countries import combo_country
from borderdesk.ui.pages.arrival_page import ArrivalPage

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "ocr"))
from code_pictures import bench_codes
from test_arrival_page import crossing_count

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)

CCCD = ("038185012345|123456789|Nguyễn Thị Hoà|01011985|Nữ|"
        "Thôn 3, xã Quảng Thái, huyện Quảng Xương, Thanh Hóa|15082021")
MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"


def make_page(qtbot, gate, cameras=()):
    session = gate.session_for("guard1")
    session.settings = with_changes(session.settings, camera_sources=tuple(cameras))
    page = ArrivalPage(session)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def card_photo(path: Path) -> Path:
    codes = bench_codes()
    shot = codes.photographed(codes.printed(CCCD, "QRCode", 4), random.Random(31), pixels=3.0)
    cv2.imwrite(str(path), shot)
    return path


def passport_page(path: Path, *, tampered: bool = False) -> Path:
    first, second = str(TD3CodeGenerator("P", "LAO", "Phommachanh", "Souksavanh", "P0123456",
                                         "LAO", "900215", "M", "310501", "")).splitlines()
    if tampered:
        second = second[:13] + "910215" + second[19:]
    image = Image.new("L", (1150, 520), 235)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate((first, second)):
        draw.text((30, 380 + index * 46), line, font=ImageFont.truetype(MONO, 26), fill=25)
    image.save(path)
    return path


def read_document(qtbot, page, path: Path) -> None:
    page.read_document_file(path)
    qtbot.waitUntil(page.document_button.isEnabled, timeout=30_000)


def marked(page, key: str) -> bool:
    return bool(page.fields.by_key[key].widget.property("readMark"))


def test_the_drivers_card_fills_his_fields_marked_and_the_form_saves_only_once_confirmed(
        qtbot, ui_gate, tmp_path):
    page = make_page(qtbot, ui_gate)
    read_document(qtbot, page, card_photo(tmp_path / "card.jpg"))

    assert page.driver_name.text() == "Nguyễn Thị Hoà"
    assert page.driver_document_no.text() == "038185012345"
    assert combo_country(page.driver_nationality) == "VN"
    assert page.banner.text().startswith("Read from the citizen ID card: Nguyễn Thị Hoà, "
                                         "born 01/01/1985.")
    for key in ("driver_name", "driver_document_no", "driver_nationality"):
        assert marked(page, key)
        assert page.read_marks.note(key) == "Read from the citizen ID card — confirm"
        assert page.fields.by_key[key].error.isVisibleTo(page)
    assert page.confirm_reads_button.isEnabled() and page.confirm_reads_button.isVisibleTo(page)

    page.tractor_plate.setText("74C-123.45")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "marked in amber" in page.banner.text()
    assert QApplication.focusWidget() is page.driver_name
    assert crossing_count(ui_gate) == 0

    qtbot.keyClicks(page.driver_name, " B")  # typing in a field is confirming it by hand
    assert not marked(page, "driver_name") and marked(page, "driver_document_no")
    qtbot.mouseClick(page.confirm_reads_button, Qt.MouseButton.LeftButton)
    assert page.read_marks.marked() == [] and not page.confirm_reads_button.isEnabled()
    assert not page.confirm_reads_button.isVisibleTo(page), "nothing read waits: no button"
    assert not page.fields.by_key["driver_document_no"].error.isVisibleTo(page)
    with qtbot.waitSignal(page.sig_arrival_registered, timeout=10_000) as saved:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    with ui_gate.db.session() as session:
        row = session.get(Crossing, saved.args[0])
        assert (row.driver_name, row.driver_document_no) == ("Nguyễn Thị Hoà B", "038185012345")


def test_a_passport_zone_fills_the_driver_and_a_failed_check_digit_fills_nothing(
        qtbot, ui_gate, tmp_path):
    page = make_page(qtbot, ui_gate)
    read_document(qtbot, page, passport_page(tmp_path / "tampered.png", tampered=True))
    assert "does not check out" in page.banner.text() and "birth date" in page.banner.text()
    assert page.driver_name.text() == "" and page.read_marks.marked() == []

    read_document(qtbot, page, passport_page(tmp_path / "passport.png"))
    assert page.driver_name.text() == "PHOMMACHANH SOUKSAVANH"
    assert page.driver_document_no.text() == "P0123456"
    assert combo_country(page.driver_nationality) == "LA"
    assert page.read_marks.note("driver_name") == "Read from the passport — confirm"


def test_a_truncated_photo_or_one_with_no_document_says_so_and_fills_nothing(
        qtbot, ui_gate, tmp_path):
    page = make_page(qtbot, ui_gate)
    whole = card_photo(tmp_path / "whole.jpg").read_bytes()
    (tmp_path / "card.jpg").write_bytes(whole[: len(whole) // 3])
    read_document(qtbot, page, tmp_path / "card.jpg")
    assert "card.jpg" in page.banner.text() and not page.banner.is_ok()
    cv2.imwrite(str(tmp_path / "wall.png"), np.full((480, 640, 3), 180, np.uint8))
    read_document(qtbot, page, tmp_path / "wall.png")
    assert page.banner.text().startswith("No citizen ID card code or passport zone was found")
    assert page.driver_name.text() == "" and page.read_marks.marked() == []


def gate_video(path: Path, *, text: bool = True) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 25.0, (1280, 720))
    assert writer.isOpened()
    for _n in range(12):
        frame = np.full((720, 1280, 3), 90, np.uint8)
        if text:
            cv2.rectangle(frame, (400, 450), (820, 560), (255, 255, 255), -1)
            cv2.putText(frame, "74C-123.45", (420, 530), cv2.FONT_HERSHEY_SIMPLEX, 2.2,
                        (0, 0, 0), 5)
            cv2.rectangle(frame, (900, 80), (1250, 160), (40, 40, 160), -1)
            cv2.putText(frame, "CSQU 305438 3", (910, 135), cv2.FONT_HERSHEY_SIMPLEX, 1.2,
                        (255, 255, 255), 3)
        writer.write(frame)
    writer.release()
    return path


def test_the_booth_camera_fills_plate_and_container_and_a_known_plate_the_rest(
        qtbot, ui_gate, tmp_path):
    earlier = crossings.register_arrival(
        ui_gate.db, ui_gate.actor_for("guard1"),
        ArrivalForm(direction=Direction.IMPORT, lane="2", tractor_plate="74C-123.45",
                    driver_name="Lê Văn Tám", driver_document_no="045123456789",
                    arrived_at=datetime.now(UTC)))
    assert earlier.reference
    camera = CameraSource("Lane 2 plate", str(gate_video(tmp_path / "lane2.avi")))
    page = make_page(qtbot, ui_gate, [camera])
    assert page.camera_combo.currentText() == "Lane 2 plate"
    page.read_from_camera()
    qtbot.waitUntil(page.camera_read_button.isEnabled, timeout=60_000)

    assert page.tractor_plate.text() == "74C-123.45"
    assert page.containers[0][0].text() == "CSQU3054383"
    assert page.read_marks.note("tractor_plate") == "Read from the camera — confirm"
    assert page.read_marks.note("containers.0.container_no") == "Read from the camera — confirm"
    qtbot.waitUntil(lambda: page.driver_name.text() == "Lê Văn Tám", timeout=10_000)
    assert page.hint.text().startswith("Known truck")


def test_a_camera_picture_with_nothing_to_read_says_type_them(qtbot, ui_gate, tmp_path):
    camera = CameraSource("Lane 2 plate", str(gate_video(tmp_path / "empty.avi", text=False)))
    page = make_page(qtbot, ui_gate, [camera])
    page.read_from_camera()
    qtbot.waitUntil(page.camera_read_button.isEnabled, timeout=60_000)
    assert page.banner.text().startswith("No plate or container number could be read")
    assert page.tractor_plate.text() == "" and page.read_marks.marked() == []


def test_without_a_camera_the_form_offers_only_the_file(qtbot, ui_gate):
    page = make_page(qtbot, ui_gate)
    assert not page.camera_read_button.isVisibleTo(page)
    assert not page.document_camera_action.isEnabled()
    assert page.document_file_action.isEnabled()
