"""No-break spaces from data/typography.yml: where Russian (and English) typography requires them, nowhere else."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykit.problems import PolicyError
from policykit.typography import apply, load_rules

LANGS = ["en", "ru"]
REPO = Path(__file__).resolve().parent.parent
REAL = REPO / "tests" / "real-content"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def rules():
    """The site's own rule set: the tests check that it does what its comments promise."""
    return load_rules(REPO / "data" / "typography.yml", LANGS, REPO)


def written(tmp_path, text: str):
    """The rules of a typography.yml with `text` in it, as a writer's repository holds it."""
    path = tmp_path / "data" / "typography.yml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return load_rules(path, LANGS, tmp_path)


def shown(text: str) -> str:
    return text.replace(NBSP, "⍽")


def typeset(text: str, lang: str, rules) -> str:
    """apply(), checked for what must hold of every text: only spaces become no-break spaces, and a second
    pass changes nothing."""
    result = apply(text, lang, rules)
    assert result.replace(NBSP, " ") == text.replace(NBSP, " ")
    assert apply(result, lang, rules) == result
    return result


@pytest.mark.parametrize("text,expected", [
    ("Федеральный закон от 27.07.2006 № 152-ФЗ «О персональных данных»",
     "Федеральный закон от 27.07.2006 №⍽152-ФЗ «О персональных данных»"),
    ("в течение 3 лет", "в течение 3⍽лет"),
    ("111555, г. Москва, ул. Молостовых, д. 10, корп. 1, кв. 11",
     "111555, г.⍽Москва, ул.⍽Молостовых, д.⍽10, корп.⍽1, кв.⍽11"),
    ("пер. 2-й Лесной, д. 5а, стр. 2, оф. 301", "пер.⍽2-й Лесной, д.⍽5а, стр.⍽2, оф.⍽301"),
    ("в течение 10 рабочих дней, 30 календарных дней, 2 года, 1 год, 5 дней, 1 дня",
     "в течение 10⍽рабочих дней, 30⍽календарных дней, 2⍽года, 1⍽год, 5⍽дней, 1⍽дня"),
    ("штраф 10 000 руб., 5 тыс. руб., 15 %", "штраф 10⍽000⍽руб., 5⍽тыс.⍽руб., 15⍽%"),
    ("с 14 июля 2019 г. по 2020 г.", "с 14⍽июля 2019⍽г. по 2020⍽г."),
    ("т. е. данные, т. д. и т. п., в т. ч. cookie", "т.⍽е. данные, т.⍽д. и⍽т.⍽п., в⍽т.⍽ч. cookie"),
    ("П. Б. Герасименко; Герасименко П. Б.; ИП П. Б.", "П.⍽Б.⍽Герасименко; Герасименко⍽П.⍽Б.; ИП⍽П.⍽Б."),
    ("согласно п. 1 ч. 1 ст. 6 и § 3", "согласно п.⍽1 ч.⍽1 ст.⍽6 и §⍽3"),
])
def test_russian_legal_phrases_get_no_break_spaces(rules, text, expected):
    assert shown(typeset(text, "ru", rules)) == expected


def test_a_number_before_an_ordinary_word_and_words_without_a_rule_are_left_alone(rules):
    text = "Мы храним 3 копии данных и пишем 27 раз. Оператор г-н Иванов.\n"
    assert typeset(text, "ru", rules) == text


def test_english_gets_only_the_standard_ones(rules):
    text = "Federal Law No. 152-FZ, § 3, within 30 days, at 10 Main St., Mr. J. Smith"
    assert shown(typeset(text, "en", rules)) == \
        "Federal Law No.⍽152-FZ, §⍽3, within 30 days, at 10 Main St., Mr. J. Smith"


def test_urls_email_addresses_code_and_link_targets_are_never_touched(rules):
    text = ("См. `д. 10` и https://example.org/д. 10 и <https://example.org/№ 5>\n"
            "[д. 10](https://example.org/ \"№ 5\") и [№ 5][ref № 5] и kv.11@example.org\n"
            "```\nг. Москва, д. 10\n```\n")
    assert shown(typeset(text, "ru", rules)) == (
        "См. `д. 10` и https://example.org/д. 10 и <https://example.org/№ 5>\n"
        "[д.⍽10](https://example.org/ \"№ 5\") и [№⍽5][ref № 5] и kv.11@example.org\n"
        "```\nг. Москва, д. 10\n```\n")


