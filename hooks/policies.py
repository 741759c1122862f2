"""The adapter between MkDocs and the policy build (policykit.build.Build): one Build per `mkdocs build`, for
every language (static-i18n builds the other languages inside the first), asked for each page.

Everything MkDocs-specific is here (and in overrides/); what it asks is plain Python in policykit, so a change of
site engine touches only this adapter. A writer's mistake becomes a build error that MkDocs prints without a
traceback, and a failed build leaves no partial site behind.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from typing import Any, cast
from pathlib import Path, PurePosixPath

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from policykit import site_chrome
from policykit.build import Build
from policykit.build_memo import BuildMemo, digest
from policykit.markdown_dialect import EXTENSION_CONFIGS, EXTENSIONS
from policykit.problems import ReportedError
from policykit.settings import parse_settings

log = logging.getLogger("mkdocs.hooks.policies")
BRAND_STYLES = "assets/brands.css"  # listed in mkdocs.yml extra_css
NOT_FOUND = "404.html"  # the theme's page for an address with no page, one per language
ANCHOR_ID = re.compile(r"""\sid\s*=\s*["']?([^"'\s>]+)""", re.I)  # what links to a place in a page may name


class GeneratedPageFile(File):
    """A page the site makes itself, its Markdown in memory (File.generated). MkDocs' --dirty writes such a file at
    every build; in a preview, one whose key did not change is not written again (Preview.plan says so)."""

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged


class Preview:
    """What `mkdocs serve --dirty` keeps between its rebuilds so that each writes only what changed: the pages'
    keys (Build.page_key, with the navigation and the site's configuration) as written into the served folder,
    their titles (a page MkDocs does not read again has none, and the sidebars of the pages written name it), the
    release files as written, and what the Build may reuse (BuildMemo). MkDocs writes a page again when its file is
    newer than its output (File.is_modified): a page whose key changed has its output removed, one whose key did not
    is left to MkDocs (written again only if its file is newer); a page the site makes itself says whether it
    changed (GeneratedPageFile)."""

    DIRTY_WARNING = "A 'dirty' build is being performed"  # MkDocs' warning, which strict mode makes fatal
    POLL_SECONDS = 0.1  # how often the preview looks for saved files (6 ms a look at 200 brands)
    QUIET_SECONDS = 0.05  # after a save is seen, how long no other file changes before the rebuild (MkDocs: 0.1)
    COLLECT_AFTER_SECONDS = 1.0  # the browser has reloaded the page by then
    UNCOLLECTED_REBUILDS = 3  # at most this many rebuilds' leftovers wait for a pause between saves

    def __init__(self) -> None:
        self.memo = BuildMemo()
        self.site_dir: str | None = None  # the served folder: every file in it was written by these rebuilds
        self.vouched = False  # this build writes into that folder
        self.written: dict[str, tuple[str, str]] = {}  # page file -> its key and output, as written and kept
        self.titles: dict[str, str | None] = {}  # page file -> its title, as written
        self.release_files: dict[str, str] = {}  # release file -> its content, as written
        # This build's: each page's key, the pages of both languages, the pages written and their titles.
        self.planned: dict[str, tuple[str, str]] = {}
        self.present: set[str] = set()
        self.rewritten: dict[str, str | None] = {}
        self.site_key = ""  # this rebuild's hash of mkdocs.yml and overrides/ (_site_digest)
        self.collection: threading.Timer | None = None  # the collection after the last rebuild, if not done
        self.uncollected = 0  # rebuilds started before the collection after the one before them

    def begin(self, config: MkDocsConfig) -> None:
        site_dir = config.site_dir
        # What lives when a rebuild starts (the memo, the last build's pages) is left out of the collector's walks
        # during the rebuild: a full walk of it took 0.07-0.12 s of each rebuild at 200 brands. collect() frees it.
        pending, self.collection = self.collection, None
        if pending is not None and pending.is_alive():  # saved again before the last rebuild's leftovers went
            pending.cancel()
            self.uncollected += 1
            if self.uncollected >= self.UNCOLLECTED_REBUILDS:  # saves in quick succession: collected now
                self.collect()
        gc.freeze()
        # Only a folder these rebuilds wrote from the start holds nothing stale, so only then is the warning
        # silenced: the first build of `mkdocs serve` writes into a new empty folder, and every later one into it.
        fresh = not os.path.isdir(site_dir) or not os.listdir(site_dir)
        self.vouched = site_dir == self.site_dir or (self.site_dir is None and fresh)
        if self.vouched:
            self.site_dir = site_dir
        self.planned, self.present, self.rewritten = {}, set(), {}
        self.site_key = _site_digest(config)  # read once per rebuild, for both languages' pages

    def filter(self, record: logging.LogRecord) -> bool:
        """MkDocs' warning that a dirty build may show stale pages: this preview writes every page whose key
        changed, removes every page gone, and names the unread pages in the sidebars (logging.Filter)."""
        return not (self.vouched and record.getMessage().startswith(self.DIRTY_WARNING))

    def plan(self, files: Files, nav: Navigation, build: Build) -> None:
        """Which of a language's pages MkDocs writes again: those whose key changed, or new."""
        shown = _navigation_digest(nav, build)
        for file in files.documentation_pages():
            src, dest = file.src_uri, file.abs_dest_path
            key = digest(build.page_key(src), shown, self.site_key)
            self.present.add(src)
            self.planned[src] = (key, dest)
            # A file saved again unchanged is newer than its page: MkDocs writes that page again, the same.
            unchanged = self.written.get(src) == (key, dest) and src in self.titles
            if isinstance(file, GeneratedPageFile):
                file.unchanged = unchanged
            if unchanged:
                if file.page is not None:
                    file.page.title = self.titles[src]  # a weak_property: settable, read no more
            else:
                self.written.pop(src, None)  # not as written until this build has written it
                with contextlib.suppress(FileNotFoundError):
                    os.remove(dest)

    def collect_later(self) -> None:
        """After a rebuild, once the writer's page is served: what the rebuilds left is collected (gc)."""
        self.collection = threading.Timer(self.COLLECT_AFTER_SECONDS, self.collect)
        self.collection.daemon = True
        self.collection.start()

    def collect(self) -> None:
        gc.unfreeze()
        gc.collect()
        self.uncollected = 0

    def page_written(self, src_uri: str, title: str | None) -> None:
        self.rewritten[src_uri] = title

    def finish(self, config: MkDocsConfig, release_files: dict[str, str]) -> None:
        """After a whole build: the pages written are as keyed; pages and release files gone are removed; only the
        release files that changed are written."""
        self.memo.keep()
        for src, title in self.rewritten.items():
            self.written[src] = self.planned[src]
            self.titles[src] = title
        for src in set(self.written) - self.present:
            _remove(self.written.pop(src)[1], config.site_dir)
            self.titles.pop(src, None)
        for path in set(self.release_files) - set(release_files):
            _remove(str(Path(config.site_dir) / path), config.site_dir)
        for path, text in release_files.items():
            # The engine writes each language's 404 page over the same file at every build: it is written again.
            if self.release_files.get(path) != text or PurePosixPath(path).name == NOT_FOUND:
                _write(Path(config.site_dir) / path, text)
        self.release_files = release_files

    def failed(self) -> None:
        """A build that stopped: what it wrote is forgotten (MkDocs writes it again next time)."""
        self.release_files = {}


class PolicyHooks:
    """Holds the one Build of the current `mkdocs build`, and where that build writes; under `mkdocs serve
    --dirty`, the Preview kept between rebuilds."""

    def __init__(self) -> None:
        self.build: Build | None = None
        self.serving = False
        self.site_dir: str | None = None
        self.dirty = False
        self.preview: Preview | None = None

    @property
    def current(self) -> Build:
        """The Build of this `mkdocs build`: on_config makes it, before any other event asks for it."""
        if self.build is None:
            raise PluginError("hooks/policies.py: no policy build yet (on_config makes it, before any page event).")
        return self.build

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty
        if self.serving and dirty and self.preview is None:
            self.preview = Preview()
            logging.getLogger("mkdocs.commands.build").addFilter(self.preview.filter)

    # After every plugin has set the server up: the same server, looking for saved files more often.
    @event_priority(-100)
    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable) -> LiveReloadServer:
        watched = getattr(server, "_watched_paths", None)  # what MkDocs and the plugins watch, and how often
        if self.preview is None or not isinstance(watched, dict):
            return server
        # MkDocs looks at the watched files every half second (a quarter of a second from a save to the rebuild,
        # on average: a quarter of a preview under a second), a setting of its server only.
        host, port = config.dev_addr
        faster = LiveReloadServer(builder=builder, host=host, port=port, root=server.root,
                                  mount_path=server.mount_path, polling_interval=Preview.POLL_SECONDS)
        faster.error_handler = server.error_handler
        faster.build_delay = Preview.QUIET_SECONDS
        for path, times in watched.items():
            for _ in range(times):
                faster.watch(path)
        return faster

    # Before every plugin: the whole content is checked before a page is written.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # The Markdown dialect is policykit's: the pages and the recorded texts are rendered alike.
        config.markdown_extensions = list(EXTENSIONS)
        config.mdx_configs = dict(EXTENSION_CONFIGS)
        self.site_dir = config.site_dir
        if self.build is None or not _i18n(config).building:  # static-i18n's other languages reuse the build
            if self.preview is not None:
                self.preview.begin(config)
            with _as_build_errors():
                settings = parse_settings(Path(config.config_file_path).resolve().parent, _languages(config),
                                          config.site_url, config.extra.get("policies"), Path(config.config_file_path).name)
                self.build = Build(settings, self.preview.memo if self.preview is not None else None)
            # The build's objects live until its end: the cyclic collector need not walk them again and again.
            gc.freeze()
        config.site_url = self.build.settings.site_url
        return config

    # After static-i18n (priority -100) has chosen the language's files: the pages the site makes itself, at the
    # addresses the build gives them (static-i18n has sorted its files by then and reads none of theirs).
    @event_priority(-150)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        lang = _i18n(config).current_language
        default = _languages(config)[0]
        for src_uri, generated in self.current.generated_pages(lang).items():
            file = GeneratedPageFile.generated(config, src_uri, content=generated.markdown,
                                           inclusion=InclusionLevel.NOT_IN_NAV)
            file.dest_uri = f"{generated.address}index.html"
            file.url = generated.address
            files.append(file)
        if lang == default:  # the brands' accents (mkdocs.yml extra_css), once for every language
            files.append(File.generated(config, BRAND_STYLES,
                                        content=site_chrome.brand_styles(self.current.content.brands.values())))
        return files

    # After static-i18n (priority -100) has reduced the navigation to one language's pages.
    @event_priority(-200)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        for item in nav.items:
            page = next((c for c in getattr(item, "children", None) or [] if isinstance(c, Page)), None)
            if isinstance(item, Section) and page and (policy := self.current.policy_page(_src(page, config))):
                item.title = policy.policy.brand.name
        if self.preview is not None:
            self.preview.plan(files, nav, self.current)
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if policy := self.current.policy_page(_src(page, config)):  # a dated page's Markdown has no front matter
            page.meta.setdefault("title", policy.version.title)  # for the header and the search results alike
        if self.current.excluded_from_search(_src(page, config)):  # before the search plugin reads the page
            page.meta["search"] = {"exclude": True}
        elif marks := self.current.search_marks(_src(page, config)):
            page.meta["tags"] = marks  # Material's search shows a page's tags with its results (hooks/search.py)
        if self.current.own_rendering(_src(page, config)) is not None:
            return ""  # policykit has rendered this text already, as the engine would: on_page_content gives it
        return self.current.page_markdown(_src(page, config), markdown)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if (own := self.current.own_rendering(_src(page, config))) is not None:
            # What the engine's rendering would have given the page besides its HTML.
            page.toc = get_toc(cast(Any, own.headings))  # Python-Markdown's toc_tokens, as the engine reads them
            page.present_anchor_ids = set(ANCHOR_ID.findall(own.html))
        with _as_build_errors():
            return self.current.page_html(_src(page, config), html)

    # After static-i18n (priority 50) has set its own, relative, alternates for the page.
    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        meta = self.current.page_meta(_src(page, config), page.url)
        page.canonical_url = meta.canonical_url
        page.meta.update(language_links=meta.language_links, policy_json_ld=meta.json_ld)
        if meta.description:
            page.meta["description"] = meta.description
        if meta.title:
            page.meta["policy_tab_title"] = meta.title  # overrides/main.html; the navigation keeps the plain title
        if meta.robots:
            page.meta["policy_robots"] = meta.robots  # overrides/main.html
        for title, anchor, children in meta.toc:
            entry = AnchorLink(title, anchor, 2)
            entry.children = [AnchorLink(child, child_anchor, 3) for child, child_anchor in children]
            page.toc.items.append(entry)
        _no_alternate_links(config)
        if self.preview is not None:
            self.preview.page_written(page.file.src_uri, page.title)
        return context

    # After static-i18n (priority 50), for the pages that are templates of their own (the 404 page).
    def on_template_context(self, context: dict, *, template_name: str, config: MkDocsConfig) -> dict:
        _no_alternate_links(config)
        return context

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.globals["policy_labels"] = self.current.content.labels
        return env

    # After hooks/content_security.py (priority -1000): the page kept is the finished one.
    @event_priority(-2000)
    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        if template_name == NOT_FOUND:
            self.current.keep_not_found(_i18n(config).current_language, output)
        return output

    # Last of all page events, after hooks/content_security.py (priority -1000): the page checked is the finished one.
    @event_priority(-2000)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        with _as_build_errors():
            self.current.check_final_page(_src(page, config), output)
        return output

    # After static-i18n (priority -100) has built the other languages: the files of the whole release.
    @event_priority(-200)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if _i18n(config).building:
            return
        if self.preview is None:
            gc.unfreeze()  # the next build (`mkdocs serve`) starts afresh: this one's objects can be collected
        if not self.serving and not self.dirty:  # `mkdocs serve` and --dirty write only the pages that changed
            with _as_build_errors():
                self.current.check_every_final_page()
        if self.preview is not None:
            self.preview.finish(config, self.current.release_files())
            self.preview.collect_later()
        else:
            for path, text in self.current.release_files().items():
                _write(Path(config.site_dir) / path, text)
        if pending := self.current.pending_translations:
            log.info("Translations not ready yet (their readers get a notice and the governing text's link): "
                     + ", ".join(pending))

    def on_build_error(self, *, error: Exception) -> None:
        if self.preview is not None:
            self.preview.failed()
            self.preview.collect_later()
        else:
            gc.unfreeze()
        # `mkdocs build` must not leave half a site for a workflow to upload; `mkdocs serve` keeps its own.
        if not self.serving and self.site_dir:
            shutil.rmtree(self.site_dir, ignore_errors=True)


