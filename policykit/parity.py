"""Whether the languages of one policy version say the same facts, and change the same sections.

A fact is something a translation carries over unchanged: a number, a date, an e-mail address, a web
address, a phone number, a law citation. Each text's facts are counted; a fact that one language has more
often than the other is reported in the translation, where the writer can fix it.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from anyascii import anyascii
from babel import Locale
from babel.dates import get_month_names

from policykit.prose import LineNumbers, Literal, literals, prose_of


@dataclass(frozen=True)
class LangFinding:
    """A problem found in the text of one language: line 1-based within that language's text."""

    lang: str
    line: int
    what: str
    fix: str


@dataclass(frozen=True)
class _Fact:
    kind: str  # a key of _NAMES
    value: str  # what is compared across languages: 2006-07-27, 152-FZ, 74951234567, example.org/privacy
    written: str  # as the text writes it
    start: int
    end: int
    from_link_target: bool = False


_NAMES = {"number": "the number", "date": "the date", "email": "the e-mail address", "url": "the web address",
          "phone": "the phone number", "law": "the law citation"}


@dataclass(frozen=True)
class _Section:
    start: int  # offset of its heading in the text (0 for the text before the first heading)
    line: int
    title: str | None  # None for the text before the first heading


# `##` and `###` headings divide a policy into its sections.
_HEADING = re.compile(r"^#{2,3}[ \t]+(?P<title>[^\n]*)$", re.M)
_HEADING_END = re.compile(r"[ \t]*(?:\{[^}\n]*\})?[ \t#]*$")  # closing hashes, {#anchor}


def differences(texts: dict[str, str], governing: str) -> list[LangFinding]:
    """For every language other than the governing one, each fact it has more or fewer times than the
    governing text. A missing fact is reported at the heading of the matching section of the translation
    (sections are matched by position), an extra one where it is."""
    if governing not in texts:
        raise ValueError(f"the governing language {governing!r} is not among the texts given")
    languages = tuple(sorted(texts))
    reference = _Text(texts[governing], governing, languages)
    findings = []
    for lang, text in texts.items():
        if lang != governing:
            findings += _compare(reference, _Text(text, lang, languages))
    return sorted(findings, key=lambda finding: (finding.lang, finding.line))


def section_changes(before: dict[str, str], after: dict[str, str]) -> list[LangFinding]:
    """The sections of a new version (matched by position) that changed in some languages and not in
    others, reported at the section's heading in each language where it did not change."""
    languages = sorted(set(before) & set(after))
    sections = {lang: (_split(before[lang]), _split(after[lang])) for lang in languages}
    counts = {lang: len(new) - 1 for lang, (_, new) in sections.items()}  # headings: the opening text is not one
    if len(set(counts.values())) > 1:
        return [LangFinding(lang, 1, f"this text has {count} sections (## and ### headings) and "
                                     + _and_list(f"the {_language_name(other)} text {counts[other]}"
                                                 for other in languages if other != lang)
                                     + "; the sections of the languages cannot be compared.",
                            "give every language the same sections, in the same order.")
                for lang, count in counts.items()]
    findings = []
    for position in range(min(counts.values(), default=-1) + 1):
        changed = {lang for lang, (old, new) in sections.items()
                   if position >= len(old) or _words(old[position][1]) != _words(new[position][1])}
        if not changed or len(changed) == len(languages):
            continue
        names = _and_list(_language_name(lang) for lang in sorted(changed))
        for lang in sorted(set(languages) - changed):
            section = sections[lang][1][position][0]
            findings.append(LangFinding(
                lang, section.line,
                f"{_section_name(section)} changed in the {names} text of this version, "
                "but not in this one.",
                f"compare the {names} changes in this section with this text and make the same changes here, "
                "or make sure that this text already says what the changed text says."))
    return findings


def _compare(reference: _Text, translation: _Text) -> list[LangFinding]:
    governing = _language_name(reference.lang)
    aligned = len(reference.sections) == len(translation.sections)
    occurrences: dict[tuple[str, str], tuple[list[_Fact], list[_Fact]]] = defaultdict(lambda: ([], []))
    for side, text in enumerate((reference, translation)):
        for fact in text.facts:
            occurrences[(fact.kind, fact.value)][side].append(fact)
    findings = []
    for ours, theirs in occurrences.values():
        if len(ours) == len(theirs):
            continue
        missing, extra = _unmatched(ours, theirs, reference, translation, aligned)
        counts = (len(ours), len(theirs))
        for fact in missing:
            findings.append(_missing(fact, reference, translation, aligned, governing, counts))
        for fact in extra:
            findings.append(_extra(fact, translation, governing, counts))
    return findings


