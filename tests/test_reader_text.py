"""What readers get of a policy page equals its recorded text (policykit/reader_text.py): fragments of finished
pages that must be refused, and the site's own parts and decorations that must pass; the address the engine gives
a written link; the site's stylesheets hide no writer's text the check does not know of; and every policy page of a
real build reads as its recorded text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policykit import reader_text
from policykit.expansion import Expanded, Origin
from policykit.reader_text import (HEADER_END, HEADER_START, HIDING_CLASSES, HISTORY_START, engine_link,
                                   final_page_problem, first_difference, reader_text as read)
from policykit.sanitizer import ATTRIBUTES, CLASSES
from policykit.text import readable

REPO = Path(__file__).resolve().parent.parent
TITLE = "Acme Privacy Policy"
PERMALINK = '<a class="headerlink" href="#{0}" title="Link to this section">¶</a>'
AROUND_THE_POLICY = {"md-typeset", "md-content", "md-content__inner", "md-main", "md-main__inner", "md-container",
                     "md-grid"}
BLOCKS = ('<ol start="3"><li>a<ul><li>b</li></ul></li></ol><blockquote><p>q</p></blockquote><table><thead><tr>'
          '<th align="left">A</th></tr></thead><tbody><tr><td>1 &amp; 2 &lt;3&gt;</td></tr></tbody></table>')
PLAIN = "<p>We keep your data for 30 days.</p>\n<p>You may ask us to delete it.</p>"


def page(body: str, title: str = TITLE) -> str:
    """A finished policy page as the theme writes it: the theme's own parts, the site's header, the policy, the
    site's history, redline and data."""
    return ('<!doctype html><html><head><title>x</title><script>var a = "<p>not text</p>";</script></head><body>'
            '<header class="md-header"><a class="md-logo" aria-hidden="true">Logo</a></header>'
            '<article class="md-content__inner md-typeset">\n'
            f'{HEADER_START}\n<p class="policy-brand"><span>Acme</span></p>\n<h1 id="policy-title">{title}</h1>\n'
            '<div class="policy-meta"><span class="policy-meta-sep" aria-hidden="true"> · </span></div>\n'
            '<p class="policy-notice policy-upcoming" role="status" hidden data-upcoming-notice></p>\n'
            f'<p class="print-only policy-printed" data-printed-on></p>{HEADER_END}'
            f'{body}{HISTORY_START} aria-labelledby="version-history" data-search-exclude>\n'
            '<h2 id="version-history">Version history</h2><div class="policy-as-of" hidden>x</div></section>\n'
            '<details class="policy-redline" id="what-changed"><summary><h2>Changes</h2></summary>'
            '<del>old words</del><ins>new words</ins></details>\n'
            '<script type="application/json" id="policy-page">{"key": "acme/privacy"}</script>\n'
            '</article></body></html>')


def recorded(html: str, title: str = TITLE) -> str:
    return readable(title, html).text


def problem(body: str, record_html: str, title: str = TITLE):
    source = "\n".join(re.sub(r"<[^>]+>", " ", record_html).splitlines()) + "\n"
    expanded = Expanded(source, tuple(Origin("docs/en/acme/privacy.md", n) for n in range(1, source.count("\n") + 2)))
    return final_page_problem(expanded, recorded(record_html), page(body, title))


