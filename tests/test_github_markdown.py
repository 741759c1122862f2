"""The site's Markdown renders what a writer saw on GitHub, or the differences are found, with line and fix."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from policykit.github_markdown import github_differences, normalize_github_markdown
from policykit.markdown_dialect import render

REAL = Path(__file__).resolve().parent / "real-content"
REAL_FILES = sorted(REAL.glob("github-privacy-statement-*.md"))


def body(path: Path) -> str:
    """A real GitHub statement without its own front matter."""
    return re.sub(r"\A---\n.*?\n---\n", "", path.read_text(encoding="utf-8"), count=1, flags=re.S)


def words_on_github(markdown: str) -> list[str]:
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    return re.sub(r"<[^>]+>", " ", html).split()


def nesting(html: str) -> list[tuple[int, str]]:
    """Each list item's depth and first word, in order."""
    depth, items = 0, []
    for tag, word in re.findall(r"<(/?[uo]l|li)[^>]*>\s*(?:<p>)?([^<\s]*)", html):
        if tag in ("ul", "ol"):
            depth += 1
        elif tag in ("/ul", "/ol"):
            depth -= 1
        else:
            items.append((depth, word))
    return items


def fixes(markdown: str) -> list[tuple[int, str]]:
    return [(finding.line, finding.fix) for finding in github_differences(markdown)]


# --- render ------------------------------------------------------------------------------------------------------

NESTED = [(1, "a"), (2, "b"), (3, "c"), (1, "d")]


@pytest.mark.parametrize("markdown", [
    "- a\n  - b\n    - c\n- d\n",  # 2 spaces, as GitHub and most editors write them
    "- a\n    - b\n        - c\n- d\n",  # 4 spaces
    "- a\n  - b\n      - c\n- d\n",  # both in one list
    "1. a\n   1. b\n      - c\n2. d\n",  # under numbered items, where their text starts
    "1. a\n    1. b\n        - c\n2. d\n",
])
def test_nested_lists_nest_as_on_github(markdown):
    assert nesting(render(markdown)) == NESTED
    assert github_differences(markdown) == []


def test_an_item_indented_less_than_its_parents_text_is_not_nested_as_on_github():
    assert nesting(render("1. a\n\n  - b\n\n2. c\n")) == [(1, "a"), (1, "b"), (1, "c")]


def test_continued_paragraphs_of_an_item_stay_in_the_item():
    html = render("- a\n\n  more about a\n\n- b\n")
    assert re.search(r"<li>\s*<p>a</p>\s*<p>more about a</p>\s*</li>", html)


def test_numbered_lists_keep_their_first_number_and_both_markers():
    assert '<ol start="3">' in render("3. third\n4. fourth\n")
    assert nesting(render("1) one\n2) two\n")) == [(1, "one"), (1, "two")]
    assert github_differences("1) one\n2) two\n") == []


def test_headings_have_visible_links_and_readable_ids():
    html = render("## 4. Передача данных\n")
    assert '<h2 id="peredacha-dannykh">4. Передача данных' in html
    assert re.search(r'<a class="headerlink" href="#peredacha-dannykh"[^>]*>&para;</a>', html)


def test_bare_addresses_become_links_with_the_text_as_written():
    html = render("Write to privacy@example.com or see https://example.com/terms, or www.example.com.\n")
    assert '<a href="https://example.com/terms">https://example.com/terms</a>,' in html
    assert '>www.example.com</a>.' in html
    assert "mailto:" in re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), html)
    assert github_differences("See https://example.com/terms.\n") == []


def test_render_is_deterministic_and_independent_between_calls():
    first = render("## 1. Scope\n\nText.\n")
    render("## 1. Scope\n\n## 2. Scope\n")  # ids used in one call must not leak into the next
    assert render("## 1. Scope\n\nText.\n") == first


