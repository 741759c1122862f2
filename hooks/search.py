"""Material's search, made to fit the site: each page searches its own language only, and the index is split
into one file per page, so that a page unchanged between two releases has the same index file in both (git keeps
it once) and a release adds only what changed. The worker that reads both is docs/assets/javascripts/workers/
language-search.js."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlencode

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

# Material writes its worker's address into the page's __config JSON.
WORKER = re.compile(r'("search":\s*")([^"]*workers/)(search\.[0-9a-f]+\.min\.js)(")')
INDEX = "search/search_index.json"


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return _language_worker(output, page.file.locale, config)


# The 404 page is a template of its own, written in each language's build.
def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    if template_name != "404.html":
        return output
    return _language_worker(output, config.plugins["i18n"].current_language, config)


def _language_worker(output: str, lang: str, config: MkDocsConfig) -> str:
    languages = _languages(config)
    scope = ({"exclude": ",".join(f"{other}/" for other in languages[1:])} if lang == languages[0]
             else {"only": f"{lang}/"})

    def language_worker(match: re.Match) -> str:
        query = urlencode({"worker": match.group(3), "lang": lang, **scope})
        return f"{match.group(1)}{match.group(2)}language-search.js?{query}{match.group(4)}"

    return WORKER.sub(language_worker, output, count=1)


# After static-i18n (priority -100) has merged every language's entries into the one index.
@event_priority(-200)
def on_post_build(*, config: MkDocsConfig) -> None:
    if config.plugins["i18n"].building:
        return
    index_file = Path(config.site_dir) / INDEX
    index = json.loads(index_file.read_text(encoding="utf-8"))
    pages: dict[str, list] = {}
    for doc in index["docs"]:
        pages.setdefault(doc["location"].split("#")[0], []).append(doc)
    shards = []
    for location, docs in pages.items():  # locations are folders ("ru/acme/privacy/") or the root ("")
        shard = f"pages/{location}index.json"
        target = index_file.parent / shard
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(docs, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        shards.append(shard)
    # The list rides in `config`: Material hands its worker only the index's config, docs and options.
    index_file.write_text(json.dumps({"config": {**index["config"], "shards": sorted(shards)}, "docs": []},
                                     ensure_ascii=False), encoding="utf-8")


def _languages(config: MkDocsConfig) -> list[str]:
    configured = config.plugins["i18n"].config.languages
    return [lang.locale for lang in sorted(configured, key=lambda lang: not lang.default)]
