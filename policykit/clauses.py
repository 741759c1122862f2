"""Shared clauses: the pymdownx.snippets includes in policy text, resolved the way the build will."""

from __future__ import annotations

import re
from dataclasses import dataclass

INCLUDE = re.compile(r'^[ \t]*-+8<-+[ \t]+(["\'])(?P<target>[^"\']+)\1[ \t]*$')
BARE_MARKER = re.compile(r"^[ \t]*-+8<-+[ \t]*$")


@dataclass(frozen=True)
class Include:
    line: int  # line number within the text that includes it
    target: str  # as written, e.g. "en/children.md"


def includes_in(text: str) -> tuple[list[Include], list[int]]:
    """The clause includes in a text, and the lines of include markers written in a form we do not accept."""
    found, malformed = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        match = INCLUDE.match(line)
        if match:
            found.append(Include(number, match.group("target")))
        elif BARE_MARKER.match(line) or ("8<" in line and line.lstrip().startswith("-")):
            malformed.append(number)
    return found, malformed
