"""The term list: refused variants of a term, and one name for the operator per page."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykit.problems import PolicyError
from policykit.prose import literals
from policykit.terms import check, load_terms

LANGS = ["en", "ru"]
REAL = Path(__file__).resolve().parent / "real-content"

TERMS = """\
# The words our policies use.
ru:
  terms:
    - use: персональные данные
      not: ["личн* данн*", "персональн* информаци*"]
    - use: Оператор
      not: ["Администраци*"]
  parties:
    - name: Оператор
      forms: ["Оператор*"]
    - name: мы
      forms: [мы, нас, нам, нами, наш, наша, наше, нашего, нашей, нашим, нашими, наших]
en:
  terms:
    - use: personal data
      not: ["personal information"]
  parties: []
"""


def terms(tmp_path: Path, text: str = TERMS):
    path = tmp_path / "data" / "terms.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load_terms(path, LANGS, tmp_path)


def quoted(findings) -> list[tuple[int, str]]:
    """(line, the words quoted first) of each finding."""
    return [(f.line, f.what.split("«")[1].split("»")[0]) for f in findings]


def test_a_refused_variant_is_quoted_with_the_term_to_use(tmp_path):
    text = "## 1. Общие положения\n\nОператор обрабатывает ваши Личные данные.\n"
    [finding] = check(text, "ru", "Оператор", terms(tmp_path))
    assert finding.line == 3
    assert "«Личные данные»" in finding.what
    assert "«персональные данные»" in finding.fix


def test_words_match_in_any_case_with_any_ending_and_ё_as_е(tmp_path):
    text = "личных данных\nЛИЧНЫМИ ДАННЫМИ\nперсональной информацией\nАдминистрацией сайта\nпёрсональной информации\n"
    assert quoted(check(text, "ru", "Оператор", terms(tmp_path))) == [
        (1, "личных данных"), (2, "ЛИЧНЫМИ ДАННЫМИ"), (3, "персональной информацией"),
        (4, "Администрацией"), (5, "пёрсональной информации")]


def test_a_term_of_several_words_is_found_across_one_line_break_and_emphasis(tmp_path):
    text = "Мы храним ваши личные\n  данные и **личные** данные.\n\nличные\n\nданные в разных абзацах.\n"
    assert quoted(check(text, "ru", "мы", terms(tmp_path))) == [(1, "личные данные"), (2, "личные данные")]


def test_words_are_whole_words(tmp_path):
    # «мы» inside «мысль», «нас» inside «население», a variant inside a longer word: nothing to report.
    text = "Эта мысль касается населения; безличные данные не собираются. Оператор-ский — не слово.\n"
    assert check(text, "ru", "Оператор", terms(tmp_path)) == []
    assert quoted(check("Мы — оператор.\n", "ru", "мы", terms(tmp_path))) == [(1, "оператор")]


def test_urls_email_addresses_inline_code_and_link_targets_are_not_words(tmp_path):
    text = ("Пишите на lichnye@нас.рф или https://example.org/мы/личные-данные, "
            "`личные данные` и [сайт](https://example.org/нас \"нам\") и <https://нас.рф>.\n"
            "```\nличные данные\n```\n")
    assert check(text, "ru", "Оператор", terms(tmp_path)) == []


def test_link_words_are_prose(tmp_path):
    text = "[наш сайт](https://example.org/) и [личные данные](https://example.org/)\n"
    assert quoted(check(text, "ru", "Оператор", terms(tmp_path))) == [(1, "наш"), (1, "личные данные")]


def test_every_form_of_another_party_is_refused_on_a_page(tmp_path):
    text = "## 1. Общие положения\n\nОператор обрабатывает данные.\nМы храним их у нас, на наших серверах.\n"
    findings = check(text, "ru", "Оператор", terms(tmp_path))
    assert quoted(findings) == [(4, "Мы"), (4, "нас"), (4, "наших")]
    assert all("this page names the operator «Оператор»" in f.what for f in findings)
    assert all("«мы»" in f.what and "party: Оператор" in f.fix for f in findings)
    # The same text on a page that names the operator «мы»: now «Оператор» is the odd one out.
    assert quoted(check(text, "ru", "мы", terms(tmp_path))) == [(3, "Оператор")]


def test_a_page_of_a_language_with_parties_must_declare_its_party(tmp_path):
    [finding] = check("Мы обрабатываем данные.\n", "ru", None, terms(tmp_path))
    assert finding.line == 1
    assert "party:" in finding.fix and "«Оператор», «мы»" in finding.fix


def test_an_unknown_party_is_a_finding_naming_the_known_ones(tmp_path):
    [finding] = check("ScanDoc обрабатывает данные.\n", "ru", "ScanDoc", terms(tmp_path))
    assert "party: ScanDoc" in finding.what and "«Оператор», «мы»" in finding.fix


def test_a_language_without_parties_needs_no_party_and_refuses_one(tmp_path):
    t = terms(tmp_path)
    assert check("We process personal data.\n", "en", None, t) == []
    [finding] = check("We process personal data.\n", "en", "we", t)
    assert "party: we" in finding.what and "data/terms.yml" in finding.what


def test_a_language_the_file_does_not_list_has_no_rules(tmp_path):
    t = terms(tmp_path, "ru:\n  terms: []\n")
    assert check("personal information, личные данные\n", "en", None, t) == []


@pytest.mark.parametrize("text,message,line", [
    ("ru:\n  terms:\n    - not: [\"личн* данн*\"]\n", "has no `use:`", 2),
    ("ru:\n  terms:\n    - use: персональные данные\n      not: [\"\"]\n", "a pattern in `not:` is empty", 2),
    ("ru:\n  terms:\n    - use: персональные данные\n      not: []\n", "has no `not:` list", 2),
    ("ru:\n  terms:\n    - use: персональные данные\n      not: [\"ли*ные данные\"]\n", "not its last character", 2),
    ("ru:\n  terms:\n    - use: персональные данные\n      not: [\"*\"]\n", "has no letters", 2),
    ("ru:\n  terms:\n    - use: персональные данные\n      not: [\"персональн* данн*\"]\n", "refuses «персональные", 2),
    ("ru:\n  terms:\n    - use: x\n      not: [y]\n      also: [z]\n", "is not written as expected", 2),
    ("ru:\n  parties:\n    - name: мы\n      forms: [мы]\n    - name: мы\n      forms: [нас]\n", "listed twice", 2),
    ("ru:\n  parties:\n    - name: мы\n      forms: [мы]\n    - name: Мы все\n      forms: [все]\n",
     "also matches the party «Мы все»", 2),
    ("ru:\n  parties:\n    - name: Оператор\n", "has no `forms:` list", 2),
    ("de:\n  terms: []\n", "«de» is not a language of this site", 1),
    ("ru:\n  words: []\n", "may have only `terms:` and `parties:`", 1),
    ("ru:\n  terms: персональные данные\n", "is not a list", 2),
])
def test_a_badly_written_term_list_names_the_problem_and_its_line(tmp_path, text, message, line):
    with pytest.raises(PolicyError) as error:
        terms(tmp_path, text)
    [problem] = error.value.problems
    assert message in problem.what
    assert problem.line == line and problem.path == "data/terms.yml"


def test_every_problem_of_the_file_is_reported_at_once(tmp_path):
    with pytest.raises(PolicyError) as error:
        terms(tmp_path, "de:\n  terms: []\nru:\n  terms:\n    - not: [x]\n")
    assert len(error.value.problems) == 2


def test_a_missing_file_is_a_problem_not_a_traceback(tmp_path):
    with pytest.raises(PolicyError, match="the list of terms is missing"):
        load_terms(tmp_path / "data" / "terms.yml", LANGS, tmp_path)


def test_literals_are_code_markup_and_addresses_with_their_value():
    text = ("See `x` <b>a</b> [t](https://a.org/p \"T\") <mailto:a@b.org> www.c.org d@e.org f.ru {#anchor}\n"
            "[ref]: https://g.org/\n")
    found = [(literal.kind, literal.value) for literal in literals(text)]
    assert found == [("code", None), ("markup", None), ("markup", None), ("link target", "https://a.org/p"),
                     ("address", "mailto:a@b.org"), ("address", "www.c.org"), ("address", "d@e.org"),
                     ("address", "f.ru"), ("markup", None), ("link target", "https://g.org/")]


def test_a_real_policy_is_checked_and_the_real_variant_found(tmp_path):
    text = (REAL / "github-privacy-statement-2022-05-31.md").read_text(encoding="utf-8")
    t = terms(tmp_path)
    findings = check(text, "en", None, t)
    assert findings and all("«personal information»" in f.what.lower() for f in findings)
    assert all("personal information" in text.splitlines()[f.line - 1].lower() for f in findings)
