"""The site's Markdown: the extensions the pages and the recorded texts are rendered with, lists nested as GitHub
nests them, and GitHub's own reading of a text (policykit/github_markdown.py compares the two).

Writers review policies in GitHub's pull-request view, so the site must show the same structure. GitHub follows
CommonMark with GFM tables and strikethrough; markdown-it-py follows the same spec and stands in for GitHub here.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import markdown as python_markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from policykit.anchors import slugify
from policykit.problems import Finding

EXTENSIONS: list[str] = [
    "toc",
    "tables",
    "attr_list",
    # GitHub shows ``` fences as code; MkDocs adds this extension to every site by default too.
    "fenced_code",
    # Numbered lists keep their first number ("3." starts at 3) and bulleted and numbered lists stay apart.
    "sane_lists",
    # GitHub links bare addresses (https://…, www.…, e-mail addresses); so does the site, with the text as written.
    "pymdownx.magiclink",
    "policykit.markdown_dialect:GithubListIndentation",
]
EXTENSION_CONFIGS: dict = {
    "toc": {"slugify": slugify, "permalink": True},
    # Column alignment as align="…", which Material's stylesheet honours; the default style="…" is an attribute
    # the sanitizer refuses (styles can hide words or load from elsewhere).
    "tables": {"use_align_attribute": True},
}


def render(markdown: str) -> str:
    """The HTML of a Markdown body, in exactly the site's dialect."""
    return render_with_headings(markdown)[0]


def render_with_headings(markdown: str) -> tuple[str, list[dict]]:
    """The HTML of a Markdown body, and its headings as Python-Markdown's toc lists them (toc_tokens: level, id,
    name, children), which is what a site engine builds a page's table of contents from."""
    # A new converter per call: reusing one with reset() was measured 2% faster, not worth shared state.
    converter = python_markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    return converter.convert(markdown), getattr(converter, "toc_tokens", [])


# --- how deep a text nests ---------------------------------------------------------------------------------------

# Levels of lists and quotes (markdown-it counts two for a list: the list and its item), and of emphasis or
# brackets within a paragraph. A legal text uses four or five; Python-Markdown recurses once per level (5,000
# nested list markers or emphasis marks end in a RecursionError) and reads nested brackets in quadratic time.
MAX_BLOCK_LEVEL = 16
MAX_INLINE_DEPTH = 20
_INLINE_MARKS = re.compile(r"\\.|\*+|_+|\[|\]")
# Each level of a list or quote takes at least one column of the line where a block inside it starts (a quote's
# ">", a list's marker and its space, or the indent under them), and a paragraph or table opens at most 4 levels of
# its own: a text none of whose lines starts with this many such columns cannot nest MAX_BLOCK_LEVEL deep, and
# needs no parse to know it (the parse is most of a build's reading of the content).
_DEEP_PREFIX = re.compile(r"^[ >0-9.)+*-]{%d}" % (MAX_BLOCK_LEVEL - 4), re.M)


def nesting_findings(markdown: str) -> list[Finding]:
    """The first line where the text nests deeper than the site renders, if any: checked before it is rendered."""
    for token in github_structure(markdown) if _may_nest_deep(markdown) else ():
        if token.map and token.level >= MAX_BLOCK_LEVEL:
            return [Finding(token.map[0] + 1, f"lists or quotes are nested here more than {MAX_BLOCK_LEVEL // 2} "
                            "levels deep, far beyond what a policy needs.",
                            "write the items as a flatter list (or as separate paragraphs).")]
    depth = 0
    for number, line in enumerate(markdown.split("\n"), start=1):
        if not line.strip():  # emphasis and links never run past a paragraph
            depth = 0
            continue
        for mark in _INLINE_MARKS.finditer(line):
            depth = max(0, depth + _depth_change(line, mark))
            if depth > MAX_INLINE_DEPTH:
                return [Finding(number, f"emphasis marks (* or _) or square brackets are nested here more than "
                                f"{MAX_INLINE_DEPTH} levels deep, far beyond what a policy needs.",
                                "remove the extra marks; write a literal * or [ as \\* or \\[.")]
    return []


def _may_nest_deep(markdown: str) -> bool:
    return _DEEP_PREFIX.search(markdown.replace("\t", "    ")) is not None  # a tab takes up to 4 columns


def _depth_change(line: str, mark: re.Match) -> int:
    """How a mark changes the nesting: "[" opens and "]" closes; a run of * or _ opens as many levels as it is long
    when it starts a word, closes them when it ends one (CommonMark's flanking rule, simplified), else neither."""
    text = mark.group()
    if text in ("[", "]"):
        return 1 if text == "[" else -1
    if text.startswith("\\"):
        return 0
    before = line[mark.start() - 1] if mark.start() else " "
    after = line[mark.end()] if mark.end() < len(line) else " "
    opens, closes = not after.isspace() and not before.isalnum(), not before.isspace() and not after.isalnum()
    return len(text) if opens and not closes else -len(text) if closes and not opens else 0


