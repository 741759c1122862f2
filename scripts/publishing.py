"""Publishing releases to gh-pages with mike, so that nothing published is ever changed or lost.

Every change to gh-pages (a release, a promotion) is made by mike on a temporary branch that starts at
the current gh-pages; gh-pages moves to it only when every earlier release in it is byte-identical
(same git tree) to before, by compare-and-swap. Whatever fails, gh-pages stays where it was.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mike import commands as mike
from mike import git_utils

from policykit.gitread import git, resolve
from policykit.problems import PolicyError
from policykit.published import PAGES_BRANCH, RELEASE_NAME, Published, read_published
from policykit.scaffold import site_languages
from policykit.site import SitePaths, load_site
from policykit.upcoming import notice_problems, pending

LATEST, NEXT = "latest", "next"
NO_COMMIT = "0" * 40
REDIRECT = mike.AliasType.redirect
MIKE_CONFIG = {"use_directory_urls": True}


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


def read_pages(repo: Path) -> Published:
    return read_published(repo, pages_base(repo))


def release_names(repo: Path, commit: str | None) -> set[str]:
    """The releases on a gh-pages commit, from versions.json alone (without reading each release)."""
    if commit is None:
        return set()
    listing = subprocess.run(["git", "show", f"{commit}:versions.json"], cwd=repo, capture_output=True, text=True)
    return {info["version"] for info in json.loads(listing.stdout)} if listing.returncode == 0 else set()


def publish_due(repo: Path, day: datetime.date, name: str | None = None) -> list[Release]:
    """Publish what main holds on the day: as `latest`; with an upcoming version, also as `next`.

    With a version still pending, the `latest` release shows the version in force on the day, and a
    second release shows every policy as written, under `next`, until scripts/promote.py moves `latest`.
    A `name` publishes the single `latest` release under that name, its day the date it begins with."""
    published = read_pages(repo)
    if name is not None:
        day = release_day(name)
        ensure_new_name(set(published.releases), name)
    paths = SitePaths(repo)
    try:
        site = load_site(paths, site_languages(paths))
    except PolicyError as error:
        raise ReleaseError(str(error)) from None
    if problems := notice_problems(site, published, day):
        raise ReleaseError(str(PolicyError(problems)))
    upcoming = pending(site, day)
    if name is not None and upcoming:
        raise ReleaseError("--name publishes one release as `latest`, but a new version takes effect after "
                           f"{day.isoformat()}: publish without --name, which also publishes it as `next`.")
    current_name = name or release_name(day, set(published.releases))
    if not upcoming:
        drop = (NEXT,) if NEXT in published.aliases else ()
        return [publish(repo, current_name, (LATEST,), drop=drop)]
    current = publish(repo, current_name, (LATEST,), as_of=day)
    return [current, publish(repo, release_name(day, release_names(repo, pages_base(repo))), (NEXT,))]


def release_day(name: str) -> datetime.date:
    """The day a release name stands for: 2026-11-22-2 is the second release of 22 November 2026."""
    match = RELEASE_NAME.match(name)
    if not match:
        raise ReleaseError(f'"{name}" is not a release name: use the release date, YYYY-MM-DD, or YYYY-MM-DD-2 '
                           "for a second release that day.")
    return datetime.date.fromisoformat(match.group(1))


def publish(repo: Path, name: str, aliases: tuple[str, ...] = (LATEST,), *, as_of: datetime.date | None = None,
            drop: tuple[str, ...] = ()) -> Release:
    """Build and publish release `name` to the local gh-pages, or raise ReleaseError and change nothing."""
    release_day(name)
    if git(repo, "status", "--porcelain", "--untracked-files=no"):
        raise ReleaseError("the working tree has uncommitted changes: commit them first, so that every release "
                           "is the text of a commit.")
    base = pages_base(repo)
    ensure_new_name(release_names(repo, base), name)
    with tempfile.TemporaryDirectory(prefix="release-") as folder:
        site_dir = Path(folder) / "site"
        build_release(repo, name, base, site_dir, as_of)
        source = git(repo, "rev-parse", "--short", "HEAD")
        with changing_pages(repo, base) as branch:
            with mike.deploy({**MIKE_CONFIG, "site_dir": str(site_dir)}, name, aliases=list(aliases),
                             update_aliases=True, alias_type=REDIRECT, branch=branch,
                             message=f"Release {name} from {source}"):
                pass
            if drop:
                mike.delete(list(drop), branch=branch, message=f"Release {name}: no upcoming version")
            if not base or resolve_tree(repo, base, "index.html") is None:
                mike.set_default(LATEST, branch=branch, allow_undefined=True, message=f"Site root redirects to {LATEST}")
            add_site_wide_files(branch, site_dir, name)
    return Release(name, pages_base(repo), aliases)


def ensure_new_name(releases: set[str], name: str) -> None:
    if name in releases:
        raise ReleaseError(f"release {name} is already published, and a published release is never replaced. "
                           "Publish under a new name (scripts/publish.py picks the next free one for a date).")


def promote(repo: Path, today: datetime.date) -> str:
    """Move `latest` to the upcoming release once every version in it has taken effect; say what happened."""
    published = read_pages(repo)
    upcoming = published.aliases.get(NEXT)
    if upcoming is None:
        return "Nothing to promote: no upcoming release is published."
    waiting = sorted((p for p in published.policies_of(upcoming) if p.effective_date > today),
                     key=lambda p: p.effective_date)
    if waiting:
        first = waiting[0]
        return (f"Nothing to promote yet: release {upcoming} waits for {first.title} ({first.lang}), which takes "
                f"effect on {first.effective_date.isoformat()}, in {(first.effective_date - today).days} days.")
    with changing_pages(repo, published.commit) as branch:
        mike.alias(MIKE_CONFIG, upcoming, [LATEST], update_aliases=True, alias_type=REDIRECT, branch=branch,
                   message=f"Promote {upcoming} to {LATEST}: its versions have taken effect")
        mike.delete([NEXT], branch=branch, message=f"{upcoming} is {LATEST}; nothing is upcoming")
    return f"Promoted release {upcoming} to {LATEST}: its versions are in force from {today.isoformat()}."


def build_release(repo: Path, name: str, base: str | None, site_dir: Path, as_of: datetime.date | None) -> None:
    """The strict build of the release, reading history from the gh-pages commit it will go on."""
    env = {**os.environ, "MIKE_DOCS_VERSION": name, "POLICY_PAGES_COMMIT": base or "", "NO_MKDOCS_2_WARNING": "1",
           "POLICY_AS_OF": as_of.isoformat() if as_of else ""}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
                            cwd=repo, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        details = "\n".join(line for line in (result.stdout + result.stderr).splitlines()
                            if not line.startswith("INFO"))
        raise ReleaseError(f"the release {name} did not build, so nothing was published:\n{details}")


def add_site_wide_files(branch: str, site_dir: Path, name: str) -> None:
    """Files at the site's root that follow the newest release: the 404 page GitHub Pages serves for every
    missing address, and each language's feed, whose entries announce upcoming versions too."""
    files = [site_dir / "404.html", *site_dir.glob("feed.xml"), *site_dir.glob("*/feed.xml")]
    with git_utils.Commit(branch, f"Site-wide 404 page and feeds from release {name}") as commit:
        for path in files:
            commit.add_file(git_utils.FileInfo(path.relative_to(site_dir).as_posix(), path.read_bytes()))


