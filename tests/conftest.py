"""Fixtures that build the real site, from a copy of the repository in a temporary folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# What a build reads: everything else in the repository is left out of the copies.
SITE_SOURCES = ("mkdocs.yml", "docs", "clauses", "data", "hooks", "overrides", "scripts")


@dataclass
class Build:
    returncode: int
    output: str
    site: Path

    def page(self, url: str) -> str:
        """The HTML a reader gets at a URL path such as "ru/scandoc/privacy/"."""
        return (self.site / url / "index.html").read_text(encoding="utf-8")


def copy_site(destination: Path) -> Path:
    destination.mkdir(parents=True, exist_ok=True)
    for name in SITE_SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / name)
    return destination


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
