"""What a reader gets in a real browser (Debian Chromium), on published releases of the fixture site: nothing
from another origin and no Content-Security-Policy violation (the `page` fixture checks both on every test;
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


def switch_language(page, name):
    page.locator(".md-header__option .md-select").hover()
    page.get_by_role("link", name=name).click()
    page.wait_for_load_state()


@pytest.mark.parametrize("start,name,end", [
    ("{first}/acme/privacy/", "Русский", "{first}/ru/acme/privacy/"),
    ("{first}/ru/acme/privacy/", "English", "{first}/acme/privacy/"),
    ("{first}/", "Русский", "{first}/ru/"),
    ("{announced}/ru/", "English", "{announced}/"),
])
def test_the_language_switch_keeps_the_page_and_the_release(page, served, start, name, end):
    page.goto(served.base + start.format(**served.releases))
    switch_language(page, name)
    assert page.url == served.base + end.format(**served.releases)


def search(page, query):
    page.keyboard.press("s")  # Material's shortcut focuses the search field
    page.keyboard.type(query)
    page.keyboard.press("End")  # Material reads the query on keyup; typed Cyrillic sends none
    page.wait_for_selector(".md-search-result__item")
    return [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]


def test_search_on_a_russian_page_finds_russian_pages_and_other_word_forms(page, served):
    page.goto(f"{served.base}latest/ru/acme/privacy/", wait_until="networkidle")
    results = search(page, "политика")  # the pages say «политика», «политики»: one stem
    assert results and all("/ru/" in href for href in results), results
    assert not any("/compare/" in href for href in results), "compare pages are not searched"


def test_search_on_an_english_page_finds_english_pages_only(page, served):
    page.goto(f"{served.base}latest/acme/privacy/", wait_until="networkidle")
    results = search(page, "retention")
    assert results and not any("/ru/" in href for href in results), results


@pytest.mark.parametrize("path,lang", [("no-such-page/", "en"), ("latest/ru/no-such-page/", "ru"),
                                       ("{first}/ru/acme/nothing/", "ru"), ("{first}/acme/nothing/", "en")])
def test_a_missing_address_gets_the_404_page_of_the_release_in_force_in_its_language(page, served, path, lang):
    response = page.goto(served.base + path.format(**served.releases), wait_until="networkidle")
    assert response.status == 404
    page.wait_for_function(f"document.documentElement.lang === '{lang}'")
    expect(page.get_by_role("heading", name=LABELS[lang]["not_found_title"])).to_be_visible()
    home = page.get_by_role("link", name=LABELS[lang]["not_found_home"])
    assert served.releases["next"] not in home.get_attribute("href"), "a 404 never links into `next`"
    assert served.releases["announced"] in page.url or lang == "en"


def test_a_policy_says_its_permanent_address_to_search_engines(page, served):
    page.goto(f"{served.base}{served.releases['second']}/ru/globex/privacy/")
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical == f"{served.base}{served.releases['first']}/ru/globex/privacy/", "the version is unchanged since"
    assert "Globex" in page.locator('meta[name="description"]').get_attribute("content")
    assert re.search(r"\(.*\d{4}.*\)", page.title()), "the tab title carries the version's date"


def test_every_release_has_a_sitemap_of_its_own_addresses_with_absolute_hreflang(page, served):
    for release in (served.releases["first"], served.releases["announced"]):
        sitemap = page.goto(f"{served.base}{release}/sitemap.xml").text()
        locations = re.findall(r"<loc>(.*?)</loc>", sitemap)
        assert locations and all(loc.startswith(f"{served.base}{release}/") for loc in locations)
        entry = re.search(rf"<loc>{re.escape(served.base + release)}/acme/privacy/</loc>(.*?)</url>", sitemap, re.S)
        alternates = dict(re.findall(r'hreflang="(\w+)" href="([^"]+)"', entry.group(1)))
        assert alternates == {"en": f"{served.base}{release}/acme/privacy/", "ru": f"{served.base}{release}/ru/acme/privacy/"}


def test_the_keyboard_reaches_the_language_switcher_and_the_version_list(page, served):
    page.goto(f"{served.base}latest/acme/privacy/", wait_until="networkidle")
    focused = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.getAttribute('hreflang') || "
                                     "(document.activeElement.closest('.policy-picker') ? 'picker' : '')"))
    assert "ru" in focused, "the Russian link of the language switcher is reachable by Tab"
    assert "picker" in focused, "the list of versions is reachable by Tab"


def test_print_shows_the_text_alone_with_its_permanent_address(page, served):
    page.goto(f"{served.base}latest/acme/privacy/", wait_until="networkidle")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    assert page.locator("details.policy-redline").evaluate("d => d.open"), "the redline prints expanded"
    for hidden in (".md-header", ".md-sidebar--primary", ".md-search"):
        expect(page.locator(hidden).first).to_be_hidden()
    permalink = page.locator(".policy-permalink")
    expect(permalink).to_be_visible()
    expect(permalink).to_contain_text(f"{served.base}{served.releases['second']}/acme/privacy/")
    top = [page.locator(selector).first.bounding_box()["y"] for selector in ("h1", ".policy-meta", ".policy-permalink")]
    assert top == sorted(top) and top[-1] < 1000, "title, date and address open the first page"


def test_publishers_find_every_release_on_the_releases_page(page, served):
    page.goto(f"{served.base}latest/releases/", wait_until="networkidle")
    items = page.locator("[data-policy-releases] li")
    expect(items.first).to_be_visible()
    names = [item.locator("a").inner_text() for item in items.all()]
    assert names == [v["version"] for v in served.repo.versions()], "newest first, as versions.json lists them"
    by_name = dict(zip(names, items.all()))
    expect(by_name[served.releases["announced"]]).to_contain_text(LABELS["en"]["release_in_force"])
    expect(by_name[served.releases["next"]]).to_contain_text(LABELS["en"]["release_announced"])
    assert "releases/" not in page.locator("nav.md-nav--primary").inner_text(), "not in readers' way"
