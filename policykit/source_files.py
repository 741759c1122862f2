"""Reading the writers' files: only the repository's own, as UTF-8 text of a sensible size.

A symlink among the content could publish any file the build can read (a release can never be removed),
so every folder a build reads is checked for links before anything is read.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from policykit.problems import PolicyError, Problem, display_path

MAX_BYTES = 2_000_000
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # far above any policy (GitHub's statement is 44 KB); a bound on work and memory


def read_source(path: Path, root: Path) -> str:
    """A writer's file as text: inside the repository, not a link, UTF-8 (a BOM is dropped), "\\n" line ends."""
    shown = display_path(path, root)
    if problem := _outside_or_linked(path, root, shown):
        raise PolicyError([problem])
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise PolicyError([Problem(shown, None, f"the file is too large: {size:,} bytes, more than the {MAX_BYTES:,} "
                                   "a policy file may have.", "split it, or remove what does not belong in it (pasted images, "
                                   "whole other documents).")])
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PolicyError([Problem(shown, line, "the file is not UTF-8 text (it may have been saved as Windows-1251 "
                                   "or another old encoding).", "save it as UTF-8 in your editor "
                                   "(\"Save with encoding\" → UTF-8) and check the line named here.")]) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if control := CONTROL.search(text):
        raise PolicyError([Problem(shown, text.count("\n", 0, control.start()) + 1,
                                   f"the file contains an invisible control character (U+{ord(control.group()):04X}), "
                                   "which readers would not see but which changes the text.",
                                   "delete it (retype the words around it), then save the file again.")])
    return text


def linked_paths(root: Path, folders: list[Path]) -> list[Problem]:
    """Every symbolic link, and every path resolving outside the repository, in the given folders."""
    problems = []
    for folder in folders:
        if not folder.exists():
            continue
        if problem := _outside_or_linked(folder, root, display_path(folder, root)):
            problems.append(problem)
            continue
        for current, dirs, files in os.walk(folder):
            for name in sorted(dirs + files):
                path = Path(current) / name
                if path.is_symlink():
                    problems.append(_link_problem(display_path(path, root)))
    return problems


def _outside_or_linked(path: Path, root: Path, shown: str) -> Problem | None:
    absolute = path if path.is_absolute() else root / path
    try:
        parts = absolute.relative_to(root).parts
    except ValueError:
        parts = ()
    current = root
    for part in parts:  # each folder on the way, and the file itself
        current = current / part
        if current.is_symlink():
            return _link_problem(display_path(current, root))
    resolved, top = absolute.resolve(), root.resolve()
    if resolved != top and top not in resolved.parents:
        return Problem(shown, None, "this path leads outside the repository.",
                       "keep every policy, clause, data file and asset inside the repository.")
    return None


def _link_problem(shown: str) -> Problem:
    return Problem(shown, None, "this is a symbolic link; the site publishes only the repository's own files.",
                   "replace the link with the file itself (copy its content), or remove it.")
