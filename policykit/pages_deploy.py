"""Changes to the gh-pages branch, through mike's own API and git: the one adapter that changes what is published.

Every change is made on a temporary branch that starts at the current gh-pages; gh-pages moves there only
after every release in it is shown unchanged against its own manifest (policykit/gh_pages.py reads and proves
it), by a compare-and-swap that fails if someone else moved gh-pages meanwhile. Whatever fails, gh-pages stays
where it was.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

from mike import commands as mike
from mike import git_utils

from policykit.gh_pages import read_state, verify
from policykit.git import GitError, git, resolve
from policykit.published import PAGES_BRANCH
from policykit.releases import ReleaseError, changed_trees

NO_COMMIT = "0" * 40
MIKE_CONFIG = {"use_directory_urls": True}


class CandidateBranch:
    """The temporary branch, started at gh-pages, that mike and the site-wide files change: gh-pages moves to it
    only once every published release is shown unchanged."""

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
def changing(repo: Path, base: str | None) -> Iterator[CandidateBranch]:
    """A temporary branch at `base` for the caller to change; gh-pages moves to it only if every release that
    was published before is the same git tree, and every release matches its manifest."""
    branch = f"policy-publish-{os.getpid()}"
    try:
        if base:
            git(repo, "branch", "--force", branch, base)
        with contextlib.chdir(repo):  # mike runs git in the working directory
            try:
                candidate_branch = CandidateBranch(repo, branch)
                yield candidate_branch
            except (git_utils.GitError, subprocess.CalledProcessError, ValueError, GitError) as error:
                raise ReleaseError(f"git or mike failed while publishing, so gh-pages was left as it was: "
                                   f"{_said(error)}") from None
        candidate = candidate_branch.head
        if candidate is None or candidate == base:
            return
        before, after = read_state(repo, base), read_state(repo, candidate)
        if changed := changed_trees(before.trees, after.trees, set(before.releases)):
            raise ReleaseError(f"publishing would have changed the published release {changed[0]}; gh-pages was left "
                               "as it was. Report this to a developer.")
        verify(after)
        swap(repo, candidate, base)
    finally:
        with contextlib.suppress(GitError):  # no branch was made when there was no gh-pages yet and mike failed
            git(repo, "branch", "-D", branch)


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
