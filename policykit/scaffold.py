"""Starting a brand or a new version of a policy from the command line, never overwriting anything."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from policykit.content import ContentPaths, site_languages
from policykit.date_lines import date_lines, written_like
from policykit.problems import PolicyError, ReportedError
from policykit.gh_pages import pages_commit, read_published
from policykit.registry import SLUG
from policykit.policy_file import read_policy

EFFECTIVE_DATE_LINE = re.compile(r"^effective_date:.*$", re.M)
SUMMARY_LINE = re.compile(r"^summary:.*\n", re.M)
NOTE = re.compile(r"<!--.*?-->", re.S)


class ScaffoldError(ReportedError):
    """Why nothing was changed, in a writer's words."""


def new_brand(paths: ContentPaths, slug: str, name: str, governing_language: str, date: datetime.date) -> list[Path]:
    """Add a registry entry and a policy in every language from templates/new-brand/; return what was written."""
    languages = site_languages(paths.root)
    if not SLUG.match(slug):
        raise ScaffoldError(f'"{slug}" cannot be a brand slug: use lower-case letters, digits and hyphens, '
                            "e.g. my-brand.")
    if governing_language not in languages:
        raise ScaffoldError(f'"{governing_language}" is not a language of this site ({", ".join(languages)}).')
    registry = yaml.safe_load(paths.registry.read_text(encoding="utf-8")) or {}
    if slug in registry:
        raise ScaffoldError(f'brand "{slug}" is already in data/brands.yml; nothing was changed.')
    pages = [paths.docs / lang / slug / "privacy.md" for lang in languages]
    if existing := [p for p in pages if p.exists() or p.parent.exists()]:
        raise ScaffoldError(f"{existing[0].parent.relative_to(paths.root)} already exists; nothing was changed.")
    templates = [paths.root / "templates" / "new-brand" / f"{lang}.md" for lang in languages]
    if missing := [t for t in templates if not t.is_file()]:
        raise ScaffoldError(f"{missing[0].relative_to(paths.root)} is missing: restore templates/new-brand/ from the "
                            "main branch. Nothing was changed.")
    texts = [t.read_text(encoding="utf-8").replace("{name}", name).replace("{date}", date.isoformat())
             for t in templates]
    # No facts beyond the required: each is added as the brand's source text states it (a placeholder legal
    # entity would be one variable away from a page naming an operator no source names).
    entry = f"\n{slug}:\n  name: {_quoted(name)}\n  governing_language: {governing_language}\n  notice_days: 0\n"
    with paths.registry.open("a", encoding="utf-8") as registry_file:
        registry_file.write(entry)
    for page, text in zip(pages, texts):
        page.parent.mkdir(parents=True)
        page.write_text(text, encoding="utf-8")
    return [paths.registry, *pages]


@dataclass(frozen=True)
class NewVersion:
    pages: list[Path]  # the files changed
    changes: list[str]  # what was changed besides the effective date, one line each, for the writer


def new_version(paths: ContentPaths, brand: str, date: datetime.date, today: datetime.date) -> NewVersion:
    """Set a later effective date on a brand's policy in every language, with the lines of the text that state
    the date of amendment or effect; clear the summary of a published version (each new version says what
    changed), and keep the summary of one never published (a writer choosing another date has written it)."""
    languages = site_languages(paths.root)
    pages = [paths.docs / lang / brand / "privacy.md" for lang in languages]
    if missing := [p for p in pages if not p.exists()]:
        raise ScaffoldError(f"{missing[0].relative_to(paths.root)} does not exist: check the brand's slug "
                            f"(the folder name in docs/{languages[0]}/).")
    if date < today:
        raise ScaffoldError(f"{date.isoformat()} is in the past: a new version takes effect today or later. (To bring "
                            "in a policy's earlier history with its real dates, use `policy import`.)")
    policies = []
    for page, lang in zip(pages, languages):
        try:
            policy = read_policy(page, lang, paths.root)
        except PolicyError as error:
            raise ScaffoldError(f"{error.problems[0]}\nFix it first; nothing was changed.") from None
        if date <= policy.effective_date:
            raise ScaffoldError(f"{policy.shown_as} is already effective {policy.effective_date.isoformat()}: the new "
                                f"version's date must be later than that. Nothing was changed.")
        policies.append(policy)
    published = _published_dates(paths.root, policies)
    changes = []
    for page, policy in zip(pages, policies):
        text = EFFECTIVE_DATE_LINE.sub(f"effective_date: {date.isoformat()}", page.read_text(encoding="utf-8"),
                                       count=1)
        if policy.summary is not None:
            if policy.effective_date in published[policy.lang]:
                text = SUMMARY_LINE.sub("", text, count=1)
                changes.append(f"{policy.shown_as}: the summary of the published version of "
                               f"{policy.effective_date.isoformat()} removed; write what this version changes.")
            else:
                changes.append(f"{policy.shown_as}: the summary kept: the version of "
                               f"{policy.effective_date.isoformat()} was never published, so it is now this "
                               "version's; check that it still says what changed.")
        text, dated = _restate_dates(text, policy, date)
        changes += dated
        page.write_text(text, encoding="utf-8")
    return NewVersion(pages, changes)


def _published_dates(root: Path, policies) -> dict[str, set[datetime.date]]:
    """The effective dates of each language's published versions of the policy (none before the first release)."""
    try:
        published = read_published(root, pages_commit(root, None))
    except PolicyError as error:
        raise ScaffoldError(f"{error.problems[0]}\nNothing was changed.") from None
    try:
        return {p.lang: {v.effective_date for v in published.of(p.lang, p.key)} for p in policies}
    finally:
        if published.files:
            published.files.close()


def _restate_dates(text: str, policy, date: datetime.date) -> tuple[str, list[str]]:
    """The text with each line that states the date of amendment or effect giving `date`, as that line writes
    dates (the build refuses a line that disagrees with the effective date); and a note for each line changed."""
    lines = text.split("\n")
    first = policy.body_first_line - 1  # index of the body's first line in the file
    body = NOTE.sub(lambda note: re.sub(r"[^\n]", " ", note.group()), "\n".join(lines[first:]))  # notes say no date
    changes = []
    for stated in date_lines(body, policy.lang):
        index = first + stated.line - 1
        old = lines[index]
        lines[index] = old[:stated.start] + written_like(stated.written, date, policy.lang) + old[stated.end:]
        changes.append(f'{policy.shown_as}:{index + 1}: "{old.strip()}" now reads "{lines[index].strip()}".')
    return "\n".join(lines), changes


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
