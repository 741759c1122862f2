"""A policy's text as readers see it: one line per block, whitespace folded, markup gone.

Line wrapping and Markdown formatting do not change this text, so they never count as a change.
"""

from __future__ import annotations

import hashlib
import html as html_module
import re

# The end or start of a block element: a line break in the readable text.
BLOCK_TAG = re.compile(r"</?(?:p|li|h[1-6]|td|th|dt|dd|blockquote|pre|tr|div)\b[^>]*>", re.I)
TAG = re.compile(r"<[^>]+>")


def readable_text(title: str, html: str) -> str:
    """The title, then each block of the rendered policy on a line of its own."""
    # A control character marks block boundaries: a line break inside a paragraph is only a space.
    text = html_module.unescape(TAG.sub("", BLOCK_TAG.sub("\x00", html)))
    blocks = [re.sub(r"\s+", " ", block).strip() for block in [title, *text.split("\x00")]]
    return "\n".join(block for block in blocks if block) + "\n"


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
