"""Bringing in a policy written elsewhere, with its whole history: each revision (from a git repository's history
of one file, renames followed, bare or not, local or cloned; from a folder of dated files; or from an Open Terms
Archive repository, `<Service>/<Terms type>.md`) is read as the source showed it (source_markdown), given its part
in the history (import_plan: a version, a correction, a postponed announcement, or skipped, and why), and written
as the brand's policy file, one commit each.

The `policy import` command commits (and, asked to, publishes) each version and correction in turn, oldest first,
so every one gets its own permanent address; the report of everything done is printed and kept in
content/imports/.
"""

from __future__ import annotations

import datetime
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from policykit.content import ContentPaths, site_languages
from policykit.git import GitError, git, git_bytes
from policykit.import_plan import (CORRECTION, POSTPONED, SKIPPED, VERSION, ImportProblem, PlannedRevision,
                                   SourceRevision, plan_import)
from policykit.publishing import publish as publish_release
from policykit.registry import load_registry
from policykit.site_build import strict_build
from policykit.source_markdown import prepare
from policykit.yamlfile import LoadedYaml, load_yaml

__all__ = ["ImportProblem", "import_history"]
DATED_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")
REPORTS = Path("content") / "imports"


@dataclass(frozen=True)
class Revision:
    source: str  # where it came from, e.g. "site-policy@594b2b1:Policies/github-privacy-statement.md"
    key: str  # the commit, or the file's name
    recorded_on: datetime.date | None  # the commit's date; a folder's file: the date in its name
    text: str | None  # None: the revision cannot be read as text (`problem` says why)
    problem: str | None = None


def revisions_from_git(repository: str, path: str, commits: list[str] | None) -> tuple[list[Revision], list[str]]:
    """Every commit that changed `path` (or the chosen ones), oldest first, with the file as each left it, renames
    followed; and the commits left out because they delete the file or move it away. A repository that is not a
    folder here (an address) is cloned into a temporary folder first."""
    if Path(repository).exists():
        return _git_history(Path(repository), _name(Path(repository)), path, commits)
    with tempfile.TemporaryDirectory(prefix="policy-import-") as folder:
        try:
            git(Path(folder), "clone", "--quiet", "--bare", repository, folder)
        except GitError as error:
            raise ImportProblem(f"{repository} is not a folder here, and git cannot clone it: {error}") from None
        return _git_history(Path(folder), repository.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git"), path,
                            commits)


def _name(repository: Path) -> str:
    """How the report names a repository: its folder (the work tree's, for a .git folder)."""
    folder = repository.resolve()
    return (folder.parent.name if folder.name == ".git" else folder.name).removesuffix(".git")


def _git_history(repository: Path, name: str, path: str, commits: list[str] | None):
    try:
        # --follow: the file under every name it had; one record per commit: its hash, date, and how it changed the
        # file (A, M, D, or R/C with the old and new name).
        log = git(repository, "log", "--follow", "--format=%x01%H %cI", "--name-status", "--", path)
        history = []
        for record in filter(None, log.split("\x01")):
            header, *changes = [line for line in record.split("\n") if line.strip()]
            commit, committed = header.split()
            status, *names = changes[0].split("\t") if changes else ("M", path)
            history.append((commit, datetime.datetime.fromisoformat(committed).date(), status[0], names[-1]))
        history.reverse()
        if commits:
            known = {commit: entry for entry in history for commit in [entry[0]]}
            chosen = []
            for commit in commits:
                full = git(repository, "rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}")
                committed = git(repository, "show", "-s", "--format=%cI", full)
                chosen.append(known.get(full, (full, datetime.datetime.fromisoformat(committed).date(), "M", path)))
            history = chosen
        revisions, ignored = [], []
        for commit, date, status, at in history:
            short = git(repository, "rev-parse", "--short", commit)
            if status == "D":
                ignored.append(f"{name}@{short} ({date.isoformat()}) deletes {at} or moves it away: not a revision")
                continue
            try:
                data = git_bytes(repository, "cat-file", "blob", f"{commit}:{at}")
            except GitError as error:
                raise ImportProblem(f"{at} does not exist at commit {commit} of {repository}: {error}") from None
            revisions.append(Revision(f"{name}@{short}:{at}", commit, date, *_decoded(data)))
    except GitError as error:
        raise ImportProblem(f"the history of {path} in {repository} cannot be read: {error}") from None
    if not revisions:
        raise ImportProblem(f"no commit of {repository} changed {path}: check the path (relative to the repository).")
    return revisions, ignored


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
    return [Revision(f"{folder.name}/{file.name}", file.name, _date_in(file.name), _text_of(file)) for file in files]


