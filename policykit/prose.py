"""The prose of a Markdown text, as the checks read it: which parts are words (not code, addresses or link
targets), and the word patterns writers write in data files ("Администраци*" is a word with any ending;
«ё» and «е» are the same letter). Terminology, typography and translation parity all read text this way.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


# --- Word patterns: "Администраци*" is a word with any ending; «ё» and «е» are the same letter. ---------


def word_problem(word: str) -> str | None:
    """Why a word of a pattern cannot be used, or None."""
    if not word.rstrip("*"):
        return f"«{word}» has no letters"
    if "*" in word[:-1]:
        return f"«{word}» has a * that is not its last character (a * stands for any ending of a word)"
    return None


# A word that starts or ends with a letter or digit must do so at a word boundary, so «мы» is not found
# inside «мысль»; a hyphen joins words («интернет-оператор» is one word).
WORD_START = r"(?<![\w-])"


def word_regex(word: str, bounded_start: bool = True) -> str:
    """Regular-expression source for one word; without bounded_start the caller checks the boundary
    before it (once for many words, which is much faster)."""
    stem = word.rstrip("*")
    body = "".join("[её]" if c in "её" else "[ЕЁ]" if c in "ЕЁ" else re.escape(c) for c in stem)
    if word.endswith("*"):
        body += r"\w*"
    start = WORD_START if bounded_start and word[0].isalnum() else ""
    end = r"(?![\w-])" if word.endswith("*") or stem[-1].isalnum() else ""
    return start + body + end


def pattern_regex(pattern: str, between_words: str, bounded_start: bool = True) -> str:
    """Regular-expression source for a pattern of one or more words separated by whitespace."""
    first, *rest = pattern.split()
    return between_words.join([word_regex(first, bounded_start), *map(word_regex, rest)])


# Between the words of a term: spaces (ordinary or no-break) and at most one line break, since a paragraph
# can wrap anywhere; emphasis markers too, so «**личные** данные» is found.
BETWEEN_TERM_WORDS = r"[*_]*(?:[ \t\u00a0]+\n?|\n)[ \t\u00a0]*[*_]*"

# --- Where the prose is: the parts of Markdown that are not text in words. ------------------------------


@dataclass(frozen=True)
class Literal:
    """A piece of Markdown that is not prose: code, markup, or an address (web, e-mail, link target)."""

    start: int
    end: int
    kind: str  # "code", "markup", "link target" or "address"
    value: str | None = None  # for "link target" and "address": the address as written


_URL_CHAR = r"[^\s<>()\[\]\"'«»]"
_URL_END = r"[^\s<>()\[\]\"'«».,;:!?]"
_URL_PAREN = r"\([^\s()<>]*\)"  # as in https://en.wikipedia.org/wiki/Privacy_(disambiguation)


@dataclass(frozen=True)
class _LiteralForm:
    name: str  # its group in the pattern; a group <name>_value holds the address
    kind: str
    signs: re.Pattern  # a text without a match of this cannot hold the literal: its pattern is left out
    source: str


# In order of precedence: where two could start at one place, the first one wins.
_LITERAL_FORMS = tuple(_LiteralForm(name, kind, re.compile(signs), source) for name, kind, signs, source in (
    ("fence", "code", r"```|~~~",
     r"^[ \t]{0,3}(?P<ticks>`{3,}|~{3,})[^\n]*(?:\n.*?)??(?:\n[ \t]{0,3}(?P=ticks)[ \t]*(?=\n|\Z)|\Z)"),
    ("code", "code", r"`", r"(?<!`)(?P<run>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=run)(?!`)"),
    ("autolink", "address", r"<", r"<(?P<autolink_value>(?i:[a-z][a-z0-9+.-]{1,31}):[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>"),
    ("tag", "markup", r"<", r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"),
    ("link", "link target", r"\]\(", rf"\]\([ \t]*(?P<link_value><[^<>\n]*>|(?:[^\s()]|{_URL_PAREN})*)"
                                    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*\)"),
    ("label", "markup", r"\]\[", r"\]\[[^\]\n]*\]"),
    ("refdef", "link target", r"\]:", r"^[ \t]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*(?P<refdef_value><[^<>\n]*>|\S+)[^\n]*"),
    ("url", "address", r"(?i)://|www\.", rf"(?i:https?://|ftp://|www\.)(?:{_URL_CHAR}|{_URL_PAREN})*(?:{_URL_END}|{_URL_PAREN})"),
    ("email", "address", r"@", r"(?<![\w.+-])[A-Za-z0-9._%+-]+@(?:[\w-]+\.)+\w{2,}"),
    ("domain", "address", r"[a-z0-9]\.[a-z]",
     rf"(?<![\w@./-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{{2,24}}(?![\w@-])(?:/{_URL_CHAR}*{_URL_END})?"),
    ("attributes", "markup", r"\{", r"\{:?[ \t]*[#.][^}\n]*\}"),
))


@functools.lru_cache(maxsize=64)
def _literal_pattern(names: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(f"(?P<{form.name}>{form.source})" for form in _LITERAL_FORMS if form.name in names),
                      re.M | re.S)


def prose_of(text: str, found: Sequence[Literal] | None = None) -> str:
    """The text with every literal (found in it, unless given) blanked out."""
    return blanked(text, ((literal.start, literal.end) for literal in (literals(text) if found is None else found)))


# Typesetting, the terms check and the comparison of translations each read a policy's literals: they are found once
# per text (a build reads a few hundred texts; the entries are immutable).
@functools.lru_cache(maxsize=1024)
def literals(text: str) -> tuple[Literal, ...]:
    """Every piece of the Markdown that is not prose, in order, not overlapping."""
    # Only the forms the text can hold are looked for: most texts have no code, few have addresses, and
    # each form tried at every character costs as much as all the others together.
    forms = [form for form in _LITERAL_FORMS if form.signs.search(text)]
    if not forms:
        return ()
    found = []
    for match in _literal_pattern(tuple(form.name for form in forms)).finditer(text):
        form = next(form for form in forms if match.group(form.name) is not None)
        value = match.group(form.name) if form.kind == "address" else None
        if f"{form.name}_value" in match.re.groupindex:
            value = match.group(f"{form.name}_value")
        found.append(Literal(match.start(), match.end(), form.kind, value and value.strip("<>")))
    return tuple(found)


def blanked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text with the characters (but not the line breaks) of every span, (start, end) in order and not
    overlapping, replaced by NUL: offsets and line numbers stay those of the text, and no pattern over
    words can match inside a span."""
    pieces, at = [], 0
    for start, end in spans:
        pieces += [text[at:start], re.sub(r"[^\n]", "\0", text[start:end])]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


class LineNumbers:
    """The 1-based line of any offset in a text, in logarithmic time."""

    def __init__(self, text: str):
        self._starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def of(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)
