"""Publishing releases to gh-pages with mike, so that nothing published is ever changed or lost.

A release is built and checked first; mike then commits it to a temporary branch that starts at the
current gh-pages; gh-pages moves to that commit only when every earlier release in it is byte-identical
(same git tree) to before. Whatever fails, gh-pages stays where it was.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mike import commands as mike
from mike import git_utils

from policykit.gitread import git, resolve
from policykit.published import PAGES_BRANCH, RELEASE_NAME, read_published

LATEST = "latest"
NO_COMMIT = "0" * 40


class ReleaseError(Exception):
    """A publishing problem, worded for the publisher; nothing was published."""


@dataclass(frozen=True)
class Release:
    name: str
    commit: str  # the gh-pages commit that holds it
    aliases: tuple[str, ...]


def release_name(day: datetime.date, existing: set[str]) -> str:
    """The day's date, with -2, -3, … for further releases on the same day."""
    name, number = day.isoformat(), 1
    while name in existing:
        number += 1
        name = f"{day.isoformat()}-{number}"
    return name


def pages_base(repo: Path) -> str | None:
    """The gh-pages commit to publish on: the local branch, else the remote one, else none yet."""
    return resolve(repo, f"refs/heads/{PAGES_BRANCH}") or resolve(repo, f"refs/remotes/origin/{PAGES_BRANCH}")


def published_releases(repo: Path, base: str | None) -> set[str]:
    published = read_published(repo, base)
    if published.files:
        published.files.close()
    return set(published.releases)


def build_release(repo: Path, name: str, base: str | None, site_dir: Path) -> None:
    """The strict build of the release, reading history from the gh-pages commit it will go on."""
    env = {**os.environ, "MIKE_DOCS_VERSION": name, "POLICY_PAGES_COMMIT": base or "", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
                            cwd=repo, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        details = "\n".join(line for line in (result.stdout + result.stderr).splitlines()
                            if not line.startswith("INFO"))
        raise ReleaseError(f"the release {name} did not build, so nothing was published:\n{details}")


def check_unchanged(repo: Path, base: str | None, candidate: str, releases: set[str]) -> None:
    """Every earlier release must be the same git tree, file for file, in the candidate commit."""
    for release in sorted(releases):
        before = resolve_tree(repo, base, release)
        after = resolve_tree(repo, candidate, release)
        if before != after:
            raise ReleaseError(f"publishing would have changed the published release {release}; "
                               "gh-pages was left as it was. Report this to a developer.")


def resolve_tree(repo: Path, commit: str, path: str) -> str | None:
    result = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{commit}:{path}"],
                            cwd=repo, capture_output=True, text=True)
    return result.stdout.strip() or None


def publish(repo: Path, name: str, aliases: tuple[str, ...] = (LATEST,), default: str = LATEST) -> Release:
    """Build and publish release `name` to the local gh-pages, or raise ReleaseError and change nothing."""
    if not RELEASE_NAME.match(name):
        raise ReleaseError(f'"{name}" is not a release name: use the release date, YYYY-MM-DD, or YYYY-MM-DD-2 '
                           "for a second release that day.")
    if git(repo, "status", "--porcelain", "--untracked-files=no"):
        raise ReleaseError("the working tree has uncommitted changes: commit them first, so that every release "
                           "is the text of a commit.")
    base = pages_base(repo)
    releases = published_releases(repo, base)
    if name in releases:
        raise ReleaseError(f"release {name} is already published, and a published release is never replaced. "
                           "Publish under a new name (scripts/publish.py picks the next free one for a date).")
    temporary = f"publish-{name}-{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="release-") as folder, contextlib.chdir(repo):
        site_dir = Path(folder) / "site"
        build_release(repo, name, base, site_dir)
        if base:
            git(repo, "branch", "--force", temporary, base)
        try:
            source = git(repo, "rev-parse", "--short", "HEAD")
            with mike.deploy({"site_dir": str(site_dir), "use_directory_urls": True}, name, aliases=list(aliases),
                             update_aliases=True, alias_type=mike.AliasType.redirect, branch=temporary,
                             message=f"Release {name} from {source}"):
                pass
            if not base or resolve_tree(repo, base, "index.html") is None:
                mike.set_default(default, branch=temporary, allow_undefined=True,
                                 message=f"Site root redirects to {default}")
            # GitHub Pages serves the root 404.html for every missing address; its links are absolute.
            with git_utils.Commit(temporary, f"Site-wide 404 page from release {name}") as commit:
                commit.add_file(git_utils.FileInfo("404.html", (site_dir / "404.html").read_bytes()))
            candidate = git(repo, "rev-parse", temporary)
            check_unchanged(repo, base, candidate, releases)
            # Compare-and-swap: refuses if gh-pages moved while this release was being built.
            git(repo, "update-ref", f"refs/heads/{PAGES_BRANCH}", candidate, base or NO_COMMIT)
        finally:
            subprocess.run(["git", "branch", "-D", temporary], cwd=repo, capture_output=True)
    return Release(name, candidate, aliases)


def push(repo: Path, remote: str) -> None:
    result = subprocess.run(["git", "push", remote, f"refs/heads/{PAGES_BRANCH}:refs/heads/{PAGES_BRANCH}"],
                            cwd=repo, capture_output=True, text=True)
    if result.returncode != 0:
        raise ReleaseError(f"the release is on the local gh-pages but could not be pushed to {remote}:\n"
                           f"{result.stderr.strip()}\nFetch {remote}/gh-pages, then publish again: "
                           "a release is never pushed over someone else's.")