def _date_in(name: str) -> datetime.date | None:
    """The date a revision's file is named by (2020-07-22.md), its recording date."""
    try:
        return datetime.date.fromisoformat(match.group(1)) if (match := DATED_NAME.search(name)) else None
    except ValueError:
        return None


def _decoded(data: bytes) -> tuple[str | None, str | None]:
    """A revision's text (UTF-8, a byte-order mark dropped), or why it is none: the history goes on without it."""
    if b"\x00" in data:
        return None, "it is a binary file (it holds NUL bytes), not Markdown text"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return None, (f"it is not UTF-8 text (line {line}, byte 0x{data[error.start]:02x}): text saved in an old "
                      "encoding, or a binary file; to import it, save it as UTF-8 in a folder of dated files and "
                      "import that with --folder")


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



def keyed(values: list[str], revisions: list[Revision], what: str) -> dict[int, str]:
    """--dates or --summary values by revision number: `NUMBER=…`, `COMMIT=…` (its first 4 or more characters)
    or `FILE=…`; --dates may also list one date per revision, oldest first, empty where the text says it."""
    if what == "--dates" and len(values) == len(revisions) and not any("=" in value for value in values):
        return {number: value for number, value in enumerate(values, start=1) if value}
    found = {}
    for value in values:
        key, separator, given = value.partition("=")
        matches = [number for number, revision in enumerate(revisions, start=1)
                   if key == str(number) or key == revision.key or (len(key) >= 4 and revision.key.startswith(key))]
        if not separator or len(matches) != 1:
            raise ImportProblem(f'{what} "{value}" names no single revision: write REVISION=…, where REVISION is the '
                                "number the report gives it (#12 is 12), its commit or its file's name"
                                + (f", or give one date per revision ({len(revisions)}), oldest first."
                                   if what == "--dates" else "."))
        found[matches[0]] = given
    return found


def load_variables(path: Path | None) -> dict[str, str]:
    """The values of the source's Liquid variables, from a YAML file: nested (site: data: …) or with dotted keys."""
    if path is None:
        return {}
    try:
        loaded = load_yaml(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError) as error:
        raise ImportProblem(f"--variables {path} cannot be read: {error}") from None
    if not isinstance(loaded, LoadedYaml):
        raise ImportProblem(f"--variables: {loaded}")
    if not isinstance(loaded.data, dict):
        raise ImportProblem(f"--variables {path} is not a mapping: write one `name: value` per line.")
    values: dict[str, str] = {}

    def flatten(prefix: str, mapping: dict) -> None:
        for key, value in mapping.items():
            if isinstance(value, dict):
                flatten(f"{prefix}{key}.", value)
            else:
                values[f"{prefix}{key}"] = str(value)

    flatten("", loaded.data)
    return values


def policy_file(version: PlannedRevision, translation_pending: bool) -> str:
    """The brand's policy file for a version or correction (in the governing language, or a translation not ready
    yet, which carries only what identifies the version)."""
    assert version.effective_date is not None and version.text is not None  # a text written was read and dated
    meta = {"title": version.title, "effective_date": version.effective_date.isoformat()}
    if translation_pending:
        meta["translation"] = "pending"
    else:
        meta |= {key: value for key, value in (
            ("summary", version.summary), ("correction", version.correction),
            ("corrected_on", version.corrected_on and version.corrected_on.isoformat()),
            ("replaces_announcement", version.replaces_announcement and version.replaces_announcement.isoformat()))
            if value}
    meta["imported_from"] = version.revision.source
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10**6)
    return f"---\n{front}---\n\n" + ("" if translation_pending else version.text)


