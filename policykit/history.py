"""A policy's texts over time: date ranges, statuses, what was online on a day, the change guard, corrections,
withdrawn announcements and notice periods.

A version is in force from its effective date until the next version's. A declared correction is a new text of
the same version, online from the day it was published. An announced version replaced before its date never
was in force. The reader asks "in force on 3 March?", and the answer is one text with its date range.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass

from policykit.problems import Problem
from policykit.published import Version

IN_FORCE, SUPERSEDED, UPCOMING, CORRECTED, WITHDRAWN = "in-force", "superseded", "upcoming", "corrected", "withdrawn"


@dataclass(frozen=True)
class Dated:
    """One text in its policy's timeline."""

    version: Version
    until: datetime.date | None  # the next version's effective date; None while no later version is known
    corrected_by: Version | None = None  # the next correction of the same version, if any
    replaced_by: Version | None = None  # a withdrawn announcement: the version announced instead, if known

    def status(self, day: datetime.date) -> str:
        version = self.version
        if version.withdrawn:
            return WITHDRAWN
        if version.effective_date > day:
            return UPCOMING
        if self.until is not None and self.until <= day:
            return SUPERSEDED
        if self.corrected_by is not None and (self.corrected_by.corrected_on or day) <= day:
            return CORRECTED
        return IN_FORCE


def timeline(versions: list[Version]) -> list[Dated]:
    """Every text, oldest first (a correction after the text it corrects), each with when it stopped applying."""
    ordered = sorted(versions, key=lambda v: v.order)
    live = [v for v in ordered if not v.withdrawn]
    dates = sorted({v.effective_date for v in live})
    dated = []
    for version in ordered:
        later = [d for d in dates if d > version.effective_date]
        until = later[0] if later and not version.withdrawn else None
        same = [v for v in live if v.effective_date == version.effective_date and v.order > version.order]
        corrected_by = same[0] if same and not version.withdrawn else None
        replaced_by = next((v for v in live if v.effective_date == version.replaced_by), None)
        dated.append(Dated(version, until, corrected_by, replaced_by))
    return dated


def in_force_on(versions: list[Version], day: datetime.date) -> Version | None:
    """The text online on a day as the one in force, or None when the policy had no version in force yet."""
    candidates = [v for v in versions if not v.withdrawn and v.effective_date <= day]
    if not candidates:
        return None
    effective = max(v.effective_date for v in candidates)
    texts = [v for v in candidates if v.effective_date == effective and (v.corrected_on or day) <= day]
    return max(texts, key=lambda v: v.order)


def shown_at_policy_address(versions: list[Version], day: datetime.date) -> Version | None:
    """The text a policy's own address shows on a day: the one in force, or, before any is, the first announced."""
    return in_force_on(versions, day) or min((v for v in versions if not v.withdrawn),
                                             key=lambda v: v.effective_date, default=None)


def previous_text(versions: list[Version], version: Version) -> Version | None:
    """The text a version's redline compares with: the text a correction corrects, or the version before."""
    earlier = [v for v in versions if not v.withdrawn and v.order < version.order]
    return max(earlier, key=lambda v: v.order, default=None)


def next_text(versions: list[Version], version: Version) -> Version | None:
    """The text after a text, which decides its status (a correction of it, or the next version): an announcement
    withdrawn before it took effect never applied, so it never does."""
    later = [v for v in versions if not v.withdrawn and v.order > version.order]
    return min(later, key=lambda v: v.order, default=None)


# --- the change guard ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TextChange:
    """How this build's text of a policy relates to what was published."""

    kind: str  # "unchanged", "first", "version", "correction"
    previous: Version | None  # the published text it follows or corrects
    withdrawn: tuple[Version, ...] = ()  # published announcements it replaces before they took effect


UNCHANGED, FIRST, NEW_VERSION, CORRECTION = "unchanged", "first", "version", "correction"


@dataclass(frozen=True)
class Declared:
    """What the writer's front matter declares about this build's text."""

    correction: str | None
    replaces_announcement: datetime.date | None
    shown_as: str
    brand_name: str
    line: int | None  # of the first changed sentence (or the effective date)
    summary_line: int | None
    correction_line: int | None
    replaces_line: int | None
    imported: bool = False  # recorded as it happened (policy import): its summaries are made from what changed


