"""Markup a policy must never carry: anything that could run code or load a page in the reader's browser."""

from __future__ import annotations

import re

UNSAFE = [
    (re.compile(r"<\s*(script|iframe|object|embed)\b", re.I), "a <{0}> tag"),
    (re.compile(r"<[a-z][^>]*?\s(on[a-z]+)\s*=", re.I), 'an event attribute "{0}="'),
    (re.compile(r"javascript\s*:", re.I), 'a "javascript:" link'),
]


def unsafe_markup(text: str) -> list[tuple[int, str]]:
    """Each piece of unsafe markup in the text, as (line number within the text, description)."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern, description in UNSAFE:
            for match in pattern.finditer(line):
                found.append((number, description.format(match.group(1).lower() if match.groups() else "")))
    return found


REMNANT = re.compile(r"\{\{|\}\}|\{%|%\}")


def template_remnants(text: str) -> list[str]:
    """Unfilled template markup left in rendered text, each quoted with a little context."""
    return [f'"{text[max(m.start() - 30, 0):m.end() + 30].strip()}"' for m in REMNANT.finditer(text)]
