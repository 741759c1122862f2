"""The HTML the site publishes from writers' content: one allowlist, everything outside it named for the
writer (find_unsafe), and the same allowlist applied by nh3 (clean) to what is published.

The check reads the HTML as a reader's browser does: nh3's parser (html5ever, the HTML standard's algorithm)
reads it first, so character references, letter case, comments, CDATA, unclosed and misnested tags mean to
the check exactly what they mean to a browser. Python's own html.parser only reads html5ever's re-written,
unambiguous output.
"""

from __future__ import annotations

import html as html_module
import re
import secrets
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

# What a legal text needs, and nothing that can run code, load something from elsewhere, or hide text. Nothing
# readers see or hear may differ from the recorded text (policykit/text.py): no struck-out words (<s>, <del>:
# recorded as if in force), no quotation marks the browser adds (<q>).
ELEMENTS = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "dl", "dt", "dd",
    "a", "strong", "b", "em", "i", "u", "ins", "sub", "sup", "small", "mark", "abbr", "dfn",
    "code", "pre", "kbd", "blockquote", "cite", "time", "span", "div", "figure", "figcaption", "img",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
})
# Attributes by element; "*" is every allowed element. `class` is governed by CLASSES, enumerated values by
# VALUES. No `style` (CSS can hide words or load from elsewhere), no `hidden`, no `name`, no data-*.
# No title (a tooltip, read aloud, never recorded) and no reversed numbering (the recorded text counts up); the
# toc's own heading links (_PERMALINK) keep theirs.
ATTRIBUTES = {
    "*": frozenset({"id", "lang"}),
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "ol": frozenset({"start"}),
    "th": frozenset({"colspan", "rowspan"}),
    "td": frozenset({"colspan", "rowspan"}),
    "time": frozenset({"datetime"}),
}
# Python-Markdown's tables write column alignment as align="…" with `use_align_attribute`, which
# Material's stylesheet honours; its default, style="text-align: …", is not accepted (see ATTRIBUTES).
VALUES = {
    "th": {"align": frozenset({"left", "center", "right"}), "scope": frozenset({"row", "col", "rowgroup", "colgroup"})},
    "td": {"align": frozenset({"left", "center", "right"})},
}
# Classes select the theme's styles and scripts (Material's md-*; the site's print-only and sr-only hide
# text): none is the writer's; the only one Python-Markdown writes is on the toc's links, set aside below.
CLASSES: dict[str, frozenset[str]] = {}
# Python-Markdown's toc writes this link at the end of every heading (permalink: true): the site's own, set aside
# by both find_unsafe and clean. Anywhere else, or written by hand, a "headerlink" hides everything up to its end
# from the recorded text (text.py skips its content as the "¶" it should be) while readers see it, and a link's
# title is heard but never recorded.
_PERMALINK = re.compile(r'<a class="headerlink" href="#[^"<>&]*" title="Permanent link">(?:&para;|¶)</a>(?=</h[1-6]>)')
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Material finds its own parts by id (__config, __drawer, __search, __toc, __nav_2 …); an earlier element
# with the same id in the text would be found instead.
RESERVED_ID_PREFIXES = ("__", "md-")

# The attributes nh3 checks as addresses (ammonia's is_url_attr); the check renames them so that nh3's
# reading keeps every address, good or bad, for the check to name.
_URL_ATTRIBUTE = re.compile(r"(?<=[\s/\"'])(href|src|action|data|formaction|ping|poster)(?=[\s/>=]|$)", re.I)
_URL_RENAMED = "policykit-url-"
# How the HTML tokenizer starts an element: "<" and a letter; the name runs to a space, "/" or ">".
_TAG_NAME = re.compile(r"<([A-Za-z][^\t\n\f\r />]*)")
# Comments as the HTML standard ends them ("<!-->" is a whole comment), and other markup declarations.
_COMMENT = re.compile(r"<!--(?:-?>|.*?(?:--!?>|\Z))|<[!?][^>]*>", re.S)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# In plain text: control characters other than spacing (which pages fold into one space), and the
# characters that reorder or hide what a reader sees (bidirectional overrides, a byte-order mark).
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
# What browsers strip from both ends of an address (control characters and spaces) and from within it.
_EDGE = "".join(map(chr, range(0x21)))
_INSIDE = str.maketrans("", "", "\t\n\r")
_STYLE_ALIGN = re.compile(r"text-align:\s*(left|center|right);?")
_NUMERIC_REFERENCE = re.compile(r"&#(?:([xX])([0-9a-fA-F]{1,8})|([0-9]{1,10}))")
_ATTRIBUTE_VALUE = r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"""

_SCRIPTS = frozenset({"script", "noscript", "template"})
_LOADERS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "link", "style", "meta", "base",
                      "audio", "video", "source", "track", "picture", "portal", "image"})
_FORMS = frozenset({"form", "input", "button", "select", "option", "textarea", "label", "fieldset", "output",
                    "datalist", "optgroup", "legend", "dialog"})
_DRAWINGS = frozenset({"svg", "math"})
_REMOVE = "Remove it, and write the text in plain Markdown."


@dataclass(frozen=True)
class Unsafe:
    """One thing in the HTML that the site will not publish.

    `what` names it for a writer; `hint` is a short string as it appears in the writer's source (a tag such
    as "<style", an attribute name, an address as written), for the build to find the line; `fix` says
    what to do. Found in document order: a hint repeated means a repeated occurrence."""

    what: str
    hint: str
    fix: str


def plain_text_problem(value: str) -> str | None:
    """None if a registry value, title or label is plain text; else what is wrong, worded to follow the
    field's name ('brand "acme": "name" contains …')."""
    decoded = html_module.unescape(value)
    if "<" in value or ">" in value:
        return "contains “<” or “>”, which a page would read as HTML: this is plain text"
    if "<" in decoded or ">" in decoded:
        return "contains a character code (such as &lt; or &#60;) standing for “<” or “>”: this is plain text"
    if _INVISIBLE.search(value):
        return ("contains an invisible character (a control character, or one that reverses the direction "
                "of the text), which would make readers see something other than what is written")
    if any(_INVISIBLE.match(chr(code)) for code in _code_points(value)):
        return "contains a character code (such as &#7; or &#8238;) for an invisible character"
    return None


