"""YAML loading that reports a writer-readable problem, with its line, instead of a traceback."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from policykit.problems import Problem


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML (libyaml's, when PyYAML has it) with dates kept as the text written: PyYAML raises a
    bare ValueError on 2019-14-07."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class LoadedYaml:
    data: object
    # Line (1-based) of each key path, e.g. ("scandoc", "email") -> 14.
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)


def load_yaml(text: str, path: str, first_line: int = 1) -> LoadedYaml | Problem:
    """Parse YAML text; return a Problem naming the line when it is not valid YAML."""
    loader = _Loader(text)
    try:
        # Parsed once: the node tree gives the lines, and the data is built from it.
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark else None
        reason = getattr(error, "problem", None) or "it is not valid YAML"
        return Problem(
            path, line, f"this block cannot be read ({reason}).",
            "check the line for a missing colon, a stray quote or wrong indentation; "
            "a value that contains a colon must be written in quotes.",
        )
    finally:
        loader.dispose()
    lines: dict[tuple[str, ...], int] = {}
    _collect_key_lines(node, (), first_line, lines)
    return LoadedYaml(data, lines)


def _collect_key_lines(node, prefix, first_line, lines) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = (*prefix, str(key.value))
            lines[path] = first_line + key.start_mark.line
            _collect_key_lines(value, path, first_line, lines)
