"""A policy text written elsewhere, made into Markdown the site shows as the source's own site showed it, with a
report of every change naming the source's own line numbers.

Real sources write Markdown the site's checks were not made for: Setext headings (Open Terms Archive), HTML
comments, `<a name>` anchors, Jekyll/Liquid variables (GitHub's site-policy), code indented after a list. None of
them stops an import: each is turned into what the site accepts and shows the same way, or kept as the source shows
it, and listed in the report. Words are never changed, except Liquid variables given a value in a mapping file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from policykit.links import anchor_findings
from policykit.github_markdown import github_differences, normalize_github_markdown
from policykit.markdown_dialect import github_parser, render
from policykit.sanitizer import find_unsafe
from policykit.stated_dates import StatedDate, find_stated_date

COMMENT_START, COMMENT_END = "<!--", re.compile(r"--!?>")
# An empty anchor, <a name="x"></a> or <a id="x"/>: the old way of marking a place for links to #x.
ANCHOR = re.compile(r"""<a\s+(?:name|id)\s*=\s*["']([^"'<>]+)["']\s*/?>\s*(?:</a>)?""", re.IGNORECASE)
# What attr_list accepts as a heading's id, {#x}; other ids stay anchors of their own.
HEADING_ID = re.compile(r"^[A-Za-z][\w-]*$")
ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
HAS_ATTRIBUTES = re.compile(r"\{:?\s*#[\w-]+[^}]*\}\s*$")
LIQUID = re.compile(r"\{\{\s*(.*?)\s*\}\}|\{%\s*(.*?)\s*%\}")
SITE_RELATIVE_LINK = re.compile(r"\]\((/(?:[^()\s]|\([^()\s]*\))*)")  # a link target may hold (balanced) brackets
REPORTED_LINE = re.compile(r"^line (\d+): ")
INLINE_MARKS = re.compile(r"[*_`]+|\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class Prepared:
    """One source text as the site will show it."""

    title: str | None  # from the front matter, or the first # heading (which the site prints as the title)
    body: str
    stated: StatedDate | None  # its line is the source's line
    report: list[str]  # "line 12: …", the source's own line numbers
    origins: tuple[int, ...] = ()  # the source's line of each line of `body`


class _Text:
    """The text's lines, each remembering its line in the source file (1-based), and the report so far."""

    def __init__(self, lines: list[str], first: int):
        self.lines = lines
        self.origins = list(range(first, first + len(lines)))
        self.report: list[tuple[int, str]] = []

    def note(self, index: int, what: str, last: int | None = None) -> None:
        self.note_at(self.origins[index], what, self.origins[last] if last is not None else None)

    def note_at(self, first: int, what: str, last: int | None = None) -> None:
        """A report line for source lines first to last."""
        last = first if last is None else last
        self.report.append((first, f"line {first}: {what}" if last == first else f"lines {first}–{last}: {what}"))

    def delete(self, start: int, end: int) -> None:
        del self.lines[start:end], self.origins[start:end]

    @property
    def markdown(self) -> str:
        return "\n".join(self.lines)

    def code_lines(self) -> set[int]:
        """Lines inside code blocks, where GitHub shows everything as written."""
        inside: set[int] = set()
        for token in github_parser().parse(self.markdown):
            if token.type in ("fence", "code_block") and token.map:
                inside.update(range(*token.map))
        return inside


def prepare(text: str, *, language: str, variables: dict[str, str], link_base: str | None) -> Prepared:
    """The source text (front matter included, as read from the source) made ready for the site."""
    text = text.replace("\r\n", "\n").removeprefix("\ufeff")
    meta, body, first = _front_matter(text)
    lines = _Text(body.split("\n"), first)
    _drop_comments(lines)
    _setext_to_atx(lines)
    title = str(meta.get("title") or "").strip() or _title_heading(lines)
    stated = _stated_date(lines, language)
    _anchors(lines)
    _liquid(lines, variables)
    if link_base:
        _absolute_links(lines, link_base.rstrip("/"))
    _unlinkable(lines)
    _remote_images(lines)
    _unpublishable_links(lines)
    _fence_indented_code(lines)
    body, origins = _normalized(lines)
    return Prepared(" ".join(title.split()) or None, body, stated, [line for _, line in sorted(
        lines.report, key=lambda entry: entry[0])], tuple(origins))


