"""Section anchors: readable in any language, and stable when sections are renumbered.

`## 6. Children` gets `#children` and `## 4. Передача данных` gets `#peredacha-dannykh`, so a citation such as
"#children as of 1 March" survives a new section 5 being inserted before it.
"""

from __future__ import annotations

import re

from anyascii import anyascii

# A leading section number ("1.", "1.1.", "2.2.1", "6"), or a letter or Roman numeral closed by "." or ")" ("a.",
# "b)", Russian "а)", "IV."), with the spaces after it. A bare number counts too ("2020 review" is "review"); a
# letter needs its "." or ")", so "I am" and "Ivan" keep theirs.
ROMAN = r"(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
SECTION_NUMBER = re.compile(rf"^\s*(?:\d+(?:\.\d+)*[.)]?|(?:[^\W\d_]|{ROMAN})[.)])(?=\s|$)\s*", re.IGNORECASE)
# Apostrophes and soft/hard signs (anyascii writes "ь" and "ъ" as "'") belong inside a word: "children's" is
# "childrens", "персональных" is "personalnykh", never "personal-nykh".
APOSTROPHES = re.compile(r"['`]")
NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def slugify(value: str, separator: str = "-") -> str:
    """The anchor of a heading, as Python-Markdown's toc calls it: with the heading's visible text."""
    title = SECTION_NUMBER.sub("", value, count=1)
    return _slug(title, separator) or _slug(value, separator)


def _slug(text: str, separator: str) -> str:
    latin = APOSTROPHES.sub("", anyascii(text)).lower()  # anyascii writes ’ and ʼ as ' too
    return NOT_ALPHANUMERIC.sub(separator, latin).strip(separator)
