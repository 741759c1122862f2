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


# What a content folder may hold besides Markdown, recognised by the file's first bytes, not only its name: every
# file under docs/ is published as it is, outside any page template and its Content-Security-Policy, so an HTML
# or SVG file (or one renamed .png) would run its script on the site's own address.
CONTENT_TYPES = {
    ".png": ("a PNG image", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("a JPEG image", (b"\xff\xd8\xff",)),
    ".jpeg": ("a JPEG image", (b"\xff\xd8\xff",)),
    ".webp": ("a WebP image", (b"RIFF",)),
    ".pdf": ("a PDF document", (b"%PDF-",)),
}
ALLOWED = "policies and pages (Markdown, .md), images (PNG, JPEG, WebP) and documents (PDF)"


def content_file_problems(docs: Path, root: Path, own: tuple[str, ...]) -> list[Problem]:
    """Every file of docs/ outside the developers' folders (`own`, such as "assets") that is not Markdown or an
    image or document of an allowed type, checked by its bytes."""
    problems = []
    for current, dirs, files in os.walk(docs):
        if Path(current) == docs:
            dirs[:] = [name for name in dirs if name not in own]
        for name in sorted(files):
            path = Path(current) / name
            suffix = path.suffix.lower()
            if suffix == ".md":
                continue
            shown = display_path(path, root)
            if suffix not in CONTENT_TYPES:
                problems.append(Problem(shown, None, f"this kind of file ({suffix or 'no extension'}) is not content: "
                                        "the site would publish it as it is, where a web page or a drawing (HTML, "
                                        "SVG) can run scripts on the site's own address.",
                                        f"content folders hold {ALLOWED}; remove this file (the site's own code "
                                        "belongs in docs/assets/, which developers keep)."))
                continue
            kind, signatures = CONTENT_TYPES[suffix]
            with path.open("rb") as file:
                start = file.read(12)
            if not start.startswith(signatures) or (suffix == ".webp" and start[8:12] != b"WEBP"):
                problems.append(Problem(shown, None, f"the file is named {suffix} but is not {kind}: its first bytes "
                                        "are those of another kind of file.",
                                        f"save it again as {kind} from an image or PDF program, or remove it."))
    return problems
