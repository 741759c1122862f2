"""Policy sources: a policy's Markdown file read strictly, front matter and body, with line numbers.

MkDocs silently drops a front-matter block whose YAML does not load (and prints it as text), so
every policy file is read here first and a broken block stops the build instead.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from policykit.problems import PolicyError, Problem, display_path
from policykit.sanitizer import plain_text_problem
from policykit.repository_files import read_source
from policykit.yamlfile import load_yaml

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
REQUIRED = ("title", "effective_date")
# What a writer may say about a policy version, besides its text.
OPTIONAL = {
    "summary": "what changed in this version, in a sentence or two, in the page's language",
    "party": "how this page names the party that processes the data (see data/terms.yml)",
    "translation": "`pending` while the translation of this version is not ready",
    "imported_from": "where an imported version came from",
    "renamed_from": "the name this policy's file had before (the same policy under a new name)",
    "correction": "what a correction of the published text corrects, in a line, in the page's language",
    "corrected_on": "the day an imported correction was recorded (written by `policy import`)",
    "replaces_announcement": "the effective date of an announced version this one replaces before it took effect",
    "date_basis": "`published` when the source text states no effective date: the date is the day this site first "
                  "published the text",
}
DATE_BASES = ("stated", "published")
DATES = ("effective_date", "corrected_on", "replaces_announcement")
PENDING = "pending"


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
    meta_lines: dict  # line of each front-matter key

    @property
    def key(self) -> str:
        """The language-independent identity of the policy, e.g. "scandoc/privacy"."""
        return f"{self.brand}/{self.name}"

    @property
    def effective_date(self) -> datetime.date:
        return self.meta["effective_date"]

    @property
    def title(self) -> str:
        return self.meta["title"]

    @property
    def summary(self) -> str | None:
        return self.meta.get("summary")

    @property
    def correction(self) -> str | None:
        return self.meta.get("correction")

    @property
    def pending_translation(self) -> bool:
        return self.meta.get("translation") == PENDING

    def line_of(self, key: str) -> int | None:
        return self.meta_lines.get((key,))


def find_policy_files(docs_dir: Path, languages: list[str]) -> list[tuple[str, Path]]:
    """Every policy file as (language, path): Markdown files inside a brand folder of a language."""
    return [(lang, path) for lang in languages for path in sorted((docs_dir / lang).glob("*/*.md"))]


def split_front_matter(text: str, shown_as: str) -> tuple[list[str], list[str], int]:
    """(front-matter lines, body lines, the body's first line number); a PolicyError if there is no block."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise PolicyError([Problem(shown_as, 1, "the file does not start with a front-matter block.",
                                   "begin the file with a line `---`, then `title: …` and `effective_date: YYYY-MM-DD`, "
                                   "then a closing line `---`.")])
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise PolicyError([Problem(shown_as, 1, "the front-matter block is never closed.",
                                   "add a line `---` after the last front-matter field.")])
    return lines[1:end], lines[end + 1:], end + 2


def read_policy(path: Path, lang: str, root: Path, brand: str | None = None, name: str | None = None) -> PolicySource:
    """Read one policy file (docs/<lang>/<brand>/<name>.md, or an earlier text of one, whose brand and name are
    given); raise PolicyError with its problems when it is not usable."""
    shown_as = display_path(path, root)
    front, body, first = split_front_matter(read_source(path, root), shown_as)
    loaded = load_yaml("\n".join(front), shown_as, first_line=2)
    if isinstance(loaded, Problem):
        raise PolicyError([loaded])
    meta = loaded.data if isinstance(loaded.data, dict) else {}
    problems = [Problem(shown_as, 1, f'the front matter has no "{key}".',
                        f"add a line `{key}: …` between the two `---` lines.")
                for key in REQUIRED if key not in meta]
    for key, value in meta.items():
        line = loaded.lines.get((str(key),))
        if key in DATES:
            date = _date(key, str(value), shown_as, line)
            if isinstance(date, Problem):
                problems.append(date)
            else:
                meta[key] = date
        elif key not in REQUIRED and key not in OPTIONAL:
            problems.append(Problem(shown_as, line, f'"{key}" is not a front-matter field of a policy.',
                                    "the fields are title, effective_date and, where needed, "
                                    + "; ".join(f"{name} ({why})" for name, why in OPTIONAL.items()) + "."))
        elif not isinstance(value, str) or not value.strip():
            problems.append(Problem(shown_as, line, f'"{key}" needs a value: plain text after the colon.',
                                    f"write `{key}: …` with its text, in quotes if it contains a colon."))
        elif reason := plain_text_problem(value):
            problems.append(Problem(shown_as, line, f'"{key}" {reason}.', "write plain text: no HTML or markup."))
        else:
            meta[key] = " ".join(value.split())
    if meta.get("date_basis") not in (None, *DATE_BASES):
        problems.append(Problem(shown_as, loaded.lines.get(("date_basis",)),
                                f'date_basis "{meta["date_basis"]}" is not understood.',
                                "write `date_basis: published` when the source text states no effective date (the "
                                "date is the day this site first published it), or remove the line."))
    if meta.get("translation") not in (None, PENDING):
        problems.append(Problem(shown_as, loaded.lines.get(("translation",)),
                                f'translation "{meta["translation"]}" is not understood.',
                                "write `translation: pending` while the translation is not ready, or remove the line."))
    if not problems and not meta.get("translation") and not "".join(body).strip():
        problems.append(Problem(shown_as, first, "the policy has no text after its front matter.",
                                "write the policy below the closing `---` line (or, for a translation that is not "
                                "ready, add `translation: pending` to the front matter)."))
    if problems:
        raise PolicyError(problems)
    return PolicySource(path, shown_as, lang, brand or path.parent.name, name or path.stem, meta, "\n".join(body),
                        first, loaded.lines)


def _date(key: str, raw: str, shown_as: str, line: int | None) -> datetime.date | Problem:
    fix = f"write the date as YYYY-MM-DD (year, month, day), for example `{key}: 2019-07-14` for 14 July 2019."
    if not ISO_DATE.match(raw):
        return Problem(shown_as, line, f'{key} "{raw}" is not written as YYYY-MM-DD.', fix)
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        return Problem(shown_as, line, f'{key} "{raw}" is not a real date '
                       "(the month must be 01–12 and the day must exist in that month).", fix)
