"""OCR benchmark: leave-family-out accuracy of the manifest reader, against bare tesseract.

    python bench/ocr/run.py [--families all|tuning|held-out] [--family NAME[,NAME]] [--pages N]
                            [--corpus DIR] [--errors]

Reads two groups of generated pages with ground truth: the held-out families
(``held_out.py``, never tuned on: their figure is the headline, printed
first) and the tuning families (``corpus.py``, then the families of earlier
rounds whose errors have been studied, ``studied.py``, ``studied_r3.py`` and
``studied_r4.py``).
Prints, per group and page kind (clean/photo), then per family: line-field
exact-match accuracy, header-field accuracy, character error rate against the
truth's text, seconds per page, and the ratios ours/bare for time and CER;
then the wrong fields counted per kind and field (``--errors`` lists each
one). Held-out errors are printed only with ``--families held-out``: nobody tunes on them.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from borderdesk.documents.manifest_json import manifest_to_dict  # noqa: E402
from borderdesk.domain.manifest import CONFIDENT  # noqa: E402
from borderdesk.ocr.pipeline import read_document  # noqa: E402

GROUPS = ("held-out", "tuning")
"""Family groups, in the order of the table: the held-out figure is the headline."""
SOURCES = (("held-out", "held-out", "held_out"), ("tuning", "tuning", "corpus"),
           ("tuning", "studied", "studied"), ("tuning", "studied-r3", "studied_r3"),
           ("tuning", "studied-r4", "studied_r4"))
"""(group, folder of the corpus, generator module): the tuning group reads four generators."""
TUNING_PAGES = 80
"""The 60 pages of the four first layouts quoted in the README, then 4 of each newer family."""
STUDIED_PAGES = 48
"""Four clean pages and their photographs for each of the six studied families (``studied.py``:
the four of ``FAMILIES``, then the two of ``FRESH_FAMILIES``), the first ones they wrote when
they were held out."""
STUDIED_R3_PAGES = 32
"""Four clean pages and their photographs for each of round 3's four studied families
(``studied_r3.py``), the first ones they wrote when they were held out."""
STUDIED_R4_PAGES = 32
"""Four clean pages and their photographs for each of round 4's four studied families
(``studied_r4.py``), the first ones they wrote when they were held out."""
HELD_OUT_PAGES = 48
"""Six clean pages and their six photographs for each of the four held-out families."""
HEADER = ("document_no", "date", "consignor", "consignee", "vehicle_plate", "container_no",
          "seal_no")
LINE_FIELDS = ("description", "hs_code", "quantity", "unit", "gross_weight_kg", "value",
               "currency", "origin_country")
PAGE_PNG_TEXT = (
    "Region-based segmentation Let us first determine markers of the coins and the "
    "background. These markers are pixels that we can label unambiguously as either object "
    "or background. Here, the markers are found at the two extreme parts of the histogram of "
    "grey values: >>> markers = np.zeros_like(coins)"
)
"""scikit-image's ``page.png`` as typed by hand from the picture."""


def _module(name: str) -> Any:
    """bench/ocr/NAME.py loaded by its path (tests/bench shadows the top-level bench package)."""
    key = f"ocr_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, ROOT / "bench/ocr" / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


def _families_of(module: str) -> tuple[str, ...]:
    """The families a generator module writes."""
    m = _module(module)
    if module == "corpus":
        return tuple(m.LAYOUTS) + tuple(m.NEW_LAYOUTS)
    return tuple(m.FAMILIES) + tuple(getattr(m, "FRESH_FAMILIES", ()))


