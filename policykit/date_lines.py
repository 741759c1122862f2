"""A line of a policy that states when its text was amended or takes effect ("Last amended 2019-07-14.",
«Редакция от 14.07.2019») must give the version's effective_date. The site prints that date above the text; a
line left over from the version before would contradict it, and a writer starting a new version easily misses it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from babel.dates import format_date

# Dates are read as the translation check reads them (30/05/2013 is day first), so both checks agree on a date.
from policykit.parity import _facts_in, _reader
from policykit.problems import Finding

# What introduces the date of a text's amendment or effect, in any of the site's languages. A date later in the
# same line is the one stated; a line without one ("comes into force from the moment …") states none.
STATES_DATE = re.compile("|".join([
    r"\blast\s+(?:amended|updated|modified|revised|changed)\b", r"\b(?:amended|updated|revised)\s+(?:on|as\s+of)\b",
    r"\beffective\s+(?:date|as\s+of|from|on)\b", r"\b(?:takes|took|comes|came)\s+(?:effect|into\s+force)\b",
    r"\bin\s+force\s+(?:from|since|as\s+of)\b",
    r"\bпоследн\w*\s+(?:изменени|редакци|обновлени)\w*", r"\bизменени\w*\s+внесен\w*", r"\bредакци\w*\s+от\b",
    r"\bдата\s+вступлени\w*\s+в\s+силу\b", r"\bвступ\w*\s+в\s+силу\b", r"\bобновлен[оа]?\b",
]), re.I)


@dataclass(frozen=True)
class DateLine:
    """A line that states the date of its text's amendment or effect, and where in the line that date is written."""

    line: int  # 1-based
    date: datetime.date
    written: str  # as the line writes it: "2019-07-14", "30/05/2013", «14 июля 2019»
    start: int  # where `written` is in the line
    end: int


def date_lines(markdown: str, lang: str) -> list[DateLine]:
    """Every line that states a date of amendment or effect (the first date after what introduces it)."""
    found = []
    reader = _reader(lang)
    for number, line in enumerate(markdown.split("\n"), 1):
        if trigger := STATES_DATE.search(line):
            rest = line[trigger.end():]
            date = next((fact for match in reader.pattern.finditer(rest)
                         for fact in _facts_in(match, rest, reader.months) if fact.kind == "date"), None)
            if date:
                found.append(DateLine(number, datetime.date.fromisoformat(date.value), rest[date.start:date.end],
                                      trigger.end() + date.start, trigger.end() + date.end))
    return found


def date_line_findings(markdown: str, lang: str, effective: datetime.date) -> list[Finding]:
    """Each line that states a date of amendment or effect other than `effective`; lines are 1-based."""
    return [Finding(stated.line, f"this line says the text was amended or takes effect on {stated.date.isoformat()} "
                                 f'("{stated.written}"), but this version\'s effective_date is {effective.isoformat()}.',
                    f'write this version\'s date here ("{written_like(stated.written, effective, lang)}"), or correct '
                    "effective_date in the front matter (in every language): the line and the date the site shows "
                    "above the text must agree.")
            for stated in date_lines(markdown, lang) if stated.date != effective]


def written_like(written: str, date: datetime.date, lang: str) -> str:
    """`date` written in the form of `written`: 2019-07-14, 14.07.2019, 14/07/2019, 14 July 2019, July 14, 2019."""
    if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", written):
        return date.strftime("%d.%m.%Y")
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", written):
        return date.strftime("%d/%m/%Y")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", written):
        return date.isoformat()
    if written[:1].isdigit():
        return format_date(date, "d MMMM y", locale=lang)
    return format_date(date, "MMMM d, y", locale="en")  # month first is English only (as the parity check reads)