def test_markdown_structure_is_never_touched(rules):
    text = ("## 3. Хранение данных\n\n"
            "1. 3 года хранятся журналы;\n"
            "- № 5 в списке\n"
            "  - д. 10 во вложенном списке\n"
            "> г. Москва в цитате\n\n"
            "| Срок | Основание |\n|---|---|\n| 3 года | № 152-ФЗ |\n"
            "в течение\n3 лет  \nд. 10\n")
    assert shown(typeset(text, "ru", rules)) == (
        "## 3. Хранение данных\n\n"
        "1. 3⍽года хранятся журналы;\n"
        "- №⍽5 в списке\n"
        "  - д.⍽10 во вложенном списке\n"
        "> г.⍽Москва в цитате\n\n"
        "| Срок | Основание |\n|---|---|\n| 3⍽года | №⍽152-ФЗ |\n"
        "в течение\n3⍽лет  \nд.⍽10\n")


def test_even_a_rule_naming_markdown_markers_leaves_the_markers_alone(tmp_path):
    markers = written(tmp_path, 'ru:\n  - before: ["-", "#", "##", ">", "1.", "|"]\n    after: ["<any>"]\n')
    text = "## 1. Заголовок\n\n1. пункт\n- пункт - тире\n  - вложенный\n> цитата > знак\n| ячейка | ячейка |\n"
    assert shown(typeset(text, "ru", markers)) == (
        "## 1. Заголовок\n\n1. пункт\n- пункт -⍽тире\n  - вложенный\n> цитата >⍽знак\n| ячейка | ячейка |\n")


def test_a_language_without_rules_is_returned_as_it_is(tmp_path):
    only_russian = written(tmp_path, "ru:\n  - before: [\"№\"]\n    after: [\"<any>\"]\n")
    assert apply("No. 5 and № 5", "en", only_russian) == "No. 5 and № 5"
    assert shown(apply("№ 5", "ru", only_russian)) == "№⍽5"


def test_a_rule_is_data_a_writer_can_add(tmp_path):
    own = written(tmp_path, "en:\n  - before: [\"<number>\"]\n    after: [\"day\", \"days\", \"%\"]\n"
                    "  - before: [\"Art.\"]\n    after: [\"<number>\"]\n")
    assert shown(apply("within 30 days (Art. 6, 1 day, 30 daylight, 5 %)", "en", own)) == \
        "within 30⍽days (Art.⍽6, 1⍽day, 30 daylight, 5⍽%)"


@pytest.mark.parametrize("text,message", [
    ("de:\n  - before: [\"№\"]\n    after: [\"<any>\"]\n", "«de» is not a language of this site"),
    ("ru:\n  - before: [\"№\"]\n", "rule 1 under ru is not written as expected"),
    ("ru:\n  - before: []\n    after: [\"<any>\"]\n", "`before:` is not a list of words"),
    ("ru:\n  - before: [\"<digits>\"]\n    after: [\"<any>\"]\n", "«<digits>» is not a kind of word"),
    ("ru:\n  - before: [\"д*м\"]\n    after: [\"<any>\"]\n", "not its last character"),
    ("ru:\n  - before: [\"т. д.\"]\n    after: [\"<any>\"]\n", "is more than one word"),
    ("ru:\n  - before: [\"<any>\"]\n    after: [\"%\"]\n", "it can only be used in `after:`"),
    ("ru:\n  before: [\"№\"]\n", "the rules for «ru» are not a list"),
])
def test_a_badly_written_rule_names_the_problem_and_its_language_line(tmp_path, text, message):
    with pytest.raises(PolicyError) as error:
        written(tmp_path, "# rules\n" + text)
    [problem] = error.value.problems
    assert message in problem.what
    assert problem.line == 2 and problem.path == "data/typography.yml"


def test_a_real_policy_keeps_every_character(rules):
    # 44 kB of real Markdown: tables, HTML, links, lists; in English no rule applies to it.
    text = (REAL / "github-privacy-statement-2020-07-22.md").read_text(encoding="utf-8")
    assert typeset(text, "en", rules) == text
    # The Russian rules find only the initial in GitHub's address, in the text and in a table cell.
    result = typeset(text, "ru", rules)
    assert [result[i - 11:i + 6] for i, c in enumerate(result) if c == NBSP] == ["88 Colin P.\u00a0Kelly"] * 2
