"""Evidence of what was online when, offline: the signed release manifests of a published site, read from the
repository's gh-pages or from a downloaded copy of the site (a `wget --mirror` folder, a gh-pages checkout), checked
(every release folder against its manifest, every signature against the allowed signers as of the release's day,
the chain, the root against the newest manifest, every recorded text as first published), and asked which
release published given bytes (a downloaded page, policy.txt, policy.md or policy.pdf) and on what day.

`policy verify` (policykit/cli.py) prints it; the publishing guard (gh_pages.verify) runs the same checks.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path

from policykit.gh_pages import PagesState, pages_base, read_state
from policykit.published import VERSIONS_FILE
from policykit.releases import (MANIFEST, RELEASE_NAME, blob_id, chain_problems, gone_problems, manifest_info, manifest_problems,
                                release_order, site_problems)
from policykit.signing import PUBLISHED_PUBLISHERS, SIGNATURE, Checked, signature_problems

PAGE_FILES = ("index.html", "policy.txt", "policy.md", "policy.pdf")


@dataclass
class ReleaseReport:
    name: str
    day: datetime.date | None
    source: str | None
    signed: Checked | None
    problems: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Every release, oldest first, with what is wrong with it; what is wrong with the site as a whole; and what a
    partial copy lacks (not a fault of the site: files a download did not fetch)."""

    releases: list[ReleaseReport]
    problems: list[str]
    missing: list[str]
    newest: str | None
    root_files: int

    @property
    def intact(self) -> bool:
        return not self.problems and all(not r.problems for r in self.releases)


def repository_state(repo: Path) -> PagesState:
    """The local gh-pages (or origin's), refused if it does not contain origin's."""
    return read_state(repo, pages_base(repo))


def folder_state(folder: Path, publishers: bytes | None = None) -> PagesState:
    """A downloaded copy of the site, read like gh-pages: release folders, their manifests and signatures, the
    root's files by git blob id. The allowed signers: `publishers`, else the copy's own publishers.txt."""
    state = PagesState(None)
    for directory, folders, names in os.walk(folder):
        folders[:] = [f for f in folders if f != ".git"]
        for name in names:
            if name == ".git":  # a checkout's own (a git worktree has a .git file): git never publishes one
                continue
            path = Path(directory, name)
            relative = path.relative_to(folder).as_posix()
            release, _, inner = relative.partition("/")
            data = path.read_bytes()
            if inner and RELEASE_NAME.match(release):
                state.trees.setdefault(release, "")
                if inner == MANIFEST:
                    state.manifests[release] = data
                elif inner == SIGNATURE:
                    state.signatures[release] = data
                else:
                    state.files.setdefault(release, {})[inner] = blob_id(data)
            elif relative != VERSIONS_FILE:
                state.site[relative] = blob_id(data)
    state.releases = sorted(state.trees, key=release_order)
    own = folder / PUBLISHED_PUBLISHERS
    state.publishers = publishers if publishers is not None else (own.read_bytes() if own.is_file() else None)
    return state


def check(state: PagesState, partial: bool = False) -> Report:
    """Everything the publishing guard checks, per release. With `partial` (a downloaded copy), root files the
    newest release recorded but the copy lacks are listed as missing rather than as removed."""
    signed, signature_faults = signature_problems(state.releases, state.manifests, state.signatures, state.publishers)
    reports = []
    for release in state.releases:
        info = manifest_info(state.manifests[release]) if release in state.manifests else None
        own = manifest_problems(release, state.manifests.get(release), state.files.get(release, {}))
        own += [signature_faults[release]] if release in signature_faults else []
        reports.append(ReleaseReport(release, info.day if info else None, info.source if info else None,
                                     signed.get(release), own))
    site, missing = dict(state.site), []
    if partial:
        for release in state.releases:  # oldest first: the newest recording of a path wins
            if (info := state.info(release)) is not None:
                for path, blob in info.site.items():
                    if path not in state.site:
                        site[path] = blob
        newest_info = state.info(state.newest) if state.newest else None
        missing = sorted(set(newest_info.site) - set(state.site)) if newest_info else []
    problems = chain_problems(state.manifests) + gone_problems(state.manifests) + site_problems(state.manifests, site, state.newest)
    return Report(reports, problems, missing, state.newest, len(state.site))


@dataclass(frozen=True)
class Publication:
    release: str
    day: datetime.date
    source: str
    paths: list[str]


def published_by(state: PagesState, report: Report, data: bytes) -> list[Publication]:
    """The intact, signed releases whose manifest records these exact bytes at the site's root, oldest first."""
    wanted, found = blob_id(data), []
    for release in report.releases:
        if release.signed is None or release.problems or (info := state.info(release.name)) is None:
            continue
        if paths := sorted(path for path, blob in info.site.items() if blob == wanted):
            found.append(Publication(release.name, info.day, info.source, paths))
    return found


def page_files(path: Path) -> list[Path]:
    """A downloaded page: the file itself, or a page's folder's index.html, policy.txt, policy.md, policy.pdf."""
    if path.is_dir():
        return [path / name for name in PAGE_FILES if (path / name).is_file()]
    return [path]


def describe(report: Report) -> list[str]:
    """The report in words, one line per release, then the site."""
    lines = []
    for release in report.releases:
        when = f"published {release.day.isoformat()} from commit {release.source}" if release.day else "a whole-site release (format 1)"
        state = "intact" if not release.problems else "NOT INTACT"
        signer = (f"signed by {release.signed.principal} ({release.signed.said})" if release.signed
                  else "unsigned (published before signing began)" if not release.problems else "")
        lines.append(f"Release {release.name}: {when}; {state}" + (f"; {signer}" if signer else ""))
        lines += [f"  - {problem}" for problem in release.problems]
    if report.problems:
        lines.append("The site is NOT as the releases published it:")
        lines += [f"  - {problem}" for problem in report.problems]
    elif report.newest:
        lines.append(f"The site's root ({report.root_files} files) is as release {report.newest} left it, and every "
                     "recorded text is as first published.")
    if report.missing:
        lines.append(f"This copy lacks {len(report.missing)} of the files release {report.newest} published (not "
                     f"downloaded?), e.g. {', '.join(report.missing[:3])}.")
    return lines
