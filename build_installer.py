"""Build the BorderDesk bundle for the platform this runs on, with PyInstaller.

    python build_installer.py [--dist DIR] [--work DIR] [--tesseract DIR] [--compress-level N]

Writes a one-folder bundle ``DIR/borderdesk-<version>-<platform>/`` and its
archive beside it (``.tar.gz`` on Linux and macOS, ``.zip`` on Windows).
The folder holds one executable, ``borderdesk`` (no arguments: the window;
with arguments: the command line), and under ``_internal/`` Python, the
libraries, ``resources/`` (freshly compiled translations, fonts, the HS
nomenclature, the rules and watch lists) and the Alembic migrations ``db/``.

tesseract is not part of the Python world: the bundle uses the system's
(``PATH``; on Windows also ``%ProgramFiles%\\Tesseract-OCR``), or a copy in
the bundle's own ``tesseract/`` folder, which ``--tesseract DIR`` fills from
an installed tesseract (DIR holds ``tesseract[.exe]`` and ``tessdata/``).
docs/install.md tells the whole story, for Linux and Windows.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
APP = "borderdesk"
WINDOWS = sys.platform == "win32"

# PySide6-Essentials ships these; BorderDesk uses QtCore, QtGui, QtWidgets
# and QtPrintSupport only. Without the exclusions their hooks pull in QML,
# Quick and the rest: tens of megabytes nobody runs.
UNUSED_QT = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDBus",
    "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation",
    "QtMultimedia", "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc", "QtOpenGL",
    "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets", "QtPositioning", "QtQml", "QtQuick",
    "QtQuick3D", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects",
    "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql",
    "QtStateMachine", "QtSvgWidgets", "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel",
    "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets", "QtWebView",
    "QtXml",
)
UNUSED_PYTHON = ("tkinter", "matplotlib", "IPython", "pytest", "hypothesis", "PyInstaller")

# Imported by name at run time, where PyInstaller's analysis cannot see them:
# the CLI's command modules (importlib), the migrations (loaded from files by
# Alembic), the database drivers SQLAlchemy picks from the URL, the libpq that
# psycopg looks for, and tesserocr, optional and tried inside a function.
HIDDEN_IMPORTS = (
    "alembic.runtime.migration", "alembic.ddl.sqlite", "alembic.ddl.postgresql",
    "sqlalchemy.dialects.sqlite.pysqlite", "sqlalchemy.dialects.postgresql.psycopg",
    "psycopg_binary", "pytesseract", "pypdfium2", "cv2",
    # Imported where a code is read, not at start-up: named so the bundle carries it.
    "zxingcpp",
)
OPTIONAL_IMPORTS = ("tesserocr",)
# rapidocr imports its parts lazily and from its own folder: named whole, with its files.
COLLECT_SUBMODULES = ("borderdesk", "rapidocr")
# Babel's locale data (number and date formats); reportlab's standard fonts; rapidocr's
# PP-OCR models and configuration (nothing is downloaded at run time).
COLLECT_DATA = ("babel", "reportlab", "rapidocr")
# Data nobody reads, removed from the bundle: BorderDesk speaks Vietnamese and
# English only (about 60 MB of other languages' number formats, country names
# and Qt translations).
PRUNE = (
    ("babel/locale-data", ("root.dat", "en.dat", "en_*.dat", "vi.dat", "vi_*.dat")),
    ("pycountry/locales", ("vi",)),
    ("PySide6/Qt/translations", ()),
    ("PySide6/translations", ()),
)
SOURCE_ONLY = (".po", ".pot", ".ts", ".mo", ".qm")
"""Files under resources/ left out: catalogs' sources, and stale compiled ones (rebuilt here)."""

ENTRY = """\
import sys

from borderdesk.launcher import main

sys.exit(main())
"""

