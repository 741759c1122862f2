"""A policy's text is rendered once (Build.own_rendering): MkDocs is handed policykit's HTML, headings and anchors
where its own rendering would be the same, and renders the page itself where it would not (a link it rewrites)."""

from __future__ import annotations

import re

from conftest import build_site
from fixture_site import edit, policy_file

LINK = "\n\nSee also [Globex's policy](../globex/privacy.md).\n"


def _table_of_contents(page: str) -> list[str]:
    toc = page[page.index('aria-label="Table of contents"'):]
    return re.findall(r'href="#([^"]*)"', toc[:toc.index("</nav>")])


def test_a_page_handed_over_has_the_table_of_contents_of_its_headings(fixture_built):
    page = fixture_built.page("acme/privacy/")
    headings = re.findall(r'<h2 id="([^"]*)"', page[page.index('<h1 id="policy-title">'):page.index(
        '<section class="policy-history"')])
    assert headings, "the fixture policy has sections"
    assert [anchor for anchor in _table_of_contents(page) if anchor in headings] == headings


def test_a_link_the_engine_rewrites_is_rewritten_on_every_page_of_the_text(fixture_root):
    """A text linking to another policy by its file is rendered by the engine, which writes the link as an address
    relative to each page: the policy's own page and the text's dated page alike."""
    for lang in ("en", "ru"):
        path = policy_file(fixture_root, lang, "acme")
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + LINK, encoding="utf-8")
    edit(policy_file(fixture_root, "ru", "acme"), "See also [Globex's policy]", "См. также [политику Globex]")
    built = build_site(fixture_root)
    assert built.returncode == 0, built.output
    assert 'href="../../globex/privacy/"' in built.page("acme/privacy/")
    dated = next(p.parent.name for p in (built.site / "acme" / "privacy").glob("*-*-*/index.html"))
    assert 'href="../../../globex/privacy/"' in built.page(f"acme/privacy/{dated}/")
    assert "privacy.md" not in built.page("acme/privacy/").split('<section class="policy-history"')[0]