# (name, what the finished page's policy part holds, what policykit's own rendering recorded)
REFUSED = [
    ("unclosed headerlink hides the rest from the record",
     '<p>We share data with <a class="headerlink" href="#x">\nour advertising partners.</p>\n<p>Ask us.</p>',
     '<p>We share data with <a class="headerlink" href="#x">\nour advertising partners.</p>\n<p>Ask us.</p>'),
    ("a heading's permalink with words in it",
     f'<h2 id="a">Sharing<a class="headerlink" href="#a">¶ and we sell data</a></h2>',
     f'<h2 id="a">Sharing<a class="headerlink" href="#a">¶ and we sell data</a></h2>'),
    ("a permalink outside a heading", f'<p>Text{PERMALINK.format("a")}</p>', '<p>Text<a href="#a">¶</a></p>'),
    ("hidden attribute", PLAIN + "\n<p hidden>We sell your data.</p>", PLAIN + "\n<p>We sell your data.</p>"),
    ("hidden attribute with a value", '<p>We <span hidden="until-found">never</span> sell data.</p>',
     "<p>We never sell data.</p>"),
    ("aria-hidden text is seen but never heard", '<p>We <span aria-hidden="true">may</span> sell data.</p>',
     "<p>We may sell data.</p>"),
    ("aria-hidden, spelled otherwise", '<p>We <span aria-hidden=" TRUE ">may</span> sell data.</p>',
     "<p>We may sell data.</p>"),
    ("a class of the site's stylesheet that hides on screen", '<p>Ours.</p><p class="print-only">We sell data.</p>',
     "<p>Ours.</p><p>We sell data.</p>"),
    ("an inline style display:none", '<p>Ours.</p><p style="color: red; display : none">We sell data.</p>',
     "<p>Ours.</p><p>We sell data.</p>"),
    ("an inline style visibility:hidden", '<p>Ours. <span style="visibility:hidden">We sell data.</span></p>',
     "<p>Ours. We sell data.</p>"),
    ("an inline style font-size:0", '<p>Ours. <span style="font-size: 0px">We sell data.</span></p>',
     "<p>Ours. We sell data.</p>"),
    ("a zero-size image whose alt text only screen readers hear",
     '<p>Partners: <img src="p.png" alt="We sell your data." width="0" height="0"></p>',
     '<p>Partners: <img src="p.png" alt="We sell your data." width="0" height="0"></p>'),
    ("a one-pixel image", '<p>Partners: <img src="p.png" alt="We sell your data." width="1"></p>',
     '<p>Partners: <img src="p.png" alt="We sell your data." width="1"></p>'),
    ("an image whose dimension a browser reads as zero", '<p>A <img src="p.png" alt="We sell data." height=" 0px"></p>',
     '<p>A <img src="p.png" alt="We sell data." height=" 0px"></p>'),
    ("an image's alt text that the record does not hold", '<p>Partners: <img src="p.png" alt="We sell your data."></p>',
     "<p>Partners:</p>"),
    ("a title, heard but never recorded", '<p>Read the <a href="t.html" title="we sell data">terms</a>.</p>',
     '<p>Read the <a href="t.html">terms</a>.</p>'),
    ("quotation marks the browser adds", "<p>It is <q>legitimate interest</q>.</p>",
     "<p>It is legitimate interest.</p>"),
    ("struck-out words recorded as in force", "<p>We keep data for <del>30 days</del> 5 years.</p>",
     "<p>We keep data for 30 days 5 years.</p>"),
    ("strike-through", "<p>We <s>never</s> share data.</p>", "<p>We never share data.</p>"),
    ("numbering that counts down", "<ol reversed><li>first</li><li>second</li></ol>",
     "<ol><li>first</li><li>second</li></ol>"),
    ("a template is never shown", "<p>Ours.</p><template><p>We sell data.</p></template>",
     "<p>Ours.</p><p>We sell data.</p>"),
    ("noscript is never shown with scripts on", "<p>Ours.</p><noscript><p>We sell data.</p></noscript>",
     "<p>Ours.</p><p>We sell data.</p>"),
    ("a closed dialog", "<p>Ours.</p><dialog><p>We sell data.</p></dialog>", "<p>Ours.</p><p>We sell data.</p>"),
    ("words the theme added", PLAIN + "\n<p>And we sell it.</p>", PLAIN),
    ("words the theme removed", "<p>We keep your data for 30 days.</p>", PLAIN),
    ("blocks the theme moved", "<p>You may ask us to delete it.</p>\n<p>We keep your data for 30 days.</p>", PLAIN),
    ("a link that leads elsewhere", '<p>See <a href="https://evil.example/">our terms</a>.</p>',
     '<p>See <a href="https://acme.example/terms">our terms</a>.</p>'),
    ("a title other than the recorded one", PLAIN, PLAIN),
    ("a misnested tag read as browsers read it", "<p>We keep <b>data<p>for 5 years</b> only.</p>",
     "<p>We keep data</p><p>for 5 years only.</p><p>Extra.</p>"),
]

