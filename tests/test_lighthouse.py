"""Lighthouse 12 (mobile settings) on every page type (issue 23): the home page, a policy's address, the dated pages of
a text in force, superseded, upcoming, withdrawn, corrected and a correction, the compare page, the releases page and
the 404 page; in both languages where a page has both. Served gzipped as GitHub Pages serves the site, all in one
Chromium (tests/lighthouse.py). Accessibility and best practices must be perfect, SEO too except what a page is
meant to say to search engines (a text no longer in force is noindex, a missing page answers 404), and nothing may
shift the layout as it loads. Performance's timed metrics depend on the machine's load, so they are not asserted
here: timing belongs to benchmarks, not tests."""

from __future__ import annotations

import pytest

from lighthouse import lighthouse

pytestmark = pytest.mark.browser

NOINDEX = {"is-crawlable"}  # meta robots noindex: a text no longer (or never) in force is not offered to searches
# Page type -> (address from a language's root, in both languages?, the SEO audits it fails on purpose).
PAGE_TYPES = {
    "home": ("", True, set()),
    "policy in force": ("acme/privacy/", True, set()),
    "in force, dated": ("acme/privacy/{in_force}/", False, set()),
    "superseded": ("acme/privacy/{superseded}/", True, NOINDEX),
    "upcoming": ("acme/privacy/{upcoming}/", True, set()),
    "withdrawn": ("acme/privacy/{withdrawn}/", False, NOINDEX),
    "corrected": ("globex/privacy/{corrected}/", False, NOINDEX),
    "correction": ("globex/privacy/{correction}/", True, set()),
    "compare": ("acme/privacy/compare/?from={superseded}&to={in_force}", True, set()),
    "releases": ("releases/", False, set()),
    # The page every missing address answers with (status 404), at its own address: Lighthouse audits no page
    # answered with 404 (it stops with "unable to reliably load the page").
    "not found": ("404.html", True, set()),
}
PAGES = [(kind, lang) for kind, (_, both, _) in PAGE_TYPES.items() for lang in (("en", "ru") if both else ("en",))]


def _address(every_status, kind: str, lang: str) -> str:
    path = PAGE_TYPES[kind][0].format(**every_status.days)
    return f"{every_status.base}{'' if lang == 'en' else lang + '/'}{path}"


@pytest.fixture(scope="module")
def reports(every_status):
    return lighthouse([_address(every_status, kind, lang) for kind, lang in PAGES])


@pytest.mark.parametrize("kind, lang", PAGES, ids=[f"{kind}-{lang}" for kind, lang in PAGES])
def test_lighthouse_on_every_page_type(reports, every_status, kind, lang):
    report = reports[_address(every_status, kind, lang)]
    assert report["error"] is None, report
    assert "cumulative-layout-shift" not in report["failing"]["performance"], report
    assert report["failing"]["accessibility"] == [] and report["failing"]["best-practices"] == [], report
    assert (report["scores"]["accessibility"], report["scores"]["best-practices"]) == (100, 100), report
    assert set(report["failing"]["seo"]) == PAGE_TYPES[kind][2], report
