"""What a build found in a text, remembered between builds: the files of a declared folder (mkdocs.yml,
`extra.policies.analysis_cache`), so that `mkdocs serve` re-analyses only the texts a writer changed.

An entry is found by a hash of everything its analysis read (the text, the data it was checked against) and of the
code's version (policykit's own sources and the versions of the packages that render and read Markdown and HTML):
a changed text, clause, brand value, term list or dependency is a different key, never a stale entry. An entry is
read back only if it is whole and names its own key; anything else (a cut file, another format, bytes that are not
JSON) is a miss, and the analysis runs again. No entry decides anything a fresh analysis would not.

Every key also holds a random secret of the clone that made the entry, kept where git never commits (the
repository's git folder): entries committed with the sources (say, made to hide a problem) or copied from another
machine are never read, so a pull request's check in a fresh clone analyses every text itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import tempfile
import time
from importlib import metadata
from pathlib import Path

from policykit.git import GitError, git

FORMAT = "policykit-analysis-1"
# The packages whose behaviour an analysis depends on: the site's Markdown, GitHub's, the HTML sanitizer, and what
# the translations' facts are read with.
KEPT_DAYS = 30  # an entry no build has read for this long is removed (texts edited since, other branches' texts)
PACKAGES = ("markdown", "pymdown-extensions", "markdown-it-py", "nh3", "diff-match-patch", "anyascii", "babel")


def code_version() -> str:
    """A hash of policykit's sources and of the packages it analyses with: a new version makes every key new."""
    digest = hashlib.sha256(FORMAT.encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    for package in PACKAGES:
        digest.update(f"{package}=={metadata.version(package)}\0".encode())
    return digest.hexdigest()


SECRET_FILE = "policykit-analysis-secret"


def clone_secret(root: Path, folder: Path) -> str:
    """The random secret of the clone of the site at `root`: in its git folder, which git never commits; outside
    a repository, in the cache folder itself. Made at its first use."""
    try:
        place = Path(git(root, "rev-parse", "--absolute-git-dir"))
    except GitError:
        place = folder
    path = place / SECRET_FILE
    try:
        place.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="ascii") as file:  # only the first build makes it; the others read it
            file.write(secrets.token_hex(32))
    except FileExistsError:
        pass
    return path.read_text(encoding="ascii").strip()


class AnalysisCache:
    """Analyses kept as JSON files under `folder`, one per key; `secret` is the clone's (clone_secret)."""

    def __init__(self, folder: Path, secret: str) -> None:
        self.folder = folder
        self.secret = secret
        self.version = code_version()

    def key(self, kind: str, inputs: dict) -> str:
        """The key of an analysis of `kind` given every input it reads (JSON values)."""
        return hashlib.sha256(json.dumps({"clone": self.secret, "code": self.version, "kind": kind,
                                          "inputs": inputs}, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def get(self, key: str) -> object | None:
        """The value stored under `key`, or None if there is none or the entry is not whole."""
        path = self._path(key)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            os.utime(path)  # read now: kept for KEPT_DAYS more
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key \
                or "value" not in entry:
            return None
        return entry["value"]

    def prune(self, days: int = KEPT_DAYS) -> None:
        """Remove the entries no build has read or written for `days` days: the folder does not grow for ever."""
        cutoff = time.time() - days * 86400
        for path in self.folder.glob("*/*.json"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
            except OSError:
                pass  # removed meanwhile by another build

    def put(self, key: str, value: object) -> None:
        """Store `value` under `key`: written whole or not at all (another build may read it meanwhile)."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False,
                                             suffix=".tmp") as file:
                json.dump({"format": FORMAT, "key": key, "value": value}, file, ensure_ascii=False)
            os.replace(file.name, path)
        except OSError:
            pass  # a folder that cannot be written: the next build analyses the text again

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"
