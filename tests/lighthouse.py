"""Running Lighthouse 12 (npm) with Debian's Chromium and mobile settings, and reading its scores."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from browser import CHROMIUM, CHROMIUM_FLAGS

LIGHTHOUSE = Path(__file__).resolve().parent.parent / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse(url: str) -> dict:
    """Scores (0–100) per category, and the failing audits, for one page with Lighthouse's mobile defaults."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                        f"--only-categories={','.join(CATEGORIES)}",
                        f"--chrome-flags=--headless=new {' '.join(CHROMIUM_FLAGS)}"],
                       env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, capture_output=True)
        result = json.loads(report.read_text())
    scores = {name: round(category["score"] * 100) for name, category in result["categories"].items()}
    failing = sorted({ref["id"] for category in result["categories"].values() for ref in category["auditRefs"]
                      if ref.get("weight") and (result["audits"][ref["id"]].get("score") or 0) < 1
                      and result["audits"][ref["id"]].get("scoreDisplayMode") not in ("notApplicable", "manual")})
    # What moved, so a failing layout-shift check names the element rather than only a number.
    shifts = [(item.get("node", {}).get("snippet"), round(item.get("score", 0), 4))
              for item in result["audits"].get("layout-shifts", {}).get("details", {}).get("items", [])]
    cls = result["audits"]["cumulative-layout-shift"].get("numericValue")
    return {"scores": scores, "failing": failing, "layout_shift": cls, "shifted": shifts}
