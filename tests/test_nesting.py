"""How deep a text nests is read from GitHub's structure only where the text could nest too deep: the check's
findings are held to those of the full reading, on generated texts that nest lists, quotes, tables and code up to
and beyond the limit, and on every real policy of the repository."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from policykit.markdown_dialect import MAX_BLOCK_LEVEL, github_structure, nesting_findings

REPO = Path(__file__).resolve().parent.parent
MARKERS = ["- ", "* ", "+ ", "1. ", "12) ", "> ", ">", " ", "  ", "   ", "    ", "\t", "-", "1.", "- > ", "> - "]
BODIES = ["text", "| a | b |\n{more}|---|---|\n{more}| 1 | 2 |", "```\n{more}code\n{more}```", "# heading",
          "text\n{more}continued", ""]


def deepest_block(markdown: str) -> int | None:
    """The full reading: the first line GitHub's structure nests MAX_BLOCK_LEVEL deep."""
    return next((token.map[0] + 1 for token in github_structure(markdown)
                 if token.map and token.level >= MAX_BLOCK_LEVEL), None)


def generated(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        lines = []
        for _ in range(rng.randint(1, 8)):
            prefix = "".join(rng.choice(MARKERS) for _ in range(rng.randint(0, 16)))
            more = re.sub(r"[-+*]|\d+[.)]", lambda marker: " " * len(marker.group()), prefix)  # the same containers
            lines.append(prefix + rng.choice(BODIES).format(more=more))
            if rng.random() < 0.3:
                lines.append("")
        texts.append("\n".join(lines) + "\n")
    return texts


def real_policies() -> list[Path]:
    return sorted((REPO / "docs").glob("*/*/*.md")) + sorted((REPO / "clauses").rglob("*.md"))


def assert_as_full_reading(markdown: str) -> None:
    findings = nesting_findings(markdown)
    line = deepest_block(markdown)
    if line is not None:
        assert findings and findings[0].line == line and "lists or quotes" in findings[0].what, markdown
    else:
        assert not findings or "lists or quotes" not in findings[0].what, markdown


@pytest.mark.parametrize("seed", range(8))
def test_the_check_finds_what_the_full_reading_finds(seed):
    texts = generated(seed, 400)
    deep = sum(deepest_block(text) is not None for text in texts)
    assert 0 < deep < len(texts)  # the cases straddle the limit
    for text in texts:
        assert_as_full_reading(text)


def test_near_the_limit():
    """Lists and quotes nested one level short of the limit and at it, with a table (whose cells nest 4 levels
    more) or a paragraph inside, indented by 2 or 4 spaces or by tabs."""
    for containers in range(MAX_BLOCK_LEVEL // 2 - 3, MAX_BLOCK_LEVEL // 2 + 1):
        for marker, indent in (("- ", "  "), ("1. ", "   "), ("- ", "\t"), ("> ", "")):
            for body in BODIES:
                lines = [indent * level + marker + "item" for level in range(containers)] if indent else []
                prefix = indent * containers if indent else marker * containers
                assert_as_full_reading("\n".join(lines) + "\n" + prefix + body.format(more=prefix) + "\n")


def test_every_real_policy():
    paths = real_policies()
    assert paths
    for path in paths:
        assert_as_full_reading(path.read_text(encoding="utf-8"))
