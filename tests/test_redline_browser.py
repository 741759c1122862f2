"""The browser twin (docs/assets/javascripts/redline.js) gives the same redline and HTML as policykit/redline.py.

The scripts are served as the site serves them, under a Content-Security-Policy that allows only the site's own
scripts (no eval, no inline script), from an address that playwright answers itself: nothing leaves the machine.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from policykit.redline import compare, render_html, touched_sections
from test_redline import EN, NESTED, NEW_URL, OLD_URL, RU, SECTIONS, real, recorded, repetitive_paragraph

pytestmark = pytest.mark.browser

ASSETS = Path(__file__).resolve().parent.parent / "docs" / "assets"
ORIGIN = "http://policy-site.test"
CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'"
# The page a reader's browser would load: the module by its address, and a module of the test's own that hands
# it to playwright (an inline script would be refused by the policy).
PAGE = '<!doctype html><html><head><script type="module" src="/test-entry.js"></script></head><body></body></html>'
ENTRY = 'import * as redline from "/assets/javascripts/redline.js"; window.PolicyRedline = redline'


def pairs():
    """(name, old, new, words): the real rewrite both ways, Russian, moves, nested sections, the bound."""
    github_old, github_new = real("github-privacy-statement-2020-07-22.md"), real("github-privacy-statement-2022-05-31.md")
    moved = "We keep server logs for five years to protect the service."
    russian = "## 1. Общие положения\n\nОператор обрабатывает персональные данные пользователей сайта.\n\n" + "\n\n".join(
        f"Абзац номер {n} остаётся прежним." for n in range(21))
    big = repetitive_paragraph(30_000, None)
    return [
        ("github rewrite", github_old, github_new, EN),
        ("github rewrite backwards", github_new, github_old, RU),
        ("russian", recorded(russian, "Политика"), recorded(russian.replace("обрабатывает", "хранит")
                                                             .replace("номер 20", "№ 20"), "Политика"), RU),
        ("moved", recorded(SECTIONS), recorded(SECTIONS.replace(moved + "\n\n", "") + "\n" + moved + "\n"), EN),
        ("moved with an edit", recorded(SECTIONS),
         recorded(SECTIONS.replace(moved + "\n\n", "") + "\n" + moved.replace("five", "six") + "\n"), EN),
        ("nested sections", recorded(NESTED), recorded(NESTED.replace("count visits", "count anonymous visits")
                                                       .replace("## 3. Old section\n\nThis section goes away.\n", "")), EN),
        ("links and tables", recorded("See [Terms](https://example.com/a).\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"),
         recorded("See [Terms](https://example.com/b).\n\n| A | B |\n|---|---|\n| 1 | 3 |\n"), EN),
        ("structure", recorded("### Summary\n\n- one\n- two\n"), recorded("## Summary\n\n- one\n    - two\n"), EN),
        ("a list changed", recorded("## Rights\n\n- access your data\n- erase it\n    - within a month\n- object\n\nEnd.\n"),
         recorded("## Rights\n\n- access your data\n- erase it\n    - within two weeks\n\nEnd.\n\n- complain\n"), EN),
        ("a link changed", recorded("See [Terms](https://example.com/a), [Help](https://example.com/h) and more.\n\n"
                                    "Read the [notice](https://example.com/n) twice.\n\nOld [gone](https://example.com/g).\n\n"
                                    "| A | [B](https://example.com/t) |\n|---|---|\n| 1 | 2 |\n"),
         recorded("See [Terms](https://example.com/b), [Help](https://example.com/h) and much more.\n\n"
                  "Read the [short notice](https://example.com/n) twice.\n\n"
                  "| A | [B](https://example.com/t) |\n|---|---|\n| 1 | 3 |\n"), EN),
        ("the bound", recorded(big), recorded(repetitive_paragraph(30_000, 7)), EN),
        ("identical", recorded(NESTED), recorded(NESTED), EN),
    ]


# What both must show, and never show, in a case's HTML: a list item without its recorded marker ("- "), a link's
# target only where the target itself was inserted or deleted.
SHOWN = {
    "a list changed": (['<p class="redline-change redline-indent-1 redline-item"><del>', "</span>object<",
                        '<p class="redline-change redline-item"><ins>'], ["- ", "redline-indent-1\"", "⟨"]),
    "a link changed": (["See Terms <del>", "⟨https://example.com/a⟩", "⟨https://example.com/b⟩", ", Help and",
                        "notice twice.", "Old gone ⟨https://example.com/g⟩.", '"redline-where redline-row">| A | B |<'],
                       ["⟨https://example.com/h⟩", "⟨https://example.com/n⟩", "⟨https://example.com/t⟩"]),
}


@pytest.fixture(scope="module")
def redline_page(browser):
    context = browser.new_context()
    page = context.new_page()  # it answers itself, no server: the module and the test's own entry, under a CSP
    violations = []
    page.on("console", lambda message: violations.append(message.text) if message.type == "error" else None)

    def answer(route):
        path = route.request.url.removeprefix(ORIGIN)
        headers = {"Content-Security-Policy": CSP}
        if path == "/":
            return route.fulfill(status=200, headers=headers, content_type="text/html", body=PAGE)
        if path == "/test-entry.js":
            return route.fulfill(status=200, headers=headers, content_type="text/javascript", body=ENTRY)
        file = ASSETS / path.removeprefix("/assets/")
        if path.startswith("/assets/") and file.is_file():
            return route.fulfill(status=200, headers=headers, content_type="text/javascript", body=file.read_bytes())
        return route.fulfill(status=404, body="")

    page.route(f"{ORIGIN}/**", answer)
    page.goto(f"{ORIGIN}/")
    page.wait_for_function("window.PolicyRedline !== undefined")
    yield page
    assert violations == [], "no script error and no Content-Security-Policy violation"
    context.close()


@pytest.mark.parametrize("name, old, new, words", pairs(), ids=[p[0] for p in pairs()])
def test_the_browser_gives_the_same_redline_and_html_as_the_build(redline_page, name, old, new, words):
    old_sections = [s._asdict() for s in old.sections]
    new_sections = [s._asdict() for s in new.sections]
    redline = compare(old.text, new.text)
    expected = render_html(redline, words, OLD_URL, NEW_URL, old.sections, new.sections)
    twin = redline_page.evaluate(
        """([before, after, words, oldUrl, newUrl, oldSections, newSections]) => {
             const redline = PolicyRedline.compare(before, after)
             return { redline, touched: PolicyRedline.touchedSections(redline),
                      html: PolicyRedline.renderHtml(redline, words, oldUrl, newUrl, oldSections, newSections) }
           }""", [old.text, new.text, words, OLD_URL, NEW_URL, old_sections, new_sections])
    assert twin["html"] == expected
    shown, never = SHOWN.get(name, ((), ()))
    assert [text for text in shown if text not in expected] == []
    assert [text for text in never if text in expected] == []
    assert twin["redline"] == _as_json(dataclasses.asdict(redline))
    assert twin["touched"] == _as_json(touched_sections(redline))
    assert (expected == "") == (name == "identical")


def _as_json(value):
    """What a value is once it has crossed to JavaScript and back: tuples are lists."""
    if isinstance(value, (list, tuple)):
        return [_as_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    return value


def test_the_vendored_diff_library_is_the_pinned_package_file_unchanged():
    """The site serves diff-match-patch-es from docs/assets (no request to another origin); the bytes are the
    package's own, as package-lock.json pins it."""
    repo = Path(__file__).resolve().parent.parent
    vendored = repo / "docs/assets/javascripts/vendor/diff-match-patch-es"
    package = repo / "node_modules/diff-match-patch-es"
    lock = json.loads((repo / "package-lock.json").read_text(encoding="utf-8"))
    pinned = lock["packages"]["node_modules/diff-match-patch-es"]["version"]
    assert json.loads((vendored / "package.json").read_text(encoding="utf-8"))["version"] == pinned
    assert (vendored / "index.js").read_bytes() == (package / "dist/index.mjs").read_bytes()
    assert (vendored / "LICENSE").read_bytes() == (package / "LICENSE").read_bytes()