# Runs in the frozen program before BorderDesk: finds tesseract, and keeps the
# bundle's own libraries out of the programs it starts (tesseract must load
# the system's libraries, not ours: PyInstaller puts _internal first on
# LD_LIBRARY_PATH and keeps the original in LD_LIBRARY_PATH_ORIG).
RUNTIME_HOOK = r'''
import os
import sys
from pathlib import Path


def _borderdesk_find_tesseract():
    import shutil

    for name in ("LD_LIBRARY_PATH", "LIBPATH"):
        original = os.environ.pop(name + "_ORIG", None)
        if original is not None:
            os.environ[name] = original
        else:
            os.environ.pop(name, None)
    exe = "tesseract.exe" if sys.platform == "win32" else "tesseract"
    bundled = Path(sys.executable).resolve().parent / "tesseract"
    if (bundled / exe).is_file():
        os.environ["PATH"] = str(bundled) + os.pathsep + os.environ.get("PATH", "")
        os.environ.setdefault("TESSDATA_PREFIX", str(bundled / "tessdata"))
        # tesserocr reads the system's tessdata: the bundled copy is used through its command.
        os.environ.setdefault("BORDERDESK_OCR_ENGINE", "command")
        return
    if shutil.which(exe) or sys.platform != "win32":
        return
    # The Windows installers of tesseract do not put it on PATH.
    for variable in ("ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA"):
        folder = Path(os.environ.get(variable, "")) / "Tesseract-OCR"
        if os.environ.get(variable) and (folder / exe).is_file():
            os.environ["PATH"] = str(folder) + os.pathsep + os.environ.get("PATH", "")
            return


_borderdesk_find_tesseract()
'''


def project_version() -> str:
    """The version in pyproject.toml."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def platform_tag() -> str:
    """``linux-x86_64``, ``windows-x86_64``, ``macos-arm64``..."""
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "x64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    return f"{system}-{machine}"


def compile_catalogs(out: Path) -> list[tuple[Path, str]]:
    """Compile our gettext catalogs and Qt's ``qtbase_*.ts`` into ``out``.

    Returns (compiled file, folder inside the bundle) pairs.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    locale = ROOT / "resources" / "locale"
    compiled: list[tuple[Path, str]] = []
    for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
        relative = po.parent.relative_to(ROOT)
        target = out / relative / po.with_suffix(".mo").name
        target.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        # As `pybabel compile`: fuzzy translations are guesses, left out.
        with target.open("wb") as mo:
            write_mo(mo, catalog, use_fuzzy=False)
        compiled.append((target, relative.as_posix()))
    for ts in sorted(locale.glob("*/qtbase_*.ts")):
        relative = ts.parent.relative_to(ROOT)
        target = out / relative / ts.with_suffix(".qm").name
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(_lrelease()), "-silent", str(ts), "-qm", str(target)], check=True)
        compiled.append((target, relative.as_posix()))
    return compiled


def _lrelease() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / ("lrelease.exe" if WINDOWS else "lrelease")


def data_files(compiled: list[tuple[Path, str]]) -> list[tuple[Path, str]]:
    """Every shipped data file with its folder inside the bundle."""
    files = list(compiled)
    for folder in ("resources", "db"):
        for path in sorted((ROOT / folder).rglob("*")):
            if (path.is_file() and path.suffix not in SOURCE_ONLY
                    and "__pycache__" not in path.parts):
                files.append((path, path.parent.relative_to(ROOT).as_posix()))
    return files


