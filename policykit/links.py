"""Links in a policy: a link to a page or file of this site must lead somewhere, and a link to a place in the
page to a heading or anchor it has; a link written for another site's root (/github/site-policy/…, as imported
text has them) points nowhere here."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from policykit.problems import Finding

ID = re.compile(r'\bid="([^"]+)"')


def link_findings(targets: list[str], page: str, docs: Path, line_of) -> list[Finding]:
    """Each link target of a page (its file `page`, relative to docs/) that leads nowhere on this site.
    `line_of(target)` gives the line of the expanded Markdown where the target is written."""
    findings = []
    for target in targets:
        parts = urlsplit(target)
        if parts.scheme or not parts.path:  # another site's address, or a link inside the page
            continue
        if target.startswith("/"):
            findings.append(Finding(line_of(target) or 1, f"the link to “{target}” starts with “/”, so it points at "
                                    "the root of the website the text was written for, not at a page of this site.",
                                    "write the full address of the page it means (https://…), or a link to a page of "
                                    "this site relative to this file (e.g. ../other-brand/privacy.md)."))
            continue
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
        if resolved.startswith("../") or not (docs / resolved).is_file():
            findings.append(Finding(line_of(target) or 1, f"the link to “{target}” leads to no page or file of this "
                                    "site.", "correct the link (a page is linked by its file, relative to this one, "
                                    "e.g. ../other-brand/privacy.md), or write the full address of another site."))
    return findings


def anchor_findings(targets: list[str], html: str, line_of) -> list[Finding]:
    """Each link to a place in the page (#…) that no heading or anchor of the page (its `html`) has."""
    ids = set(ID.findall(html))
    return [Finding(line_of(target) or 1, f"the link to “{target}” leads to no heading or anchor of this page.",
                    "link to a heading's anchor as the page shows it (the ¶ beside the heading), or remove the link.")
            for target in dict.fromkeys(targets) if target.startswith("#") and unquote(target[1:]) not in ids]
