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

import contextlib
import json
import re
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# Material writes its worker's address into the page's __config JSON.
WORKER = re.compile(r'("search":\s*")([^"]*workers/)(search\.[0-9a-f]+\.min\.js)(")')
INDEX = "search/search_index.json"
SHARDS = "shards-{lang}.json"  # beside INDEX: a language's page files


class SearchShards:
    """The pages of this build, for a dirty one (`mkdocs serve --dirty`), where Material indexes only the pages it
    writes again: the shards of the pages not written stay, those of pages written are replaced, those of pages
    gone (or written without an index now) are removed, and each language's list names every shard."""

    def __init__(self) -> None:
        self.dirty = False
        self.present: set[str] = set()  # every page's location, in every language
        self.written: set[str] = set()  # the locations of the pages written again

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.dirty:
            # Material's search, told of a dirty build, merges the index with its previous one page by page, and
            # with static-i18n's languages built within one build it repeats every entry (the index grew at each
            # rebuild): told it is not, it indexes the pages written, and on_post_build keeps the other shards.
            _search(config).on_startup(command="serve", dirty=False)
        return config

    # Once per build (static-i18n's other languages run this event too, with it building them).
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not _i18n(config).building:
            self.present, self.written = set(), set()

    # After static-i18n (priority -100) has chosen the language's files, and after hooks/policies.py (-150) has
    # added the pages the site makes itself.
    @event_priority(-1000)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.dirty:
            self.present.update(file.url for file in files.documentation_pages())
        return files

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.dirty:
            self.written.add(page.url)
        return _language_worker(output, page.file.src_uri, config)

    # After static-i18n (priority -100) has merged every language's entries into the one index.
    @event_priority(-200)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if _i18n(config).building:
            return
        index_file = Path(config.site_dir) / INDEX
        try:
            index = json.loads(index_file.read_text(encoding="utf-8"))
            config_part, entries = index["config"], index["docs"]
            locations = [entry["location"] for entry in entries]
        except (OSError, ValueError, TypeError, KeyError) as error:
            raise _changed(f"{INDEX} is not the search index hooks/search.py splits (a JSON object of \"config\" "
                           f"and \"docs\", each with its \"location\"): {type(error).__name__}: {error}") from None
        pages: dict[str, list] = {}
        for entry, location in zip(entries, locations):
            pages.setdefault(location.split("#")[0], []).append(entry)
        languages = _languages(config)
        shards: dict[str, set[str]] = {lang: set() for lang in languages}
        if self.dirty:  # the shards of the pages not written again, as the last build listed them
            for lang, listed in shards.items():
                with contextlib.suppress(OSError, ValueError):
                    listed.update(json.loads((index_file.parent / SHARDS.format(lang=lang)).read_text("utf-8")))
            for lang, listed in shards.items():
                for shard in [s for s in listed if _location(s) in self.written or _location(s) not in self.present]:
                    listed.discard(shard)
                    with contextlib.suppress(FileNotFoundError):
                        (index_file.parent / shard).unlink()
        for location, docs in pages.items():  # locations are folders ("ru/acme/privacy/") or the root ("")
            shard = f"pages/{location}index.json"
            target = index_file.parent / shard
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(docs, ensure_ascii=False, sort_keys=True), encoding="utf-8")
            first = location.split("/")[0]
            shards[first if first in languages[1:] else languages[0]].add(shard)
        for lang, listed in shards.items():
            (index_file.parent / SHARDS.format(lang=lang)).write_text(json.dumps(sorted(listed)), encoding="utf-8")
        index_file.write_text(json.dumps({"config": config_part, "docs": []}, ensure_ascii=False), encoding="utf-8")


def _location(shard: str) -> str:
    """The page a shard indexes: "pages/ru/acme/privacy/index.json" -> "ru/acme/privacy/"."""
    return shard.removeprefix("pages/").removesuffix("index.json")


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


def _changed(what: str) -> PluginError:
    return PluginError(f"{what}. Material's output has changed (mkdocs-material {version('mkdocs-material')} is "
                       "installed): adapt hooks/search.py and docs/assets/javascripts/workers/language-search.js to it, "
                       "or install the version requirements.txt pins.")


def _search(config: MkDocsConfig) -> Any:
    """Material's search plugin, as mkdocs.yml's `search` names it."""
    if (search := config.plugins.get("material/search")) is None:
        raise _changed("Material's search plugin (material/search) is not among the plugins, so a preview's "
                       "search index cannot be kept whole")
    return search


def _i18n(config: MkDocsConfig) -> Any:
    """static-i18n's plugin, which ships without type annotations."""
    return config.plugins["i18n"]


def _languages(config: MkDocsConfig) -> list[str]:
    configured = _i18n(config).config.languages
    return [lang.locale for lang in sorted(configured, key=lambda lang: not lang.default)]


_shards = SearchShards()
on_startup = _shards.on_startup
on_config = _shards.on_config
on_pre_build = _shards.on_pre_build
on_files = _shards.on_files
on_post_page = _shards.on_post_page
on_post_build = _shards.on_post_build