def _importable(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def pyinstaller_arguments(work: Path, dist: Path, files: list[tuple[Path, str]]) -> list[str]:
    """The PyInstaller command line (the spec is generated into ``work``)."""
    entry, hook = work / "borderdesk_entry.py", work / "borderdesk_tesseract_hook.py"
    entry.write_text(ENTRY, encoding="utf-8")
    hook.write_text(RUNTIME_HOOK, encoding="utf-8")
    args = [
        str(entry), "--name", APP, "--onedir", "--console", "--noconfirm", "--clean",
        "--log-level", "WARN", "--distpath", str(dist), "--workpath", str(work / "pyinstaller"),
        "--specpath", str(work), "--paths", str(ROOT), "--runtime-hook", str(hook),
    ]
    for source, target in files:
        args += ["--add-data", f"{source}{os.pathsep}{target}"]
    hidden = [*HIDDEN_IMPORTS, *(m for m in OPTIONAL_IMPORTS if _importable(m))]
    for module in hidden:
        args += ["--hidden-import", module]
    for package in COLLECT_SUBMODULES:
        args += ["--collect-submodules", package]
    for package in COLLECT_DATA:
        args += ["--collect-data", package]
    for module in (*(f"PySide6.{name}" for name in UNUSED_QT), *UNUSED_PYTHON):
        args += ["--exclude-module", module]
    return args


def required_files(folder: Path) -> list[Path]:
    """What a bundle cannot run without: checked before it is archived."""
    internal = folder / "_internal"
    plugins = internal / "PySide6" / "Qt" / "plugins" / "platforms"
    platform_plugins = (["qwindows.dll", "qoffscreen.dll"] if WINDOWS
                        else ["libqoffscreen.dylib", "libqcocoa.dylib"] if sys.platform == "darwin"
                        else ["libqoffscreen.so", "libqxcb.so"])
    return [
        folder / (APP + (".exe" if WINDOWS else "")),
        internal / "resources" / "locale" / "vi" / "LC_MESSAGES" / "borderdesk.mo",
        internal / "resources" / "locale" / "vi" / "qtbase_vi.qm",
        internal / "resources" / "fonts" / "DejaVuSans.ttf",
        internal / "resources" / "styles" / "style.qss",
        internal / "resources" / "hs" / "harmonized-system.csv",
        internal / "resources" / "rules" / "scoring.toml",
        internal / "resources" / "rules" / "watchlists" / "prohibited.csv",
        internal / "db" / "env.py",
        *(plugins / name for name in platform_plugins),
    ]


def prune(internal: Path) -> None:
    """Remove the data of languages BorderDesk does not speak (``PRUNE``)."""
    for folder, keep in PRUNE:
        if not (internal / folder).is_dir():
            continue
        for path in (internal / folder).iterdir():
            if any(fnmatch.fnmatch(path.name, pattern) for pattern in keep):
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()


def add_tesseract(folder: Path, tesseract: Path) -> None:
    """Copy an installed tesseract (the program, its libraries, ``tessdata/``) into the bundle."""
    exe = tesseract / ("tesseract.exe" if WINDOWS else "tesseract")
    languages = [tesseract / "tessdata" / f"{lang}.traineddata" for lang in ("eng", "vie")]
    missing = [path for path in (exe, *languages) if not path.is_file()]
    if missing:
        raise SystemExit(f"build_installer: {tesseract} lacks {', '.join(map(str, missing))}")
    shutil.copytree(tesseract, folder / "tesseract")


def archive(folder: Path, level: int = 6) -> Path:
    """Pack the bundle folder beside itself, the folder's name as the archive's top level.

    ``level`` is gzip's/zip's compression level, 1 (fast) to 9 (small).
    """
    if WINDOWS:
        out = folder.with_name(folder.name + ".zip")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as pack:
            for path in sorted(folder.rglob("*")):
                pack.write(path, path.relative_to(folder.parent))
        return out
    out = folder.with_name(folder.name + ".tar.gz")
    with tarfile.open(out, "w:gz", compresslevel=level) as pack:
        pack.add(folder, arcname=folder.name)
    return out


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path, tesseract: Path | None = None, level: int = 6) -> Path:
    """Build the bundle into ``dist`` (scratch files in ``work``) and return its archive."""
    dist, work = dist.resolve(), work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    name = f"{APP}-{project_version()}-{platform_tag()}"
    folder = dist / name
    started = time.monotonic()
    files = data_files(compile_catalogs(work / "catalogs"))
    frozen = work / "frozen"
    subprocess.run([sys.executable, "-m", "PyInstaller",
                    *pyinstaller_arguments(work, frozen, files)], check=True)
    shutil.rmtree(folder, ignore_errors=True)
    dist.mkdir(parents=True, exist_ok=True)
    shutil.move(frozen / APP, folder)
    prune(folder / "_internal")
    if tesseract is not None:
        add_tesseract(folder, tesseract)
    missing = [str(path.relative_to(folder)) for path in required_files(folder)
               if not path.is_file()]
    if missing:
        raise SystemExit(f"build_installer: the bundle lacks {', '.join(missing)}")
    frozen_at = time.monotonic()
    packed = archive(folder, level)
    done_at = time.monotonic()
    print(f"{folder}: {_size(folder) / 2**20:.0f} MB, frozen in {frozen_at - started:.0f} s")
    print(f"{packed}: {_size(packed) / 2**20:.0f} MB, packed in {done_at - frozen_at:.0f} s")
    return packed


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and build."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="where the bundle and its archive go (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build",
                        help="scratch folder (default: build/)")
    parser.add_argument("--tesseract", type=Path, metavar="DIR",
                        help="an installed tesseract to copy into the bundle's tesseract/ folder")
    parser.add_argument("--compress-level", type=int, choices=range(1, 10), default=6,
                        metavar="1-9", help="archive compression (default: 6; 1 is ~3x faster, "
                        "~10%% bigger)")
    args = parser.parse_args(argv)
    if not _importable("PyInstaller"):
        parser.exit(2, "build_installer: PyInstaller is missing: pip install -e '.[dev]'\n")
    build(args.dist, args.work, args.tesseract, args.compress_level)
    return 0


if __name__ == "__main__":
    sys.exit(main())
