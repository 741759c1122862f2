"""Starting a brand or a new version of a policy from the command line, never overwriting anything."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import yaml

from policykit.content import ContentPaths, site_languages
from policykit.problems import PolicyError
from policykit.registry import SLUG
from policykit.sources import read_policy

EFFECTIVE_DATE_LINE = re.compile(r"^effective_date:.*$", re.M)
SUMMARY_LINE = re.compile(r"^summary:.*\n", re.M)


class ScaffoldError(Exception):
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
    entry = (f"\n{slug}:\n  name: {_quoted(name)}\n"
             f"  # Replace with the operator's legal name in each language.\n  legal_entity:\n"
             + "".join(f"    {lang}: {_quoted(name)}\n" for lang in languages)
             + f"  governing_language: {governing_language}\n  notice_days: 0\n")
    with paths.registry.open("a", encoding="utf-8") as registry_file:
        registry_file.write(entry)
    for page, text in zip(pages, texts):
        page.parent.mkdir(parents=True)
        page.write_text(text, encoding="utf-8")
    return [paths.registry, *pages]


def new_version(paths: ContentPaths, brand: str, date: datetime.date, today: datetime.date) -> list[Path]:
    """Set a later effective date on a brand's policy in every language, and clear the summary of the version
    before (each new version says what changed); return the files changed."""
    languages = site_languages(paths.root)
    pages = [paths.docs / lang / brand / "privacy.md" for lang in languages]
    if missing := [p for p in pages if not p.exists()]:
        raise ScaffoldError(f"{missing[0].relative_to(paths.root)} does not exist: check the brand's slug "
                            f"(the folder name in docs/{languages[0]}/).")
    if date < today:
        raise ScaffoldError(f"{date.isoformat()} is in the past: a new version takes effect today or later. (To bring "
                            "in a policy's earlier history with its real dates, use `policy import`.)")
    for page, lang in zip(pages, languages):
        try:
            policy = read_policy(page, lang, paths.root)
        except PolicyError as error:
            raise ScaffoldError(f"{error.problems[0]}\nFix it first; nothing was changed.") from None
        if date <= policy.effective_date:
            raise ScaffoldError(f"{policy.shown_as} is already effective {policy.effective_date.isoformat()}: the new "
                                f"version's date must be later than that. Nothing was changed.")
    for page in pages:
        text = SUMMARY_LINE.sub("", page.read_text(encoding="utf-8"), count=1)
        page.write_text(EFFECTIVE_DATE_LINE.sub(f"effective_date: {date.isoformat()}", text, count=1), encoding="utf-8")
    return pages


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