def _code_points(value: str) -> list[int]:
    """The characters that numeric references (&#7; &#x202e;) stand for: Python's unescape drops some of them."""
    codes = [int(m.group(2), 16) if m.group(1) else int(m.group(3)) for m in _NUMERIC_REFERENCE.finditer(value)]
    return [code for code in codes if code < 0x110000]


def clean(html: str, reserved_ids=()) -> str:
    """The HTML with everything outside the allowlist removed (nh3), as the site publishes it."""
    reserved = frozenset(reserved_ids)

    def keep(tag: str, attribute: str, value: str) -> str | None:
        return None if _value_problem(tag, attribute, value, reserved) else value

    # The heading links stand aside as a word no text can guess, and come back after nh3, written as nh3 writes them.
    links = iter(nh3.clean(link, tags={"a"}, attributes={"a": {"class", "href", "title"}}, link_rel=None)
                 for link in _PERMALINK.findall(html))
    marker = f"policykit-permalink-{secrets.token_hex(16)}"
    cleaned = nh3.clean(_PERMALINK.sub(marker, html), tags=set(ELEMENTS), attributes=_nh3_attributes(),
                        tag_attribute_values=_nh3_values(), url_schemes=set(LINK_SCHEMES), attribute_filter=keep,
                        link_rel=None, strip_comments=True)
    return re.sub(marker, lambda _: next(links), cleaned)


def find_unsafe(html: str, reserved_ids=()) -> list[Unsafe]:
    """Everything clean() would remove from the HTML, each named for the writer, in document order."""
    reserved = frozenset(reserved_ids)
    html = _PERMALINK.sub("", html)  # the site's own heading links
    found: list[Unsafe] = []
    reported: set[str] = set()
    for tag, attributes in _elements(_as_read(_URL_ATTRIBUTE.sub(_URL_RENAMED + r"\1", html))):
        if tag not in ELEMENTS:
            reported.add(tag)
            found.append(_element(tag, html))
            continue
        for name, value in attributes:
            found += _attribute(tag, name.removeprefix(_URL_RENAMED), value.replace(_URL_RENAMED, ""), reserved, html)
    # Tags the parser drops where a page's text goes (<body>, <frame>, <head>) never reach its reading.
    for name in dict.fromkeys(m.group(1).lower() for m in _TAG_NAME.finditer(_COMMENT.sub("", html))):
        if name not in ELEMENTS and name not in reported:
            found.append(_element(name, html))
    if not found:
        # A safety net: nh3 removes something that neither rule above names (the tests keep it from firing).
        published, read = clean(html, reserved), _as_read(html, url_schemes=LINK_SCHEMES)
        if published != read:
            found.append(Unsafe("markup that the site cannot publish as written", _first_difference(
                read, published, html), "Write this part in plain Markdown, without HTML."))
    return found


def _as_read(html: str, url_schemes=frozenset()) -> str:
    """The HTML as a browser's parser reads it, written out again with every element and attribute kept
    (comments dropped): nothing in it depends on how a parser treats odd markup any more."""
    written = {match.group(1) for match in _TAG_NAME.finditer(html)}
    return nh3.clean(html, tags=set(ELEMENTS) | written | {name.lower() for name in written},
                     clean_content_tags=set(), attributes={}, generic_attribute_prefixes={""}, link_rel=None,
                     url_schemes=set(url_schemes), strip_comments=True)


