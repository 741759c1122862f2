"""Fixtures that build real sites (the fixture site, or a copy of the repository's) in temporary folders."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from fixture_site import make_site

REPO = Path(__file__).resolve().parent.parent
# The `mkdocs` command itself, as MkDocs users and hosting services run it (not `python -m mkdocs`, which
# would put the working folder on sys.path and hide a package that is not installed).
MKDOCS = str(Path(sys.executable).parent / "mkdocs")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Build:
    returncode: int
    output: str
    site: Path

    def page(self, url: str) -> str:
        """The HTML a reader gets at a URL path such as "ru/acme/privacy/"."""
        return (self.site / url / "index.html").read_text(encoding="utf-8")


def build_site(root: Path, *extra: str, site: Path | None = None) -> Build:
    """`mkdocs build --strict`, as a writer or a hosting service runs it, in a separate process."""
    site = site or root / "site"
    result = subprocess.run([MKDOCS, "build", "--strict", "--site-dir", str(site), *extra], cwd=root, env=ENV,
                            capture_output=True, text=True)
    return Build(result.returncode, result.stdout + result.stderr, site)


def copy_repository(destination: Path) -> Path:
    """The repository's own site (content and build), as a clean clone has it: its committed files."""
    from policykit.content import SITE_SOURCES, copy_sources
    return copy_sources(REPO, destination, (*SITE_SOURCES, "templates", "policykit", ".pre-commit-config.yaml",
                                            "pyproject.toml"))


@pytest.fixture
def fixture_root(tmp_path) -> Path:
    """A fresh fixture site that a test may change."""
    return make_site(tmp_path / "site-src")


@pytest.fixture(scope="session")
def fixture_built(tmp_path_factory) -> Build:
    """The fixture site, built once for the tests that only read it."""
    result = build_site(make_site(tmp_path_factory.mktemp("fixture") / "src"))
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def real_built(tmp_path_factory) -> Build:
    """The repository's own content, built once."""
    result = build_site(copy_repository(tmp_path_factory.mktemp("real") / "repo"))
    assert result.returncode == 0, result.output
    return result


@dataclass
class Served:
    """Published releases of the fixture site, served as GitHub Pages serves gh-pages."""

    base: str  # the site's address, e.g. http://127.0.0.1:PORT/
    repo: object  # gitrepo.Repo
    releases: dict  # the day of each publication (each a release folder): "first", "second", "announced"
    days: dict  # the effective dates: "first", "acme_second", "globex_upcoming"


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """Three publications of the fixture site, at the root of gh-pages: the first versions; Acme's second version
    (its first is now superseded); Globex's second version announced ahead of its date (its dated page says
    upcoming, `globex/privacy/` keeps showing the version in force). Every date is counted from today, as readers'
    browsers count."""
    import datetime

    from browser import export_branch, free_port, serve
    from fixture_site import FIRST_EFFECTIVE, new_version
    from gitrepo import day, make_repo

    folder = tmp_path_factory.mktemp("served")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    repo = make_repo(folder / "repo")
    first, second, announce = day(-60), day(-30), day(-5)
    upcoming = datetime.date.today() + datetime.timedelta(days=10)
    log = [repo.publish("--date", first, site_url=base)]
    new_version(repo.root, "acme", datetime.date.fromisoformat(second))
    repo.commit("Acme: visit logs kept 5 years")
    log.append(repo.publish("--date", second, site_url=base))
    new_version(repo.root, "globex", upcoming)
    repo.commit("Globex: visit logs kept 5 years, from a later day")
    log.append(repo.publish("--date", announce, site_url=base))
    for result in log:
        assert result.returncode == 0, result.stdout + result.stderr
    server = serve(export_branch(repo.root, "gh-pages", folder / "pages"), port)
    yield Served(base, repo, {"first": first, "second": second, "announced": announce},
                 {"first": FIRST_EFFECTIVE.isoformat(), "acme_second": second, "globex_upcoming": upcoming.isoformat()})
    server.shutdown()


