"""``borderdesk ocr`` and ``check --manifest`` on files that must not hold the gate.

Each run is the real executable under a memory cap, so a regression fails in
seconds instead of eating the machine, and with a timeout, so a hang fails
instead of stopping the suite.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_kit import Result, _command, _environment, session_members

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "capture"))
from hostile_pages import huge_pages_pdf, scanned_pdf

ROOT = Path(__file__).resolve().parents[2]
DECLARATION = ROOT / "tests" / "data" / "checks" / "declaration.json"
MEMORY_CAP = 2 * 1024 * 1024 * 1024
"""The old code took 7.4 GB on the 50-page PDF: under this cap it fails at once."""


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_capped(home: Path, *args: str, seconds: float = 120) -> Result:
    """``run_cli`` with the address space capped at 2 GB; a hang fails the test."""
    try:
        done = subprocess.run(
            [*_command(), *args], env=_environment(home, {}), capture_output=True, text=True,
            stdin=subprocess.DEVNULL, start_new_session=True, timeout=seconds, check=False,
            preexec_fn=_capped,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"borderdesk {' '.join(args)} was still running after {seconds} s")
    return Result(done.returncode, done.stdout, done.stderr)


def test_ocr_refuses_the_50_pages_of_200_inches_in_one_line(tmp_path: Path) -> None:
    pdf = tmp_path / "manifest.pdf"
    pdf.write_bytes(huge_pages_pdf())
    result = run_capped(tmp_path / "home", "ocr", str(pdf))
    assert result.code == 2, result.stderr[-2000:]
    assert result.error_lines == [
        "borderdesk: manifest.pdf: page 1 is 5,080 × 5,080 mm; a page of at most 1,200 mm "
        "a side (A0) is read."]
    assert result.stdout == ""


def test_check_refuses_the_same_pdf_as_a_manifest(tmp_path: Path) -> None:
    pdf = tmp_path / "manifest.pdf"
    pdf.write_bytes(huge_pages_pdf())
    result = run_capped(tmp_path / "home", "check", "--declaration", str(DECLARATION),
                        "--manifest", str(pdf))
    assert result.code == 2, result.stderr[-2000:]
    assert len(result.error_lines) == 1
    assert "manifest.pdf: page 1 is 5,080 × 5,080 mm" in result.error_lines[0]


def _fifo(folder: Path) -> Path:
    fifo = folder / "scan.png"
    os.mkfifo(fifo)
    return fifo


def _loop(folder: Path) -> Path:
    (folder / "a.png").symlink_to(folder / "b.png")
    (folder / "b.png").symlink_to(folder / "a.png")
    return folder / "a.png"


def _through_a_file(folder: Path) -> Path:
    (folder / "scans").write_bytes(b"a file, not a folder")
    return folder / "scans" / "page.png"


def _folder(folder: Path) -> Path:
    (folder / "page.png").mkdir()
    return folder / "page.png"


NOT_FILES = {
    "fifo": (_fifo, "scan.png: is a pipe (FIFO), not a file"),
    "dev-zero": (lambda _folder: Path("/dev/zero"), "zero: is a device, not a file"),
    "folder": (_folder, "page.png: is a folder, not a file"),
    "symlink-loop": (_loop, "a.png: cannot be read: the path loops through symbolic links"),
    "path-through-a-file": (
        _through_a_file, "page.png: cannot be read: a part of the path is a file, not a folder"),
}


@pytest.mark.parametrize("kind", sorted(NOT_FILES))
def test_ocr_refuses_what_is_not_a_regular_file_without_blocking(
    tmp_path: Path, kind: str
) -> None:
    make, message = NOT_FILES[kind]
    result = run_capped(tmp_path / "home", "ocr", str(make(tmp_path)), seconds=60)
    assert (result.code, result.error_lines) == (2, [f"borderdesk: {message}"])


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_check_refuses_a_fifo_or_a_device_as_manifest_without_blocking(
    tmp_path: Path, kind: str
) -> None:
    make, message = NOT_FILES[kind]
    result = run_capped(tmp_path / "home", "check", "--declaration", str(DECLARATION),
                        "--manifest", str(make(tmp_path)), seconds=60)
    assert (result.code, result.error_lines) == (2, [f"borderdesk: {message}"])


# ---- SIGTERM while reading


def _children(leader: int) -> set[int]:
    """The live processes the command ``leader`` started (its session, itself left out)."""
    return session_members(leader) - {leader}


def _start_ocr(home: Path, pdf: Path, **variables: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*_command(), "ocr", str(pdf)], env=_environment(home, variables),
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _terminate(process: subprocess.Popen[bytes]) -> float:
    """Send SIGTERM; the seconds until the process ended (10 s at most)."""
    sent = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail("borderdesk ocr was still running 10 s after SIGTERM")
    return time.monotonic() - sent


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigterm_ends_ocr_of_a_20_page_pdf_mid_reading(tmp_path: Path) -> None:
    pdf = tmp_path / "manifest.pdf"
    pdf.write_bytes(scanned_pdf(20))
    with _start_ocr(tmp_path / "home", pdf) as process:
        # Started, imported and into its pages (20 pages take a minute or more).
        time.sleep(1.5)
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        ended_in = _terminate(process)
    assert process.returncode == -signal.SIGTERM
    # The target: any command ends within 2 s of SIGTERM (here ~0.05 s).
    assert ended_in < 2, ended_in
    assert _children(process.pid) == set()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_tesseract_child_does_not_run_on_after_ocr_is_terminated(tmp_path: Path) -> None:
    pdf = tmp_path / "manifest.pdf"
    pdf.write_bytes(scanned_pdf(3))
    with _start_ocr(tmp_path / "home", pdf, BORDERDESK_OCR_ENGINE="command") as process:
        # Past `tesseract --list-langs` (a blink) and into a page: a tesseract reading a
        # page at 300 dpi runs for seconds.
        deadline = time.monotonic() + 120
        while not _children(process.pid) and process.poll() is None:
            assert time.monotonic() < deadline, "tesseract never started"
            time.sleep(0.02)
        time.sleep(1.0)
        while not _children(process.pid) and process.poll() is None:
            assert time.monotonic() < deadline, "tesseract never started reading a page"
            time.sleep(0.02)
        readers = _children(process.pid)
        _terminate(process)
    # The kernel kills the child when its parent ends; without that it read on for seconds.
    deadline = time.monotonic() + 2
    while _children(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert readers and _children(process.pid) == set()
