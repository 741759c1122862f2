"""Bringing in a policy written elsewhere, with its history: each revision (from a git repository's history of
one file, or from a folder of dated files) becomes a version of a brand's policy with its real effective date,
its Markdown made to render as GitHub rendered it, and a report of every change made to it.

The versions are written one at a time as the brand's policy file; the `policy import` command commits (and,
asked to, publishes) each in turn, oldest first, so every version gets its own permanent address.
"""

from __future__ import annotations

import datetime
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from policykit.content import ContentPaths, site_languages
from policykit.git import GitError, git
from policykit.github_markdown import normalize_github_markdown
from policykit.publishing import publish as publish_release
from policykit.registry import load_registry

# "Effective date: July 22, 2020", "Last updated: 22 July 2020", "Effective as of 2020-07-22", on a line of its own.
STATED_DATE = re.compile(r"^\s*(?:\*\*|__)?(?:effective(?: date)?|last (?:updated|amended|modified)|updated)"
                         r"(?: as of| on)?\s*:?\s*(?:\*\*|__)?\s*(?P<date>[^\n]+?)\s*\.?\s*$", re.I | re.M)
MONTHS = {name: number for number, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")), start=1) for name in names}
SITE_RELATIVE_LINK = re.compile(r"\]\((/(?:[^()\s]|\([^()\s]*\))*)")  # a link target may hold (balanced) brackets


class ImportProblem(Exception):
    """Why a revision cannot be imported, in the words of the person importing it."""


@dataclass(frozen=True)
class Revision:
    source: str  # where it came from, e.g. "github/site-policy@594b2b1:Policies/github-privacy-statement.md"
    text: str  # as written there, front matter included


@dataclass(frozen=True)
class ImportedVersion:
    source: str
    title: str
    effective_date: datetime.date
    body: str
    report: list[str]  # what was changed to make it render as it did where it came from


def revisions_from_git(repository: Path, path: str, commits: list[str] | None) -> list[Revision]:
    """Every commit that changed `path` (or the chosen ones), oldest first, with the file as each left it."""
    try:
        chosen = commits or git(repository, "log", "--reverse", "--format=%H", "--", path).split()
        name = Path(git(repository, "rev-parse", "--show-toplevel")).name
        revisions = []
        for commit in chosen:
            text = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=repository, capture_output=True)
            if text.returncode != 0:
                raise ImportProblem(f"{path} does not exist at commit {commit} of {repository}: "
                                   f"{text.stderr.decode(errors='replace').strip()}")
            short = git(repository, "rev-parse", "--short", commit)
            revisions.append(Revision(f"{name}@{short}:{path}", text.stdout.decode("utf-8")))
    except GitError as error:
        raise ImportProblem(f"the history of {path} in {repository} cannot be read: {error}") from None
    if not revisions:
        raise ImportProblem(f"no commit of {repository} changed {path}: check the path (relative to the repository).")
    return revisions


def revisions_from_folder(folder: Path) -> list[Revision]:
    """Every Markdown file of a folder, in the order of their names (name them by date: 2020-07-22.md): the folder's
    own text files only, since an imported version is published for good (a symbolic link could bring in any
    file of the machine; a pipe or device would never end)."""
    files = sorted(folder.glob("*.md"))
    if not files:
        raise ImportProblem(f"{folder} holds no Markdown (.md) files to import.")
    for file in files:
        if file.is_symlink() or not file.is_file():
            kind = "a symbolic link" if file.is_symlink() else "not a regular file"
            raise ImportProblem(f"{file} is {kind}; only the folder's own files are imported, since an imported "
                                f"version is published for good. Copy the revision itself into {folder} as a file "
                                "(or remove it), then import again.")
    return [Revision(f"{folder.name}/{file.name}", _text_of(file)) for file in files]


def _text_of(file: Path) -> str:
    """A revision's file as text: UTF-8 (a byte-order mark dropped), never a binary file."""
    data = file.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ImportProblem(f"{file} is not UTF-8 text (line {line}): it may be "
                            "a binary file (a PDF, a Word document) or text saved in an old encoding. Save the "
                            "revision as UTF-8 Markdown, then import again.") from None
    if "\x00" in text:
        raise ImportProblem(f"{file} holds NUL bytes, so it is a binary file, not Markdown text. Save the revision "
                            "as UTF-8 Markdown, then import again.")
    return text


