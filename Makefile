# The two commands of the quick start: `make run` and `make test`.
# Both set up what is missing first: system packages, the virtual
# environment, the compiled translations.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_PACKAGES := python3-venv tesseract-ocr tesseract-ocr-eng tesseract-ocr-vie tesseract-ocr-lao tesseract-ocr-tha poppler-utils fonts-dejavu-core \
	libegl1 libgl1 libglib2.0-0 libfontconfig1 libxkbcommon0 libdbus-1-3 libxkbcommon-x11-0 \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 \
	libxcb-randr0 libxcb-xinerama0 libxcb-xkb1
MO := resources/locale/vi/LC_MESSAGES/borderdesk.mo
QM := resources/locale/vi/qtbase_vi.qm
PO := resources/locale/vi/LC_MESSAGES/borderdesk.po
export OMP_THREAD_LIMIT := 1
# The suite runs on both cores of CI's machine (pytest-xdist); tests that build ids from
# random values would be collected differently by each worker, so none do.
TEST_WORKERS ?= 2

.PHONY: run test setup system-packages lint typecheck layers coverage-floor catalog clean

run: setup
	$(BIN)/borderdesk

test: setup lint typecheck layers coverage-floor
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

setup: system-packages $(STAMP) $(MO) $(QM)

system-packages:
	@missing=""; for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

$(MO): $(PO) $(STAMP)
	$(BIN)/pybabel compile -D borderdesk -d resources/locale -l vi

$(QM): resources/locale/vi/qtbase_vi.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

catalog: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 --project=BorderDesk --no-location --sort-output -o resources/locale/borderdesk.pot borderdesk
	$(BIN)/pybabel update --ignore-obsolete -D borderdesk -i resources/locale/borderdesk.pot -d resources/locale -l vi --no-fuzzy-matching

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

# Where being wrong is unacceptable: every branch of the pure rules, the audit
# chain's hashing, the lockout policy and the manifest parser is exercised by
# their unit tests.
coverage-floor: $(STAMP) $(MO)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/unit/rules tests/unit/custody \
		tests/unit/core/test_lockout.py tests/unit/ocr/test_ocr_layout.py \
		tests/unit/ocr/test_ocr_normalize.py tests/unit/ocr/test_ocr_parse.py \
		tests/unit/ocr/test_header_fields.py tests/unit/ocr/test_cross_checks.py \
		tests/unit/ocr/test_table_columns.py tests/unit/ocr/test_sectioned_tables.py \
		tests/unit/ocr/test_exporters_forms.py tests/unit/ocr/test_cell_overflow.py \
		tests/unit/ocr/test_forwarders_lists.py \
		tests/unit/documents/test_manifest_json.py tests/unit/documents/test_hostile_declarations.py \
		tests/unit/test_handed_files.py \
		--cov=borderdesk.rules --cov=borderdesk.custody.chain --cov=borderdesk.custody.verify --cov=borderdesk.custody.handoff_states --cov=borderdesk.custody.security_state --cov=borderdesk.access.lockout \
		--cov=borderdesk.ocr.layout --cov=borderdesk.ocr.normalize --cov=borderdesk.ocr.parse --cov=borderdesk.ocr.vocabulary --cov=borderdesk.ocr.table \
		--cov=borderdesk.ocr.header_fields --cov=borderdesk.ocr.header_values --cov=borderdesk.ocr.header_labels \
		--cov=borderdesk.ocr.phrases --cov=borderdesk.ocr.cross_checks --cov=borderdesk.ocr.columns \
		--cov=borderdesk.ocr.column_types --cov=borderdesk.ocr.column_labels --cov=borderdesk.ocr.table_rows \
		--cov=borderdesk.documents.manifest_json --cov=borderdesk.documents.numbers \
		--cov=borderdesk.json_input --cov=borderdesk.intake \
		--cov-branch --cov-report=term-missing:skip-covered --cov-fail-under=100

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

# The OCR benchmark (docs/ocr-benchmark.md): held-out families first. LibreOffice exports the
# digital twins and DejaVu Sans Condensed is one of the fonts: both installed when missing.
.PHONY: bench-ocr
bench-ocr: setup
	@missing=""; command -v soffice >/dev/null || missing="libreoffice-calc-nogui libreoffice-writer-nogui"; \
	test -e /usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf || missing="$$missing fonts-dejavu-extra"; \
	test -e /usr/share/fonts/opentype/urw-base35/NimbusSans-Regular.otf || missing="$$missing fonts-urw-base35"; \
	test -e /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf || missing="$$missing fonts-droid-fallback"; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages: $$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	$(BIN)/python bench/ocr/run.py $(BENCH_OCR_ARGS)
