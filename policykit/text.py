"""A policy's recorded text: what it says, one block per line, from the HTML readers get.

The format is the design spec's "recorded text": markup, line wrapping and spacing never count as a change,
while every word a reader sees does, and so does every link target (the document a link points to is part
of what the policy says). The text's fingerprint is the SHA-256 of this text; a version's fingerprint covers the
rest of what the version consists of too (version_fingerprint).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import NamedTuple

# Elements whose start or end is the end of a block of text.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "caption", "center", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "legend", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul"})
# Elements whose content is never text a reader reads.
HIDDEN_TAGS = frozenset({"script", "style", "template", "head", "title", "noscript"})
HEADINGS = {f"h{level}": level for level in range(1, 7)}
WHITESPACE = re.compile(r"\s+")
# What a version's fingerprint is taken of, recorded with every version as "fingerprint_format":
#   1: the recorded text alone (the version's `sha256`);
#   2: the whole version (Parts): its recorded text's hash, its summary, its anchors, the files it links to (their
#      hashes) and the site's statements about it (the labels that state law, in its language).
# A new format gets a new number here and a reader for the old one (CONTRIBUTING.md, "Upgrading dependencies and
# the recorded form"); a version recorded under an old format keeps it until a release records it under the new one.
FINGERPRINT_FORMAT = 2
READABLE_FINGERPRINT_FORMATS = (1, 2)


class Section(NamedTuple):
    level: int
    title: str  # the heading as the recorded text writes it, without the leading #s
    anchor: str | None  # the heading's id: the page address's #fragment


@dataclass(frozen=True)
class Readable:
    text: str
    sections: list[Section]
    links: list[str]


def readable(title: str, html: str) -> Readable:
    """The recorded text of a policy page: its title, then every block of its rendered HTML."""
    parser = _RecordedText()
    parser.feed(html)
    parser.close()
    lines = [f"# {_fold(title)}", *parser.lines]
    text = unicodedata.normalize("NFC", "\n".join(lines) + "\n")
    sections = [Section(level, unicodedata.normalize("NFC", name), anchor)
                for level, name, anchor in parser.sections]
    links = [unicodedata.normalize("NFC", link) for link in parser.links]
    return Readable(text, sections, list(dict.fromkeys(links)))


def fingerprint(text: str) -> str:
    """A recorded text's fingerprint (format 1's, and the `text` part of format 2's)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Parts:
    """Everything a version consists of beside its date and governing language (which its record states apart)."""

    text: str  # the recorded text's fingerprint
    summary: str | None
    anchors: tuple[str, ...]  # sorted
    files: tuple[tuple[str, str], ...]  # (path from docs/, SHA-256 of its bytes) of each file it links to, sorted
    statements: str  # statements_fingerprint of the site's statements in its language


def version_fingerprint(parts: Parts) -> str:
    """Format 2: the SHA-256 of the parts in canonical JSON, under the format's own name."""
    return _canonical_hash({"format": "policykit-version/2", "text": parts.text, "summary": parts.summary,
                            "anchors": list(parts.anchors), "files": [list(f) for f in parts.files],
                            "statements": parts.statements})


def statements_fingerprint(statements: dict[str, str]) -> str:
    """The site's statements in one language (label name -> wording), as format 2 covers them."""
    return _canonical_hash({"format": "policykit-statements/2", "statements": statements})


def _canonical_hash(value: dict) -> str:
    canonical = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _fold(text: str) -> str:
    """Every run of whitespace (no-break spaces and line breaks included) as one space."""
    return WHITESPACE.sub(" ", text).strip()


@dataclass
class _List:
    ordered: bool
    number: int  # the number the next item of an ordered list shows


@dataclass
class _Item:
    marker: str
    marked: bool = False  # its first block, which carries the marker, is written


@dataclass
class _Quote:
    pass


@dataclass
class _Heading:
    level: int
    anchor: str | None


@dataclass
class _Link:
    href: str | None  # None: not a link target (a heading's own link, or an <a> without href)
    hides: bool = False  # a headerlink: its "¶" is not text