@contextlib.contextmanager
def changing_pages(repo: Path, base: str | None) -> Iterator[str]:
    """A temporary branch at gh-pages for mike to commit to; gh-pages moves there only if no release changed."""
    releases = release_names(repo, base)
    branch = f"publish-{os.getpid()}"
    if base:
        git(repo, "branch", "--force", branch, base)
    try:
        with contextlib.chdir(repo):  # mike runs git in the working directory
            try:
                yield branch
            except (git_utils.GitError, subprocess.CalledProcessError, ValueError) as error:
                raise ReleaseError(f"git or mike failed while publishing, so gh-pages was left as it was: {error}") from None
        candidate = git(repo, "rev-parse", branch)
        check_unchanged(repo, base, candidate, releases)
        # Compare-and-swap: refuses if gh-pages moved in the meantime.
        git(repo, "update-ref", f"refs/heads/{PAGES_BRANCH}", candidate, base or NO_COMMIT)
    finally:
        subprocess.run(["git", "branch", "-D", branch], cwd=repo, capture_output=True)


def check_unchanged(repo: Path, base: str | None, candidate: str, releases: set[str]) -> None:
    """Every earlier release must be the same git tree, file for file, in the candidate commit.

    One listing of each commit's top level, whatever the number of releases: identical tree ids mean
    identical files, bytes and modes."""
    before, after = top_level_trees(repo, base), top_level_trees(repo, candidate)
    for release in sorted(releases):
        if before.get(release) != after.get(release):
            raise ReleaseError(f"publishing would have changed the published release {release}; "
                               "gh-pages was left as it was. Report this to a developer.")


def top_level_trees(repo: Path, commit: str | None) -> dict[str, str]:
    if commit is None:
        return {}
    listing = git(repo, "ls-tree", commit)
    return {line.split("\t")[1]: line.split()[2] for line in listing.splitlines() if line.split()[1] == "tree"}


def resolve_tree(repo: Path, commit: str, path: str) -> str | None:
    result = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{commit}:{path}"],
                            cwd=repo, capture_output=True, text=True)
    return result.stdout.strip() or None


def push(repo: Path, remote: str) -> None:
    result = subprocess.run(["git", "push", remote, f"refs/heads/{PAGES_BRANCH}:refs/heads/{PAGES_BRANCH}"],
                            cwd=repo, capture_output=True, text=True)
    if result.returncode != 0:
        raise ReleaseError(f"the release is on the local gh-pages but could not be pushed to {remote}:\n"
                           f"{result.stderr.strip()}\nFetch {remote}/gh-pages, then publish again: "
                           "a release is never pushed over someone else's.")