class _Reader(HTMLParser):
    """Each element's name and attributes, in document order, from html5ever's re-written HTML."""

    # html5ever writes the text of these elements out raw, as the parser read it: it is text, not markup.
    # (HTMLParser's own CDATA_CONTENT_ELEMENTS names only script and style, and is Final.)
    RAW_TEXT_ELEMENTS = ("script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str]]]] = []

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, [(name, value or "") for name, value in attrs]))

    def handle_starttag(self, tag, attrs):
        self.handle_startendtag(tag, attrs)
        if tag in self.RAW_TEXT_ELEMENTS:
            self.set_cdata_mode(tag)


def _elements(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.elements


def _element(tag: str, html: str) -> Unsafe:
    if tag in _SCRIPTS:
        why = "pages must not carry scripts"
    elif tag in _LOADERS:
        why = "it loads or changes things outside the text (styles, frames, other pages, other sites)"
    elif tag in _FORMS:
        why = "forms and their fields could send readers' data elsewhere"
    elif tag in _DRAWINGS:
        why = "drawings and formulas written in HTML can carry scripts and load other sites"
    elif tag in {"html", "head", "body"}:
        why = "the site writes each page's frame itself"
    elif tag in {"s", "del", "strike", "q"}:
        why = ("readers would see it differently from the recorded text of the policy (struck-out words are recorded "
               "as in force; the browser adds quotation marks)")
    else:
        why = "the site publishes only what a legal text needs: headings, paragraphs, lists, tables, links, emphasis"
    article = "an" if tag[:1] in ("a", "e", "i", "o", "u") else "a"
    return Unsafe(f"{article} <{tag}> element: {why}", _as_written(html, "<" + tag), _REMOVE)


def _attribute(tag: str, name: str, value: str, reserved: frozenset, html: str) -> list[Unsafe]:
    if name == "title":  # Markdown writes it from [text](address "title"): the hint is the title as written
        return [Unsafe(f"the attribute title on <{tag}>: readers would see or hear it, but the recorded text of the "
                       "policy leaves it out", _value_as_written(html, name, value),
                       "Remove it: write what it says in the text itself. In Markdown, write a link or an image "
                       "without a title in quotes after its address.")]
    if name == "class" and "headerlink" in value.split():
        return [Unsafe(f"the class headerlink on <{tag}>: readers would see what the recorded text of the policy "
                       "leaves out (the site writes it only on its own heading links)", _as_written(html, "headerlink"),
                       "Remove the link; the site adds a link to every heading itself.")]
    if name in VALUES.get(tag, {}):
        if value.lower() in VALUES[tag][name]:
            return []
        allowed = ", ".join(sorted(VALUES[tag][name]))
        return [Unsafe(f'the value "{value}" of the attribute {name} on <{tag}> (allowed: {allowed})',
                       _as_written(html, name), f"Use one of: {allowed}, or remove the attribute.")]
    if name == "class":
        return [_class(tag, unknown, html) for unknown in _unknown_classes(tag, value)] or (
            [] if tag in CLASSES else [_not_allowed(tag, name, html)])
    if name not in _allowed_attributes(tag):
        return [_not_allowed(tag, name, html, value)]
    problem = _value_problem(tag, name, value, reserved) or _rejected_address(tag, name, value)
    if not problem:
        return []
    hint = _as_written(html, value) if name == "id" else _value_as_written(html, name, value)
    return [Unsafe(problem, hint, _fix_for(tag, name))]


def _not_allowed(tag: str, name: str, html: str, value: str = "") -> Unsafe:
    aligned = _STYLE_ALIGN.fullmatch(value.strip()) if name == "style" and tag in ("th", "td") else None
    if aligned:
        # Python-Markdown's default for a column's alignment: a setting of the site, not the writer's doing.
        return Unsafe(f"a table column aligned {aligned.group(1)} with a style attribute on <{tag}>",
                      "-:" if aligned.group(1) == "right" else ":-",
                      "The site's Markdown settings must write align=… for tables (tables: use_align_attribute: "
                      "true); until then, remove the colons from the table's separator line.")
    if name.startswith("on"):
        why = ": it would run a script"
    elif name == "style":
        why = ": the look of the text comes from the site's stylesheet only"
    elif name in {"srcset", "background", "poster", "ping", "action", "formaction", "data"}:
        why = ": it would make readers' browsers contact another address"
    elif name in {"hidden", "inert", "popover"}:
        why = ": it would hide text that the policy says"
    else:
        why = ", which the site does not publish"
    return Unsafe(f"the attribute {name} on <{tag}>{why}", _as_written(html, name),
                  "Remove it. In Markdown, {: … } after a heading may only give it an id, such as {#children}.")


def _class(tag: str, name: str, html: str) -> Unsafe:
    return Unsafe(f'the class "{name}" on <{tag}>: classes choose the site\'s own styles and scripts',
                  _as_written(html, name), "Remove the class; the site styles the text itself.")


def _allowed_attributes(tag: str) -> frozenset[str]:
    return ATTRIBUTES["*"] | ATTRIBUTES.get(tag, frozenset()) | ({"class"} if tag in CLASSES else frozenset())


def _unknown_classes(tag: str, value: str) -> list[str]:
    return [name for name in value.split() if name not in CLASSES.get(tag, frozenset())]


def _value_problem(tag: str, name: str, value: str, reserved: frozenset) -> str | None:
    """What is wrong with an allowed attribute's value, beyond what nh3 checks itself (schemes)."""
    if name == "class":
        return "classes the site does not publish" if _unknown_classes(tag, value) else None
    if name == "id":
        if value in reserved or value.lower().startswith(RESERVED_ID_PREFIXES):
            return f'the id "{value}" on <{tag}>: the site\'s own page parts use it'
        return None
    if name not in ("href", "src"):
        return None
    address = value.strip(_EDGE).translate(_INSIDE)
    if _CONTROL.search(address):
        return f"an address with an invisible control character: {_shown(address)}"
    scheme = _SCHEME.match(address)
    if tag == "img" and (scheme or address[:2] in ("//", "\\\\", "/\\", "\\/")):
        if scheme and scheme.group(1).lower() not in ("http", "https"):
            return f"an image written into the page as a {scheme.group(1).lower()}: address"
        return f"an image from another site: {_shown(address)}"
    if scheme and scheme.group(1).lower() not in LINK_SCHEMES:
        return f"a link to {_shown(address)}: only web (http, https), mailto: and tel: links are published"
    return None


def _rejected_address(tag: str, name: str, value: str) -> str | None:
    """An address nh3 itself drops (its scheme, or not a valid address at all), which _value_problem passed."""
    if name not in ("href", "src"):
        return None
    probe = f'<{tag} {name}="{html_module.escape(value)}">'
    kept = nh3.clean(probe, tags={tag}, attributes={tag: {name}}, url_schemes=set(LINK_SCHEMES), link_rel=None)
    return None if f"{name}=" in kept else f"the address {_shown(value)}, which is not a valid web address"


def _fix_for(tag: str, name: str) -> str:
    if name == "id":
        return "Give the heading another id, such as {#contact-details}."
    if tag == "img":
        return "Put the image in docs/assets/ and write its address relative to the page, such as ../../assets/map.png."
    return ("Link to a web page (https://…), an e-mail address (mailto:…) or a phone number (tel:…), "
            "or remove the link.")


def _shown(address: str) -> str:
    """An address as a writer reads it: control characters made visible, long ones shortened."""
    visible = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", address)
    return visible if len(visible) <= 80 else visible[:77] + "…"


def _as_written(html: str, needle: str) -> str:
    """The needle as the writer spelled it (letter case), when it is in the HTML at all."""
    match = re.search(re.escape(needle), html, re.I)
    return match.group() if match else needle


def _value_as_written(html: str, name: str, value: str) -> str:
    """An attribute's value as written, character references included, for the build to find the line."""
    for match in re.finditer(r"(?<![\w-])" + re.escape(name) + _ATTRIBUTE_VALUE, html, re.I):
        raw = next(group for group in match.groups() if group is not None)
        # Python's unescape drops the control characters that the HTML parser keeps: compare without them.
        if _CONTROL.sub("", html_module.unescape(raw)) == _CONTROL.sub("", value):
            # Python-Markdown writes a written "&" as "&amp;": the part before it is as the writer wrote it.
            return raw.split("&amp;")[0] or raw
    return value


def _first_difference(read: str, published: str, html: str) -> str:
    """The tag, as written, in which the published HTML first differs from the HTML as read."""
    at = next((i for i, (a, b) in enumerate(zip(read, published)) if a != b), min(len(read), len(published)))
    tags = [match.group(1) for match in _TAG_NAME.finditer(read, 0, at + 1)]
    if not tags:
        return html.strip()[:20]
    # The same element in the HTML as written: the same count of its name before it.
    written = re.findall("<" + re.escape(tags[-1]) + r"(?=[\s/>])", html, re.I)
    return written[min(tags.count(tags[-1]), len(written)) - 1] if written else "<" + tags[-1]


def _nh3_attributes() -> dict[str, set[str]]:
    return {"*": set(ATTRIBUTES["*"]), **{tag: set(_allowed_attributes(tag) - ATTRIBUTES["*"]) for tag in ELEMENTS}}


def _nh3_values() -> dict[str, dict[str, set[str]]]:
    return {tag: {name: set(values) for name, values in names.items()} for tag, names in VALUES.items()}
