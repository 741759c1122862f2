"""A Content-Security-Policy for every page, as a <meta> element: GitHub Pages sends no HTTP headers.

The page may run only the site's own script files and its own inline scripts (by SHA-256), load styles,
images, fonts and data only from the site, and change neither its base address nor where forms go. If
something in a page escaped the sanitizer, the reader's browser still refuses to run or load it.
"""

from __future__ import annotations

import base64
import hashlib
import re

# Material's stylesheet draws its icons from data: SVG images (mask-image: url("data:image/svg+xml,…")),
# which img-src governs. Styles need no 'unsafe-inline': Material writes no <style> or style="…", and its
# scripts set styles through CSSOM (element.style.setProperty), which CSP allows.
POLICY = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],  # versions.json, policies.json, the search index
    "worker-src": ["'self'"],  # Material's search runs in a web worker
    "manifest-src": ["'self'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "object-src": ["'none'"],
}

# Inline scripts the browser runs, so script-src must name them: classic scripts (no type, or a JavaScript
# MIME type), modules, import maps and speculation rules. JSON data blocks are never run.
_RUN_TYPES = frozenset({
    "", "module", "importmap", "speculationrules", "application/ecmascript", "application/javascript",
    "application/x-ecmascript", "application/x-javascript", "text/ecmascript", "text/javascript",
    "text/javascript1.0", "text/javascript1.1", "text/javascript1.2", "text/javascript1.3", "text/javascript1.4",
    "text/javascript1.5", "text/jscript", "text/livescript", "text/x-ecmascript", "text/x-javascript",
})
_CHARSET = re.compile(r"""<meta\s+charset\s*=\s*["']?utf-8["']?\s*/?>""", re.I)
_HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.I)
_EXISTING = re.compile(r"""<meta\b[^>]*http-equiv\s*=\s*["']?content-security-policy""", re.I)
_BEFORE_CHARSET = re.compile(r"<(?:script|link|style|base|img|iframe)\b", re.I)
# Comments are skipped; a script's text runs to the first "</script" (as the HTML tokenizer ends it).
_SCRIPT_OR_COMMENT = re.compile(
    r"""<!--.*?-->|<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>(.*?)</script(?=[\t\n\f\r />])""", re.I | re.S)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


def add_policy(page_html: str) -> str:
    """The page with its Content-Security-Policy <meta> right after <meta charset="utf-8">.

    Raises ValueError for a page the policy could not cover: one without <meta charset="utf-8"> in its
    head, one with anything loaded before it, or one that already has a policy (two would both apply)."""
    head_end = _HEAD_END.search(page_html)
    head = page_html[:head_end.start()] if head_end else page_html
    charset = _CHARSET.search(head)
    if charset is None:
        raise ValueError('the page has no <meta charset="utf-8"> in its head, after which its '
                         "Content-Security-Policy belongs; the theme's template must write one")
    if _BEFORE_CHARSET.search(head, 0, charset.start()):
        raise ValueError('the page loads something before <meta charset="utf-8">, where its '
                         "Content-Security-Policy would not cover it; move <meta charset> to the top of <head>")
    if _EXISTING.search(head):
        raise ValueError("the page already has a Content-Security-Policy <meta>; a second one would also apply, "
                         "so the template must not write its own")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(page_html)}">'
    return page_html[:charset.end()] + meta + page_html[charset.end():]


def policy_for(page_html: str) -> str:
    """The policy's text for a page: POLICY, with the hashes of the page's own inline scripts."""
    directives = {name: list(sources) for name, sources in POLICY.items()}
    directives["script-src"] += dict.fromkeys(f"'sha256-{digest}'" for digest in inline_script_hashes(page_html))
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def inline_script_hashes(page_html: str) -> list[str]:
    """Base64 SHA-256 of each inline script the browser would run, in page order, as CSP hashes them."""
    hashes = []
    for match in _SCRIPT_OR_COMMENT.finditer(page_html):
        if match.group(0).startswith("<!--"):
            continue
        attributes: dict[str, str] = {}
        for attribute in _ATTRIBUTE.finditer(match.group(1)):  # the first of a repeated name counts
            value = next((v for v in attribute.groups()[1:] if v is not None), "")
            attributes.setdefault(attribute.group(1).lower(), value)
        if "src" in attributes or attributes.get("type", "").strip().lower() not in _RUN_TYPES:
            continue
        # The browser hashes the text as parsed: its line ends are already \n.
        text = match.group(2).replace("\r\n", "\n").replace("\r", "\n")
        hashes.append(base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii"))
    return hashes
