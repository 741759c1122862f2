"""A policy's length is bounded: a build stays within seconds (the engine's rendering grows faster than the text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykit.expansion import MAX_LINES, Clauses, expand
from policykit.problems import PolicyError


def expanded(body: str):
    return expand(body, "docs/en/acme/privacy.md", 6, "en", {}, "acme", Clauses(Path("clauses"), Path(".")))


def test_a_policy_at_the_limit_is_expanded():
    assert len(expanded("- item\n" * (MAX_LINES - 1)).origins) == MAX_LINES


def test_a_longer_policy_is_refused_with_the_limit_named():
    with pytest.raises(PolicyError) as refused:
        expanded("- item\n" * MAX_LINES)
    [problem] = refused.value.problems
    assert problem.path == "docs/en/acme/privacy.md" and problem.line is None
    assert f"{MAX_LINES + 1:,} lines" in problem.what and f"the {MAX_LINES:,} a policy may have" in problem.what


def test_the_line_of_a_problem_is_the_first_that_contains_its_hint_ignoring_case():
    text = expanded("Intro.\n\nSee [x](Nowhere.md) and [y](nowhere.md).\n\n- [z](other.md)\n")
    assert text.line_containing("nowhere.md") == 3
    assert text.line_containing("OTHER.MD") == 5
    assert text.line_containing("intro.") == 1
    assert text.line_containing("absent") is None
    assert text.line_containing("intro.\n") is None  # a line, not the text: a hint never spans two
