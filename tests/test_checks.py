"""Every kind of bad input stops the build with a message a writer can act on (file, line, what, how to fix),
never a traceback, and leaves no site behind. Run on the fixture site, so the real content can change freely."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml

from conftest import build_site
from fixture_site import edit, policy_file

EN, RU = "docs/en/acme/privacy.md", "docs/ru/acme/privacy.md"


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def line_of(root: Path, path: str, needle: str) -> int:
    return next(n for n, line in enumerate((root / path).read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def set_date(root: Path, path: str, value: str) -> None:
    file = root / path
    file.write_text(re.sub(r"^effective_date: .*$", f"effective_date: {value}", file.read_text(encoding="utf-8"),
                           count=1, flags=re.M), encoding="utf-8")


def set_front(root: Path, path: str, line: str) -> None:
    edit(root / path, "---\n\n", f"{line}\n---\n\n")


def both(change):
    """The same edit in both languages (a faithful translation keeps its numbers, addresses and links)."""
    return lambda root: [change(root, lang) for lang in ("en", "ru")]


# (name, how to break the site, what the message must contain: fragments, with {line:PATH:NEEDLE} resolved)
BAD_INPUTS = [
    ("invalid date", lambda r: set_date(r, EN, "2019-14-07"),
     [f"{EN}:3:", 'is not a real date', "YYYY-MM-DD"]),
    ("non-ISO date", lambda r: set_date(r, EN, "14/07/2019"),
     [f"{EN}:3:", "is not written as YYYY-MM-DD"]),
    ("missing date", lambda r: edit(r / EN, "effective_date:", "effective_datum:"),
     [f"{EN}:1:", 'the front matter has no "effective_date"']),
    ("unknown front-matter field", lambda r: set_front(r, EN, "sumary: typo"),
     [f"{EN}:4:", '"sumary" is not a front-matter field']),
    ("front matter that is not YAML", lambda r: edit(r / EN, "title: Acme", "title: [Acme"),
     [f"{EN}:", "this block cannot be read"]),
    ("YAML alias bomb in front matter", lambda r: set_front(r, EN, "a: &a [x, x, x]\nb: &b [*a, *a, *a]"),
     [f"{EN}:", "anchor or alias"]),
    ("no front matter", lambda r: edit(r / EN, "---\n", ""), [f"{EN}:1:", "does not start with a front-matter block"]),
    ("front matter only", lambda r: (r / EN).write_text((r / EN).read_text().split("\n---\n")[0] + "\n---\n"),
     [EN, "has no text after its front matter"]),
    ("empty file", lambda r: (r / EN).write_text(""), [f"{EN}:1:", "does not start with a front-matter block"]),
    ("not UTF-8", lambda r: (r / RU).write_bytes((r / RU).read_text().encode("cp1251")), [RU, "is not UTF-8 text"]),
    ("markup in a title", lambda r: edit(r / EN, "title: Acme", "title: <img src=x onerror=alert(1)> Acme"),
     [f"{EN}:2:", "plain text"]),
    ("languages disagree on the date", lambda r: set_date(r, RU, "2001-01-01"),
     [RU, "the languages disagree on the effective date"]),
    ("brand not in the registry", lambda r: (r / "docs/en/acme").rename(r / "docs/en/acmee"),
     ["docs/en/acmee/privacy.md", 'the folder "acmee" is not a brand']),
    ("missing translation", lambda r: (r / RU).unlink(), [RU, "this translation is missing", "translation: pending"]),
    ("undefined variable in a page", lambda r: both(lambda r, l: append(r / f"docs/{l}/acme/privacy.md", "\n{{ phone }}\n"))(r),
     [f"{EN}:", '{{ phone }} is not a field of brand "acme"', "data/brands.yml"]),
    ("undefined variable in a clause", lambda r: append(r / "clauses/en/no-sale.md", "Write to {{ phone }}.\n"),
     ["clauses/en/no-sale.md:2:", '{{ phone }} is not a field of brand "acme"', f"included by {EN}"]),
    ("missing clause", lambda r: append(r / EN, '\n--8<-- "en/nothing.md"\n'),
     [f"{EN}:", 'the shared clause "en/nothing.md" does not exist', "no-sale.md"]),
    ("clause in the wrong language", lambda r: append(r / RU, '\n--8<-- "en/no-sale.md"\n'),
     [f"{RU}:", "is not a clause of this page's language (ru)"]),
    ("a clause reached through a symbolic link", lambda r: (r / "clauses/en/leak.md").symlink_to("/etc/passwd"),
     ["clauses/en/leak.md", "symbolic link"]),
    ("an unclosed variable", lambda r: both(lambda r, l: append(r / f"docs/{l}/acme/privacy.md", "\n{{ name.\n"))(r),
     [EN, "the published page would show"]),
    ("an unclosed writers' note", lambda r: append(r / EN, "\n<!-- a note\n"), [EN, "never closed"]),
    ("a script", lambda r: both(lambda r, l: append(r / f"docs/{l}/acme/privacy.md", "\n<script>alert(1)</script>\n"))(r),
     [f"{EN}:", "<script>"]),
    ("an event attribute through attr_list", lambda r: edit(r / EN, "## 2. Data we collect", "## 2. Data we collect {: onfocus=\"x()\" autofocus }"),
     [f"{EN}:{{line:{EN}:Data we collect}}:"]),
    ("a javascript link", lambda r: both(lambda r, l: append(r / f"docs/{l}/acme/privacy.md", "\n[x](&#106;avascript:alert(1))\n"))(r),
     [f"{EN}:"]),
    ("an image from another site", lambda r: both(lambda r, l: append(r / f"docs/{l}/acme/privacy.md", "\n![x](https://evil.example/x.png)\n"))(r),
     [f"{EN}:", "evil.example"]),
    ("a style element on the home page", lambda r: append(r / "docs/en/index.md", "\n<style>body{background:url(https://evil.example/)}</style>\n"),
     ["docs/en/index.md:"]),
    ("a clause include on the home page", lambda r: append(r / "docs/en/index.md", '\n--8<-- "en/no-sale.md"\n'),
     ["docs/en/index.md:", "work only in a brand's policy"]),
    ("registry without a required field", lambda r: edit(r / "data/brands.yml", "  notice_days: 0\n", "  notice_days_x: 0\n"),
     ["data/brands.yml", 'brand "acme" has no "notice_days"']),
    ("registry key written twice", lambda r: edit(r / "data/brands.yml", "  minimum_age: 16\n",
                                                  "  minimum_age: 16\n  legal_entity: Evil Corp\n"),
     ["data/brands.yml:", '"legal_entity" is written twice']),
    ("markup in a registry value", lambda r: edit(r / "data/brands.yml", "name: Acme", "name: <script>x</script>Acme"),
     ["data/brands.yml:", "plain text"]),
    ("a stray brace in a label", lambda r: edit(r / "data/labels.yml", '"Effective date: {date}"', '"Effective date: {date"'),
     ["data/labels.yml:", "unmatched brace"]),
    ("a list GitHub shows and the site would not", lambda r: both(lambda r, l: edit(r / f"docs/{l}/acme/privacy.md", ":\n\n- ", ":\n- "))(r),
     [f"{EN}:{{line:{EN}:your e-mail}}:", "blank line"]),
    ("a link to a page that does not exist", lambda r: both(lambda r, l: append(r / f"docs/{l}/acme/privacy.md", "\nSee [the other policy](../nobody/privacy.md).\n"))(r),
     [f"{EN}:", "leads to no page or file"]),
    ("a link written for another site's root", lambda r: both(lambda r, l: append(r / f"docs/{l}/acme/privacy.md", "\nSee [the terms](/github/site-policy/terms).\n"))(r),
     [f"{EN}:", "starts with “/”"]),
    ("a forbidden term", lambda r: edit(r / RU, "обрабатывает персональные данные", "обрабатывает личные данные"),
     [f"{RU}:", "«личные данные»", "персональные данные"]),
    ("another name for the operator", lambda r: edit(r / RU, "Оператор собирает:", "Мы собираем:"),
     [f"{RU}:{{line:{RU}:Мы собираем}}:", "Оператор"]),
    ("a number the translation does not carry", lambda r: edit(r / RU, "в течение 3 лет", "в течение 4 лет"),
     [RU, "«4»"]),
]


@pytest.mark.parametrize("name,breakage,expected", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_stops_the_build_with_a_clear_message(fixture_root, name, breakage, expected):
    breakage(fixture_root)
    result = build_site(fixture_root)
    assert result.returncode != 0, f"{name}: the build succeeded\n{result.output}"
    for fragment in expected:
        if "{line:" in fragment:
            path, needle = fragment.split("{line:")[1].rstrip("}:").split(":", 1)
            fragment = fragment.split("{line:")[0] + f"{line_of(fixture_root, path, needle)}:"
        assert fragment in result.output, f"{name}: {fragment!r} not in\n{result.output}"
    assert "How to fix:" in result.output
    assert "Traceback" not in result.output
    assert not result.site.exists(), "a failed build leaves no site behind"


def test_every_problem_is_reported_before_anything_is_written(fixture_root):
    set_date(fixture_root, EN, "2019-14-07")
    edit(fixture_root / "docs/ru/globex/privacy.md", "Оператор собирает:", "Мы собираем:")
    result = build_site(fixture_root)
    assert "The policy checks found 2 problems; nothing was published." in result.output
    assert not result.site.exists()


def test_a_bom_and_windows_line_ends_are_read_like_any_text(fixture_root):
    path = policy_file(fixture_root, "en", "acme")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    result = build_site(fixture_root)
    assert result.returncode == 0, result.output


def test_a_build_from_another_folder_finds_everything(fixture_root, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = build_site(elsewhere, "--config-file", str(fixture_root / "mkdocs.yml"))
    assert result.returncode == 0, result.output


def test_a_bad_setting_is_one_line(fixture_root):
    edit(fixture_root / "mkdocs.yml", '    as_of: ""', '    as_of: "2026-13-01"')
    result = build_site(fixture_root)
    assert result.returncode != 0 and "extra.policies.as_of '2026-13-01' is not a date" in result.output
    assert "Traceback" not in result.output


def test_a_translation_not_ready_yet_is_published_with_a_notice_never_in_another_language(fixture_root):
    russian = fixture_root / RU
    front = russian.read_text(encoding="utf-8").split("\n---\n")[0]
    russian.write_text(front + "\ntranslation: pending\n---\n", encoding="utf-8")
    result = build_site(fixture_root)
    assert result.returncode == 0, result.output
    assert "Translations not ready yet" in result.output and RU in result.output, "the build lists them"
    html = result.page("ru/acme/privacy")
    labels = yaml.safe_load((fixture_root / "data/labels.yml").read_text(encoding="utf-8"))["ru"]
    assert '<html lang="ru"' in html
    assert labels["translation_pending"].format(governing=labels["languages"]["en"]) in html
    assert 'hreflang="en"' in html and "We collect" not in html, "never the English text under a Russian address"
    shard = result.site / "search/pages/ru/acme/privacy/index.json"
    assert "Политика конфиденциальности Acme" in shard.read_text(encoding="utf-8"), "Russian search keeps the page"


@pytest.mark.parametrize("stated,fails", [(-1, True), (0, False)], ids=["stale", "agreeing"])
def test_a_line_stating_the_date_of_amendment_agrees_with_the_effective_date(fixture_root, stated, fails):
    """"Last amended …" left over from the version before contradicts the date the site prints above the text."""
    effective = datetime.date.fromisoformat(
        re.search(r"^effective_date: (\S+)$", (fixture_root / EN).read_text(encoding="utf-8"), re.M).group(1))
    day = effective + datetime.timedelta(days=stated)
    append(fixture_root / EN, f"\nLast amended {day.isoformat()}.\n")
    append(fixture_root / RU, f"\nПоследние изменения внесены {day.strftime('%d.%m.%Y')}.\n")
    result = build_site(fixture_root)
    if not fails:
        assert result.returncode == 0, result.output
        return
    assert result.returncode != 0 and not result.site.exists()
    for path, written, fix in ((EN, day.isoformat(), effective.isoformat()),
                               (RU, day.strftime("%d.%m.%Y"), effective.strftime("%d.%m.%Y"))):
        assert f"{path}:{line_of(fixture_root, path, written)}: this line says the text was amended or takes effect " \
               f'on {day.isoformat()} ("{written}"), but this version\'s effective_date is {effective.isoformat()}.' \
               in result.output, result.output
        assert f'write this version\'s date here ("{fix}")' in result.output
