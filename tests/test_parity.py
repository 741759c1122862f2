"""Translation parity: the facts of each language, and the sections a new version changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykit.parity import LangFinding, differences, section_changes

REAL = Path(__file__).resolve().parent / "real-content"

ENGLISH = """\
# ScanXPro privacy policy

This policy takes effect on 1 March 2026.

## 1. General information

This policy explains how Individual Entrepreneur Gerasimenko Pavel Borisovich (the "Operator"), at
111555, Moscow, Molostovykh St., 10, building 1, apartment 11, processes personal data under
Federal Law No. 152-FZ "On Personal Data" of July 27, 2006.

## 2. Retention

1. Logs are kept for three (3) years after a request is closed.
2. Account data is deleted within 30 days of a request.

## 3. Contact

Write to [support@scanxpro.ru](mailto:support@scanxpro.ru) or call +7 (495) 123-45-67.
Our website is [scanxpro.ru](https://scanxpro.ru/); the cookie policy is at
<https://scanxpro.ru/en/cookies/>.
"""

RUSSIAN = """\
# Политика конфиденциальности ScanXPro

Настоящая политика вступает в силу 1 марта 2026 г.

## 1. Общие положения

Настоящая политика описывает, как индивидуальный предприниматель Герасименко Павел Борисович
(«Оператор»), 111555, г. Москва, ул. Молостовых, д. 10, корп. 1, кв. 11, обрабатывает персональные
данные в соответствии с Федеральным законом от 27.07.2006 № 152-ФЗ «О персональных данных».

## 2. Хранение данных

1. Журналы хранятся в течение трёх (3) лет после закрытия обращения.
2. Данные учётной записи удаляются в течение 30 дней после обращения.

## 3. Контакты

Пишите на support@scanxpro.ru или звоните по телефону +7 (495) 123-45-67.
Наш сайт: [scanxpro.ru](https://scanxpro.ru), политика cookie:
[scanxpro.ru/ru/cookies](https://scanxpro.ru/ru/cookies/).
"""


def compare(russian: str, english: str = ENGLISH, governing: str = "en") -> list[LangFinding]:
    return differences({"en": english, "ru": russian}, governing)


def test_a_faithful_translation_has_no_differences():
    assert compare(RUSSIAN) == []
    assert differences({"en": ENGLISH, "ru": RUSSIAN}, "ru") == []


def test_a_number_changed_in_translation_is_missing_at_its_section_and_extra_where_it_is():
    missing, extra = compare(RUSSIAN.replace("(3) лет", "(5) лет"))
    assert missing.lang == extra.lang == "ru"
    assert missing.line == RUSSIAN.splitlines().index("## 2. Хранение данных") + 1
    assert "the number «3»" in missing.what and "«2. Retention»" in missing.what
    assert "«1. Logs are kept for three (3) years" in missing.what
    assert extra.line == 13 and "the number «5» is in this text but not in the English text" in extra.what


def test_numbers_are_counted():
    # «30» twice in Russian, once in English: the extra one is reported, not the first.
    findings = compare(RUSSIAN.replace("после обращения.", "после обращения (не позднее 30 дней)."))
    assert [(f.line, f.what.split(":")[0]) for f in findings] == [
        (14, "this text has the number «30» twice and the English text, which governs, once")]


def test_section_and_list_numbers_are_numbers():
    missing, extra = compare(RUSSIAN.replace("## 3. Контакты", "## 4. Контакты"))
    assert "the number «3»" in missing.what and "the number «4»" in extra.what and extra.line == 16
    missing, extra = compare(RUSSIAN.replace("2. Данные учётной", "3. Данные учётной"))
    assert "the number «2»" in missing.what and "the number «3»" in extra.what
    english = ENGLISH.replace("## 3. Contact", "### 2.1. Contact")
    missing, extra = compare(RUSSIAN.replace("## 3. Контакты", "### 2.2. Контакты"), english)
    assert "the number «1»" in missing.what and "the number «2»" in extra.what and extra.line == 16


def test_digits_of_an_address_are_not_numbers():
    english = ENGLISH.replace("within 30 days", "within 30 days (see https://example.org/2020/rules-7)")
    russian = RUSSIAN.replace("в течение 30 дней", "в течение 30 дней (см. https://example.org/2020/rules-7)")
    assert compare(russian, english) == []
    [finding] = compare(RUSSIAN, english)
    assert "the web address «https://example.org/2020/rules-7»" in finding.what


@pytest.mark.parametrize("written", [
    "27.07.2006", "27 июля 2006 г.", "27 июля 2006 года", "«27» июля 2006 г.", "2006-07-27", "27 июл. 2006",
])
def test_dates_in_every_usual_form_are_one_date(written):
    assert compare(RUSSIAN.replace("27.07.2006", written)) == []


@pytest.mark.parametrize("written", ["July 27, 2006", "27 July 2006", "27th July 2006", "the 27th of July, 2006",
                                     "Jul. 27, 2006", "27.07.2006"])
def test_english_dates_in_every_usual_form_are_one_date(written):
    assert compare(RUSSIAN, ENGLISH.replace("July 27, 2006", written)) == []


def test_a_different_date_is_named_as_a_date():
    missing, extra = compare(RUSSIAN.replace("27.07.2006", "26.07.2006"))
    assert "the date «July 27, 2006»" in missing.what and missing.line == 5
    assert "the date «26.07.2006»" in extra.what and extra.line == 9


def test_law_citations_match_across_alphabets():
    [missing] = compare(RUSSIAN.replace(" № 152-ФЗ", ""))
    assert "the law citation «152-FZ»" in missing.what
    missing, extra = compare(RUSSIAN.replace("№ 152-ФЗ", "№ 149-ФЗ"))
    assert "«152-FZ»" in missing.what and "the law citation «149-ФЗ»" in extra.what


def test_email_addresses_web_addresses_and_phone_numbers_are_facts():
    [email] = compare(RUSSIAN.replace("support@scanxpro.ru", "help@scanxpro.ru"))[:1]
    assert "the e-mail address «support@scanxpro.ru»" in email.what
    findings = compare(RUSSIAN.replace("+7 (495) 123-45-67", "+7 (495) 123-45-76"))
    assert [f.what.split("»")[0] for f in findings] == ["the English text has the phone number «+7 (495) 123-45-67",
                                                       "the phone number «+7 (495) 123-45-76"]
    missing, extra = compare(RUSSIAN.replace("scanxpro.ru/ru/cookies", "scanxpro.ru/ru/cookie"))
    assert "the web address «https://scanxpro.ru/en/cookies/»" in missing.what
    assert "the web address «scanxpro.ru/ru/cookie»" in extra.what  # the link's words and target: one fact


def test_phone_numbers_compare_by_their_digits_and_addresses_by_the_page():
    russian = (RUSSIAN.replace("+7 (495) 123-45-67", "[+7 495 123-45-67](tel:+74951234567)")
               .replace("[scanxpro.ru](https://scanxpro.ru)", "https://www.scanxpro.ru"))
    assert compare(russian) == []


def test_large_numbers_and_year_ranges_are_numbers_not_phone_numbers():
    english = ENGLISH.replace("within 30 days", "within 30 days (fines up to 10 000 000 rubles, 2019-2020)")
    russian = RUSSIAN.replace("в течение 30 дней", "в течение 30 дней (штраф до 10 000 000 руб., 2019-2020)")
    assert compare(russian, english) == []
    [finding] = compare(russian.replace("10 000 000", "10 000"), english)
    assert "the English text has the number «000» twice and this text once" in finding.what


def test_a_missing_section_reports_at_line_one_and_says_why():
    russian = RUSSIAN.replace("## 2. Хранение данных\n", "")
    findings = compare(russian)
    assert {f.line for f in findings if "English text has" in f.what} == {1}
    assert all("different number of sections" in f.fix for f in findings if f.line == 1)


def test_the_governing_language_must_be_given():
    with pytest.raises(ValueError):
        differences({"en": ENGLISH, "ru": RUSSIAN}, "de")


def test_a_section_changed_in_one_language_only_is_reported_in_the_other():
    english = ENGLISH.replace("within 30 days", "within 14 days")
    russian = RUSSIAN.replace("в течение 30 дней", "в течение 14 дней")
    assert section_changes({"en": ENGLISH, "ru": RUSSIAN}, {"en": english, "ru": russian}) == []
    [finding] = section_changes({"en": ENGLISH, "ru": RUSSIAN}, {"en": english, "ru": RUSSIAN})
    assert finding.lang == "ru" and finding.line == 11
    assert "«2. Хранение данных» changed in the English text of this version, but not in this one" in finding.what
    [finding] = section_changes({"en": ENGLISH, "ru": RUSSIAN}, {"en": ENGLISH, "ru": russian})
    assert finding.lang == "en" and finding.line == 11 and "in the Russian text" in finding.what


def test_rewrapping_is_not_a_change_and_the_opening_text_is_a_section():
    rewrapped = RUSSIAN.replace("Борисович\n(«Оператор»)", "Борисович («Оператор»)").replace("3 лет", "3\u00a0лет")
    assert section_changes({"en": ENGLISH, "ru": RUSSIAN}, {"en": ENGLISH, "ru": rewrapped}) == []
    english = ENGLISH.replace("1 March 2026", "1 April 2026")
    [finding] = section_changes({"en": ENGLISH, "ru": RUSSIAN}, {"en": english, "ru": RUSSIAN})
    assert finding.line == 1 and "the text before the first heading changed" in finding.what


def test_sections_that_no_longer_line_up_are_reported_once_per_language():
    russian = RUSSIAN + "\n## 4. Дополнительно\n\nТекст.\n"
    findings = section_changes({"en": ENGLISH, "ru": RUSSIAN}, {"en": ENGLISH, "ru": russian})
    assert [(f.lang, f.line) for f in findings] == [("en", 1), ("ru", 1)]
    assert "this text has 3 sections (## and ### headings) and the Russian text 4" in findings[0].what


def test_a_heading_inside_code_is_not_a_section():
    english = ENGLISH + "\n```\n## not a heading\n```\n"
    russian = RUSSIAN + "\n```\n## not a heading\n```\n"
    assert section_changes({"en": ENGLISH, "ru": RUSSIAN}, {"en": english, "ru": russian}) == []


def test_a_real_policy_against_itself_with_one_fact_changed():
    text = (REAL / "github-privacy-statement-2022-05-31.md").read_text(encoding="utf-8")
    changed = text.replace("30 days before", "20 days before", 1)
    assert changed != text
    assert differences({"en": text, "ru": text}, "en") == []
    findings = differences({"en": text, "ru": changed}, "en")
    assert sorted(f.what.split("»")[0].split("«")[1] for f in findings) == ["20", "30"]


def test_real_sections_changed_in_one_language_are_found_by_their_headings():
    older = (REAL / "github-privacy-statement-2020-07-22.md").read_text(encoding="utf-8")
    newer = older.replace("30 days", "31 days")
    lines = older.splitlines()
    headings = {next(line for line in reversed(lines[:number]) if line.startswith(("## ", "### ")))
                for number, line in enumerate(lines) if "30 days" in line}
    findings = section_changes({"en": older, "ru": older}, {"en": newer, "ru": older})
    assert {f.lang for f in findings} == {"ru"}
    assert {lines[f.line - 1] for f in findings} == headings and len(findings) == len(headings) > 1
    # Its real rewrite has other sections: the languages no longer line up, said once in each.
    rewrite = (REAL / "github-privacy-statement-2022-05-31.md").read_text(encoding="utf-8")
    findings = section_changes({"en": older, "ru": older}, {"en": rewrite, "ru": older})
    assert [(f.lang, f.line) for f in findings] == [("en", 1), ("ru", 1)]


def test_a_date_written_with_slashes_is_the_date_a_translation_writes_its_own_way():
    assert differences({"en": "Effective 30/05/2013.", "ru": "Действует с 30.05.2013."}, "en") == []
    assert differences({"en": "Effective 05/30/2013.", "ru": "Действует с 30 мая 2013 г."}, "en") == []
    assert [f.what.split("«")[1].split("»")[0] for f in
            differences({"en": "Effective 30/05/2013.", "ru": "Действует с 31.05.2013."}, "en")] == ["30/05/2013", "31.05.2013"]