def _front_matter(text: str) -> tuple[dict, str, int]:
    """The front matter's values, the body, and the body's first line in the file."""
    if text.startswith("---\n") and (end := text.find("\n---\n", 3)) >= 0:
        try:
            meta = yaml.safe_load(text[4:end]) or {}
        except yaml.YAMLError:
            meta = {}  # front matter the source's own site could not read either: no title from it
        return (meta if isinstance(meta, dict) else {}), text[end + 5:], text[:end + 5].count("\n") + 1
    return {}, text, 1


def _drop_comments(text: _Text) -> None:
    """HTML comments: notes of the source's writers, which GitHub never shows."""
    code = text.code_lines()
    lines: list[str] = []
    origins: list[int] = []
    opened = None  # the source line where the comment being read began
    dropped = False  # a line was left out since the last line kept
    for index, line in enumerate(text.lines):
        origin, out, rest = text.origins[index], "", line
        while rest and (index not in code or opened is not None):
            if opened is not None:
                end = COMMENT_END.search(rest)
                rest = "" if end is None else rest[end.end():]
                if end is not None:
                    text.note_at(opened, "left out an HTML comment (GitHub does not show it)", origin)
                    opened = None
            elif (start := rest.find(COMMENT_START)) >= 0:
                out, rest, opened = out + rest[:start], rest[start + len(COMMENT_START):], origin
            else:
                out, rest = out + rest, ""
        out = line if index in code and not out else out
        if out != line and not out.strip():  # a line that held nothing but a comment is left out with it
            dropped = True
            continue
        if not out.strip() and dropped and lines and not lines[-1].strip():
            continue  # the blank lines around a comment that was left out are one
        lines.append(out if out == line else out.rstrip())
        origins.append(origin)
        dropped = False
    if opened is not None:
        text.note_at(opened, "an HTML comment is never closed, so GitHub shows nothing after it, and neither does "
                             "the site (the source's own Markdown: close the comment with --> in the source)")
    text.lines, text.origins = lines, origins


def _setext_to_atx(text: _Text) -> None:
    """Headings underlined with === or --- become # headings, which the site's checks and anchors expect."""
    for token in reversed(github_parser().parse(text.markdown)):
        if token.type == "heading_open" and token.markup in ("=", "-") and token.level == 0:
            assert token.map is not None  # a block's token always has its lines
            start, end = token.map
            words = " ".join(line.strip() for line in text.lines[start:end - 1])
            level = 1 if token.markup == "=" else 2
            text.note(start, f'the heading "{words}" underlined with {token.markup * 3} is written '
                             f'{"#" * level} {words}', end - 1)
            text.lines[start] = f"{'#' * level} {words}"
            text.delete(start + 1, end)


def _title_heading(text: _Text) -> str:
    """The text of the first # heading, or of a heading of any level that opens the text (as Open Terms Archive's
    records often do), left out of the body: the site prints each policy's title itself."""
    code = text.code_lines()
    opening = next((i for i, line in enumerate(text.lines) if line.strip()), None)
    for index, line in enumerate(text.lines):
        if index not in code and (match := ATX.match(line)) and (len(match.group(1)) == 1 or index == opening):
            title = INLINE_MARKS.sub(lambda m: m.group(1) or "", match.group(2)).strip()
            text.note(index, f'the heading "{title}" is the policy\'s title, which the site prints above the text')
            text.delete(index, index + 1)
            return title
    return ""


def _stated_date(text: _Text, language: str) -> StatedDate | None:
    """The date the text states; a line that says nothing else is left out (the site states each date)."""
    stated = find_stated_date(text.markdown, language)
    if stated is None:
        return None
    index = stated.line - 1
    source = StatedDate(text.origins[index], stated.written, stated.date, stated.problem, stated.whole_line)
    if stated.whole_line and stated.date is not None:
        text.note(index, f'left out the line "{stated.written}": the site states each version\'s date itself')
        text.delete(index, index + 1)
    return source


def _anchors(text: _Text) -> None:
    """<a name="x"> anchors, which the site does not publish (no name attributes), as ids links to #x still
    reach: the id of the heading they mark ({#x}), or an anchor with an id."""
    code = text.code_lines()
    for index in reversed(range(len(text.lines))):
        line = text.lines[index]
        if index in code or not ANCHOR.search(line):
            continue
        anchors = ANCHOR.findall(line)
        rest = ANCHOR.sub("", line).strip()
        heading = index if ATX.match(rest) else _next_heading(text, index) if not rest else None
        if heading is not None and HEADING_ID.match(anchors[0]) and \
                not HAS_ATTRIBUTES.search(text.lines[heading] if heading != index else rest):
            text.note(index, f'the anchor <a name="{anchors[0]}"> is the id of the heading it marks '
                             f"({{#{anchors[0]}}}): links to #{anchors[0]} still lead there")
            target = rest if heading == index else text.lines[heading]
            others = "".join(f'<a id="{name}"></a>' for name in anchors[1:])
            text.lines[heading] = f"{target} {{#{anchors[0]}}}" + (f" {others}" if others else "")
            if heading != index:
                text.delete(index, index + 1)
        else:
            text.lines[index] = ANCHOR.sub(lambda m: f'<a id="{m.group(1)}"></a>', line)
            text.note(index, "the anchor " + ", ".join(f'<a name="{name}">' for name in anchors)
                             + " is written with id= (the site publishes no name attributes): links to it still lead "
                               "there")


