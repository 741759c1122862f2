"""The benchmark's smoke test: it runs end to end at N = 2 brands, M = 1 and 2 releases (not a timing test)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import REPO

from policykit.expansion import MAX_LINES

KEYS = {"brands", "releases", "pages", "build_hooks_s", "build_plain_s", "hooks_overhead_pct", "rebuild_s", "preview_s",
        "publish_next_s", "site_mb", "growth_mb", "growth_pct", "deployed_mb", "deployed_growth_mb",
        "deployed_growth_pct", "releases_in_1gb", "gh_pages_mb", "peak_mb"}


def test_the_benchmark_runs_and_reports_every_measure(tmp_path):
    report = tmp_path / "bench.json"
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "bench.py"), "--brands", "2", "--releases", "1", "2",
                             "--repeat", "1", "--items", "--readers", "--json", str(report)], cwd=tmp_path, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "| N brands | M releases |" in result.stdout and "N=2: M 1→2 changes a build by" in result.stdout
    rows = json.loads(report.read_text())["rows"]
    assert [(r["brands"], r["releases"]) for r in rows] == [(2, 1), (2, 2)]
    for row in rows:
        assert set(row) == KEYS
        assert all(row[k] > 0 for k in KEYS - {"hooks_overhead_pct", "releases_in_1gb"})
        assert 0 < row["growth_pct"] < 100, "a release shares the pages that did not change"
        assert 0 < row["deployed_growth_pct"] < 100, "a release deploys only what changed, not a copy of the site"
    assert rows[1]["gh_pages_mb"] > rows[0]["gh_pages_mb"], "a second release adds to gh-pages"
    imported = json.loads(report.read_text())["import"]
    assert imported["revisions"] > 1 and imported["import_s"] > 0 and imported["import_in_builds"] > 0
    assert "Import of a real history" in result.stdout


SIZE_KEYS = {"items", "lines", "policy_kb", "build_s", "items_ratio", "build_ratio", "outcome"}


def test_the_benchmark_measures_a_build_against_a_policys_size(tmp_path):
    """Two sizes that build and one over the line limit, which is refused (and its refusal measured)."""
    report = tmp_path / "bench.json"
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "bench.py"), "--brands", "--items", "10", "100",
                             str(MAX_LINES + 10), "--repeat", "1", "--no-import", "--readers", "--json", str(report)], cwd=tmp_path,
                            capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "| list items | policy lines |" in result.stdout
    sizes = json.loads(report.read_text())["sizes"]
    assert [row["items"] for row in sizes] == [10, 100, MAX_LINES + 10]
    for row in sizes:
        assert set(row) == SIZE_KEYS and row["build_s"] > 0 and row["lines"] > row["items"]
    assert [row["items_ratio"] for row in sizes] == [1.0, 10.0, (MAX_LINES + 10) / 10]
    assert sizes[0]["build_ratio"] == 1.0
    assert [row["outcome"] for row in sizes[:2]] == ["built", "built"]
    assert sizes[2]["outcome"].startswith("refused: docs/en/brand-000/privacy.md: the policy is too long")


READER_KEYS = {"brands", "page_kb", "requests", "transferred_kb", "home_kb", "page_kb_ratio", "requests_ratio",
               "transferred_kb_ratio"}


@pytest.mark.browser
def test_the_benchmark_measures_a_readers_cost_as_brands_grow(tmp_path):
    """Two sites' policy page, viewed in Chromium: the figures, and the ratios against the fewer brands."""
    report = tmp_path / "bench.json"
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "bench.py"), "--brands", "--items", "--no-import",
                             "--readers", "2", "3", "--json", str(report)], cwd=tmp_path, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "| N brands | policy page (KB) |" in result.stdout
    readers = json.loads(report.read_text())["readers"]
    assert [row["brands"] for row in readers] == [2, 3]
    for row in readers:
        assert set(row) == READER_KEYS and row["page_kb"] > 0 and row["requests"] > 1 and row["transferred_kb"] > 0
    assert readers[0]["page_kb_ratio"] == readers[0]["requests_ratio"] == 1.0
