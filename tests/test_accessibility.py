"""axe-core (WCAG 2.1 A and AA rules) in Chromium, in both languages, on the pages the reader tests do not open
with axe (tests/test_reader_browser.py checks home pages, every status of a policy with its picker and redline
open, and the compare page): the 404 pages."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = {
    "404 at the site's root": "{prefix}no-such-page/",
    "404 under a policy": "{prefix}acme/privacy/nothing/",
}


@pytest.fixture
def page(browser):
    """A tab that lets axe-core's own script in (the site's Content-Security-Policy would refuse it; the other
    browser tests check the policy)."""
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: %s}})" % WCAG)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})" for v in result["violations"]]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("kind", PAGES)
def test_no_axe_violations(page, served, kind, lang):
    path = PAGES[kind].format(prefix="" if lang == "en" else "ru/", first_day=served.days["first"],
                              second_day=served.days["acme_second"], **served.releases)
    page.goto(served.base + path, wait_until="networkidle")
    page.wait_for_timeout(300)  # the page's script states the status and fills the lists after load
    assert violations(page) == []
