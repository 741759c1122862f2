"""No-break spaces where the language's typography requires them, from the rules in data/typography.yml.

The only change ever made is an ordinary space becoming a no-break space (U+00A0), so the words of a policy
cannot change; spaces in code, addresses, link targets and Markdown markers are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from policykit.problems import PolicyError, Problem
from policykit.prose import WORD_START, blanked, prose_of, word_problem, word_regex
from policykit.yamlfile import load_data_file

NO_BREAK_SPACE = "\u00a0"

# The kinds of word a rule can name; NUL is what blanked() leaves where code or an address was.
KINDS = {
    "<number>": r"(?<![\w.,])\d+(?:[.,]\d+)*",
    "<year>": r"(?<!\d)\d{4}(?!\d)",
    "<thousands>": r"\d{3}(?!\d)",
    "<initial>": r"(?<![\w.-])[A-ZА-ЯЁ]\.",
    "<capital>": r"(?<![\w-])[A-ZА-ЯЁ][\w-]*",
    "<any>": r"[^\s\0]",
}
BETWEEN_WORDS = "[ \u00a0]"  # inside one item of a rule, e.g. «т. д.»

# Markdown structure, with the spaces beside it: list, heading and quote markers at the start of a line, and
# table pipes (a "|" in prose is rare enough to be treated as one).
STRUCTURE = re.compile(r"^[ \t]*(?:(?:[-*+]|\d{1,9}[.)]|#{1,6}|>)(?:[ \t]+|$))+|[ \t]*\|[ \t]*", re.M)


@dataclass(frozen=True)
class Rules:
    # Per language, every rule in one pattern: each match ends with a space that must not break.
    languages: dict[str, re.Pattern]


def load_rules(path: Path, languages: list[str], root: Path) -> Rules:
    """Read and check data/typography.yml; raise PolicyError naming every problem found."""
    loaded, shown_as = load_data_file(path, root, "the typography rules")
    data = loaded.data if loaded.data is not None else {}
    if not isinstance(data, dict):
        raise PolicyError([Problem(shown_as, 1, "the typography rules are not listed by language.",
                                   "start each language on a line of its own, e.g. `ru:`, with its rules under it.")])
    problems: list[Problem] = []
    compiled = {}
    for lang, rules in data.items():
        lang = str(lang)
        line = loaded.lines.get((lang,))  # items of a list have no line of their own in LoadedYaml

        def problem(what: str, fix: str) -> None:
            problems.append(Problem(shown_as, line, what, fix))

        if lang not in languages:
            problem(f"«{lang}» is not a language of this site.", f"use one of: {', '.join(languages)}.")
        elif rules is not None and not isinstance(rules, list):
            problem(f"the rules for «{lang}» are not a list.", "start each rule with `- before:`.")
        else:
            sources = [_rule(rule, f"rule {index} under {lang}", problem)
                       for index, rule in enumerate(rules or [], start=1)]
            if any(sources):
                # A word before a space starts after a space or punctuation: checking that first, once for
                # every rule, halves the time a text takes.
                compiled[lang] = re.compile(WORD_START + "(?:" + "|".join(filter(None, sources)) + ")")
    if problems:
        raise PolicyError(problems)
    return Rules(compiled)


def _rule(rule, where: str, problem) -> str | None:
    """The pattern of one rule: the word before, the space, and (looked at, not taken) the words after.
    The word before is a single word, so every rule that matches at one place names the same space, and
    all the rules of a language can be tried in one pass."""
    if not isinstance(rule, dict) or set(rule) != {"before", "after"}:
        problem(f"{where} is not written as expected.",
                "write each rule as `- before: [...]` and, under it, `after: [...]`, and nothing else.")
        return None
    sides = {}
    for side in ("before", "after"):
        items = rule[side]
        if not isinstance(items, list) or not items or not all(isinstance(i, str) and i.split() for i in items):
            problem(f"{where}: `{side}:` is not a list of words.", f'write `{side}: ["…", "…"]`, one or more items.')
            return None
        reasons = [reason for item in items for word in item.split() if (reason := _word_problem(word))]
        if reasons:
            problem(f"{where}: {reasons[0]}.", "write words as they appear, a * only at the end of a word, "
                                               "or one of " + ", ".join(KINDS) + ".")
            return None
        sides[side] = [" ".join(item.split()) for item in items]
    several = next((item for item in sides["before"] if " " in item), None)
    if several:
        problem(f"{where}: «{several}» in `before:` is more than one word.",
                "give only the word just before the space; put what comes after it in `after:`.")
        return None
    if "<any>" in sides["before"]:
        problem(f"{where} has «<any>» in `before:`; it can only be used in `after:`.",
                "name the words that come before the space.")
        return None
    return f"(?:{_side_regex(sides['before'])}) (?=(?:{_side_regex(sides['after'])}))"


def _word_problem(word: str) -> str | None:
    if word.startswith("<") and word.endswith(">"):
        return None if word in KINDS else f"«{word}» is not a kind of word this file knows"
    return word_problem(word)


def _side_regex(items: list[str]) -> str:
    """One side of a rule. No word checks the boundary before it: the pattern checks it once before the word
    in front of the space, and a word after the space needs none."""
    return "|".join(BETWEEN_WORDS.join(KINDS.get(word) or f"(?i:{word_regex(word, bounded_start=False)})"
                                       for word in item.split())
                    for item in items)


def apply(text: str, lang: str, rules: Rules) -> str:
    """The text with a no-break space in every place the language's rules name; nothing else changes."""
    pattern = rules.languages.get(lang)
    if pattern is None:
        return text
    # Only spaces outside every blanked span can match: literals, and Markdown structure.
    prose = blanked(prose_of(text), (match.span() for match in STRUCTURE.finditer(text)))
    pieces, at = [], 0
    for match in pattern.finditer(prose):
        space = match.end() - 1
        pieces += [text[at:space], NO_BREAK_SPACE]
        at = space + 1
    pieces.append(text[at:])
    return "".join(pieces)
