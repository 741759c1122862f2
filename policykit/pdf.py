"""A policy text as PDF (PDF/A-2b, for archiving), as its page prints (the site's print styles: the brand, title
and effective date, its permanent address, the text and the redline expanded), with WeasyPrint. What changes with
time (the status, the notice of a later version, the history) is left out: a text's PDF is written once, when the
text is first published, and never changes. Reproducible: the same HTML and files give the same bytes (no creation or
modification date, a fixed document identifier), so a version's PDF is written once and never differs between
releases, nor between build folders. Nothing is fetched from elsewhere: only files under the site's own folder are
read.

    pdf_bytes(html, page_path="acme/privacy/2026-12-01/", site_root=Path("…/site"))
"""

from __future__ import annotations

import hashlib
import html as html_module
import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from policykit.problems import ReportedError

PDF_FILE = "policy.pdf"  # beside each dated page, as policy.txt and policy.md are
# PDF/A-2b (ISO 19005-2), the archival PDF: fonts embedded, colours defined (sRGB), nothing fetched when it is opened,
# its identification in the XMP metadata; WeasyPrint writes it with the same bytes every time.
PDF_VARIANT = "pdf/a-2b"
# The address a page is laid out at, whatever folder the site was built in: WeasyPrint names an image after its
# address, so the folder's own would make a PDF differ from one build to another. Files are read from the built site.
SITE_ADDRESS = "file:///site/"
# The page's own content (title block, status, text, history, redline), without the theme's frame: WeasyPrint lays
# out the site's print styles, not Material's screen layout (its header, sidebars, flex layout, skip link).
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
SCRIPT = re.compile(r"<script\b.*?</script>", re.S | re.I)
LANG = re.compile(r'<html[^>]*\blang="([^"]+)"')
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
PAGE_STYLE = """@page { size: A4; margin: 2cm 2cm 2.2cm; @bottom-right { content: counter(page) " / " counter(pages);
  font-size: 9pt; } }
body { font-family: sans-serif; font-size: 11pt; line-height: 1.5; color: #000; margin: 0; }
a { color: inherit; } .headerlink { display: none; } .md-typeset { max-width: none; }
/* No hyphenation inserted in a PDF: its text is searched and copied as written. */
.md-typeset :is(p, li, dd, td, blockquote) { -webkit-hyphens: manual !important; hyphens: manual !important; }
/* A link's address printed after it, as the recorded text (policy.txt) writes it. */
.md-typeset a[href^="http"]::after, .md-typeset a[href^="mailto:"]::after { content: " \\27E8" attr(href) "\\27E9"; }
.policy-permalink a::after, .policy-bookmark a::after { content: none; }
.policy-status, .policy-upcoming, .policy-history, .policy-picker, .policy-printed { display: none !important; }"""


class PdfError(ReportedError):
    pass


def pdf_bytes(html: str, page_path: str, site_root: Path) -> bytes:
    """The PDF of one page of the built site: `html` as written at `page_path` ("acme/privacy/2026-12-01/") of the
    site built in `site_root`, where its relative links to styles and images are read."""
    from weasyprint import HTML  # imported here: only publishing needs it
    from weasyprint.urls import URLFetcher

    root = site_root.resolve()
    prefix = urlsplit(SITE_ADDRESS).path

    class OwnFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = unquote(urlsplit(url).path)
            found = (root / path.removeprefix(prefix)).resolve() if url.startswith(SITE_ADDRESS) else None
            if found is None or not found.is_relative_to(root):
                raise PdfError(f"{url}: a page's PDF reads only the site's own files")
            return super().fetch(found.as_uri(), headers)

    document = HTML(string=_printable(html, page_path), base_url=f"{SITE_ADDRESS}{page_path}index.html",
                    url_fetcher=OwnFilesOnly(allowed_protocols={"file", "data"}), media_type="print").render()
    metadata = document.metadata
    metadata.created = metadata.modified = None
    metadata.generator = "policykit"
    # The identifier a PDF carries, from its page's own text rather than from the time it was made.
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    return document.write_pdf(pdf_identifier=identifier, pdf_variant=PDF_VARIANT, uncompressed_pdf=False)


def _printable(html: str, page_path: str) -> str:
    article = ARTICLE.search(html)
    if not article:
        raise PdfError("the page has no content to print (no <article> of the theme)")
    lang = LANG.search(html)
    title = TITLE.search(html)
    assets = "../" * len(PurePosixPath(page_path).parts) + "assets/"
    return (f'<!doctype html><html lang="{lang[1] if lang else "en"}"><head><meta charset="utf-8">'
            f'<title>{title[1].strip() if title else ""}</title>'
            f'<link rel="stylesheet" href="{assets}policy.css"><link rel="stylesheet" href="{assets}redline.css">'
            f'<style>{html_module.escape(PAGE_STYLE, quote=False)}</style></head>'
            f'<body><article class="md-content__inner md-typeset">{SCRIPT.sub("", article[1])}</article></body></html>')


def page_pdf(site_root: Path, page_path: str) -> bytes:
    """The PDF of the page at `page_path` ("acme/privacy/2026-12-01/") of the site built in `site_root`."""
    return pdf_bytes((site_root / page_path / "index.html").read_text(encoding="utf-8"), page_path, site_root)
