"""Policy sources: a policy's Markdown file read strictly, front matter and body, with line numbers.

MkDocs silently drops a front-matter block whose YAML does not load (and prints it as text), so
every policy file is read here first and a broken block stops the build instead.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from policykit.problems import Problem, display_path
from policykit.yamlfile import load_yaml

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
REQUIRED_META = ("title", "effective_date")


@dataclass(frozen=True)
class PolicySource:
    """One policy page in one language: docs/<lang>/<brand>/<name>.md."""

    path: Path
    shown_as: str  # the path a writer sees, relative to the repository
    lang: str
    brand: str
    name: str  # the document's name within the brand folder, e.g. "privacy"
    meta: dict
    body: str
    body_first_line: int  # line number of the body's first line in the file
    in_force_from: str | None = None  # set when the body is an earlier version's, from this release

    @property
    def key(self) -> str:
        """The language-independent identity of the policy, e.g. "scandoc/privacy"."""
        return f"{self.brand}/{self.name}"

    @property
    def effective_date(self) -> datetime.date:
        return self.meta["effective_date"]

    @property
    def title(self) -> str:
        return str(self.meta["title"])


def find_policy_files(docs_dir: Path, languages: list[str]) -> list[tuple[str, Path]]:
    """Every policy file as (language, path): Markdown files inside a brand folder of a language."""
    found = []
    for lang in languages:
        for path in sorted((docs_dir / lang).glob("*/*.md")):
            found.append((lang, path))
    return found


def read_policy(path: Path, lang: str, root: Path) -> PolicySource | list[Problem]:
    """Read one policy file; return its problems instead when its front matter is not usable."""
    shown_as = display_path(path, root)
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return [Problem(shown_as, 1, "the file does not start with a front-matter block.",
                        "begin the file with a line `---`, then `title: …` and `effective_date: YYYY-MM-DD`, "
                        "then a closing line `---`.")]
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        return [Problem(shown_as, 1, "the front-matter block is never closed.",
                        "add a line `---` after the last front-matter field.")]
    loaded = load_yaml("\n".join(lines[1:end]), shown_as, first_line=2)
    if isinstance(loaded, Problem):
        return [loaded]
    meta = loaded.data if isinstance(loaded.data, dict) else {}
    problems = [Problem(shown_as, 1, f'the front matter has no "{key}".',
                        f"add a line `{key}: …` between the two `---` lines.")
                for key in REQUIRED_META if key not in meta]
    if "effective_date" in meta:
        date_or_problem = _effective_date(str(meta["effective_date"]), shown_as, loaded.lines.get(("effective_date",)))
        if isinstance(date_or_problem, Problem):
            problems.append(date_or_problem)
        else:
            meta["effective_date"] = date_or_problem
    if problems:
        return problems
    brand, name = path.parent.name, path.stem
    return PolicySource(path, shown_as, lang, brand, name, meta, "\n".join(lines[end + 1:]), end + 2)


def _effective_date(raw: str, shown_as: str, line: int | None) -> datetime.date | Problem:
    fix = "write the date as YYYY-MM-DD (year, month, day), for example `effective_date: 2019-07-14` for 14 July 2019."
    if not ISO_DATE.match(raw):
        return Problem(shown_as, line, f'effective_date "{raw}" is not written as YYYY-MM-DD.', fix)
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        return Problem(shown_as, line, f'effective_date "{raw}" is not a real date '
                       "(the month must be 01–12 and the day must exist in that month).", fix)
