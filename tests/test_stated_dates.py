"""The dates real policies state, in the forms they are written (policykit/stated_dates.py)."""

from __future__ import annotations

import datetime

import pytest

from policykit.stated_dates import find_stated_date

D = datetime.date


@pytest.mark.parametrize("text,language,date,whole_line", [
    ("Effective date: **January 26, 2017**", "en", D(2017, 1, 26), True),
    ("Effective date: July 22, 2020", "en", D(2020, 7, 22), True),
    ("EFFECTIVE DATE: May 25, 2018", "en", D(2018, 5, 25), True),
    ("Effective date: Mar 18, 2026", "en", D(2026, 3, 18), True),
    ("Updated 6 April 2021.", "en", D(2021, 4, 6), True),
    ("Updated on: **11/25/2026**", "en", D(2026, 11, 25), True),  # 25 can only be the day
    ("Last updated: 25/11/2026", "en", D(2026, 11, 25), True),
    ("Last updated: 02.01.2025", "en", D(2025, 1, 2), True),  # dots: day first
    ("This Privacy Policy applies from April 4, 2026. The previous version applies until then.", "en",
     D(2026, 4, 4), False),
    ("Effective Date: The earlier of 2024-12-23 or user acknowledgment.", "en", D(2024, 12, 23), False),
    ("This Cookie Policy was last updated on 16 June 2025.", "en", D(2025, 6, 16), False),
    ("## Effective as of 2020-07-22", "en", D(2020, 7, 22), True),
    ("Stand: 1. März 2024", "de", D(2024, 3, 1), True),
    ("Gültig ab 15. Okt. 2023", "de", D(2023, 10, 15), True),
    ("Dernière mise à jour : 1er janvier 2024", "fr", D(2024, 1, 1), True),
    ("Date d'entrée en vigueur : 12 févr. 2025", "fr", D(2025, 2, 12), True),
    ("Редакция от 3 марта 2025 г.", "ru", D(2025, 3, 3), False),
    ("Last updated: 11/05/2026", "de", D(2026, 5, 11), True),  # German writes the day first
    ("Last updated: 11/05/2026\n\nRefunds within 30 days of 25/12/2025.", "en", D(2026, 5, 11), True),
])
def test_a_stated_date_is_read_as_written(text, language, date, whole_line):
    stated = find_stated_date(text, language)
    assert stated is not None and stated.problem is None
    assert (stated.date, stated.whole_line, stated.line) == (date, whole_line, 1)


@pytest.mark.parametrize("text,problem", [
    ("Last updated: 11/05/2026", "could be 11 May 2026 (day first) or 5 November 2026 (month first)"),
    ("Effective date: February 30, 2020", "is not a real date"),
])
def test_a_date_that_cannot_be_read_for_sure_says_why(text, problem):
    stated = find_stated_date(text, "en")
    assert stated.date is None and problem in stated.problem


@pytest.mark.parametrize("text", [
    "We collect your information only with your consent.",
    "Effective date\n--------------",  # a heading that names no date
    "In 2024 we updated our systems 3 times.",
])
def test_a_text_that_states_no_date(text):
    assert find_stated_date(text, "en") is None


def test_the_line_number_is_the_line_of_the_text():
    assert find_stated_date("---\ntitle: X\n---\n\nEffective date: **May 25, 2018**\n").line == 5