def import_history(repo: Path, brand: str, *, git_repository: str | None, path: str | None,
                   commits: list[str] | None, folder: Path | None, dates: list[str] | None,
                   summaries: list[str] | None, variables: Path | None, link_base: str | None,
                   publish: bool, today: datetime.date, signing_key: Path | None = None) -> list[str]:
    """Import every revision, oldest first, in one commit: the newest version or correction as the brand's policy
    file, every earlier one as an earlier text (content/history/), and the report (content/imports/); nothing is
    committed unless the whole history builds. Asked to, publish it: one release, every text at its own address."""
    paths = ContentPaths(repo)
    languages = site_languages(repo)
    brands = load_registry(paths.registry, languages, repo, paths.docs)
    if brand not in brands:
        raise ImportProblem(f'"{brand}" is not a brand in data/brands.yml: add it first '
                            f'(policy new-brand {brand} --name "…" --governing-language …), then import.')
    if git(repo, "status", "--porcelain", "--untracked-files=no"):
        raise ImportProblem("the working tree has uncommitted changes: commit them first (the import is one commit "
                            "of its own).")
    governing = brands[brand].governing_language
    values = load_variables(variables)
    if git_repository:
        assert path is not None  # the command line asks --git for its --path
        read, ignored = revisions_from_git(git_repository, path, commits)
    else:
        assert folder is not None  # the command line asks for --git or --folder
        read, ignored = revisions_from_folder(folder), []
    given = {number: _date(value) for number, value in keyed(dates or [], read, "--dates").items()}
    revisions = [SourceRevision(number, revision.source, revision.key, revision.recorded_on,
                                prepare(revision.text, language=governing, variables=values, link_base=link_base)
                                if revision.text is not None else None, revision.problem)
                 for number, revision in enumerate(read, start=1)]
    planned = plan_import(revisions, given, keyed(summaries or [], read, "--summary"), governing)
    # A postponed announcement is written too: readers see it as announced, then replaced before it took effect.
    written = [entry for entry in planned if entry.kind in (VERSION, CORRECTION, POSTPONED)]
    if not written:
        raise ImportProblem("none of the revisions became a version or a correction (the report below says why), so "
                            "nothing was imported:\n" + "\n".join(_report(brand, git_repository or str(folder), path,
                                                                          planned, ignored, [], today)))
    files = _history_files(paths, brand, governing, languages, written)
    report = _report(brand, git_repository or str(folder), path, planned, ignored,
                     [lang for lang in languages if lang != governing], today)
    report_file = _report_path(repo, brand, today)
    files[report_file] = "\n".join(report) + "\n"
    before = {target: target.read_bytes() if target.exists() else None for target in files}
    for target, text in files.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    try:
        _check_builds(repo, {f"{paths.shown(target)}": entry for target, entry in _origins(paths, brand, governing,
                                                                                            written).items()})
    except ImportProblem:
        for target, data in before.items():  # nothing of the import is left behind
            if data is None:
                target.unlink()
            else:
                target.write_bytes(data)
        raise
    git(repo, "add", "--", *(str(target) for target in files))
    git(repo, "commit", "-q", "-m", f"Import the {brand} policy: {len(written)} texts from "
                                    f"{git_repository or folder}" + (f", {path}" if path else ""))
    lines = report + ["", f"This report is kept in {report_file.relative_to(repo)}."]
    if publish:
        publication = publish_release(repo, today, signing_key=signing_key)
        lines.append(f"Published as release {publication.release}: {len(written)} texts, each at its own address.")
    return lines


def _history_files(paths: ContentPaths, brand: str, governing: str, languages: list[str],
                   written: list[PlannedRevision]) -> dict[Path, str]:
    """The files an import writes: the brand's policy file (the newest text; a translation pending in the other
    languages) and each earlier text, named by its revision's number so they sort oldest first."""
    *earlier, newest = written
    files = {paths.docs / lang / brand / "privacy.md": policy_file(newest, translation_pending=lang != governing)
             for lang in languages}
    folder = paths.history / governing / brand / "privacy"
    for entry in earlier:
        files[folder / _history_name(entry)] = policy_file(entry, translation_pending=False)
    return files


def _history_name(entry: PlannedRevision) -> str:
    assert entry.effective_date is not None  # a text written is dated
    slug = entry.effective_date.isoformat() + (f"-corrected-{entry.corrected_on.isoformat()}" if entry.corrected_on
                                               else "")
    return f"{entry.revision.number:03d}-{slug}.md"