# What the site itself writes around and into a policy, which readers get as recorded.
PASSED = [
    ("plain paragraphs", PLAIN, PLAIN),
    ("the theme's heading permalink", f'<h2 id="sharing">2. Sharing{PERMALINK.format("sharing")}</h2>\n{PLAIN}',
     f'<h2 id="sharing">2. Sharing<a class="headerlink" href="#sharing" title="Permanent link">¶</a></h2>\n{PLAIN}'),
    ("the permalink as an entity", '<h3 id="a">Logs<a class="headerlink" href="#a" title="x">&para;</a></h3>',
     '<h3 id="a">Logs<a class="headerlink" href="#a" title="Permanent link">&para;</a></h3>'),
    ("an image and its alt text, recorded", '<p>Map: <img alt="Where data is kept" src="../map.png"></p>',
     '<p>Map: <img alt="Where data is kept" src="../map.png"></p>'),
    ("an image with a size readers see", '<p><img alt="Map" src="m.png" width="300" height="200"></p>',
     '<p><img alt="Map" src="m.png" width="300" height="200"></p>'),
    ("lists, tables and quotes", BLOCKS, BLOCKS),
    ("inline markup, line breaks and no-break spaces", "<p><strong>Acme</strong>&nbsp;Ltd<br>keeps <em>logs</em>.</p>",
     "<p><strong>Acme</strong>\u00a0Ltd<br />keeps <em>logs</em>.</p>"),
    ("the site's own parts around the policy, hidden or not", PLAIN, PLAIN),
]


@pytest.mark.parametrize("body, record", [pytest.param(b, r, id=n) for n, b, r in REFUSED])
def test_what_readers_get_otherwise_than_recorded_is_refused(body, record):
    title = "Acme Privacy Policy (and we sell data)" if body is PLAIN else TITLE
    found = problem(body, record, title)
    assert found is not None
    assert "differs from the recorded text" in found.what and "readers get" in found.what
    assert found.path == "docs/en/acme/privacy.md"
    assert found.fix


@pytest.mark.parametrize("body, record", [pytest.param(b, r, id=n) for n, b, r in PASSED])
def test_what_the_site_itself_writes_passes(body, record):
    assert problem(body, record) is None
    assert read(page(body)) == recorded(record)


def test_the_problem_names_the_line_and_both_readings():
    record = "<p>First.</p>\n<p>We share data with <a class=\"headerlink\" href=\"#x\">\nour partners.</p>"
    found = problem("<p>First.</p>\n<p>We share data with <a href=\"#x\">our partners.</a></p>", record)
    assert found.line == 2, found
    assert "line 3 of the text" in found.what
    assert "“We share data with our partners. ⟨#x⟩”" in found.what and "“We share data with”" in found.what


def test_a_page_without_the_site_s_parts_is_refused():
    expanded = Expanded("x\n", (Origin("docs/en/acme/privacy.md", 1),))
    found = final_page_problem(expanded, recorded(PLAIN), f"<article>{PLAIN}</article>")
    assert found is not None and "inside the site's own parts" in found.what
    twice = page(PLAIN).replace(HEADER_END, HEADER_END + HEADER_START, 1)
    assert final_page_problem(expanded, recorded(PLAIN), twice) is not None


