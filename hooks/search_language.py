"""Point each page's search at a worker that searches the page's language only (see the worker's comment)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from site_context import languages

# Material writes its worker's address into the page's __config JSON.
WORKER = re.compile(r'("search":\s*")([^"]*workers/)(search\.[0-9a-f]+\.min\.js)(")')


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    lang, site_languages = page.file.locale, languages(config)
    if lang == site_languages[0]:
        scope = {"exclude": ",".join(f"{other}/" for other in site_languages[1:])}
    else:
        scope = {"only": f"{lang}/"}

    def language_worker(match: re.Match) -> str:
        query = urlencode({"worker": match.group(3), "lang": lang, **scope})
        return f"{match.group(1)}{match.group(2)}language-search.js?{query}{match.group(4)}"

    return WORKER.sub(language_worker, output, count=1)