def _corpus(
    folder: Path | None, families: str, pages: int | None, digital: int = 0,
    only: tuple[str, ...] = (),
) -> list[tuple[Path, dict[str, Any]]]:
    """The pages to read, held-out first: (folder, index entry) with ``group`` and ``family`` set.

    ``folder`` holds ``held-out/``, ``tuning/``, ``studied/``, ``studied-r3/`` and
    ``studied-r4/`` (each with its index.json); what is missing is generated there (in a
    temporary folder without one). A folder with only an index.json is a tuning corpus of an
    older run. With ``pages``, each generator gives its first ``pages`` pages.
    With ``digital``, that many documents of each family are also read as
    digital files (``digital.py``: text-layer PDF, XLSX, LibreOffice exports).
    ``only`` keeps those families (of whichever group) and nothing else; ``pages``
    then counts their pages only.
    """
    base = folder or Path(tempfile.mkdtemp(prefix="bd-ocr-corpus-"))
    default = {"corpus": TUNING_PAGES, "studied": STUDIED_PAGES,
               "studied_r3": STUDIED_R3_PAGES, "studied_r4": STUDIED_R4_PAGES,
               "held_out": HELD_OUT_PAGES}
    chosen = GROUPS if families == "all" else (families,)
    result: list[tuple[Path, dict[str, Any]]] = []
    for group, name, module in SOURCES:
        written = _families_of(module)
        if not set(only) & set(written) if only else group not in chosen:
            continue
        count = default[module] if pages is None else pages
        where = base / name
        if name == "tuning" and not (where / "index.json").exists() and (
                base / "index.json").exists():
            where = base
        if not (where / "index.json").exists():
            # studied.generate counts the pages of its first four families, then writes the
            # two fresh ones of round 2 after them: by default 32 + 16 = STUDIED_PAGES; with
            # --family the whole default set is written, so the family's pages are there
            _module(module).generate(where, *(() if module == "studied" and (
                pages is None or only) else (default[module] if only else count,)))
        index = json.loads((where / "index.json").read_text())
        stale = {e.get("family") or e.get("layout") for e in index} - set(written)
        if stale:
            raise SystemExit(f"{where} holds pages of families {module}.py no longer writes "
                             f"({', '.join(sorted(map(str, stale)))}): give another --corpus")
        if only:  # the twins of every family, so that the folder serves a full run later
            twins = _module("digital").write(where, index[: default[module]], digital) if (
                digital) else []
            index = [e for e in index if (e.get("family") or e.get("layout")) in only][:count]
            index += [e for e in twins if e["family"] in only]
        else:
            index = index[:count]
            if digital:
                index += _module("digital").write(where, index, digital)
        for entry in index:
            family = entry.get("family") or entry.get("layout", "?")
            result.append((where, entry | {"group": group, "family": family, "source": name}))
    return result


def _cer(truth_words: str, text: str) -> float:
    """Character error rate against the text drawn on the page, order-free (sorted tokens).

    Sorting the tokens first compares what was read, not the order an
    engine reads a table in, the same way for our pipeline and bare tesseract.
    """
    reference = " ".join(sorted(truth_words.split()))
    hypothesis = " ".join(sorted(w for w in text.split() if w))
    return Levenshtein.distance(reference, hypothesis) / max(1, len(reference))