@pytest.mark.parametrize("target, written_in, address, prefix, expected", [
    ("../index.md", "en/acme/privacy.md", "acme/privacy/", "", "../../"),
    ("../globex/privacy.md#sharing", "en/acme/privacy.md", "acme/privacy/", "", "../../globex/privacy/#sharing"),
    ("../globex/privacy.md", "en/acme/privacy@2020-01-01.md", "acme/privacy/2020-01-01/", "",
     "../../../globex/privacy/"),
    ("../index.md", "ru/acme/privacy.md", "ru/acme/privacy/", "ru/", "../../"),
    ("map.png", "en/acme/privacy.md", "acme/privacy/", "", "../map.png"),
    ("map.png", "ru/acme/privacy@2020-01-01.md", "ru/acme/privacy/2020-01-01/", "ru/", "../../map.png"),
    ("https://acme.example/terms.md", "en/acme/privacy.md", "acme/privacy/", "", "https://acme.example/terms.md"),
    ("mailto:dpo@acme.example", "en/acme/privacy.md", "acme/privacy/", "", "mailto:dpo@acme.example"),
    ("#sharing", "en/acme/privacy.md", "acme/privacy/", "", "#sharing"),
    ("/elsewhere.md", "en/acme/privacy.md", "acme/privacy/", "", "/elsewhere.md"),
    ("../../../outside.md", "en/acme/privacy.md", "acme/privacy/", "", "../../../outside.md"),
    ("./", "en/acme/privacy.md", "acme/privacy/", "", "./"),
])
def test_a_written_link_is_compared_at_the_address_the_engine_gives_it(target, written_in, address, prefix, expected):
    assert engine_link(target, written_in, address, prefix) == expected


def test_the_site_s_stylesheets_hide_no_writer_s_text_the_check_does_not_know_of():
    """Every rule of docs/assets/*.css that hides (display: none, visibility: hidden) names a class or an attribute
    writers' HTML cannot carry (the sanitizer's allowlist): it hides the site's own parts, never a writer's words.
    The one such class the site writes inside the policy's part (print-only) is one the check sets aside."""
    writers_attributes = set().union(*ATTRIBUTES.values())
    assert not CLASSES
    hiding = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")
    for css in sorted((REPO / "docs" / "assets").glob("*.css")):
        text = re.sub(r"/\*.*?\*/", "", css.read_text(encoding="utf-8"), flags=re.S)
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
            if not hiding.search(body):
                continue
            for selector in selectors.split(","):
                if re.search(r"::?(before|after|marker|backdrop)\b", selector):  # hides what CSS adds, not text
                    continue
                # The theme's parts that hold the policy do not narrow a rule to the site's own parts.
                classes = set(re.findall(r"\.([\w-]+)", selector)) - AROUND_THE_POLICY
                attributes = [a for a in re.findall(r"\[([\w-]+)", selector) if a not in writers_attributes]
                assert classes or attributes, f"{css.name}: {selector.strip()!r} could hide a writer's text"
    assert "print-only" in HIDING_CLASSES


def test_every_policy_page_of_a_built_site_reads_as_its_recorded_text(fixture_built):
    """The fixture site, built with the check on: every policy page, at its policy's address and its dated one,
    in both languages, reads (after the build) as the recorded text published beside it."""
    pages = [p for p in sorted(fixture_built.site.rglob("index.html"))
             if HEADER_START in p.read_text(encoding="utf-8")]
    languages, dated = set(), 0
    for path in pages:
        folder = path.parent
        text_file = folder / "policy.txt" if (folder / "policy.txt").exists() else next(folder.glob("*/policy.txt"))
        relative = path.relative_to(fixture_built.site).as_posix()
        languages.add("ru" if relative.startswith("ru/") else "en")
        dated += re.search(r"/\d{4}-\d{2}-\d{2}/index\.html$", relative) is not None
        address = relative.removesuffix("index.html")
        prefix = "ru/" if relative.startswith("ru/") else ""
        policy = re.sub(r"/\d{4}-\d{2}-\d{2}$", "", address.removeprefix(prefix).rstrip("/"))
        written_in = ("ru/" if prefix else "en/") + policy + ".md"
        assert first_difference(read(path.read_text(encoding="utf-8")), text_file.read_text(encoding="utf-8"),
                                lambda target: engine_link(target, written_in, address, prefix)) is None, relative
    assert languages == {"en", "ru"} and 0 < dated < len(pages)


def test_the_module_is_plain_python():
    source = Path(reader_text.__file__).read_text(encoding="utf-8")
    assert not re.search(r"^\s*(import|from)\s+mkdocs", source, re.M)
