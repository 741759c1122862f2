"""The gh-pages branch, through mike's own API and git: the one adapter that changes what is published.

Every change is made on a temporary branch that starts at the current gh-pages; gh-pages moves there only
after every release in it is shown unchanged against its own manifest, by a compare-and-swap that fails if
someone else moved gh-pages meanwhile. Whatever fails, gh-pages stays where it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mike import commands as mike
from mike import git_utils

from policykit.git import GitError, GitFiles, git, resolve, tree
from policykit.published import PAGES_BRANCH, VERSIONS_FILE
from policykit.releases import (MANIFEST, RELEASE_NAME, ManifestInfo, ReleaseError, chain_problems, changed_trees,
                                gone_problems, manifest_info, manifest_problems, release_order, site_problems)
from policykit.signing import PUBLISHERS, SIGNATURE, publishers, signature_problems

NO_COMMIT = "0" * 40
MIKE_CONFIG = {"use_directory_urls": True}


@dataclass
class PagesState:
    """What a gh-pages commit holds, read with one tree listing."""

    commit: str | None
    releases: list[str] = field(default_factory=list)  # folders named as releases, oldest first
    listed: list[str] = field(default_factory=list)  # the releases versions.json lists
    aliases: dict[str, str] = field(default_factory=dict)
    trees: dict[str, str] = field(default_factory=dict)  # release -> git tree id
    files: dict[str, dict[str, str]] = field(default_factory=dict)  # release -> path -> blob id
    manifests: dict[str, bytes] = field(default_factory=dict)
    site: dict[str, str] = field(default_factory=dict)  # the site's root: path -> blob id (releases aside)
    signatures: dict[str, bytes] = field(default_factory=dict)  # release -> its manifest's signature
    publishers: bytes | None = None  # the allowed signers the signatures are checked against

    @property
    def newest(self) -> str | None:
        return self.releases[-1] if self.releases else None

    def info(self, release: str) -> ManifestInfo | None:
        data = self.manifests.get(release)
        return manifest_info(data) if data is not None else None


def pages_base(repo: Path) -> str | None:
    """The gh-pages commit to publish on: the local branch, else origin's, else none yet. A local gh-pages that
    does not contain origin's (rewound, a release deleted, or behind) is refused: releases are only ever added."""
    local, remote = resolve(repo, f"refs/heads/{PAGES_BRANCH}"), resolve(repo, f"refs/remotes/origin/{PAGES_BRANCH}")
    if local and remote and not _contains(repo, local, remote):
        raise ReleaseError(f"the local {PAGES_BRANCH} ({local[:12]}) does not contain origin's ({remote[:12]}): it was "
                           "rewound or a release was deleted, or origin has releases this repository has not taken. "
                           f"Nothing was published. Fetch and fast-forward (git fetch origin, then git merge-base "
                           f"--is-ancestor {PAGES_BRANCH} origin/{PAGES_BRANCH} && git branch -f {PAGES_BRANCH} "
                           f"origin/{PAGES_BRANCH}); if the local {PAGES_BRANCH} has releases origin lacks, report it: a "
                           "published release is never removed.")
    return local or remote


def _contains(repo: Path, descendant: str, ancestor: str) -> bool:
    result = subprocess.run(["git", "merge-base", "--is-ancestor", ancestor, descendant], cwd=repo, capture_output=True)
    if result.returncode > 1:
        raise ReleaseError(f"git merge-base failed: {result.stderr.decode(errors='replace').strip()}")
    return result.returncode == 0


def read_state(repo: Path, commit: str | None) -> PagesState:
    state = PagesState(commit, publishers=publishers(repo))
    if commit is None:
        return state
    for name, (kind, object_id) in tree(repo, commit).items():
        if kind == "tree" and RELEASE_NAME.match(name):
            state.trees[name] = object_id
    state.releases = sorted(state.trees, key=release_order)
    for path, (kind, object_id) in tree(repo, commit, recursive=True).items():
        release, _, inner = path.partition("/")
        if kind != "blob":
            continue
        if release in state.trees:
            if inner not in (MANIFEST, SIGNATURE):  # the signature, made after the manifest, is checked as such
                state.files.setdefault(release, {})[inner] = object_id
        elif path != VERSIONS_FILE:
            state.site[path] = object_id
    with GitFiles(repo, commit) as files:
        for release in state.releases:
            if (data := files.read(f"{release}/{MANIFEST}")) is not None:
                state.manifests[release] = data
            if (data := files.read(f"{release}/{SIGNATURE}")) is not None:
                state.signatures[release] = data
        listing = files.read(VERSIONS_FILE)
    try:
        for info in json.loads(listing) if listing else []:
            state.listed.append(info["version"])
            for alias in info.get("aliases", []):
                state.aliases[alias] = info["version"]
    except (ValueError, KeyError, TypeError):
        raise ReleaseError(f"{PAGES_BRANCH}:{VERSIONS_FILE} cannot be read: someone changed it by hand. Restore it "
                           f"from its history (git log {PAGES_BRANCH} -- {VERSIONS_FILE}), then publish again.") from None
    return state