def _origins(paths: ContentPaths, brand: str, governing: str, written: list[PlannedRevision]) -> dict[Path, PlannedRevision]:
    *earlier, newest = written
    origins = {paths.history / governing / brand / "privacy" / _history_name(e): e for e in earlier}
    origins[paths.docs / governing / brand / "privacy.md"] = newest
    return origins


PROBLEM_AT = re.compile(r"^(?P<path>\S+?\.md):(?P<line>\d+): ", re.M)


def _check_builds(repo: Path, written: dict[str, PlannedRevision]) -> None:
    """The site with the imported history builds strictly (every check of every text), or the import stops naming,
    for each problem, the revision and the source's own line it came from, and how to go on."""
    with tempfile.TemporaryDirectory(prefix="policy-import-") as site:
        said = strict_build(repo, Path(site))
    if said is None:
        return

    def source_line(match: re.Match) -> str:
        entry = written.get(match.group("path"))
        if entry is None:
            return match.group(0)
        line = int(match.group("line")) - _front_lines(entry)
        origins = entry.revision.prepared.origins if entry.revision.prepared else ()
        where = f"line {origins[line - 1]} of " if 0 < line <= len(origins) else ""
        return f"{match.group(0)}(revision #{entry.revision.number}, {where}{entry.revision.source}) "

    raise ImportProblem("the imported history does not build, so nothing was imported (no file was changed):\n"
                        + PROBLEM_AT.sub(source_line, said) + "\nFix the source, or give the revision's text, date or "
                        "summary with --dates/--summary/--variables, or leave it out with --commits; then import again.")


def _front_lines(entry: PlannedRevision) -> int:
    """The lines before a written text's body: its front matter and the blank line after it."""
    return policy_file(entry, translation_pending=False).split("\n\n", 1)[0].count("\n") + 2


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ImportProblem(f"--dates: {text!r} is not a date: write it as YYYY-MM-DD, e.g. 2020-07-22") from None


def _report_path(repo: Path, brand: str, today: datetime.date) -> Path:
    """content/imports/<brand>-<date>.md, or -2, -3 … for another import of the same day."""
    name, count = f"{brand}-{today.isoformat()}", 1
    while (repo / REPORTS / f"{name}{f'-{count}' if count > 1 else ''}.md").exists():
        count += 1
    return repo / REPORTS / f"{name}{f'-{count}' if count > 1 else ''}.md"


KINDS = {VERSION: "VERSION", CORRECTION: "CORRECTION", POSTPONED: "POSTPONED", SKIPPED: "SKIPPED"}


def _report(brand: str, source: str, path: str | None, planned: list[PlannedRevision], ignored: list[str],
            pending: list[str], today: datetime.date) -> list[str]:
    count = {kind: sum(entry.kind == kind for entry in planned) for kind in KINDS}
    lines = [f"# Import of the {brand} policy, {today.isoformat()}", "",
             f"From {source}" + (f", file {path}" if path else "") + f": {len(planned)} revisions, oldest first. "
             f"{count[VERSION]} became versions, {count[CORRECTION]} corrections; {count[POSTPONED]} were "
             f"announcements postponed before they took effect; {count[SKIPPED]} were skipped. Line numbers are the "
             "source file's own.", ""]
    lines += [f"- Ignored: {line}" for line in ignored] + ([""] if ignored else [])
    for entry in planned:
        recorded = f", recorded on {entry.recorded_on.isoformat()}" if entry.recorded_on else ""
        lines.append(f"## #{entry.revision.number} {entry.revision.source}{recorded}: {KINDS[entry.kind]}")
        lines.append(f"- {entry.reason[0].upper()}{entry.reason[1:]}.")
        if entry.kind == VERSION and entry.replaces_announcement:
            lines.append(f"- replaces_announcement: {entry.replaces_announcement.isoformat()}")
        if entry.kind == VERSION and entry.summary:
            lines.append(f"- Summary: {entry.summary}")
        if entry.kind == CORRECTION:
            assert entry.corrected_on is not None  # a correction is dated
            lines.append(f"- Correction ({entry.corrected_on.isoformat()}): {entry.correction}")
        if entry.kind in (VERSION, CORRECTION):
            lines += [f"- {line}" for line in entry.report]
        lines.append("")
    if pending and (count[VERSION] or count[CORRECTION]):
        lines.append(f"The {', '.join(pending)} translation of each version is marked `translation: pending`: "
                     "translate the newest one, then publish it.")
    return lines
