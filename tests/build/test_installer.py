"""The frozen bundle from ``build_installer.py``, run as a gate would run it.

The bundle is built once for the module (a few minutes), unpacked outside
the source tree and run from there with a clean environment: no PYTHONPATH,
no virtual environment on PATH, only the system's programs. Every run must
leave stderr empty: a traceback or a warning in the frozen program fails.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
FONT = ROOT / "resources" / "fonts" / "DejaVuSans.ttf"
# What Qt's offscreen platform says about calls a real screen honours.
OFFSCREEN_NOTES = ("This plugin does not support propagateSizeHints()",
                   "This plugin does not support raise()")

pytestmark = [
    pytest.mark.slow,
    # The build alone takes minutes on two cores; pyproject's 300 s is for ordinary tests.
    pytest.mark.timeout(1500),
    pytest.mark.skipif(sys.platform == "win32", reason="the test runs the Linux/macOS archive"),
]


@dataclass(frozen=True)
class Bundle:
    """The unpacked bundle and a home for its runs."""

    executable: Path
    folder: Path
    home: Path
    build_seconds: float


@dataclass(frozen=True)
class Run:
    """What one run of the bundled ``borderdesk`` printed and returned."""

    code: int
    stdout: str
    stderr: str


def _clean_environment(home: Path, **variables: str) -> dict[str, str]:
    """Only what a workstation's session has: the system's PATH (tesseract's folder on it)."""
    folders = os.defpath.split(os.pathsep)
    tesseract = shutil.which("tesseract", path=os.defpath + os.pathsep + "/usr/local/bin")
    if tesseract is not None:
        folders.insert(0, str(Path(tesseract).parent))
    return {
        "PATH": os.pathsep.join(dict.fromkeys(folders)), "HOME": str(home),
        "LANG": "C.UTF-8", "BORDERDESK_HOME": str(home), "BORDERDESK_LANG": "en",
        "QT_QPA_PLATFORM": "offscreen", **variables,
    }


def run_bundled(bundle: Bundle, *args: str, **variables: str) -> Run:
    """Run the bundled ``borderdesk ARGS`` from outside the source tree."""
    done = subprocess.run(
        [str(bundle.executable), *args], env=_clean_environment(bundle.home, **variables),
        cwd=bundle.home, capture_output=True, text=True, stdin=subprocess.DEVNULL,
        timeout=240, check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def _version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    pytest.importorskip("PyInstaller", reason="PyInstaller comes with the dev extra")
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed (make setup installs it)")
    scratch = tmp_path_factory.mktemp("installer")
    started = time.monotonic()
    built = subprocess.run(
        [sys.executable, str(ROOT / "build_installer.py"), "--dist", str(scratch / "dist"),
         "--work", str(scratch / "work"), "--compress-level", "1"],
        capture_output=True, text=True, timeout=1200, check=False,
    )
    assert built.returncode == 0, built.stderr[-4000:]
    build_seconds = time.monotonic() - started
    archives = list((scratch / "dist").glob("borderdesk-*.tar.gz"))
    assert len(archives) == 1, archives
    unpacked = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(archives[0]) as pack:
        pack.extractall(unpacked, filter="tar")
    # Only the archive travels: the build's own folders must not be what runs.
    shutil.rmtree(scratch)
    folder = next(unpacked.iterdir())
    home = tmp_path_factory.mktemp("gate-home")
    return Bundle(folder / "borderdesk", folder, home, build_seconds)


def _manifest_page() -> Image.Image:
    """A small typed manifest: a header and two goods lines."""
    image = Image.new("L", (2000, 900), 255)
    draw = ImageDraw.Draw(image)
    big, small = ImageFont.truetype(str(FONT), 40), ImageFont.truetype(str(FONT), 32)
    draw.text((120, 80), "Manifest No: MN-2026-0042   Date: 20/11/2026", font=big, fill=0)
    draw.text((120, 160), "Container No: CSQU3054383  Seal No: A123456", font=big, fill=0)
    rows = [("HS Code", "Description", "Quantity", "Unit", "Value", "Currency", "Origin"),
            ("190110", "Milk formula", "1,200", "TIN", "24,000.00", "USD", "TH"),
            ("090111", "Coffee beans", "300", "BAG", "54,000.50", "USD", "LA")]
    for r, row in enumerate(rows):
        for x, text in zip((120, 400, 850, 1130, 1320, 1580, 1800), row, strict=True):
            draw.text((x, 300 + 80 * r), text, font=small, fill=0)
    return image


def _save(image: Image.Image, path: Path, kind: str) -> Path:
    out = io.BytesIO()
    image.convert("RGB").save(out, format=kind)
    path.write_bytes(out.getvalue())
    return path


def test_the_bundle_carries_qt_platforms_translations_and_migrations(bundle: Bundle) -> None:
    internal = bundle.folder / "_internal"
    platforms = internal / "PySide6" / "Qt" / "plugins" / "platforms"
    assert (platforms / "libqxcb.so").is_file() and (platforms / "libqoffscreen.so").is_file()
    assert (internal / "resources/locale/vi/LC_MESSAGES/borderdesk.mo").is_file()
    assert (internal / "resources/locale/vi/qtbase_vi.qm").is_file()
    shipped = {p.name for p in (internal / "db" / "versions").glob("*.py")}
    assert shipped == {p.name for p in (ROOT / "db" / "versions").glob("*.py")}
    unused = [p.name for p in internal.rglob("libQt6*") if "WebEngine" in p.name or "Qml" in p.name]
    assert unused == []
    print(f"\nbuild: {bundle.build_seconds:.0f} s")


def test_the_bundled_borderdesk_names_its_version(bundle: Bundle) -> None:
    result = run_bundled(bundle, "--version")
    assert (result.code, result.stdout.strip(), result.stderr) == (
        0, f"borderdesk {_version()}", "")


def test_the_bundled_borderdesk_creates_a_database_whose_audit_chain_verifies(
        bundle: Bundle, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    created = run_bundled(bundle, "init", "--db", url, "--gate", "LAOBAO", "--gate-name", "Lao Bao")
    assert (created.code, created.stderr) == (0, ""), created.stderr
    assert (tmp_path / "x.sqlite3").is_file()
    again = run_bundled(bundle, "init", "--db", url)
    assert (again.code, again.stderr) == (0, ""), again.stderr
    # The database's owner makes its first administrator, who verifies (a scheduled run's way).
    password = {"BORDERDESK_PASSWORD": "first-admin-2026"}
    admin = run_bundled(bundle, "officer", "add", "--db", url, "--username", "admin",
                        "--full-name", "Quản trị viên", "--role", "administrator", **password)
    assert (admin.code, admin.stderr) == (0, ""), admin.stderr
    verified = run_bundled(bundle, "audit", "verify", "--db", url, "--as", "admin", **password)
    assert (verified.code, verified.stderr) == (0, ""), verified.stderr


def test_the_bundled_borderdesk_reads_a_manifest_page(bundle: Bundle, tmp_path: Path) -> None:
    page = _save(_manifest_page(), tmp_path / "page.png", "PNG")
    result = run_bundled(bundle, "ocr", str(page), "--json")
    assert (result.code, result.stderr) == (0, ""), result.stderr
    manifest = json.loads(result.stdout)
    assert manifest["container_no"] == "CSQU3054383"
    assert [line["hs_code"] for line in manifest["lines"]] == ["190110", "090111"]


def test_the_bundled_borderdesk_reads_a_pdf_through_the_tesseract_command(
        bundle: Bundle, tmp_path: Path) -> None:
    # pypdfium2's native library renders the page; the system's tesseract
    # program (not the in-process engine) reads it, with its own libraries.
    page = _save(_manifest_page(), tmp_path / "page.pdf", "PDF")
    result = run_bundled(bundle, "ocr", str(page), "--json", BORDERDESK_OCR_ENGINE="command")
    assert (result.code, result.stderr) == (0, ""), result.stderr
    assert json.loads(result.stdout)["document_no"] == "MN-2026-0042"


def test_the_bundled_borderdesk_says_in_one_line_that_tesseract_is_missing(
        bundle: Bundle, tmp_path: Path) -> None:
    page = _save(_manifest_page(), tmp_path / "page.png", "PNG")
    result = run_bundled(bundle, "ocr", str(page), BORDERDESK_OCR_ENGINE="command",
                         PATH=str(tmp_path))
    assert result.code == 2
    assert result.stderr.startswith("borderdesk: tesseract was not found")
    assert len(result.stderr.splitlines()) == 1


def test_the_bundled_borderdesk_names_the_missing_language(
        bundle: Bundle, tmp_path: Path) -> None:
    page = _save(_manifest_page(), tmp_path / "page.png", "PNG")
    empty = tmp_path / "tessdata"
    empty.mkdir()
    result = run_bundled(bundle, "ocr", str(page), BORDERDESK_OCR_ENGINE="command",
                         TESSDATA_PREFIX=str(empty))
    assert result.code == 2
    assert result.stderr.splitlines() == [
        "borderdesk: tesseract has no language data for 'vie'. Install it (Debian/Ubuntu: "
        "apt install tesseract-ocr-vie)."]


def _system_tessdata() -> Path:
    listing = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                             check=True)
    # 'List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (3):'
    return Path((listing.stdout + listing.stderr).split('"')[1])


def test_a_tesseract_copied_into_the_bundle_reads_when_the_system_has_none(
        bundle: Bundle, tmp_path: Path) -> None:
    from build_installer import add_tesseract

    installed = tmp_path / "Tesseract-OCR"
    installed.mkdir()
    shutil.copy2(str(shutil.which("tesseract")), installed / "tesseract")
    shutil.copytree(_system_tessdata(), installed / "tessdata")
    add_tesseract(bundle.folder, installed)
    try:
        page = _save(_manifest_page(), tmp_path / "page.png", "PNG")
        result = run_bundled(bundle, "ocr", str(page), "--json", PATH=str(tmp_path))
    finally:
        shutil.rmtree(bundle.folder / "tesseract")
    assert (result.code, result.stderr) == (0, ""), result.stderr
    assert json.loads(result.stdout)["container_no"] == "CSQU3054383"


def test_the_bundled_window_reaches_the_login_screen(bundle: Bundle) -> None:
    # The probe prints when the login screen takes typing, then when the database behind
    # it is ready (the first start creates the embedded database and its demo gate), and quits.
    result = run_bundled(bundle, BORDERDESK_STARTUP_PROBE="1")
    assert result.code == 0, result.stderr
    moments = {name: float(seconds) for name, seconds in
               (line.split() for line in result.stdout.splitlines())}
    assert 0 < moments["login"] <= moments["ready"]
    noise = [line for line in result.stderr.splitlines() if line not in OFFSCREEN_NOTES]
    assert noise == []


def test_the_bundled_borderdesk_reads_a_plate_and_a_container_with_the_bundled_models(
    bundle: Bundle, tmp_path: Path
) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "unit" / "ocr"))
    from test_identify import _gate_photo

    photo = tmp_path / "gate.png"
    Image.fromarray(_gate_photo()[:, :, ::-1]).save(photo)
    result = run_bundled(bundle, "identify", str(photo), "--json")
    assert (result.code, result.stderr) == (0, ""), result.stderr
    found = json.loads(result.stdout)
    assert (found["plates"][0]["text"], found["plates"][0]["country"]) == ("SV 8332", "LA")
    assert found["containers"][0]["text"] == "CSQU3054383"
