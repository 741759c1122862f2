"""What a reader gets in a real browser (Debian Chromium): languages, releases, search, 404, metadata, print."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import R1, R2

pytestmark = pytest.mark.browser


READER_PAGES = ["", "ru/", "scandoc/privacy/", "ru/scandoc/privacy/", "autel/privacy/", "ru/autel/privacy/"]


@pytest.mark.parametrize("path", [f"latest/{p}" for p in READER_PAGES] + [f"{R1}/ru/scandoc/privacy/", ""])
def test_pages_load_only_from_the_site_itself(page, site, path):
    page.goto(site + path, wait_until="networkidle")
    assert page.locator("h1").first.is_visible()


def switch_language(page, name):
    page.locator(".md-header__option .md-select").hover()
    page.get_by_role("link", name=name).click()
    page.wait_for_load_state()


@pytest.mark.parametrize("start,name,end", [
    (f"{R1}/scandoc/privacy/", "Русский", f"{R1}/ru/scandoc/privacy/"),
    (f"{R1}/ru/scandoc/privacy/", "English", f"{R1}/scandoc/privacy/"),
    (f"{R1}/", "Русский", f"{R1}/ru/"),
    (f"{R1}/ru/", "English", f"{R1}/"),
    ("latest/autel/privacy/", "Русский", f"{R2}/ru/autel/privacy/"),
    ("latest/ru/", "English", f"{R2}/"),
])
def test_language_switch_keeps_the_page_and_the_release(page, site, start, name, end):
    page.goto(site + start)
    switch_language(page, name)
    assert page.url == site + end


def search(page, query):
    page.keyboard.press("s")  # Material's shortcut focuses the search field
    page.keyboard.type(query)
    page.keyboard.press("End")  # Material reads the query on keyup; typed Cyrillic sends none
    page.wait_for_selector(".md-search-result__item")
    return [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]


def test_search_on_a_russian_page_finds_russian_pages_and_word_forms(page, site):
    page.goto(f"{site}latest/ru/autel/privacy/", wait_until="networkidle")
    results = search(page, "политика")
    assert results and all("/ru/" in href for href in results), results
    # The Russian home page says only «политики»: another form of the word searched for.
    assert any(href.split("?")[0].endswith(f"{R2}/ru/") for href in results), results


def test_search_on_an_english_page_finds_english_pages_only(page, site):
    page.goto(f"{site}latest/autel/privacy/", wait_until="networkidle")
    results = search(page, "cookies")
    assert results and not any("/ru/" in href for href in results), results


@pytest.mark.parametrize("path,lang,heading", [
    ("no-such-page/", "en", "Page not found"),
    ("latest/ru/no-such-page/", "ru", "Страница не найдена"),
    (f"{R1}/ru/scandoc/nothing/", "ru", "Страница не найдена"),
    (f"{R1}/scandoc/nothing/", "en", "Page not found"),
])
def test_not_found_page_speaks_the_readers_language(page, site, path, lang, heading):
    response = page.goto(site + path, wait_until="networkidle")
    assert response.status == 404
    assert page.evaluate("document.documentElement.lang") == lang
    expect(page.get_by_role("heading", name=heading)).to_be_visible()


def test_metadata_is_absolute_and_points_at_latest(page, site):
    page.goto(f"{site}{R1}/ru/scandoc/privacy/")
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical == f"{site}latest/ru/scandoc/privacy/"
    description = page.locator('meta[name="description"]').get_attribute("content")
    assert "ScanDoc" in description and "14 июля 2019" in description


def test_every_release_has_a_sitemap_of_its_own_addresses_with_absolute_hreflang(page, site):
    for release in (R1, R2):
        sitemap = page.goto(f"{site}{release}/sitemap.xml").text()
        locations = re.findall(r"<loc>(.*?)</loc>", sitemap)
        assert len(locations) == 12 and all(loc.startswith(f"{site}{release}/") for loc in locations)
        entry = re.search(rf"<loc>{re.escape(site + release)}/scandoc/privacy/</loc>(.*?)</url>", sitemap, re.S)
        alternates = dict(re.findall(r'hreflang="(\w+)" href="([^"]+)"', entry.group(1)))
        assert alternates == {"en": f"{site}{release}/scandoc/privacy/", "ru": f"{site}{release}/ru/scandoc/privacy/"}


def test_archived_release_shows_the_banner_and_latest_does_not(page, site):
    page.goto(f"{site}{R1}/scandoc/privacy/", wait_until="networkidle")
    banner = page.locator('[data-md-component="outdated"]')
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("You are reading the version of 22 November 2026.")
    banner.get_by_role("link").click()
    assert page.url == f"{site}{R2}/scandoc/privacy/"
    expect(page.locator('[data-md-component="outdated"]')).to_be_hidden()


def test_redline_opens_with_the_keyboard(page, site):
    page.goto(f"{site}latest/scandoc/privacy/", wait_until="networkidle")
    details = page.locator("details.policy-redline")
    assert not details.evaluate("d => d.open")
    page.locator("details.policy-redline summary").focus()
    page.keyboard.press("Enter")
    assert details.evaluate("d => d.open")
    expect(details.locator("del")).to_contain_text("3")
    expect(details.locator("ins")).to_contain_text("5")


def test_keyboard_reaches_the_language_switcher_and_the_version_selector(page, site):
    page.goto(f"{site}latest/scandoc/privacy/", wait_until="networkidle")
    focused = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.getAttribute('hreflang') || "
                                     "document.activeElement.className || ''"))
    assert "ru" in focused, "the Russian link of the language switcher is reachable by Tab"
    assert any("md-version__link" in item for item in focused), "a version link is reachable by Tab"


def test_print_shows_the_text_alone_with_its_permanent_address(page, site):
    page.goto(f"{site}latest/scandoc/privacy/", wait_until="networkidle")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    assert page.locator("details.policy-redline").evaluate("d => d.open"), "the redline prints expanded"
    for hidden in (".md-header", ".md-sidebar--primary", ".md-search"):
        expect(page.locator(hidden).first).to_be_hidden()
    permalink = page.locator(".policy-permalink")
    expect(permalink).to_be_visible()
    expect(permalink).to_contain_text(f"{site}{R2}/scandoc/privacy/")
    top = [page.locator(selector).first.bounding_box()["y"] for selector in
           ("h1", ".policy-effective", ".policy-permalink")]
    assert top == sorted(top) and top[-1] < 1000, "title, date and address open the first page"
