"""How GitHub and the site would show a text differently, in a writer's words (github_differences), and the text
rewritten so that they agree (normalize_github_markdown, for importing a policy written for GitHub).

The known causes (a list right after a paragraph, a space before a heading) are found in GitHub's reading of the
text; every other difference by comparing the block structure of both readings. What GitHub adds beyond
CommonMark is recognised by its marks (footnotes, note boxes, tick boxes), or done by the site too (links on bare
addresses, which the comparison therefore leaves out).
"""

from __future__ import annotations

import difflib
import os.path
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote

from diff_match_patch import diff_match_patch
from markdown_it import MarkdownIt
from markdown_it.token import Token

from policykit.markdown_dialect import github_parser, github_reading, github_structure, render
from policykit.problems import Finding


# --- the block structure a reader sees ---------------------------------------------------------------------------

CONTAINERS = {"ul", "ol", "li", "blockquote"}
LEAVES = {"p": "paragraph", "pre": "code block", "tr": "table row",
          **{f"h{level}": f"heading {level}" for level in range(1, 7)}}
# What Markdown itself produces; any other element (raw HTML such as <div> or <details>) is one opaque block.
MARKDOWN_TAGS = {*CONTAINERS, *LEAVES, "hr", "table", "thead", "tbody", "th", "td", "a", "em", "strong", "code",
                 "img", "br", "s", "del", "sup", "sub"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
LINE_MARK = re.compile(r"line (\d+)")


@dataclass
class _Block:
    """One block as a reader sees it: what it is, where it sits (the lists and quotes around it), its text."""

    kind: str  # "paragraph", "heading 2", "item -", "item 3.", "table row", "code block", "line", "html"
    path: tuple[str, ...]
    line: int  # GitHub's side: the Markdown line it starts on (inside raw HTML: the HTML's first line); site: 0
    text: str = ""  # set from `parts` once the HTML is read
    links: list[str] = field(default_factory=list)
    # The text as read, piece by piece: adding to one string would copy it each time, quadratic in a long block.
    parts: list[str] = field(default_factory=list)
    shown: bool = False  # has text other than spaces

    def key(self) -> tuple:
        return self.kind, self.path, " ".join(self.text.split()), tuple(self.links)


class _Blocks(HTMLParser):
    """The blocks of rendered HTML, in order; the same reading for GitHub's HTML and the site's."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[_Block] = []
        self.open: list[str] = []
        self.numbers: list[int] = []  # the last number used by each open numbered list
        self.current: _Block | None = None
        self.line = 0
        self.opaque = 0  # depth inside a raw HTML element
        self.hidden = 0  # inside the "¶" link toc adds to headings
        self.link: tuple[str, int] | None = None  # an open link's address, and the part of the block it starts at

    def _start(self, kind: str) -> _Block:
        self.current = _Block(kind, tuple(tag for tag in self.open if tag in CONTAINERS), self.line)
        self.blocks.append(self.current)
        return self.current

    def handle_comment(self, data):
        if mark := LINE_MARK.fullmatch(data):
            self.line = int(mark.group(1))

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.opaque or (tag not in MARKDOWN_TAGS and self.current is None):
            if not self.opaque:
                self._start("html")
            if tag not in VOID_TAGS:
                self.opaque += 1
                self.open.append(tag)
            return
        if tag == "br":
            self._text(" ")
        elif tag == "img":
            self._text(attributes.get("alt") or "")
        elif tag == "hr":
            self._start("line")
            self.current = None
        elif tag == "a" and "headerlink" in (attributes.get("class") or "").split():
            self.hidden += 1
        elif tag == "a" and self.current is not None and (href := attributes.get("href")) is not None:
            self.link = (href, len(self.current.parts))
        elif tag == "li":
            marker = "-"
            if self.open and self.open[-1] == "ol":
                self.numbers[-1] += 1
                marker = f"{self.numbers[-1]}."
            self._start(f"item {marker}")
        elif tag in ("ul", "ol", "blockquote"):
            self.current = None
            if tag == "ol":
                self.numbers.append(int(attributes.get("start") or 1) - 1)
        elif tag in ("th", "td") and self.current is not None and self.current.parts:
            self.current.parts.append(" | ")
        elif tag in LEAVES and not (tag == "p" and self._item_waiting_for_text()):
            self._start(LEAVES[tag])
        if tag not in VOID_TAGS:
            self.open.append(tag)

    def _item_waiting_for_text(self) -> bool:
        """A list item's first paragraph is the item's own text (loose and tight items read the same)."""
        return self.current is not None and self.current.kind.startswith("item") and not self.current.shown

    def handle_endtag(self, tag):
        if tag not in self.open:
            return
        while self.open:
            closed = self.open.pop()
            if self.opaque:
                self.opaque -= 1
                if not self.opaque:
                    self.current = None
            elif closed == "a":
                self._end_link()
            elif closed == "ol":
                self.numbers.pop()
            elif closed in LEAVES or closed in CONTAINERS:
                self.current = None
            if closed == tag:
                return

    def _end_link(self) -> None:
        if self.hidden:
            self.hidden -= 1
        elif self.link and self.current is not None:
            href, start = _address(self.link[0]), self.link[1]
            words = "".join(self.current.parts[start:]).strip()
            # An address written as text (bare or in <…>) links to itself on both sides: nothing to compare.
            if href not in (words, f"mailto:{words}", f"http://{words}"):
                self.current.links.append(href)
        self.link = None

    def handle_data(self, data):
        if not self.hidden:
            self._text(data)

    def _text(self, data: str) -> None:
        block = self.current
        if block is None:
            if not data.strip():
                return
            block = self._start("paragraph")  # text loose in a list item or quote
        block.parts.append(data)
        block.shown = block.shown or bool(data.strip())


PUNYCODE = re.compile(r"xn--[a-z0-9-]+", re.IGNORECASE)


def _address(href: str) -> str:
    """A link's address as written: markdown-it percent-encodes it and writes its domain in punycode (xn--…)."""
    return PUNYCODE.sub(_unpunycode, unquote(href))


def _unpunycode(label: re.Match) -> str:
    try:
        return label.group(0).encode("ascii").decode("idna")
    except UnicodeError:
        return label.group(0)


def _blocks(html: str) -> list[_Block]:
    reader = _Blocks()
    reader.feed(html)
    reader.close()
    for block in reader.blocks:
        block.text = "".join(block.parts)
    # An empty paragraph (a lone <br>, say) shows a reader nothing.
    return [block for block in reader.blocks if block.kind != "paragraph" or block.shown]


# The site's own heading syntax, {#my-id} (attr_list): GitHub shows it as text, the site uses it as the anchor.
HEADING_ATTRIBUTES = re.compile(r"\s*\{:?\s*(?:[#.][\w-]+|[\w-]+=\S+)(?:\s+(?:[#.][\w-]+|[\w-]+=\S+))*\s*\}\s*$")


def _github_blocks(parser: MarkdownIt, tokens: list[Token]) -> list[_Block]:
    """GitHub's blocks, each with the line it starts on (a comment before each block carries it through)."""
    marked = []
    for token in tokens:
        if token.map and token.nesting >= 0 and token.type != "inline":
            marked.append(Token("html_block", "", 0, content=f"<!--line {token.map[0] + 1}-->"))
        marked.append(token)
    blocks = _blocks(parser.renderer.render(marked, parser.options, {}))
    for block in blocks:
        if block.kind.startswith("heading"):
            block.text = HEADING_ATTRIBUTES.sub("", block.text)
    return blocks


# --- what the site needs written differently --------------------------------------------------------------------

@dataclass(frozen=True)
class _Repair:
    """A place where the site reads the text differently from GitHub, and the change that makes them agree."""

    line: int  # 0-based
    change: str  # "blank line": insert a blank line before the line; "unindent": remove the spaces before "#"
    what: str
    fix: str
    done: str  # the normalisation report, after "line N: "


LIST_OPEN = {"bullet_list_open": "ul", "ordered_list_open": "ol"}
LIST_CLOSE = {"bullet_list_close", "ordered_list_close"}
# Blocks the site runs a following list or table into when no blank line separates them.
RUN_ON_BLOCKS = {"paragraph_open", "code_block", "table_open"}
HEADING_INDENT = re.compile(r"^( {1,3})(#{1,6})(?=\s|$)")


def _repairs(tokens: Sequence[Token], lines: list[str]) -> list[_Repair]:
    """Lists, list items and tables that the site would run into the text above; headings after a space."""
    repairs = []
    item_starts: list[int] = []  # the first line of each open list item
    lists: list[tuple[str, int, int]] = []  # every list so far: type, first line, end
    open_lists: list[int] = []  # indexes into `lists`
    # Indexes into `lists` of the lists that may contain a line to come: those that end before a list's first line
    # are dropped there, so what is left contains that line (nested lists, a bounded few), however many lists came.
    reaching: list[int] = []
    runs_on: set[int] = set()  # lines the site would run a following list or table into
    item_text: set[int] = set()  # lines of an item's own first paragraph: a nested list or the next item may follow
    for token in tokens:
        if token.type in RUN_ON_BLOCKS:
            runs_on.update(range(*_span(token)))
            if token.type == "paragraph_open" and item_starts and _span(token)[0] == item_starts[-1]:
                item_text.update(range(*_span(token)))
        if token.type == "heading_open" and (indent := HEADING_INDENT.match(lines[_span(token)[0]])):
            repairs.append(_indented_heading(_span(token)[0], indent.group(2)))
        elif token.type == "table_open":
            repairs += _run_on(token, lines, runs_on, "table")
        elif token.type == "list_item_open":
            item_starts.append(_span(token)[0])
            if _span(token)[0] != lists[open_lists[-1]][1]:  # the first item is its list's business
                repairs += _run_on(token, lines, runs_on, "list item", item_text)
        elif token.type == "list_item_close":
            item_starts.pop()
        elif token.type in LIST_OPEN:
            first, end = _span(token)
            reaching = [index for index in reaching if lists[index][2] >= first]
            above = next((index for index in reversed(reaching) if lists[index][1] < first), None)
            open_lists.append(len(lists))
            reaching.append(len(lists))
            lists.append((LIST_OPEN[token.type], first, end))
            if above is not None and above not in open_lists and lists[above][0] != LIST_OPEN[token.type] \
                    and lines[first - 1].strip():
                repairs.append(_after_other_list(first, lines[first]))
            else:
                repairs += _run_on(token, lines, runs_on, "list", item_text)
        elif token.type in LIST_CLOSE:
            open_lists.pop()
    return repairs


def _span(token: Token) -> list[int]:
    """The lines [first, end) of a block that opens: markdown-it gives every one its map."""
    assert token.map is not None, token
    return token.map


def _run_on(token: Token, lines: list[str], runs_on: set[int], what: str,
            item_text: set[int] | frozenset[int] = frozenset()) -> list[_Repair]:
    """A blank line before a list, list item or table that directly follows a block the site would run it into
    (other than an item's own first paragraph, in `item_text`, which a nested list or the next item may follow)."""
    first = _span(token)[0]
    if first - 1 not in runs_on or first - 1 in item_text or not lines[first - 1].strip():
        return []
    shown = {"list item": "a new list item"}.get(what, f"a {what}")
    return [_Repair(first, "blank line",
                    f"GitHub starts {shown} here, but the site runs it into the text above (markers and all), "
                    "because there is no blank line between them.",
                    f"Add a blank line before this {what}.", f"added a blank line before the {what}")]


def _indented_heading(line: int, marks: str) -> _Repair:
    return _Repair(line, "unindent",
                   f'GitHub shows this line as a heading, but the site prints it as text, "{marks}" included, '
                   "because the line starts with a space.",
                   f"Remove the space before {marks} at the start of the line.",
                   f"removed the space before the heading mark {marks}")


def _after_other_list(line: int, text: str) -> _Repair:
    if text.startswith(" "):
        return _Repair(line, "blank line",
                       "GitHub does not nest this item under the item above, because it is indented less than "
                       "that item's text; the site runs it into the item above.",
                       'To nest it, indent it to where the text of the item above starts (3 spaces under "1. ", '
                       '2 under "- "); to keep it as a list of its own, add a blank line before it.',
                       "added a blank line before the list (GitHub does not nest it under the item above)")
    return _Repair(line, "blank line",
                   "GitHub starts a new list here, but the site runs it into the list above, because there is no "
                   "blank line between a bulleted and a numbered list.",
                   "Add a blank line before this list.", "added a blank line before the list")


# --- comparing the two readings ---------------------------------------------------------------------------------

GENERIC_FIX = ("Change this part so that GitHub's preview and the site agree: leave a blank line between paragraphs, "
               "lists and tables; start # marks and list markers at the beginning of their line; indent nested list "
               "items by 2 or 4 spaces.")
# Text GitHub turns into something the site does not have: one finding each, wherever it is.
GITHUB_ONLY = [
    (re.compile(r"^ {0,3}\[\^[^\]\s]+\]:"),
     "GitHub shows this as a footnote (its [^…] mark becomes a small linked number and this note moves to the end "
     "of the page); the site has no footnotes and shows the marks as text.",
     "Put the note into the text itself, for example in brackets after the sentence it explains, and remove its "
     "[^…] marks."),
    (re.compile(r"^ {0,3}>\s*\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*$", re.IGNORECASE),
     "GitHub shows this quote as a coloured note box; the site shows a plain quote that starts with the [!…] mark.",
     "Remove the [!…] mark (the site has no note boxes)."),
    (re.compile(r"^\s*(?:[-+*]|\d{1,9}[.)])\s+\[[ xX]\](?=\s)"),
     "GitHub shows a tick box at the start of this list item; the site shows the [ ] mark as text.",
     "Remove the [ ] or [x] mark (the site has no tick boxes)."),
]


def github_differences(markdown: str, rendered: str | None = None) -> list[Finding]:
    """Where GitHub and the site would show the text with a different structure, one finding per difference.

    The known causes (a list right after a paragraph, a space before a heading) are found in GitHub's reading of
    the text; every other difference by comparing both renderings of the text with those causes repaired, so that
    all findings come at once. `rendered`, the site's HTML of the text if the caller has it, saves rendering again.
    """
    lines = markdown.split("\n")
    parser = github_parser()
    tokens = github_reading(markdown)  # inline content and all: the repairs read its blocks
    repaired, repairs, origin = _repaired(markdown, tokens)
    findings = [Finding(repair.line + 1, repair.what, repair.fix) for repair in repairs]
    site_html = rendered if rendered is not None and not repairs else render(repaired)
    findings += [Finding(origin[finding.line - 1] + 1, finding.what, finding.fix)
                 for finding in _compare(repaired, site_html, parser, parser.parse(repaired) if repairs else tokens)]
    for number, line in enumerate(lines, start=1):
        findings += [Finding(number, what, fix) for pattern, what, fix in GITHUB_ONLY if pattern.match(line)]
    return sorted(dict.fromkeys(findings), key=lambda finding: finding.line)


def _compare(markdown: str, site_html: str, parser: MarkdownIt, tokens: list[Token]) -> list[Finding]:
    """Every stretch where GitHub's blocks (`tokens`, its reading of `markdown`) and the site's differ, explained."""
    lines = markdown.split("\n")
    github = _github_blocks(parser, tokens)
    site = _blocks(site_html)
    findings = []
    for g1, g2, s1, s2 in _stretches([b.key() for b in github], [b.key() for b in site]):
        first = github[g1].line if g1 < len(github) else (github[-1].line if github else 1)
        findings += _explain(github[g1:g2], site[s1:s2], lines, first)
    return findings


def _stretches(github: list[tuple], site: list[tuple]) -> Iterator[tuple[int, int, int, int]]:
    """Where two sequences of block keys differ, in order: (g1, g2, s1, s2), github[g1:g2] against site[s1:s2].

    The blocks both keep are a longest common subsequence, found by diff-match-patch with one character per key
    (Myers' algorithm: time linear in the number of blocks times the number of differing ones; difflib, used
    before, took quadratic time on a long list of alike items). A key found on one side only can match nothing,
    so it is left out first (as GNU diff does), and a stretch where everything differs costs nothing to align.
    """
    shared = set(github) & set(site)
    kept_github = [index for index, key in enumerate(github) if key in shared]
    kept_site = [index for index, key in enumerate(site) if key in shared]
    codes: dict[tuple, str] = {}  # fewer distinct shared keys than blocks, far fewer than Unicode's characters
    encoded = ["".join(codes.setdefault(keys[index], chr(len(codes))) for index in kept)
               for keys, kept in ((github, kept_github), (site, kept_site))]
    differ = diff_match_patch()
    differ.Diff_Timeout = 0  # no time limit: the same findings on every machine
    matches: list[tuple[int, int]] = []
    g, s = 0, 0
    for operation, text in differ.diff_main(*encoded, False):
        if operation == differ.DIFF_EQUAL:
            matches += zip(kept_github[g:g + len(text)], kept_site[s:s + len(text)])
        g += len(text) if operation != differ.DIFF_INSERT else 0
        s += len(text) if operation != differ.DIFF_DELETE else 0
    g, s = 0, 0
    for g_match, s_match in [*matches, (len(github), len(site))]:
        if g < g_match or s < s_match:
            yield g, g_match, s, s_match
        g, s = g_match + 1, s_match + 1


def _explain(github: list[_Block], site: list[_Block], lines: list[str], line: int) -> list[Finding]:
    """Findings for a stretch where the two readings differ: block by block if they have the same kinds."""
    if len(github) == len(site) and all(ours.kind == theirs.kind for ours, theirs in zip(github, site)):
        return [_pair_difference(ours, theirs) for ours, theirs in zip(github, site) if ours.key() != theirs.key()]
    if github and site and github[0].kind == "paragraph" and site[0].kind.startswith("heading") and \
            re.match(r"#{1,6}[^#\s]", lines[github[0].line - 1]):
        return [Finding(github[0].line,
                        "The site shows this line as a heading, but GitHub shows it as text, # marks included, "
                        "because there is no space after the # marks.",
                        'Put a space after the # marks if this is a heading ("## Title"); if it is text, '
                        "write \\# instead of #.")]
    return [Finding(line, f"GitHub shows {_describe(github)}, but the site shows {_describe(site)}.", GENERIC_FIX)]


def _pair_difference(github: _Block, site: _Block) -> Finding:
    """What differs between two blocks of the same kind."""
    level, site_level = _level(github.path), _level(site.path)
    if github.path != site.path and github.kind.startswith("item") and level != site_level:
        fix = (f"Indent it by {4 * (level - 1)} spaces (4 per level), so that both show it at level {level}."
               if level > 1 else "Remove the spaces before it, so that both show it at the first level.")
        return Finding(github.line, f"GitHub shows this list item at level {level} of its list, the site at "
                                    f"level {site_level}.", fix)
    if github.path != site.path:
        where = _where(site.path) if _where(site.path) != _where(github.path) else "in another list"
        return Finding(github.line, f"GitHub shows this {_name(github)} {_where(github.path)}, but the site "
                                    f"shows it {where}.", GENERIC_FIX)
    ours, theirs = " ".join(github.text.split()), " ".join(site.text.split())
    if ours == theirs:
        return Finding(github.line,
                       f"A link in this {_name(github)} goes to {', '.join(github.links) or 'no address'} on GitHub, "
                       f"but to {', '.join(site.links) or 'no address'} on the site.",
                       "Give the link a single address: write it as [words](address), or define each [name]: "
                       "address only once.")
    finding = _text_difference(github.line, ours, theirs)
    if github.kind == "html":  # GitHub reads Markdown again after a blank line inside raw HTML; the site does not
        return Finding(finding.line, finding.what, "Inside raw HTML, write the text without Markdown marks (use "
                                                   "<em>, <strong> or <a> there), or take it out of the HTML.")
    return finding


# How far before and after the first differing character two texts are compared (difflib's time grows with the
# square of their length): a whole block of any real policy, a bounded piece of a longer one.
TEXT_WINDOW = 1000


def _text_difference(line: int, ours: str, theirs: str) -> Finding:
    """The first place where GitHub and the site show different characters in the same block."""
    start = max(len(os.path.commonprefix([ours, theirs])) - TEXT_WINDOW, 0)
    end = start + 2 * TEXT_WINDOW
    _, i1, i2, j1, j2 = next(op for op in difflib.SequenceMatcher(None, ours[start:end], theirs[start:end]).get_opcodes()
                             if op[0] != "equal")
    i1, i2, j1, j2 = i1 + start, i2 + start, j1 + start, j2 + start
    shown = theirs[j1:j2]
    if "~" in shown and not shown.strip("~ "):
        return Finding(line, "GitHub shows the words between ~~ marks struck through; the site shows the ~~ marks.",
                       "Remove the ~~ marks: policies do not strike words through (the site shows what changed "
                       "between versions by itself).")
    after = theirs[j2:j2 + 1]
    if shown == "\\" and after == " ":
        return Finding(line, "GitHub starts a new line after the backslash that ends a line here; the site shows "
                             "the backslash.",
                       "Remove the backslash at the end of the line (end the line with <br> to start a new one).")
    if "](" in ours[i1:i2 + 20] and "](" not in theirs[j1:j2 + 20]:
        return Finding(line, "GitHub shows this link as plain text, brackets and address included, because the "
                             "address has a space or an unmatched bracket in it; the site makes it a link.",
                       "Remove the spaces from the address (write %20 for a space that belongs in it), or write the "
                       "address between < and >.")
    if shown == "\\":
        return Finding(line, f'The site shows a backslash before "{after}" that GitHub hides.',
                       f'Remove the backslash before "{after}".')
    return Finding(line, f'GitHub shows "…{ours[max(i1 - 20, 0):i2 + 20]}…", but the site shows '
                         f'"…{theirs[max(j1 - 20, 0):j2 + 20]}…".',
                   "Change the Markdown here so that GitHub's preview shows the same text as the site: marks such as "
                   "*, _, `, ~, \\, { } and brackets are read differently by the two.")


def _level(path: tuple[str, ...]) -> int:
    return sum(tag in ("ul", "ol") for tag in path)


def _where(path: tuple[str, ...]) -> str:
    if "li" in path:
        return "inside a list item"
    return "inside a quote" if "blockquote" in path else "outside any list"


def _name(block: _Block) -> str:
    if block.kind.startswith("heading"):
        return f"level-{block.kind[-1]} heading"
    if block.kind.startswith("item"):
        marker = block.kind[5:]
        return "list item" if marker == "-" else f"list item {marker}"
    return {"html": "raw HTML", "line": "horizontal line"}.get(block.kind, block.kind)


def _describe(blocks: list[_Block]) -> str:
    """The first blocks of a stretch, as a writer would name them."""
    named = [_one(block) for block in blocks[:2]] + ([f"{len(blocks) - 2} more blocks"] if len(blocks) > 2 else [])
    return " and ".join(named) or "nothing"


def _one(block: _Block) -> str:
    name, text = _name(block), " ".join(block.text.split())
    if not text:
        return f"an empty {name}"
    article = "" if name == "raw HTML" or name.endswith(".") else "a "
    return f'{article}{name} "{text if len(text) <= 60 else text[:59] + "…"}"'


# --- normalisation ----------------------------------------------------------------------------------------------

QUOTE_MARKS = re.compile(r"^(?: {0,3}>)+")


def normalize_github_markdown(markdown: str) -> tuple[str, list[str]]:
    """Markdown written for GitHub, rewritten so that the site shows it as GitHub does; and one line per change.

    Only blank lines and spaces change, never a word: blank lines before lists, list items and tables that
    follow text directly, and no space before a heading's # marks.
    """
    repaired, repairs, _ = _repaired(markdown)
    return repaired, [f"line {repair.line + 1}: {repair.done}" for repair in repairs]


def _repaired(markdown: str, tokens: Sequence[Token] | None = None) -> tuple[str, list[_Repair], list[int]]:
    """The text with every repair made, the repairs in order, and the original line (0-based) of each new line.
    `tokens`: GitHub's reading of the text if the caller has it (its blocks are what the repairs read)."""
    lines = markdown.split("\n")
    repairs = sorted(_repairs(github_structure(markdown) if tokens is None else tokens, lines),
                     key=lambda repair: repair.line)
    blank_before = {repair.line for repair in repairs if repair.change == "blank line"}
    unindent = {repair.line for repair in repairs if repair.change == "unindent"}
    result, origin = [], []
    for number, line in enumerate(lines):
        if number in blank_before:
            quote = QUOTE_MARKS.match(line)
            result.append(quote.group(0) if quote else "")
            origin.append(number)
        result.append(line.lstrip(" ") if number in unindent else line)
        origin.append(number)
    return "\n".join(result), repairs, origin
