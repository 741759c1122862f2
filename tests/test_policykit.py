"""The policy logic on its own, without MkDocs: settings, files, YAML, registry, front matter, expansion,
history, the change guard, notice periods, release planning, manifests."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from policykit.expansion import Clauses, expand
from policykit.history import (CORRECTED, CORRECTION, IN_FORCE, NEW_VERSION, SUPERSEDED, UNCHANGED, UPCOMING,
                               WITHDRAWN, Declared, TextChange, fact_problem, imported_problem, in_force_on,
                               notice_problem, previous_text, text_change, timeline)
from policykit.labels import load_labels, long_date
from policykit.problems import PolicyError
from policykit.published import Version
from policykit.registry import load_registry
from policykit.releases import (ReleaseError, blob_id, chain_problems, changed_trees, check_day, check_not_ahead,
                                manifest, manifest_problems, next_name, plan, release_day, release_order, site_problems,
                                status_changes)
from policykit.settings import SettingsError, is_local, parse_settings
from policykit.repository_files import linked_paths, read_source
from policykit.policy_file import read_policy
from policykit.yamlfile import load_yaml

LANGS = ["en", "ru"]
D = datetime.date


# --- settings ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("values,message", [
    ({"as_of": "2026-13-01"}, "as_of '2026-13-01' is not a date"),
    ({"release": "latest"}, "release 'latest' is not a release name"),
    ({"as_of": "2026-12-01", "next_release": "2026-12-01-2"}, "unknown setting 'next_release'"),
    ({"pages_commit": "not-a-commit"}, "pages_commit 'not-a-commit' is not a commit id"),
    ({"release_day": "x"}, "unknown setting 'release_day'"),
    ("text", "must be a list of settings"),
])
def test_settings_are_refused_in_one_line(values, message):
    with pytest.raises(SettingsError) as error:
        parse_settings(Path("."), LANGS, "https://example.org", values, "mkdocs.yml")
    assert message in str(error.value) and "\n" not in str(error.value)


def test_settings_give_the_site_address_and_the_day():
    settings = parse_settings(Path("."), LANGS, "https://example.org/p", {"release": "2026-12-01-2", "as_of": D(2026, 12, 1)},
                              "mkdocs.yml")
    assert settings.site_url == "https://example.org/p/"
    assert settings.release == "2026-12-01-2" and settings.day == D(2026, 12, 1) and settings.pages_commit is None
    assert parse_settings(Path("."), LANGS, "https://example.org", {}, "mkdocs.yml").day == datetime.date.today()
    with pytest.raises(SettingsError, match="not an http"):
        parse_settings(Path("."), LANGS, "example.org", {}, "mkdocs.yml")
    assert is_local("http://127.0.0.1:8000/") and is_local("http://localhost/") and not is_local("https://example.org/")


# --- files and YAML --------------------------------------------------------------------------------------------

def test_a_file_is_read_as_utf8_with_its_bom_and_line_ends_normalised(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes("\ufeffone\r\ntwo\r".encode())
    assert read_source(path, tmp_path) == "one\ntwo\n"


def test_a_file_that_is_not_utf8_is_named_with_its_line(tmp_path):
    path = tmp_path / "docs" / "a.md"
    path.parent.mkdir()
    path.write_bytes("ok\nЖурнал\n".encode("cp1251"))
    with pytest.raises(PolicyError) as error:
        read_source(path, tmp_path)
    assert "docs/a.md:2: the file is not UTF-8 text" in str(error.value)


def test_links_and_paths_outside_the_repository_are_refused(tmp_path):
    (tmp_path / "clauses" / "en").mkdir(parents=True)
    secret = tmp_path.parent / "secret.txt"
    secret.write_text("token", encoding="utf-8")
    (tmp_path / "clauses" / "en" / "leak.md").symlink_to(secret)
    problems = linked_paths(tmp_path, [tmp_path / "clauses"])
    assert [p.path for p in problems] == ["clauses/en/leak.md"] and "symbolic link" in problems[0].what
    with pytest.raises(PolicyError, match="symbolic link"):
        read_source(tmp_path / "clauses" / "en" / "leak.md", tmp_path)


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.md"
    path.write_bytes(b"a" * 3_000_000)
    with pytest.raises(PolicyError, match="more than the"):
        read_source(path, tmp_path)


@pytest.mark.parametrize("text,message", [
    ("a: &x [1, 2]\nb: *x\n", "anchor or alias"),
    ("a: 1\nb:\n  c: 2\n  c: 3\n", '"c" is written twice'),
    ("a:\n  <<: {b: 1}\n", "merge key"),
    ("a: [1\n", "cannot be read"),
])
def test_yaml_that_is_not_plain_is_a_problem_with_its_line(text, message):
    problem = load_yaml(text, "data/x.yml")
    assert message in problem.what and problem.line is not None


def test_a_yaml_alias_bomb_is_refused_before_it_grows():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))
    assert "anchor or alias" in load_yaml(bomb, "front matter").what


# --- registry and labels ---------------------------------------------------------------------------------------

def registry(tmp_path: Path, text: str):
    path = tmp_path / "data" / "brands.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load_registry(path, LANGS, tmp_path, tmp_path / "docs")


def test_registry_gives_each_language_its_own_values(tmp_path):
    brands = registry(tmp_path, "acme:\n  name: Acme\n  governing_language: en\n  notice_days: 10\n"
                                "  legal_entity:\n    en: Acme Ltd\n    ru: ООО «Акме»\n  minimum_age: 16\n")
    acme = brands["acme"]
    assert acme.variables("en")["legal_entity"] == "Acme Ltd" and acme.variables("ru")["legal_entity"] == "ООО «Акме»"
    assert acme.variables("ru")["minimum_age"] == "16" and acme.notice_days == 10 and not acme.placeholder


@pytest.mark.parametrize("entry,message", [
    ("  name: Acme\n  notice_days: 0\n", 'has no "governing_language"'),
    ("  name: Acme\n  governing_language: de\n  notice_days: 0\n", 'governing_language "de" is not a language'),
    ("  name: Acme\n  governing_language: en\n  notice_days: ten\n", '"notice_days" must be a whole number'),
    ("  name: Acme\n  governing_language: en\n  notice_days: 999999999\n", "from 0 to 3650"),
    ("  name: Acme\n  governing_language: en\n  notice_days: 0\n  email:\n    en: a@b.c\n", '"email" gives languages en'),
    ("  name: <b>Acme</b>\n  governing_language: en\n  notice_days: 0\n", "plain text"),
    ("  name: Acme\n  governing_language: en\n  notice_days: 0\n  name: Evil\n", '"name" is written twice'),
])
def test_registry_problems_name_the_brand_and_line(tmp_path, entry, message):
    with pytest.raises(PolicyError) as error:
        registry(tmp_path, "acme:\n" + entry)
    assert message in str(error.value) and "data/brands.yml:" in str(error.value)


@pytest.mark.parametrize("label,message", [
    ('"Effective {date"', "unmatched brace"),
    ('"Effective {when}"', "placeholder(s) {when}"),
    ('"<b>Effective</b> {date}"', "plain text"),
    ('"Дата вступления в силу"',
     'the ru label "effective_date" leaves out {date}, which it must state: every page would print it without it.'),
    ('"Effective {title}"', "which the site does not fill in this label (it fills it with {date} only)"),
])
def test_labels_are_checked_for_braces_placeholders_and_markup(tmp_path, label, message):
    path = tmp_path / "labels.yml"
    path.write_text(f'en:\n  locale: en_GB\n  effective_date: "Effective date: {{date}}"\n'
                    f"ru:\n  locale: ru_RU\n  effective_date: {label}\n", encoding="utf-8")
    with pytest.raises(PolicyError) as error:
        load_labels(path, LANGS, tmp_path)
    assert message in str(error.value) and "labels.yml:6:" in str(error.value)


@pytest.mark.parametrize("label,line,message,fix", [
    ('effective_date: "Effective date"', 3, 'the en label "effective_date" leaves out {date}',
     "write {date} back where the sentence states it"),
    ('status_superseded: "In force from {start}."', 3, 'the en label "status_superseded" leaves out {end}', "{end}"),
    ('page_title: "{title} ({date}) of {brand}"', 3, 'the en label "page_title" has the placeholder(s) {brand}, which '
     "the site does not fill in this label (it fills it with {date}, {title} only)", "keep each {placeholder}"),
    ('what_changed_link: "What changed on {date}"', 3, 'the en label "what_changed_link" has the placeholder(s) '
     "{date}, which the site does not fill in this label (it fills no placeholder in it)", "keep each {placeholder}"),
])
def test_a_label_states_what_the_site_fills_it_with_and_only_that(tmp_path, label, line, message, fix):
    """A label that states law keeps its placeholders ("Effective date:" with no {date} would put a date-less line
    on every page); a placeholder the site fills elsewhere, not in this label, would print as written or stop the
    build (.format() in site_chrome, release_files)."""
    path = tmp_path / "labels.yml"
    path.write_text(f"en:\n  locale: en_GB\n  {label}\nru:\n  locale: ru_RU\n  {label}\n", encoding="utf-8")
    with pytest.raises(PolicyError) as error:
        load_labels(path, LANGS, tmp_path)
    said = str(error.value)
    assert f"labels.yml:{line}: {message}" in said and fix in said
    translated = f"ru:\n  locale: ru_RU\n  effective_date: \"Дата вступления в силу\"\n"
    path.write_text(f'en:\n  locale: en_GB\n  effective_date: "Effective date: {{date}}"\n{translated}',
                    encoding="utf-8")
    with pytest.raises(PolicyError) as error:
        load_labels(path, LANGS, tmp_path)
    assert "labels.yml:6:" in str(error.value) and 'as the default language\'s label does ("Effective date: {date}")' \
        in str(error.value)


def test_dates_are_written_as_each_language_writes_them():
    assert long_date(D(2001, 2, 3), {"locale": "en_GB"}) == "3 February 2001"
    # A Russian date never breaks across lines: every space a no-break one (Babel's narrow one before «г.» too).
    assert long_date(D(2001, 2, 3), {"locale": "ru_RU"}) == "3\u00a0февраля\u00a02001\u00a0г."
    assert " " not in long_date(D(2001, 12, 31), {"locale": "ru_RU"})


# --- front matter and expansion ----------------------------------------------------------------------------------

def write_policy(tmp_path: Path, front_matter: str, body: str = "Body line.\n", lang: str = "en") -> Path:
    path = tmp_path / "docs" / lang / "acme" / "privacy.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front_matter}---\n\n{body}", encoding="utf-8")
    return path


def test_policy_front_matter_gives_a_real_date_and_the_body(tmp_path):
    policy = read_policy(write_policy(tmp_path, "title: T\neffective_date: 2001-02-03\nsummary: Was  changed.\n"), "en",
                         tmp_path)
    assert policy.effective_date == D(2001, 2, 3) and policy.summary == "Was changed."
    assert (policy.brand, policy.name, policy.key) == ("acme", "privacy", "acme/privacy")
    assert policy.body.strip() == "Body line." and policy.body_first_line == 6


@pytest.mark.parametrize("front,body,line,message", [
    ("title: T\neffective_date: 2019-14-07\n", "x\n", 3, "is not a real date"),
    ("title: T\neffective_date: 14.07.2019\n", "x\n", 3, "is not written as YYYY-MM-DD"),
    ("title: T\neffective_date: 2001-02-03\nefective: 1\n", "x\n", 4, '"efective" is not a front-matter field'),
    ("title: T\neffective_date: 2001-02-03\ntranslation: later\n", "x\n", 4, 'translation "later" is not understood'),
    ("title: <i>T</i>\neffective_date: 2001-02-03\n", "x\n", 2, "plain text"),
    ("title: T\neffective_date: 2001-02-03\n", "", 5, "has no text after its front matter"),
])
def test_policy_front_matter_problems_have_their_line(tmp_path, front, body, line, message):
    with pytest.raises(PolicyError) as error:
        read_policy(write_policy(tmp_path, front, body), "en", tmp_path)
    [problem] = error.value.problems
    assert (problem.line, problem.path) == (line, "docs/en/acme/privacy.md") and message in problem.what


def clauses(tmp_path: Path, **texts: str) -> Clauses:
    for name, text in texts.items():
        path = tmp_path / "clauses" / "en" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return Clauses(tmp_path / "clauses", tmp_path)


def test_expansion_fills_in_clauses_and_variables_and_remembers_each_lines_origin(tmp_path):
    body = "First {{ name }}.\n<!-- a note\nover lines -->\n\n--8<-- \"en/a.md\"\n\nLast <!-- x --> line.\n"
    expanded = expand(body, "docs/en/acme/privacy.md", 6, "en", {"name": "Acme", "age": "16"}, "acme",
                      clauses(tmp_path, a="Under {{ age }}.\n"))
    assert expanded.markdown == "First Acme.\n\nUnder 16.\n\n\nLast  line.\n"
    assert "note" not in expanded.markdown
    assert expanded.origin(3) .path == "clauses/en/a.md" and expanded.origin(3).line == 1
    assert (expanded.origin(6).path, expanded.origin(6).line) == ("docs/en/acme/privacy.md", 12)


@pytest.mark.parametrize("body,message,where", [
    ("At {{ phone }}.\n", '{{ phone }} is not a field of brand "acme"', ("docs/en/acme/privacy.md", 6)),
    ('--8<-- "en/missing.md"\n', 'the shared clause "en/missing.md" does not exist', ("docs/en/acme/privacy.md", 6)),
    ('--8<-- "ru/a.md"\n', "is not a clause of this page's language", ("docs/en/acme/privacy.md", 6)),
    ("--8<--\n", "not written in the accepted form", ("docs/en/acme/privacy.md", 6)),
    ("Hello {{ name.\n", "the published page would show", ("docs/en/acme/privacy.md", 6)),
    ("x <!-- open\nrest\n", "never closed", ("docs/en/acme/privacy.md", 6)),
    ('--8<-- "en/b.md"\n', "{{ phone }} is not a field", ("clauses/en/b.md", 2)),
])
def test_expansion_problems_name_the_file_and_line_a_writer_edits(tmp_path, body, message, where):
    with pytest.raises(PolicyError) as error:
        expand(body, "docs/en/acme/privacy.md", 6, "en", {"name": "Acme"}, "acme",
               clauses(tmp_path, a="A.\n", b="B\nat {{ phone }}\n"))
    problem = next(p for p in error.value.problems if message in p.what)
    assert (problem.path, problem.line) == where


# --- history, guard, notice ---------------------------------------------------------------------------------------

def version(day: D, sha: str = "a", release: str | None = "2026-01-01", governing: str = "en",
            summary: str | None = None, translation: str = "complete", corrected_on: D | None = None,
            correction: str | None = None) -> Version:
    return Version("en", "acme/privacy", day, "T", sha, governing, summary, translation, release,
                   f"acme/privacy/{day.isoformat()}/", "t", "m", corrected_on=corrected_on, correction=correction)


def declared(correction: str | None = None, replaces: D | None = None) -> Declared:
    return Declared(correction, replaces, "docs/en/acme/privacy.md", "Acme", 9, 4, 5, 6)


def test_versions_have_date_ranges_and_a_status_on_any_day():
    first, second, third = version(D(2019, 7, 14)), version(D(2026, 3, 1), "b"), version(D(2026, 4, 15), "c")
    dated = timeline([third, first, second])
    assert [(d.version, d.until) for d in dated] == [(first, D(2026, 3, 1)), (second, D(2026, 4, 15)), (third, None)]
    day = D(2026, 3, 20)
    assert [d.status(day) for d in dated] == [SUPERSEDED, IN_FORCE, UPCOMING]
    assert dated[1].status(D(2026, 3, 1)) == IN_FORCE and dated[0].status(D(2026, 2, 28)) == IN_FORCE
    assert in_force_on([first, second, third], D(2026, 3, 1)) is second
    assert in_force_on([first, second], D(2019, 7, 13)) is None


def test_a_correction_is_online_from_its_day_and_the_text_before_it_is_corrected():
    original = version(D(2022, 5, 31), "a")
    corrected = version(D(2022, 5, 31), "b", corrected_on=D(2022, 6, 15), correction="Link updated.")
    later = version(D(2023, 1, 1), "c")
    dated = timeline([later, corrected, original])
    assert [d.version for d in dated] == [original, corrected, later]
    assert dated[0].status(D(2022, 6, 14)) == IN_FORCE and dated[0].status(D(2022, 6, 15)) == CORRECTED
    assert dated[1].status(D(2022, 6, 15)) == IN_FORCE and dated[1].status(D(2023, 1, 1)) == SUPERSEDED
    assert in_force_on([original, corrected, later], D(2022, 6, 14)) is original
    assert in_force_on([original, corrected, later], D(2022, 6, 15)) is corrected
    assert previous_text([original, corrected, later], corrected) is original
    assert corrected.slug == "2022-05-31-corrected-2022-06-15"


def test_a_withdrawn_announcement_never_was_in_force():
    first = version(D(2022, 1, 1), "a")
    announced = dataclasses.replace(version(D(2022, 5, 25), "b"), replaced_on=D(2022, 5, 20), replaced_by=D(2022, 5, 31))
    replacement = version(D(2022, 5, 31), "c")
    dated = timeline([first, announced, replacement])
    assert dated[0].until == D(2022, 5, 31)  # the first version applied until the replacement took effect
    assert dated[1].status(D(2022, 5, 26)) == WITHDRAWN and dated[1].replaced_by is replacement
    assert in_force_on([first, announced, replacement], D(2022, 5, 26)) is first


def test_the_guard_refuses_a_changed_text_or_governing_language_without_a_later_date():
    published = [version(D(2019, 7, 14), "a")]
    same_day = version(D(2019, 7, 14), "b", None)
    change, [problem] = text_change(published, same_day, declared(), D(2026, 1, 1), "New.")
    assert "differs from its published version" in problem.what and problem.line == 9 and '"New."' in problem.what
    assert "correction:" in problem.fix
    governing = version(D(2019, 7, 14), "a", None, governing="ru")
    _, [problem] = text_change(published, governing, declared(), D(2026, 1, 1), "")
    assert "governing language of the Acme policy changes from en to ru" in problem.what
    unchanged = version(D(2019, 7, 14), "a", None)
    assert text_change(published, unchanged, declared(), D(2026, 1, 1), "") == (TextChange(UNCHANGED, None), [])


def test_a_declared_correction_keeps_its_date_and_may_not_change_facts():
    published = [version(D(2019, 7, 14), "a")]
    corrected = version(D(2019, 7, 14), "b", None)
    change, problems = text_change(published, corrected, declared("Link updated."), D(2026, 1, 1), "")
    assert change.kind == CORRECTION and change.previous is published[0] and problems == []
    assert fact_problem("Keep logs 3 years ⟨https://a.example/1⟩.", "Keep logs 3 years ⟨https://a.example/2⟩.",
                        declared("Link updated.")) is None
    problem = fact_problem("Keep logs 3 years; write to a@example.com.", "Keep logs 5 years; write to b@example.com.",
                           declared("Typo."))
    assert "removed 3, a@example.com" in problem.what and "added 5, b@example.com" in problem.what
    assert problem.line == 5 and "new version" in problem.fix
    twice = [version(D(2019, 7, 14), "a", corrected_on=D(2026, 1, 1))]
    _, [problem] = text_change(twice, corrected, declared("Again."), D(2026, 1, 1), "")
    assert "already corrected on 2026-01-01" in problem.what


def test_an_announcement_is_replaced_only_when_declared_and_only_before_its_date():
    published = [version(D(2022, 1, 1), "a"), version(D(2022, 5, 25), "b", summary="New.")]
    postponed = version(D(2022, 5, 31), "b", None, summary="New.")
    change, problems = text_change(published, postponed, declared(replaces=D(2022, 5, 25)), D(2022, 5, 20), "")
    assert problems == [] and change.withdrawn == (published[1],) and change.previous is published[0]
    _, problems = text_change(published, postponed, declared(replaces=D(2022, 5, 25)), D(2022, 5, 26), "")
    assert any("already took effect" in problem.what for problem in problems)
    earlier = version(D(2022, 5, 10), "c", None, summary="Sooner.")
    _, [problem] = text_change(published, earlier, declared(), D(2022, 5, 1), "")
    assert "replaces_announcement: 2022-05-25" in problem.fix
    # Without the declaration, a later version follows the announced one: both stay announced.
    second = version(D(2022, 6, 30), "d", None, summary="More.")
    change, problems = text_change(published, second, declared(), D(2022, 5, 20), "")
    assert problems == [] and change.kind == NEW_VERSION and change.previous is published[1]


def test_the_guard_wants_a_summary_for_a_new_version_and_refuses_going_back_in_time():
    published = [version(D(2019, 7, 14), "a", summary="First.")]
    unsummarised = version(D(2026, 1, 1), "b", None, summary="First.")
    _, [problem] = text_change(published, unsummarised, declared(), D(2026, 1, 1), "")
    assert "does not say what changed" in problem.what and problem.line == 4
    summarised = version(D(2026, 1, 1), "b", None, summary="Logs kept longer.")
    assert text_change(published, summarised, declared(), D(2026, 1, 1), "")[1] == []
    earlier = version(D(2019, 1, 1), "b", None, summary="x")
    _, [problem] = text_change(published, earlier, declared(), D(2026, 1, 1), "")
    assert "before its published version" in problem.what


def test_a_pending_translation_may_be_completed_under_the_same_date():
    published = [version(D(2026, 1, 1), "p", translation="pending")]
    ready = version(D(2026, 1, 1), "r", None)
    change, problems = text_change(published, ready, declared(), D(2026, 2, 1), "")
    assert problems == [] and change.kind == CORRECTION and change.previous == published[0]


def test_notice_periods_count_days_and_never_print_a_negative_number():
    previous = version(D(2026, 1, 1))
    day = D(2026, 12, 5)
    problem = notice_problem(D(2026, 12, 10), previous, 10, "Acme", "x", 3, day, imported=False)
    assert "promises 10 days' notice" in problem.what and "5 days after this release (2026-12-05)" in problem.what
    assert "on or after 2026-12-15" in problem.fix and "had to be published by 2026-11-30" in problem.what
    backdated = notice_problem(D(2026, 11, 1), previous, 0, "Acme", "x", 3, day, imported=False)
    assert "before this release (2026-12-05)" in backdated.what and "-" not in backdated.what.split("2026-12-05")[0][-15:]
    assert notice_problem(D(2026, 12, 15), previous, 10, "Acme", "x", 3, day, imported=False) is None
    assert notice_problem(D(2020, 7, 22), previous, 30, "Acme", "x", 3, day, imported=True) is None
    assert notice_problem(D(2020, 7, 22), None, 30, "Acme", "x", 3, day, imported=False) is None


def test_imported_from_is_history_only_where_the_dates_say_so():
    """Accepted for a policy no release has published, on texts in force by this release's day; refused on any
    new text once the policy is published, and on a text dated after the release's day."""
    day = D(2026, 12, 5)
    assert imported_problem(D(2019, 7, 14), [], day, "x", 3) is None
    assert imported_problem(D(2026, 12, 5), [], day, "x", 3) is None, "in force when first published here"
    later = imported_problem(D(2026, 12, 6), [], day, "x", 3)
    assert later is not None and "takes effect on 2026-12-06, after this release (2026-12-05)" in later.what
    assert later.fix.startswith("remove `imported_from:`") and later.line == 3
    published = [version(D(2019, 7, 14), release="2026-01-01")]
    for effective in (D(2020, 1, 1), D(2026, 12, 20)):
        refused = imported_problem(effective, published, day, "x", 3)
        assert refused is not None and "(since release 2026-01-01)" in refused.what
        assert "must respect the notice period" in refused.what


