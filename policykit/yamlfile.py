"""YAML as writers write it: one value per key, no anchors or aliases, every value meaning the same to every YAML
reader, and a problem with its line instead of a traceback.

A key written twice would silently replace the first value (a brand's legal entity, say); an alias can
multiply a small file into gigabytes. A plain value that YAML 1.1 and YAML 1.2 read differently (016 is 14 or
16, 9:30 is 570 or text, yes is true or text) would make this site, MkDocs (YAML 1.1, for a page's title) and
the writer's other tools disagree on a fact. All are refused before the data is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from policykit.problems import PolicyError, Problem, display_path
from policykit.repository_files import read_source


if TYPE_CHECKING:  # checked against the pure-Python loader: libyaml's has the same methods
    _SafeLoader = yaml.SafeLoader
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """Safe YAML (libyaml's, when PyYAML has it) with dates kept as the text written: PyYAML raises a
    bare ValueError on 2019-14-07."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# YAML 1.2's core schema (its section 10.3.2): how readers of YAML 1.2 resolve a plain value that is not text.
_CORE = (
    ("tag:yaml.org,2002:null", re.compile(r"~|null|Null|NULL|")),
    ("tag:yaml.org,2002:bool", re.compile(r"true|True|TRUE|false|False|FALSE")),
    ("tag:yaml.org,2002:int", re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")),
    ("tag:yaml.org,2002:float", re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                                           r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")),
)
_STR = "tag:yaml.org,2002:str"
_TAGS = {_STR, *(tag for tag, _ in _CORE)}
_BRACKETS = re.compile(r"[\[\]{}]")
MAX_DEPTH = 100  # far beyond any writer's file; libyaml's recursion crashes the process on very deep nesting
FIX = ("check the line for a missing colon, a stray quote or wrong indentation; "
       "a value that contains a colon must be written in quotes.")


@dataclass
class LoadedYaml:
    data: object
    # Line (1-based) of each key path, e.g. ("scandoc", "email") -> 14.
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)


def load_yaml(text: str, path: str, first_line: int = 1) -> LoadedYaml | Problem:
    """Parse YAML text; return a Problem naming the line when it is not plain, valid YAML."""
    if (line := _too_deep(text)) is not None:
        return Problem(path, first_line + line - 1, f"this block nests brackets more than {MAX_DEPTH} levels deep.",
                       "write the values plainly, one per line; a data file never needs such nesting.")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None and (problem := _shape_problem(node, path, first_line, loader)):
            return problem
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark else None
        reason = getattr(error, "problem", None) or "it is not valid YAML"
        return Problem(path, line, f"this block cannot be read ({reason}).", FIX)
    finally:
        loader.dispose()
    lines: dict[tuple[str, ...], int] = {}
    _collect_key_lines(node, (), first_line, lines)
    return LoadedYaml(data, lines)


def load_data_file(path: Path, root: Path, what: str) -> tuple[LoadedYaml, str]:
    """One of the site's data files (data/*.yml), read strictly: the loaded YAML and the file as writers see it;
    a PolicyError naming the file when it is missing or not plain, valid YAML."""
    shown_as = display_path(path, root)
    if not path.is_file():
        raise PolicyError([Problem(shown_as, None, f"{what} is missing.", f"restore {shown_as} from the main branch.")])
    loaded = load_yaml(read_source(path, root), shown_as)
    if isinstance(loaded, Problem):
        raise PolicyError([loaded])
    return loaded, shown_as


def _too_deep(text: str) -> int | None:
    """The line where flow brackets ([ {) nest beyond MAX_DEPTH, found before libyaml reads them (brackets
    inside quoted text count too: no writer's value holds a hundred of them)."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        if depth > MAX_DEPTH:
            return text.count("\n", 0, match.start()) + 1
    return None


def _shape_problem(root: yaml.Node, path: str, first_line: int, loader: _Loader) -> Problem | None:
    """Aliases (a node reached twice), keys written twice and values YAML readers disagree on, found on the
    node tree before it is built."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:  # the composer resolves an alias to the anchored node itself
            return Problem(path, first_line + node.start_mark.line,
                           "this block uses a YAML anchor or alias (& or *), which the site does not accept.",
                           "write each value out in full where it is used.")
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key, value in node.value:
                if key.tag == "tag:yaml.org,2002:merge":
                    return Problem(path, first_line + key.start_mark.line,
                                   "this block uses a YAML merge key (<<), which the site does not accept.",
                                   "write each value out in full where it is used.")
                name = str(key.value)
                if name in keys:
                    return Problem(path, first_line + key.start_mark.line,
                                   f'"{name}" is written twice in the same block; the second would silently '
                                   "replace the first.", f'keep one "{name}" line with the right value.')
                keys.add(name)
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
        # a plain value: its style is "" from libyaml, None from PyYAML
        elif isinstance(node, yaml.ScalarNode) and not node.style and (readings := _disagreement(node, loader)):
            here, elsewhere = readings
            return Problem(path, first_line + node.start_mark.line,
                           f"the value {node.value} is read as {here} by this site's YAML reader (YAML 1.1, as MkDocs "
                           f"reads it) but as {elsewhere} by others (YAML 1.2).",
                           f'if it is text, put it in quotes ("{node.value}"); if it is a number, write it in plain '
                           "digits, without leading zeros, underscores or colons; if it is yes or no, write true or "
                           "false.")
    return None


def _disagreement(node: yaml.ScalarNode, loader: _Loader) -> tuple[str, str] | None:
    """How YAML 1.1 (PyYAML, MkDocs) and YAML 1.2 read a plain value, in words, when they differ."""
    if node.tag not in _TAGS:  # an explicit tag (!!binary …): not a value either version reads by itself
        return None
    tag = next((tag for tag, pattern in _CORE if pattern.fullmatch(node.value)), _STR)
    if tag == node.tag == _STR:
        return None
    here = node.value if node.tag == _STR else loader.yaml_constructors[node.tag](loader, node)
    elsewhere = _core_value(tag, node.value)
    if tag == node.tag and (here == elsewhere or (here != here and elsewhere != elsewhere)):  # NaN is not NaN
        return None
    return _in_words(node.tag, here), _in_words(tag, elsewhere)


def _core_value(tag: str, value: str) -> object:
    if tag == "tag:yaml.org,2002:int":
        return int(value[2:], 8) if value.startswith("0o") else int(value, 16 if value.startswith("0x") else 10)
    if tag == "tag:yaml.org,2002:float":  # Python writes .inf and .nan without the dot
        return float(value.replace(".", "", 1) if value.lower().lstrip("+-") in (".inf", ".nan") else value)
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() == "true"
    return value if tag == _STR else None


def _in_words(tag: str, value: object) -> str:
    if tag == _STR:
        return "text"
    if tag == "tag:yaml.org,2002:bool":
        return f"the yes/no value {str(value).lower()}"
    if tag == "tag:yaml.org,2002:null":
        return "no value at all"
    return f"the number {value}"


def _collect_key_lines(node, prefix, first_line, lines) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = (*prefix, str(key.value))
            lines[path] = first_line + key.start_mark.line
            _collect_key_lines(value, path, first_line, lines)
