"""A policy's Markdown as readers get it: shared clauses included, brand variables filled in, writers' notes
removed. This *expanded Markdown* is the source of truth: the site renders it, and the recorded text and its
fingerprint come from it. Each of its lines remembers the file and line it came from, so a problem found
anywhere later names the place a writer edits.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from policykit.problems import PolicyError, Problem, display_path
from policykit.repository_files import read_source

INCLUDE = re.compile(r'^[ \t]*-+8<-+[ \t]+(["\'])(?P<target>[^"\']+)\1[ \t]*$')
MARKER = re.compile(r"^[ \t]*-+8<-*")
VARIABLE = re.compile(r"\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}")
REMNANT = re.compile(r"\{\{|\}\}|\{%|%\}")
NOTE_START = "<!--"
# Where the HTML standard ends a comment: "-->" or "--!>"; "<!-->" and "<!--->" are whole (empty) comments. A note
# must end where a browser's would, or text a browser shows (a script, say) would vanish from the checks.
NOTE_END = re.compile(r"--!?>")
EMPTY_NOTE = re.compile(r"-?>")
# Far above any policy (GitHub's privacy statement has 332 lines), and a bound on a build's time: every check is
# linear in a text's length, but the engine's own rendering is not, and a 100,000-line list took minutes to build.
MAX_LINES = 20_000


@dataclass(frozen=True)
class Origin:
    path: str  # as a writer sees it, relative to the repository
    line: int


@dataclass(frozen=True)
class Expanded:
    markdown: str
    origins: tuple[Origin, ...]  # one per line of `markdown`

    def origin(self, line: int) -> Origin:
        """Where line `line` (1-based) of the expanded Markdown was written."""
        return self.origins[min(max(line, 1), len(self.origins)) - 1]

    def problem(self, line: int, what: str, fix: str) -> Problem:
        if not self.origins:
            return Problem("", None, what, fix)
        origin = self.origin(line)
        return Problem(origin.path, origin.line, what, fix)

    def line_containing(self, hint: str) -> int | None:
        """The first line that contains `hint` (ignoring case): where a problem seen in the HTML was written."""
        needle = hint.lower()
        # One search of the whole text, not one per line: a text with a problem on each of its lines (a link to
        # nowhere in every item of a long list) took time quadratic in its length.
        at = -1 if "\n" in needle else self._lowered.find(needle)
        return None if at < 0 else self._lowered.count("\n", 0, at) + 1

    @functools.cached_property
    def _lowered(self) -> str:
        return self.markdown.lower()


class Clauses:
    """The shared clauses of clauses/<lang>/, each read once however many pages include it."""

    def __init__(self, folder: Path, root: Path):
        self.folder, self.root = folder, root
        self._read: dict[str, list[tuple[str, Origin]] | None] = {}

    def lines(self, target: str) -> list[tuple[str, Origin]] | None:
        if target not in self._read:
            path = self.folder / target
            if path.is_file():
                shown = display_path(path, self.root)
                text = read_source(path, self.root)
                self._read[target] = [(line, Origin(shown, number)) for number, line in enumerate(text.split("\n"), 1)]
            else:
                self._read[target] = None
        return self._read[target]

    def available(self, lang: str) -> str:
        return ", ".join(sorted(p.name for p in (self.folder / lang).glob("*.md"))) or "none"


def expand(body: str, shown_as: str, first_line: int, lang: str, values: dict[str, str], brand: str,
           clauses: Clauses) -> Expanded:
    """The expanded Markdown of one policy body; a PolicyError lists every problem in it and its clauses."""
    problems: list[Problem] = []
    lines = _with_clauses(body, shown_as, first_line, lang, clauses, problems)
    lines = _without_notes(lines, problems)
    expanded = []
    for text, origin in lines:
        def value(match: re.Match) -> str:
            name = match.group(1)
            if name in values:
                return values[name]
            problems.append(Problem(origin.path, origin.line, f'{{{{ {name} }}}} is not a field of brand "{brand}" in '
                                    "the registry" + _included(origin, shown_as) + ".",
                                    f"add `{name}: …` to {brand} in data/brands.yml, or correct the name (this brand "
                                    f"has: {', '.join(sorted(values))})."))
            return match.group(0)

        filled = VARIABLE.sub(value, text)
        if REMNANT.search(VARIABLE.sub("", text)):
            problems.append(Problem(origin.path, origin.line, f'the published page would show "{text.strip()}".',
                                    "write a brand variable exactly as {{ field }}, with both pairs of braces."))
        expanded.append((filled, origin))
    if len(expanded) > MAX_LINES:
        problems.append(Problem(shown_as, None, f"the policy is too long: {len(expanded):,} lines with its clauses, "
                                f"more than the {MAX_LINES:,} a policy may have.", "split it, or remove what does not "
                                "belong in it (whole other documents, generated lists)."))
    if problems:
        raise PolicyError(problems)
    return Expanded("\n".join(text for text, _ in expanded), tuple(origin for _, origin in expanded))


def markup_only_in_policies(text: str, shown_as: str, first_line: int) -> list[Problem]:
    """Pages that are not policies (home pages) have no brand: clause includes and variables cannot work there."""
    return [Problem(shown_as, first_line + number - 1, "clause includes and {{ variables }} work only in a brand's "
                    "policy, not on this page.", "write the text here in full.")
            for number, line in enumerate(text.split("\n"), 1) if MARKER.match(line) or REMNANT.search(line)]


def _with_clauses(body: str, shown_as: str, first_line: int, lang: str, clauses: Clauses,
                  problems: list[Problem]) -> list[tuple[str, Origin]]:
    lines = []
    for number, line in enumerate(body.split("\n"), first_line):
        include = INCLUDE.match(line)
        if include is None:
            if MARKER.match(line):
                problems.append(Problem(shown_as, number, "this clause include is not written in the accepted form.",
                                        f'write it on a line of its own as --8<-- "{lang}/clause-name.md".'))
            lines.append((line, Origin(shown_as, number)))
            continue
        target = include.group("target")
        if not target.startswith(f"{lang}/") or "/" in target[len(lang) + 1:] or ".." in target:
            problems.append(Problem(shown_as, number, f'the clause "{target}" is not a clause of this page\'s language '
                                    f"({lang}).", f'include the {lang} clause instead: --8<-- "{lang}/'
                                    f'{Path(target).name}".'))
            continue
        included = clauses.lines(target)
        if included is None:
            problems.append(Problem(shown_as, number, f'the shared clause "{target}" does not exist.',
                                    f"check the spelling; the {lang} clauses are: {clauses.available(lang)}."))
            continue
        for text, origin in included:
            if MARKER.match(text):
                problems.append(Problem(origin.path, origin.line, "a clause cannot include another clause.",
                                        "write the text of the other clause here, or include both from the policy."))
            else:
                lines.append((text, origin))
    return lines


def _without_notes(lines: list[tuple[str, Origin]], problems: list[Problem]) -> list[tuple[str, Origin]]:
    """Writers' notes (<!-- … -->, over one line or several) removed; a line that held only a note goes too."""
    kept, opened = [], None  # opened: where the note being read began
    for text, origin in lines:
        out, rest = "", text
        while rest:
            if opened:
                end = NOTE_END.search(rest)
                rest, opened = ("", opened) if end is None else (rest[end.end():], None)
            else:
                start = rest.find(NOTE_START)
                if start < 0:
                    out, rest = out + rest, ""
                    continue
                out, rest, opened = out + rest[:start], rest[start + len(NOTE_START):], origin
                if empty := EMPTY_NOTE.match(rest):
                    rest, opened = rest[empty.end():], None
        if out == text:
            kept.append((text, origin))
        elif out.strip():
            kept.append((out.rstrip(), origin))
    if opened:
        problems.append(Problem(opened.path, opened.line, "this writers' note (<!--) is never closed, so everything "
                                "after it would vanish from the page.", "close the note with --> where it ends."))
    return kept


def _included(origin: Origin, page: str) -> str:
    return "" if origin.path == page else f" (included by {page})"
