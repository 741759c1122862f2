"""What has been published: the releases on the gh-pages branch, and each release's policies.json.

Every release records its policies (effective date, digest of the readable text, the text itself) in
policies.json; a build reads them back from gh-pages to show version history and redlines. A
published release never changes, so neither does what it recorded.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from policykit.gitread import GitFiles, is_git_repository, is_shallow, resolve
from policykit.problems import PolicyError, Problem

PAGES_BRANCH = "gh-pages"
MANIFEST = "policies.json"
RELEASE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-(\d+))?$")


@dataclass(frozen=True)
class PublishedPolicy:
    """One policy in one language as one release published it."""

    release: str
    lang: str
    key: str
    title: str
    effective_date: datetime.date
    sha256: str
    path: str  # the page, relative to the release's root: "ru/scandoc/privacy/"
    text: str  # the readable text file, relative to the release's root
    markdown: str | None  # the Markdown it was rendered from (clauses and variables filled in)


@dataclass
class Published:
    commit: str | None
    releases: list[str] = field(default_factory=list)  # oldest first
    aliases: dict[str, str] = field(default_factory=dict)  # alias -> release
    by_policy: dict[tuple[str, str], list[PublishedPolicy]] = field(default_factory=dict)  # oldest first
    files: GitFiles | None = None

    def of(self, lang: str, key: str) -> list[PublishedPolicy]:
        return self.by_policy.get((lang, key), [])

    def in_force_by(self, day: datetime.date) -> Published:
        """What was published, without the versions that take effect after the day."""
        kept = {key: [p for p in versions if p.effective_date <= day] for key, versions in self.by_policy.items()}
        return Published(self.commit, self.releases, self.aliases, kept, self.files)

    def policies_of(self, release: str) -> list[PublishedPolicy]:
        return [p for versions in self.by_policy.values() for p in versions if p.release == release]

    def text(self, policy: PublishedPolicy) -> str:
        return self.read(policy.release, policy.text)

    def read(self, release: str, path: str) -> str:
        data = self.files.read(f"{release}/{path}")
        return data.decode("utf-8") if data is not None else ""


def release_order(name: str) -> tuple:
    """Releases sort by date, then by same-day suffix: 2026-11-22 < 2026-11-22-2 < 2026-11-22-10."""
    match = RELEASE_NAME.match(name)
    return (match.group(1), int(match.group(2) or 1), "") if match else ("", 0, name)


def pages_commit(repo: Path, override: str | None) -> str | None:
    """The gh-pages commit to read history from; an error where history exists but cannot be read."""
    if override:
        return override
    if not is_git_repository(repo):
        return None
    for ref in (f"refs/heads/{PAGES_BRANCH}", f"refs/remotes/origin/{PAGES_BRANCH}"):
        if commit := resolve(repo, ref):
            return commit
    if is_shallow(repo):
        raise PolicyError([Problem(
            str(repo), None,
            f"this is a shallow clone without the {PAGES_BRANCH} branch, so the published versions "
            "(history, redlines, the change check) cannot be read.",
            f"fetch them: `git fetch --unshallow origin && git fetch origin {PAGES_BRANCH}:{PAGES_BRANCH}` "
            "(in GitHub Actions: actions/checkout with `fetch-depth: 0`).")])
    return None


def read_published(repo: Path, commit: str | None) -> Published:
    """Every release on the gh-pages commit and what each recorded about its policies."""
    if commit is None:
        return Published(None)
    files = GitFiles(repo, commit)
    published = Published(commit, files=files)
    versions = json.loads(files.read("versions.json") or b"[]")
    for info in versions:
        for alias in info.get("aliases", []):
            published.aliases[alias] = info["version"]
    published.releases = sorted((info["version"] for info in versions), key=release_order)
    for release in published.releases:
        manifest = files.read(f"{release}/{MANIFEST}")
        for entry in json.loads(manifest)["policies"] if manifest else []:
            policy = PublishedPolicy(
                release=release, lang=entry["language"], key=f'{entry["brand"]}/{entry["document"]}',
                title=entry["title"], effective_date=datetime.date.fromisoformat(entry["effective_date"]),
                sha256=entry["sha256"], path=entry["path"], text=entry["text"], markdown=entry.get("markdown"))
            published.by_policy.setdefault((policy.lang, policy.key), []).append(policy)
    return published
