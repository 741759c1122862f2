"""A policy's versions: what releases published, plus the version this build renders; the change guard."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from policykit.problems import Problem
from policykit.published import Published, PublishedPolicy
from policykit.redline import first_changed_sentence


@dataclass(frozen=True)
class RenderedPolicy:
    """A policy in one language as this build renders it."""

    lang: str
    key: str
    brand: str
    title: str
    effective_date: datetime.date
    path: str  # the page, relative to the site's (or release's) root
    text: str  # readable text, see policykit.text
    sha256: str
    markdown: str  # the Markdown it was rendered from, clauses and variables filled in

    @property
    def text_file(self) -> str:
        return f"policy-texts/{self.lang}/{self.key}.txt"

    @property
    def markdown_file(self) -> str:
        return f"policy-texts/{self.lang}/{self.key}.md"


@dataclass(frozen=True)
class PolicyVersion:
    effective_date: datetime.date
    sha256: str
    release: str | None  # the first release that published this text; None: not yet published
    path: str
    source: PublishedPolicy | None  # where its text can be read back


@dataclass(frozen=True)
class PageHistory:
    versions: list[PolicyVersion]  # newest first, the shown one included
    shown: PolicyVersion
    previous: PolicyVersion | None


def published_versions(published: Published, lang: str, key: str) -> list[PolicyVersion]:
    """Distinct texts in release order, oldest first: a release that changed nothing adds no version."""
    versions: list[PolicyVersion] = []
    for policy in published.of(lang, key):
        if not versions or versions[-1].sha256 != policy.sha256:
            versions.append(PolicyVersion(policy.effective_date, policy.sha256, policy.release, policy.path, policy))
    return versions


def page_history(published: Published, rendered: RenderedPolicy, release: str | None) -> PageHistory:
    """The versions a page lists; the one it shows is the last published one or this build's new text."""
    versions = published_versions(published, rendered.lang, rendered.key)
    if not versions or versions[-1].sha256 != rendered.sha256:
        versions.append(PolicyVersion(rendered.effective_date, rendered.sha256, release, rendered.path, None))
    shown = versions[-1]
    previous = versions[-2] if len(versions) > 1 else None
    return PageHistory(list(reversed(versions)), shown, previous)


def needs_later_date(before: str, before_date: datetime.date, after: str, after_date: datetime.date) -> bool:
    """The rule for published text: a text that differs is a new version, and needs a later effective date."""
    return before != after and after_date <= before_date


def changed_without_new_date(published: Published, rendered: RenderedPolicy, shown_as: str,
                             brand_name: str) -> Problem | None:
    """A text that differs from its last published version needs a later effective date."""
    versions = published_versions(published, rendered.lang, rendered.key)
    if not versions:
        return None
    last = versions[-1]
    if not needs_later_date(last.sha256, last.effective_date, rendered.sha256, rendered.effective_date):
        return None
    sentence = first_changed_sentence(published.text(last.source), rendered.text)
    return Problem(
        shown_as, None,
        f"the {rendered.lang} text of the {brand_name} policy differs from its published version "
        f"(effective {last.effective_date.isoformat()}, release {last.release}), but its effective_date "
        f"{rendered.effective_date.isoformat()} is not later. First changed sentence: \"{sentence}\"",
        "if the change is meant, give the policy a later effective_date in every language (a new version); "
        "if not, undo it. Changes made through a shared clause or data/brands.yml count too.")
