"""Lighthouse 12 (mobile settings) on the home page and every policy page, in both languages.

Served gzipped, as GitHub Pages serves the site. Performance is a simulated mobile load: the bar is 95;
accessibility, best practices and SEO must be perfect.
"""

from __future__ import annotations

import pytest
import yaml

from conftest import REPO, R2
from lighthouse import lighthouse

pytestmark = pytest.mark.browser

BRANDS = list(yaml.safe_load((REPO / "data" / "brands.yml").read_text(encoding="utf-8")))
PAGES = [f"{prefix}{path}" for prefix in ("", "ru/") for path in ["", *(f"{b}/privacy/" for b in BRANDS)]]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_lighthouse_scores(site, path):
    report = lighthouse(f"{site}{R2}/{path}")
    scores = report["scores"]
    assert scores["performance"] >= 95, report
    assert (scores["accessibility"], scores["best-practices"], scores["seo"]) == (100, 100, 100), report
