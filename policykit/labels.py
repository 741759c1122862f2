"""The words the site prints around policies, per language, from data/labels.yml."""

from __future__ import annotations

import datetime
import functools
import re
import string
from collections.abc import Set
from pathlib import Path

from babel.dates import format_date

from policykit.problems import PolicyError, Problem
from policykit.sanitizer import plain_text_problem
from policykit.yamlfile import load_data_file

FIX_BRACES = ("keep each {placeholder} exactly as in the English label, and write no other braces "
              "(a brace of the text itself is written twice: {{ or }}).")
# What the site fills each label with (site_chrome.py, release_files.py, redline.py, policy.js): a name in another
# label shows on the page as written, or stops the build (.format()). A group (plural forms) by its own name. A new
# label with a placeholder, or a new placeholder, goes here with the code that fills it in. Kept in the code, not in
# data/: it is a fact about the code, and a writer must not make a broken label pass by editing the declaration.
FILLED: dict[str, frozenset[str]] = {label: frozenset(names.split()) for label, names in {
    "effective_date": "date", "date_basis_published": "date", "versions_count": "count",
    "status_took_effect": "date", "status_in_force": "date", "status_superseded": "start end",
    "status_upcoming": "date previous", "status_upcoming_first": "date", "correction_notice": "date note",
    "status_corrected": "date corrected", "status_withdrawn": "date replacement", "status_withdrawn_none": "date",
    "history_corrected": "date", "history_withdrawn": "date", "feed_correction": "date", "feed_version": "date",
    "feed_upcoming": "date", "range_from": "start", "range_from_until": "start end", "range_upcoming": "start",
    "range_upcoming_until": "start end", "translation_notice": "language", "translation_link": "language",
    "translation_pending": "language governing", "placeholder_notice": "name", "print_permalink": "url",
    "bookmark_printed_on": "date", "as_of_found": "date", "as_of_none": "date first",
    "as_of_not_published": "date first", "as_of_invalid": "value", "compare_title": "title",
    "compare_heading": "from to", "compare_unknown": "date", "redline_heading": "date",
    "redline_sections_changed": "count", "redline_unchanged": "count", "redline_moved_from": "section",
    "redline_moved_to": "section", "upcoming_notice": "date", "upcoming_item": "date",
    "meta_description": "brand title date", "page_title": "title date", "history_wording_corrected": "date note",
    "home_filter_count": "shown total",
}.items()}
# The labels that state what the law makes of a text (its dates, its status, which text governs, what a correction
# corrects), with what each must state in every language: "Effective date:" without {date} would put a date-less
# statement on every page. Every other placeholder may be left out by a translation.
REQUIRED: dict[str, frozenset[str]] = {**{label: FILLED[label] for label in (
    "effective_date", "date_basis_published", "status_took_effect", "status_in_force", "status_superseded",
    "status_upcoming", "status_upcoming_first", "correction_notice", "status_corrected", "status_withdrawn",
    "status_withdrawn_none", "history_corrected", "history_withdrawn", "feed_correction", "feed_version",
    "feed_upcoming", "range_from", "range_from_until", "range_upcoming", "range_upcoming_until", "translation_notice",
    "placeholder_notice", "upcoming_notice", "upcoming_item", "as_of_found", "as_of_none", "as_of_not_published")},
    # A pending translation must name the governing text; it may leave out its own language's name.
    "translation_pending": frozenset({"governing"})}
PLACEHOLDERS = frozenset().union(*FILLED.values())
# The site's statements about a policy's versions: the labels that state law, and the words for its statuses and
# languages that fill them. A version's fingerprint covers them (policykit/record.py): changing one is a declared
# correction of the site's wording (data/wording-corrections.yml) or refused.
STATING_LAW = (*REQUIRED, "status_names", "languages")


def load_labels(path: Path, languages: list[str], root: Path) -> dict[str, dict]:
    """Read the labels: every language has every label of the default language, with the same placeholders."""
    loaded, shown_as = load_data_file(path, root, "the site's words (labels)")
    labels = loaded.data if isinstance(loaded.data, dict) else {}
    reference = first if isinstance(first := labels.get(languages[0]), dict) else {}
    problems = []
    for lang in languages:
        mine = found if isinstance(found := labels.get(lang), dict) else {}
        if not mine:  # every page needs its language's words: the build could not write one
            problems.append(Problem(shown_as, loaded.lines.get((lang,)), f"there are no '{lang}' labels (the words "
                                    f"the site prints around policies in '{lang}').",
                                    f"restore the '{lang}:' section of {shown_as} from the main branch."))
            continue
        if missing := sorted(set(reference) - set(mine)):
            problems.append(Problem(shown_as, loaded.lines.get((lang,)),
                                    f"the '{lang}' labels are incomplete (missing: {', '.join(missing)}).",
                                    f"add every label that '{languages[0]}' has, translated."))
        for key, value in mine.items():
            problems += _label_problems(shown_as, loaded.lines.get((lang, key)), lang, key, value, reference.get(key))
    if problems:
        raise PolicyError(problems)
    return labels


