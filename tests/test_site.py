"""The built site as readers get it: every brand in every language, dated, with the registry's facts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from htmltext import loaded_urls, visible_text

REPO = Path(__file__).resolve().parent.parent
REGISTRY = yaml.safe_load((REPO / "data" / "brands.yml").read_text(encoding="utf-8"))
LANGS = ("en", "ru")
PREFIX = {"en": "", "ru": "ru/"}
# Registry fields that describe how the site treats the brand rather than facts in its text.
NOT_IN_TEXT = {"governing_language", "notice_days", "placeholder"}
DATES = {
    ("scandoc", "en"): "Effective date: 14 July 2019",
    ("scandoc", "ru"): "Дата вступления в силу: 14 июля 2019\u202fг.",
    ("autel", "en"): "Effective date: 30 May 2013",
    ("autel", "ru"): "Дата вступления в силу: 30 мая 2013\u202fг.",
    ("scanxpro", "en"): "Effective date: 22 November 2026",
    ("scanxpro", "ru"): "Дата вступления в силу: 22 ноября 2026\u202fг.",
    ("cargotechservice", "en"): "Effective date: 22 November 2026",
    ("cargotechservice", "ru"): "Дата вступления в силу: 22 ноября 2026\u202fг.",
    ("unnamed-software", "en"): "Effective date: 22 November 2026",
    ("unnamed-software", "ru"): "Дата вступления в силу: 22 ноября 2026\u202fг.",
}
PAGES = [(slug, lang) for slug in REGISTRY for lang in LANGS]


def value(field, lang):
    return str(field[lang] if isinstance(field, dict) else field)


def test_every_brand_has_a_policy_in_every_language_and_nothing_else(built):
    published = sorted(p.parent.relative_to(built.site).as_posix() for p in built.site.glob("**/privacy/index.html"))
    assert published == sorted(f"{PREFIX[lang]}{slug}/privacy" for slug, lang in PAGES)
    assert set(DATES) == set(PAGES), "every brand's effective date is asserted"


@pytest.mark.parametrize("slug,lang", PAGES)
def test_policy_shows_its_effective_date_under_its_title(built, slug, lang):
    text = visible_text(built.page(f"{PREFIX[lang]}{slug}/privacy"))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert REGISTRY[slug]["name"] in lines[0], "the title comes first and names the brand"
    assert lines[1] == DATES[(slug, lang)]


@pytest.mark.parametrize("slug,lang", PAGES)
def test_policy_carries_the_brand_facts_from_the_registry(built, slug, lang):
    text = visible_text(built.page(f"{PREFIX[lang]}{slug}/privacy"))
    for field, raw in REGISTRY[slug].items():
        if field not in NOT_IN_TEXT:
            assert value(raw, lang) in text, f"{field} of {slug} is missing from the {lang} page"


@pytest.mark.parametrize("slug,lang", PAGES)
def test_policy_has_no_template_remnants(built, slug, lang):
    text = visible_text(built.page(f"{PREFIX[lang]}{slug}/privacy"))
    assert not re.search(r"\{\{|\}\}|\{%|%\}|--8<--|8<", text)
    assert "effective_date" not in text, "front matter never leaks into the page"


@pytest.mark.parametrize("slug,lang", PAGES)
def test_translation_says_which_text_prevails(built, slug, lang):
    html = built.page(f"{PREFIX[lang]}{slug}/privacy")
    governing = REGISTRY[slug]["governing_language"]
    notice = re.search(r'<p class="policy-notice policy-translation">(.*?)</p>', html)
    if lang == governing:
        assert notice is None
    else:
        link = re.search(r'href="([^"]+)" hreflang="(\w+)"', notice.group(1))
        assert link.group(2) == governing
        target = (built.site / PREFIX[lang] / slug / "privacy" / link.group(1)).resolve()
        assert target == (built.site / PREFIX[governing] / slug / "privacy").resolve()
        assert {"en": "Russian", "ru": "английском"}[lang] in notice.group(1)


def test_working_name_is_flagged_to_readers(built):
    for lang in LANGS:
        html = built.page(f"{PREFIX[lang]}unnamed-software/privacy")
        assert 'class="policy-notice policy-placeholder"' in html
    assert "policy-placeholder" not in built.page("scandoc/privacy")


@pytest.mark.parametrize("lang", LANGS)
def test_home_page_lists_every_brand_with_its_policy_and_date(built, lang):
    html = built.page(PREFIX[lang])
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td><a href=\"([^\"]+)\">.*?</a></td>\s*<td>(.*?)</td>", html, re.S)
    assert sorted(name for name, _, _ in rows) == sorted(b["name"] for b in REGISTRY.values())
    for name, href, date in rows:
        slug = next(s for s, b in REGISTRY.items() if b["name"] == name)
        assert href == f"{slug}/privacy/"
        assert DATES[(slug, lang)].split(": ")[1] in date


def test_russian_pages_are_russian(built):
    for slug in REGISTRY:
        text = visible_text(built.page(f"ru/{slug}/privacy"))
        cyrillic = len(re.findall(r"[а-яА-ЯёЁ]", text))
        latin = len(re.findall(r"[a-zA-Z]", text))
        assert cyrillic > 5 * latin, f"ru/{slug} reads as mostly Russian"


def test_no_page_loads_anything_from_another_origin(built):
    pages = list(built.site.glob("**/*.html"))
    assert len(pages) >= 12
    for page in pages:
        for url in loaded_urls(page.read_text(encoding="utf-8")):
            assert not re.match(r"^(https?:)?//", url), f"{page.relative_to(built.site)} loads {url}"
    for css in built.site.glob("**/*.css"):
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css.name


def test_not_found_page_links_work_outside_a_release_too(built):
    html = (built.site / "404.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]*)"', html)
    assert "/" in links and "/ru/" in links, "each language's home page, from the site root"
    assert not [link for link in links if link.startswith("//")], "no address without a host"
