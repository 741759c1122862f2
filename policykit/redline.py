"""Redlines between two recorded texts of a policy: what was deleted, inserted and moved, and where.

One comparison (`compare`) and three ways to show it: HTML for readers, a terminal's word diff, Markdown for a
pull request. docs/assets/javascripts/redline.js is the same comparison and HTML in the reader's browser: any
change here is made there too, and tests/test_redline_browser.py checks that both give the same HTML.

How a redline is made: blocks (lines) are aligned first; within the blocks that changed, a deleted block is
matched with the inserted block it most resembles; words are compared only within such a pair, with
diff-match-patch and its semantic clean-up, so an edit reads as a person marks it up. A pair with little in
common reads as one deletion and one insertion; a block deleted in one place and inserted, identical or nearly,
in another is marked as moved. The work is bounded by sizes, never by time, so a browser and a build agree.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from babel import Locale
from diff_match_patch import diff_match_patch

# A token is a link target (recorded as ⟨href⟩: a changed target reads as the old one and the new one), a run of
# letters or digits, a run of whitespace, or any other single character. The same classes in redline.js:
# [\p{L}\p{N}] is Python's [^\W_], and the whitespace is spelled out because \s differs between the two.
TOKEN = re.compile(r"⟨[^⟩]*⟩|[^\W_]+|[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+|.", re.S)
# What a line's structure adds before its words: block quote marks, then heading marks or list indentation.
STRUCTURE = re.compile(r"(?:> )*(?:#{1,6} |(?:  )+)?")
HEADING = re.compile(r"(#{1,6}) ")
# A list item's marker, recorded before its words: a bullet is shown by the style sheet, a number as written.
BULLET = "- "

# Lines and tokens are compared as characters of the Private Use Area (diff-match-patch's "lines to chars"
# trick), which neither Python nor JavaScript counts as letters or spaces, so the semantic clean-up scores them
# alike in both; a space stays a space, so edits end at word boundaries. The bounds below keep every comparison
# within the area's 6,400 characters.
FIRST_CODE = 0xE000
# Bounds on the work, by size and never by time, so the browser gets the same redline as the build.
PAIR_TOKENS = 2000  # differing tokens (old + new) above which a block pair is shown as whole blocks
TOTAL_WORK = 16_000_000  # sum of (differing tokens)² over all pairs: the word diff's worst-case cost
LINE_LIMIT = 4000  # changed lines (old + new) above which blocks are not aligned with each other
PAIRING_CELLS = 40_000  # deleted × inserted blocks of one change above which none are paired
PAIR_PERCENT = 40  # share of distinct words two blocks have in common to be one block edited
REWRITE_PERCENT = 50  # share of words kept below which an edited block of many edits reads as rewritten
REWRITE_EDITS = 2  # edits a block may have and still read as edited, however few words it keeps
MOVE_PERCENT = 80  # share of words a block keeps when moved, to be shown as moved
MOVE_MIN_WORDS = 5  # a shorter block found elsewhere is a coincidence, not a move


@dataclass(frozen=True)
class Piece:
    kind: str  # "equal", "delete" or "insert"
    text: str


@dataclass(frozen=True)
class Block:
    """One line of either text, or a line of each: how it changed and where it sits.

    kind: "equal"; "changed" (a pair of lines, old and new); "deleted"; "inserted"; "moved_away" (a line of the
    old text found again elsewhere in the new one) and "moved_here" (where it went). A line is its structure
    (quote marks, heading marks, indentation: `old_prefix` in the old text, `prefix` in the new one) and then
    its words: the old line's are the pieces that are not inserted, the new line's the pieces that are not
    deleted. A changed block with one deletion, one insertion and nothing equal is a rewritten block (or one too
    large to compare word by word)."""

    kind: str
    old: int | None  # its line in the old text, from 0
    new: int | None  # its line in the new text
    old_prefix: str
    prefix: str
    pieces: tuple[Piece, ...]
    context: tuple[tuple[str, int], ...] = ()  # the lines it sits under: headings (by level), a table's first row
    section: tuple[str, int] | None = None  # its outermost heading; None: before the first heading
    moved: int | None = None  # for a move: the position of the other end in Redline.blocks


@dataclass(frozen=True)
class Redline:
    """Every line of both texts, in reading order. A reference (side, line) names a line: ("new", 4) is the
    fifth line of the new text; a line of the old text that the new text keeps is named by its new line."""

    old: tuple[str, ...]
    new: tuple[str, ...]
    blocks: tuple[Block, ...]

    @property
    def changed(self) -> bool:
        return any(block.kind != "equal" for block in self.blocks)


class _Budget:
    """What is left of TOTAL_WORK for one comparison."""

    def __init__(self):
        self.left = TOTAL_WORK

    def take(self, work: int) -> bool:
        if work > self.left:
            return False
        self.left -= work
        return True


def compare(old: str, new: str) -> Redline:
    """The redline between two recorded texts (policykit/text.py); the same for the same texts, everywhere."""
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # no time limit: the same result on every machine and in the browser
    old_lines, new_lines = _lines(old), _lines(new)
    matches = _align(dmp, old_lines, new_lines)
    groups = _groups(matches, len(old_lines), len(new_lines))
    # Distinct words per line, computed only for the lines that changed.
    words: dict[str, dict[int, frozenset[str]]] = {"old": {}, "new": {}}

    def words_of(side, line):
        known = words[side]
        if line not in known:
            text = old_lines[line] if side == "old" else new_lines[line]
            known[line] = frozenset(t for t in TOKEN.findall(text) if _is_word(t))
        return known[line]

    budget = _Budget()
    moves = _exact_moves(groups, old_lines, new_lines)
    pairs = [_pairs(deleted, inserted, moves, words_of) for deleted, inserted in groups]
    diffs = {(o, n): _word_diff(dmp, old_lines[o], new_lines[n], budget, REWRITE_PERCENT, REWRITE_EDITS)
             for pairing in pairs for o, n in pairing}
    _near_moves(dmp, groups, pairs, moves, old_lines, new_lines, words_of, budget, diffs)
    return _assemble(old_lines, new_lines, matches, groups, pairs, moves, diffs)


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def _is_word(token: str) -> bool:
    """Words and link targets are what a block says; spaces and punctuation are not counted."""
    return token[0] == "⟨" or token[0].isalnum()


def _split(line: str) -> tuple[str, str]:
    """A line's structure (quote, heading marks, indentation) and its words."""
    prefix = _matched(STRUCTURE, line).group()  # every part of it is optional: it matches every line
    return prefix, line[len(prefix):]


