"""One table of cases for each rule the reader's browser repeats, held against both implementations: Python's (what
the pages say when they are built) and the browser's (what they say on the reader's own day), the latter run by
Node. The rules of a policy's texts over time (policykit/history.py; docs/assets/javascripts/versions.js) read the
same policies.json entries, made by policykit's own writer of them; dates and counts in words (policykit/labels.py
and site_chrome.py; docs/assets/javascripts/words.js) are tried in every language the site has, with its labels."""

from __future__ import annotations

import datetime
import json
import subprocess

import html

import pytest

from conftest import REPO
from policykit.content import site_languages
from policykit.history import in_force_on, next_text, previous_text, timeline
from policykit.labels import load_labels, long_date
from policykit.published import Version
from policykit.release_files import text_entry
from policykit.site_chrome import plural

D = datetime.date
RULES = REPO / "docs" / "assets" / "javascripts" / "versions.js"
WORDS = REPO / "docs" / "assets" / "javascripts" / "words.js"


def text(effective: D, sha: str, corrected_on: D | None = None, replaced: tuple[D, D] | None = None) -> Version:
    return Version("en", "acme/privacy", effective, "T", sha, "en", None, "complete", "2026-01-01",
                   f"acme/privacy/{effective.isoformat()}/", "t", "m", corrected_on=corrected_on,
                   replaced_on=replaced[0] if replaced else None, replaced_by=replaced[1] if replaced else None)


CASES = {
    "versions in turn": [text(D(2020, 1, 1), "a"), text(D(2021, 6, 1), "b"), text(D(2022, 3, 1), "c")],
    "a correction": [text(D(2020, 1, 1), "a"), text(D(2020, 1, 1), "b", corrected_on=D(2020, 5, 10)),
                     text(D(2021, 1, 1), "c")],
    "a correction before the version took effect": [text(D(2020, 1, 1), "a"),
                                                   text(D(2020, 1, 1), "b", corrected_on=D(2019, 12, 20))],
    "a withdrawn announcement": [text(D(2020, 1, 1), "a"), text(D(2020, 5, 25), "b", replaced=(D(2020, 5, 20), D(2020, 5, 31))),
                                 text(D(2020, 5, 31), "c")],
    "two announced versions": [text(D(2020, 1, 1), "a"), text(D(2020, 3, 30), "b"), text(D(2020, 5, 1), "c")],
}
DAYS = [D(2019, 12, 1), D(2019, 12, 25), D(2020, 1, 1), D(2020, 3, 30), D(2020, 4, 15), D(2020, 5, 10),
        D(2020, 5, 26), D(2020, 6, 1), D(2021, 1, 1), D(2021, 6, 1), D(2023, 1, 1)]


def python_answers(versions: list[Version]) -> dict:
    dated = timeline(versions)
    return {day.isoformat(): {"statuses": [d.status(day) for d in dated],
                              "in_force": (found.slug if (found := in_force_on(versions, day)) else None)}
            for day in DAYS}


def entries(versions: list[Version]) -> list[dict]:
    return [text_entry(dated, "https://policies.example/") for dated in timeline(versions)]


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_browser_and_the_build_apply_the_same_rules(case):
    versions = CASES[case]
    script = f"""
import {{ textsOf, statusOn, inForceOn }} from {json.dumps(RULES.as_uri())}
const texts = textsOf({json.dumps(entries(versions))})
const days = {json.dumps([d.isoformat() for d in DAYS])}
const answers = {{}}
for (const day of days) {{
  const found = inForceOn(texts, day)
  answers[day] = {{ statuses: texts.map(t => statusOn(t, day)), in_force: found ? found.slug : null }}
}}
console.log(JSON.stringify(answers))
"""
    result = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == python_answers(versions)


def test_the_browser_reads_the_earlier_record_format_as_the_same_texts():
    """A format-2 entry (a version in the release that first published it) reads as a text at that address."""
    script = f"""
import {{ textsOf, statusOn }} from {json.dumps(RULES.as_uri())}
const [old] = textsOf([{{ effective_date: "2020-01-01", until: null, release: "2026-01-01", path: "acme/privacy/" }}])
console.log(JSON.stringify([old.slug, old.path, statusOn(old, "2020-02-01")]))
"""
    result = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["2020-01-01", "2026-01-01/acme/privacy/", "in-force"]


def node(script: str):
    result = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_browser_and_the_build_name_the_same_texts_before_and_after_each(case):
    """The text a redline compares with (before) and the one that decides a text's status (after)."""
    versions = CASES[case]
    ordered = [d.version for d in timeline(versions)]
    python = [[(found.slug if (found := neighbour(versions, v)) else None) for neighbour in (previous_text, next_text)]
              for v in ordered]
    browser = node(f"""
import {{ textsOf, liveBefore, liveAfter }} from {json.dumps(RULES.as_uri())}
const texts = textsOf({json.dumps(entries(versions))})
console.log(JSON.stringify(texts.map(t => [liveBefore(texts, t), liveAfter(texts, t)].map(n => n ? n.slug : null))))
""")
    assert browser == python


SITE_LABELS = load_labels(REPO / "data" / "labels.yml", site_languages(REPO), REPO)
# Every month, single and double-digit days, and years either side of 2000.
DATES = [D(1999, 12, 31), D(2001, 2, 3), *(D(2026, month, 1 + month * 2) for month in range(1, 13)), D(2030, 7, 14)]
COUNTS = [*range(0, 31), *range(100, 126), 1001, 1011, 1021]


@pytest.mark.parametrize("lang", sorted(SITE_LABELS))
def test_the_browser_and_the_build_write_dates_alike(lang):
    labels = SITE_LABELS[lang]
    locale = labels["locale"].replace("_", "-")  # as the page hands it to its script (site_chrome._page_data)
    browser = node(f"""
import {{ longDate }} from {json.dumps(WORDS.as_uri())}
console.log(JSON.stringify({json.dumps([d.isoformat() for d in DATES])}.map(d => longDate({json.dumps(locale)}, d))))
""")
    assert browser == [long_date(d, labels) for d in DATES]


@pytest.mark.parametrize("lang", sorted(SITE_LABELS))
def test_the_browser_and_the_build_count_alike(lang):
    labels = SITE_LABELS[lang]
    locale = labels["locale"].replace("_", "-")
    groups = sorted(name for name, value in labels.items() if isinstance(value, dict) and "other" in value)
    assert groups, "the labels have plural forms"
    browser = node(f"""
import {{ plural }} from {json.dumps(WORDS.as_uri())}
const labels = {json.dumps({g: labels[g] for g in groups}, ensure_ascii=False)}
const counts = {json.dumps(COUNTS)}
console.log(JSON.stringify(Object.fromEntries(Object.entries(labels).map(([g, forms]) =>
  [g, counts.map(n => plural({json.dumps(locale)}, forms, n))]))))
""")
    assert browser == {g: [html.unescape(plural(g, n, labels)) for n in COUNTS] for g in groups}
