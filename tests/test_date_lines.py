"""The lines of a policy that state when its text was amended or takes effect, and the date they state."""

from __future__ import annotations

import datetime

import pytest

from policykit.date_lines import date_line_findings, date_lines, written_like

D = datetime.date


@pytest.mark.parametrize("lang,line,date", [
    ("en", "Last amended 2018-03-09.", D(2018, 3, 9)),
    ("en", "Last updated: March 9, 2018", D(2018, 3, 9)),
    ("en", "The effective date of this privacy statement is 30/05/2013.", D(2013, 5, 30)),
    ("en", "This policy takes effect on 1 March 2026.", D(2026, 3, 1)),
    ("ru", "Последние изменения внесены 09.03.2018.", D(2018, 3, 9)),
    ("ru", "Последнее изменение: 9 марта 2018 г.", D(2018, 3, 9)),
    ("ru", "Редакция от 09.03.2018", D(2018, 3, 9)),
    ("ru", "Дата вступления в силу настоящего Заявления — 30.05.2013.", D(2013, 5, 30)),
])
def test_a_line_stating_a_date_of_amendment_or_effect_is_read(lang, line, date):
    assert [(found.line, found.date) for found in date_lines(f"Text.\n\n{line}\n", lang)] == [(3, date)]


@pytest.mark.parametrize("lang,line", [
    ("en", "Federal Law No. 152-FZ of 27.07.2006 \"On Personal Data\"."),
    ("en", "This consent comes into force from the moment I go to the website."),
    ("en", "The new statement will be posted ten (10) days prior to the changes taking effect."),
    ("ru", "Федеральный закон от 27.07.2006 № 152-ФЗ «О персональных данных»."),
    ("ru", "путём размещения обновлённой редакции 2019 года"),
])
def test_other_dates_and_dateless_lines_are_not_read_as_one(lang, line):
    assert date_lines(line, lang) == []


def test_a_stale_date_is_a_finding_that_says_what_to_write_and_an_agreeing_one_is_not():
    text = "# Title\n\nLast amended 2027-02-15.\n"
    assert date_line_findings(text, "en", D(2027, 2, 15)) == []
    [finding] = date_line_findings(text, "en", D(2027, 3, 20))
    assert finding.line == 3 and "2027-02-15" in finding.what and "effective_date is 2027-03-20" in finding.what
    assert '"2027-03-20"' in finding.fix


@pytest.mark.parametrize("written,lang,expected", [
    ("2018-03-09", "en", "2027-03-20"), ("09.03.2018", "ru", "20.03.2027"), ("30/05/2013", "en", "20/03/2027"),
    ("9 марта 2018", "ru", "20 марта 2027"), ("9 March 2018", "en", "20 March 2027"),
    ("March 9, 2018", "en", "March 20, 2027"),
])
def test_the_new_date_is_written_as_the_line_writes_dates(written, lang, expected):
    assert written_like(written, D(2027, 3, 20), lang) == expected
