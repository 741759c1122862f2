"""Writers' YAML means one thing to every reader: plain values that YAML 1.1 (PyYAML, MkDocs, this site) and
YAML 1.2 read differently are refused with their line; values both read alike pass as written."""

from __future__ import annotations

import pytest

from policykit.problems import Problem
from policykit.yamlfile import load_yaml


@pytest.mark.parametrize("written,here,elsewhere", [
    ("016", "the number 14", "the number 16"), ("-010", "the number -8", "the number -10"),
    ("9:30", "the number 570", "text"), ("1:2:3.5", "the number 3723.5", "text"),
    ("yes", "the yes/no value true", "text"), ("No", "the yes/no value false", "text"),
    ("on", "the yes/no value true", "text"), ("OFF", "the yes/no value false", "text"),
    ("09", "text", "the number 9"), ("1e3", "text", "the number 1000.0"), ("0o17", "text", "the number 15"),
    ("1_000", "the number 1000", "text"), ("0b101", "the number 5", "text"),
])
def test_a_value_yaml_readers_disagree_on_is_refused_with_its_line(written, here, elsewhere):
    problem = load_yaml(f"name: Acme\nage: {written}\n", "data/brands.yml", first_line=3)
    assert isinstance(problem, Problem) and problem.line == 4
    assert problem.what == (f"the value {written} is read as {here} by this site's YAML reader (YAML 1.1, as MkDocs "
                            f"reads it) but as {elsewhere} by others (YAML 1.2).")
    assert f'put it in quotes ("{written}")' in problem.fix


@pytest.mark.parametrize("written,value", [
    ("16", 16), ("-3", -3), ("0", 0), ("0x1F", 31), ("1.5", 1.5), (".5", 0.5), ("true", True), ("False", False),
    ("~", None), ("", None), ("'016'", "016"), ('"yes"', "yes"), ("|\n  9:30", "9:30\n"), ("text", "text"),
    ("2030-01-01", "2030-01-01"), ("y", "y"),
])
def test_a_value_every_reader_reads_alike_passes(written, value):
    assert load_yaml(f"k: {written}\n", "f.yml").data == {"k": value}


def test_a_key_is_a_value_too():
    problem = load_yaml("brands:\n  no: Norway\n", "data/brands.yml")
    assert isinstance(problem, Problem) and problem.line == 2 and "the value no is read as the yes/no value false" in problem.what