def _label_problems(shown_as: str, line: int | None, lang: str, key: str, value, reference) -> list[Problem]:
    if isinstance(value, dict):  # a group, such as the names of the languages
        return [p for sub, text in value.items()
                for p in _label_problems(shown_as, line, lang, f"{key}.{sub}", text,
                                         reference.get(sub) if isinstance(reference, dict) else None)]
    if not isinstance(value, str) or not value.strip():
        return [Problem(shown_as, line, f'the {lang} label "{key}" is empty.', "write its words after the colon.")]
    if reason := plain_text_problem(value):
        return [Problem(shown_as, line, f'the {lang} label "{key}" {reason}.', "write plain text: no HTML.")]
    try:
        fields = placeholders(value)
    except ValueError:
        return [Problem(shown_as, line, f'the {lang} label "{key}" has an unmatched brace: "{value}".', FIX_BRACES)]
    label = key.split(".")[0]  # a plural form is filled as its group is
    filled = FILLED.get(label, frozenset())
    if unknown := fields - PLACEHOLDERS:
        return [Problem(shown_as, line, f'the {lang} label "{key}" has the placeholder(s) {_listed(unknown)}, which '
                        f"the site never fills in (its placeholders: {_listed(PLACEHOLDERS)}).", FIX_BRACES)]
    if elsewhere := fields - filled:  # a name the site fills in other labels only
        fills = f"fills it with {_listed(filled)} only" if filled else "fills no placeholder in it"
        return [Problem(shown_as, line, f'the {lang} label "{key}" has the placeholder(s) {_listed(elsewhere)}, '
                        f"which the site does not fill in this label (it {fills}).", FIX_BRACES)]
    if missing := REQUIRED.get(label, frozenset()) - fields:
        it = "them" if len(missing) > 1 else "it"
        shows = isinstance(reference, str) and reference != value and missing <= (_placeholders_or_none(reference)
                                                                                   or set())
        like = f' as the default language\'s label does ("{reference}")' if shows else ""
        return [Problem(shown_as, line, f'the {lang} label "{key}" leaves out {_listed(missing)}, which it must '
                        f"state: every page would print it without {it}.",
                        f"write {_listed(missing)} back where the sentence states {it} (the site fills {it} in)"
                        f"{like}.")]
    expected = _placeholders_or_none(reference) if isinstance(reference, str) else None
    if expected is not None and not fields <= expected:  # a translation may leave a placeholder out, never invent one
        return [Problem(shown_as, line, f'the {lang} label "{key}" has the placeholder(s) {_listed(fields - expected)}, '
                        f"which the {key} label of the default language does not have ({_listed(expected)}).",
                        FIX_BRACES)]
    return []


def statements(labels: dict) -> dict[str, str]:
    """The labels of one language that state law, by name ("effective_date", "status_names.in-force")."""
    said = {}
    for name in STATING_LAW:
        value = labels.get(name)
        if isinstance(value, dict):
            said.update({f"{name}.{sub}": str(text) for sub, text in value.items()})
        elif value is not None:
            said[name] = str(value)
    return said


def placeholders(text: str) -> set[str]:
    """The {names} a label is filled in with; raises ValueError on a stray brace."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _placeholders_or_none(text: str) -> set[str] | None:
    """The placeholders of the default language's label; None when that label is itself broken (reported there)."""
    try:
        return placeholders(text)
    except ValueError:
        return None


def _listed(names: Set[str]) -> str:
    return ", ".join(f"{{{n}}}" for n in sorted(names)) or "none"


# Languages whose typesetting keeps a date on one line: a Russian line never ends inside «14 июля 2019 г.». Every
# space in such a date is a no-break space, whichever kind the locale data has (Babel's and the browsers' differ).
# The browser writes dates by the same rule (docs/assets/javascripts/words.js; tests/test_status_rules.py).
NO_BREAK_DATES = ("ru",)


def long_date(date: datetime.date, labels: dict) -> str:
    """A date as the language writes it in running text: "14 July 2019", «14 июля 2019 г.» (no-break spaces)."""
    return _long_date(date, labels["locale"])


# Babel takes about half a millisecond a date; a site prints the same few dates on many pages.
@functools.lru_cache(maxsize=4096)
def _long_date(date: datetime.date, locale: str) -> str:
    written = format_date(date, format="long", locale=locale)
    return re.sub(r"\s", "\u00a0", written) if locale.split("_")[0] in NO_BREAK_DATES else written
