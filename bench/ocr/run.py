"""OCR benchmark: our pipeline against the bare tesseract command on the generated corpus.

    python bench/ocr/run.py [--corpus DIR] [--pages 60] [--errors]

Prints, per page kind (clean/photo): line-field exact-match accuracy,
header-field accuracy, character error rate against the truth's text,
seconds per page, and the ratios ours/bare for time and CER; then the
wrong fields counted per kind and field (``--errors`` lists each one).
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
from pathlib import Path

from rapidfuzz.distance import Levenshtein

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from borderdesk.documents.manifest_json import manifest_to_dict  # noqa: E402
from borderdesk.ocr.pipeline import read_document  # noqa: E402

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


def _corpus(pages: int) -> Path:
    spec = importlib.util.spec_from_file_location("ocr_corpus", ROOT / "bench/ocr/corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["ocr_corpus"] = module
    spec.loader.exec_module(module)
    folder = Path(tempfile.mkdtemp(prefix="bd-ocr-corpus-"))
    module.generate(folder, pages)
    return folder


def _cer(truth_words: str, text: str) -> float:
    """Character error rate against the text drawn on the page, order-free (sorted tokens).

    Sorting the tokens first compares what was read, not the order an
    engine reads a table in, the same way for our pipeline and bare tesseract.
    """
    reference = " ".join(sorted(truth_words.split()))
    hypothesis = " ".join(sorted(w for w in text.split() if w))
    return Levenshtein.distance(reference, hypothesis) / max(1, len(reference))




def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--errors", action="store_true",
                        help="list every wrong field: page, line, truth and reading")
    args = parser.parse_args(argv)
    folder = args.corpus or _corpus(args.pages)
    index = json.loads((folder / "index.json").read_text())[: args.pages]
    stats: dict[str, dict[str, float]] = {}
    wrong: collections.Counter[tuple[str, str]] = collections.Counter()
    listing: list[str] = []
    for entry in index:
        truth = json.loads((folder / entry["truth"]).read_text(encoding="utf-8"))
        data = (folder / entry["file"]).read_bytes()
        started = time.perf_counter()
        reading = read_document(data)
        ours_s = time.perf_counter() - started
        got = manifest_to_dict(reading.manifest)
        started = time.perf_counter()
        bare = subprocess.run(["tesseract", str(folder / entry["file"]), "stdout", "--psm", "3",
                               "-l", "vie+eng"], capture_output=True, text=True, check=False)
        bare_s = time.perf_counter() - started
        page_text = (folder / entry["text"]).read_text(encoding="utf-8")
        ours_text = " ".join(w.text for p in reading.pages for w in p.words)
        bare_text = bare.stdout
        expected = [(line["line_no"], n, line.get(n)) for line in truth["lines"]
                    for n in LINE_FIELDS]
        found = {(line["line_no"], n, line.get(n)) for line in got["lines"] for n in LINE_FIELDS}
        read = {(line["line_no"], n): line.get(n) for line in got["lines"] for n in LINE_FIELDS}
        for line_no, name, value in expected:
            if (line_no, name, value) not in found:
                wrong[(entry["kind"], name)] += 1
                listing.append(f"  {entry['file']} line {line_no} {name}: "
                               f"{value!r} read {read.get((line_no, name))!r}")
        for name in HEADER:
            if got.get(name) != truth.get(name):
                wrong[(entry["kind"], name)] += 1
                listing.append(f"  {entry['file']} header {name}: {truth.get(name)!r} "
                               f"read {got.get(name)!r}")
        s = stats.setdefault(entry["kind"], dict.fromkeys(
            ("pages", "lines_ok", "lines", "head_ok", "head", "ours_s", "bare_s", "ours_cer",
             "bare_cer"), 0.0))
        s["pages"] += 1
        s["lines_ok"] += sum(1 for f in expected if f in found)
        s["lines"] += len(expected)
        s["head_ok"] += sum(1 for n in HEADER if got.get(n) == truth.get(n))
        s["head"] += len(HEADER)
        s["ours_s"] += ours_s
        s["bare_s"] += bare_s
        s["ours_cer"] += _cer(page_text, ours_text)
        s["bare_cer"] += _cer(page_text, bare_text)
        print(f"{entry['file']}: {ours_s:.2f} s vs {bare_s:.2f} s", file=sys.stderr)
    print(f"{'kind':6} {'pages':>5} {'line fields':>11} {'header':>7} {'CER ours':>8} "
          f"{'CER bare':>8} {'s/page':>7} {'bare s':>7} {'time x':>6} {'CER x':>6}")
    for kind, s in sorted(stats.items()):
        n = s["pages"]
        print(f"{kind:6} {int(n):5d} {s['lines_ok'] / max(1, s['lines']):11.1%} "
              f"{s['head_ok'] / max(1, s['head']):7.1%} {s['ours_cer'] / n:8.1%} "
              f"{s['bare_cer'] / n:8.1%} {s['ours_s'] / n:7.2f} {s['bare_s'] / n:7.2f} "
              f"{s['ours_s'] / max(1e-9, s['bare_s']):6.2f} "
              f"{s['ours_cer'] / max(1e-9, s['bare_cer']):6.2f}")
    print()
    print("Wrong fields by kind and field:")
    for (kind, name), count in wrong.most_common():
        print(f"  {kind:6} {name:16} {count:5d}")
    if args.errors:
        print()
        print("Every wrong field:")
        print("\n".join(listing))
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
