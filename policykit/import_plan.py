"""What each revision of an imported history is for the site, decided from the revisions alone (no git, no files):
a new VERSION, a CORRECTION of the version before (the same stated date, another text), an announcement
POSTPONED before it took effect (the next revision, recorded before that day, states a later date), or SKIPPED
(identical to the text before, a state from a parallel branch, unreadable), each with its reason; and, for each
version and correction, what changed, in the page's language.

A source's history is a record of what its site showed: a revision replaces the one before from the day it was
recorded. So an announced date that a later revision replaced before it came never took effect, and a revision that
states an earlier date than the version before it (a pull request's branch started before that version) never
showed readers a new text.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, replace

from policykit.markdown_dialect import github_parser
from policykit.source_markdown import Prepared
from policykit.problems import ReportedError

VERSION, CORRECTION, POSTPONED, SKIPPED = "version", "correction", "postponed", "skipped"
# How many section names a summary lists before it says how many more.
LISTED = 6


class ImportProblem(ReportedError):
    """Why an import cannot be made, in the words of the person importing it."""


@dataclass(frozen=True)
class SourceRevision:
    """One revision as the source holds it, oldest first."""

    number: int  # 1-based: how the report, --dates and --summary name it
    source: str  # e.g. "site-policy@594b2b1:Policies/github-privacy-statement.md"
    key: str  # the commit (full hash) or the file's name, which --dates and --summary may use too
    recorded_on: datetime.date | None  # the commit's date; a folder's file: the date its name gives
    prepared: Prepared | None  # None: the revision cannot be read (`problem` says why)
    problem: str | None = None


@dataclass(frozen=True)
class PlannedRevision:
    revision: SourceRevision
    kind: str  # VERSION, CORRECTION, POSTPONED or SKIPPED
    reason: str
    title: str | None = None
    effective_date: datetime.date | None = None
    date_source: str = ""  # how the effective date was found: "stated", "given" (--dates) or "recorded"
    summary: str | None = None  # a version's: what changed since the text before it
    correction: str | None = None  # a correction's one-line note
    corrected_on: datetime.date | None = None
    replaces_announcement: datetime.date | None = None  # the date of the announcement a version replaced
    fingerprint: str = ""

    @property
    def text(self) -> str | None:
        return self.revision.prepared.body if self.revision.prepared else None

    @property
    def stated_date(self) -> datetime.date | None:
        prepared = self.revision.prepared
        return prepared.stated.date if prepared and prepared.stated else None

    @property
    def recorded_on(self) -> datetime.date | None:
        return self.revision.recorded_on

    @property
    def report(self) -> list[str]:
        return self.revision.prepared.report if self.revision.prepared else []


def plan_import(revisions: list[SourceRevision], dates: dict[int, datetime.date], summaries: dict[int, str],
                language: str) -> list[PlannedRevision]:
    """Each revision's part in the imported history; an ImportProblem lists every revision whose date or title
    cannot be known, all at once."""
    dated, problems = [], []
    title = None
    for revision in revisions:
        if revision.prepared is None:
            dated.append(PlannedRevision(revision, SKIPPED, revision.problem or "it cannot be read"))
            continue
        title = revision.prepared.title or title
        date, source, problem = _effective_date(revision, dates.get(revision.number))
        if problem:
            problems.append(problem)
        if title is None:
            problems.append(f"#{revision.number} {revision.source} has no title (no `title:` in its front matter, "
                            "no # heading, and no revision before it has one): give it one in the source.")
        dated.append(PlannedRevision(revision, VERSION, "", title, date, source,
                                     fingerprint=_fingerprint(revision.prepared.body)))
    if problems:
        raise ImportProblem("\n".join(problems))
    return _classified(dated, summaries, language)


def _effective_date(revision: SourceRevision,
                    given: datetime.date | None) -> tuple[datetime.date | None, str, str | None]:
    """The revision's effective date and how it was found; or None, "" and why it cannot be known."""
    assert revision.prepared is not None  # an unreadable revision is skipped before
    stated = revision.prepared.stated
    if given is not None:
        return given, "given", None
    if stated is not None and stated.date is not None:
        return stated.date, "stated", None
    if stated is not None:
        return None, "", (f"#{revision.number} {revision.source}, line {stated.line} \"{stated.written}\": "
                          f"{stated.problem}: give its date with --dates {revision.number}=YYYY-MM-DD.")
    if revision.recorded_on is None:
        return None, "", (f"#{revision.number} {revision.source} states no effective date and has no recording "
                          f"date: give its date with --dates {revision.number}=YYYY-MM-DD.")
    return revision.recorded_on, "recorded", None


