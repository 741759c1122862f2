# The two set-up commands of the README (serve, test), and the few others a writer or publisher needs.
# Every target installs what it needs first, into .venv, from the pinned requirements (the project included).
VENV := .venv
PY := $(VENV)/bin/python
POLICY := $(VENV)/bin/policy
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build typecheck test test-fast review publish refresh releases chromium
serve: $(VENV)/.installed
	$(VENV)/bin/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

build: $(VENV)/.installed
	$(VENV)/bin/mkdocs build --strict --site-dir site

# The policy logic and the hooks against their annotations (mypy, set up under [tool.mypy] in pyproject.toml).
typecheck: $(VENV)/.installed
	$(PY) -m mypy policykit hooks

# The type check first: a type error fails the tests before any of them runs.
test: typecheck node_modules/.installed chromium
	$(PY) -m pytest

# Everything but the browser tests: what pull requests and pre-push checks run.
test-fast: typecheck
	$(PY) -m pytest -m "not browser"

# make review ARGS="--base latest --markdown"
review: $(VENV)/.installed
	$(POLICY) review $(ARGS)

# make publish ARGS="--date 2026-12-01 --push"
publish: $(VENV)/.installed
	$(POLICY) publish $(ARGS)

# make refresh ARGS="--push": publish again as of today when a version took effect (the daily job)
refresh: $(VENV)/.installed
	$(POLICY) refresh $(ARGS)

# Serve the published releases on gh-pages, as readers get them, at http://127.0.0.1:8000
releases: $(VENV)/.installed
	$(VENV)/bin/mike serve --dev-addr 127.0.0.1:8000

$(VENV)/.installed: requirements.txt requirements-test.txt pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# axe-core, Lighthouse and the vendored diff library's package, pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The browser tests drive Debian's Chromium (playwright cannot download browsers here), or the browser
# that CHROMIUM names.
chromium:
	@[ -x "$${CHROMIUM:-/usr/bin/chromium}" ] || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
