"""The publisher's commands: publish what main holds as releases, promote `next` to `latest`, push.

A release is built from the committed tree (a worktree of HEAD, never the working folder), with the release
settings in a configuration that inherits mkdocs.yml; gets a manifest of every file; and lands on gh-pages
through policykit/gh_pages.py, which proves every earlier release unchanged.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from policykit.content import load_content, site_languages
from policykit.gh_pages import PagesState, changing, pages_base, push, read_state, shown_remote, verify
from policykit.git import GitError, git, resolve, worktree
from policykit.history import notice_problem
from policykit.problems import PolicyError
from policykit.published import RECORD, read_published
from policykit.releases import (LATEST, MANIFEST, NEXT, PlannedRelease, ReleaseError, manifest, newest, plan,
                                promotion)
from policykit.settings import is_local

RELEASE_CONFIG = "mkdocs.release.yml"


@dataclass(frozen=True)
class Published:
    name: str
    alias: str


def publish(repo: Path, day: datetime.date, name: str | None = None, push_to: str | None = None) -> list[Published]:
    """Publish HEAD as of `day`: as `latest`; with a version pending, also as `next`. Nothing is published
    (and gh-pages stays where it was) unless every step succeeds."""
    head = _committed_head(repo)
    base = pages_base(repo)
    state = _state(repo, base)
    verify(state)
    with worktree(repo, head) as source:
        releases = _plan(source, base, state, day, name)
        with tempfile.TemporaryDirectory(prefix="policy-sites-") as folder, changing(repo, base) as pages:
            built = {}
            for planned in releases:
                site = Path(folder) / planned.name
                _build(source, planned, pages.head or base, site)
                if push_to is not None:
                    _refuse_local_address(site)
                _add_manifest(site, planned.name, repo, pages.head or base, built)
                built[planned.name] = site
                pages.deploy(site, planned.name, planned.alias,
                             f"Release {planned.name} ({planned.alias}) from {head[:12]}")
            if NEXT in state.aliases and all(r.alias != NEXT for r in releases):
                pages.drop_alias(NEXT, "Nothing is upcoming any more")
            if "index.html" not in _root_files(repo, pages.head):
                pages.root_redirect(LATEST)
            latest = next(r for r in releases if r.alias == LATEST)
            pages.add_files(_site_wide_files(built[latest.name], built[releases[-1].name]),
                            f"Site-wide files from release {releases[-1].name}")
    if push_to is not None:
        push(repo, push_to)
    return [Published(r.name, r.alias) for r in releases]


def push_pages(repo: Path, remote: str) -> str:
    """Push gh-pages, unless its newest release records an address that works only on this computer."""
    base = pages_base(repo)
    state = _state(repo, base)
    if not state.releases:
        raise ReleaseError("nothing is published yet: there is no release on gh-pages to push.")
    newest_release = state.releases[-1]
    record = json.loads(_pages_file(repo, base, f"{newest_release}/{RECORD}"))
    _refuse_local(record["site_url"])
    push(repo, remote)
    return f"Pushed gh-pages (newest release {newest_release}) to {shown_remote(remote)}."


def promote(repo: Path, today: datetime.date, push_to: str | None = None) -> str:
    """Make `next` the release in force once every version it announces has taken effect; say what happened."""
    base = pages_base(repo)
    state = _state(repo, base)
    verify(state)
    upcoming = state.aliases.get(NEXT)
    waiting = []
    if upcoming is not None:
        published = read_published(repo, base)
        try:
            waiting = [(v.effective_date, f"{v.title} ({v.lang})") for v in published.shown.get(upcoming, {}).values()]
        finally:
            published.files.close()
    decision = promotion(upcoming, waiting, today)
    if decision.release is None:
        return decision.message
    with changing(repo, base) as pages:
        pages.alias(decision.release, LATEST, f"Promote {decision.release} to {LATEST}: its versions have taken effect")
        pages.drop_alias(NEXT, f"{decision.release} is {LATEST}; nothing is upcoming")
        pages.add_files({"404.html": _pages_file(repo, pages.head, f"{decision.release}/404.html")},
                        f"Site-wide 404 page from release {decision.release}")
    if push_to is not None:
        push(repo, push_to)
    return decision.message


def _committed_head(repo: Path) -> str:
    try:
        changed = git(repo, "status", "--porcelain", "--untracked-files=no")
    except GitError as error:
        raise ReleaseError(f"{repo} is not a git repository with a commit to publish ({error}).") from None
    if changed:
        raise ReleaseError("the working tree has uncommitted changes: commit them first, so that every release is "
                           "the text of a commit (publishing builds the last commit, not the files on disk).")
    head = resolve(repo, "HEAD")
    if head is None:
        raise ReleaseError("there is no commit to publish yet: commit the site first.")
    return head


def _state(repo: Path, base: str | None) -> PagesState:
    try:
        return read_state(repo, base)
    except GitError as error:
        raise ReleaseError(f"gh-pages cannot be read: {error}") from None


def _plan(source: Path, base: str | None, state: PagesState, day: datetime.date, name: str | None) -> list[PlannedRelease]:
    """The releases to make, after the notice periods of new versions are checked."""
    try:
        content = load_content(source, site_languages(source))
        if content.problems:
            raise PolicyError(list(content.problems))
        published = read_published(source, base)
    except PolicyError as error:
        raise ReleaseError(str(error)) from None
    try:
        problems = []
        for policy in content.policies:
            previous = max(published.of(policy.lang, policy.key), key=lambda v: v.effective_date, default=None)
            source_file = policy.source
            if problem := notice_problem(source_file.effective_date, previous, policy.brand.notice_days,
                                         policy.brand.name, source_file.shown_as, source_file.line_of("effective_date"),
                                         day, imported="imported_from" in source_file.meta):
                problems.append(problem)
        if problems:
            raise ReleaseError(str(PolicyError(problems)))
    finally:
        if published.files:
            published.files.close()
    pending = any(p.source.effective_date > day for p in content.policies)
    return plan(day, set(state.releases), pending, name)


def _build(source: Path, planned: PlannedRelease, pages_commit: str | None, site: Path) -> None:
    """The strict build of one release, with its settings, reading history from the gh-pages it will go on."""
    config = source / RELEASE_CONFIG
    config.write_text(f"INHERIT: mkdocs.yml\nextra:\n  policies:\n    release: \"{planned.name}\"\n"
                      f"    as_of: \"{planned.as_of.isoformat() if planned.as_of else ''}\"\n"
                      f"    next_release: \"{planned.next_release or ''}\"\n"
                      f"    pages_commit: \"{pages_commit or ''}\"\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
                             "--site-dir", str(site)], cwd=source, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    config.unlink()
    if result.returncode != 0:
        details = "\n".join(line for line in (result.stdout + result.stderr).splitlines()
                            if not line.startswith("INFO") and line.strip())
        raise ReleaseError(f"release {planned.name} did not build, so nothing was published:\n{details}")


def _add_manifest(site: Path, release: str, repo: Path, pages_commit: str | None, built: dict[str, Path]) -> None:
    """The release's manifest, chained to the newest release's before it (built now, or published)."""
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    before = list(built) or _releases_at(repo, pages_commit)
    previous_name = newest(before)
    previous = None
    if previous_name is not None:
        previous = (previous_name, (built[previous_name] / MANIFEST).read_bytes() if previous_name in built
                    else _pages_file(repo, pages_commit, f"{previous_name}/{MANIFEST}"))
    (site / MANIFEST).write_bytes(manifest(release, files, previous))


def _releases_at(repo: Path, commit: str | None) -> list[str]:
    return read_state(repo, commit).releases if commit else []


def _site_wide_files(latest: Path, newest_site: Path) -> dict[str, bytes]:
    """Files at the site's root: the 404 page of the release in force (GitHub Pages serves it for every missing
    address), and each language's feed from the newest release, which announces upcoming versions too."""
    files = {"404.html": (latest / "404.html").read_bytes()}
    for feed in [newest_site / "feed.xml", *newest_site.glob("*/feed.xml")]:
        files[feed.relative_to(newest_site).as_posix()] = feed.read_bytes()
    return files


def _refuse_local_address(site: Path) -> None:
    _refuse_local(json.loads((site / RECORD).read_text(encoding="utf-8"))["site_url"])


def _refuse_local(site_url: str) -> None:
    """A release records its site's address forever: putting one online with a preview address is refused."""
    if is_local(site_url):
        raise ReleaseError(f"--push would publish releases whose permanent addresses point at {site_url}, which works "
                           "only on this computer. Set SITE_URL to the site's public address (for example "
                           "SITE_URL=https://example.org/policies/) and publish again.")


def _root_files(repo: Path, commit: str | None) -> set[str]:
    if commit is None:
        return set()
    return set(git(repo, "ls-tree", "--name-only", commit).splitlines())


def _pages_file(repo: Path, commit: str | None, path: str) -> bytes:
    result = subprocess.run(["git", "cat-file", "blob", f"{commit}:{path}"], cwd=repo, capture_output=True)
    if result.returncode != 0:
        raise ReleaseError(f"gh-pages has no {path}: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout

