"""Problems found in the writers' files, and the error that carries them to the writer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file: where, what, and how to fix it, in a writer's words."""

    path: str
    line: int | None
    what: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.what}\n    How to fix: {self.fix}"


@dataclass(frozen=True)
class Finding:
    """A problem found in one text, before the build knows which file and line the text came from."""

    line: int  # 1-based, within the text that was checked
    what: str
    fix: str


class ReportedError(Exception):
    """The one family of errors the tools report to a writer or publisher instead of a traceback: each message
    says what is wrong and how to fix it, and nothing was published. The command line and the build's adapter
    catch this family, and only this family."""


class PolicyError(ReportedError):
    """Raised with every problem found, so a writer can fix them all in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        heading = "1 problem" if count == 1 else f"{count} problems"
        body = "\n".join(str(p) for p in problems)
        super().__init__(f"The policy checks found {heading}; nothing was published.\n{body}")


def display_path(path: Path, root: Path) -> str:
    """A path as a writer sees it in the repository: relative to its root, with forward slashes."""
    for candidate, base in ((path, root), (path.resolve(), root.resolve())):
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()
