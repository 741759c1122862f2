"""What a reader of a policy page gets, read from the page's final HTML (as the theme wrote it), against the
recorded text of the version the page shows: one invariant, checked on every policy page of every build.

The recorded text (policykit/text.py) and its fingerprint come from policykit's own rendering of the Markdown,
never from the theme's HTML; readers get the theme's page. Whatever comes between (the engine's rendering, the
allowlist's cleaning, the site's own parts, the theme, a tag left open that one parser closes and another does
not) may show readers words the record does not hold, or hold words no reader gets. So the policy's part of the
finished page is read the way a reader's browser reads it, what no reader sees or hears is set aside, and the rest
goes through the very function that made the record (text.readable): any difference is content that was added,
removed or moved on the way to the reader.

How the page is read:
- the policy's part is what lies between the site's header block and its history section (site_chrome.
  policy_page); the title is the header's <h1 id="policy-title">, as readers see it;
- nh3 (html5ever, the HTML standard's parser) reads that part first, so unclosed and misnested tags end where a
  browser ends them; Python's html.parser only reads its re-written, unambiguous output;
- set aside, as no reader gets them: elements with the `hidden` attribute, `aria-hidden="true"` (seen but never
  heard: the record would hold words screen readers skip), an inline style that hides, a class of the site's
  stylesheets that hides on screen (HIDING_CLASSES), <template>, <noscript>, a closed <dialog>, and an image of
  less than two pixels either way (no one sees it; its alt text, heard by screen readers, is the attack);
- kept, as readers get them: the alt text of images (which the record holds too), a `title` (heard by screen
  readers as a description: the record holds none), the quotation marks a browser puts around <q>, struck-out
  text (<s>, <del>: the record reads it as in force), numbering that counts down (<ol reversed>);
- the site's own decoration, the heading's permalink (Python-Markdown's toc: <a class="headerlink"
  href="#…">¶</a> inside the heading), is set aside as the record sets it aside; anything else that calls itself
  a headerlink is read as the ordinary link it is to a reader.
"""

from __future__ import annotations

import html as html_module
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

from policykit.expansion import Expanded
from policykit.problems import Problem
from policykit.text import BLOCK_TAGS, readable

# The site's own parts around the policy (site_chrome.policy_page joins them with new lines).
HEADER_START = '<header class="policy-header">'
HEADER_END = "\n</header>\n"
HISTORY_START = '\n<section class="policy-history"'
TITLE = re.compile(r'<h1 id="policy-title">(.*?)</h1>', re.S)
TAG = re.compile(r"<[^>]*>")

# Classes of the site's stylesheets (docs/assets/*.css) that hide an element on screen (display: none). Writers'
# HTML carries no class (policykit/sanitizer.py): one in the policy's part was put there by the site or the theme.
# tests/test_reader_text.py checks every display:none rule of docs/assets/*.css against this list.
HIDING_CLASSES = frozenset({"print-only"})
# An inline style that hides what it is on (writers' HTML carries none either).
HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|content-visibility\s*:\s*hidden"
                          r"|opacity\s*:\s*0(?:\.0*)?\s*(?:;|$|!)|font-size\s*:\s*0(?:\.0*)?[a-z%]*\s*(?:;|$|!)", re.I)
