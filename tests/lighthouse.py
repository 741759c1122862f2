"""Running Lighthouse 12 (npm) with Debian's Chromium and mobile settings, and reading its scores: every page in one
Node process and one Chromium (tests/lighthouse.mjs), not one of each per page."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from browser import CHROMIUM, CHROMIUM_FLAGS

RUNNER = Path(__file__).resolve().parent / "lighthouse.mjs"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse(urls: list[str]) -> dict[str, dict]:
    """Per address: scores (0–100) per category, the failing audits per category, and what shifted the layout."""
    result = subprocess.run(["node", str(RUNNER), CHROMIUM, json.dumps(CHROMIUM_FLAGS), ",".join(CATEGORIES), *urls],
                            check=True, capture_output=True, text=True)
    reports = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(reports) == len(urls), result.stderr
    return {url: _summary(report) for url, report in zip(urls, reports)}


def _summary(result: dict) -> dict:
    audits = result["audits"]
    scores = {name: None if category["score"] is None else round(category["score"] * 100)
              for name, category in result["categories"].items()}
    failing = {name: sorted(ref["id"] for ref in category["auditRefs"]
                            if ref.get("weight") and (audits[ref["id"]].get("score") or 0) < 1
                            and audits[ref["id"]].get("scoreDisplayMode") not in ("notApplicable", "manual"))
               for name, category in result["categories"].items()}
    # What moved, so a failing layout-shift check names the element rather than only a number.
    shifts = [(item.get("node", {}).get("snippet"), round(item.get("score", 0), 4))
              for item in audits.get("layout-shifts", {}).get("details", {}).get("items", [])]
    return {"scores": scores, "failing": failing, "layout_shift": audits["cumulative-layout-shift"].get("numericValue"),
            "shifted": shifts, "error": result.get("runtimeError", {}).get("message")}
