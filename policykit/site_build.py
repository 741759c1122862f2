"""The site's strict build, run as MkDocs' own command in a process of its own: what publishing, importing and
reviewing check a site with. The policy logic never imports the engine; this runs it as a writer would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CHECK_CONFIG = "mkdocs.check.yml"  # written beside mkdocs.yml for one build, removed after it


def strict_build(source: Path, site: Path, policies: dict[str, str] | None = None) -> str | None:
    """Build the site in `source` into `site` with its mkdocs.yml and the build settings `policies` (its
    extra.policies); None when it built, else what the build said, its problems without MkDocs' progress lines.
    Every text is checked from scratch: no analysis an earlier build remembered is read (analysis_cache empty)."""
    settings = {**(policies or {}), "analysis_cache": ""}
    config = source / CHECK_CONFIG
    config.write_text("INHERIT: mkdocs.yml\nextra:\n  policies:\n"
                      + "".join(f"    {key}: {json.dumps(value)}\n" for key, value in settings.items()), encoding="utf-8")
    try:
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
                                 "--site-dir", str(site)], cwd=source, capture_output=True, text=True,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    finally:
        config.unlink(missing_ok=True)
    if result.returncode == 0:
        return None
    return "\n".join(line for line in (result.stdout + result.stderr).splitlines()
                     if line.strip() and not line.startswith("INFO"))
