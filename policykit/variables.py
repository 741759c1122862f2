"""Brand variables: {{ field }} in policy text and clauses, filled in from the registry."""

from __future__ import annotations

import re

VARIABLE = re.compile(r"\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}")


class UndefinedVariable(Exception):
    def __init__(self, name: str):
        self.name = name
        super().__init__(name)


def substitute(text: str, values: dict[str, str]) -> str:
    """Replace every {{ name }}; raise UndefinedVariable for the first name that has no value."""
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise UndefinedVariable(name)
        return values[name]

    return VARIABLE.sub(replace, text)


def variables_in(text: str) -> list[tuple[int, str]]:
    """Each {{ name }} in the text, as (line number within the text, name)."""
    return [(text.count("\n", 0, m.start()) + 1, m.group(1)) for m in VARIABLE.finditer(text)]
