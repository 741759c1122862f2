"""What a version consists of, as its fingerprint (format 2, policykit/text.py) covers it, and the guards that keep a
published version so: the files it links to keep their bytes, its explicit anchors keep resolving (in it, and in
the version after it), its summary stays as published, and the site's statements about it (the labels that state
law, data/labels.yml) change only by a correction declared in data/wording-corrections.yml, which each affected
policy's history lists with its day.

A version recorded under format 1 (its recorded text only) is recorded again under format 2 by the next release:
its parts are taken from its published record (text, summary, Markdown for its anchors) and from what that release
publishes (the bytes of the files it links to, the site's statements), and are guarded from then on.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from policykit.labels import statements as stated_labels
from policykit.problems import PolicyError, Problem
from policykit.published import Version, WordingCorrection
from policykit.text import FINGERPRINT_FORMAT, Parts, version_fingerprint
from policykit.yamlfile import LoadedYaml, load_data_file

WORDING_CORRECTIONS = "wording-corrections.yml"  # in data/, beside labels.yml
# A link target or image source in the recorded text: ⟨target⟩.
_TARGET = re.compile(r"⟨([^⟩]*)⟩")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# An anchor a writer gives explicitly: attr_list's {#id} (or {: #id .class}), or an HTML id ("<a id="x"></a>").
_ATTR_ID = re.compile(r"\{:?[^{}\n]*?#([^\s{}#]+)[^{}\n]*\}")
_HTML_ID = re.compile(r"<[a-zA-Z][^<>]*?\sid\s*=\s*[\"']?([^\"'\s<>]+)")


def explicit_anchors(markdown: str) -> tuple[str, ...]:
    """The anchors a text's Markdown gives explicitly, sorted: the ones writers and citations rely on (a heading's
    own anchor, made from its words, changes with them and is the redline's to show)."""
    return tuple(sorted(set(_ATTR_ID.findall(markdown)) | set(_HTML_ID.findall(markdown))))


class FileDigests:
    """The SHA-256 of the files under docs/, each read once in a build (a file is linked from every text of its
    policy, in every language, and each published version's files are checked again)."""

    def __init__(self, docs: Path) -> None:
        self.docs = docs
        self._digests: dict[str, str | None] = {}

    def of(self, path: str) -> str | None:
        """The digest of a file (path from docs/), or None when there is no such file."""
        if path not in self._digests:
            file = self.docs / path
            self._digests[path] = hashlib.sha256(file.read_bytes()).hexdigest() if file.is_file() else None
        return self._digests[path]


def linked_files(digests: FileDigests, lang: str, key: str, text: str) -> tuple[tuple[str, str], ...]:
    """(path from docs/, SHA-256) of every file of the site a recorded text links to or shows (its ⟨targets⟩
    relative to the policy's folder), sorted; another page (.md) is not part of it."""
    folder = posixpath.join(lang, key.split("/")[0])
    found = {}
    for target in _TARGET.findall(text):
        if not target or _SCHEME.match(target) or target.startswith(("#", "/", "\\")):
            continue
        path = posixpath.normpath(posixpath.join(folder, unquote(target.split("#")[0].split("?")[0])))
        if path.startswith("../") or path.endswith(".md") or (digest := digests.of(path)) is None:
            continue
        found[path] = digest
    return tuple(sorted(found.items()))


def with_parts(version: Version, anchors: tuple[str, ...], files: tuple[tuple[str, str], ...],
               statements: str) -> Version:
    """The version recorded under the current fingerprint format."""
    parts = Parts(version.sha256, version.summary, anchors, files, statements)
    return dataclasses.replace(version, fingerprint_format=FINGERPRINT_FORMAT, fingerprint=version_fingerprint(parts),
                               anchors=anchors, files=files, statements=statements)


def site_statements(labels: dict[str, dict]) -> dict[str, dict[str, str]]:
    """The site's statements in every language (language -> label -> wording)."""
    return {lang: stated_labels(words) for lang, words in labels.items()}


# --- a published version, as this build publishes it again ------------------------------------------------------

def republished(version: Version, recorded_text: str, recorded_markdown: str, digests: FileDigests, statements: str,
                shown_as: str) -> tuple[Version, list[Problem]]:
    """A published version with what this build publishes of it: the bytes of the files it links to and the
    site's statements (their change is guarded site-wide, wording_problems). Format 1 is recorded under the
    current format; a file it was published with that now has other bytes is refused."""
    if version.parts is None:  # format 1: its parts as its record and this build have them
        files = linked_files(digests, version.lang, version.key, recorded_text)
        return with_parts(version, explicit_anchors(recorded_markdown), files, statements), []
    problems = []
    for path, digest in version.files:
        if digests.of(path) not in (None, digest):
            problems.append(Problem(
                f"docs/{path}", None, f"this file has other bytes than when the {version.lang} version of "
                f"{version.effective_date.isoformat()} of the policy {version.key} was published with it (its "
                "fingerprint covers them): every reader of that version would see the new file instead.",
                f"restore the published file (git log -- docs/{path} shows its history). A new file needs a new "
                "name: link to it in a new version of the policy, or in a declared correction (`correction: …` "
                f"in {shown_as}), so that the published version keeps the file it was published with."))
    return with_parts(version, version.anchors, version.files, statements), problems


# --- this build's text against the published one ------------------------------------------------------------------

