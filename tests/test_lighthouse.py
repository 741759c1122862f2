"""Lighthouse 12 (mobile settings) on the home page, every policy's address and the dated page of a text in force, in
both languages, served gzipped as GitHub Pages serves the site. Accessibility, best practices and SEO must be perfect,
and nothing may shift the layout as it loads. Performance's timed metrics depend on the machine's load, so they
are not asserted here: timing belongs to benchmarks, not tests."""

from __future__ import annotations

import pytest

from fixture_site import BRANDS
from lighthouse import lighthouse

pytestmark = pytest.mark.browser

# The home page, each policy's address, and the dated page of the text in force ("{dated}": Acme's second version;
# a superseded text's page is noindex, which the SEO category counts against it).
PAGES = [f"{prefix}{path}" for prefix in ("", "ru/")
         for path in ["", *(f"{b}/privacy/" for b in BRANDS), "acme/privacy/{dated}/"]]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_lighthouse_scores(served, path):
    report = lighthouse(f"{served.base}{path.format(dated=served.days['acme_second'])}")
    scores = report["scores"]
    assert "cumulative-layout-shift" not in report["failing"], report
    assert (scores["accessibility"], scores["best-practices"], scores["seo"]) == (100, 100, 100), report
