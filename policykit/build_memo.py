"""What one build read and made, for the next build of the same preview (`make serve`) to reuse where everything
it was made from is the same: a policy file read, a policy expanded with its clauses and checked for nesting, a
text analysed. Each entry is found by its inputs themselves (the file's bytes, the expanded text, the data it was
checked against), never by a time or a name alone, so an entry is reused only where making it again would give the
same; every build still runs every check of the content as a whole (the change guard, parity, links) on them.

The site engine's adapter keeps one BuildMemo for the life of a preview, hands it to each Build and tells it when
the build is whole (keep); the memo then holds what that build used, one build's worth.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

Made = TypeVar("Made")


class BuildMemo:
    """Entries by kind and inputs, from the previous build (`_kept`) and this one (`_used`)."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, Hashable], object] = {}
        self._used: dict[tuple[str, Hashable], object] = {}
        self.builds = 0  # builds begun with this memo

    def begin(self) -> None:
        """A new build: it may reuse what the last whole build used."""
        self._used = {}
        self.builds += 1

    def keep(self) -> None:
        """The build is whole (its site written): what it used is what the next one may reuse. A build that
        stopped on a problem leaves the last whole build's entries."""
        self._kept = self._used

    def reuse(self, kind: str, inputs: Hashable, make: Callable[[], Made]) -> Made:
        """What `make` gives for `inputs`: made by an earlier build, or now. A `make` that raises is not kept, so a
        problem is found again by every build until it is fixed."""
        entry = (kind, inputs)
        if entry in self._used:
            return self._used[entry]  # type: ignore[return-value]  # stored by this method for this kind
        made = self._kept[entry] if entry in self._kept else make()
        self._used[entry] = made
        return made  # type: ignore[return-value]


def digest(*parts: str) -> str:
    """A key made of texts (a page's parts, say): a hash of them, each kept apart from the next."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def folder_digest(folder: Path) -> str:
    """A hash of every file under `folder`, its path and its bytes (clauses/: every policy's expansion reads it)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
