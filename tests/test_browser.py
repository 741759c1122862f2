"""What a reader gets in a real browser (Debian Chromium), on the fixture site published to the root of gh-pages:
nothing from another origin and no Content-Security-Policy violation (the `page` fixture checks both on every test;
tests/test_content_security.py opens every kind of page with search), languages, search per language, 404 pages,
metadata, keyboard, print, the releases page."""

from __future__ import annotations

import re

import pytest
import yaml
from playwright.sync_api import expect

from conftest import REPO

pytestmark = pytest.mark.browser
LABELS = yaml.safe_load((REPO / "data/labels.yml").read_text(encoding="utf-8"))


def href(locator) -> str:
    return locator.evaluate("a => a.href")


def switch_language(page, name):
    page.locator(".md-header__option .md-select").hover()
    page.get_by_role("link", name=name).click()
    page.wait_for_load_state()


@pytest.mark.parametrize("start,name,end", [
    ("acme/privacy/", "Русский", "ru/acme/privacy/"),
    ("ru/acme/privacy/", "English", "acme/privacy/"),
    ("acme/privacy/{first}/", "Русский", "ru/acme/privacy/{first}/"),
    ("ru/globex/privacy/{globex_upcoming}/", "English", "globex/privacy/{globex_upcoming}/"),
    ("", "Русский", "ru/"),
    ("ru/", "English", ""),
])
def test_the_language_switch_keeps_the_page_and_the_text(page, served, start, name, end):
    page.goto(served.base + start.format(**served.days))
    switch_language(page, name)
    assert page.url == served.base + end.format(**served.days)


def search(page, query):
    page.keyboard.press("s")  # Material's shortcut focuses the search field
    page.keyboard.type(query)
    page.keyboard.press("End")  # Material reads the query on keyup; typed Cyrillic sends none
    page.wait_for_selector(".md-search-result__item")
    return [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]


def test_search_on_a_russian_page_finds_russian_pages_and_other_word_forms(page, served):
    page.goto(f"{served.base}ru/acme/privacy/", wait_until="networkidle")
    results = search(page, "политика")  # the pages say «политика», «политики»: one stem
    assert results and all("/ru/" in href for href in results), results
    assert not any("/compare/" in href for href in results), "compare pages are not searched"


def test_search_on_an_english_page_finds_english_pages_only(page, served):
    page.goto(f"{served.base}acme/privacy/", wait_until="networkidle")
    results = search(page, "retention")
    assert results and not any("/ru/" in href for href in results), results


@pytest.mark.parametrize("path,lang", [("no-such-page/", "en"), ("ru/no-such-page/", "ru"),
                                       ("ru/acme/privacy/nothing/", "ru"), ("acme/privacy/1999-01-01/", "en"),
                                       ("acme/nothing/", "en")])
def test_a_missing_address_gets_the_404_page_in_its_language(page, served, path, lang):
    response = page.goto(served.base + path, wait_until="networkidle")
    assert response.status == 404
    page.wait_for_function(f"document.documentElement.lang === '{lang}'")
    expect(page.get_by_role("heading", name=LABELS[lang]["not_found_title"])).to_be_visible()
    home = page.get_by_role("link", name=LABELS[lang]["not_found_home"])
    assert href(home) == served.base + ("ru/" if lang == "ru" else ""), "the home page at the site's root"
    if lang == "ru":
        assert page.url == f"{served.base}ru/404.html"


def test_a_policy_says_its_addresses_to_search_engines(page, served):
    """A text's dated page is its own canonical address, not to be indexed once superseded; the policy's address
    is the one indexed."""
    first = f"{served.base}ru/globex/privacy/{served.days['first']}/"
    page.goto(first)
    assert page.locator('link[rel="canonical"]').get_attribute("href") == first
    assert "Globex" in page.locator('meta[name="description"]').get_attribute("content")
    assert served.days["first"][:4] in page.title(), "the tab title carries the version's date"
    page.goto(f"{served.base}ru/globex/privacy/")
    assert page.locator('link[rel="canonical"]').get_attribute("href") == f"{served.base}ru/globex/privacy/"
    expect(page.locator('meta[name="robots"][content*="noindex"]')).to_have_count(0)
    page.goto(f"{served.base}acme/privacy/{served.days['first']}/")
    expect(page.locator('meta[name="robots"][content*="noindex"]')).to_have_count(1)


def test_the_site_has_a_sitemap_of_its_addresses_with_absolute_hreflang(page, served):
    sitemap = page.goto(f"{served.base}sitemap.xml").text()
    locations = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert locations and all(loc.startswith(served.base) for loc in locations)
    assert not [loc for loc in locations if re.match(r"\d{4}-\d{2}-\d{2}", loc.removeprefix(served.base))], \
        "no release folder: readers read the root"
    entry = re.search(rf"<loc>{re.escape(served.base)}acme/privacy/</loc>(.*?)</url>", sitemap, re.S)
    alternates = dict(re.findall(r'hreflang="(\w+)" href="([^"]+)"', entry.group(1)))
    assert alternates == {"en": f"{served.base}acme/privacy/", "ru": f"{served.base}ru/acme/privacy/"}


def test_the_keyboard_reaches_the_language_switcher_and_the_version_list(page, served):
    page.goto(f"{served.base}acme/privacy/", wait_until="networkidle")
    focused = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.getAttribute('hreflang') || "
                                     "(document.activeElement.closest('.policy-picker') ? 'picker' : '')"))
    assert "ru" in focused, "the Russian link of the language switcher is reachable by Tab"
    assert "picker" in focused, "the list of versions is reachable by Tab"


def test_print_shows_the_text_alone_with_its_permanent_address(page, served):
    page.goto(f"{served.base}acme/privacy/", wait_until="networkidle")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    assert page.locator("details.policy-redline").evaluate("d => d.open"), "the redline prints expanded"
    for hidden in (".md-header", ".md-sidebar--primary", ".md-search"):
        expect(page.locator(hidden).first).to_be_hidden()
    permalink = page.locator(".policy-permalink")
    expect(permalink).to_be_visible()
    expect(permalink).to_contain_text(f"{served.base}acme/privacy/{served.days['acme_second']}/")
    top = [page.locator(selector).first.bounding_box()["y"] for selector in ("h1", ".policy-meta", ".policy-permalink")]
    assert top == sorted(top) and top[-1] < 1000, "title, date and address open the first page"


def test_publishers_find_every_release_on_the_releases_page(page, served):
    page.goto(f"{served.base}releases/", wait_until="networkidle")
    items = page.locator("[data-policy-releases] li")
    expect(items.first).to_be_visible()
    names = [item.locator("a").inner_text() for item in items.all()]
    assert names == [v["version"] for v in served.repo.versions()], "newest first, as versions.json lists them"
    assert sorted(names, reverse=True) == sorted(served.releases.values(), reverse=True) == names
    for name, item in zip(names, items.all()):
        assert href(item.locator("a")) == f"{served.base}{name}/policies.json", "a release is its record"
    assert "releases/" not in page.locator("nav.md-nav--primary").inner_text(), "not in readers' way"
