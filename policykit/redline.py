"""Word-level redlines between two versions of a policy's readable text."""

from __future__ import annotations

import html
import re
from difflib import SequenceMatcher

# Words, and line ends (block boundaries) as tokens of their own; spacing is never a change.
TOKEN = re.compile(r"\n|[^\s]+")


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def redline_html(old: str, new: str, labels: dict) -> str:
    """The new text with deletions and insertions marked, one <p> per block.

    Screen readers do not announce <ins> and <del>, so each carries a visually hidden word
    ("inserted:", "deleted:") in the page's language; without colour, the browser's underline and
    strike-through still tell them apart.
    """
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    out: list[str] = []
    matcher = SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(_plain(new_tokens[b1:b2]))
            continue
        if op in ("delete", "replace"):
            out.append(_marked("del", old_tokens[a1:a2], labels["redline_deleted"], labels["redline_end"]))
        if op in ("insert", "replace"):
            out.append(_marked("ins", new_tokens[b1:b2], labels["redline_inserted"], labels["redline_end"]))
    return _changed_blocks([p.strip() for p in "".join(out).split("\n") if p.strip()])


def _changed_blocks(blocks: list[str]) -> str:
    """Only the blocks with a change, in order, with a marked gap where unchanged blocks were left out."""
    kept, last = [], None
    for index, block in enumerate(blocks):
        if "<ins>" in block or "<del>" in block:
            if last is not None and index > last + 1 or last is None and index > 0:
                kept.append('<p class="redline-gap" aria-hidden="true">…</p>')
            kept.append(f"<p>{block}</p>")
            last = index
    return "\n".join(kept)


def first_changed_sentence(old: str, new: str) -> str:
    """The first sentence of the new text that differs from the old one (or the removed one)."""
    old_sentences, new_sentences = _sentences(old), _sentences(new)
    for index, sentence in enumerate(new_sentences):
        if index >= len(old_sentences) or old_sentences[index] != sentence:
            return sentence
    return old_sentences[len(new_sentences)] if len(old_sentences) > len(new_sentences) else ""


def _sentences(text: str) -> list[str]:
    return [s for line in text.splitlines() for s in re.split(r"(?<=[.!?;:])\s+", line.strip()) if s]


def _plain(tokens: list[str]) -> str:
    return "".join("\n" if t == "\n" else html.escape(t) + " " for t in tokens)


def _marked(tag: str, tokens: list[str], before: str, end: str) -> str:
    # A change that spans blocks is marked separately in each block it touches.
    pieces = " ".join(tokens).split("\n")
    marked = [f'<{tag}><span class="sr-only">{html.escape(before)} </span>{html.escape(piece.strip())}'
              f'<span class="sr-only"> {html.escape(end)}</span></{tag}> ' if piece.strip() else ""
              for piece in pieces]
    return "\n".join(marked)
