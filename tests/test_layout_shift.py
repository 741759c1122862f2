"""No layout shift a reader sees (issue 23): every page type, at a desktop and a phone width, measured in Chromium
with the Layout Instability API (the shifts a reader did not cause, summed as Lighthouse's CLS sums them), including
arriving at "What changed" and a comparison appearing on the compare page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LIMIT = 0.02
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
OBSERVE = """window.__shift = 0; window.__moved = []; new PerformanceObserver(list => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) {
    window.__shift += entry.value
    for (const source of entry.sources || []) if (source.node) window.__moved.push(
      (source.node.id || source.node.className || source.node.nodeName || "").toString().slice(0, 40))
  } }).observe({ type: "layout-shift", buffered: true })"""


def pages(site) -> dict[str, str]:
    """One address of each page type, as readers are given them (conftest every_status: a text of each status)."""
    days = site.days
    return {"home": "", "home, Russian": "ru/", "policy in force": "acme/privacy/",
            "superseded text": f"acme/privacy/{days['superseded']}/",
            "at What changed": f"acme/privacy/{days['in_force']}/#what-changed",
            "upcoming text": f"acme/privacy/{days['upcoming']}/", "withdrawn text": f"acme/privacy/{days['withdrawn']}/",
            "corrected text": f"globex/privacy/{days['corrected']}/",
            "correction": f"globex/privacy/{days['correction']}/#what-changed", "Russian text": "ru/acme/privacy/",
            "compare, a result appearing": f"acme/privacy/compare/?from={days['superseded']}&to={days['in_force']}",
            "releases": "releases/", "not found": "acme/privacy/nothing/"}


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_no_page_moves_while_it_loads(browser, every_status, width):
    context = browser.new_context(viewport=dict(zip(("width", "height"), WIDTHS[width])))
    tab = context.new_page()
    tab.add_init_script(OBSERVE)
    shifts = {}
    for name, path in pages(every_status).items():
        tab.goto(every_status.base + path)
        tab.wait_for_load_state("networkidle")
        if "compare" in name:
            tab.locator(".policy-compare-result > *").first.wait_for()
        tab.wait_for_timeout(300)  # what the page's script does after load (status, history, redline)
        shifts[name] = round(tab.evaluate("window.__shift"), 4)
        if shifts[name] >= LIMIT:  # what moved, so that a failure names it
            shifts[name] = (shifts[name], sorted(set(tab.evaluate("window.__moved"))))
    context.close()
    moved = {name: value for name, value in shifts.items() if isinstance(value, tuple)}
    assert not moved, f"layout shift at {width} width: {moved} (all: {shifts})"