def text_change(published: list[Version], version: Version, declared: Declared, day: datetime.date,
                first_changed: str) -> tuple[TextChange, list[Problem]]:
    """Classify this build's text against the published ones, with the problems that stop it: a changed text
    needs a later effective date and a summary (a new version), or a declared correction; a published
    announcement is replaced only when the front matter says so, and only before its date."""
    live = [v for v in published if not v.withdrawn]
    if any(v.identity == version.identity for v in live):
        same = next(v for v in live if v.identity == version.identity)
        return TextChange(UNCHANGED, previous_text(live, same)), []
    problems: list[Problem] = []
    withdrawn: list[Version] = []
    if declared.replaces_announcement is not None:
        problem, withdrawn = _replaced(live, version, declared, day)
        problems += [problem] if problem else []
    remaining = [v for v in live if v not in withdrawn]
    if not remaining:
        return TextChange(FIRST, None, tuple(withdrawn)), problems
    newest = max(remaining, key=lambda v: v.order)
    where, lang, name = declared.shown_as, version.lang, declared.brand_name
    dates = f"(effective {newest.effective_date.isoformat()})"
    if version.effective_date < newest.effective_date:
        if newest.effective_date > day:
            fix = (f"if the version announced for {newest.effective_date.isoformat()} is replaced before it takes "
                   f"effect, add `replaces_announcement: {newest.effective_date.isoformat()}` to the front matter in "
                   "every language; otherwise give this version a later effective_date.")
        else:
            fix = "a new version takes effect after the one before it: give it a later effective_date in every language."
        problems.append(Problem(where, declared.line, f"the {lang} text of the {name} policy is dated "
                                f"{version.effective_date.isoformat()}, before its published version {dates}.", fix))
        return TextChange(NEW_VERSION, newest, tuple(withdrawn)), problems
    if version.effective_date == newest.effective_date:
        if newest.translation == "pending" and version.translation == "complete":
            # The translation published as not ready yet is completed: a text of the same version at an address of
            # its own, as a correction is (what was published at the pending one never changes).
            return TextChange(CORRECTION, newest, tuple(withdrawn)), problems
        if version.governing_language != newest.governing_language:
            problems.append(Problem(where, declared.line, f"the governing language of the {name} policy changes "
                                    f"from {newest.governing_language} to {version.governing_language}, but its "
                                    f"effective_date {version.effective_date.isoformat()} is not later.",
                                    "a change of governing language is a new version: give the policy a later "
                                    "effective_date in every language and say what changed in `summary:`."))
        elif declared.correction is None:
            problems.append(Problem(where, declared.line, f"the {lang} text of the {name} policy differs from its "
                                    f"published version {dates}, but its effective_date "
                                    f"{version.effective_date.isoformat()} is not later. First changed sentence: "
                                    f"\"{first_changed}\"",
                                    "if the change is meant, either give the policy a later effective_date in every "
                                    "language (a new version) and say what changed in `summary:`, or, if it only "
                                    "corrects the published text without changing what it means (a broken link, a "
                                    "typo), add `correction: …` with a line on what it corrects. If not meant, undo "
                                    "it. Changes made through a shared clause or data/brands.yml count too."))
        else:
            problems += correction_problems(newest, declared, day)
        return TextChange(CORRECTION, newest, tuple(withdrawn)), problems
    if declared.correction is not None:
        problems.append(Problem(where, declared.correction_line, "this text has a later effective_date than the "
                                f"published version {dates}, so it is a new version, not a correction.",
                                "remove `correction:` and say what changed in `summary:`."))
    elif version.translation == "complete" and (not version.summary or (version.summary == newest.summary
                                                                         and not declared.imported)):
        problems.append(Problem(where, declared.summary_line or 1, f"this is a new version of the {name} policy "
                                f"({newest.effective_date.isoformat()} → {version.effective_date.isoformat()}), but "
                                "its front matter does not say what changed.",
                                "add `summary: …` with a sentence or two on what changed, in this page's language; "
                                "readers see it in the history, the feed and the redline."))
    return TextChange(NEW_VERSION, newest, tuple(withdrawn)), problems


def _replaced(live: list[Version], version: Version, declared: Declared,
              day: datetime.date) -> tuple[Problem | None, list[Version]]:
    announced = declared.replaces_announcement
    assert announced is not None
    found = [v for v in live if v.effective_date == announced]
    where, line = declared.shown_as, declared.replaces_line
    if not found:
        return Problem(where, line, f"replaces_announcement names {announced.isoformat()}, but no published "
                       "version of this policy has that effective date.",
                       "write the effective date of the announced version this one replaces, or remove the line."), []
    if announced <= day:
        return Problem(where, line, f"the version of {announced.isoformat()} already took effect, so it can no longer "
                       "be withdrawn: it stays in the history as it was.",
                       "remove `replaces_announcement:`; this text is then a new version after it (give it a later "
                       "effective_date and a summary)."), []
    if version.effective_date == announced:
        return Problem(where, line, "replaces_announcement names this version's own effective date.",
                       "to change the text of an announced version, keep its date and declare `correction: …`; to "
                       "postpone it, give this version its new date."), []
    return None, found


# Numbers, dates and e-mail addresses: what a correction may never change (link targets, in ⟨ ⟩, may).
_FACTS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\d+(?:[.,:/-]\d+)*")
_LINK_TARGET = re.compile(r"⟨[^⟩]*⟩")