def _write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _remove(path: str, site_dir: str) -> None:
    """A file gone from the site, and the folders it leaves empty."""
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)
    folder = Path(path).parent
    while folder != Path(site_dir) and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _site_digest(config: MkDocsConfig) -> str:
    """What every page of the site is made with besides its own part: the configuration and the theme's overrides."""
    root = Path(config.config_file_path).parent
    hashed = hashlib.sha256()
    for path in [Path(config.config_file_path), *sorted(p for folder in config.theme.dirs
                                                        if Path(folder).is_relative_to(root)
                                                        for p in Path(folder).rglob("*") if p.is_file())]:
        hashed.update(f"{path}\0".encode() + path.read_bytes() + b"\0")
    return hashed.hexdigest()


def _navigation_digest(nav: Navigation, build: Build) -> str:
    """What a page's sidebar can show of the language's navigation: sections, addresses and titles (a policy's
    title as the build gives it; for any other page its file, which its title is read from)."""
    parts = []
    items = list(nav.items)
    while items:
        item = items.pop(0)
        if isinstance(item, Page):
            policy = build.policy_page(item.file.src_uri)
            parts.append(f"page {item.url} {policy.version.title if policy else item.file.content_bytes.hex()}")
        else:
            parts.append(f"{type(item).__name__} {item.title} {getattr(item, 'url', '')} "
                         f"{len(getattr(item, 'children', None) or [])}")
            items[:0] = getattr(item, "children", None) or []
    return digest(*parts)


