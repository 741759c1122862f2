"""The recorded text (policykit/text.py): what a policy says, one block per line, from the HTML readers get."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import markdown
import pytest

from policykit.text import Section, fingerprint, readable

REAL_CONTENT = Path(__file__).resolve().parent / "real-content"


def render(text: str) -> str:
    """Markdown as the site renders it: toc ids and the headerlink "¶" on headings, tables."""
    return markdown.markdown(text, extensions=["tables", "toc", "attr_list"],
                             extension_configs={"toc": {"permalink": True}})


def lines(title: str, html: str) -> list[str]:
    return readable(title, html).text.splitlines()


def test_the_title_comes_first_and_the_text_ends_with_a_line_end():
    text = readable("Privacy  Policy", "<p>One.</p><p>Two.</p>").text
    assert text == "# Privacy Policy\nOne.\nTwo.\n"


def test_a_link_keeps_its_words_and_its_target():
    html = render("Read our [Terms of Service](https://example.com/tos), then [the FAQ](/faq/#cookies).")
    assert lines("T", html)[1] == ("Read our Terms of Service ⟨https://example.com/tos⟩, "
                                   "then the FAQ ⟨/faq/#cookies⟩.")


def test_a_changed_link_target_changes_the_text_and_its_fingerprint():
    before = readable("T", render("See the [Terms](https://example.com/tos-2019)."))
    after = readable("T", render("See the [Terms](https://example.com/tos-2026)."))
    assert before.text != after.text
    assert fingerprint(before.text) != fingerprint(after.text)
    assert (before.links, after.links) == (["https://example.com/tos-2019"], ["https://example.com/tos-2026"])


def test_links_are_listed_in_order_once_each_and_the_href_is_kept_as_written():
    html = ('<p><a href="https://b.example/?a=1&amp;b=2">B</a> <a href="/a">A</a> '
            '<a href="https://b.example/?a=1&amp;b=2">B again</a> <a name="top">no target</a></p>')
    result = readable("T", html)
    assert result.links == ["https://b.example/?a=1&b=2", "/a"]
    assert result.text.splitlines()[1] == ("B ⟨https://b.example/?a=1&b=2⟩ A ⟨/a⟩ "
                                           "B again ⟨https://b.example/?a=1&b=2⟩ no target")


def test_a_line_break_is_a_space_and_never_glues_words():
    assert lines("T", "<p>Website or Service.<br />As described<br>below</p>")[1] == \
        "Website or Service. As described below"
    assert lines("T", render("Website or Service.  \nAs described below"))[1] == "Website or Service. As described below"


def test_nested_and_ordered_lists():
    html = render("Intro:\n\n1. First\n2. Second\n    - nested a\n    - nested b\n        1. deep\n3. Third\n")
    assert lines("T", html)[1:] == ["Intro:", "1. First", "2. Second", "  - nested a", "  - nested b",
                                    "    1. deep", "3. Third"]


def test_an_ordered_list_counts_from_its_start_attribute():
    html = '<ol start="3"><li>Third</li><li>Fourth<ol start="10"><li>tenth</li></ol></li></ol><ol><li>one</li></ol>'
    assert lines("T", html)[1:] == ["3. Third", "4. Fourth", "  10. tenth", "1. one"]


def test_an_item_with_several_paragraphs_continues_under_its_marker():
    html = render("- First paragraph.\n\n    Second paragraph of the same item.\n\n- Next item.\n")
    assert lines("T", html)[1:] == ["- First paragraph.", "  Second paragraph of the same item.", "- Next item."]


def test_list_item_value_and_implicitly_closed_items():
    assert lines("T", '<ol><li>one<li value="7">seven<li>eight</ol>')[1:] == ["1. one", "7. seven", "8. eight"]


def test_a_table_is_one_line_per_row_header_included_without_separator():
    html = render("| Data | Kept for |\n|---|---|\n| Logs | 5 *years* |\n| Backups | `30` days |\n| | empty |\n")
    assert lines("T", html)[1:] == ["| Data | Kept for |", "| Logs | 5 years |", "| Backups | 30 days |",
                                    "|  | empty |"]


def test_headings_keep_their_words_without_the_headerlink_and_are_listed_as_sections():
    html = render("## 1. General information\n\nText.\n\n### a. Account data {#account}\n\nMore.\n")
    assert 'class="headerlink"' in html and "&para;" in html
    result = readable("Privacy Policy", html)
    assert result.text.splitlines() == ["# Privacy Policy", "## 1. General information", "Text.",
                                        "### a. Account data", "More."]
    assert result.sections == [Section(2, "1. General information", "1-general-information"),
                               Section(3, "a. Account data", "account")]
    assert result.links == [], "a heading's own link is not a link of the policy"


def test_a_heading_wrapped_in_its_toc_link_keeps_its_words_only():
    html = '<h2 id="children"><a class="toclink" href="#children">6. Children</a></h2>'
    result = readable("T", html)
    assert result.text.splitlines()[1] == "## 6. Children"
    assert result.links == []


def test_entities_are_decoded():
    assert lines("T", "<p>AT&amp;T &lt;tag&gt; &#8212; caf&eacute; &quot;q&quot;</p>")[1] == 'AT&T <tag> — café "q"'


def test_whitespace_runs_and_no_break_spaces_fold_to_one_space():
    html = "<p>  Terms\n   of\u00a0Service:\u202f5\u2009years \t and\u00a0\u00a0more  </p>"
    assert lines("T", html)[1] == "Terms of Service: 5 years and more"


def test_the_text_is_nfc():
    decomposed = "Cafe\u0301 and e\u0308"  # e + combining acute, e + combining diaeresis
    text = readable("Re\u0301sume\u0301", f"<p>{decomposed}</p>").text
    assert text == "# Résumé\nCafé and ë\n"
    assert "\u0301" not in text and "\u0308" not in text


def test_inline_markup_leaves_its_text_and_images_their_alt_and_source():
    html = render("We **never** sell *your* `data`. ![Company logo](/img/logo.png) ![](/img/x.png)")
    assert lines("T", html)[1] == "We never sell your data. [Company logo ⟨/img/logo.png⟩] [⟨/img/x.png⟩]"


def test_block_quotes_mark_each_line():
    html = render("> First quoted.\n>\n> Second quoted.\n\nAfter.")
    assert lines("T", html)[1:] == ["> First quoted.", "> Second quoted.", "After."]


def test_raw_html_blocks_are_text_and_scripts_styles_comments_are_not():
    html = ("<div class=\"note\">Raw block <span>text</span><div>inner</div></div>"
            "<style>p { color: red }</style><script>var x = 1</script><!-- writer's note --><p>End.</p>")
    assert lines("T", html)[1:] == ["Raw block text", "inner", "End."]


def test_markup_and_wrapping_never_change_the_text():
    one = render("We keep logs\nfor *five* years.\n\n- a\n- b\n")
    other = render("We   keep logs for five\nyears.\n\n* a\n* b\n")
    assert readable("T", one).text == readable("T", other).text


def test_fingerprint_is_the_sha256_of_the_utf8_text():
    text = "# Политика\nТекст.\n"
    assert fingerprint(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("name", ["github-privacy-statement-2020-07-22.md", "github-privacy-statement-2022-05-31.md"])
def test_a_real_policy_gives_one_clean_line_per_block(name):
    source = re.sub(r"\A---\n.*?\n---\n", "", (REAL_CONTENT / name).read_text(encoding="utf-8"), flags=re.S)
    html = render(source)
    result = readable("GitHub Privacy Statement", html)
    text_lines = result.text.splitlines()
    assert all(line.strip() == line and line for line in text_lines), "no empty lines, no stray spaces"
    assert not any(mark in result.text for mark in ("<", "¶", "&amp;", "\u00a0"))
    # A paragraph may itself begin with "### " (GitHub's text has one): headings are told by the HTML.
    assert [s.anchor for s in result.sections] == re.findall(r'<h[2-6] id="([^"]*)"', html)
    assert all(f"{'#' * s.level} {s.title}" in text_lines for s in result.sections)
    hrefs = list(dict.fromkeys(re.findall(r'<a href="([^"]*)"', html)))
    assert result.links == [h.replace("&amp;", "&") for h in hrefs]
