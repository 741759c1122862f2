"""A page's sidebar does not grow with the number of brands (issue 21): a policy's pages list their own brand and
the home page, never another brand; the home page and the 404 page list no brand in their sidebar (the home page's
table lists every brand). On the fixture site (tests/fixture_site.py), whatever its brands are."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest

from fixture_site import BRANDS


class _Sidebar(HTMLParser):
    """The links and link texts of the page's primary navigation (Material's left sidebar)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # nesting of elements inside the primary <nav>, 0 outside it
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.depth:
            self.depth += tag not in ("input", "img", "br", "meta", "link")
            if tag == "a" and attributes.get("href"):
                self.hrefs.append(attributes["href"])
        elif tag == "nav" and "md-nav--primary" in (attributes.get("class") or ""):
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def sidebar(html: str) -> _Sidebar:
    parsed = _Sidebar()
    parsed.feed(html)
    assert parsed.hrefs, "the page has Material's primary navigation"
    return parsed


def policy_pages(site, slug: str) -> list[str]:
    """Every page of a brand's policy in every language: its address, its dated pages, its compare page."""
    return sorted(str(p.parent.relative_to(site)) + "/" for p in site.glob(f"**/{slug}/privacy/**/index.html")
                  if not p.is_relative_to(site / "search"))


@pytest.mark.parametrize("slug", sorted(BRANDS))
def test_a_policys_pages_list_their_own_brand_and_the_home_page_only(fixture_built, slug):
    pages = policy_pages(fixture_built.site, slug)
    assert any(re.search(r"/\d{4}-\d{2}-\d{2}/$", p) for p in pages) and any(p.endswith("/compare/") for p in pages)
    for address in pages:
        nav = sidebar(fixture_built.page(address))
        text = " ".join(nav.text)
        assert BRANDS[slug]["name"] in text, address
        others = [brand["name"] for other, brand in BRANDS.items() if other != slug]
        assert not [name for name in others if name in text], f"{address} lists another brand"
        targets = {urljoin(f"http://site/{address}", href).removeprefix("http://site/")
                   for href in nav.hrefs if not href.startswith("#")}
        assert not [t for t in targets if t not in ("", "ru/") and f"/{slug}/" not in f"/{t}"], address
        assert ("ru/" if address.startswith("ru/") else "") in targets, f"{address} links to its home page"


@pytest.mark.parametrize("address", ["", "ru/"])
def test_the_home_page_lists_every_brand_in_its_table_not_its_sidebar(fixture_built, address):
    html = fixture_built.page(address)
    text = " ".join(sidebar(html).text)
    assert not [brand["name"] for brand in BRANDS.values() if brand["name"] in text]
    table = html[html.index("<table"):html.index("</table>")]
    assert all(brand["name"] in table for brand in BRANDS.values())


def test_the_404_page_lists_no_brand(fixture_built):
    text = " ".join(sidebar((fixture_built.site / "404.html").read_text(encoding="utf-8")).text)
    assert not [brand["name"] for brand in BRANDS.values() if brand["name"] in text]