def _unmatched(ours: list[_Fact], theirs: list[_Fact], reference: _Text, translation: _Text, aligned: bool):
    """The occurrences of one fact left without a partner: first paired within matching sections, then
    with the nearest section."""
    if not aligned:
        paired = min(len(ours), len(theirs))
        return ours[paired:], theirs[paired:]
    by_section: tuple[defaultdict[int, list[_Fact]], defaultdict[int, list[_Fact]]] = (defaultdict(list),
                                                                                     defaultdict(list))
    for side, (facts, text) in enumerate(((ours, reference), (theirs, translation))):
        for fact in facts:
            by_section[side][text.section_of(fact)].append(fact)
    left: tuple[list[tuple[int, _Fact]], list[tuple[int, _Fact]]] = ([], [])
    for section in set(by_section[0]) | set(by_section[1]):
        a, b = by_section[0][section], by_section[1][section]
        paired = min(len(a), len(b))
        left[0].extend((section, fact) for fact in a[paired:])
        left[1].extend((section, fact) for fact in b[paired:])
    # What is left moved to another section: pair each with the nearest one of the other side (the nearer section
    # before it on a tie; the last of that section's facts if it is before, the first if after).
    fewer, more = sorted(left, key=len)
    more.sort(key=lambda item: item[0])
    taken = _nearest_taken([section for section, _ in fewer], [section for section, _ in more])
    left_over = [item for index, item in enumerate(more) if index not in taken]
    more[:] = left_over
    fewer.clear()
    return [fact for _, fact in left[0]], [fact for _, fact in left[1]]


def _nearest_taken(wanted: list[int], sections: list[int]) -> set[int]:
    """Each of `wanted`, in turn, takes the nearest element of `sections` (sorted) not taken yet: the indexes
    taken. In time n·log n, where taking from a list one at a time took quadratic time with many moved facts."""
    # Each run of equal sections is a stack: taken from below from its end, from above from its start. Runs that
    # are empty are skipped with union-find (`below[r]`: the nearest run at or before r that may have any left).
    runs: list[list[int]] = []  # [first index left, last index left] per run of equal sections
    keys: list[int] = []
    for index, section in enumerate(sections):
        if keys and keys[-1] == section:
            runs[-1][1] = index
        else:
            keys.append(section)
            runs.append([index, index])
    below, above = list(range(len(runs))), list(range(len(runs)))

    def find(links: list[int], run: int) -> int:
        root = run
        while 0 <= root < len(runs) and links[root] != root:
            root = links[root]
        while 0 <= run < len(runs) and links[run] != run:  # path compression
            links[run], run = root, links[run]
        return root

    taken = set()
    for section in wanted:
        at = bisect.bisect_left(keys, section)  # runs before `at` are below `section`, the others above
        before, after = find(below, at - 1), find(above, at)
        candidates = [run for run in (before, after) if 0 <= run < len(runs)]
        run = min(candidates, key=lambda r: abs(keys[r] - section))
        first, last = runs[run]
        index = last if run == before else first
        taken.add(index)
        if first == last:  # the run is used up
            below[run], above[run] = run - 1, run + 1
        elif run == before:
            runs[run][1] -= 1
        else:
            runs[run][0] += 1
    return taken


def _missing(fact: _Fact, reference: _Text, translation: _Text, aligned: bool, governing: str, counts) -> LangFinding:
    described = f"{_NAMES[fact.kind]} «{fact.written}»"
    # Quoted, not given by line: the governing text's lines are those of its expanded Markdown, not of a file.
    section = reference.sections[reference.section_of(fact)]
    where = (f"in «{section.title}»: " if section.title else "") + f"«{reference.excerpt(fact)}»"
    if counts[1] == 0:
        what = f"the {governing} text has {described} ({where}), and this text does not."
    else:
        what = (f"the {governing} text has {described} {_times(counts[0])} and this text {_times(counts[1])}; "
                f"the one {where} has no match here.")
    if aligned:
        line = translation.sections[reference.section_of(fact)].line
        fix = (f"check this section against the {governing} text, which governs, and give {described} as it "
               f"does; if the {governing} text is the one that is wrong, correct it there.")
    else:
        line = 1
        fix = (f"find that passage in this text and give {described} as the {governing} text does (the two "
               "texts have a different number of sections, so the matching place here is not known); "
               f"if the {governing} text is the one that is wrong, correct it there.")
    return LangFinding(translation.lang, line, what, fix)