def _classified(dated: list[PlannedRevision], summaries: dict[int, str], language: str) -> list[PlannedRevision]:
    planned: list[PlannedRevision] = []
    for entry in dated:
        number = entry.revision.number
        shown = [p for p in planned if p.kind in (VERSION, CORRECTION)]  # what readers were shown, oldest first
        if entry.kind == SKIPPED or not shown:
            planned.append(entry if entry.kind == SKIPPED else
                           replace(entry, reason=_dated(entry, "the first version"), summary=summaries.get(number)))
            continue
        before, version = shown[-1], next(p for p in reversed(shown) if p.kind == VERSION)
        # plan_import dates every revision it reads (a revision without a date stops it), and only those are shown.
        assert entry.effective_date is not None and entry.text is not None
        assert before.effective_date is not None and before.text is not None and version.effective_date is not None
        if entry.fingerprint == before.fingerprint and entry.effective_date == before.effective_date:
            planned.append(replace(entry, kind=SKIPPED, reason=f"its text is identical to #{before.revision.number}'s "
                                   "(after normalisation: it renders the same)"))
        elif earlier := next((p for p in shown if p.fingerprint == entry.fingerprint
                              and p.effective_date == entry.effective_date), None):
            # A text of this version already written (a correction undone): the site holds one text once, at its
            # first address; the report says it came back.
            planned.append(replace(entry, kind=SKIPPED, reason=f"its text is #{earlier.revision.number}'s again (a "
                                   "correction undone): that text keeps its address, and the report records its return"))
        elif entry.effective_date < version.effective_date:
            planned.append(replace(entry, kind=SKIPPED, reason=(
                f"it states an earlier effective date ({entry.effective_date.isoformat()}) than #"
                f"{version.revision.number} ({version.effective_date.isoformat()}), recorded before it: a state from a "
                "parallel branch of the source's history (a change started before that version), not a new text "
                "readers were shown")))
        elif entry.effective_date == version.effective_date:
            note = summaries.get(number) or _changes(before.text, entry.text, language, CORRECTION)
            planned.append(replace(entry, kind=CORRECTION, summary=version.summary, correction=note,
                                   corrected_on=entry.recorded_on or entry.effective_date, reason=(
                                       f"the same effective date as #{version.revision.number} "
                                       f"({version.effective_date.isoformat()}) with another text: a correction, "
                                       f"recorded on {(entry.recorded_on or entry.effective_date).isoformat()}")))
        elif entry.recorded_on is not None and entry.recorded_on < version.effective_date:
            # The version before was announced, and this revision replaced it before its day came.
            start = planned.index(version)
            for index in range(start, len(planned)):
                if planned[index].kind in (VERSION, CORRECTION):
                    planned[index] = replace(planned[index], kind=POSTPONED, reason=(
                        f"announced for {version.effective_date.isoformat()}, and replaced by #{number} (recorded on "
                        f"{entry.recorded_on.isoformat()}, effective {entry.effective_date.isoformat()}) before it "
                        "took effect: it never did"))
            in_force = [p for p in planned if p.kind in (VERSION, CORRECTION)]
            planned.append(_new_version(entry, in_force[-1] if in_force else None, summaries, language,
                                        replaces=version.effective_date))
        elif entry.fingerprint == before.fingerprint:
            planned.append(replace(entry, kind=SKIPPED, reason=(
                f"only its stated date changed ({before.effective_date.isoformat()} → "
                f"{entry.effective_date.isoformat()}); the text is #{before.revision.number}'s")))
        else:
            planned.append(_new_version(entry, before, summaries, language, replaces=None))
    return planned


