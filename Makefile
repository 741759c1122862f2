# The two set-up commands of the README, and the few others a publisher or writer needs.
# Every target installs what it needs first, into .venv, from the pinned requirements.
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test test-fast review publish releases chromium
serve: $(VENV)/.installed
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

build: $(VENV)/.installed
	$(PY) -m mkdocs build --strict --site-dir site

test: $(VENV)/.installed node_modules/.installed chromium
	$(PY) -m pytest

# Everything but the browser tests: what pull requests and pre-push checks run.
test-fast: $(VENV)/.installed
	$(PY) -m pytest -m "not browser"

# make review ARGS="--base latest --markdown"
review: $(VENV)/.installed
	$(PY) scripts/review.py $(ARGS)

# make publish ARGS="--date 2026-12-01 --push"
publish: $(VENV)/.installed
	$(PY) scripts/publish.py $(ARGS)

# Serve the published releases on gh-pages, as readers get them, at http://127.0.0.1:8000
releases: $(VENV)/.installed
	$(VENV)/bin/mike serve --dev-addr 127.0.0.1:8000

$(VENV)/.installed: requirements.txt requirements-test.txt pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --editable .
	touch $@

# axe-core and Lighthouse for the accessibility and Lighthouse tests, pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The browser tests drive Debian's Chromium (playwright cannot download browsers here), or the browser
# that CHROMIUM names.
chromium:
	@[ -x "$${CHROMIUM:-/usr/bin/chromium}" ] || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
