"""Lighthouse 12 (mobile settings) on the home page and every policy page of the release in force, in both
languages, served gzipped as GitHub Pages serves the site. Performance is a simulated mobile load: the bar is 95;
accessibility, best practices and SEO must be perfect."""

from __future__ import annotations

import pytest

from fixture_site import BRANDS
from lighthouse import lighthouse

pytestmark = pytest.mark.browser

PAGES = [f"{prefix}{path}" for prefix in ("", "ru/") for path in ["", *(f"{b}/privacy/" for b in BRANDS)]]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_lighthouse_scores(served, path):
    report = lighthouse(f"{served.base}{served.releases['announced']}/{path}")
    scores = report["scores"]
    assert scores["performance"] >= 95, report
    assert (scores["accessibility"], scores["best-practices"], scores["seo"]) == (100, 100, 100), report
