"""Review: which policies' text changes between two states of the site, shown as readers will see it.

A state is a built site (a git ref or the working tree, built in a folder of its own) or the release in force.
Texts are compared after clauses and brand variables are expanded, so a change made only in a shared clause or
in the registry shows on every policy it reaches; the verdict applies the change guard's own rule.
"""

from __future__ import annotations

import datetime
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from policykit.content import SITE_SOURCES, copy_sources, load_content, site_languages
from policykit.git import GitError, git_bytes, resolve
from policykit.history import CORRECTION, Declared, fact_problem, in_force_on, text_change
from policykit.labels import load_labels
from policykit.problems import PolicyError, ReportedError
from policykit.gh_pages import read_published
from policykit.published import PAGES_BRANCH, RECORD, Version, record_version
from policykit.redline import compare as compare_texts, render_markdown, render_terminal
from policykit.site_build import strict_build


class ReviewError(ReportedError):
    """A side of the review that cannot be read or built; the message says why."""


@dataclass(frozen=True)
class Snapshot:
    """A policy in one language, in one state of the site."""

    version: Version
    text: str
    correction: str | None = None  # what the front matter declares this text corrects


@dataclass(frozen=True)
class PolicyChange:
    lang: str
    key: str
    before: Snapshot | None
    after: Snapshot | None

    @property
    def title(self) -> str:
        snapshot = self.after or self.before
        assert snapshot is not None, self  # a change has a text before it, after it or both
        return snapshot.version.title

    @property
    def source(self) -> str:
        return f"docs/{self.lang}/{self.key}.md"

    def verdict(self, brand_name: str) -> tuple[bool, str]:
        """Whether the change can be published, and why, in one line."""
        before, after = self.before, self.after
        if after is None:
            return True, "removed: readers of later releases will not find this policy."
        if before is None:
            return True, f"new policy, effective {after.version.effective_date.isoformat()}."
        dates = f"{before.version.effective_date.isoformat()} → {after.version.effective_date.isoformat()}"
        declared = Declared(after.correction, None, self.source, brand_name, None, None, None, None)
        change, problems = text_change([_as_published(before.version)], after.version, declared,
                                       datetime.date.today(), "")
        if change.kind == CORRECTION and not problems:
            problems = [p for p in [fact_problem(before.text, after.text, declared)] if p]
        if problems:
            return False, problems[0].what.split(". First changed sentence")[0] + f" ({dates}): {problems[0].fix}"
        if change.kind == CORRECTION:
            return True, f"correction of the version of {after.version.effective_date.isoformat()}: {after.correction}"
        if before.text == after.text:
            return True, f"only the effective date changes ({dates}); the text is the same."
        return True, f"new version, effective date {dates}."


def review(repo: Path, base: str | None, head: str | None, markdown: bool) -> tuple[str, bool]:
    """The report of `head` (or the working tree) against `base` (a ref, `latest`, or main), and whether every
    change can be published."""
    base = base or next((ref for ref in ("main", "origin/main") if resolve(repo, ref)), "main")
    with tempfile.TemporaryDirectory(prefix="policy-review-") as folder:
        after = snapshots_of_tree(repo, head, Path(folder) / "head")
        before = (snapshots_of_latest(repo) if base == "latest" else snapshots_of_tree(repo, base, Path(folder) / "base"))
    labels, names = _words(repo)
    changes = changes_between(before, after)
    title = f"Review of {head or 'the working tree'} against {base}"
    report = (report_markdown if markdown else report_terminal)(changes, title, len(after), labels, names)
    return report, all(change.verdict(names.get(change.key.split("/")[0], change.key))[0] for change in changes)


def snapshots_of_tree(repo: Path, ref: str | None, folder: Path) -> dict[tuple[str, str], Snapshot]:
    """Build a git ref (or, with None, the working tree) in a folder of its own and read its policies.

    The copy has no git history, so its build shows no earlier versions and its change guard stays quiet:
    the review applies the guard's rule itself, against the side it compares with."""
    source = folder / "source"
    source.mkdir(parents=True)
    if ref is None:
        copy_sources(repo, source)
    else:
        try:
            archive = git_bytes(repo, "archive", "--format=tar", ref, *SITE_SOURCES)
        except GitError:
            raise ReviewError(f'"{ref}" is not a branch, tag or commit of this repository.') from None
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(source, filter="data")
    site = folder / "site"
    if (said := strict_build(source, site)) is not None:
        raise ReviewError(f"{ref or 'the working tree'} does not build:\n{said}")
    record = json.loads((site / RECORD).read_text(encoding="utf-8"))
    content = load_content(source, site_languages(source))
    corrections = {(p.lang, p.key): p.source.correction for p in content.policies}
    # Each policy's newest text is the one its files hold.
    return {(p["language"], key): Snapshot(record_version(p, p["versions"][-1]),
                                           (site / p["versions"][-1]["text"]).read_text(encoding="utf-8"),
                                           corrections.get((p["language"], key)))
            for p in record["policies"] if (key := f'{p["brand"]}/{p["document"]}')}


