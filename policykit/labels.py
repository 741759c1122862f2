"""The words the site prints around policies, per language, from data/labels.yml."""

from __future__ import annotations

import datetime
import functools
from pathlib import Path

from babel.dates import format_date

from policykit.problems import PolicyError, Problem, display_path
from policykit.yamlfile import load_yaml


def load_labels(path: Path, languages: list[str], root: Path) -> dict[str, dict]:
    """Read the labels and check that every language has every label the default language has."""
    shown_as = display_path(path, root)
    loaded = load_yaml(path.read_text(encoding="utf-8"), shown_as)
    if isinstance(loaded, Problem):
        raise PolicyError([loaded])
    labels = loaded.data if isinstance(loaded.data, dict) else {}
    reference = set(labels.get(languages[0], {}))
    problems = []
    for lang in languages:
        missing = reference - set(labels.get(lang) or {})
        if lang not in labels or missing:
            problems.append(Problem(shown_as, loaded.lines.get((lang,)),
                                    f"the '{lang}' labels are incomplete (missing: {', '.join(sorted(missing)) or 'all'}).",
                                    f"add every label that '{languages[0]}' has, translated."))
    if problems:
        raise PolicyError(problems)
    return labels


def long_date(date: datetime.date, labels: dict) -> str:
    """A date as the language writes it in running text: "14 July 2019", «14 июля 2019 г.»."""
    return _long_date(date, labels["locale"])


# Babel takes about half a millisecond a date; a site prints the same few dates on many pages.
@functools.lru_cache(maxsize=4096)
def _long_date(date: datetime.date, locale: str) -> str:
    return format_date(date, format="long", locale=locale)