def _extra(fact: _Fact, translation: _Text, governing: str, counts) -> LangFinding:
    described = f"{_NAMES[fact.kind]} «{fact.written}»"
    if counts[0] == 0:
        what = f"{described} is in this text but not in the {governing} text, which governs."
    else:
        what = (f"this text has {described} {_times(counts[1])} and the {governing} text, which governs, "
                f"{_times(counts[0])}: this one has no match there.")
    return LangFinding(translation.lang, translation.line(fact), what,
                       f"check this passage against the {governing} text: correct or remove {described} here, "
                       f"or add it to the {governing} text if it belongs there.")


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _and_list(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _language_name(lang: str) -> str:
    return Locale.parse(lang).english_name or lang  # Babel names every locale the site can have


def _section_name(section: _Section) -> str:
    return f"the section «{section.title}»" if section.title else "the text before the first heading"


def _words(text: str) -> list[str]:
    """What a reader reads: re-wrapping a paragraph or a no-break space is not a change."""
    return text.split()


def _split(text: str, prose: str | None = None, lines: LineNumbers | None = None) -> list[tuple[_Section, str]]:
    """The sections of a text, each with its text: what comes before the first heading, then one per `##`
    or `###` heading (headings inside code are not headings; prose is the text with code blanked out)."""
    headings = list(_HEADING.finditer(prose_of(text) if prose is None else prose))
    lines = lines or LineNumbers(text)
    sections = [(_Section(0, 1, None), text[:headings[0].start() if headings else len(text)])]
    for heading, following in zip(headings, [*headings[1:], None]):
        end = following.start() if following else len(text)
        title = " ".join(_HEADING_END.sub("", text[heading.start("title"):heading.end("title")]).split())
        sections.append((_Section(heading.start(), lines.of(heading.start()), title), text[heading.start():end]))
    return sections


# --- The facts of one text. --------------------------------------------------------------------------------


class _Text:
    def __init__(self, text: str, lang: str, languages: tuple[str, ...]):
        self.text, self.lang = text, lang
        self.lines = LineNumbers(text)
        found = literals(text)
        prose = prose_of(text, found)
        self.sections = [section for section, _ in _split(text, prose, self.lines)]
        self.section_starts = [section.start for section in self.sections]
        self.facts = _facts(text, prose, found, lang, languages)

    def section_of(self, fact: _Fact) -> int:
        return bisect.bisect_right(self.section_starts, fact.start) - 1

    def line(self, fact: _Fact) -> int:
        return self.lines.of(fact.start)

    def excerpt(self, fact: _Fact, around: int = 40) -> str:
        """The whole words around a fact, on its line."""
        line_start = self.text.rfind("\n", 0, fact.start) + 1
        line_end = self.text.find("\n", fact.end) % (len(self.text) + 1)
        words = [word for word in re.finditer(r"\S+", self.text[line_start:line_end])
                 if word.end() + line_start > fact.start - around and word.start() + line_start < fact.end + around]
        cut_before, cut_after = words[0].start() > 0, words[-1].end() < line_end - line_start
        return ("…" if cut_before else "") + " ".join(w.group() for w in words) + ("…" if cut_after else "")


def _facts(text: str, prose: str, in_text: Sequence[Literal], lang: str, languages: tuple[str, ...]) -> list[_Fact]:
    found = []
    for literal in in_text:
        if literal.value is not None:
            fact = _address_fact(literal.value, literal.start, literal.end, languages,
                                 literal.kind == "link target")
            if fact:
                found.append(fact)
    reader = _reader(lang)
    for match in reader.pattern.finditer(prose):
        found += _facts_in(match, text, reader.months)
    found.sort(key=lambda fact: fact.start)
    # A link whose words are its own address ([support@example.org](mailto:support@example.org)) gives
    # one fact, not two.
    return [fact for previous, fact in zip([None, *found], found)
            if not (fact.from_link_target and previous and previous.end == fact.start
                    and (previous.kind, previous.value) == (fact.kind, fact.value))]


def _address_fact(address: str, start: int, end: int, languages, from_link_target: bool) -> _Fact | None:
    lowered = address.lower()
    if lowered.startswith("tel:"):
        return _Fact("phone", re.sub(r"\D", "", address), address[4:], start, end, from_link_target)
    if lowered.startswith("mailto:") or ("@" in address and "/" not in address and ":" not in address):
        email = address.split(":", 1)[-1] if lowered.startswith("mailto:") else address
        email = email.split("?", 1)[0]
        return _Fact("email", email.lower(), email, start, end, from_link_target)
    if address.startswith("#") or not address:
        return None  # a place in the same page: its name differs by language
    return _Fact("url", _url_key(address, languages), address, start, end, from_link_target)


def _url_key(address: str, languages) -> str:
    """A web address as compared across languages: without scheme, "www.", fragment and final slash, and
    without a language's own part (example.org/ru/privacy and example.org/privacy are the same page)."""
    address = re.sub(r"^(?:(?i:https?:)?//)?(?i:www\.)?", "", address.split("#", 1)[0])
    host, _, path = address.partition("/")
    labels = host.lower().split(".")
    if len(labels) > 2 and labels[0] in languages:
        labels = labels[1:]
    segments = [segment for segment in path.split("/") if segment and segment not in languages]
    return "/".join([".".join(labels), *segments])


def _facts_in(match: re.Match, text: str, months: dict[str, int]) -> list[_Fact]:
    kind = match.lastgroup
    assert kind is not None, match  # every alternative of the reader's pattern is a named group
    start, end = match.span()
    written = " ".join(text[start:end].split())
    if kind == "law":
        return [_Fact("law", anyascii(f"{match['law_number']}-{match['law_code']}").upper(), written, start, end)]
    if kind.startswith("date_"):
        day, month, year = (match[f"{kind}_{part}"] for part in ("day", "month", "year"))
        if kind == "date_slashed" and int(month) > 12 >= int(day):
            day, month = month, day
        month_number = int(month) if month.isdigit() else months[month.lower().rstrip(".")]
        try:
            value = datetime.date(int(year), month_number, int(day)).isoformat()
        except ValueError:
            value = None  # 31.02.2020 is not a date: its digits are numbers
        if value:
            return [_Fact("date", value, written, start, end)]
    if kind == "phone" and _is_phone(match["phone"]):
        return [_Fact("phone", re.sub(r"\D", "", written), written, start, end)]
    return [_Fact("number", number.group(), number.group(), start + number.start(), start + number.end())
            for number in re.finditer(r"\d+", text[start:end])]


def _is_phone(candidate: str) -> bool:
    """Digits in groups look like a phone number when there are enough of them and they are written as
    one: «+7 (495) 123-45-67», "(415) 555-0100", «8 800 555-35-35»; not «10 000 000» or "2019-2020"."""
    digits = sum(c.isdigit() for c in candidate)
    balanced = candidate.count("(") == candidate.count(")") <= 1
    return 7 <= digits <= 15 and balanced and (candidate.startswith("+") or "(" in candidate
                                               or candidate.count("-") >= 2)


@dataclass(frozen=True)
class _Reader:
    pattern: re.Pattern
    months: dict[str, int]  # month name, full or abbreviated, lower-case, as written with a day -> 1..12


@functools.lru_cache(maxsize=16)
def _reader(lang: str) -> _Reader:
    """The facts written in prose, for a text in this language. The first alternative that matches at a
    place wins, so a date or a law citation is not also read as numbers."""
    def month_names(locale: str) -> dict[str, int]:
        return {name.lower().rstrip("."): number for width in ("wide", "abbreviated")
                for number, name in get_month_names(width, context="format", locale=locale).items()}

    def alternation(names) -> str:
        return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))

    # Day first in every language («27 июля 2006», "27 July 2006"); month first only in English.
    english = month_names("en")
    months = {**english, **month_names(lang)}
    day = r"[«\"“„]?(?P<{0}_day>\d{{1,2}})(?:st|nd|rd|th)?[»\"”“]?"
    source = "|".join([
        r"(?P<date_iso>(?<![\d.-])(?P<date_iso_year>\d{4})-(?P<date_iso_month>\d{2})-(?P<date_iso_day>\d{2})(?![\d-]))",
        r"(?P<date_dotted>(?<![\d.])(?P<date_dotted_day>\d{1,2})\.(?P<date_dotted_month>\d{1,2})\."
        r"(?P<date_dotted_year>\d{4})(?!\d))",
        # 30/05/2013: day first, as most of the world writes it (a writer of 05/30/2013 gets it read month first,
        # the only reading that is a date); where both readings are dates, a translation must agree with day first.
        r"(?P<date_slashed>(?<![\d/])(?P<date_slashed_day>\d{1,2})/(?P<date_slashed_month>\d{1,2})/"
        r"(?P<date_slashed_year>\d{4})(?![\d/]))",
        rf"(?P<date_dmy>(?<!\w){day.format('date_dmy')}(?:\s+of)?\s+(?P<date_dmy_month>{alternation(months)})\.?,?"
        r"\s+(?P<date_dmy_year>\d{4})(?!\d))",
        rf"(?P<date_mdy>(?<!\w)(?P<date_mdy_month>{alternation(english)})\.?\s+{day.format('date_mdy')},?\s+"
        r"(?P<date_mdy_year>\d{4})(?!\d))",
        # «№ 152-ФЗ», "No. 152-FZ": digits, a hyphen, two to four capitals.
        r"(?P<law>(?<![\w-])(?P<law_number>\d+)-(?P<law_code>(?-i:[A-ZА-ЯЁ]{2,4}))(?![\w-]))",
        r"(?P<phone>(?<![\w+])(?:\+[ \u00a0]?)?\(?\d[\d \u00a0()-]{5,}\d(?![\w-]))",
        r"(?P<number>\d+)",
    ])
    # Every fact starts with one of these: looking at nothing else first makes the search several times faster.
    starts = "".join(sorted({re.escape(name[0]) for name in english}))
    return _Reader(re.compile(rf"(?=[\d«\"“„+(]|[{starts}])(?:{source})", re.I), months)