def _matched(pattern: re.Pattern[str], text: str) -> re.Match[str]:
    """The match of a pattern its callers know to match (structure, or a line known to be a heading)."""
    match = pattern.match(text)
    assert match is not None, (pattern.pattern, text)
    return match


def _align(dmp, old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """The lines both texts keep, as (old line, new line), in order.

    Only lines found in both texts can match, so the others are left out before diff-match-patch aligns the
    rest (as GNU diff discards lines without a match): a rewrite costs nothing to align."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    middle_old, middle_new = old[start:len(old) - end], new[start:len(new) - end]
    shared = set(middle_old) & set(middle_new)
    kept_old = [i for i, line in enumerate(middle_old) if line in shared]
    kept_new = [j for j, line in enumerate(middle_new) if line in shared]
    matches = [(i, i) for i in range(start)]
    if kept_old and len(kept_old) + len(kept_new) <= LINE_LIMIT:
        codes: dict[str, str] = {}
        encoded_old = "".join(_code(codes, middle_old[i]) for i in kept_old)
        encoded_new = "".join(_code(codes, middle_new[j]) for j in kept_new)
        x = y = 0
        for op, text in dmp.diff_main(encoded_old, encoded_new, False):
            if op == 0:
                matches.extend((start + kept_old[x + t], start + kept_new[y + t]) for t in range(len(text)))
            x += len(text) if op != 1 else 0
            y += len(text) if op != -1 else 0
    matches.extend((len(old) - end + t, len(new) - end + t) for t in range(end))
    return matches


def _code(codes: dict, item: str) -> str:
    if item not in codes:
        codes[item] = chr(FIRST_CODE + len(codes))
    return codes[item]


def _groups(matches, old_count, new_count) -> list[tuple[list[int], list[int]]]:
    """The changes around the kept lines: (deleted old lines, inserted new lines) before the first kept line,
    then after each."""
    groups = []
    previous = (-1, -1)
    for match in [*matches, (old_count, new_count)]:
        groups.append((list(range(previous[0] + 1, match[0])), list(range(previous[1] + 1, match[1]))))
        previous = match
    return groups


def _exact_moves(groups, old_lines, new_lines) -> dict[int, int]:
    """Deleted lines inserted unchanged elsewhere: old line -> new line."""
    inserted: dict[str, list[int]] = {}
    for _, new in groups:
        for j in new:
            inserted.setdefault(new_lines[j], []).append(j)
    moves = {}
    for old, _ in groups:
        for i in old:
            places = inserted.get(old_lines[i])
            if places and _word_count(old_lines[i]) >= MOVE_MIN_WORDS:
                moves[i] = places.pop(0)
    return moves


def _word_count(line: str) -> int:
    return sum(1 for token in TOKEN.findall(line) if _is_word(token))


def _similar(a: frozenset, b: frozenset, percent: int) -> bool:
    return bool(a) and bool(b) and 200 * len(a & b) >= percent * (len(a) + len(b))


def _pairs(deleted, inserted, moves, words_of) -> list[tuple[int, int]]:
    """The deleted and inserted lines of one change that are one block edited: in order, with as many words in
    common as possible (a longest common subsequence weighted by shared words)."""
    moved_here = set(moves.values())
    old = [i for i in deleted if i not in moves]
    new = [j for j in inserted if j not in moved_here]
    if not old or not new or len(old) * len(new) > PAIRING_CELLS:
        return []
    weight = [[len(words_of("old", i) & words_of("new", j))
               if _similar(words_of("old", i), words_of("new", j), PAIR_PERCENT) else 0 for j in new] for i in old]
    best = [[0] * (len(new) + 1) for _ in range(len(old) + 1)]
    for a in range(len(old)):
        for b in range(len(new)):
            paired = best[a][b] + weight[a][b] if weight[a][b] else 0
            best[a + 1][b + 1] = max(best[a][b + 1], best[a + 1][b], paired)
    pairs = []
    a, b = len(old), len(new)
    while a and b:
        if weight[a - 1][b - 1] and best[a][b] == best[a - 1][b - 1] + weight[a - 1][b - 1]:
            pairs.append((old[a - 1], new[b - 1]))
            a, b = a - 1, b - 1
        elif best[a][b] == best[a - 1][b]:
            a -= 1
        else:
            b -= 1
    return pairs[::-1]


def _near_moves(dmp, groups, pairs, moves, old_lines, new_lines, words_of, budget, diffs):
    """Deleted lines inserted elsewhere with a small edit: added to moves, with their word diff."""
    paired_old = {o for pairing in pairs for o, _ in pairing}
    taken = set(moves.values()) | {n for pairing in pairs for _, n in pairing}
    old = [i for deleted, _ in groups for i in deleted
           if i not in moves and i not in paired_old and _word_count(old_lines[i]) >= MOVE_MIN_WORDS]
    new = [j for _, inserted in groups for j in inserted if j not in taken]
    if len(old) * len(new) > PAIRING_CELLS:
        return
    for i in old:
        best, most = None, 0
        for j in new:
            shared = len(words_of("old", i) & words_of("new", j))
            if j not in taken and shared > most and _similar(words_of("old", i), words_of("new", j), MOVE_PERCENT):
                best, most = j, shared
        if best is None:
            continue
        pieces = _word_diff(dmp, old_lines[i], new_lines[best], budget, MOVE_PERCENT, 0)
        if any(piece.kind == "equal" for piece in pieces):
            moves[i] = best
            taken.add(best)
            diffs[i, best] = pieces


def _word_diff(dmp, old_line: str, new_line: str, budget: _Budget, keep_percent: int,
               max_edits: int) -> tuple[Piece, ...]:
    """The words of two lines, as pieces; or the old words deleted and the new ones inserted when they are too
    large to compare word by word, or when less than keep_percent of the words are kept by more than max_edits
    edits (fewer edits read well however much they change)."""
    old, new = _split(old_line)[1], _split(new_line)[1]
    whole = (Piece("delete", old), Piece("insert", new))
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    differing = len(a) + len(b) - 2 * (start + end)
    if differing > PAIR_TOKENS or not budget.take(differing * differing):
        return whole
    # Tokens found only in the common start and end can never match an edit: they share one code, so there
    # are never more codes than the Private Use Area holds.
    codes = {" ": " "}
    for token in (*a[start:len(a) - end], *b[start:len(b) - end]):
        _code(codes, token)
    other = chr(FIRST_CODE + len(codes))
    diffs = dmp.diff_main("".join(codes.get(t, other) for t in a), "".join(codes.get(t, other) for t in b), False)
    dmp.diff_cleanupSemantic(diffs)
    pieces, kept, x, y = [], 0, 0, 0
    for op, text in diffs:
        if op == 0:
            tokens = b[y:y + len(text)]
            kept += sum(1 for t in tokens if _is_word(t))
            pieces.append(Piece("equal", "".join(tokens)))
        elif op == -1:
            pieces.append(Piece("delete", "".join(a[x:x + len(text)])))
        else:
            pieces.append(Piece("insert", "".join(b[y:y + len(text)])))
        x += len(text) if op != 1 else 0
        y += len(text) if op != -1 else 0
    total = sum(1 for t in a if _is_word(t)) + sum(1 for t in b if _is_word(t))
    edits = sum(1 for k, p in enumerate(pieces) if p.kind != "equal" and (k == 0 or pieces[k - 1].kind == "equal"))
    if total and 200 * kept < keep_percent * total and edits > max_edits:
        return whole
    return tuple(pieces)


def _assemble(old_lines, new_lines, matches, groups, pairs, moves, diffs) -> Redline:
    """The blocks in reading order (each kept line, then the change after it: deleted lines before inserted ones,
    a pair where it stands), then where each sits and, for moves, where the other end is."""
    moved_from = {n: o for o, n in moves.items()}
    order = []  # (kind, old line, new line, pieces)

    def unpaired(side, line):
        if side == "old" and line in moves:
            order.append(("moved_away", line, None, diffs.get((line, moves[line]))))
        elif side == "new" and line in moved_from:
            order.append(("moved_here", None, line, diffs.get((moved_from[line], line))))
        elif side == "old":
            order.append(("deleted", line, None, (Piece("delete", _split(old_lines[line])[1]),)))
        else:
            order.append(("inserted", None, line, (Piece("insert", _split(new_lines[line])[1]),)))

    for index, ((deleted, inserted), pairing) in enumerate(zip(groups, pairs)):
        if index:
            o, n = matches[index - 1]
            order.append(("equal", o, n, (Piece("equal", _split(new_lines[n])[1]),)))
        a = b = 0
        for o, n in [*pairing, (None, None)]:
            while a < len(deleted) and deleted[a] != o:
                unpaired("old", deleted[a])
                a += 1
            while b < len(inserted) and inserted[b] != n:
                unpaired("new", inserted[b])
                b += 1
            if o is not None:
                order.append(("changed", o, n, diffs[o, n]))
                a, b = a + 1, b + 1
    old_to_new = dict(matches) | {o: n for pairing in pairs for o, n in pairing}
    places = _places(order, old_lines, new_lines, old_to_new)
    position = {(kind, o if n is None else n): k for k, (kind, o, n, _) in enumerate(order)}
    blocks = []
    for (kind, o, n, pieces), (context, section) in zip(order, places):
        partner = None
        if kind == "moved_away":
            partner = position["moved_here", moves[o]]
        elif kind == "moved_here":
            partner = position["moved_away", moved_from[n]]
        if pieces is None:  # moved unchanged
            pieces = (Piece("equal", _split(new_lines[n if n is not None else moves[o]])[1]),)
        old_prefix = _split(old_lines[o])[0] if o is not None else _split(new_lines[n])[0]
        prefix = _split(new_lines[n])[0] if n is not None else old_prefix
        blocks.append(Block(kind, o, n, old_prefix, prefix, pieces, context, section, partner))
    return Redline(tuple(old_lines), tuple(new_lines), tuple(blocks))


def _places(order, old_lines, new_lines, old_to_new):
    """Where each block sits: (context, section). A line the new text has sits where the new text puts it; a
    line only the old text has sits where the reader meets it, under the headings shown above it."""
    new_context, old_context = _context(new_lines), _context(old_lines)

    def ref(line):  # a line of the old text, by its new line if the new text keeps it
        return ("new", old_to_new[line]) if line in old_to_new else ("old", line)

    places, above = [], []  # above: (level, reference) of the headings over the current place
    for _, o, n, _ in order:
        if n is not None:
            headings, table = new_context[n]
            above = [(level, ("new", h)) for level, h in headings]
            context = [r for _, r in above] + ([("new", table)] if table is not None else [])
            heading = HEADING.match(new_lines[n]) if n else None
            own = ("new", n)
        else:
            heading = HEADING.match(old_lines[o]) if o else None
            if heading:
                above = [(level, r) for level, r in above if level < len(heading.group(1))]
            table = old_context[o][1]
            context = [r for _, r in above] + ([ref(table)] if table is not None else [])
            own = ref(o)
        if heading:
            above = [*above, (len(heading.group(1)), own)]
        section = above[0][1] if above else None
        places.append((tuple(context), section))
    return places


def _context(lines: list[str]) -> list[tuple[tuple[tuple[int, int], ...], int | None]]:
    """For each line: the headings it sits under, (level, line) from the outermost, and for a table row the
    table's first row. The title (line 0) is above everything and not repeated."""
    context: list[tuple[tuple[tuple[int, int], ...], int | None]] = []
    headings: list[tuple[int, int]] = []
    table: int | None = None  # the first row of the table the previous line belongs to
    for index, line in enumerate(lines):
        heading = HEADING.match(line) if index else None
        if heading:
            level = len(heading.group(1))
            headings = [h for h in headings if h[0] < level]
            context.append((tuple(headings), None))
            headings.append((level, index))
            table = None
            continue
        body = _split(line)[1]
        if index and len(body) > 1 and body[0] == "|" and body[-1] == "|":
            context.append((tuple(headings), table))
            table = index if table is None else table
        else:
            context.append((tuple(headings), None))
            table = None
    return context


def touched_sections(redline: Redline) -> list[tuple[str, int] | None]:
    """The sections where something changed, in reading order: a reference to each one's heading, None for the
    text before the first heading."""
    touched = []
    for block in redline.blocks:
        if block.kind != "equal" and block.section not in touched:
            touched.append(block.section)
    return touched


# Renderers. Every word they print comes from `words`, the site's labels in the reader's language.

def render_html(redline: Redline, words: dict, old_url: str, new_url: str, old_sections, new_sections) -> str:
    """For readers: the sections changed, then each change under its section, linked to the section in the new
    version (or in the old one, for a section that is gone); <ins>/<del> with words for screen readers, which do
    not announce them, and underline or strike-through, which tell them apart without colour."""
    if not redline.changed:
        return ""
    anchors = _Anchors(redline, old_sections, new_sections)
    esc = html.escape

    def where(reference):
        if reference is None:
            return esc(words["redline_opening"])
        title, anchor = _heading_title(redline, reference), anchors.anchor(reference)
        if anchor is None:
            return esc(title)
        url = old_url if reference[0] == "old" else new_url
        return f'<a href="{esc(url)}#{esc(anchor)}">{esc(title)}</a>'

    def piece(p):
        if p.kind == "equal":
            return esc(p.text)
        tag, label = ("ins", "redline_inserted") if p.kind == "insert" else ("del", "redline_deleted")
        return (f'<{tag}><span class="sr-only">{esc(words[label])} </span>{esc(p.text)}'
                f'<span class="sr-only"> {esc(words["redline_end"])}</span></{tag}>')

    touched = touched_sections(redline)
    out = [f'<p class="redline-sections">{esc(_count(words, "redline_sections_changed", len(touched)))} '
           f'{", ".join(where(t) for t in touched)}</p>']
    for item in _layout(redline):
        if isinstance(item, int):
            out.append(f'<p class="redline-unchanged">{esc(_count(words, "redline_unchanged", item))}</p>')
        elif isinstance(item, tuple):
            heading = HEADING.match(_line(redline, item))
            kind = f"redline-level-{len(heading.group(1))}" if heading else "redline-row"
            row = "".join(p.text for p in _shown((Piece("equal", _line(redline, item)),), frozenset())[1])
            shown = where(item) if heading else esc(row)
            out.append(f'<p class="redline-where {kind}">{shown}</p>')
        else:
            bullet, pieces = _shown(item.pieces, item.targets)
            classes = " ".join(["redline-change", *_structure_classes(item.prefix), *item.classes,
                                *(["redline-item"] if bullet else [])])
            note = ""
            if item.note:
                note = esc(words[item.note]).replace("{section}", where(item.section))
                note = f'<span class="redline-note">{note}</span> '
            out.append(f'<p class="{classes}">{note}{"".join(piece(p) for p in pieces)}</p>')
    return "\n".join(out)


def render_terminal(redline: Redline, words: dict) -> str:
    """For a terminal, as git's word diff writes it: [-deleted-]{+inserted+}, under the section headings."""
    if not redline.changed:
        return ""
    styles: dict[str, Callable[[str], str]] = {"equal": str, "delete": lambda t: f"[-{t}-]",
                                               "insert": lambda t: f"{{+{t}+}}"}

    def where(reference):
        return words["redline_opening"] if reference is None else _heading_title(redline, reference)

    touched = touched_sections(redline)
    out = [f'{_count(words, "redline_sections_changed", len(touched))} {", ".join(where(t) for t in touched)}']
    for item in _layout(redline):
        if isinstance(item, int):
            out.append(_count(words, "redline_unchanged", item))
        elif isinstance(item, tuple):
            out.append(_line(redline, item))
        else:
            note = words[item.note].replace("{section}", where(item.section)) + " " if item.note else ""
            prefix = item.prefix
            if item.old_prefix != item.prefix:
                prefix = "".join([f"[-{item.old_prefix}-]" if item.old_prefix else "",
                                  f"{{+{item.prefix}+}}" if item.prefix else ""])
            out.append(note + prefix + "".join(styles[p.kind](p.text) for p in item.pieces))
    return "\n".join(out)


def render_markdown(redline: Redline, words: dict) -> str:
    """For a pull request: ~~deleted~~ and **inserted**, one paragraph per changed block, headings as context."""
    if not redline.changed:
        return ""

    def escape(text):
        return re.sub(r"([\\`*_~\[\]<>|#])", r"\\\1", text)

    def marked(text, mark):
        # Markdown ignores ~~ and ** with a space just inside them: spaces go outside.
        core = text.strip()
        if not core:
            return text
        lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        return f"{lead}{mark}{escape(core)}{mark}{trail}"

    styles = {"equal": escape, "delete": lambda t: marked(t, "~~"), "insert": lambda t: marked(t, "**")}

    def where(reference):
        return words["redline_opening"] if reference is None else _heading_title(redline, reference)

    touched = touched_sections(redline)
    out = [f'**{escape(_count(words, "redline_sections_changed", len(touched)))}** '
           + ", ".join(escape(where(t)) for t in touched)]
    for item in _layout(redline):
        if isinstance(item, int):
            out.append(f'_{escape(_count(words, "redline_unchanged", item))}_')
        elif isinstance(item, tuple):
            text = _line(redline, item)
            heading = HEADING.match(text)
            # Context headings sit two levels down, under the review's own headings.
            out.append("#" * min(6, len(heading.group(1)) + 2) + " " + escape(text[heading.end():]) if heading
                       else f"_{escape(text)}_")
        else:
            note = f'_{escape(words[item.note].replace("{section}", where(item.section)))}_ ' if item.note else ""
            out.append(note + "".join(styles[p.kind](p.text) for p in item.pieces))
    return "\n\n".join(out)


@dataclass(frozen=True)
class _Paragraph:
    """A changed block as a renderer shows it (a rewritten block is two: the old text, then the new)."""

    old_prefix: str
    prefix: str
    pieces: tuple[Piece, ...]
    note: str | None = None  # the key of a label shown before it
    section: tuple[str, int] | None = None  # the section the note names: where a moved block came from or went
    classes: tuple[str, ...] = ()
    targets: frozenset[str] = frozenset()  # the link targets (⟨href⟩) the block inserts or deletes: shown


def _changed_targets(pieces) -> frozenset[str]:
    """The link targets a block deletes (the new text no longer has them) or inserts (the old one had none)."""
    def on(kinds):
        return {t for p in pieces if p.kind in kinds for t in TOKEN.findall(p.text) if t[0] == "⟨"}
    old, new = on(("equal", "delete")), on(("equal", "insert"))
    return frozenset((on(("delete",)) - new) | (on(("insert",)) - old))


def _shown(pieces, targets: frozenset[str]) -> tuple[bool, list[Piece]]:
    """A paragraph's pieces as readers see them: whether it is a list item with a bullet (its marker then left
    out), and its words with a link's target (" ⟨href⟩") left out unless the target itself was inserted or
    deleted."""
    tokens = [(p.kind, t) for p in pieces for t in TOKEN.findall(p.text)]
    kept: list[tuple[str, str]] = []
    for k, (kind, token) in enumerate(tokens):
        if token[0] == "⟨" and k and tokens[k - 1][1] == " " and (kind == "equal" or token not in targets):
            kept.pop()  # the space before it
            continue
        kept.append((kind, token))
    shown: list[Piece] = []
    for kind, token in kept:
        if shown and shown[-1].kind == kind:
            shown[-1] = Piece(kind, shown[-1].text + token)
        else:
            shown.append(Piece(kind, token))
    item = bool(shown) and shown[0].text.startswith(BULLET) and (
        shown[0].kind == "equal" or all(p.kind == shown[0].kind for p in shown))
    if item:
        shown[0] = Piece(shown[0].kind, shown[0].text[len(BULLET):])
        shown = [p for p in shown if p.text]
    return item, shown


def _layout(redline: Redline):
    """What a renderer shows after the summary, in order: a count of unchanged blocks (an int), a line of
    context (a reference) or a paragraph. Context already shown just before is not repeated."""
    unchanged, shown = 0, set()
    for block in redline.blocks:
        if block.kind == "equal":
            unchanged += 1
            continue
        if unchanged:
            yield unchanged
            unchanged = 0
        for reference in block.context:
            if reference not in shown:
                yield reference
        yield from _paragraphs(redline, block)
        own = ("new", block.new) if block.new is not None else ("old", block.old)
        shown = {*block.context, own}
    if unchanged:
        yield unchanged


def _paragraphs(redline: Redline, block: Block):
    kinds = [p.kind for p in block.pieces]
    targets = _changed_targets(block.pieces)
    if block.kind == "moved_away" and block.moved is not None:
        text = "".join(p.text for p in block.pieces if p.kind != "insert")
        yield _Paragraph(block.old_prefix, block.old_prefix, (Piece("equal", text),), "redline_moved_to",
                         redline.blocks[block.moved].section, ("redline-moved", "redline-moved-away"))
    elif block.kind == "moved_here" and block.moved is not None:
        yield _Paragraph(block.prefix, block.prefix, block.pieces, "redline_moved_from",
                         redline.blocks[block.moved].section, ("redline-moved",), targets)
    elif kinds == ["delete", "insert"]:  # rewritten: the old block, then the new one
        yield _Paragraph(block.old_prefix, block.old_prefix, block.pieces[:1], targets=targets)
        yield _Paragraph(block.prefix, block.prefix, block.pieces[1:], targets=targets)
    elif block.old_prefix != block.prefix:
        yield _Paragraph(block.old_prefix, block.prefix, block.pieces, "redline_restructured", targets=targets)
    else:
        yield _Paragraph(block.prefix, block.prefix, block.pieces, targets=targets)


def _structure_classes(prefix: str) -> list[str]:
    quotes = prefix.count("> ")
    rest = prefix[2 * quotes:]
    classes = ["redline-quote"] if quotes else []
    if rest.startswith("#"):
        classes.append(f"redline-heading redline-level-{len(rest) - 1}")
    elif rest:
        classes.append(f"redline-indent-{len(rest) // 2}")
    return classes


def _line(redline: Redline, reference: tuple[str, int]) -> str:
    side, line = reference
    return (redline.old if side == "old" else redline.new)[line]


def _heading_title(redline: Redline, reference: tuple[str, int]) -> str:
    text = _line(redline, reference)
    return text[_matched(HEADING, text).end():]


class _Anchors:
    """The anchors of the headings a redline names: the k-th heading line of a text is its k-th section."""

    def __init__(self, redline: Redline, old_sections, new_sections):
        self.redline = redline
        self.sections = {"old": [_section(s) for s in old_sections], "new": [_section(s) for s in new_sections]}
        self.ordinal = {side: {line: k for k, line in enumerate(
            i for i in range(1, len(lines)) if HEADING.match(lines[i]))}
            for side, lines in (("old", redline.old), ("new", redline.new))}

    def anchor(self, reference) -> str | None:
        side, line = reference
        text = _line(self.redline, reference)
        marks = _matched(HEADING, text)
        heading = (len(marks.group(1)), text[marks.end():])
        sections, k = self.sections[side], self.ordinal[side].get(line, -1)
        if 0 <= k < len(sections) and sections[k][:2] == heading:
            return sections[k][2]
        return next((s[2] for s in sections if s[:2] == heading), None)


def _section(section) -> tuple[int, str, str | None]:
    """A section from readable() or from policies.json: (level, title, anchor)."""
    if isinstance(section, Mapping):
        return section["level"], section["title"], section.get("anchor")
    return section.level, section.title, section.anchor


def _count(words: dict, key: str, count: int) -> str:
    """A label with a number in it, in the plural form the language uses for that number (CLDR's rules, as the
    browser's Intl.PluralRules has them)."""
    forms = words[key]
    form = forms.get(Locale.parse(words["locale"]).plural_form(count), forms["other"])
    return form.replace("{count}", str(count))


def first_changed_sentence(old: str, new: str) -> str:
    """The first sentence of the new text that differs from the old one (or the removed one)."""
    old_sentences, new_sentences = _sentences(old), _sentences(new)
    for index, sentence in enumerate(new_sentences):
        if index >= len(old_sentences) or old_sentences[index] != sentence:
            return sentence
    return old_sentences[len(new_sentences)] if len(old_sentences) > len(new_sentences) else ""


def _sentences(text: str) -> list[str]:
    return [s for line in text.splitlines() for s in re.split(r"(?<=[.!?;:])\s+", line.strip()) if s]
