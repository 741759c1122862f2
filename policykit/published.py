"""What has been published: the release folders on the gh-pages branch and what each recorded in its
policies.json. A build reads them back for history, status, redlines and the change guard; a published
release never changes, so neither does what it recorded.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from policykit.git import GitError, GitFiles, is_repository, is_shallow, resolve, tree
from policykit.problems import PolicyError, Problem
from policykit.releases import RELEASE_NAME, release_order

PAGES_BRANCH = "gh-pages"
RECORD = "policies.json"
RECORD_FORMAT = 2
VERSIONS_FILE = "versions.json"  # mike's list of releases and their aliases


@dataclass(frozen=True)
class Section:
    level: int
    title: str
    anchor: str


@dataclass(frozen=True)
class Version:
    """One version of a policy in one language: a text with its effective date."""

    lang: str
    key: str  # "scandoc/privacy"
    effective_date: datetime.date
    title: str
    sha256: str  # of the recorded text
    governing_language: str
    summary: str | None
    translation: str  # "complete" or "pending"
    first_release: str | None  # the release that first published it; None: not published yet
    path: str  # the page, relative to a release's root: "ru/scandoc/privacy/"
    text_file: str  # relative to the release's root
    markdown_file: str
    sections: tuple[Section, ...] = ()
    links: tuple[str, ...] = ()

    @property
    def identity(self) -> tuple:
        """Two records are the same version when date, text and governing language agree."""
        return self.effective_date, self.sha256, self.governing_language, self.translation

    @property
    def brand(self) -> str:
        return self.key.split("/")[0]

    @property
    def document(self) -> str:
        return self.key.split("/")[1]


@dataclass
class Published:
    commit: str | None
    files: GitFiles | None = None
    releases: list[str] = field(default_factory=list)  # oldest first
    aliases: dict[str, str] = field(default_factory=dict)  # alias -> release
    versions: dict[tuple[str, str], list[Version]] = field(default_factory=dict)  # (lang, key) -> oldest first
    shown: dict[str, dict[tuple[str, str], Version]] = field(default_factory=dict)  # release -> what it shows

    def of(self, lang: str, key: str) -> list[Version]:
        return self.versions.get((lang, key), [])

    def text(self, version: Version) -> str:
        return self.read(f"{version.first_release}/{version.text_file}")

    def markdown(self, version: Version) -> str:
        return self.read(f"{version.first_release}/{version.markdown_file}")

    def read(self, path: str) -> str:
        data = self.files.read(path) if self.files else None
        if data is None:
            raise PolicyError([Problem(f"{PAGES_BRANCH}:{path}", None, "a published file is missing.",
                                       "fetch gh-pages again (git fetch origin gh-pages:gh-pages); if it is still "
                                       "missing, report it to a developer: published releases never change.")])
        return data.decode("utf-8")


def pages_commit(repo: Path, pinned: str | None) -> str | None:
    """The gh-pages commit to read: the pinned one, the local branch, origin's, or none (nothing published)."""
    if pinned:
        if resolve(repo, pinned) is None:
            raise PolicyError([Problem("mkdocs.yml", None, f"the gh-pages commit {pinned} does not exist here.",
                                       "fetch gh-pages (git fetch origin gh-pages:gh-pages), or leave "
                                       "extra.policies.pages_commit empty.")])
        return pinned
    if not is_repository(repo):
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


def release_folders(repo: Path, commit: str) -> list[str]:
    """Every folder of a gh-pages commit named as a release, oldest first, whatever versions.json says."""
    try:
        entries = tree(repo, commit)
    except GitError as error:
        raise PolicyError([Problem(PAGES_BRANCH, None, f"the published releases cannot be read: {error}",
                                   "fetch gh-pages again: git fetch origin gh-pages:gh-pages.")]) from None
    return sorted((name for name, (kind, _) in entries.items() if kind == "tree" and RELEASE_NAME.match(name)),
                  key=release_order)


def read_published(repo: Path, commit: str | None) -> Published:
    """Every release on the gh-pages commit and the versions each one showed; the caller closes `.files`."""
    if commit is None:
        return Published(None)
    published = Published(commit, GitFiles(repo, commit))
    try:
        _read(repo, published)
    except BaseException:
        published.files.close()
        raise
    return published


def _read(repo: Path, published: Published) -> None:
    listing = published.files.read(VERSIONS_FILE)
    for info in _json(listing, VERSIONS_FILE) if listing else []:
        for alias in info.get("aliases", []) if isinstance(info, dict) else []:
            published.aliases[alias] = info.get("version")
    for release in release_folders(repo, published.commit):
        record = published.files.read(f"{release}/{RECORD}")
        if record is None:
            continue  # a folder that is not a policy release (mike's alias redirects are named latest/next)
        data = _json(record, f"{release}/{RECORD}")
        if not isinstance(data, dict) or data.get("format_version") != RECORD_FORMAT:
            raise PolicyError([Problem(f"{PAGES_BRANCH}:{release}/{RECORD}", None,
                                       f"release {release} recorded its policies in a format this site cannot read "
                                       f"(format {data.get('format_version') if isinstance(data, dict) else '?'}, "
                                       f"expected {RECORD_FORMAT}).", "report it to a developer.")])
        published.releases.append(release)
        published.shown[release] = {}
        for entry in data.get("policies", []):
            version = _version(entry, release, published)
            published.shown[release][(version.lang, version.key)] = version


def _version(entry: dict, release: str, published: Published) -> Version:
    """The version an entry shows: one already known, or a new one first published by this release."""
    try:
        record = Version(
            lang=entry["language"], key=f'{entry["brand"]}/{entry["document"]}',
            effective_date=datetime.date.fromisoformat(entry["effective_date"]), title=entry["title"],
            sha256=entry["sha256"], governing_language=entry["governing_language"], summary=entry.get("summary"),
            translation=entry["translation"], first_release=entry["first_release"], path=entry["path"],
            text_file=entry["text"], markdown_file=entry["markdown"],
            sections=tuple(Section(s["level"], s["title"], s["anchor"]) for s in entry.get("sections", [])),
            links=tuple(entry.get("links", [])))
    except (KeyError, TypeError, ValueError) as error:
        raise PolicyError([Problem(f"{PAGES_BRANCH}:{release}/{RECORD}", None,
                                   f"an entry of release {release}'s policies cannot be read ({error!r}).",
                                   "report it to a developer: published releases never change.")]) from None
    known = published.versions.setdefault((record.lang, record.key), [])
    for version in known:
        if version.identity == record.identity:
            return version
    known.append(record)
    known.sort(key=lambda v: v.effective_date)
    return record


def _json(data: bytes, path: str):
    try:
        return json.loads(data)
    except ValueError:
        raise PolicyError([Problem(f"{PAGES_BRANCH}:{path}", None, "this published file is not valid JSON.",
                                   "report it to a developer: someone changed gh-pages by hand; restore it from "
                                   "its history (git log gh-pages).")]) from None
