"""The sanitizer: every hostile input of tests/hostile/ is named with a hint the build can find, ordinary legal
text passes untouched, the check (find_unsafe) and nh3 (clean) agree, and real pages keep their words."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown

from policykit.markdown_dialect import render as render_markdown
import pytest
import yaml

from policykit import sanitizer
from policykit.sanitizer import ELEMENTS, clean, find_unsafe, plain_text_problem

HERE = Path(__file__).resolve().parent
REAL_CONTENT = HERE / "real-content"
SAFETY_NET = "markup that the site cannot publish as written"


def hostile_cases() -> list[dict]:
    cases = []
    for path in sorted((HERE / "hostile").glob("*.yml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            cases.append({**case, "id": f"{path.stem}/{case['name']}"})
    return cases


CASES = hostile_cases()


def of(layer: str, *expects: str) -> list:
    return [pytest.param(c, id=c["id"]) for c in CASES if c["layer"] == layer and c["expect"] in expects]


def render(payload: str) -> str:
    """As the site renders a writer's Markdown (its own dialect)."""
    return render_markdown(payload)


class Reading(HTMLParser):
    """An independent reading of HTML (Python's parser, not nh3's): start tags with their attributes, and text.
    A bare <tbody>, which parsers add to tables by themselves, is left out."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []
        self.text: list[str] = []
        self.links: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag != "tbody" or attrs:
            self.events.append(("<", tag, tuple(sorted((name, value or "") for name, value in attrs))))
        if tag == "a":
            self.links.append(dict(attrs).get("href"))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self.lasttag not in ("script", "style"):  # not shown to readers
            self.text.append(data)
        if self.events and self.events[-1][0] == "text":
            self.events[-1] = ("text", self.events[-1][1] + data)
        else:
            self.events.append(("text", data))

    def words(self) -> str:
        return " ".join("".join(self.text).split())


def unchanged_by_clean(html: str, reserved_ids=()) -> bool:
    return Reading(html).events == Reading(clean(html, reserved_ids)).events


# --- the hostile corpus ---------------------------------------------------------------------------------------

def test_the_corpus_has_every_class_and_valid_cases():
    assert {path.stem for path in (HERE / "hostile").glob("*.yml")} == {
        "scripts", "third-party", "plain-text", "path-escapes", "yaml-bombs", "yaml-readings", "malformed",
        "not-content", "unrecorded", "unrecorded-final"}
    places = {"policy-body", "clause", "home-page", "other-page", "registry-value", "title", "label", "front-matter",
              "data-file", "symlink", "import-file", "import-link"}
    for case in CASES:
        assert case["place"] in places and case["layer"] in {"html", "plain-text", "source", "page"}, case["id"]
        expected = {"rejected": "message", "neutralized": "absent", "accepted": "present"}[case["expect"]]
        assert expected in case, case["id"]
    assert len({case["id"] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", of("html", "rejected"))
def test_hostile_html_is_reported_with_a_hint_from_the_source(case):
    found = find_unsafe(render(case["payload"]), reserved_ids=case.get("reserved_ids", ()))
    assert any(case["message"].lower() in item.what.lower() for item in found), [item.what for item in found]
    assert [item.hint for item in found if item.hint not in case["payload"]] == [], "the build must find each line"
    assert all(item.fix for item in found)


@pytest.mark.parametrize("case", of("html", "neutralized", "accepted"))
def test_harmless_writing_passes_and_comes_out_harmless(case):
    html = render(case["payload"])
    assert find_unsafe(html) == []
    published = clean(html)
    assert [text for text in case.get("absent", []) if text in published] == []
    assert [text for text in case.get("present", []) if text not in published] == []


@pytest.mark.parametrize("case", of("plain-text", "rejected"))
def test_markup_in_plain_text_is_refused(case):
    problem = plain_text_problem(str(case["payload"]))
    assert problem is not None and case["message"].lower() in problem.lower()


@pytest.mark.parametrize("case", of("plain-text", "accepted"))
def test_plain_text_passes(case):
    assert plain_text_problem(str(case["payload"])) is None


# --- the check and nh3 agree ----------------------------------------------------------------------------------

# Where an element may stand, so that a parser keeps it (a <td> outside a table is dropped by any parser).
CONTEXT = {"td": "<table><tr>{}</tr></table>", "th": "<table><tr>{}</tr></table>", "tr": "<table>{}</table>",
           "thead": "<table>{}</table>", "tbody": "<table>{}</table>", "tfoot": "<table>{}</table>",
           "caption": "<table>{}</table>", "li": "<ul>{}</ul>", "dt": "<dl>{}</dl>", "dd": "<dl>{}</dl>",
           "figcaption": "<figure>{}</figure>"}
VOID = {"br", "hr", "img", "input", "embed", "base", "meta", "link", "source", "frame", "track", "area", "col", "wbr"}
NOT_ALLOWED = ["script", "style", "iframe", "frame", "frameset", "object", "embed", "svg", "math", "form", "input",
               "button", "select", "textarea", "base", "meta", "link", "template", "noscript", "details", "video",
               "audio", "source", "picture", "title", "xmp", "plaintext", "marquee", "body", "html", "head", "dialog",
               "section", "nav", "label", "area", "col", "track", "wbr", "custom-element"]
ATTRIBUTES = [("onclick", "alert(1)"), ("style", "color: red"), ("id", "__config"), ("id", "md-x"), ("id", "ok"),
              ("class", "x"), ("class", "headerlink"), ("href", "javascript:alert(1)"), ("href", "https://e.example/"),
              ("href", "#ok"), ("src", "https://e.example/x.png"), ("src", "x.png"), ("title", "t"),
              ("align", "center"), ("align", "middle"), ("hidden", ""), ("lang", "en"), ("name", "x"),
              ("datetime", "2030-01-01"), ("start", "3"), ("srcset", "x.png 2x"), ("data-md-component", "search")]


# What an element holds (text directly inside a table moves before it, in every parser that follows the standard).
CONTENT = {"table": "<tr><td>words</td></tr>", "thead": "<tr><td>words</td></tr>", "tbody": "<tr><td>words</td></tr>",
           "tfoot": "<tr><td>words</td></tr>", "tr": "<td>words</td>"}


def element(tag: str, name: str, value: str) -> str:
    start = f'<{tag} {name}="{value}">'
    return CONTEXT.get(tag, "{}").format(start if tag in VOID else f"{start}{CONTENT.get(tag, 'words')}</{tag}>")


GRID = [element(tag, name, value) for tag in [*sorted(ELEMENTS), *NOT_ALLOWED] for name, value in ATTRIBUTES]


def agreement_inputs() -> list:
    rendered = [pytest.param(render(c["payload"]), c.get("reserved_ids", ()), id=c["id"])
                for c in CASES if c["layer"] == "html"]
    real = [pytest.param(render(path.read_text(encoding="utf-8").split("---", 2)[2]), (), id=path.name)
            for path in sorted(REAL_CONTENT.glob("github-*.md"))]
    return rendered + real


@pytest.mark.parametrize("html, reserved", agreement_inputs())
def test_the_check_reports_exactly_when_clean_changes_something(html, reserved):
    found = find_unsafe(html, reserved)
    assert (found == []) == unchanged_by_clean(html, reserved)
    assert SAFETY_NET not in [item.what for item in found], "the check itself names what nh3 removes"
    assert find_unsafe(clean(html, reserved), reserved) == [], "what is published passes the check"


def test_the_check_and_clean_agree_on_every_element_and_attribute():
    disagree = [html for html in GRID if (find_unsafe(html) == []) != unchanged_by_clean(html)]
    assert disagree == []
    assert [html for html in GRID if SAFETY_NET in [item.what for item in find_unsafe(html)]] == []
    assert [html for html in GRID if find_unsafe(clean(html))] == []


def test_every_element_outside_the_allowlist_is_named():
    for tag in NOT_ALLOWED:
        found = find_unsafe(element(tag, "title", "t"))
        assert any(f"<{tag}> element" in item.what for item in found), tag


# --- what the allowlist keeps ---------------------------------------------------------------------------------

LEGAL_TEXT = """\
# Privacy Policy

