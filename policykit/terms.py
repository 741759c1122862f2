"""The words our policies use (data/terms.yml): variants of a term that a page must not use, and the one
name a page gives the operator."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from policykit.problems import Finding, PolicyError, Problem
from policykit.prose import BETWEEN_TERM_WORDS, WORD_START, LineNumbers, pattern_regex, prose_of, word_problem
from policykit.yamlfile import load_data_file

# --- The term list. --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Language:
    variants: re.Pattern | None  # every refused variant; group v<i> is variant_terms[i]
    variant_terms: tuple[str, ...]  # the term to use instead of each variant
    parties: tuple[str, ...]
    # declared party -> the forms of every other party (None: it is the only one); group p<i> is parties[i]
    other_forms: dict[str, re.Pattern | None]


@dataclass(frozen=True)
class Terms:
    shown_as: str  # the term list's file, as messages name it
    languages: dict[str, _Language]  # a language that the file does not list has no terms and no parties


def load_terms(path: Path, languages: list[str], root: Path) -> Terms:
    """Read and check data/terms.yml; raise PolicyError naming every problem found."""
    loaded, shown_as = load_data_file(path, root, "the list of terms")
    problems: list[Problem] = []

    def problem(what: str, fix: str, *key: str) -> None:
        # Items of a list have no line of their own in LoadedYaml: the nearest key's line stands in.
        while key and key not in loaded.lines:
            key = key[:-1]
        problems.append(Problem(shown_as, loaded.lines.get(key), what, fix))

    data = loaded.data if loaded.data is not None else {}
    if not isinstance(data, dict):
        raise PolicyError([Problem(shown_as, 1, "the list of terms is not a list of languages.",
                                   "start each language on a line of its own, e.g. `ru:`, with `terms:` and "
                                   "`parties:` indented under it.")])
    read = {}
    for lang, entry in data.items():
        lang = str(lang)
        if lang not in languages:
            problem(f"«{lang}» is not a language of this site.", f"use one of: {', '.join(languages)}.", lang)
        else:
            read[lang] = _read_language(lang, entry, problem)
    if problems:
        raise PolicyError(problems)
    return Terms(shown_as, read)


def _read_language(lang: str, entry, problem) -> _Language:
    if entry is None:
        entry = {}
    if not isinstance(entry, dict) or set(entry) - {"terms", "parties"}:
        problem(f"the entry for «{lang}» may have only `terms:` and `parties:`.",
                "indent `terms:` and `parties:` under the language, and nothing else.", lang)
        entry = {}
    variants: list[tuple[str, str]] = []  # (pattern, term to use)
    for index, term in enumerate(_items(entry, "terms", lang, problem), start=1):
        where = f"term {index} under {lang} → terms"
        if not _has_only(term, {"use", "not"}, where, "`- use: …` and, under it, `not: [...]`", lang, "terms",
                         problem):
            continue
        use = term.get("use")
        if not isinstance(use, str) or not use.strip():
            problem(f"{where} has no `use:` (the words our policies use).",
                    "write `use: …` with the preferred words, then `not: [...]` with the variants to refuse.",
                    lang, "terms")
            continue
        for pattern in _patterns(term.get("not"), f"{where} («{use}»)", "not", lang, "terms", problem):
            if re.search(pattern_regex(pattern, BETWEEN_TERM_WORDS), use, re.I):
                problem(f"{where}: «{pattern}» refuses «{use}» itself.",
                        "narrow the variant so that it does not match the term to use.", lang, "terms")
            else:
                variants.append((pattern, use.strip()))
    parties: dict[str, list[str]] = {}
    for index, party in enumerate(_items(entry, "parties", lang, problem), start=1):
        where = f"party {index} under {lang} → parties"
        if not _has_only(party, {"name", "forms"}, where, "`- name: …` and, under it, `forms: [...]`", lang,
                         "parties", problem):
            continue
        name = party.get("name")
        if not isinstance(name, str) or not name.strip():
            problem(f"{where} has no `name:`.", "write `name: …`, the value a page declares as `party:`.",
                    lang, "parties")
        elif name in parties:
            problem(f"the party «{name}» is listed twice under {lang} → parties.",
                    "list each party once, with all of its forms.", lang, "parties")
        else:
            parties[name] = _patterns(party.get("forms"), f"{where} («{name}»)", "forms", lang, "parties", problem)
    for name, forms in parties.items():
        for other in parties:
            clash = next((f for f in forms if other != name and re.search(
                pattern_regex(f, BETWEEN_TERM_WORDS), other, re.I)), None)
            if clash:
                problem(f"the form «{clash}» of the party «{name}» also matches the party «{other}».",
                        "give each party forms that only it uses.", lang, "parties")
    return _compile(variants, parties)


def _items(entry: dict, key: str, lang: str, problem) -> list:
    items = entry.get(key) or []
    if not isinstance(items, list):
        problem(f"{lang} → {key} is not a list.", "start each entry on its own line with `- `.", lang, key)
        return []
    return items


def _has_only(item, allowed: set[str], where: str, example: str, lang: str, key: str, problem) -> bool:
    if isinstance(item, dict) and not set(map(str, item)) - allowed:
        return True
    problem(f"{where} is not written as expected.", f"write it as {example}, and nothing else.", lang, key)
    return False


def _patterns(value, where: str, key: str, lang: str, section: str, problem) -> list[str]:
    if not isinstance(value, list) or not value:
        problem(f"{where} has no `{key}:` list.", f'write `{key}: ["…", "…"]`, one or more patterns.', lang, section)
        return []
    patterns = []
    for pattern in value:
        if not isinstance(pattern, str) or not pattern.split():
            problem(f"{where}: a pattern in `{key}:` is empty.", "remove it, or write the words it should match.",
                    lang, section)
            continue
        reasons = [reason for word in pattern.split() if (reason := word_problem(word))]
        if reasons:
            problem(f"{where}: in «{pattern}», {reasons[0]}.",
                    "put * only at the end of a word, e.g. «Администраци*».", lang, section)
        else:
            patterns.append(" ".join(pattern.split()))
    return patterns


def _compile(variants: list[tuple[str, str]], parties: dict[str, list[str]]) -> _Language:
    def alternation(groups: list[tuple[str, list[str]]]) -> re.Pattern | None:
        # The boundary before the first word is checked once for all patterns (several times faster), so
        # each pattern's first word comes without its own; longer patterns first, so that where two match
        # at one place, the longer one is the finding.
        def longest_first(patterns: list[str]) -> str:
            ordered = sorted(patterns, key=lambda pattern: -len(pattern.split()))
            return "|".join(pattern_regex(pattern, BETWEEN_TERM_WORDS, bounded_start=False) for pattern in ordered)

        if not groups:
            return None
        return re.compile(WORD_START + "(?:" + "|".join(f"(?P<{group}>{longest_first(patterns)})"
                                                         for group, patterns in groups) + ")", re.I)

    names = tuple(parties)
    other_forms = {declared: alternation([(f"p{i}", parties[name]) for i, name in enumerate(names)
                                          if name != declared])
                   for declared in names}
    return _Language(alternation([(f"v{i}", [pattern]) for i, (pattern, _) in enumerate(variants)]),
                     tuple(use for _, use in variants), names, other_forms)


# --- The check. ---------------------------------------------------------------------------------------------


def check(text: str, lang: str, party: str | None, terms: Terms) -> list[Finding]:
    """Every refused variant of a term in the text, and every name for the operator other than the page's,
    in the order of the text."""
    rules = terms.languages.get(lang) or _compile([], {})
    page_problem = _party_problem(party, rules, terms.shown_as)
    prose, lines = prose_of(text), LineNumbers(text)
    found: list[tuple[int, Finding]] = []
    for match in rules.variants.finditer(prose) if rules.variants else ():
        use = rules.variant_terms[_group_number(match)]
        found.append((match.start(), Finding(lines.of(match.start()),
                                             f"«{_as_written(text, match)}» is not the term our policies use.",
                                             f"write «{use}» instead, in the form the sentence needs.")))
    others = None if page_problem or party is None else rules.other_forms.get(party)
    for match in others.finditer(prose) if others else ():
        other = rules.parties[_group_number(match)]
        found.append((match.start(), Finding(
            lines.of(match.start()),
            f"«{_as_written(text, match)}» names the operator as «{other}», but this page names the operator "
            f"«{party}».",
            f"write «{party}» here, in the form the sentence needs; or, if the whole page should say «{other}», "
            f"change `party: {party}` in its front matter.")))
    return ([page_problem] if page_problem else []) + [finding for _, finding in sorted(found, key=lambda f: f[0])]


def _party_problem(party: str | None, rules: _Language, shown_as: str) -> Finding | None:
    """What is wrong with the party a page declares, if anything."""
    names = ", ".join(f"«{name}»" for name in rules.parties)
    if party is not None and not rules.parties:
        return Finding(1, f"this page declares `party: {party}`, but {shown_as} lists no names for the operator "
                          "in this language.",
                       f"remove the `party:` line from the front matter, or add the names under `parties:` "
                       f"in {shown_as}.")
    if party is None and rules.parties:
        return Finding(1, "this page does not say how it names the operator (the party that processes the data).",
                       f"add a line `party: …` to the front matter, with the name the page uses throughout: "
                       f"one of {names}.")
    if party is not None and party not in rules.parties:
        return Finding(1, f"`party: {party}` in the front matter is not one of the names for the operator.",
                       f"write one of {names} (exactly as written in {shown_as}).")
    return None


def _group_number(match: re.Match) -> int:
    """The number of the group (v<i> or p<i>) that matched: every alternative of the patterns is one."""
    assert match.lastgroup is not None, match
    return int(match.lastgroup[1:])


def _as_written(text: str, match: re.Match) -> str:
    """The words found, on one line, as the writer wrote them, without emphasis markers."""
    return " ".join(word.strip("*_") for word in text[match.start():match.end()].split())
