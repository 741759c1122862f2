"""A policy's versions over time: date ranges, what is in force on a day, the change guard and notice periods.

A version is in force from its effective date until the next version's; the reader asks "in force on
3 March?", and the answer is one version with its date range.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from policykit.problems import Problem
from policykit.published import Version

IN_FORCE, SUPERSEDED, UPCOMING = "in-force", "superseded", "upcoming"


@dataclass(frozen=True)
class Dated:
    version: Version
    until: datetime.date | None  # the next version's effective date; None while no later version is known

    def status(self, day: datetime.date) -> str:
        if self.version.effective_date > day:
            return UPCOMING
        return SUPERSEDED if self.until is not None and self.until <= day else IN_FORCE


def timeline(versions: list[Version]) -> list[Dated]:
    """Versions oldest first, each with the day it stopped applying."""
    ordered = sorted(versions, key=lambda v: v.effective_date)
    return [Dated(v, ordered[i + 1].effective_date if i + 1 < len(ordered) else None) for i, v in enumerate(ordered)]


def in_force_on(versions: list[Version], day: datetime.date) -> Version | None:
    """The version in force on a day, or None when the policy did not exist yet."""
    return max((v for v in versions if v.effective_date <= day), key=lambda v: v.effective_date, default=None)


def with_version(published: list[Version], version: Version) -> list[Version]:
    """The versions a page knows: those published up to its own, and its own (the one this build shows)."""
    earlier = [v for v in published if v.effective_date < version.effective_date]
    return [*earlier, version]


@dataclass(frozen=True)
class Change:
    """How this build's text of a policy relates to what was published."""

    previous: Version | None  # the newest published version before this build's, if any
    unchanged: bool  # this build shows a published version as it is


def change_of(published: list[Version], version: Version) -> Change:
    same = next((v for v in published if v.identity == version.identity), None)
    if same is not None:
        return Change(max((v for v in published if v.effective_date < same.effective_date),
                          key=lambda v: v.effective_date, default=None), True)
    return Change(max(published, key=lambda v: v.effective_date, default=None), False)


def guard_problems(change: Change, version: Version, shown_as: str, brand_name: str, first_changed: str,
                   line: int | None, summary_line: int | None) -> list[Problem]:
    """The rule for published text: a changed text (or governing language) is a new version, with a later
    effective date and a summary of what changed."""
    previous = change.previous
    if change.unchanged or previous is None:
        return []
    dates = f"(effective {previous.effective_date.isoformat()}, release {previous.first_release})"
    if version.effective_date < previous.effective_date:
        return [Problem(shown_as, line, f"the {version.lang} text of the {brand_name} policy is dated "
                        f"{version.effective_date.isoformat()}, before its published version {dates}.",
                        "a new version takes effect after the one before it: give it a later effective_date in "
                        "every language.")]
    if version.effective_date == previous.effective_date:
        if previous.translation == "pending" and version.translation == "complete":
            return []  # the translation of a published version, now ready: the governing text is unchanged
        if version.governing_language != previous.governing_language:
            what = (f"the governing language of the {brand_name} policy changes from {previous.governing_language} "
                    f"to {version.governing_language}")
        else:
            what = f"the {version.lang} text of the {brand_name} policy differs from its published version {dates}"
        return [Problem(shown_as, line, f"{what}, but its effective_date {version.effective_date.isoformat()} is not "
                        f"later. First changed sentence: \"{first_changed}\"",
                        "if the change is meant, give the policy a later effective_date in every language (a new "
                        "version) and say what changed in `summary:`; if not, undo it. Changes made through a shared "
                        "clause or data/brands.yml count too.")]
    if version.translation == "complete" and (not version.summary or version.summary == previous.summary):
        return [Problem(shown_as, summary_line or 1, f"this is a new version of the {brand_name} policy "
                        f"({previous.effective_date.isoformat()} → {version.effective_date.isoformat()}), but its "
                        "front matter does not say what changed.",
                        "add `summary: …` with a sentence or two on what changed, in this page's language; readers "
                        "see it in the history, the feed and the redline.")]
    return []


def notice_problem(effective: datetime.date, previous: Version | None, notice_days: int, brand_name: str,
                   shown_as: str, line: int | None, release_day: datetime.date, imported: bool) -> Problem | None:
    """A new version published with less notice than its brand promises (registry: notice_days), or one that
    would have applied before it was published. Imported history keeps its real dates."""
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
    return Problem(shown_as, line, f"{brand_name} promises {promise}, and this new version takes effect on "
                   f"{effective.isoformat()}, {when}.",
                   f"give it an effective_date on or after {earliest.isoformat()} in every language, or publish later.")
