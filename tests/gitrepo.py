"""Temporary git repositories holding a copy of the site, and publishing from them as a publisher would."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from conftest import copy_site

GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
           "GIT_CONFIG_GLOBAL": os.devnull, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Repo:
    root: Path

    def git(self, *args: str) -> str:
        result = subprocess.run(["git", *args], cwd=self.root, env={**os.environ, **GIT_ENV},
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def edit(self, path: str, old: str, new: str) -> None:
        file = self.root / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new), encoding="utf-8")

    def set_date(self, brand: str, old: str, new: str) -> None:
        for lang in ("en", "ru"):
            self.edit(f"docs/{lang}/{brand}/privacy.md", f"effective_date: {old}", f"effective_date: {new}")

    def extend_scandoc_log_retention(self, effective: str) -> None:
        """The tests' usual policy change: ScanDoc keeps action logs 5 years instead of 3, as a new version."""
        self.edit("docs/en/scandoc/privacy.md", "for 3 years", "for 5 years")
        self.edit("docs/ru/scandoc/privacy.md", "в течение 3 лет", "в течение 5 лет")
        self.set_date("scandoc", self.effective_date("scandoc"), effective)

    def effective_date(self, brand: str) -> str:
        text = (self.root / "docs" / "en" / brand / "privacy.md").read_text(encoding="utf-8")
        return re.search(r"^effective_date: (\S+)", text, re.M).group(1)

    def publish(self, *args: str, site_url: str | None = None) -> subprocess.CompletedProcess:
        env = {**os.environ, **GIT_ENV, **({"SITE_URL": site_url} if site_url else {})}
        return subprocess.run([sys.executable, "scripts/publish.py", *args], cwd=self.root,
                              env=env, capture_output=True, text=True)

    def pages_head(self) -> str | None:
        result = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "refs/heads/gh-pages"],
                                cwd=self.root, capture_output=True, text=True)
        return result.stdout.strip() or None

    def show(self, path: str) -> str:
        return self.git("show", f"gh-pages:{path}")

    def release_files(self, release: str) -> dict[str, str]:
        """Every file of a published release, as path -> (mode, blob id): identical maps mean identical bytes."""
        listing = self.git("ls-tree", "-r", "gh-pages", f"{release}/")
        return {line.split("\t")[1]: " ".join(line.split()[:3:2]) for line in listing.splitlines()}

    def versions(self) -> list[dict]:
        return json.loads(self.show("versions.json"))


def make_repo(path: Path) -> Repo:
    repo = Repo(copy_site(path))
    repo.git("init", "-q", "-b", "main")
    repo.commit("The site")
    return repo