# --- release planning ------------------------------------------------------------------------------------------------

def test_release_names_order_and_days():
    assert next_name(D(2030, 1, 15), set()) == "2030-01-15"
    assert next_name(D(2030, 1, 15), {"2030-01-15", "2030-01-15-2"}) == "2030-01-15-3"
    names = ["2030-01-15-10", "2030-01-15-2", "2030-01-15", "2030-01-15-9", "2030-01-14"]
    assert sorted(names, key=release_order) == ["2030-01-14", "2030-01-15", "2030-01-15-2", "2030-01-15-9",
                                                "2030-01-15-10"]
    assert release_day("2030-01-15-2") == D(2030, 1, 15)
    with pytest.raises(ReleaseError, match="not a release name"):
        release_day("latest")
    with pytest.raises(ReleaseError, match="real date"):
        release_day("2030-13-01")


def test_a_release_never_goes_back_in_time():
    with pytest.raises(ReleaseError) as error:
        check_day(D(2030, 1, 23), {"2030-01-24", "2030-01-15"})
    assert "earlier than the newest published release, 2030-01-24" in str(error.value)
    check_day(D(2030, 1, 24), {"2030-01-24"})


def test_the_name_of_a_publication():
    assert plan(D(2026, 12, 1), {"2026-12-01"}) == "2026-12-01-2"
    assert plan(D(2026, 12, 1), set(), name="2026-12-01") == "2026-12-01"
    for name, message in [("2026-12-01", "already published"), ("2026-12-02", "does not match")]:
        with pytest.raises(ReleaseError, match=message):
            plan(D(2026, 12, 1), {"2026-12-01"}, name=name)