def test_the_dialect_does_not_need_mkdocs():
    code = ("import sys, policykit.markdown_dialect as m; m.render('x'); "
            "print([name for name in sys.modules if name.startswith(('mkdocs', 'mike'))])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# --- github_differences: the known causes ------------------------------------------------------------------------

def test_a_list_right_after_a_paragraph_is_found_at_the_list():
    assert fixes("We collect:\n- your name;\n- your address.\n") == [(2, "Add a blank line before this list.")]
    assert fixes("Мы собираем:\n1. имя;\n2. адрес.\n") == [(2, "Add a blank line before this list.")]
    assert "runs it into the text above" in github_differences("We collect:\n- a\n")[0].what


def test_a_list_with_a_blank_line_before_it_is_fine():
    assert github_differences("We collect:\n\n- your name;\n- your address.\n") == []


def test_a_heading_with_a_space_before_it_is_found():
    [finding] = github_differences("Text.\n\n ### Affiliates\nWe share data.\n")
    assert (finding.line, finding.fix) == (3, "Remove the space before ### at the start of the line.")
    assert "prints it as text" in finding.what


def test_an_item_after_a_continued_paragraph_is_found():
    assert fixes("- a\n\n  more about a\n- b\n") == [(4, "Add a blank line before this list item.")]


def test_a_table_right_after_a_paragraph_is_found():
    assert fixes("Retention:\n| Data | Kept |\n|---|---|\n| logs | 90 days |\n") == [
        (2, "Add a blank line before this table.")]


def test_an_item_indented_less_than_its_parents_text_is_found():
    # GitHub shows three lists here: 1. a, then - b, then a list starting at 2.
    nested, numbered = github_differences("1. a\n  - b\n2. c\n")
    assert nested.line == 2 and "3 spaces" in nested.fix and "does not nest" in nested.what
    assert (numbered.line, numbered.fix) == (3, "Add a blank line before this list.")


def test_a_numbered_list_right_after_a_bulleted_one_is_found():
    assert fixes("- a\n1. b\n") == [(2, "Add a blank line before this list.")]


def test_every_difference_is_found_in_one_pass():
    findings = github_differences("Intro:\n- a\n\n ## Heading\n\nMore:\n- b\n")
    assert [finding.line for finding in findings] == [2, 4, 7]


# --- github_differences: other differences ----------------------------------------------------------------------

def test_a_different_nesting_depth_is_found():
    [finding] = github_differences("> - a\n>   - b\n")  # lists in quotes keep the site's own 4-space rule
    assert finding.line == 2 and "level 2" in finding.what and "4 spaces" in finding.fix


def test_a_heading_without_a_space_after_its_marks_is_found():
    [finding] = github_differences("#Heading\n\nText.\n")
    assert finding.line == 1 and "no space after the # marks" in finding.what


@pytest.mark.parametrize("markdown,line,said", [
    ("We ~~never~~ sell data.\n", 1, "struck through"),
    ("It costs \\$5.\n", 1, "backslash"),
    ("One line\\\nand the next.\n", 1, "new line"),
    ("See [the terms](https://example.com/our terms).\n", 1, "plain text"),
    ("## Rights {as amended}\n", 1, "{as amended}"),
    ("<div>\n\n**Important**\n\n</div>\n", 1, "**Important**"),  # raw HTML: GitHub reads Markdown after a blank line
    ("See [the terms][t].\n\n[t]: https://one.example/\n[t]: https://two.example/\n", 1, "https://one.example/"),
    ("Text.[^1]\n\n[^1]: The note.\n", 3, "footnote"),
    ("> [!NOTE]\n> Read this.\n", 1, "note box"),
    ("- [ ] to do\n", 1, "tick box"),
    ("```\ncode\n```\n\n- a\n  ```\n  x\n  ```\n", 5, "code block"),
])
def test_differences_a_reader_would_see_are_found(markdown, line, said):
    findings = github_differences(markdown)
    assert [finding.line for finding in findings] == [line]
    assert said in findings[0].what


@pytest.mark.parametrize("markdown", [
    "## 6. Children {#kids}\n\nText.\n",  # the site's own anchor syntax
    '<div class="note">\nRaw *HTML* as written.\n</div>\n\nAfter it.\n',
    "snake_case_word, 2*3*4 and __init__.\n",
    "See [the terms](https://пример.рф/условия) or <https://example.com/a>.\n",
    "Line one  \nline two\n",
    "Title\n=====\n\nText with &copy; and &nbsp;.\n",
])
def test_text_both_show_alike_has_no_findings(markdown):
    assert github_differences(markdown) == []


# --- the real GitHub statements ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", REAL_FILES, ids=lambda path: path.stem)
def test_the_real_statements_differences_are_found(path):
    text = body(path)
    lines = text.split("\n")
    findings = github_differences(text)
    assert findings
    for finding in findings:
        if finding.fix == "Add a blank line before this list.":
            assert lines[finding.line - 1].startswith("- ") and lines[finding.line - 2].strip()
        else:
            assert finding.fix == "Remove the space before ### at the start of the line."
            assert lines[finding.line - 1].startswith(" ###")


def test_the_affiliates_heading_of_2022_is_found():
    text = body(REAL / "github-privacy-statement-2022-05-31.md")
    line = text.split("\n").index(" ### Affiliates") + 1
    assert (line, "Remove the space before ### at the start of the line.") in fixes(text)


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda path: path.stem)
def test_normalising_a_real_statement_leaves_no_difference_and_every_word(path):
    text = body(path)
    normalized, report = normalize_github_markdown(text)
    assert github_differences(normalized) == []
    assert words_on_github(normalized) == words_on_github(text)
    assert len(report) == len(github_differences(text))
    # Only blank lines were added and spaces before "#" removed.
    assert [line.lstrip(" ") for line in normalized.split("\n") if line.strip()] == \
           [line.lstrip(" ") for line in text.split("\n") if line.strip()]
    assert normalize_github_markdown(normalized) == (normalized, [])


