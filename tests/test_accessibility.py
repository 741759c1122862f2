"""axe-core (WCAG 2.1 A and AA rules) in Chromium on every kind of page, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import R1

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = {
    "home": "latest/{prefix}",
    "policy": "latest/{prefix}scandoc/privacy/",
    "archived policy with redline and banner": f"{R1}/{{prefix}}autel/privacy/",
    "latest policy with open redline": "latest/{prefix}scandoc/privacy/#open-redline",
    "404": "{prefix}no-such-page/",
}


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: %s}})" % WCAG)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})" for v in result["violations"]]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("kind", PAGES)
def test_no_axe_violations(page, site, kind, lang):
    path = PAGES[kind].format(prefix="" if lang == "en" else "ru/")
    page.goto(site + path.replace("#open-redline", ""), wait_until="networkidle")
    if path.endswith("#open-redline"):
        page.locator("details.policy-redline summary").click()
    assert violations(page) == []
