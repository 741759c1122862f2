"""A policy's text as readers see it: one line per block, whitespace folded, markup gone.

Line wrapping and Markdown formatting do not change this text, so they never count as a change.
"""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser

BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "blockquote", "pre", "tr", "div"}


class _Blocks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = [""]

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.blocks.append("")

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.blocks.append("")

    def handle_data(self, data):
        self.blocks[-1] += data


def readable_text(title: str, html: str) -> str:
    """The title, then each block of the rendered policy on a line of its own."""
    parser = _Blocks()
    parser.feed(html)
    blocks = [re.sub(r"\s+", " ", block).strip() for block in [title, *parser.blocks]]
    return "\n".join(block for block in blocks if block) + "\n"


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