## 1. General information {#general}

We, **ScanDoc Ltd**, process *personal data* as the <abbr>GDPR</abbr>
requires<sup>1</sup>. Contact: [privacy@example.org](mailto:privacy@example.org), [+1 555 0100](tel:+15550100),
[the regulator](https://regulator.example/?a=1&b=2), [section 2](#children), [terms](../terms/).
In force from <time datetime="2030-01-01">1 January 2030</time>.<br>
A <dfn>controller</dfn> decides; <ins>new</ins>; H<sub>2</sub>O; `code`; <mark>note</mark>.

> A quoted provision, “in its own words”, from <cite>the Act</cite>.

1. first
2. second

<ol start="3"><li>third</li></ol>

| Data | Kept for |
| ---- | -------- |
| Logs | 3 years  |

<table><tr><th align="left" scope="col" colspan="2">Head</th></tr>
<tr><td align="right" rowspan="1">Cell</td></tr></table>

![A map of where data is kept](../../assets/map.png){: width="200" }

<figure><img src="map.png" alt="Map" height="100"><figcaption>Where data is kept</figcaption></figure>

<dl><dt>Term</dt><dd>Its meaning</dd></dl>

<div><span lang="ru">Политика</span></div>

---
"""


def test_a_legal_text_passes_unchanged():
    html = markdown.markdown(LEGAL_TEXT, extensions=["attr_list", "tables", "toc"],
                             extension_configs={"toc": {"permalink": True}})
    assert 'class="headerlink"' in html  # the toc's own anchors are part of it
    assert find_unsafe(html) == []
    assert unchanged_by_clean(html)


def test_a_reserved_id_is_reported_and_removed():
    html = '<h2 id="version-history">History</h2><h2 id="_1">Untitled</h2>'
    assert [item.what for item in find_unsafe(html, reserved_ids=["version-history"])] == [
        'the id "version-history" on <h2>: the site\'s own page parts use it']
    assert clean(html, reserved_ids=["version-history"]) == '<h2>History</h2><h2 id="_1">Untitled</h2>'
    assert find_unsafe(html) == []


def test_only_the_toc_class_on_links_is_kept():
    assert find_unsafe('<h2 id="x">X<a class="headerlink" href="#x" title="Permanent link">&para;</a></h2>') == []
    assert [item.hint for item in find_unsafe('<a class="headerlink md-nav__link" href="#x">x</a>')] == ["headerlink"]
    assert [item.hint for item in find_unsafe('<p class="headerlink">x</p>')] == ["headerlink"]


@pytest.mark.parametrize("markdown,hint", [
    ('Before <a class="headerlink" href="#x">\nwords readers see', "headerlink"),  # hid the words from the record
    ('[the regulator](https://regulator.example/ "Regulator")', "Regulator"),  # the title, for the line
    ("![A map](map.png \"Map\")", "Map"),
    ('<abbr title="General Data Protection Regulation">GDPR</abbr>', "General Data Protection Regulation"),
    ("<del>old</del> text", "<del"), ("<s>old</s> text", "<s"), ("<q>quoted</q>", "<q"),
    ('<ol start="3" reversed><li>third</li></ol>', "reversed"),
])
def test_what_readers_would_see_or_hear_but_the_record_leaves_out_is_refused(markdown, hint):
    """text.py records the words: not their striking out, a title, a headerlink's content or numbers counting down."""
    assert hint in [item.hint for item in find_unsafe(render(markdown))]


def test_hints_keep_the_writers_spelling():
    assert [item.hint for item in find_unsafe("<p OnClick='x'>a</p><SCRIPT>b</SCRIPT>")] == ["OnClick", "<SCRIPT"]
    assert [item.hint for item in find_unsafe('<p><a href="https://e.example/a b?x=1&amp;y=2">x</a></p>'
                                              '<p><img src="https://e.example/p.gif?x=1&amp;y=2"></p>')] == [
        "https://e.example/p.gif?x=1"]  # the part before "&amp;" is as the writer wrote it


def test_repeated_problems_are_each_reported_in_order():
    found = find_unsafe("<p onclick='a'>1</p><script>x</script><p onclick='b'>2</p><script>y</script>")
    assert [item.hint for item in found] == ["onclick", "<script", "onclick", "<script"]


def test_the_safety_net_names_what_the_check_missed(monkeypatch):
    """Were the check ever to pass something nh3 removes, the writer still hears of it (never silent)."""
    monkeypatch.setattr(sanitizer, "_attribute", lambda *args: [])
    assert [(item.what, item.hint) for item in find_unsafe('<p>a</p><P onclick="x">b</P>')] == [(SAFETY_NET, "<P")]


def test_an_address_that_is_not_valid_is_reported_not_dropped_silently():
    found = find_unsafe('<a href="https://exa mple.org/">our site</a>')
    assert [item.what for item in found] == ["the address https://exa mple.org/, which is not a valid web address"]
    assert clean('<a href="https://exa mple.org/">our site</a>') == "<a>our site</a>"


def test_an_aligned_table_column_is_written_as_align_not_style():
    """Python-Markdown writes style="text-align: …" unless tables' use_align_attribute is on, and the sanitizer
    refuses style attributes (naming the Markdown that caused it); the site's dialect turns the setting on."""
    source = "| a | b |\n|:--|--:|\n| 1 | 2 |\n"
    default = markdown.markdown(source, extensions=["tables"])
    found = find_unsafe(default)
    assert found and all("aligned" in item.what and item.hint in source for item in found)
    assert find_unsafe(render(source)) == [] and unchanged_by_clean(render(source)) and 'align="right"' in render(source)


def test_plain_text_rules():
    for fine in ("ScanDoc", "Smith & Sons", "AT&T", "ООО «Ромашка»", "Effective date: {date}", "a\tb", "1\n2"):
        assert plain_text_problem(fine) is None, fine
    assert "“<” or “>”" in plain_text_problem("a > b")
    assert "character code" in plain_text_problem("&gt;")
    assert "invisible" in plain_text_problem("Scan\u2066Doc")
    assert "character code" in plain_text_problem("Scan&#x7;Doc")


# --- real pages -----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def committed_articles(real_built) -> dict[str, str]:
    """The <article> content of every page of the repository's own site, built in a private copy."""
    site = real_built.site
    articles = {}
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if "<article" in html and "/compare/" not in path.as_posix() and path.parent.name != "releases":  # the site's own pages
            start = html.index(">", html.index("<article")) + 1
            articles[path.relative_to(site).as_posix()] = html[start:html.rindex("</article>")]
    return articles


def test_clean_keeps_the_words_and_links_of_every_real_page(committed_articles):
    assert any(name.endswith("privacy/index.html") for name in committed_articles)
    for name, article in committed_articles.items():
        before, after = Reading(article), Reading(clean(article))
        assert after.words() == before.words(), name
        assert after.links == before.links, name


def test_real_policy_texts_pass_unchanged():
    for path in sorted(REAL_CONTENT.glob("github-*.md")):
        html = render(path.read_text(encoding="utf-8").split("---", 2)[2])
        assert find_unsafe(html) == [], path.name
        assert unchanged_by_clean(html), path.name
