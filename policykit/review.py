"""Review: which policies' text changes between two states of the site, shown as readers will see it.

A state is a built site (its policies.json and readable texts) or a published release. Texts are
compared after clauses and brand variables are expanded, so a change made only in a shared clause or
in the registry shows on every policy it reaches.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from policykit.history import needs_later_date
from policykit.published import MANIFEST, Published
from policykit.redline import redline_markdown, redline_terminal


@dataclass(frozen=True)
class Snapshot:
    """A policy in one language, in one state of the site."""

    lang: str
    key: str
    title: str
    effective_date: datetime.date
    text: str


@dataclass(frozen=True)
class Change:
    lang: str
    key: str
    before: Snapshot | None
    after: Snapshot | None

    @property
    def title(self) -> str:
        return (self.after or self.before).title

    @property
    def source(self) -> str:
        return f"docs/{self.lang}/{self.key}.md"

    @property
    def verdict(self) -> tuple[bool, str]:
        """Whether the change can be published, and why, in one line."""
        before, after = self.before, self.after
        if after is None:
            return True, "removed: readers of later releases will not find this policy."
        if before is None:
            return True, f"new policy, effective {after.effective_date.isoformat()}."
        dates = f"{before.effective_date.isoformat()} → {after.effective_date.isoformat()}"
        if needs_later_date(before.text, before.effective_date, after.text, after.effective_date):
            return False, (f"the text changes but the effective date does not move forward ({dates}): "
                           "give this policy a later effective_date in every language.")
        if before.text == after.text:
            return True, f"only the effective date changes ({dates}); the text is the same."
        return True, f"new version, effective date {dates}."


def snapshots_of_site(site_dir: Path) -> dict[tuple[str, str], Snapshot]:
    """The policies a built site records in its policies.json, with their readable texts."""
    manifest = json.loads((site_dir / MANIFEST).read_text(encoding="utf-8"))
    return {(e["language"], f'{e["brand"]}/{e["document"]}'): _snapshot(e, (site_dir / e["text"]).read_text(encoding="utf-8"))
            for e in manifest["policies"]}


def snapshots_of_release(published: Published, release: str) -> dict[tuple[str, str], Snapshot]:
    """The policies a published release recorded."""
    manifest = json.loads(published.files.read(f"{release}/{MANIFEST}"))
    return {(e["language"], f'{e["brand"]}/{e["document"]}'):
            _snapshot(e, published.files.read(f'{release}/{e["text"]}').decode("utf-8"))
            for e in manifest["policies"]}


def compare(before: dict[tuple[str, str], Snapshot], after: dict[tuple[str, str], Snapshot]) -> list[Change]:
    """Every policy × language whose text or effective date differs, in a stable order."""
    changes = []
    for lang, key in sorted(set(before) | set(after), key=lambda k: (k[1], k[0])):
        old, new = before.get((lang, key)), after.get((lang, key))
        if old is None or new is None or (old.text, old.effective_date) != (new.text, new.effective_date):
            changes.append(Change(lang, key, old, new))
    return changes


def report_terminal(changes: list[Change], title: str, total: int) -> str:
    lines = [title, f"{len(changes)} of {total} policy texts change.", ""]
    for change in changes:
        ok, verdict = change.verdict
        lines += [f"== {change.title} ({change.lang}) — {change.source}",
                  _indent(redline_terminal(_text(change.before), _text(change.after))),
                  f"   {'OK' if ok else 'PROBLEM'}: {verdict}", ""]
    if not changes:
        lines.append("No policy text changes.")
    return "\n".join(lines).rstrip() + "\n"


def report_markdown(changes: list[Change], title: str, total: int) -> str:
    parts = [f"## {title}", f"{len(changes)} of {total} policy texts change."]
    if changes:
        parts.append("| Policy | Language | Verdict |\n| --- | --- | --- |\n" + "\n".join(
            f"| {c.title} | {c.lang} | {'✅' if c.verdict[0] else '❌'} {c.verdict[1]} |" for c in changes))
    for change in changes:
        parts.append(f"<details><summary>{change.title} ({change.lang}): <code>{change.source}</code></summary>\n\n"
                     f"{redline_markdown(_text(change.before), _text(change.after))}\n\n</details>")
    return "\n\n".join(parts) + "\n"


def _snapshot(entry: dict, text: str) -> Snapshot:
    return Snapshot(entry["language"], f'{entry["brand"]}/{entry["document"]}', entry["title"],
                    datetime.date.fromisoformat(entry["effective_date"]), text)


def _text(snapshot: Snapshot | None) -> str:
    return snapshot.text if snapshot else ""


def _indent(text: str) -> str:
    return "\n".join(f"   {line}" for line in text.splitlines())
