"""The effective date a policy's text states, as real policies write it: "Effective date: **January 26, 2017**",
"Last updated: 11/05/2026", "This Privacy Policy applies from April 4, 2026", "Effective Date: The earlier of
2024-12-23 or user acknowledgment", "Stand: 1. März 2024", "Dernière mise à jour : 1er janvier 2024".

Month names come from Babel's CLDR data (English, German, French, Russian), never from a hand-written table. A
numeric date whose day and month could be swapped (11/05/2026) is read only if the text decides the order: another
numeric date in it whose day is over 12, dots (11.05.2026, written day first wherever dots are used), or a page
language other than English (which all write the day first); otherwise the caller is told to give the date.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from babel.dates import get_month_names

LOCALES = ("en", "en_GB", "de", "fr", "ru")


def _month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for locale in LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    names[name.lower().rstrip(".")] = number
    return names


MONTHS = _month_names()
# Words that introduce the date a text takes effect or was last changed, in the languages of LOCALES.
LABEL = re.compile(
    r"\b(?:effective(?:\s+date)?|(?:last\s+)?(?:updated|modified|revised|amended)"
    r"|date\s+of\s+(?:last\s+)?(?:revision|update)"
    r"|(?:applies|is\s+effective|takes\s+effect|is\s+in\s+force|in\s+force)\s+(?:from|as\s+of|on|since)"
    r"|stand|gültig\s+(?:ab|seit)|zuletzt\s+(?:aktualisiert|geändert)|letzte\s+(?:aktualisierung|änderung)"
    r"|in\s+kraft\s+(?:seit|ab)|wirksam\s+ab"
    r"|(?:dernière\s+)?mise\s+à\s+jour|mis\s+à\s+jour|(?:date\s+d['’])?entrée\s+en\s+vigueur|en\s+vigueur"
    r"|applicable\s+(?:à|au|dès)"
    r"|вступ\w*\s+в\s+силу|редакция\s+от|обновлен\w*|действует\s+с)\b",
    re.IGNORECASE)
# How far after its label a date may start ("The earlier of 2024-12-23 …" puts words between them).
REACH = 40
MONTH_WORD = r"(?P<month>[^\W\d_]{3,}\.?)"
DAY = r"(?P<day>\d{1,2})(?:\.|er|st|nd|rd|th)?"
DATE = re.compile(
    r"(?P<iso>(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2}))"
    r"|(?P<numeric>(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<ny>\d{4}))"
    rf"|(?P<named>(?:{DAY}\s+(?:of\s+)?{MONTH_WORD},?\s+(?P<year>\d{{4}}))"
    r"|(?:(?P<month2>[^\W\d_]{3,}\.?)\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year2>\d{4})))",
    re.IGNORECASE)
NUMERIC = re.compile(r"\b(\d{1,2})([/.])(\d{1,2})\2\d{4}\b")
MARKUP = re.compile(r"[*_`]+|^\s*(?:#{1,6}|>)\s*")


@dataclass(frozen=True)
class StatedDate:
    """The line of a text that states its date."""

    line: int  # 1-based, in the text given
    written: str  # the line as written, without its surrounding spaces
    date: datetime.date | None  # None: a date is stated but cannot be read for sure (see `problem`)
    problem: str | None
    whole_line: bool  # the line says nothing but the date (the site, which states every date, can leave it out)


def find_stated_date(text: str, language: str = "en") -> StatedDate | None:
    """The first line that states a date after one of the labels, or None if the text states none."""
    day_first = _day_first(text, language)
    for number, written in enumerate(text.split("\n"), start=1):
        plain = MARKUP.sub("", written).strip()
        for label in LABEL.finditer(plain):
            rest = plain[label.end():]
            match = DATE.search(rest)
            if match is None or match.start() > REACH:
                continue
            date, problem = read_date(match, day_first)
            if date is None and problem is None:
                continue  # words that look like a date but are none ("in 2024 we …"): not the stated date
            left = (plain[:label.start()] + rest[:match.start()] + rest[match.end():]).strip(" .:,-–—()[]")
            return StatedDate(number, written.strip(), date, problem, not left or _only_filler(left))
    return None


FILLER = re.compile(r"^(?:(?:the|this|privacy|policy|statement|notice|date|on|as|of|from|le|du|am|vom|de|la|с|от)"
                    r"\s*)*$", re.IGNORECASE)


def _only_filler(words: str) -> bool:
    return bool(FILLER.match(words))


def read_date(match: re.Match, day_first: bool | None) -> tuple[datetime.date | None, str | None]:
    """A date found by DATE, and None with the reason if it is ambiguous; (None, None) if it is no date at all."""
    try:
        if match.group("iso"):
            return datetime.date(int(match.group("iy")), int(match.group("im")), int(match.group("id"))), None
        if match.group("numeric"):
            return _numeric(match, day_first)
        month_word = match.group("month") or match.group("month2")
        month = MONTHS.get(month_word.lower().rstrip("."))
        if month is None:
            return None, None
        day = int(match.group("day") or match.group("day2"))
        return datetime.date(int(match.group("year") or match.group("year2")), month, day), None
    except ValueError:
        return None, f'"{match.group(0)}" is not a real date'


def _numeric(match: re.Match, day_first: bool | None) -> tuple[datetime.date | None, str | None]:
    a, b, year = int(match.group("a")), int(match.group("b")), int(match.group("ny"))
    if match.group("sep") == "." or a > 12 or day_first:
        return datetime.date(year, b, a), None
    if b > 12 or day_first is False:
        return datetime.date(year, a, b), None
    if a == b:
        return datetime.date(year, a, b), None
    first, second = datetime.date(year, b, a), datetime.date(year, a, b)
    return None, (f'"{match.group(0)}" could be {first.day} {first:%B %Y} (day first) or {second.day} '
                  f'{second:%B %Y} (month first), and nothing in the text says which')


def _day_first(text: str, language: str) -> bool | None:
    """Whether the text writes numeric dates day first: decided by one that can only be read one way, else by
    the language (only English is written month first, in the United States); None if nothing decides."""
    orders = set()
    for a, separator, b in NUMERIC.findall(text):
        if separator == "." or int(a) > 12:
            orders.add(True)
        elif int(b) > 12:
            orders.add(False)
    if len(orders) == 1:
        return orders.pop()
    return None if language.split("_")[0] == "en" else True