class _RecordedText(HTMLParser):
    """Collects the lines of the recorded text while the HTML is parsed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.sections: list[tuple[int, str, str | None]] = []
        self.links: list[str] = []
        self._words: list[str] = []  # the inline text of the block being read
        self._containers: list[_List | _Item | _Quote] = []
        self._heading: _Heading | None = None
        self._cells: list[str] | None = None  # the cells of the table row being read
        self._in_cell = False
        self._open_links: list[_Link] = []
        self._hidden = 0  # depth inside elements that are not text
        self._heading_link = 0  # depth inside a heading's own link, whose "¶" is not text

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in HIDDEN_TAGS:
            self._hidden += 1
        elif self._hidden:
            return
        elif tag == "a":
            self._start_link(attributes)
        elif tag == "img":
            self._image(attributes)
        elif tag == "br":
            self._words.append(" ")
        elif tag in BLOCK_TAGS:
            self._start_block(tag, attributes)

    def handle_endtag(self, tag):
        if tag in HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)
        elif self._hidden:
            return
        elif tag == "a":
            self._end_link()
        elif tag in BLOCK_TAGS:
            self._end_block(tag)

    def handle_data(self, data):
        if not self._hidden and not self._heading_link:
            self._words.append(data)

    def close(self):
        super().close()
        self._flush()

    def _start_link(self, attributes):
        classes = set((attributes.get("class") or "").split())
        if self._heading_link or "headerlink" in classes:
            self._heading_link += 1
            self._open_links.append(_Link(None, hides=True))
        elif "toclink" in classes:  # the heading's words, linking to the heading itself
            self._open_links.append(_Link(None))
        else:
            self._open_links.append(_Link(attributes.get("href")))

    def _end_link(self):
        if not self._open_links:
            return
        link = self._open_links.pop()
        if link.hides:
            self._heading_link -= 1
        elif link.href is not None:
            self._words.append(f" ⟨{link.href}⟩")
            self.links.append(link.href)

    def _image(self, attributes):
        if self._heading_link:
            return
        alt, src = _fold(attributes.get("alt") or ""), attributes.get("src") or ""
        self._words.append(f"[{alt} ⟨{src}⟩]" if alt else f"[⟨{src}⟩]")

    def _start_block(self, tag, attributes):
        if self._in_cell:  # a block inside a table cell (raw HTML) is part of the cell's text
            self._words.append(" ")
            return
        self._flush()
        if tag in HEADINGS:
            self._heading = _Heading(HEADINGS[tag], attributes.get("id"))
        elif tag in ("ul", "ol"):
            self._containers.append(_List(tag == "ol", _number(attributes.get("start"), 1)))
        elif tag == "li":
            self._start_item(attributes)
        elif tag == "blockquote":
            self._containers.append(_Quote())
        elif tag == "tr":
            self._cells = []
        elif tag in ("td", "th") and self._cells is not None:
            self._in_cell = True

    def _end_block(self, tag):
        if tag in ("td", "th") and self._in_cell and self._cells is not None:  # a cell is only read in a row
            self._in_cell = False
            self._cells.append(_fold("".join(self._words)))
            self._words = []
            return
        if self._in_cell:
            self._words.append(" ")
            return
        if tag == "tr" and self._cells is not None:
            self._flush()
            cells, self._cells = self._cells, None
            if cells:
                self._write("| " + " | ".join(cells) + " |")
            return
        self._flush()
        if tag in HEADINGS and self._heading is not None:
            self._heading = None
        elif tag in ("ul", "ol"):
            self._close(_List)
        elif tag == "li":
            self._close(_Item)
        elif tag == "blockquote":
            self._close(_Quote)

    def _start_item(self, attributes):
        if self._containers and isinstance(self._containers[-1], _Item):
            self._containers.pop()  # <li> closes the item before it, as browsers read it
        lists = [c for c in self._containers if isinstance(c, _List)]
        if not lists:
            marker = "- "
        elif lists[-1].ordered:
            number = _number(attributes.get("value"), lists[-1].number)
            lists[-1].number = number + 1
            marker = f"{number}. "
        else:
            marker = "- "
        self._containers.append(_Item(marker))

    def _close(self, kind):
        """Closes the innermost container of this kind and the ones left open inside it."""
        if not any(isinstance(c, kind) for c in self._containers):
            return
        while not isinstance(self._containers.pop(), kind):
            pass

    def _flush(self):
        """Writes the block read so far, if it has any text."""
        text, self._words = _fold("".join(self._words)), []
        if not text:
            return
        if self._heading is not None:
            self.sections.append((self._heading.level, text, self._heading.anchor))
            text = "#" * self._heading.level + " " + text
        self._write(text)

    def _write(self, text):
        prefix = []
        for container in self._containers:
            if isinstance(container, _Quote):
                prefix.append("> ")
            elif isinstance(container, _Item):
                prefix.append("  " if container.marked else container.marker)
                container.marked = True
        self.lines.append("".join(prefix) + text)


def _number(value: str | None, default: int) -> int:
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        return default