def imported_version(revision: Revision, date: datetime.date | None, link_base: str | None) -> ImportedVersion:
    """One revision as a version of the site: its title, its date (given, or as the text states it), its body made
    to render as GitHub rendered it (the report says how); the line stating the date is left out, as the site
    states every version's date itself."""
    meta, body = _front_matter(revision.text)
    title = str(meta.get("title") or "").strip() or _first_heading(body)
    if not title:
        raise ImportProblem(f"{revision.source} has no title (no `title:` in its front matter, no # heading): give "
                           "the policy a title before importing it.")
    report = []
    stated = STATED_DATE.search(body)
    if date is None:
        date = _read_date(stated.group("date")) if stated else None
        if date is None:
            raise ImportProblem(f"{revision.source} states no effective date that can be read"
                               + (f' ("{stated.group("date")}")' if stated else "")
                               + ": give the dates with --dates YYYY-MM-DD,… (one per revision, oldest first).")
    if stated:
        body = body[:stated.start()] + body[stated.end():]
        report.append(f'left out the line "{stated.group(0).strip()}": the site states each version\'s date itself')
    if link_base:
        def absolute(match: re.Match) -> str:
            report.append(f"the link {match.group(1)} now reads {link_base.rstrip('/')}{match.group(1)}")
            return f"]({link_base.rstrip('/')}{match.group(1)}"

        body = SITE_RELATIVE_LINK.sub(absolute, body)
    normalized, changes = normalize_github_markdown(body.strip("\n") + "\n")
    return ImportedVersion(revision.source, " ".join(title.split()), date, normalized, report + changes)


def policy_file(version: ImportedVersion, summary: str, translation_pending: bool) -> str:
    """The brand's policy file for a version (in the governing language, or a translation not ready yet)."""
    meta = {"title": version.title, "effective_date": version.effective_date.isoformat(), "summary": summary,
            "imported_from": version.source}
    if translation_pending:
        meta = {"title": version.title, "effective_date": version.effective_date.isoformat(), "translation": "pending",
                "imported_from": version.source}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10**6)
    return f"---\n{front}---\n\n" + ("" if translation_pending else version.body)


def _front_matter(text: str) -> tuple[dict, str]:
    text = text.replace("\r\n", "\n")
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 4)
    if end < 0:
        return {}, text
    meta = yaml.safe_load(text[4:end]) or {}
    return (meta if isinstance(meta, dict) else {}), text[end + 5:]


def _first_heading(body: str) -> str:
    match = re.search(r"^#\s+(.+)$", body, re.M)
    return match.group(1).strip() if match else ""


def _read_date(text: str) -> datetime.date | None:
    """A date as policies write it: 2020-07-22, July 22, 2020, 22 July 2020."""
    text = text.strip().rstrip(".").replace(",", " ")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    words = text.lower().split()
    numbers = [w for w in words if w.isdigit()]
    month = next((MONTHS[w] for w in words if w in MONTHS), None)
    if month is None or len(numbers) != 2:
        return None
    day, year = (int(numbers[0]), int(numbers[1])) if len(numbers[1]) == 4 else (int(numbers[1]), int(numbers[0]))
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def import_history(repo: Path, brand: str, *, git_repository: Path | None, path: str | None,
                   commits: list[str] | None, folder: Path | None, dates: list[datetime.date] | None,
                   link_base: str | None, publish: bool) -> list[str]:
    """Import every revision as a version of `brand`'s policy, oldest first: write it, commit it, and (asked to)
    publish it, so each version gets its permanent address; return the report, line by line."""
    paths = ContentPaths(repo)
    languages = site_languages(repo)
    brands = load_registry(paths.registry, languages, repo)
    if brand not in brands:
        raise ImportProblem(f'"{brand}" is not a brand in data/brands.yml: add it first '
                            f'(policy new-brand {brand} --name "…" --governing-language …), then import.')
    if git(repo, "status", "--porcelain", "--untracked-files=no"):
        raise ImportProblem("the working tree has uncommitted changes: commit them first (each imported version is a "
                            "commit of its own).")
    revisions = revisions_from_git(git_repository, path, commits) if git_repository else revisions_from_folder(folder)
    if dates is not None and len(dates) != len(revisions):
        raise ImportProblem(f"--dates gives {len(dates)} dates for {len(revisions)} revisions: give one per revision.")
    versions = [imported_version(r, dates[i] if dates else None, link_base) for i, r in enumerate(revisions)]
    for before, after in zip(versions, versions[1:]):
        if after.effective_date <= before.effective_date:
            raise ImportProblem(f"{after.source} takes effect on {after.effective_date.isoformat()}, not after "
                                f"{before.source} ({before.effective_date.isoformat()}): revisions are imported oldest "
                                "first, each with a later date.")
    governing = brands[brand].governing_language
    report = []
    for version in versions:
        summary = (f"Imported: the text in force from {version.effective_date.isoformat()}, as published at "
                   f"{version.source}.")
        for lang in languages:
            target = paths.docs / lang / brand / "privacy.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(policy_file(version, summary, translation_pending=lang != governing), encoding="utf-8")
        git(repo, "add", "--", *(str(paths.docs / lang / brand / "privacy.md") for lang in languages))
        git(repo, "commit", "-q", "-m", f"Import the {brand} policy: the version of "
                                        f"{version.effective_date.isoformat()}, from {version.source}")
        report.append(f"Imported {version.source} as the version of {version.effective_date.isoformat()}"
                      + (":" if version.report else " (its Markdown needed no change)."))
        report += [f"  - {line}" for line in version.report]
        if publish:
            for release in publish_release(repo, datetime.date.today()):
                report.append(f"  published as release {release.name} (`{release.alias}`)")
    pending = [lang for lang in languages if lang != governing]
    if pending:
        report.append(f"The {', '.join(pending)} translation of each version is marked `translation: pending`: "
                      "translate the newest one, then publish it.")
    return report
