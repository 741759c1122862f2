"""The policy logic on its own, without MkDocs."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from policykit.clauses import includes_in
from policykit.labels import long_date
from policykit.pages import page_url, relative_url
from policykit.problems import PolicyError
from policykit.redline import redline_markdown, redline_terminal
from policykit.registry import load_registry
from policykit.safety import template_remnants, unsafe_markup
from policykit.sources import read_policy
from policykit.variables import UndefinedVariable, substitute, variables_in

LANGS = ["en", "ru"]


def registry(tmp_path: Path, text: str):
    path = tmp_path / "brands.yml"
    path.write_text(text, encoding="utf-8")
    return load_registry(path, LANGS, "data/brands.yml")


def test_registry_gives_each_language_its_own_values(tmp_path):
    brands = registry(tmp_path, "acme:\n  name: Acme\n  governing_language: en\n  notice_days: 10\n"
                                "  legal_entity:\n    en: Acme Ltd\n    ru: ООО «Акме»\n  minimum_age: 16\n")
    acme = brands["acme"]
    assert acme.variables("en")["legal_entity"] == "Acme Ltd"
    assert acme.variables("ru")["legal_entity"] == "ООО «Акме»"
    assert acme.variables("ru")["minimum_age"] == "16"
    assert acme.notice_days == 10 and acme.placeholder is False


@pytest.mark.parametrize("entry,message", [
    ("  name: Acme\n  notice_days: 0\n", 'has no "governing_language"'),
    ("  name: Acme\n  governing_language: de\n  notice_days: 0\n", 'governing_language "de" is not a language'),
    ("  name: Acme\n  governing_language: en\n  notice_days: ten\n", '"notice_days" must be a whole number'),
    ("  name: Acme\n  governing_language: en\n  notice_days: 0\n  email:\n    en: a@b.c\n", '"email" gives languages en'),
    ("  name: Acme\n  governing_language: en\n  notice_days: 0\n  placeholder: maybe\n", '"placeholder" must be true or false'),
])
def test_registry_problems_name_the_brand_and_line(tmp_path, entry, message):
    with pytest.raises(PolicyError) as error:
        registry(tmp_path, "acme:\n" + entry)
    assert message in str(error.value)
    assert "data/brands.yml" in str(error.value)


def test_registry_rejects_a_bad_slug(tmp_path):
    with pytest.raises(PolicyError, match='slug "Acme Corp" is not valid'):
        registry(tmp_path, "Acme Corp:\n  name: Acme\n  governing_language: en\n  notice_days: 0\n")


def write_policy(tmp_path: Path, front_matter: str) -> Path:
    path = tmp_path / "docs" / "en" / "acme" / "privacy.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front_matter}---\n\nBody line.\n", encoding="utf-8")
    return path


def test_policy_front_matter_gives_a_real_date_and_the_body(tmp_path):
    policy = read_policy(write_policy(tmp_path, "title: T\neffective_date: 2019-07-14\n"), "en", tmp_path)
    assert policy.effective_date == datetime.date(2019, 7, 14)
    assert (policy.brand, policy.name, policy.key) == ("acme", "privacy", "acme/privacy")
    assert policy.body.strip() == "Body line." and policy.body_first_line == 5


@pytest.mark.parametrize("value,message", [
    ("2019-14-07", "is not a real date"),
    ("2019-02-30", "is not a real date"),
    ("14.07.2019", "is not written as YYYY-MM-DD"),
    ("2019-7-14", "is not written as YYYY-MM-DD"),
    ("'20190714'", "is not written as YYYY-MM-DD"),
])
def test_policy_dates_must_be_iso_and_real(tmp_path, value, message):
    problems = read_policy(write_policy(tmp_path, f"title: T\neffective_date: {value}\n"), "en", tmp_path)
    assert [p.line for p in problems] == [3]
    assert message in problems[0].what
    assert problems[0].path == "docs/en/acme/privacy.md"


def test_variables_are_substituted_and_undefined_ones_refused():
    assert substitute("{{ name }} ({{name}})", {"name": "Acme"}) == "Acme (Acme)"
    with pytest.raises(UndefinedVariable) as error:
        substitute("at {{ phone }}", {"name": "Acme"})
    assert error.value.name == "phone"
    assert variables_in("a\n{{ x }} {{ y }}") == [(2, "x"), (2, "y")]


def test_includes_are_found_and_malformed_ones_reported():
    found, malformed = includes_in('text\n--8<-- "en/a.md"\n--8<--\n')
    assert [(i.line, i.target) for i in found] == [(2, "en/a.md")]
    assert malformed == [3]


def test_unsafe_markup_is_found_with_its_line():
    text = "fine\n<SCRIPT>x</SCRIPT>\n<a href=x onmouseover='y'>\n[a](javascript:alert(1))\n<p>on=1 is text</p>"
    assert unsafe_markup(text) == [(2, "a <script> tag"), (3, 'an event attribute "onmouseover="'),
                                   (4, 'a "javascript:" link')]


def test_template_remnants_are_quoted():
    assert template_remnants("<p>Hello {{ name</p>") == ['"<p>Hello {{ name</p>"']
    assert template_remnants("<p>Hello Acme</p>") == []


def test_dates_are_written_as_each_language_writes_them():
    date = datetime.date(2019, 7, 14)
    assert long_date(date, {"locale": "en_GB"}) == "14 July 2019"
    assert long_date(date, {"locale": "ru_RU"}) == "14 июля 2019\u202fг."


def test_urls_between_languages():
    assert page_url("en", "acme/privacy", "en") == "acme/privacy/"
    assert page_url("ru", "acme/privacy", "en") == "ru/acme/privacy/"
    assert relative_url("acme/privacy/", "ru/acme/privacy/") == "../../ru/acme/privacy/"
    assert relative_url("ru/acme/privacy/", "acme/privacy/") == "../../../acme/privacy/"


def test_redline_shows_changed_blocks_only_with_gaps_between():
    old = "Title\nA b c.\nKeep this.\nStored for 3 years.\n"
    new = "Title\nA   b c.\nKeep this.\nStored for 5 years, encrypted.\nNew block.\n"
    assert redline_terminal(old, new) == "…\nStored for [-3 years.-] {+5 years, encrypted.+}\n{+New block.+}"
    assert redline_terminal("T\nx\n", "T\nx\n") == ""
    assert redline_terminal("a\nb\n", "a2\nb\n") == "[-a-] {+a2+}"
    assert redline_markdown("T\nuse *this*\n", "T\nuse that\n") == "…\n\nuse ~~\\*this\\*~~ **that**"


def test_a_first_version_cannot_be_in_force_before_its_date(tmp_path):
    from policykit.published import Published
    from policykit.site import Site, SitePaths
    from policykit.upcoming import site_in_force

    policy = read_policy(write_policy(tmp_path, "title: T\neffective_date: 2030-01-01\n"), "en", tmp_path)
    site = Site(SitePaths(tmp_path), LANGS, {}, [policy])
    with pytest.raises(PolicyError) as error:
        site_in_force(site, Published(None), datetime.date(2029, 12, 1))
    message = str(error.value)
    assert "docs/en/acme/privacy.md: this policy takes effect on 2030-01-01, and no earlier version" in message
    assert "give it an effective_date that has come, or merge it on its effective date" in message
    assert site_in_force(site, Published(None), datetime.date(2030, 1, 1)).policies == [policy]
