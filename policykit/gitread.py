"""Reading files of a git ref with one `git cat-file --batch` process, however many files are read."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout.strip()


def resolve(repo: Path, ref: str) -> str | None:
    """The commit a ref names, or None when it does not exist."""
    result = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
                            cwd=repo, capture_output=True, text=True)
    return result.stdout.strip() or None


def is_git_repository(repo: Path) -> bool:
    return subprocess.run(["git", "rev-parse", "--git-dir"], cwd=repo, capture_output=True).returncode == 0


def is_shallow(repo: Path) -> bool:
    return git(repo, "rev-parse", "--is-shallow-repository") == "true"


class GitFiles:
    """Files at one commit, read through a single long-lived `git cat-file --batch`."""

    def __init__(self, repo: Path, commit: str):
        self.commit = commit
        self._process = subprocess.Popen(["git", "cat-file", "--batch"], cwd=repo,
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def read(self, path: str) -> bytes | None:
        """The file's bytes, or None when the commit has no such file."""
        self._process.stdin.write(f"{self.commit}:{path}\n".encode())
        self._process.stdin.flush()
        header = self._process.stdout.readline().decode().split()
        if len(header) != 3:  # "<path> missing"
            return None
        data = self._process.stdout.read(int(header[2]))
        self._process.stdout.read(1)  # the newline after each object
        return data

    def close(self) -> None:
        self._process.stdin.close()
        self._process.wait()
