"""Release planning: names, order, what one publication releases, promotion, and the proof that nothing
published changed. Pure decisions over plain data; git and mike are in policykit/gh_pages.py.

A release is a whole-site snapshot in a folder of gh-pages named by its day (2026-12-01, 2026-12-01-2 for a
second one that day). `latest` is the release in force; `next`, while a policy version is announced ahead of
its effective date, is the release that shows it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass

RELEASE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-([1-9]\d*))?$")
LATEST, NEXT = "latest", "next"
MANIFEST = "release-manifest.json"
MANIFEST_FORMAT = 1


class ReleaseError(Exception):
    """A publishing problem, in the publisher's words; nothing was published."""


def release_order(name: str) -> tuple[str, int]:
    """Releases sort by day, then by same-day number: 2026-11-22 < 2026-11-22-2 < 2026-11-22-10."""
    match = RELEASE_NAME.match(name)
    if not match:
        raise ReleaseError(f'"{name}" is not a release name: use the release day, YYYY-MM-DD, or YYYY-MM-DD-2 '
                           "for a second release that day.")
    return match.group(1), int(match.group(2) or 1)


def release_day(name: str) -> datetime.date:
    """The day a release name stands for: 2026-11-22-2 is the second release of 22 November 2026."""
    day, _ = release_order(name)
    try:
        return datetime.date.fromisoformat(day)
    except ValueError:
        raise ReleaseError(f'"{name}" does not begin with a real date (YYYY-MM-DD).') from None


def next_name(day: datetime.date, existing: set[str]) -> str:
    """The day's date, with -2, -3, … for further releases on the same day."""
    name, number = day.isoformat(), 1
    while name in existing:
        number += 1
        name = f"{day.isoformat()}-{number}"
    return name


def newest(releases: set[str] | list[str]) -> str | None:
    return max(releases, key=release_order, default=None)


def check_day(day: datetime.date, releases: set[str]) -> None:
    """A release never goes back in time: it would become `latest` and show superseded text as in force."""
    if (last := newest(releases)) is not None and day < release_day(last):
        raise ReleaseError(f"the release date {day.isoformat()} is earlier than the newest published release, "
                           f"{last}: publish with a date on or after {release_day(last).isoformat()}.")


def check_new_name(name: str, releases: set[str]) -> None:
    release_day(name)
    if name in releases:
        raise ReleaseError(f"release {name} is already published, and a published release is never replaced: "
                           "publish under a new name (without --name, the next free name for the day is taken).")


@dataclass(frozen=True)
class PlannedRelease:
    name: str
    alias: str  # LATEST or NEXT
    as_of: datetime.date | None  # built as in force on this day (the release in force while a version is pending)
    next_release: str | None = None  # with as_of: the release that publishes the versions announced for later


def plan(day: datetime.date, releases: set[str], pending: bool, name: str | None = None) -> list[PlannedRelease]:
    """What one publication releases: the site as `latest`; while a version is pending (effective after the
    day), `latest` as in force on the day and the site as written as `next`."""
    check_day(day, releases)
    if name is not None:
        check_new_name(name, releases)
        if release_day(name) != day:
            raise ReleaseError(f"release {name} does not match the release date {day.isoformat()}: a release is "
                               "named after its day.")
        if pending:
            raise ReleaseError(f"--name publishes one release as `latest`, but a new version takes effect after "
                               f"{day.isoformat()}: publish without --name, which also publishes it as `next`.")
        return [PlannedRelease(name, LATEST, None)]
    first = next_name(day, releases)
    if not pending:
        return [PlannedRelease(first, LATEST, None)]
    second = next_name(day, releases | {first})
    return [PlannedRelease(first, LATEST, day, second), PlannedRelease(second, NEXT, None)]


@dataclass(frozen=True)
class Promotion:
    release: str | None  # the release to make `latest`, or None
    message: str


def promotion(upcoming: str | None, waiting: list[tuple[datetime.date, str]], today: datetime.date) -> Promotion:
    """Whether `next` becomes `latest` today: once every version it announces has taken effect.
    `waiting` lists (effective date, policy) of the versions in `next`."""
    if upcoming is None:
        return Promotion(None, "Nothing to promote: no upcoming release is published.")
    later = sorted((day, policy) for day, policy in waiting if day > today)
    if later:
        day, policy = later[0]
        days = (day - today).days
        return Promotion(None, f"Nothing to promote yet: release {upcoming} waits for {policy}, which takes effect "
                               f"on {day.isoformat()}, in {days} day{'s' if days != 1 else ''}.")
    return Promotion(upcoming, f"Promoted release {upcoming} to {LATEST}: its versions are in force from "
                               f"{today.isoformat()}.")


# A release's manifest: the git blob id (git's own hash of a file's bytes) of every file it published, so a
# publication can check every earlier release with one tree listing, and the manifest of the release before
# it, so an earlier manifest cannot be rewritten unnoticed either.

def blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def manifest(release: str, files: dict[str, bytes], previous: tuple[str, bytes] | None) -> bytes:
    """The manifest of a release: `files` maps each path in the release folder to its bytes."""
    record = {"format_version": MANIFEST_FORMAT, "release": release,
              "previous": {"release": previous[0], "sha256": hashlib.sha256(previous[1]).hexdigest()} if previous else None,
              "files": {path: blob_id(data) for path, data in sorted(files.items())}}
    return (json.dumps(record, indent=1, sort_keys=True) + "\n").encode()


def manifest_problems(release: str, manifest_bytes: bytes | None, listing: dict[str, str]) -> list[str]:
    """How a published release folder differs from its own manifest; `listing` maps each path in the folder
    (manifest excluded) to its blob id."""
    if manifest_bytes is None:
        return [f"release {release} has no {MANIFEST}, so it cannot be shown unchanged"]
    try:
        recorded = json.loads(manifest_bytes)["files"]
    except (ValueError, KeyError, TypeError):
        return [f"the {MANIFEST} of release {release} cannot be read"]
    problems = [f"{release}/{path} was changed after it was published" for path, blob in sorted(listing.items())
                if path in recorded and recorded[path] != blob]
    problems += [f"{release}/{path} was removed after it was published" for path in sorted(set(recorded) - set(listing))]
    problems += [f"{release}/{path} was added after it was published" for path in sorted(set(listing) - set(recorded))]
    return problems


def chain_problems(manifests: dict[str, bytes]) -> list[str]:
    """Each release's manifest names the manifest of the release before it; a rewritten one breaks the chain."""
    problems = []
    ordered = sorted(manifests, key=release_order)
    for before, after in zip(ordered, ordered[1:]):
        try:
            previous = json.loads(manifests[after]).get("previous") or {}
        except ValueError:
            continue  # reported by manifest_problems
        if previous.get("release") != before or previous.get("sha256") != hashlib.sha256(manifests[before]).hexdigest():
            problems.append(f"the manifest of release {before} does not match what release {after} recorded of it")
    return problems


def changed_trees(before: dict[str, str], after: dict[str, str], releases: set[str]) -> list[str]:
    """Earlier releases whose folder (git tree id) differs between two gh-pages commits."""
    return sorted((r for r in releases if before.get(r) != after.get(r)), key=release_order)