# --- GitHub's reading of the text -------------------------------------------------------------------------------

def github_parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def github_structure(markdown: str) -> tuple[Token, ...]:
    """GitHub's blocks without their inline content: what nesting and layout need, in half the time."""
    return _block_reading(markdown)[0]


def github_reading(markdown: str) -> list[Token]:
    """GitHub's whole reading of the text, inline content included (what github_parser().parse gives), completed
    from the blocks github_structure read: the site's rendering reads the blocks of the same text for its list
    indentation just before the comparison with GitHub's reading needs them all. tests/test_github_markdown.py
    holds the two readings equal."""
    blocks, env = _block_reading(markdown)
    parser = github_parser().disable(["normalize", "block"])  # the core rules after the blocks: inline content
    state = StateCore(markdown, parser, copy.deepcopy(env))  # the link reference definitions the blocks held
    state.tokens = [dataclasses.replace(token, children=None) if token.type == "inline" else token for token in blocks]
    parser.core.process(state)
    return state.tokens


# Cached: the tokens (shared by every reading of the same text) are only read, never changed; the inline tokens,
# which the whole reading fills in, are copied first.
@functools.lru_cache(maxsize=64)
def _block_reading(markdown: str) -> tuple[tuple[Token, ...], dict]:
    env: dict = {}
    return tuple(github_parser().disable("inline").parse(markdown, env)), env


@dataclass(frozen=True)
class _Item:
    """A list item as GitHub reads it."""

    start: int  # its lines are [start, end), 0-based
    end: int
    depth: int  # 1 for an item of an outermost list
    column: int  # where its text starts
    marker_line: str | None  # its first line without the indent, "1)" written "1."; None: left as written


# A list item's first line: indent, marker ("-", "*", "+", "1." or "1)"), the spaces after it, its text.
ITEM_LINE = re.compile(r"^( *)([-+*]|\d{1,9}[.)])( *)(.*)$")


def _list_items(tokens: Sequence[Token], lines: list[str]) -> list[_Item]:
    """Every list item, outer ones before the items nested in them."""
    items, depth, quotes, starts = [], 0, 0, set()
    for token in tokens:
        if token.type == "blockquote_open":
            quotes += 1
        elif token.type == "blockquote_close":
            quotes -= 1
        elif token.type == "list_item_close":
            depth -= 1
        elif token.type == "list_item_open":
            depth += 1
            assert token.map is not None, token  # markdown-it maps every block that opens
            start, end = token.map
            match = ITEM_LINE.match(lines[start])
            # Items in block quotes, and a nested item on its parent's line ("- - a"), are left as written.
            if quotes or start in starts or not match:
                items.append(_Item(start, end, depth, 0, None))
            else:
                indent, marker, spaces, text = match.groups()
                # CommonMark: 1 to 4 spaces after the marker belong to it; 5 or more start indented code.
                gap = len(spaces) if 0 < len(spaces) <= 4 and text else 1
                items.append(_Item(start, end, depth, len(indent) + len(marker) + gap,
                                   marker.replace(")", ".") + spaces + text))
            starts.add(start)
    return items


# --- list nesting as on GitHub ----------------------------------------------------------------------------------

def _github_indentation(lines: list[str]) -> list[str]:
    """Lines re-indented so that Python-Markdown nests every list item where GitHub does.

    Python-Markdown nests by 4 spaces per level; GitHub by the column where the parent item's text starts (2 spaces
    after "- ", 3 after "1. ", 4 also works). Each item's lines are moved to 4 spaces per level, keeping any indent
    beyond the item's text column (code, continued paragraphs), and "1)" becomes "1." (GitHub shows both as "1.").
    Only spaces and that one mark change; lists inside block quotes are left as written.
    """
    owner: dict[int, _Item] = {}
    # Python-Markdown ends the text with two more line breaks, which end no list: without them, this is the very text
    # the comparison with GitHub's reading reads next (github_reading), and its blocks are read once.
    for item in _list_items(github_structure("\n".join(lines).removesuffix("\n\n")), lines):
        owner.update(dict.fromkeys(range(item.start, item.end), item))  # the innermost item wins
    result = list(lines)
    for number, item in owner.items():
        line = lines[number]
        if item.marker_line is None or not line.strip():
            continue
        if number == item.start:
            result[number] = " " * 4 * (item.depth - 1) + item.marker_line
        elif len(line) - len(line.lstrip(" ")) >= item.column:
            result[number] = " " * 4 * item.depth + line[item.column:]
    return result


class _GithubListPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return _github_indentation(lines)


class GithubListIndentation(Extension):
    """Nested lists as GitHub nests them: by 2 or 4 spaces (or any indent GitHub accepts)."""

    def extendMarkdown(self, md):
        # After whitespace normalisation (30, which expands tabs); before fenced code (25) and raw HTML (20) are
        # set aside, so that GitHub's reading is made of the text as written.
        md.preprocessors.register(_GithubListPreprocessor(md), "github_list_indentation", 28)
