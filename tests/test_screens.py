"""Screenshots of every page type (issue 23), at a desktop's and a phone's width, in both languages, from a site whose
publications leave a text of each status (conftest: every_status), checked by what can be measured in them: each
status's treatment differs from the others' in the pixels a reader sees, nothing overflows sideways, the site's
name is whole, and a policy page shows its brand's title block (with the logo, where the brand has one).

The screenshots are kept in the test session's folder (pytest --basetemp=DIR: DIR/screens/), for a person to look at.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from fixture_site import BRANDS

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
LANGS = ("en", "ru")
# Page type -> (address from a language's root, the status its page states or None, in both languages?).
PAGE_TYPES = {
    "home": ("", None, True),
    "in force": ("acme/privacy/", "in-force", True),
    "superseded": ("acme/privacy/{superseded}/", "superseded", True),
    "upcoming": ("acme/privacy/{upcoming}/", "upcoming", True),
    "withdrawn": ("acme/privacy/{withdrawn}/", "withdrawn", True),
    "corrected": ("globex/privacy/{corrected}/", "corrected", True),
    "correction": ("globex/privacy/{correction}/", "in-force", True),
    "at what changed": ("acme/privacy/{in_force}/#what-changed", "in-force", True),
    "compare": ("acme/privacy/compare/?from={superseded}&to={in_force}", None, True),
    "releases": ("releases/", None, False),
    "not found": ("acme/privacy/nothing/", None, False),
}
MEASURE = """() => {
  const name = document.querySelector(".md-header__title .md-header__topic:first-child .md-ellipsis")
  const block = document.querySelector(".policy-brand"), logo = document.querySelector(".policy-brand-logo")
  const shown = e => !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden"
  const wider = [...document.querySelectorAll("body *")].filter(e => shown(e) && !e.closest(".md-sidebar, .md-search")
      && e.getBoundingClientRect().right > innerWidth + 1).map(e => e.tagName + "." + e.className).slice(0, 5)
  return {overflow: document.scrollingElement.scrollWidth - innerWidth, wider,
          nameCut: !name || name.scrollWidth > name.clientWidth || name.scrollHeight > name.clientHeight + 1,
          brand: shown(block) ? block.dataset.brand : null, brandText: block ? block.textContent.trim() : null,
          logo: logo ? {loaded: logo.complete && logo.naturalWidth > 0, alt: logo.alt} : null,
          status: document.getElementById("policy-status")?.dataset.policyStatus || null}
}"""


def _colour(image: Image.Image, x: int, y: int) -> tuple[int, ...]:
    return image.convert("RGB").getpixel((x, y))


@pytest.fixture(scope="module")
def screens(tmp_path_factory):
    folder = tmp_path_factory.getbasetemp() / "screens"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_type_in_screenshots(browser, every_status, screens, width):
    context = browser.new_context(viewport=dict(zip(("width", "height"), WIDTHS[width])))
    tab = context.new_page()
    problems, treatments = [], {}
    for lang in LANGS:
        for kind, (path, status, both) in PAGE_TYPES.items():
            if lang != "en" and not both:
                continue
            where = f"{width}, {lang}, {kind}"
            tab.goto(every_status.base + ("" if lang == "en" else f"{lang}/") + path.format(**every_status.days))
            tab.wait_for_load_state("networkidle")
            if kind == "compare":
                tab.locator(".policy-compare-result > *").first.wait_for()
            tab.wait_for_timeout(300)  # the page's script states the status and fills its lists after load
            tab.screenshot(path=screens / f"{width}-{lang}-{kind.replace(' ', '-')}.png", full_page=True)
            seen = tab.evaluate(MEASURE)
            if seen["overflow"] > 0:
                problems.append(f"{where}: {seen['overflow']} px wider than the screen ({seen['wider']})")
            if seen["nameCut"]:
                problems.append(f"{where}: the site's name is cut off")
            if status is None:
                continue
            brand = path.split("/")[0]
            if seen["status"] != status:
                problems.append(f"{where}: states {seen['status']}, not {status}")
            if seen["brand"] != brand or seen["brandText"] != BRANDS[brand]["name"]:
                problems.append(f"{where}: no title block naming {BRANDS[brand]['name']} ({seen})")
            if "logo" in BRANDS[brand] and seen["logo"] != {"loaded": True, "alt": BRANDS[brand]["name"]}:
                problems.append(f"{where}: the brand's logo is not shown with its name ({seen['logo']})")
            if kind != "correction" and kind != "at what changed":  # the in-force treatment, seen once
                box = Image.open(io.BytesIO(tab.locator("#policy-status").screenshot()))
                # What a reader sees of the status: the rule at its left edge and the panel's colour at its corner.
                treatments[status] = (_colour(box, 1, box.height // 2), _colour(box, box.width - 3, 3))
    context.close()
    for lang_kind, rule_and_panel in treatments.items():
        others = {s: t for s, t in treatments.items() if s != lang_kind}
        if rule_and_panel in others.values() or any(rule_and_panel[0] == t[0] for t in others.values()):
            problems.append(f"{width}: {lang_kind} looks like another status: {treatments}")
    if len(treatments) < 5:
        problems.append(f"{width}: only {sorted(treatments)} were measured")
    assert problems == [], "\n".join(problems)
