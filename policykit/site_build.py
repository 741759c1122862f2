"""The site's strict build, run as MkDocs' own command in a process of its own: what publishing, importing and
reviewing check a site with. The policy logic never imports the engine; this runs it as a writer would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def strict_build(source: Path, site: Path, config: Path | None = None) -> str | None:
    """Build the site in `source` into `site` (with `config`, else its mkdocs.yml); None when it built, else what
    the build said, its problems without MkDocs' progress lines."""
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict",
                             *(["--config-file", str(config)] if config else []), "--site-dir", str(site)],
                            cwd=source, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode == 0:
        return None
    return "\n".join(line for line in (result.stdout + result.stderr).splitlines()
                     if line.strip() and not line.startswith("INFO"))
