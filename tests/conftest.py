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
