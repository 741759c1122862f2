"""Material's search, made to fit the site: each page searches its own language only, its index is fetched when
the reader searches (not with every page), and the index is split into one file per page, so that a page unchanged
between two releases has the same index file in both (git keeps it once) and a release adds only what changed.
search/search_index.json, which Material's page script fetches with every page, keeps only the configuration: its
size does not grow with the site. Each language's list of page files is search/shards-<lang>.json. The worker that
reads them is docs/assets/javascripts/workers/language-search.js.

Material has no setting for its worker's address (its template writes it), so the address is rewritten in each
page; what this relies on in Material's output is checked, and a build where it is missing fails and says why,
rather than publishing a site whose search finds nothing or every language's pages."""

from __future__ import annotations

import json
import re
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

# Material writes its worker's address into the page's __config JSON.
WORKER = re.compile(r'("search":\s*")([^"]*workers/)(search\.[0-9a-f]+\.min\.js)(")')
INDEX = "search/search_index.json"
SHARDS = "shards-{lang}.json"  # beside INDEX: a language's page files


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return _language_worker(output, page.file.src_uri, config)


# The 404 page is a template of its own, written in each language's build.
def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    if template_name != "404.html":
        return output
    return _language_worker(output, template_name, config)


def _language_worker(output: str, shown_as: str, config: MkDocsConfig) -> str:
    # Every page of a language's build is in that language: the site never shows one in another's place.
    lang = _i18n(config).current_language

    def language_worker(match: re.Match) -> str:
        query = urlencode({"worker": match.group(3), "lang": lang})
        return f"{match.group(1)}{match.group(2)}language-search.js?{query}{match.group(4)}"

    rewritten, found = WORKER.subn(language_worker, output, count=1)
    if not found:
        raise _changed(f"{shown_as} has no search worker address where hooks/search.py expects it (\"search\": "
                       "\"…/workers/search.<hash>.min.js\" in the page's __config script), so its search would not "
                       "be limited to its language")
    return rewritten


# After static-i18n (priority -100) has merged every language's entries into the one index.
@event_priority(-200)
def on_post_build(*, config: MkDocsConfig) -> None:
    if _i18n(config).building:
        return
    index_file = Path(config.site_dir) / INDEX
    try:
        index = json.loads(index_file.read_text(encoding="utf-8"))
        config_part, entries = index["config"], index["docs"]
        locations = [entry["location"] for entry in entries]
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise _changed(f"{INDEX} is not the search index hooks/search.py splits (a JSON object of \"config\" and "
                       f"\"docs\", each with its \"location\"): {type(error).__name__}: {error}") from None
    pages: dict[str, list] = {}
    for entry, location in zip(entries, locations):
        pages.setdefault(location.split("#")[0], []).append(entry)
    languages = _languages(config)
    shards: dict[str, list[str]] = {lang: [] for lang in languages}
    for location, docs in pages.items():  # locations are folders ("ru/acme/privacy/") or the root ("")
        shard = f"pages/{location}index.json"
        target = index_file.parent / shard
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(docs, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        first = location.split("/")[0]
        shards[first if first in languages[1:] else languages[0]].append(shard)
    for lang, listed in shards.items():
        (index_file.parent / SHARDS.format(lang=lang)).write_text(json.dumps(sorted(listed)), encoding="utf-8")
    index_file.write_text(json.dumps({"config": config_part, "docs": []}, ensure_ascii=False), encoding="utf-8")


def _changed(what: str) -> PluginError:
    return PluginError(f"{what}. Material's output has changed (mkdocs-material {version('mkdocs-material')} is "
                       "installed): adapt hooks/search.py and docs/assets/javascripts/workers/language-search.js to it, "
                       "or install the version requirements.txt pins.")


def _i18n(config: MkDocsConfig) -> Any:
    """static-i18n's plugin, which ships without type annotations."""
    return config.plugins["i18n"]


def _languages(config: MkDocsConfig) -> list[str]:
    configured = _i18n(config).config.languages
    return [lang.locale for lang in sorted(configured, key=lambda lang: not lang.default)]
