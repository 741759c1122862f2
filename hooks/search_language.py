"""Point each page's search at a worker that searches the page's language only (see the worker's comment)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

# Material writes its worker's address into the page's __config JSON.
WORKER = re.compile(r'("search":\s*")([^"]*workers/)(search\.[0-9a-f]+\.min\.js)(")')


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    configured = config.plugins["i18n"].config.languages
    languages = [lang.locale for lang in sorted(configured, key=lambda lang: not lang.default)]
    lang = page.file.locale
    scope = ({"exclude": ",".join(f"{other}/" for other in languages[1:])} if lang == languages[0]
             else {"only": f"{lang}/"})

    def language_worker(match: re.Match) -> str:
        query = urlencode({"worker": match.group(3), "lang": lang, **scope})
        return f"{match.group(1)}{match.group(2)}language-search.js?{query}{match.group(4)}"

    return WORKER.sub(language_worker, output, count=1)
