"""Every kind of bad input stops the build with a message a writer can act on, and publishes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import build_site


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the test's edit does not apply to {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


EN_SCANDOC = "docs/en/scandoc/privacy.md"
RU_SCANDOC = "docs/ru/scandoc/privacy.md"

# (name, how to break the site, what the message must contain)
BAD_INPUTS = [
    ("invalid date", lambda r: edit(r / EN_SCANDOC, "effective_date: 2019-07-14", "effective_date: 2019-14-07"),
     [f"{EN_SCANDOC}:3:", 'effective_date "2019-14-07" is not a real date', "YYYY-MM-DD"]),
    ("non-ISO date", lambda r: edit(r / EN_SCANDOC, "effective_date: 2019-07-14", "effective_date: 14/07/2019"),
     [f"{EN_SCANDOC}:3:", 'effective_date "14/07/2019" is not written as YYYY-MM-DD']),
    ("date and time", lambda r: edit(r / EN_SCANDOC, "effective_date: 2019-07-14", "effective_date: 2019-07-14 10:00"),
     [f"{EN_SCANDOC}:3:", "is not written as YYYY-MM-DD"]),
    ("missing date", lambda r: edit(r / EN_SCANDOC, "effective_date: 2019-07-14\n", ""),
     [f"{EN_SCANDOC}:1:", 'the front matter has no "effective_date"']),
    ("front matter that is not YAML", lambda r: edit(r / EN_SCANDOC, "title: ScanDoc", "title: [ScanDoc"),
     [f"{EN_SCANDOC}:", "this block cannot be read"]),
    ("no front matter", lambda r: edit(r / EN_SCANDOC, "---\n", "", ),
     [f"{EN_SCANDOC}:1:", "does not start with a front-matter block"]),
    ("languages disagree on the date", lambda r: edit(r / RU_SCANDOC, "effective_date: 2019-07-14", "effective_date: 2019-07-15"),
     [RU_SCANDOC, "the languages disagree on the effective date", "2019-07-15", "2019-07-14"]),
    ("brand not in the registry", lambda r: (r / "docs/en/scandoc").rename(r / "docs/en/scandock"),
     ["docs/en/scandock/privacy.md", 'the folder "scandock" is not a brand in data/brands.yml']),
    ("missing translation", lambda r: (r / RU_SCANDOC).unlink(),
     [RU_SCANDOC, "this translation is missing", "never shows another language"]),
    ("undefined variable in a page", lambda r: append(r / EN_SCANDOC, "\nCall us at {{ phone }}.\n"),
     [f"{EN_SCANDOC}:", '{{ phone }} is not a field of brand "scandoc"', "data/brands.yml"]),
    ("undefined variable in a clause", lambda r: append(r / "clauses/en/children.md", "\nWrite to {{ email }}.\n"),
     ["clauses/en/children.md:3:", '{{ email }} is not a field of brand "scandoc"', f"included by {EN_SCANDOC}"]),
    ("missing clause", lambda r: append(r / EN_SCANDOC, '\n--8<-- "en/no-such-clause.md"\n'),
     [f"{EN_SCANDOC}:", 'the shared clause "en/no-such-clause.md" does not exist', "children.md"]),
    ("clause in the wrong language", lambda r: append(r / RU_SCANDOC, '\n--8<-- "en/children.md"\n'),
     [f"{RU_SCANDOC}:", "is not in this page's language (ru)"]),
    ("script tag", lambda r: append(r / EN_SCANDOC, "\n<script>alert(1)</script>\n"),
     [f"{EN_SCANDOC}:", "a <script> tag is not allowed"]),
    ("iframe tag", lambda r: append(r / EN_SCANDOC, '\n<iframe src="https://example.com"></iframe>\n'),
     [f"{EN_SCANDOC}:", "a <iframe> tag is not allowed"]),
    ("object tag", lambda r: append(r / EN_SCANDOC, '\n<object data="x.swf"></object>\n'),
     [f"{EN_SCANDOC}:", "a <object> tag is not allowed"]),
    ("event attribute", lambda r: append(r / EN_SCANDOC, '\n<a href="#" onclick="steal()">x</a>\n'),
     [f"{EN_SCANDOC}:", 'an event attribute "onclick=" is not allowed']),
    ("event attribute in a clause", lambda r: append(r / "clauses/en/cookies.md", '\n<img src="x.png" onerror="x()">\n'),
     ["clauses/en/cookies.md:3:", 'an event attribute "onerror="']),
    ("unclosed variable", lambda r: append(r / EN_SCANDOC, "\nOur name is {{ name.\n"),
     [EN_SCANDOC, "the published page would show", "{{ name."]),
    ("registry without a required field", lambda r: edit(r / "data/brands.yml", "  governing_language: en\n  notice_days: 0\n\nscanxpro", "  notice_days: 0\n\nscanxpro"),
     ["data/brands.yml", 'brand "scandoc" has no "governing_language"']),
]


@pytest.mark.parametrize("name,breakage,expected", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_stops_the_build_with_a_clear_message(site_copy, name, breakage, expected):
    breakage(site_copy)
    result = build_site(site_copy)
    assert result.returncode != 0, f"{name}: the build succeeded\n{result.output}"
    for fragment in expected:
        assert fragment in result.output, f"{name}: {fragment!r} not in\n{result.output}"
    assert "How to fix:" in result.output
    assert "Traceback" not in result.output


def test_content_errors_are_all_reported_before_anything_is_written(site_copy):
    edit(site_copy / EN_SCANDOC, "effective_date: 2019-07-14", "effective_date: 2019-14-07")
    append(site_copy / "docs/ru/autel/privacy.md", "\n<script>x()</script>\n")
    result = build_site(site_copy)
    assert "The policy checks found 2 problems; nothing was published." in result.output
    assert not result.site.exists()


def test_the_seed_defects_cannot_be_published(site_copy):
    """Seed 000's date and seed 004's vanished brand name, as they were in the source texts."""
    edit(site_copy / EN_SCANDOC, "effective_date: 2019-07-14", "effective_date: 2019-14-07")
    edit(site_copy / "docs/en/unnamed-software/privacy.md", "provided to {{ name }}", "provided to {{ brand }}")
    result = build_site(site_copy)
    assert result.returncode != 0
    assert re.search(r"2019-14-07.*not a real date", result.output)
    assert "{{ brand }} is not a field" in result.output


def test_a_build_from_another_directory_finds_the_clauses(site_copy, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = build_site(elsewhere, "--config-file", str(site_copy / "mkdocs.yml"))
    assert result.returncode == 0, result.output
