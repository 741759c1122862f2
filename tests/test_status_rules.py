"""One table of cases for the rules of a policy's texts over time, held against both implementations: Python's
(policykit/history.py, what the pages say when they are built) and the browser's (docs/assets/javascripts/
versions.js, what they say on the reader's own day), the latter run by Node. Both read the same policies.json
entries, so the entries here are made by policykit's own writer of them."""

from __future__ import annotations

import datetime
import json
import subprocess

import pytest

from conftest import REPO
from policykit.history import in_force_on, timeline
from policykit.published import Version
from policykit.release_files import text_entry

D = datetime.date
RULES = REPO / "docs" / "assets" / "javascripts" / "versions.js"


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
