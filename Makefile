# Two commands on a fresh machine with only Python: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
POS    := $(wildcard translations/*/LC_MESSAGES/intake.po translations/*/LC_MESSAGES/receipt.po)
MOS    := $(POS:.po=.mo)

.PHONY: run test test-tools bench receipt-samples translations extract-messages update-catalogs clean screenshots \
        package package-tools package-twice lock-build

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Compiled catalogs are build output: made here, never committed.
translations/%/LC_MESSAGES/intake.mo: translations/%/LC_MESSAGES/intake.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -D intake -d translations -l $* --statistics

# Receipt texts (domain `receipt`, intake_app/receipts/texts.py): a fuzzy legal text is never printed.
translations/%/LC_MESSAGES/receipt.mo: translations/%/LC_MESSAGES/receipt.po $(STAMP)
	$(BIN)/pybabel compile -D receipt -d translations -l $* --statistics

translations: $(MOS)

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F translations/babel.cfg -k N_ -k ngettext:1,2 \
	    --project="Field Intake" --version=$$($(BIN)/python -c "import intake_app; print(intake_app.__version__)") \
	    --msgid-bugs-address="" --no-wrap --sort-by-file -o translations/intake.pot .
	$(BIN)/pybabel extract --no-default-keywords -k receipt_text \
	    --project="Field Intake" --version=$$($(BIN)/python -c "import intake_app; print(intake_app.__version__)") \
	    --msgid-bugs-address="" --no-wrap --sort-by-file -o translations/receipt.pot intake_app/receipts/texts.py

update-catalogs: extract-messages
	$(BIN)/pybabel update -D intake -i translations/intake.pot -d translations --no-fuzzy-matching --ignore-obsolete --no-wrap
	$(BIN)/pybabel update -D receipt -i translations/receipt.pot -d translations --no-fuzzy-matching --ignore-obsolete --no-wrap

run: $(STAMP) translations
	$(BIN)/intake-app

# In CI (root, Debian): poppler's pdftotext/pdftoppm and a TrueType Chinese font, so the receipt tests
# also read PDFs back with a second extractor and print Chinese; desktop-file-validate for the package
# test's desktop entry (make package installs what the build needs). Elsewhere those few tests skip.
test-tools:
	@if [ "$$CI" = "true" ] && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    (command -v pdftotext >/dev/null && fc-list :lang=zh | grep -q . \
	        && command -v desktop-file-validate >/dev/null) || \
	    (apt-get update -qq && apt-get install -y -qq --no-install-recommends poppler-utils fonts-wqy-zenhei \
	        fontconfig desktop-file-utils >/dev/null) || \
	    echo "could not install the test tools: the tests that need them skip"; fi

# In parallel, one worker per core (pytest-xdist); each file's tests stay in one worker, so a module's
# fixtures are made once, and files are handed out in collection order (slow ones first, tests/conftest.py).
# `make test PYTEST_PARALLEL=` runs them in one process. The order is the files' own;
# `make test PYTEST_ARGS="-p randomly"` shuffles it (pytest-randomly, off in pyproject.toml).
PYTEST_PARALLEL ?= -n auto --dist loadfile --no-loadscope-reorder

test: $(STAMP) translations test-tools
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

bench: $(STAMP) translations
	$(BIN)/python -m benchmarks

# PNG renders of sample receipts for the README (docs/receipts/), made from real PDFs with pdftoppm.
receipt-samples: $(STAMP) translations
	@command -v pdftoppm >/dev/null || (apt-get update -qq && apt-get install -y -qq poppler-utils)
	$(BIN)/python docs/receipts/make_samples.py

clean:
	rm -rf $(VENV) build dist *.egg-info $(MOS)

# The packaged app (packaging/, docs/packaging.md): its own environment, installed only from the
# hash-pinned lock, so the package does not depend on what the development venv happens to hold.
PKG_VENV  := build/package-venv
PKG_STAMP := $(PKG_VENV)/.installed-stamp
PKG_PY    := $(PKG_VENV)/bin/python

$(PKG_STAMP): packaging/requirements-build.txt
	@test -x $(PKG_PY) || $(PYTHON) -m venv $(PKG_VENV)
	$(PKG_PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes \
	    -r packaging/requirements-build.txt
	@touch $(PKG_STAMP)

# On Debian as root (CI): binutils, which PyInstaller uses on Linux, and the Chinese receipt font the
# Linux package carries (fonts-droid-fallback). Elsewhere build.py says what is missing.
package-tools:
	@if [ "$$(uname)" = Linux ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	    { ! command -v objdump >/dev/null || [ ! -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ]; }; then \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends binutils fonts-droid-fallback >/dev/null; fi

# dist/field-intake-<version>-<os>-<arch>/ and its archive; prints the size and runs the built self-test.
package: $(PKG_STAMP) package-tools
	$(PKG_PY) packaging/build.py

# Build twice from scratch and list every file that differs, and why.
package-twice: $(PKG_STAMP) package-tools
	$(PKG_PY) packaging/build.py --dist build/repro/first --work build/repro/work-first --no-self-test
	$(PKG_PY) packaging/build.py --dist build/repro/second --work build/repro/work-second --no-self-test
	$(PKG_PY) packaging/compare_builds.py build/repro/first build/repro/second

# Remake the lock after changing dependencies (pyproject.toml) or build tools (packaging/build-tools.in).
# uv resolves for every platform at once, so the Windows build uses the same file.
lock-build:
	@test -x build/uv-venv/bin/uv || ($(PYTHON) -m venv build/uv-venv && build/uv-venv/bin/pip install --quiet uv)
	build/uv-venv/bin/uv pip compile pyproject.toml packaging/build-tools.in --universal --python-version 3.11 \
	    --generate-hashes --no-header -o packaging/requirements-build.txt

# Screenshots of the real app on a virtual X screen (needs Debian's xvfb; installs it if missing).
screenshots: $(STAMP) translations
	@command -v xvfb-run >/dev/null || (apt-get update -qq && apt-get install -y -qq xvfb libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xinerama0 libxcb-shape0)
	xvfb-run -a -s "-screen 0 1366x768x24" $(BIN)/python docs/screenshots/take_screenshots.py