def test_the_normalisation_report_names_each_line():
    _, report = normalize_github_markdown("Intro:\n- a\n\n ## Heading\n")
    assert report == ["line 2: added a blank line before the list",
                      "line 4: removed the space before the heading mark ##"]


def test_normalising_inside_a_quote_keeps_the_quote():
    normalized, _ = normalize_github_markdown("> Intro:\n> - a\n")
    assert normalized == "> Intro:\n>\n> - a\n"
    assert github_differences(normalized) == []



# --- long texts ---------------------------------------------------------------------------------------------------

def test_differences_deep_in_a_long_list_of_alike_items_are_found_at_their_lines():
    """Two differences far apart in a list of identical items: the comparison aligns everything between them (it
    once took minutes on such a list) and reports each at its own line."""
    items = ["- the same item"] * 5000
    items[3000] = "- we ~~never~~ sell data"
    items[4500] = "- it costs \\$5"
    findings = github_differences("We collect:\n\n" + "\n".join(items) + "\n\nThe end.\n")
    assert [(finding.line, word) for finding in findings for word in ("struck through", "backslash")
            if word in finding.what] == [(3003, "struck through"), (4503, "backslash")]
    assert len(findings) == 2


def test_a_list_nested_differently_deep_in_a_long_list_is_found_at_its_line():
    items = ["> - the same item"] * 3000
    items[2000:2002] = ["> - a", ">   - b"]  # in a quote the site nests by its own 4-space rule
    [finding] = github_differences("\n".join(items) + "\n")
    assert finding.line == 2002 and "level 2" in finding.what


# Texts whose reading depends on more than their lines: link reference definitions (read with the blocks, used by
# the inline content), an unclosed fence at the end, tables, tabs, entities, nested emphasis and images.
READING_CASES = [
    "See [the terms][terms] and [us].\n\n[terms]: https://example.com/terms \"Terms\"\n[us]: <mailto:a@example.com>\n",
    "Text\n\n```\ncode that never closes\n\n\n",
    "| a | b |\n|:--|--:|\n| *x* | [y](https://example.com) |\n",
    "- item\n\t- tabbed\n\n    code\n\n> quote with ![alt *text*](a.png) &amp; &#169; ~~gone~~\n",
    "**bold _and *nested* emphasis_**\\\nline break <span>html</span> `code`\n",
]


@pytest.mark.parametrize("markdown", READING_CASES + [body(path) for path in REAL_FILES],
                         ids=[f"case-{n}" for n in range(len(READING_CASES))] + [p.name for p in REAL_FILES])
def test_the_reading_made_from_the_blocks_is_the_whole_reading(markdown):
    from policykit.markdown_dialect import github_parser, github_reading, github_structure

    github_structure(markdown)  # the blocks read first, as the site's rendering reads them
    assert github_reading(markdown) == github_parser().parse(markdown)
    assert github_reading(markdown) == github_parser().parse(markdown)  # the blocks kept were not changed


def test_every_policy_of_the_repository_is_read_alike():
    from policykit.markdown_dialect import github_parser, github_reading

    paths = sorted((Path(__file__).resolve().parent.parent / "docs").glob("*/*/*.md"))
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert github_reading(text) == github_parser().parse(text), path