def _next_heading(text: _Text, index: int) -> int | None:
    """The heading right after an anchor's line (blank lines between them allowed), if that is what follows."""
    for following in range(index + 1, len(text.lines)):
        if text.lines[following].strip():
            return following if ATX.match(text.lines[following]) else None
    return None


def _liquid(text: _Text, variables: dict[str, str]) -> None:
    """Jekyll/Liquid variables, which the source's site filled in: the value given for them, else the variable
    kept as visible text (escaped, so the site does not read it as one of its own brand variables)."""
    code = text.code_lines()
    for index, line in enumerate(text.lines):
        if index in code or not LIQUID.search(line):
            continue

        def replaced(match: re.Match) -> str:
            name = match.group(1) if match.group(1) is not None else match.group(2)
            if match.group(1) is not None and name in variables:
                text.note(index, f'{{{{ {name} }}}} is "{variables[name]}" (from --variables)')
                return variables[name]
            text.note(index, f"WARNING: {match.group(0)} is kept as visible text: "
                             + ("give its value in the --variables file (YAML, `" + name + ": …`) and import again"
                                if match.group(1) is not None else
                                "a Liquid tag of the source's site, which has no value to give"))
            return match.group(0).replace("{", "\\{").replace("}", "\\}")

        text.lines[index] = LIQUID.sub(replaced, line)


def _absolute_links(text: _Text, base: str) -> None:
    code = text.code_lines()
    for index, line in enumerate(text.lines):
        if index not in code and SITE_RELATIVE_LINK.search(line):
            for target in SITE_RELATIVE_LINK.findall(line):
                text.note(index, f"the link {target} now reads {base}{target}")
            text.lines[index] = SITE_RELATIVE_LINK.sub(lambda m: f"]({base}{m.group(1)}", line)


# [text](target with a space): where GitHub reads no link (markdown-it decides), it shows the text as written,
# brackets included, while the site would make it a link. Its brackets escaped, both show the same plain text.
BRACKETED = re.compile(r"\[([^\]\n]*)\]\(([^)\n]*[^)\s][ \t]+[^)\s][^)\n]*)\)")


def _unlinkable(text: _Text) -> None:
    code = text.code_lines()
    parser = github_parser()

    def kept(match: re.Match) -> str:
        if any(token.type == "link_open" for token in parser.parseInline(match.group(0))[0].children or []):
            return match.group(0)
        return f"\\[{match.group(1)}\\]({match.group(2)})"

    for index, line in enumerate(text.lines):
        if index not in code and "](" in line:
            changed = BRACKETED.sub(kept, line)
            if changed != line:
                text.note(index, "a [text](address) GitHub shows as written, not as a link (its address has a space): "
                                 "kept as plain text")
                text.lines[index] = changed


# An image from another site: the site makes no request to another site (nor lets a reader's browser make one), so
# the image becomes a link to it, its description kept.
REMOTE_IMAGE = re.compile(r"!\[([^\]\n]*)\]\((\s*(?:https?:)?//[^)\s]+)\s*\)")


def _remote_images(text: _Text) -> None:
    _repair(text, REMOTE_IMAGE, lambda m: f"[{(m.group(1).strip() or 'Image')}]"
                                          f"({re.sub('^//', 'https://', m.group(2).strip())})",
            lambda m: f"the image {m.group(2).strip()} (from another site) is a link to it instead: the site loads "
                      "nothing from elsewhere")


# A link the site does not publish (about:blank, javascript:…, as pages saved from a browser have them): its text
# is kept, the link is not.
UNPUBLISHABLE_LINK = re.compile(r"(?<!!)\[((?:\\.|[^\]\\\n])*)\]\(\s*((?:about|javascript|data|file):[^)\s]*)\s*\)",
                                re.I)  # the text may hold escaped brackets: [\[email protected\]](about:blank)