def test_a_release_is_not_dated_ahead_of_today_unless_said():
    check_not_ahead(D(2026, 12, 2), D(2026, 12, 1), future=False)
    with pytest.raises(ReleaseError, match="more than a day after today"):
        check_not_ahead(D(2027, 12, 1), D(2026, 12, 1), future=False)
    check_not_ahead(D(2027, 12, 1), D(2026, 12, 1), future=True)


def test_statuses_change_on_the_days_between_publications():
    dates = [D(2026, 12, 5), D(2026, 12, 10), D(2026, 12, 20), D(2026, 11, 1)]
    assert status_changes(D(2026, 12, 1), D(2026, 12, 4), dates) == []
    assert status_changes(D(2026, 12, 1), D(2026, 12, 10), dates) == [D(2026, 12, 5), D(2026, 12, 10)]


def test_a_manifest_shows_every_change_to_a_published_release():
    files = {"index.html": b"<p>a</p>", "policies.json": b"{}"}
    record = manifest("2026-12-01", D(2026, 12, 1), "c0ffee", files, {}, None)
    listing = {path: blob_id(data) for path, data in files.items()}
    assert manifest_problems("2026-12-01", record, listing) == []
    assert blob_id(b"<p>a</p>") == subprocess.run(["git", "hash-object", "--stdin"], input=b"<p>a</p>",
                                                  capture_output=True).stdout.decode().strip()
    edited = {**listing, "index.html": blob_id(b"<p>b</p>")}
    assert manifest_problems("2026-12-01", record, edited) == ["2026-12-01/index.html was changed after it was published"]
    assert "was added" in manifest_problems("2026-12-01", record, {**listing, "x.js": "0"})[0]
    assert "was removed" in manifest_problems("2026-12-01", record, {"index.html": listing["index.html"]})[0]
    assert "has no release-manifest.json" in manifest_problems("2026-12-01", None, listing)[0]