# Globex's correction: a wording, and its note in the text's own language.
CORRECTED_WORDS = {"en": ("the pages you visit", "the pages that you visit"),
                   "ru": ("посещённые страницы", "страницы, которые вы посетили")}
CORRECTION_NOTE = {"en": "The list of data reads better.", "ru": "Список данных сформулирован яснее."}
# Acme's visit logs kept longer (from one year less), and what its summary says then.
LONGER = {years: {"en": (f"{years - 1} years", f"{years} years"), "ru": (f"{years - 1} лет", f"{years} лет")}
          for years in (6, 7)}
LONGER_SUMMARY = {years: {"en": f"Visit logs are kept for {years} years.",
                          "ru": f"Журнал посещений хранится {years} лет."} for years in (6, 7)}


@pytest.fixture(scope="session")
def every_status(tmp_path_factory):
    """Five publications of the fixture site that leave a text of each status, in both languages (tests of how
    each looks: screenshots, Lighthouse). Acme: its first text superseded by a second (in force, with a redline), a
    third announced and then replaced before its day by a fourth (`replaces_announcement:`): the third withdrawn,
    the fourth upcoming. Globex: its first text corrected (a word, in both languages): the first corrected, the
    correction in force. `days` names each text's dated address: "superseded", "in_force", "withdrawn", "upcoming",
    "corrected", "correction"."""
    import datetime

    from browser import export_branch, free_port, serve
    from fixture_site import FIRST_EFFECTIVE, edit, new_version, policy_file
    from gitrepo import day, make_repo

    folder = tmp_path_factory.mktemp("statuses")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    repo = make_repo(folder / "repo")
    log = [repo.publish("--date", day(-60), site_url=base)]
    new_version(repo.root, "acme", datetime.date.fromisoformat(day(-30)))
    repo.commit("Acme: visit logs kept 5 years")
    log.append(repo.publish("--date", day(-30), site_url=base))
    for lang, (old, new) in CORRECTED_WORDS.items():
        edit(policy_file(repo.root, lang, "globex"), "\n---\n", f"\ncorrection: {CORRECTION_NOTE[lang]}\n---\n")
        edit(policy_file(repo.root, lang, "globex"), old, new)
    repo.commit("Globex: a correction")
    log.append(repo.publish("--date", day(-20), site_url=base))
    for lang in ("en", "ru"):  # published once: the next change is not a correction
        edit(policy_file(repo.root, lang, "globex"), f"\ncorrection: {CORRECTION_NOTE[lang]}\n", "\n")
    new_version(repo.root, "acme", datetime.date.fromisoformat(day(15)), LONGER[6], LONGER_SUMMARY[6])
    repo.commit("Acme: visit logs kept 6 years, announced")
    log.append(repo.publish("--date", day(-5), site_url=base))
    new_version(repo.root, "acme", datetime.date.fromisoformat(day(20)), LONGER[7], LONGER_SUMMARY[7])
    for lang in ("en", "ru"):
        edit(policy_file(repo.root, lang, "acme"), "\n---\n", f"\nreplaces_announcement: {day(15)}\n---\n")
    repo.commit("Acme: the announced version replaced by a later one")
    log.append(repo.publish("--date", day(-1), site_url=base))
    for result in log:
        assert result.returncode == 0, result.stdout + result.stderr
    server = serve(export_branch(repo.root, "gh-pages", folder / "pages"), port)
    first = FIRST_EFFECTIVE.isoformat()
    yield Served(base, repo, {}, {"superseded": first, "in_force": day(-30), "withdrawn": day(15),
                                  "upcoming": day(20), "corrected": first,
                                  "correction": f"{first}-corrected-{day(-20)}"})
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, CHROMIUM_FLAGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, served):
    """A browser tab that records every request and every Content-Security-Policy violation; at the end it
    asserts that no request left the site and nothing was blocked."""
    context = browser.new_context()
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', "
                        "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI))")
    yield tab
    foreign = [url for url in tab.requests if not url.startswith(served.base) and not url.startswith("data:")]
    assert foreign == [], "no page requests any other origin"
    if not tab.is_closed():
        assert tab.evaluate("window.__csp || []") == [], "no Content-Security-Policy violation"
    context.close()