NUMERIC = ("quantity", "gross_weight_kg", "value")
IMAGE_KINDS = ("clean", "photo")
DIGITAL_KINDS = ("digital-pdf", "xlsx", "lo-pdf", "lo-xlsx")
"""Files that need no OCR: a PDF with a text layer and an XLSX written by the benchmark, and
the same exported by LibreOffice (``lo-``)."""
VIETNAMESE = set("ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
STATS = ("pages", "docs", "lines_ok", "lines", "head_ok", "head", "ours_s", "bare_s", "timed",
         "ours_cer", "bare_cer", "num_wrong_sure", "num_ok", "num_ok_sure", "vi_words", "vi_ok",
         "unread")


def _vietnamese_words(text: str) -> list[str]:
    """The words of ``text`` that carry a Vietnamese letter (a tone mark, đ, ơ, ư ...)."""
    return [w for w in text.split() if VIETNAMESE & set(w.lower())]


def _vietnamese_exact(truth: dict[str, Any], got: dict[str, Any]) -> tuple[int, int]:
    """Vietnamese words of the truth's descriptions and names, and how many were read exactly.

    A word counts as read when the same field (the same line's description,
    the consignor, the consignee) holds it as often in the reading.
    """
    pairs = [(truth.get(n) or "", got.get(n) or "") for n in ("consignor", "consignee")]
    read = {line["line_no"]: line for line in got["lines"]}
    pairs += [(line.get("description") or "",
               (read.get(line["line_no"]) or {}).get("description") or "")
              for line in truth["lines"]]
    total = exact = 0
    for want, have in pairs:
        words = _vietnamese_words(want)
        left = collections.Counter(have.split())
        total += len(words)
        for word in words:
            if left[word] > 0:
                left[word] -= 1
                exact += 1
    return total, exact


def _numbers(truth: dict[str, Any], got: dict[str, Any]) -> tuple[int, int, int, list[str]]:
    """Numeric line fields: (wrong at confidence >= CONFIDENT, right, right and that confident).

    A number read on a line the truth does not have is wrong too. Also
    returns each confidently wrong field, described.
    """
    want = {(line["line_no"], n): line.get(n) for line in truth["lines"] for n in NUMERIC}
    wrong_sure = right = right_sure = 0
    described: list[str] = []
    for line in got["lines"]:
        confidence = line.get("confidence") or {}
        for name in NUMERIC:
            value = line.get(name)
            if value is None:
                continue
            sure = float(confidence.get(name, 0.0)) >= CONFIDENT
            if want.get((line["line_no"], name), object()) == value:
                right += 1
                right_sure += sure
            elif sure:
                wrong_sure += 1
                described.append(f"line {line['line_no']} {name}: read {value!r} at "
                                 f"{confidence.get(name)}, truth "
                                 f"{want.get((line['line_no'], name))!r}")
    return wrong_sure, right, right_sure, described


def _share(part: float, whole: float) -> str:
    return f"{part / whole:.1%}" if whole else "-"


def _row(s: dict[str, float]) -> str:
    n = max(1.0, s["pages"])
    if s["unread"]:
        return f"{int(s['pages']):5d}  not readable yet ({int(s['unread'])} files)"
    timed = s["timed"]
    return (f"{int(s['pages']):5d} {_share(s['lines_ok'], s['lines']):>7} "
            f"{_share(s['head_ok'], s['head']):>7} {int(s['num_wrong_sure']):>6} "
            f"{_share(s['num_ok_sure'], s['num_ok']):>7} {_share(s['vi_ok'], s['vi_words']):>7} "
            f"{s['ours_s'] / n:6.2f} "
            + (f"{s['bare_s'] / timed:6.2f} {s['ours_s'] / max(1e-9, s['bare_s']):6.2f} "
               if timed else f"{'-':>6} {'-':>6} ")
            + (f"{s['ours_cer'] / timed:6.1%} {s['bare_cer'] / timed:6.1%} "
               f"{s['ours_cer'] / max(1e-9, s['bare_cer']):6.2f}" if timed
               else f"{'-':>6} {'-':>6} {'-':>6}"))


COLUMNS = (f"{'pages':>5} {'lines':>7} {'header':>7} {'wrong≥':>6} {'sure ok':>7} "
           f"{'VN word':>7} {'s/page':>6} {'bare s':>6} {'time x':>6} {'CER':>6} {'bare':>6} "
           f"{'CER x':>6}")
LEGEND = """\
lines: line fields exact; header: header fields exact; wrong≥: numeric line fields (quantity,
weight, value) read wrong at confidence >= {sure} (target 0); sure ok: share of the right numeric
fields read at confidence >= {sure} (target >= 90 %); VN word: Vietnamese words of descriptions and
names read exactly; s/page: our seconds per page; bare s: bare `tesseract FILE stdout --psm 3 -l
vie+eng` on the same single page (OMP_THREAD_LIMIT={omp}); time x: ours / bare; CER, bare: our
and bare tesseract's character error rate against the text drawn; CER x: ours / bare."""


def _reader(kind: str) -> Callable[[bytes, str], Any] | None:
    """How a file of ``kind`` is read; None when the reader of digital files is not there yet."""
    if kind not in DIGITAL_KINDS:
        return lambda data, name: read_document(data, name=name)
    try:
        from borderdesk.ocr.manifest_file import read_manifest_file
    except ImportError:
        return None
    return read_manifest_file  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path,
                        help="folder of the corpus (tuning/, held-out/); generated when missing")
    parser.add_argument("--families", choices=("all", "tuning", "held-out"), default="all",
                        help="which family group to read (default all, held-out first)")
    parser.add_argument("--family", default="",
                        help="read only these families (comma-separated, of whichever group)")
    parser.add_argument("--pages", type=int,
                        help=f"image pages of each generator (default {TUNING_PAGES} tuning "
                             f"from corpus.py, {STUDIED_PAGES} from studied.py and "
                             f"{STUDIED_R3_PAGES} from studied_r3.py, {STUDIED_R4_PAGES} "
                             f"from studied_r4.py, {HELD_OUT_PAGES} held-out)")
    parser.add_argument("--digital", type=int, default=None,
                        help="documents per family also written as PDF with a text layer, "
                             "XLSX and LibreOffice exports (default 1; 0 without --pages' "
                             "default)")
    parser.add_argument("--errors", action="store_true",
                        help="list every wrong field: page, line, truth and reading (held-out "
                             "pages only with --families held-out)")
    args = parser.parse_args(argv)
    only = tuple(name.strip() for name in args.family.split(",") if name.strip())
    known = {family for _g, _n, module in SOURCES for family in _families_of(module)}
    if set(only) - known:
        parser.error(f"unknown family {', '.join(sorted(set(only) - known))}; families: "
                     f"{', '.join(sorted(known))}")
    digital = args.digital if args.digital is not None else (1 if args.pages is None else 0)
    pages = _corpus(args.corpus, args.families, args.pages, digital, only)
    show_held_out = args.families == "held-out"
    stats: dict[tuple[str, str, str], dict[str, float]] = {}
    wrong: collections.Counter[tuple[str, str, str]] = collections.Counter()
    listing: list[str] = []
    documents: list[str] = []
    for folder, entry in pages:
        group, family, kind = entry["group"], entry["family"], entry["kind"]
        truth = json.loads((folder / entry["truth"]).read_text(encoding="utf-8"))
        data = (folder / entry["file"]).read_bytes()
        name_of = f"{entry['source']}/{entry['file']}"
        keys = ((group, "", kind), (group, family, kind))
        reader = _reader(kind)
        if reader is None:
            for key in keys:
                stats.setdefault(key, dict.fromkeys(STATS, 0.0))["unread"] += 1
                stats[key]["pages"] += 1
            continue
        started = time.perf_counter()
        reading = reader(data, entry["file"])
        ours_s = time.perf_counter() - started
        got = manifest_to_dict(reading.manifest)
        bare_s = 0.0
        bare_text = ""
        singles = entry.get("images") or ([entry["file"]] if kind in IMAGE_KINDS else [])
        for single in singles:
            started = time.perf_counter()
            bare = subprocess.run(["tesseract", str(folder / single), "stdout", "--psm", "3",
                                   "-l", "vie+eng"], capture_output=True, text=True, check=False)
            bare_s += time.perf_counter() - started
            bare_text += bare.stdout + "\n"
        page_count = int(entry.get("pages", 1))
        if page_count > 1:
            documents.append(f"  {group:9} {family:26} {kind:6} {page_count} pages: "
                             f"{ours_s:.2f} s wall, bare tesseract {bare_s:.2f} s "
                             f"(one page after the other)")
        page_text = (folder / entry["text"]).read_text(encoding="utf-8") if entry.get(
            "text") else ""
        ours_text = " ".join(w.text for p in reading.pages for w in p.words)
        expected = [(line["line_no"], n, line.get(n)) for line in truth["lines"]
                    for n in LINE_FIELDS]
        found = {(line["line_no"], n, line.get(n)) for line in got["lines"] for n in LINE_FIELDS}
        read = {(line["line_no"], n): line.get(n) for line in got["lines"] for n in LINE_FIELDS}
        for line_no, name, value in expected:
            if (line_no, name, value) not in found:
                wrong[(group, kind, name)] += 1
                listing.append(f"  {name_of} line {line_no} {name}: "
                               f"{value!r} read {read.get((line_no, name))!r}")
        for name in HEADER:
            if got.get(name) != truth.get(name):
                wrong[(group, kind, name)] += 1
                listing.append(f"  {name_of} header {name}: {truth.get(name)!r} "
                               f"read {got.get(name)!r}")
        wrong_sure, right, right_sure, described = _numbers(truth, got)
        listing += [f"  {name_of} CONFIDENTLY WRONG {d}" for d in described]
        vi_words, vi_ok = _vietnamese_exact(truth, got)
        for key in keys:
            s = stats.setdefault(key, dict.fromkeys(STATS, 0.0))
            s["pages"] += page_count
            s["docs"] += 1
            s["lines_ok"] += sum(1 for f in expected if f in found)
            s["lines"] += len(expected)
            s["head_ok"] += sum(1 for n in HEADER if got.get(n) == truth.get(n))
            s["head"] += len(HEADER)
            s["ours_s"] += ours_s
            s["num_wrong_sure"] += wrong_sure
            s["num_ok"] += right
            s["num_ok_sure"] += right_sure
            s["vi_words"] += vi_words
            s["vi_ok"] += vi_ok
            if singles:
                s["timed"] += page_count
                s["bare_s"] += bare_s
                s["ours_cer"] += _cer(page_text, ours_text) * page_count
                s["bare_cer"] += _cer(page_text, bare_text) * page_count
        print(f"{name_of}: {ours_s:.2f} s" + (f" vs {bare_s:.2f} s" if singles else ""),
              file=sys.stderr)
    order = {g: k for k, g in enumerate(GROUPS)}
    kinds = {k: n for n, k in enumerate(IMAGE_KINDS + DIGITAL_KINDS)}
    keys = sorted(stats, key=lambda k: (order[k[0]], k[1], kinds.get(k[2], 99)))
    print(f"{'kind':11} {COLUMNS} group")
    for group, family, kind in keys:
        if not family:
            headline = " (headline: leave-family-out)" if group == "held-out" else ""
            print(f"{kind:11} {_row(stats[(group, family, kind)])} {group}{headline}")
    print()
    print(LEGEND.format(sure=CONFIDENT, omp=os.environ.get("OMP_THREAD_LIMIT")))
    print()
    print(f"{'group':9} {'family':26} {'kind':11} {COLUMNS}")
    for group, family, kind in keys:
        if family:
            print(f"{group:9} {family:26} {kind:11} {_row(stats[(group, family, kind)])}")
    if documents:
        print()
        print("Documents of several pages (wall time of the whole reading):")
        print("\n".join(documents))
    print()
    print("Wrong fields by kind and field" + ("" if show_held_out else " (tuning pages only)")
          + ":")
    for (group, kind, name), count in wrong.most_common():
        if group == "tuning" or show_held_out:
            print(f"  {group:9} {kind:11} {name:16} {count:5d}")
    if args.errors:
        print()
        print("Every wrong field" + ("" if show_held_out else " (tuning pages only: held-out "
                                     "errors only with --families held-out)") + ":")
        print("\n".join(line for line in listing
                        if show_held_out or not line.startswith("  held-out/")))
    print()
    print("Real images shipped by packages:")
    try:
        import skimage

        page = Path(skimage.__file__).parent / "data" / "page.png"
        ours = " ".join(w.text for w in read_document(page.read_bytes()).pages[0].words)
        bare = subprocess.run(["tesseract", str(page), "stdout", "--psm", "3", "-l", "vie+eng"],
                              capture_output=True, text=True, check=False).stdout
        print(f"  scikit-image page.png (a photographed book page, lit from one side): "
              f"CER ours {_cer(PAGE_PNG_TEXT, ours):.1%}, bare {_cer(PAGE_PNG_TEXT, bare):.1%}")
        print(f"    ours: {ours!r}")
    except ImportError:
        print("  scikit-image is not installed: page.png skipped")
    samples = Path("/usr/share/doc/opencv-doc/examples/data")
    if samples.exists():
        for name in ("imageTextN.png", "imageTextR.png"):
            if (samples / name).exists():
                reading = read_document((samples / name).read_bytes())
                words = reading.pages[0].words
                print(f"  opencv-doc {name}: {' '.join(w.text for w in words)[:80]!r}"
                      f" {list(reading.manifest.warnings)}")
        plate = samples / "licenseplate_motion.jpg"
        if plate.exists():
            from borderdesk.ocr.engine import default_engine
            from borderdesk.ocr.pipeline import page_images
            from borderdesk.ocr.plates import read_plate

            ranked = read_plate(page_images(plate.read_bytes())[0], default_engine())
            print(f"  opencv-doc licenseplate_motion.jpg (blurred, not Vietnamese): "
                  f"{[(c.plate, c.valid) for c in ranked[:3]]}")
    else:
        print("  Debian opencv-doc is not installed: its rotated-text and plate photos skipped")


if __name__ == "__main__":
    main()
