"""Release planning: names, order, when statuses need a new publication, and the proof that nothing published
changed. Pure decisions over plain data; git and mike are in policykit/gh_pages.py.

Readers read the site at the root of gh-pages: every text at an address named by its own date. A release is the
publisher's record of one publication, a small folder named by its day (2026-12-01, 2026-12-01-2 for a second
one that day) holding its policies.json and its manifest: every file of the release folder and of the site's
root as that publication left them, chained to the manifest before. Format-1 releases (before dated addresses)
are whole-site folders; they stay as they were, and `latest`/`next`, their aliases, now lead to the root.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass
from policykit.problems import ReportedError

RELEASE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-([1-9]\d*))?$")
LATEST, NEXT = "latest", "next"  # format-1 aliases, kept as redirects to the root
MANIFEST = "release-manifest.json"
MANIFEST_FORMAT = 2
# Files of the site's root that never change once published: each text's recorded form and its PDF, beside its page.
RECORDED_TEXTS = ("/policy.txt", "/policy.md", "/policy.pdf")


class ReleaseError(ReportedError):
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


def plan(day: datetime.date, releases: set[str], name: str | None = None) -> str:
    """The name of the release one publication makes on a day."""
    check_day(day, releases)
    if name is None:
        return next_name(day, releases)
    check_new_name(name, releases)
    if release_day(name) != day:
        raise ReleaseError(f"release {name} does not match the release date {day.isoformat()}: a release is "
                           "named after its day.")
    return name


def check_not_ahead(day: datetime.date, today: datetime.date, future: bool) -> None:
    """A release dated ahead of today would state statuses as of a day that has not come."""
    if day > today + datetime.timedelta(days=1) and not future:
        raise ReleaseError(f"the release date {day.isoformat()} is more than a day after today ({today.isoformat()}): "
                           "its pages would call versions in force that are not yet. Publish on the day, or add "
                           "--future if this is really meant (for example to prepare a release offline).")


def status_changes(last_day: datetime.date | None, today: datetime.date, dates: list[datetime.date]) -> list[datetime.date]:
    """The days since the last publication on which a text's status changed (an effective date, a correction's
    day): on each, the site's pages need stating anew."""
    return sorted({d for d in dates if (last_day is None or d > last_day) and d <= today})


# A release's manifest: the git blob id (git's own hash of a file's bytes) of every file it published, so a
# publication can check every earlier release with one tree listing, and the manifest of the release before
# it, so an earlier manifest cannot be rewritten unnoticed either.

def blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def manifest(release: str, day: datetime.date, source: str, files: dict[str, bytes], site: dict[str, str],
             previous: tuple[str, bytes] | None) -> bytes:
    """The manifest of a release: `files` maps each path in the release folder to its bytes, `site` each file of
    the site's root, as this publication leaves it, to its blob id; `source` is the commit it was built from."""
    record = {"format_version": MANIFEST_FORMAT, "release": release, "day": day.isoformat(), "source": source,
              "previous": {"release": previous[0], "sha256": hashlib.sha256(previous[1]).hexdigest()} if previous else None,
              "files": {path: blob_id(data) for path, data in sorted(files.items())}, "site": dict(sorted(site.items()))}
    return (json.dumps(record, indent=1, sort_keys=True) + "\n").encode()


@dataclass(frozen=True)
class ManifestInfo:
    """What a format-2 manifest says of the publication that made it."""

    day: datetime.date
    source: str
    site: dict[str, str]


def manifest_info(manifest_bytes: bytes) -> ManifestInfo | None:
    """The day, source commit and root files a manifest records; None for a format-1 manifest."""
    try:
        record = json.loads(manifest_bytes)
        if record.get("format_version") != MANIFEST_FORMAT:
            return None
        return ManifestInfo(datetime.date.fromisoformat(record["day"]), record["source"], dict(record["site"]))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def site_problems(manifests: dict[str, bytes], site: dict[str, str], newest_release: str | None) -> list[str]:
    """How the site's root differs from what the newest release recorded of it, and any recorded text changed
    since any release recorded it."""
    problems = []
    infos = {r: info for r, data in manifests.items() if (info := manifest_info(data)) is not None}
    if newest_release in infos:
        recorded = infos[newest_release].site
        problems += [f"{path} was changed after release {newest_release} published it"
                     for path, blob in sorted(site.items()) if path in recorded and recorded[path] != blob]
        problems += [f"{path} was removed after release {newest_release} published it"
                     for path in sorted(set(recorded) - set(site))]
        problems += [f"{path} was added after release {newest_release}" for path in sorted(set(site) - set(recorded))]
    for release in sorted(infos, key=release_order):
        problems += [f"{path}, a recorded text published by release {release}, was changed or removed"
                     for path, blob in sorted(infos[release].site.items())
                     if path.endswith(RECORDED_TEXTS) and site.get(path) != blob]
    return list(dict.fromkeys(problems))


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


def gone_problems(manifests: dict[str, bytes]) -> list[str]:
    """A release whose manifest names a release before it that is no longer there: a deleted release."""
    problems = []
    for release, data in sorted(manifests.items(), key=lambda item: release_order(item[0])):
        try:
            previous = (json.loads(data).get("previous") or {}).get("release")
        except (ValueError, AttributeError):
            continue  # reported by manifest_problems
        if previous and previous not in manifests:
            problems.append(f"release {previous} is gone: release {release} recorded it as the release before it")
    return problems


def changed_trees(before: dict[str, str], after: dict[str, str], releases: set[str]) -> list[str]:
    """Earlier releases whose folder (git tree id) differs between two gh-pages commits."""
    return sorted((r for r in releases if before.get(r) != after.get(r)), key=release_order)
