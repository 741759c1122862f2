"""Word-level redlines between two versions of a policy's readable text.

One comparison (changed_blocks) and three ways to show it: HTML for readers, plain text for a
terminal, Markdown for a pull request.
"""

from __future__ import annotations

import html
import re
from difflib import SequenceMatcher

# Words, and line ends (block boundaries) as tokens of their own; spacing is never a change.
TOKEN = re.compile(r"\n|[^\s]+")
GAP = None  # stands for unchanged blocks left out between two changed ones

Segment = tuple[str, str]  # ("equal" | "delete" | "insert", words)


def changed_blocks(old: str, new: str) -> list[list[Segment] | None]:
    """Each block (paragraph, heading, list item) that changed, as segments, with GAP where blocks were skipped.

    Blocks are compared first, then words only within the blocks that differ: a word-level comparison
    of two whole policies costs tens of milliseconds a page, and most blocks do not change."""
    old_blocks, new_blocks = old.splitlines(), new.splitlines()
    kept: list[list[Segment] | None] = []
    matcher = SequenceMatcher(a=old_blocks, b=new_blocks, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            if kept and (a2 > a1):
                kept.append(GAP)
            continue
        if not kept and (a1 or b1):
            kept.append(GAP)
        kept.extend(_word_changes(old_blocks[a1:a2], new_blocks[b1:b2]))
    # A run of blocks that differ only in spacing yields no change: its gaps merge into one.
    merged = [block for index, block in enumerate(kept) if block is not GAP or index == 0 or kept[index - 1] is not GAP]
    while merged and merged[-1] is GAP:
        merged.pop()
    return merged


def _word_changes(old_blocks: list[str], new_blocks: list[str]) -> list[list[Segment]]:
    """Word-level segments for a run of changed blocks, keeping block boundaries."""
    old_tokens, new_tokens = TOKEN.findall("\n".join(old_blocks)), TOKEN.findall("\n".join(new_blocks))
    blocks: list[list[Segment]] = [[]]

    def add(kind: str, tokens: list[str]) -> None:
        for index, piece in enumerate(" ".join(tokens).split("\n")):
            if index:
                blocks.append([])
            if piece.strip():
                blocks[-1].append((kind, piece.strip()))

    for op, a1, a2, b1, b2 in SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False).get_opcodes():
        if op == "equal":
            add("equal", new_tokens[b1:b2])
        if op in ("delete", "replace"):
            add("delete", old_tokens[a1:a2])
        if op in ("insert", "replace"):
            add("insert", new_tokens[b1:b2])
    return [block for block in blocks if any(kind != "equal" for kind, _ in block)]


def redline_html(old: str, new: str, labels: dict) -> str:
    """For readers: <ins>/<del>, each with a visually hidden word for screen readers, which do not announce
    them; without colour, the underline and strike-through still tell them apart."""
    def mark(tag: str, words: str, label: str) -> str:
        return (f'<{tag}><span class="sr-only">{html.escape(labels[label])} </span>{html.escape(words)}'
                f'<span class="sr-only"> {html.escape(labels["redline_end"])}</span></{tag}>')

    styles = {"equal": html.escape, "delete": lambda w: mark("del", w, "redline_deleted"),
              "insert": lambda w: mark("ins", w, "redline_inserted")}
    return "\n".join('<p class="redline-gap" aria-hidden="true">…</p>' if block is GAP
                     else "<p>" + " ".join(styles[kind](words) for kind, words in block) + "</p>"
                     for block in changed_blocks(old, new))


def redline_terminal(old: str, new: str) -> str:
    """For a terminal, as git's word diff writes it: [-deleted-] {+inserted+}."""
    styles = {"equal": str, "delete": lambda w: f"[-{w}-]", "insert": lambda w: f"{{+{w}+}}"}
    return "\n".join("…" if block is GAP else " ".join(styles[kind](words) for kind, words in block)
                     for block in changed_blocks(old, new))


def redline_markdown(old: str, new: str) -> str:
    """For a pull request: ~~deleted~~ and **inserted**, one paragraph per changed block."""
    def escape(words: str) -> str:
        return re.sub(r"([\\`*_~\[\]<>|#])", r"\\\1", words)

    styles = {"equal": escape, "delete": lambda w: f"~~{escape(w)}~~", "insert": lambda w: f"**{escape(w)}**"}
    return "\n\n".join("…" if block is GAP else " ".join(styles[kind](words) for kind, words in block)
                       for block in changed_blocks(old, new))


def first_changed_sentence(old: str, new: str) -> str:
    """The first sentence of the new text that differs from the old one (or the removed one)."""
    old_sentences, new_sentences = _sentences(old), _sentences(new)
    for index, sentence in enumerate(new_sentences):
        if index >= len(old_sentences) or old_sentences[index] != sentence:
            return sentence
    return old_sentences[len(new_sentences)] if len(old_sentences) > len(new_sentences) else ""


def _sentences(text: str) -> list[str]:
    return [s for line in text.splitlines() for s in re.split(r"(?<=[.!?;:])\s+", line.strip()) if s]
