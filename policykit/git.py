"""Git plumbing: every call's failure is a GitError carrying git's own message, never a traceback."""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from policykit.problems import ReportedError


class GitError(ReportedError):
    """A git command failed; the message says which and what git said."""


def git(repo: Path, *args: str, input: bytes | None = None) -> str:
    """What a git command printed, as text without its final newline."""
    return git_bytes(repo, *args, input=input).decode().strip()


def git_bytes(repo: Path, *args: str, input: bytes | None = None) -> bytes:
    """What a git command printed, byte for byte (a file's content, an archive)."""
    try:
        result = subprocess.run(["git", *args], cwd=repo, input=input, capture_output=True)
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH); install git and try again.") from None
    if result.returncode != 0:
        said = (result.stderr or result.stdout).decode(errors="replace").strip()
        raise GitError(f"`git {' '.join(args[:2])}` failed: {said or f'exit status {result.returncode}'}")
    return result.stdout


def is_ancestor(repo: Path, ancestor: str, descendant: str) -> bool:
    """Whether `descendant` contains `ancestor` (git merge-base --is-ancestor: exit status 1 means no)."""
    try:
        result = subprocess.run(["git", "merge-base", "--is-ancestor", ancestor, descendant], cwd=repo,
                                capture_output=True)
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH); install git and try again.") from None
    if result.returncode > 1:
        raise GitError(f"`git merge-base --is-ancestor` failed: {result.stderr.decode(errors='replace').strip()}")
    return result.returncode == 0


def resolve(repo: Path, ref: str) -> str | None:
    """The commit a ref names, or None when it does not exist."""
    try:
        return git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}") or None
    except GitError:
        return None


def is_repository(repo: Path) -> bool:
    try:
        return git(repo, "rev-parse", "--is-inside-work-tree") == "true"
    except GitError:
        return False


def is_shallow(repo: Path) -> bool:
    return git(repo, "rev-parse", "--is-shallow-repository") == "true"


def tree(repo: Path, commit: str, path: str = "", recursive: bool = False) -> dict[str, tuple[str, str]]:
    """The entries of a folder of a commit: name (or path, when recursive) -> (type, object id)."""
    listing = git(repo, "ls-tree", "-z", *(["-r"] if recursive else []), commit, *([f"{path}/"] if path else []))
    entries = {}
    for line in filter(None, listing.split("\0")):
        meta, name = line.split("\t", 1)
        _, kind, object_id = meta.split()
        entries[name[len(path) + 1:] if path else name] = (kind, object_id)
    return entries


class GitFiles:
    """Files at one commit, read through a single `git cat-file --batch`, however many are read."""

    def __init__(self, repo: Path, commit: str):
        self.commit = commit
        self._process = subprocess.Popen(["git", "cat-file", "--batch"], cwd=repo,
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert self._process.stdin is not None and self._process.stdout is not None  # both asked for as pipes
        self._stdin, self._stdout = self._process.stdin, self._process.stdout

    def read(self, path: str) -> bytes | None:
        """The file's bytes, or None when the commit has no such file."""
        self._stdin.write(f"{self.commit}:{path}\n".encode())
        self._stdin.flush()
        header = self._stdout.readline().decode().split()
        if len(header) != 3:  # "<path> missing"
            return None
        data = self._stdout.read(int(header[2]))
        self._stdout.read(1)  # the newline after each object
        return data

    def close(self) -> None:
        self._stdin.close()
        self._process.wait()

    def __enter__(self) -> GitFiles:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@contextlib.contextmanager
def worktree(repo: Path, commit: str) -> Iterator[Path]:
    """A checkout of exactly `commit` in a temporary folder: what was committed, nothing else."""
    with tempfile.TemporaryDirectory(prefix="policy-release-") as folder:
        checkout = Path(folder) / "source"
        git(repo, "worktree", "add", "--detach", "--quiet", str(checkout), commit)
        try:
            yield checkout
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(checkout)], cwd=repo, capture_output=True)