def correction_problems(corrected: Version, declared: Declared, day: datetime.date) -> list[Problem]:
    """A correction comes at most once a day (its address is named by the day). What it may not change in the
    text is fact_problem's; its meaning is the writer's promise and the reviewer's check (CONTRIBUTING.md,
    "Corrections")."""
    where, line = declared.shown_as, declared.correction_line
    if corrected.corrected_on == day:
        return [Problem(where, line, f"this version was already corrected on {day.isoformat()}; a text is corrected "
                        "at most once a day.", "publish this correction on a later day, or fold it into a new version.")]
    return []


def changed_facts(old_text: str, new_text: str) -> tuple[list[str], list[str]]:
    """The numbers, dates and e-mail addresses one text has and the other lacks (link targets aside)."""
    old, new = (Counter(_FACTS.findall(_LINK_TARGET.sub("", text))) for text in (old_text, new_text))
    return sorted((old - new).elements()), sorted((new - old).elements())


def fact_problem(old_text: str, new_text: str, declared: Declared) -> Problem | None:
    removed, added = changed_facts(old_text, new_text)
    if not removed and not added:
        return None
    said = "; ".join(part for part in (f"removed {', '.join(removed)}" if removed else "",
                                       f"added {', '.join(added)}" if added else "") if part)
    return Problem(declared.shown_as, declared.correction_line, f"a correction may not change numbers, dates, ages or "
                   f"e-mail addresses, and this one does ({said}).",
                   "such a change alters what the policy says: make it a new version (a later effective_date and a "
                   "summary) instead of `correction:`.")


def imported_problem(effective: datetime.date, published: list[Version], day: datetime.date, shown_as: str,
                     line: int | None) -> Problem | None:
    """`imported_from` (written by `policy import`) says a text is history: it took effect, at its source, before
    this site published its policy, so this site's notice period and the "already took effect" rule of
    replaces_announcement were never this site's to apply to it. The front matter cannot make that true, so it is
    accepted only where the dates say it is:

    - a text already published (unchanged) keeps the line as it was written;
    - a new text of a policy no release has published yet, in force by this build's day (the day of the release
      that first publishes the policy): the imported history and the text in force when this site first shows the
      policy. No reader of this site was ever shown an earlier text of it as the one that applies, so no notice
      this site promised was owed; a text in force from that very day included.
    - nothing else. Once a release has published a text of the policy, this site is where its versions are
      announced: every later text is a new version of this site's, however it was written (a text that took effect
      before that release would have been published by it).

    So a new version dated on or after the day of the newest release is always held to the notice period, whatever
    its front matter says. `policy import` writes only texts in force by its day, of a policy not yet published
    (content/history/… and the policy file of its commit); an announcement its source made for a later day is
    refused here, to be written as a new version of this site's, with this site's notice.

    `published`: every text of the policy a release published; the caller asks only of a text not among them (a
    published text keeps its front matter as it was written)."""
    fix = ("remove `imported_from:`; as a new version it must respect the notice period (a later effective_date "
           "and a summary).")
    if published:
        first = min(p.first_release or "" for p in published)
        since = f" (since release {first})" if first else ""
        return Problem(shown_as, line, "imported_from marks history imported by `policy import`, texts already in "
                       "force when this site first published their policy; this site has published the policy"
                       f"{since}, so this text, effective {effective.isoformat()}, is a new version of "
                       "this site's and must respect the notice period.", fix)
    if effective > day:
        return Problem(shown_as, line, "imported_from marks history imported by `policy import`, texts already in "
                       "force when this site first published their policy; this text takes effect on "
                       f"{effective.isoformat()}, after this release ({day.isoformat()}), so it is a "
                       "new version that must respect the notice period.", fix)
    return None


def notice_problem(effective: datetime.date, previous: Version | None, notice_days: int, brand_name: str,
                   shown_as: str, line: int | None, release_day: datetime.date, imported: bool) -> Problem | None:
    """A new version published with less notice than its brand promises (registry: notice_days), or one that
    would have applied before it was published. Imported history keeps its real dates: `imported` only where
    imported_problem accepts the front matter's imported_from, never on the writer's word alone."""
    if previous is None or imported or effective <= previous.effective_date:
        return None  # a first version, an imported history, or no new version
    earliest = release_day + datetime.timedelta(days=notice_days)
    if effective >= earliest:
        return None
    if effective < release_day:
        when = f"which is before this release ({release_day.isoformat()}): readers cannot have been told of it"
    elif effective == release_day:
        when = "the day of this release"
    else:
        days = (effective - release_day).days
        when = f"{days} day{'s' if days != 1 else ''} after this release ({release_day.isoformat()})"
    promise = f"{notice_days} days' notice of a new version" if notice_days else "no notice period"
    latest_day = effective - datetime.timedelta(days=notice_days)
    publish_by = (f"; to keep {effective.isoformat()}, it had to be published by {latest_day.isoformat()}"
                  if latest_day < release_day else "")
    return Problem(shown_as, line, f"{brand_name} promises {promise}, and this new version takes effect on "
                   f"{effective.isoformat()}, {when}{publish_by}.",
                   f"give it an effective_date on or after {earliest.isoformat()} (the earliest date a version "
                   f"published on {release_day.isoformat()} may take effect) in every language.")
