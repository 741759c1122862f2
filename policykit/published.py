"""What has been published, as a model: the versions each release recorded in its policies.json (read from gh-pages
by policykit/gh_pages.py). A build reads them back for history, status, redlines and the change guard; a published
release never changes, so neither does what it recorded.

Two record formats are read: 2, whose versions live inside the release that first published them
(`2027-01-10/scandoc/privacy/`), and 3, whose versions live at addresses named by their own dates
(`scandoc/privacy/2019-07-14/`), their recorded texts beside them.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import Any
from dataclasses import dataclass, field

from policykit.git import GitFiles
from policykit.problems import PolicyError, Problem
from policykit.text import READABLE_FINGERPRINT_FORMATS, Parts

PAGES_BRANCH = "gh-pages"
RECORD = "policies.json"
RECORD_FORMAT = 3
READABLE_FORMATS = (2, 3)
TEXT_FILE, MARKDOWN_FILE = "policy.txt", "policy.md"
VERSIONS_FILE = "versions.json"  # mike's list of releases and their aliases


@dataclass(frozen=True)
class Section:
    level: int
    title: str
    anchor: str | None  # None for a heading without an id, as the recorded text reads it


@dataclass(frozen=True)
class Version:
    """One text of a policy in one language: a version with its effective date, or a declared correction of one
    (same effective date, `corrected_on` the day the corrected text was published)."""

    lang: str
    key: str  # "scandoc/privacy"
    effective_date: datetime.date
    title: str
    sha256: str  # of the recorded text
    governing_language: str
    summary: str | None
    translation: str  # "complete" or "pending"
    first_release: str | None  # the release that first published it; None: not published yet
    path: str  # its permanent page, from the site's root: "ru/scandoc/privacy/2019-07-14/"
    text_file: str  # its recorded text, from the gh-pages root
    markdown_file: str
    sections: tuple[Section, ...] = ()
    links: tuple[str, ...] = ()
    corrected_on: datetime.date | None = None  # a correction: the day it was published
    correction: str | None = None  # a correction: what it corrects, in a line
    replaced_on: datetime.date | None = None  # an announcement withdrawn before it took effect: the day
    replaced_by: datetime.date | None = None  # … and the effective date of the version announced instead
    legacy_path: str | None = None  # format 2: its page inside the release that first published it
    date_basis: str = "stated"  # "published": the source states no date; effective_date is its first publication here
    imported_from: str | None = None  # an imported text: the revision it was imported from (policy import)
    # What its fingerprint covers (policykit/text.py): format 1, the recorded text (`sha256`); format 2, its Parts.
    fingerprint_format: int = 1
    fingerprint: str | None = None  # format 2's version_fingerprint of its parts
    anchors: tuple[str, ...] = ()  # format 2: its explicit anchors ({#id}, <a id>)
    files: tuple[tuple[str, str], ...] = ()  # format 2: (path from docs/, SHA-256) of every file it links to
    statements: str | None = None  # format 2: the fingerprint of the site's statements about it

    @property
    def parts(self) -> Parts | None:
        """What its format-2 fingerprint covers; None for a version recorded under format 1."""
        if self.fingerprint_format < 2 or self.statements is None:
            return None
        return Parts(self.sha256, self.summary, self.anchors, self.files, self.statements)

    @property
    def identity(self) -> tuple:
        """Two records are the same text when date, text and governing language agree."""
        return self.effective_date, self.sha256, self.governing_language, self.translation

    @property
    def slug(self) -> str:
        """The last part of its address: its effective date, and a correction's day."""
        day = self.effective_date.isoformat()
        return f"{day}-corrected-{self.corrected_on.isoformat()}" if self.corrected_on else day

    @property
    def withdrawn(self) -> bool:
        return self.replaced_on is not None

    @property
    def order(self) -> tuple[datetime.date, datetime.date]:
        """Texts sort by effective date, a correction after the text it corrects."""
        return self.effective_date, self.corrected_on or datetime.date.min

    @property
    def brand(self) -> str:
        return self.key.split("/")[0]

    @property
    def document(self) -> str:
        return self.key.split("/")[1]


@dataclass(frozen=True)
class WordingCorrection:
    """A declared correction of the site's statements (labels that state law, data/wording-corrections.yml)."""

    labels: tuple[str, ...]  # "en.effective_date", "ru.status_names.in-force"
    note: str  # what it corrects, in a line, as readers see it in each affected policy's history
    day: datetime.date | None  # the day it was published; None: declared, not published yet
    line: int | None = None  # where it is declared (data/wording-corrections.yml)


@dataclass
class Published:
    commit: str | None
    files: GitFiles | None = None
    releases: list[str] = field(default_factory=list)  # oldest first
    versions: dict[tuple[str, str], list[Version]] = field(default_factory=dict)  # (lang, key) -> oldest first
    # The newest release's record of the site's statements (language -> label -> wording) and their corrections.
    statements: dict[str, dict[str, str]] = field(default_factory=dict)
    wording_corrections: list[WordingCorrection] = field(default_factory=list)

    def of(self, lang: str, key: str) -> list[Version]:
        return self.versions.get((lang, key), [])

    def text(self, version: Version) -> str:
        return self.read(version.text_file)

    def markdown(self, version: Version) -> str:
        return self.read(version.markdown_file)

    def read(self, path: str) -> str:
        data = self.files.read(path) if self.files else None
        if data is None:
            raise PolicyError([Problem(f"{PAGES_BRANCH}:{path}", None, "a published file is missing.",
                                       "fetch gh-pages again (git fetch origin gh-pages:gh-pages); if it is still "
                                       "missing, report it to a developer: published releases never change.")])
        return data.decode("utf-8")