def snapshots_of_latest(repo: Path) -> dict[tuple[str, str], Snapshot]:
    """The policies of the release in force, as it recorded them."""
    commit = resolve(repo, f"refs/heads/{PAGES_BRANCH}") or resolve(repo, f"refs/remotes/origin/{PAGES_BRANCH}")
    try:
        published = read_published(repo, commit)
    except PolicyError as error:
        raise ReviewError(str(error)) from None
    try:
        if not published.versions:
            raise ReviewError("nothing is published yet (no gh-pages branch with a release): "
                              "review against main instead.")
        today = datetime.date.today()
        shown = {key: in_force_on(versions, today) for key, versions in published.versions.items()}
        return {key: Snapshot(version, published.text(version)) for key, version in shown.items() if version}
    finally:
        if published.files:
            published.files.close()


def changes_between(before: dict, after: dict) -> list[PolicyChange]:
    """Every policy × language whose text, date, summary or governing language differs, in a stable order."""
    changes = []
    for lang, key in sorted(set(before) | set(after), key=lambda k: (k[1], k[0])):
        old, new = before.get((lang, key)), after.get((lang, key))
        if old is None or new is None or _compared(old) != _compared(new):
            changes.append(PolicyChange(lang, key, old, new))
    return changes


def report_terminal(changes: list[PolicyChange], title: str, total: int, labels: dict, names: dict) -> str:
    lines = [title, f"{len(changes)} of {total} policy texts change.", ""]
    for change in changes:
        ok, verdict = change.verdict(names.get(change.key.split("/")[0], change.key))
        redline = compare_texts(_text(change.before), _text(change.after))
        lines += [f"== {change.title} ({change.lang}) — {change.source}",
                  _indent(render_terminal(redline, labels[change.lang])),
                  f"   {'OK' if ok else 'PROBLEM'}: {verdict}", ""]
    if not changes:
        lines.append("No policy text changes.")
    return "\n".join(lines).rstrip() + "\n"


def report_markdown(changes: list[PolicyChange], title: str, total: int, labels: dict, names: dict) -> str:
    parts = [f"## {title}", f"{len(changes)} of {total} policy texts change."]
    verdicts = [(c, c.verdict(names.get(c.key.split("/")[0], c.key))) for c in changes]
    if changes:
        parts.append("| Policy | Language | Verdict |\n| --- | --- | --- |\n" + "\n".join(
            f"| {c.title} | {c.lang} | {'✅' if ok else '❌'} {verdict} |" for c, (ok, verdict) in verdicts))
    for change in changes:
        redline = compare_texts(_text(change.before), _text(change.after))
        parts.append(f"<details><summary>{change.title} ({change.lang}): <code>{change.source}</code></summary>\n\n"
                     f"{render_markdown(redline, labels[change.lang])}\n\n</details>")
    return "\n\n".join(parts) + "\n"


def _as_published(version: Version) -> Version:
    """The side compared with, treated as published, whichever state it is."""
    return replace(version, first_release=version.first_release or "the compared side")


def _compared(snapshot: Snapshot) -> tuple:
    v = snapshot.version
    return v.effective_date, v.sha256, v.governing_language, v.translation, v.summary


def _words(repo: Path) -> tuple[dict, dict]:
    """The site's labels (for the redline's words) and the brands' names."""
    try:
        content = load_content(repo, site_languages(repo))
    except PolicyError:  # the working tree may not build; the report still needs the words
        return load_labels(repo / "data" / "labels.yml", site_languages(repo), repo), {}
    return content.labels, {slug: brand.name for slug, brand in content.brands.items()}


def _text(snapshot: Snapshot | None) -> str:
    return snapshot.text if snapshot else ""


def _indent(text: str) -> str:
    return "\n".join(f"   {line}" for line in text.splitlines())