def test_manifests_chain_so_an_earlier_one_cannot_be_rewritten():
    first = manifest("2026-12-01", D(2026, 12, 1), "c0ffee", {"a": b"1"}, {}, None)
    second = manifest("2026-12-02", D(2026, 12, 2), "c0ffee", {"a": b"1"}, {}, ("2026-12-01", first))
    assert json.loads(second)["previous"]["sha256"] == hashlib.sha256(first).hexdigest()
    assert chain_problems({"2026-12-01": first, "2026-12-02": second}) == []
    forged = manifest("2026-12-01", D(2026, 12, 1), "c0ffee", {"a": b"2"}, {}, None)
    assert chain_problems({"2026-12-01": forged, "2026-12-02": second}) == [
        "the manifest of release 2026-12-01 does not match what release 2026-12-02 recorded of it"]


def test_the_site_root_is_as_the_newest_release_left_it_and_recorded_texts_never_change():
    text = "acme/privacy/2026-01-01/policy.txt"
    first = manifest("2026-12-01", D(2026, 12, 1), "c0ffee", {}, {text: "t1", "index.html": "h1"}, None)
    second = manifest("2026-12-02", D(2026, 12, 2), "c0ffee", {}, {text: "t1", "index.html": "h2"}, ("2026-12-01", first))
    manifests = {"2026-12-01": first, "2026-12-02": second}
    assert site_problems(manifests, {text: "t1", "index.html": "h2"}, "2026-12-02") == []
    assert site_problems(manifests, {text: "t1", "index.html": "h3"}, "2026-12-02") == [
        "index.html was changed after release 2026-12-02 published it"]
    assert any("a recorded text published by release 2026-12-01" in p
               for p in site_problems(manifests, {text: "t9", "index.html": "h2"}, "2026-12-02"))


def test_the_tree_comparison_names_a_changed_release():
    before = {"2026-12-01": "t1", "2026-12-02": "t2"}
    assert changed_trees(before, {**before, "2026-12-03": "t3"}, set(before)) == []
    assert changed_trees(before, {**before, "2026-12-01": "t9"}, set(before)) == ["2026-12-01"]
    assert changed_trees(before, {"2026-12-02": "t2"}, set(before)) == ["2026-12-01"]


# --- the engine boundary -------------------------------------------------------------------------------------------

def test_the_policy_logic_never_imports_the_site_engine():
    """Only the adapters (changes to gh-pages through mike, the commands that publish or import, the command line) may
    reach MkDocs or mike: reading gh-pages, building and verifying need neither."""
    modules = sorted(p.stem for p in (Path(__file__).parent.parent / "policykit").glob("*.py")
                     if p.stem not in ("pages_deploy", "publishing", "importing", "cli", "__init__"))
    code = ("import sys\n" + "".join(f"import policykit.{m}\n" for m in modules)
            + "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'mike', 'material')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