def unchanged_problems(published: Version, mine: Version, shown_as: str, summary_line: int | None,
                       imported: bool) -> list[Problem]:
    """The writer's file of a published version (the same recorded text): its summary and explicit anchors are the
    published ones too."""
    problems = []
    day = published.effective_date.isoformat()
    rewritten = _words(mine.summary) != _words(published.summary)
    if rewritten and not imported and mine.translation == published.translation:
        problems.append(Problem(shown_as, summary_line, f"the summary of the published version of {day} is "
                                f"“{published.summary or ''}”, and this file says “{mine.summary or ''}”: a published "
                                "version's summary is part of it and never changes.",
                                "restore the published summary; say more in the next version's summary."))
    if published.parts is not None and mine.anchors != published.anchors:
        gone = sorted(set(published.anchors) - set(mine.anchors))
        added = sorted(set(mine.anchors) - set(published.anchors))
        said = "; ".join(part for part in (f"removed #{', #'.join(gone)}" if gone else "",
                                           f"added #{', #'.join(added)}" if added else "") if part)
        problems.append(Problem(shown_as, None, f"the anchors of the published version of {day} changed ({said}): "
                                "links citing them lead to the version as published.",
                                "restore the anchors as published ({#id} after a heading, <a id=\"…\"></a>); a "
                                "change of anchors comes with the next version, which keeps every earlier one."))
    return problems


def _words(summary: str | None) -> str:
    """A summary's words: typography's no-break spaces (data/typography.yml may change) are spaces, as in the
    recorded text."""
    return " ".join((summary or "").split())


def anchor_problems(previous: Version, mine: Version, shown_as: str) -> list[Problem]:
    """Every anchor of the version before still resolves in this one: kept, or kept as an alias. A translation not
    ready yet has no text of its own (its readers are sent to the governing text): its anchors come with it."""
    gone = sorted(set(previous.anchors) - set(mine.anchors))
    if not gone or mine.translation != "complete":
        return []
    anchors = ", ".join(f"#{a}" for a in gone)
    return [Problem(shown_as, None, f"the anchor(s) {anchors} of the version of {previous.effective_date.isoformat()} "
                    "are not in this text: links that cite them (…/#anchor) would lead nowhere in it.",
                    "keep each anchor: write {#" + gone[0] + "} after the heading it belongs to now, or keep it as an "
                    f"alias: <a id=\"{gone[0]}\"></a> at the start of the part that replaces it (at the start of the "
                    "policy if nothing does).")]


# --- the site's statements ------------------------------------------------------------------------------------------

def load_wording_corrections(data: Path, root: Path) -> list[WordingCorrection]:
    """The corrections of the site's wording declared in data/wording-corrections.yml (none without the file)."""
    path = data / WORDING_CORRECTIONS
    if not path.exists():
        return []
    loaded, shown_as = load_data_file(path, root, "the corrections of the site's wording")
    entries = loaded.data.get("corrections") if isinstance(loaded.data, dict) else None
    fix = ("write each correction as in the example at the top of the file: `- labels: [en.effective_date]` and "
           "`note: …` (a line on what it corrects).")
    if not isinstance(entries, list):
        raise PolicyError([Problem(shown_as, 1, "the file does not list its corrections under `corrections:`.", fix)])
    corrections, problems = [], []
    line = loaded.lines.get(("corrections",))  # (the lines of a list's items are not kept)
    for entry in entries:
        labels, note = (entry.get("labels"), entry.get("note")) if isinstance(entry, dict) else (None, None)
        if not (isinstance(labels, list) and labels and all(isinstance(x, str) for x in labels)
                and isinstance(note, str) and note.strip()):
            problems.append(Problem(shown_as, line, "this correction does not name its labels and its note.", fix))
            continue
        corrections.append(WordingCorrection(tuple(labels), " ".join(note.split()), None, line))
    if problems:
        raise PolicyError(problems)
    return corrections


def wording_problems(now: dict[str, dict[str, str]], published: dict[str, dict[str, str]],
                     recorded: list[WordingCorrection], declared: list[WordingCorrection], day: datetime.date,
                     shown_as: str, labels: LoadedYaml,
                     labels_file: str) -> tuple[list[WordingCorrection], list[Problem]]:
    """The site's statements against the newest release's record: every label that states law and reads otherwise
    is named by a declared correction not published yet, which this build publishes on its day; a declaration
    published before stays as it was. `labels`: data/labels.yml as read (for the line of a label). Returns every
    correction to record (published and new) and the problems."""
    published_once = {(c.labels, c.note) for c in recorded}
    new = [c for c in declared if (c.labels, c.note) not in published_once]
    changed = {f"{lang}.{name}" for lang, said in published.items() if lang in now
               for name in set(said) | set(now[lang]) if said.get(name) != now[lang].get(name)}
    covered = {label for c in new for label in c.labels}
    problems = []
    for label in sorted(changed - covered):
        lang, name = label.split(".", 1)
        said_now, said_then = now[lang].get(name, ""), published[lang].get(name, "")
        problems.append(Problem(labels_file, labels.lines.get((lang, *name.split("."))), f"the label {label} states "
                                "law, and it says "
                                f"“{said_now}” where the published site says “{said_then}”: "
                                "every published version's page would state it otherwise.",
                                f"if the change is meant, declare it as a correction of the site's wording in "
                                f"{shown_as}: `- labels: [{label}]` and `note: …` (a line on what it corrects) under "
                                "`corrections:`; each affected policy's history lists it with its day. If not, "
                                "restore the published wording."))
    for correction in new:
        if unchanged := sorted(set(correction.labels) - changed):
            problems.append(Problem(shown_as, correction.line, f"this correction names {', '.join(unchanged)}, "
                                    "whose wording is the one published (or which is not a label that states law).",
                                    "name only the labels the correction changes (their wording in data/labels.yml "
                                    "differs from the published one), or remove the correction."))
    return [*recorded, *(dataclasses.replace(c, day=day) for c in new)], problems