def add_release_record(published: Published, release: str, record: bytes) -> None:
    """What one release recorded in its policies.json, in either format, added to what was published before it."""
    where = f"{PAGES_BRANCH}:{release}/{RECORD}"
    data = _json(record, f"{release}/{RECORD}")
    form = data.get("format_version") if isinstance(data, dict) else None
    if form not in READABLE_FORMATS:
        raise PolicyError([Problem(where, None, f"release {release} recorded its policies in a format this site "
                                   f"cannot read (format {form}, expected one of "
                                   f"{', '.join(map(str, READABLE_FORMATS))}).", "report it to a developer.")])
    published.releases.append(release)
    try:
        if form == 2:
            for entry in data.get("policies", []):
                _add(published, _legacy_version(entry, release))
        else:
            for policy in data["policies"]:
                for entry in policy["versions"]:
                    _add(published, record_version(policy, entry))
            if "statements" in data:
                published.statements = data["statements"]
                published.wording_corrections = [
                    WordingCorrection(tuple(c["labels"]), c["note"], datetime.date.fromisoformat(c["day"]))
                    for c in data.get("wording_corrections", [])]
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise PolicyError([Problem(where, None, f"an entry of release {release}'s policies cannot be read "
                                   f"({error!r}).", "report it to a developer: published releases never "
                                   "change.")]) from None


def _legacy_version(entry: dict, release: str) -> Version:
    """A format-2 entry: its files are inside the release that first published it."""
    key = f'{entry["brand"]}/{entry["document"]}'
    first = entry["first_release"]
    effective = datetime.date.fromisoformat(entry["effective_date"])
    prefix = entry["path"].removesuffix(f"{key}/")
    return Version(
        lang=entry["language"], key=key, effective_date=effective, title=entry["title"], sha256=entry["sha256"],
        governing_language=entry["governing_language"], summary=entry.get("summary"),
        translation=entry["translation"], first_release=first, path=f"{prefix}{key}/{effective.isoformat()}/",
        text_file=f"{first}/{entry['text']}", markdown_file=f"{first}/{entry['markdown']}",
        sections=tuple(Section(s["level"], s["title"], s["anchor"]) for s in entry.get("sections", [])),
        links=tuple(entry.get("links", [])), legacy_path=f"{first}/{entry['path']}")


def record_version(policy: dict, entry: dict) -> Version:
    """A format-3 entry: one text of one policy, at its own dated address."""
    return Version(
        lang=policy["language"], key=f'{policy["brand"]}/{policy["document"]}',
        effective_date=datetime.date.fromisoformat(entry["effective_date"]), title=entry["title"],
        sha256=entry["sha256"], governing_language=entry["governing_language"], summary=entry.get("summary"),
        translation=entry["translation"], first_release=entry["first_release"], path=entry["path"],
        text_file=entry["text"], markdown_file=entry["markdown"],
        sections=tuple(Section(s["level"], s["title"], s["anchor"]) for s in entry.get("sections", [])),
        links=tuple(entry.get("links", [])), corrected_on=_day(entry.get("corrected_on")),
        correction=entry.get("correction"), replaced_on=_day(entry.get("replaced_on")),
        replaced_by=_day(entry.get("replaced_by")), legacy_path=entry.get("legacy_path"),
        date_basis=entry.get("date_basis", "stated"), imported_from=entry.get("imported_from"),
        **_fingerprint_fields(entry))


def _fingerprint_fields(entry: dict) -> dict:
    """A recorded version's fingerprint format and what that format covers; a format this site never wrote is
    refused (a record from newer code: report it)."""
    form = entry.get("fingerprint_format", 1)
    if form not in READABLE_FINGERPRINT_FORMATS:
        raise ValueError(f"fingerprint format {form} (this site reads {READABLE_FINGERPRINT_FORMATS})")
    if form == 1:
        return {}
    return {"fingerprint_format": form, "fingerprint": entry["fingerprint"], "anchors": tuple(entry["anchors"]),
            "files": tuple((path, digest) for path, digest in sorted(entry["files"].items())),
            "statements": entry["statements"]}


def _add(published: Published, record: Version) -> None:
    """A text as a release recorded it: a new one, or one already known (a later release may record that an
    announcement was withdrawn; that is never undone)."""
    known = published.versions.setdefault((record.lang, record.key), [])
    for i, version in enumerate(known):
        if version.identity == record.identity:
            if record.withdrawn and not version.withdrawn:
                version = known[i] = dataclasses.replace(version, replaced_on=record.replaced_on,
                                                         replaced_by=record.replaced_by)
            if record.fingerprint_format > 1 and record.fingerprint != version.fingerprint:
                # Recorded again under a later fingerprint format (a migration), or with the site's statements
                # corrected as declared: the newest record says what it consists of now.
                known[i] = dataclasses.replace(version, fingerprint_format=record.fingerprint_format,
                                               fingerprint=record.fingerprint, anchors=record.anchors,
                                               files=record.files, statements=record.statements)
            return
    known.append(record)
    known.sort(key=lambda v: v.order)


def _day(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _json(data: bytes, path: str) -> Any:
    try:
        return json.loads(data)
    except ValueError:
        raise PolicyError([Problem(f"{PAGES_BRANCH}:{path}", None, "this published file is not valid JSON.",
                                   "report it to a developer: someone changed gh-pages by hand; restore it from "
                                   "its history (git log gh-pages).")]) from None