def _no_alternate_links(config: MkDocsConfig) -> None:
    """A true, non-list value keeps Material's language switcher on and its <link rel=alternate> loop off: Material
    fetches a sitemap.xml beside each such link (a 404 on every page); overrides/sitemap.xml lists the alternates."""
    setattr(config.extra, "alternate", True)  # an attribute, as static-i18n sets it: Jinja reads that before an item


def _i18n(config: MkDocsConfig):
    return config.plugins["i18n"]


def _languages(config: MkDocsConfig) -> list[str]:
    """The site's languages, default first, as configured for static-i18n."""
    return [lang.locale for lang in sorted(_i18n(config).config.languages, key=lambda lang: not lang.default)]


def _src(page: Page, config: MkDocsConfig) -> str:
    """The page's file relative to docs/, e.g. "ru/scandoc/privacy.md" (static-i18n keeps the language folder)."""
    return page.file.src_uri


@contextlib.contextmanager
def _as_build_errors() -> Iterator[None]:
    try:
        yield
    except ReportedError as error:
        raise PluginError(str(error)) from None


_hooks = PolicyHooks()
on_startup = _hooks.on_startup
on_serve = _hooks.on_serve
on_config = _hooks.on_config
on_files = _hooks.on_files
on_nav = _hooks.on_nav
on_page_markdown = _hooks.on_page_markdown
on_page_content = _hooks.on_page_content
on_page_context = _hooks.on_page_context
on_template_context = _hooks.on_template_context
on_env = _hooks.on_env
on_post_page = _hooks.on_post_page
on_post_template = _hooks.on_post_template
on_post_build = _hooks.on_post_build
on_build_error = _hooks.on_build_error
