"""Fixtures that build the real site, from a copy of the repository in a temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from policykit.site import SITE_SOURCES, copy_sources

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Build:
    returncode: int
    output: str
    site: Path

    def page(self, url: str) -> str:
        """The HTML a reader gets at a URL path such as "ru/scandoc/privacy/"."""
        return (self.site / url / "index.html").read_text(encoding="utf-8")


def copy_site(destination: Path) -> Path:
    """What a build reads, and the scripts, templates and hooks config that the tools use."""
    return copy_sources(REPO, destination, (*SITE_SOURCES, "scripts", "templates", ".pre-commit-config.yaml"))


def build_site(root: Path, *extra: str) -> Build:
    """Run `mkdocs build --strict` as a writer would, in a separate process."""
    site = root / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site), *extra],
        cwd=root, env=env, capture_output=True, text=True)
    return Build(result.returncode, result.stdout + result.stderr, site)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Build:
    """The real site, built once for every test that only reads it."""
    result = build_site(copy_site(tmp_path_factory.mktemp("repo")))
    assert result.returncode == 0, result.output
    return result


@pytest.fixture
def site_copy(tmp_path) -> Path:
    """A fresh copy of the repository's site sources that a test may break."""
    return copy_site(tmp_path / "repo")


R1, R2 = "2026-11-22", "2026-12-01"


def repo_to_serve(tmp_path_factory, name: str):
    """A temporary repository of the site, and the port and address its gh-pages will be served at."""
    from browser import free_port
    from gitrepo import make_repo  # imports this module: a local import avoids the cycle

    folder = tmp_path_factory.mktemp(name)
    port = free_port()
    return make_repo(folder / "repo"), folder, port, f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """Two releases (ScanDoc changed in the second), served over HTTP like GitHub Pages."""
    from browser import export_branch, serve

    repo, folder, port, base = repo_to_serve(tmp_path_factory, "browser")
    assert repo.publish("--date", R1, site_url=base).returncode == 0
    repo.extend_scandoc_log_retention(R2)
    repo.commit("ScanDoc keeps logs for 5 years")
    result = repo.publish("--date", R2, site_url=base)
    assert result.returncode == 0, result.stderr
    server = serve(export_branch(repo.root, "gh-pages", folder / "pages"), port)
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from browser import CHROMIUM, CHROMIUM_FLAGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site):
    context = browser.new_context()
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    foreign = [url for url in page.requests if not url.startswith(site) and not url.startswith("data:")]
    assert foreign == [], "no page requests any other origin"
    context.close()