# Elements whose content no reader gets (text.py skips script, style, template, head, title and noscript too).
NEVER_SHOWN = frozenset({"template", "noscript", "script", "style", "head", "title"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                  "wbr"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
STRUCK = frozenset({"s", "strike", "del"})
# Every element nh3 keeps as an element (any other is unwrapped, its text kept): what a policy may contain, the
# site's own parts, and what a theme or an engine could put there.
READ_TAGS = frozenset(BLOCK_TAGS | HEADINGS | {
    "a", "abbr", "b", "bdi", "bdo", "big", "br", "button", "cite", "code", "data", "del", "dfn", "dialog", "em",
    "font", "i", "img", "input", "ins", "kbd", "label", "mark", "meter", "noscript", "output", "progress", "q",
    "rp", "rt", "ruby", "s", "samp", "select", "option", "small", "span", "strike", "strong", "sub", "sup",
    "template", "textarea", "time", "u", "var", "wbr", "caption", "col", "colgroup", "hgroup", "menu", "search"})
READ_ATTRIBUTES = frozenset({"class", "hidden", "aria-hidden", "style", "title", "href", "src", "alt", "width",
                             "height", "start", "value", "id", "open", "reversed", "type"})
# A link target in the recorded text, and one the engine rewrites: relative, not to a place in the same page.
TARGET = re.compile(r"⟨([^⟩]*)⟩")
ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:|[/#?\\]")
SMALLEST_SEEN = 2  # pixels: an image narrower or lower than this is one no one sees
_DIMENSION = re.compile(r"[\t\n\f\r ]*([0-9]*)")


class NotAPolicyPage(ValueError):
    """The page has not the site's structure around a policy (header, policy, history)."""


@dataclass(frozen=True)
class Difference:
    line: int  # 1-based, in both texts
    reader: str | None  # the reader's line there (None: the reader's text ends before it)
    record: str | None  # the record's line there (None: the record ends before it)


def policy_part(page_html: str) -> tuple[str, str]:
    """The policy's title, as its page shows it, and the HTML of its text, from the finished page."""
    if page_html.count(HEADER_START) != 1:
        raise NotAPolicyPage(f"the page has {page_html.count(HEADER_START)} policy headers, not one")
    start = page_html.index(HEADER_START)
    header_end = page_html.find(HEADER_END, start)
    history = page_html.find(HISTORY_START, header_end) if header_end >= 0 else -1
    if history < 0:
        raise NotAPolicyPage("the policy's header or its version history is missing")
    title = TITLE.search(page_html, start, header_end)
    if title is None:
        raise NotAPolicyPage("the policy's title is missing from its header")
    shown_title = html_module.unescape(TAG.sub("", title.group(1)))
    return shown_title, page_html[header_end + len(HEADER_END):history]


def reader_text(page_html: str) -> str:
    """What readers of a finished policy page see and hear of the policy, as a recorded text."""
    title, body = policy_part(page_html)
    return readable(title, visible_html(body)).text


def visible_html(html: str) -> str:
    """The HTML of what readers get, as text.readable reads it: what no reader gets removed, and what readers
    get that readable would not record (titles, quotation marks, strike-through, downward numbering) written
    out as text."""
    as_browsers_read_it = nh3.clean(html, tags=set(READ_TAGS), attributes={"*": set(READ_ATTRIBUTES)},
                                    clean_content_tags={"script", "style"}, link_rel=None, strip_comments=True,
                                    url_schemes=None, generic_attribute_prefixes=None)
    reader = _Visible()
    reader.feed(as_browsers_read_it)
    reader.close()
    return "".join(reader.out)


def engine_link(target: str, written_in: str, address: str, prefix: str) -> str:
    """A relative link target as the site engine writes it into a page (MkDocs, directory addresses): the file it
    names, from the file it is written in (`written_in`, "en/acme/privacy.md", its language's folder first), at
    that file's address in the site ("en/index.md" is the root for the default language, `prefix` "" or "ru/"),
    relative to the page's own address. Absolute targets, and those outside the language's folder, are left as
    written, as the engine leaves them."""
    if not target or ABSOLUTE.match(target):
        return target
    cut = min((at for at in (target.find("#"), target.find("?")) if at >= 0), default=len(target))
    path, after = target[:cut], target[cut:]  # the file, then its ?query#fragment
    if path.endswith("/") or posixpath.basename(path) in ("", ".", ".."):  # a folder: no file the engine knows
        return target
    lang, _, folder = posixpath.dirname(written_in).partition("/")
    resolved = posixpath.normpath(posixpath.join(folder, path))
    if resolved.startswith("../") or resolved == "..":
        return target
    resolved = "" if resolved == "." else resolved
    if resolved.endswith(".md"):
        page = resolved.removesuffix("index.md") if posixpath.basename(resolved) == "index.md" \
            else resolved.removesuffix(".md") + "/"
        link = posixpath.relpath(f"{prefix}{page}" or ".", address or ".")
        link = "./" if link == "." else link + "/"
    else:
        link = posixpath.relpath(f"{prefix}{resolved}" or ".", address or ".")
    return link + after


def first_difference(reader: str, record: str,
                     link: Callable[[str], str] = lambda target: target) -> Difference | None:
    """The first line where the reader's text and the record differ. A link target counts as the same where the
    reader's is the recorded one, as written or as the engine writes it into the page (`link`): the engine
    rewrites the links and images written in Markdown, not those written in HTML."""
    if reader == record:
        return None
    read, recorded = reader.splitlines(), record.splitlines()
    for number, (a, b) in enumerate(zip(read, recorded), start=1):
        if a != b and not _same_line(a, b, link):
            return Difference(number, a, b)
    if len(read) == len(recorded):
        return None
    number = min(len(read), len(recorded)) + 1
    return Difference(number, read[number - 1] if number <= len(read) else None,
                      recorded[number - 1] if number <= len(recorded) else None)


def _same_line(reader: str, record: str, link: Callable[[str], str]) -> bool:
    read, recorded = TARGET.split(reader), TARGET.split(record)  # words, target, words, target, …, words
    if len(read) != len(recorded):
        return False
    return all(a == b if i % 2 == 0 else a in (b, link(b)) for i, (a, b) in enumerate(zip(read, recorded)))


def hints(line: str | None) -> list[str]:
    """Words of a line of the text as they are likely written in the Markdown, most telling first: for the build
    to find the line a difference comes from."""
    if not line:
        return []
    words = re.sub(r"⟨[^⟩]*⟩", " ", re.sub(r"^(?:[#>|\s]|-\s|\d+\.\s)+", "", line)).replace("[", " ").split()
    found = [" ".join(words[:n]) for n in (4, 3, 2) if len(words) >= n]
    return found + sorted((w for w in words if len(w) >= 4), key=len, reverse=True)


def _dimension(value: str | None) -> int | None:
    """A width or height as browsers read the attribute (leading digits), None when it sets none."""
    if value is None:
        return None
    digits = _DIMENSION.match(value)
    return int(digits.group(1)) if digits and digits.group(1) else None


class _Visible(HTMLParser):
    """Writes the HTML back with only what readable reads, leaving out what no reader gets."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self._skipping = 0  # depth inside an element no reader gets
        self._stack: list[str] = []  # open elements, innermost last
        self._headings = 0
        self._permalink: list[str] | None = None  # a heading's own link, read until its end decides what it is
        self._permalink_plain = True  # it holds nothing but text

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if self._skipping:
            if tag not in VOID:
                self._skipping += 1
            return
        if self._hidden(tag, attributes):
            if tag not in VOID:
                self._skipping = 1
            return
        if self._permalink is not None:
            self._permalink_plain = False
        if tag not in VOID:
            self._stack.append(tag)
        if tag in HEADINGS:
            self._headings += 1
        classes = attributes.get("class", "").split()
        if (tag == "a" and self._headings and classes == ["headerlink"]
                and attributes.get("href", "").startswith("#") and self._permalink is None):
            self._permalink, self._permalink_plain = [], True
            self._permalink_start = f'<a href="{html_module.escape(attributes["href"])}">'
            return
        self._write(_start_tag(tag, attributes))
        if title := attributes.get("title", "").strip():
            self._write(f" ({html_module.escape(title)}) ")
        if tag == "q":
            self._write("“")
        elif tag in STRUCK:
            self._write("~~")
        elif tag == "ol" and "reversed" in attributes:
            self._write("<p>(numbered downwards)</p>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self._skipping:
            self._skipping -= 1
            return
        if tag not in self._stack:
            return
        while self._stack:
            open_tag = self._stack.pop()
            if open_tag == "a" and self._permalink is not None:
                self._end_permalink()
                if open_tag == tag:
                    return
                continue
            if open_tag == "q":
                self._write("”")
            elif open_tag in STRUCK:
                self._write("~~")
            if open_tag in HEADINGS:
                self._headings -= 1
            self._write(f"</{open_tag}>")
            if open_tag == tag:
                return

    def handle_data(self, data):
        if not self._skipping:
            self._write(html_module.escape(html_module.unescape(data), quote=False))

    def handle_entityref(self, name):
        self.handle_data(f"&{name};")

    def handle_charref(self, name):
        self.handle_data(f"&#{name};")

    def close(self):
        super().close()
        if self._permalink is not None:
            self._end_permalink()

    def _write(self, piece: str) -> None:
        (self._permalink if self._permalink is not None else self.out).append(piece)

    def _end_permalink(self) -> None:
        """A heading's "¶" is the site's decoration, read by no one as text; anything else is an ordinary link."""
        inside, self._permalink = "".join(self._permalink or []), None
        if self._permalink_plain and html_module.unescape(inside).strip() in ("", "¶"):
            return
        self.out.append(f"{self._permalink_start}{inside}</a>")

    def _hidden(self, tag: str, attributes: dict[str, str]) -> bool:
        if tag in NEVER_SHOWN or "hidden" in attributes:
            return True
        if tag == "dialog" and "open" not in attributes:
            return True
        if tag == "input" and attributes.get("type", "").lower() == "hidden":
            return True
        if attributes.get("aria-hidden", "").strip().lower() == "true":
            return True
        if HIDING_STYLE.search(attributes.get("style", "")):
            return True
        if HIDING_CLASSES & set(attributes.get("class", "").split()):
            return True
        if tag == "img":
            sizes = [_dimension(attributes.get("width")), _dimension(attributes.get("height"))]
            return any(size is not None and size < SMALLEST_SEEN for size in sizes)
        return False


def _start_tag(tag: str, attributes: dict[str, str]) -> str:
    """The start tag with only what readable reads (a link's target, an image's source and text, numbering, a
    heading's id)."""
    kept = {"a": ("href",), "img": ("src", "alt"), "ol": ("start",), "li": ("value",)}.get(tag, ())
    if tag in HEADINGS:
        kept = ("id",)
    written = "".join(f' {name}="{html_module.escape(attributes[name])}"' for name in kept if name in attributes)
    return f"<{tag}{written}>"


FIX = ("readers must get exactly the words the record holds. If the line was written so (a tag left open, text "
       "hidden by an attribute, an image no one sees whose alt text only screen readers hear), write it in plain "
       "Markdown; if the words are not in the file, the site's own parts or the theme (overrides/, hooks/, "
       "policykit/site_chrome.py, mkdocs.yml) added, removed or moved them: make them leave the policy's text as "
       "policykit renders it.")


def final_page_problem(source: Expanded, recorded: str, page_html: str,
                       link: Callable[[str], str] = lambda target: target) -> Problem | None:
    """None if readers of the finished page get the recorded text `recorded`; else the problem, at the line of the
    writer's file where the first differing block was written (`source`: the page's expanded Markdown). `link`
    gives a recorded link target as the engine writes it into this page (engine_link): the same document, at the
    address readers follow."""
    try:
        reader = reader_text(page_html)
    except NotAPolicyPage as error:
        return Problem(source.origins[0].path if source.origins else "", None,
                       f"the finished page does not show the policy inside the site's own parts: {error}.",
                       "keep policykit/site_chrome.py's header and version history around the policy, and the "
                       "theme's template (overrides/) around the page's content.")
    difference = first_difference(reader, recorded, link)
    if difference is None:
        return None
    what = (f"what readers get on this page differs from the recorded text of its version (its fingerprint) at "
            f"line {difference.line} of the text: readers get {_quoted(difference.reader)}, the record holds "
            f"{_quoted(difference.record)}.")
    line = next((found for hint in hints(difference.reader) + hints(difference.record)
                 if (found := source.line_containing(hint)) is not None), None)
    if line is None:
        return Problem(source.origins[0].path if source.origins else "", None, what, FIX)
    return source.problem(line, what, FIX)


def _quoted(line: str | None) -> str:
    if line is None:
        return "nothing (the text ends before)"
    return f"“{line if len(line) <= 200 else line[:199] + '…'}”"
