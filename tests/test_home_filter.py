"""The home page of a site of many brands (issue 23 item 1): every brand's policy with its status and date in one
list, and beyond site_chrome.HOME_FILTER_BRANDS brands a box that filters the list as the reader types, in both
languages, by keyboard, with no layout shift and nothing for axe to find. A few brands' home page has no box.

A fixture site (tests/fixture_site.py) grown to one brand more than the limit, built as a preview."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from browser import serving
from conftest import build_site
from fixture_site import BRANDS, FIRST_EFFECTIVE, POLICY, make_site, write
from policykit.site_chrome import HOME_FILTER_BRANDS

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parent.parent
LABELS = yaml.safe_load((REPO / "data" / "labels.yml").read_text(encoding="utf-8"))
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
NAMES = ["Aurora", "Borealis", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Indigo", "Juniper",
         "Kestrel", "Lumen", "Meridian", "Nimbus", "Onyx", "Prairie", "Quartz", "Redwood", "Sierra", "Tundra",
         "Umber", "Vesper", "Willow", "Yarrow", "Zephyr"]


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """The fixture's brands and enough more to pass the limit by one."""
    root = make_site(tmp_path_factory.mktemp("many") / "src")
    added = NAMES[:HOME_FILTER_BRANDS + 1 - len(BRANDS)]
    brands = {**BRANDS, **{name.lower(): {**copy.deepcopy(BRANDS["globex"]), "name": name} for name in added}}
    write(root / "data" / "brands.yml", yaml.safe_dump(brands, allow_unicode=True, sort_keys=False))
    for name in added:
        for lang in ("en", "ru"):
            write(root / "docs" / lang / name.lower() / "privacy.md",
                  POLICY[lang].format(name=name, date=FIRST_EFFECTIVE.isoformat(), brand=name.lower()))
    built = build_site(root)
    assert built.returncode == 0, built.output
    with serving(built.site) as base:
        yield base, brands


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)  # for axe-core
    page = context.new_page()
    page.add_init_script("window.__shift = 0; new PerformanceObserver(list => { for (const e of list.getEntries()) "
                         "if (!e.hadRecentInput) window.__shift += e.value }).observe({type: 'layout-shift', buffered: true})")
    yield page
    context.close()


def visible_brands(tab) -> list[str]:
    return tab.evaluate("() => [...document.querySelectorAll('article table tbody tr')]"
                        ".filter(row => !row.hidden).map(row => row.cells[0].textContent.trim())")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_box_filters_the_list_by_brand_and_says_how_many_are_shown(tab, many, lang):
    base, brands = many
    labels = LABELS[lang]
    tab.goto(base + ("ru/" if lang == "ru" else ""), wait_until="networkidle")
    assert sorted(visible_brands(tab)) == sorted(brand["name"] for brand in brands.values()), "every brand listed"
    box = tab.get_by_label(labels["home_filter_label"])
    box.focus()
    tab.keyboard.type("glo")  # in any case
    assert visible_brands(tab) == ["Globex"]
    status = tab.locator("#home-filter-result")
    assert status.get_attribute("role") == "status"
    assert status.text_content() == labels["home_filter_count"].format(shown=1, total=len(brands))
    box.fill("")
    box.dispatch_event("input")
    assert len(visible_brands(tab)) == len(brands) and status.text_content() == ""
    assert tab.evaluate("window.__shift") < 0.001, "the box kept its room from the first paint"


def test_the_box_is_reached_by_keyboard_and_axe_finds_nothing(tab, many):
    base, _ = many
    tab.goto(base, wait_until="networkidle")
    tab.add_script_tag(path=str(AXE))
    found = tab.evaluate("async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})).violations"
                         ".map(v => [v.id, v.nodes.map(n => n.html)])")
    assert found == []
    reached = []
    for _ in range(30):
        tab.keyboard.press("Tab")
        reached.append(tab.evaluate("document.activeElement.id"))
    assert "home-filter" in reached


def test_a_few_brands_home_page_has_no_box(fixture_built):
    assert 'id="home-filter"' not in fixture_built.page("")
    assert len(BRANDS) <= HOME_FILTER_BRANDS