def _unpublishable_links(text: _Text) -> None:
    _repair(text, UNPUBLISHABLE_LINK, lambda m: m.group(1),
            lambda m: f"the link to {m.group(2)} is left out (the site publishes only web, e-mail and phone links); "
                      f"its text \"{m.group(1)}\" is kept")


def _repair(text: _Text, pattern: re.Pattern, replacement, said) -> None:
    """Each match of `pattern` outside code replaced, and reported at its source line in `said`'s words."""
    code = text.code_lines()
    for index, line in enumerate(text.lines):
        if index not in code and pattern.search(line):
            for match in pattern.finditer(line):
                text.note(index, said(match))
            text.lines[index] = pattern.sub(replacement, line)


def _fence_indented_code(text: _Text) -> None:
    """Code indented by 4 spaces, fenced with ``` instead: after a list the site would read the indented lines as
    the list's text, while GitHub shows them as code. Kept as code, as the source shows it."""
    tokens = github_parser().parse(text.markdown)
    for position in reversed(range(len(tokens))):
        token = tokens[position]
        if token.type != "code_block" or token.level != 0:
            continue
        assert token.map is not None  # a block's token always has its lines
        start, end = token.map
        while end > start and not text.lines[end - 1].strip():
            end -= 1
        code = [_unindent(line) for line in text.lines[start:end]]
        fence = "`" * max(3, 1 + max((len(run) for line in code for run in re.findall(r"`+", line)), default=0))
        after_list = position > 0 and tokens[position - 1].type in ("bullet_list_close", "ordered_list_close")
        text.note(start, "GitHub shows these lines as code, because they are indented by 4 spaces"
                  + (" after a list (the source's own Markdown: probably meant as the text of the list item above, "
                     "which needs the item's indent); kept as code, as the source shows it" if after_list else "")
                  + "; written as a ``` code block, which the site shows as code too", end - 1)
        text.lines[start:end] = [fence, *code, fence]
        text.origins[start:end] = [text.origins[start], *text.origins[start:end], text.origins[end - 1]]


def _unindent(line: str) -> str:
    return line[1:] if line.startswith("\t") else line[min(4, len(line) - len(line.lstrip(" "))):]


def _normalized(text: _Text) -> tuple[str, list[int]]:
    """GitHub's blank lines and heading marks as the site needs them (github_markdown's normalisation), its
    report moved to the source's lines; then whatever GitHub and the site would still show differently, and
    what the site would refuse, listed for the writer with the source's line."""
    markdown = text.markdown.strip("\n")
    leading = len(text.markdown) - len(text.markdown.lstrip("\n"))
    origins = text.origins[text.markdown[:leading].count("\n"):]
    normalized, changes = normalize_github_markdown(markdown + "\n")
    for change in changes:
        number = REPORTED_LINE.match(change)
        assert number is not None  # every change is reported as "line N: …"
        line = origins[int(number.group(1)) - 1]
        text.report.append((line, f"line {line}: {change[number.end():]}"))
    new_origins = _follow(markdown.split("\n"), origins, normalized.split("\n"))
    for finding in github_differences(normalized):
        line = new_origins[min(finding.line, len(new_origins)) - 1]
        text.report.append((line, f"line {line}: PROBLEM (kept as the source has it; the site will stop here until "
                                  f"it is fixed): {finding.what} {finding.fix}"))
    lowered = normalized.lower().split("\n")
    html = render(normalized)
    for broken in anchor_findings(re.findall(r'href="(#[^"]*)"', html), html, lambda _: None):
        target = broken.what.split("“")[1].split("”")[0]
        index = next((i for i, line in enumerate(normalized.split("\n")) if f"]({target})" in line), 0)
        line = new_origins[min(index, len(new_origins) - 1)]
        text.report.append((line, f"line {line}: kept as the source has it (the site does not refuse it in an imported "
                                  f"text): {broken.what}"))
    for unsafe in find_unsafe(html):
        index = next((i for i, line in enumerate(lowered) if unsafe.hint.lower() in line), 0)
        line = new_origins[min(index, len(new_origins) - 1)]
        text.report.append((line, f"line {line}: PROBLEM (the site does not publish it): {unsafe.what}. "
                                  f"{unsafe.fix}"))
    return normalized, new_origins


def _follow(before: list[str], origins: list[int], after: list[str]) -> list[int]:
    """The source line of each normalised line: normalisation only inserts lines (blank, or a quote's marks) and
    removes spaces before heading marks."""
    result, index = [], 0
    for line in after:
        if index < len(before) and line.lstrip(" ") == before[index].lstrip(" "):
            result.append(origins[index])
            index += 1
        else:
            result.append(origins[min(index, len(origins) - 1)] if origins else 1)
    return result