def _new_version(entry: PlannedRevision, before: PlannedRevision | None, summaries: dict[int, str], language: str,
                 replaces: datetime.date | None) -> PlannedRevision:
    summary = summaries.get(entry.revision.number) or None
    if summary is None and before is not None:
        assert before.text is not None and entry.text is not None  # both were read: only those are shown
        summary = _changes(before.text, entry.text, language, VERSION)
    reason = _dated(entry, "a new version")
    if replaces:
        reason += f", replacing the announcement of {replaces.isoformat()} before it took effect"
    return replace(entry, kind=VERSION, summary=summary, replaces_announcement=replaces, reason=reason)


def _dated(entry: PlannedRevision, what: str) -> str:
    assert entry.effective_date is not None  # a revision that is not skipped is dated
    if entry.date_source == "recorded":
        return f"{what}, recorded on {entry.effective_date.isoformat()}; the text states no effective date"
    how = "given with --dates" if entry.date_source == "given" else "stated in the text"
    return f"{what}, effective {entry.effective_date.isoformat()} ({how})"


def _fingerprint(markdown: str) -> str:
    """The text as GitHub shows it, whitespace aside: revisions that differ only in how they are written (wrapped
    lines, spaces at the ends of lines) render the same."""
    shown = " ".join(github_parser().render(markdown).split())
    return hashlib.sha256(shown.encode()).hexdigest()


# --- what changed, in the page's language ---------------------------------------------------------------------

WORDS = {
    "en": {"changed": "Sections changed: {}.", "added": "Sections added: {}.", "removed": "Sections removed: {}.",
           "more": "and {} more", "introduction": "the introduction", "other": "The wording changed.",
           "corrected": "Corrected: {}"},
    "ru": {"changed": "Изменены разделы: {}.", "added": "Добавлены разделы: {}.", "removed": "Удалены разделы: {}.",
           "more": "и ещё {}", "introduction": "вступление", "other": "Изменена формулировка.",
           "corrected": "Исправлено: {}"},
}


def _changes(before: str, after: str, language: str, kind: str) -> str:
    """'Sections changed: 3. Information we collect; 7. …' for a version; the same, as a correction's note."""
    words = WORDS.get(language, WORDS["en"])
    # By heading, letter case and a closing full stop aside: "No Selling of Personal Data" renamed "No selling of
    # personal data" is the same section.
    old, new = ({_same(name): (name, words) for name, words in _sections(text).items()} for text in (before, after))
    parts = []
    for key, names in (("changed", [n for n in new if n in old and new[n][1] != old[n][1]]),
                       ("added", [n for n in new if n not in old]), ("removed", [n for n in old if n not in new])):
        if names:
            shown = [(new.get(name) or old[name])[0] or words["introduction"] for name in names[:LISTED]]
            if len(names) > LISTED:
                shown.append(words["more"].format(len(names) - LISTED))
            parts.append(words[key].format("; ".join(shown)))
    said = " ".join(parts) or words["other"]
    return words["corrected"].format(said[0].lower() + said[1:]) if kind == CORRECTION else said


def _same(heading: str) -> str:
    return heading.casefold().rstrip(". ")


def _sections(markdown: str) -> dict[str, str]:
    """The text's sections by heading ("" for the text before the first one), each with its words: the two
    highest heading levels the text uses divide it, lower ones stay inside their section."""
    tokens = github_parser().parse(markdown)
    levels = sorted({int(t.tag[1]) for t in tokens if t.type == "heading_open"})[:2]
    sections: dict[str, list[str]] = {"": []}
    current, heading = "", False
    for token in tokens:
        if token.type == "heading_open" and int(token.tag[1]) in levels:
            heading = True
        elif token.type == "inline" and heading:
            name = current = token.content.split(" {#")[0].strip()
            while current in sections:  # a heading used twice is two sections
                current = f"{name} ({sum(key.startswith(name) for key in sections) + 1})"
            sections[current] = []
            heading = False
        elif token.type == "inline":
            sections[current].append(" ".join(token.content.split()))
    return {name: " ".join(words) for name, words in sections.items() if name or words}