def verify(state: PagesState) -> None:
    """Every release folder matches its own manifest, every signature verifies against the allowed signers (and
    none after the first is missing), the manifests chain, and versions.json lists them all."""
    problems = []
    for release in state.releases:
        problems += manifest_problems(release, state.manifests.get(release), state.files.get(release, {}))
    problems += signature_problems(state.releases, state.manifests, state.signatures, state.publishers)[1].values()
    problems += chain_problems(state.manifests) + gone_problems(state.manifests)
    problems += site_problems(state.manifests, state.site, state.newest)
    problems += [f"{VERSIONS_FILE} does not list release {release}, which gh-pages holds" for release in state.releases
                 if release not in state.listed]
    if problems:
        shown = "\n  ".join(problems[:20]) + (f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else "")
        raise ReleaseError(f"the published releases are not as they were published, so nothing was published:\n  "
                           f"{shown}\nRestore gh-pages from its history (git log {PAGES_BRANCH}) and {PUBLISHERS} (git log "
                           f"-- {PUBLISHERS}), or report it: a published release is never changed.")


class Changes:
    """Changes to gh-pages on a temporary branch, for mike and for the site-wide files."""

    def __init__(self, repo: Path, branch: str):
        self.repo, self.branch = repo, branch

    @property
    def head(self) -> str | None:
        return resolve(self.repo, f"refs/heads/{self.branch}")

    def deploy(self, record_dir: Path, release: str, message: str) -> None:
        """The release's record, as a mike version (listed in versions.json)."""
        with mike.deploy({**MIKE_CONFIG, "site_dir": str(record_dir)}, release, branch=self.branch, message=message):
            pass

    def drop_alias(self, alias: str, message: str) -> None:
        mike.delete([alias], branch=self.branch, message=message)

    def add_files(self, files: dict[str, bytes], message: str) -> None:
        with git_utils.Commit(self.branch, message) as commit:
            for path, data in sorted(files.items()):
                commit.add_file(git_utils.FileInfo(path, data))


@contextlib.contextmanager
def changing(repo: Path, base: str | None) -> Iterator[Changes]:
    """A temporary branch at `base` for the caller to change; gh-pages moves to it only if every release that
    was published before is the same git tree, and every release matches its manifest."""
    branch = f"policy-publish-{os.getpid()}"
    try:
        if base:
            git(repo, "branch", "--force", branch, base)
        with contextlib.chdir(repo):  # mike runs git in the working directory
            try:
                changes = Changes(repo, branch)
                yield changes
            except (git_utils.GitError, subprocess.CalledProcessError, ValueError, GitError) as error:
                raise ReleaseError(f"git or mike failed while publishing, so gh-pages was left as it was: "
                                   f"{_said(error)}") from None
        candidate = changes.head
        if candidate is None or candidate == base:
            return
        before, after = read_state(repo, base), read_state(repo, candidate)
        if changed := changed_trees(before.trees, after.trees, set(before.releases)):
            raise ReleaseError(f"publishing would have changed the published release {changed[0]}; gh-pages was left "
                               "as it was. Report this to a developer.")
        verify(after)
        swap(repo, candidate, base)
    finally:
        subprocess.run(["git", "branch", "-D", branch], cwd=repo, capture_output=True)


def swap(repo: Path, candidate: str, base: str | None) -> None:
    """Compare-and-swap: gh-pages moves from `base` to `candidate`, or not at all if it moved meanwhile."""
    try:
        git(repo, "update-ref", f"refs/heads/{PAGES_BRANCH}", candidate, base or NO_COMMIT)
    except GitError as error:
        raise ReleaseError(f"gh-pages moved while publishing (someone else published at the same time), so this "
                           f"publication was not applied: publish again. ({error})") from None


def shown_remote(remote: str) -> str:
    """A remote as it may be printed: a token in its address never is."""
    return re.sub(r"//[^/@]+@", "//", remote)


def push(repo: Path, remote: str) -> None:
    """Push gh-pages without force: a remote that moved on refuses it, and the publisher is told what to do."""
    shown = shown_remote(remote)
    try:
        git(repo, "push", remote, f"refs/heads/{PAGES_BRANCH}:refs/heads/{PAGES_BRANCH}")
    except GitError as error:
        said = str(error).replace(remote, shown)
        raise ReleaseError(f"the release is on the local gh-pages but could not be pushed to {shown}: {said}\n"
                           f"Fetch its gh-pages (git fetch {shown} {PAGES_BRANCH}:{PAGES_BRANCH}), then publish again: "
                           "a release is never pushed over someone else's.") from None


def _said(error: Exception) -> str:
    stderr = getattr(error, "stderr", None)
    if isinstance(stderr, bytes):
        stderr = stderr.decode(errors="replace")
    return (stderr or str(error)).strip()
