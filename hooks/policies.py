"""The adapter between MkDocs and the policy build (policykit.build.Build): one Build per `mkdocs build`, for
every language (static-i18n builds the other languages inside the first), asked for each page.

Everything MkDocs-specific is here (and in overrides/); what it asks is plain Python in policykit, so a change of
site engine touches only this adapter. A writer's mistake becomes a build error that MkDocs prints without a
traceback, and a failed build leaves no partial site behind.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import re
import shutil
from collections.abc import Iterator
from typing import Any, cast
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from policykit import site_chrome
from policykit.build import Build
from policykit.markdown_dialect import EXTENSION_CONFIGS, EXTENSIONS
from policykit.problems import ReportedError
from policykit.settings import parse_settings

log = logging.getLogger("mkdocs.hooks.policies")
BRAND_STYLES = "assets/brands.css"  # listed in mkdocs.yml extra_css
ANCHOR_ID = re.compile(r"""\sid\s*=\s*["']?([^"'\s>]+)""", re.I)  # what links to a place in a page may name


class PolicyHooks:
    """Holds the one Build of the current `mkdocs build`, and where that build writes."""

    def __init__(self) -> None:
        self.build: Build | None = None
        self.serving = False
        self.site_dir: str | None = None
        self.dirty = False

    @property
    def current(self) -> Build:
        """The Build of this `mkdocs build`: on_config makes it, before any other event asks for it."""
        if self.build is None:
            raise PluginError("hooks/policies.py: no policy build yet (on_config makes it, before any page event).")
        return self.build

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    # Before every plugin: the whole content is checked before a page is written.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # The Markdown dialect is policykit's: the pages and the recorded texts are rendered alike.
        config.markdown_extensions = list(EXTENSIONS)
        config.mdx_configs = dict(EXTENSION_CONFIGS)
        self.site_dir = config.site_dir
        if self.build is None or not _i18n(config).building:  # static-i18n's other languages reuse the build
            with _as_build_errors():
                settings = parse_settings(Path(config.config_file_path).resolve().parent, _languages(config),
                                          config.site_url, config.extra.get("policies"), Path(config.config_file_path).name)
                self.build = Build(settings)
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
            file = File.generated(config, src_uri, content=generated.markdown, inclusion=InclusionLevel.NOT_IN_NAV)
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
        if template_name == "404.html":
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
        gc.unfreeze()  # the next build (`mkdocs serve`) starts afresh: this one's objects can be collected
        if not self.serving and not self.dirty:  # `mkdocs serve` and --dirty write only the pages that changed
            with _as_build_errors():
                self.current.check_every_final_page()
        for path, text in self.current.release_files().items():
            target = Path(config.site_dir) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        if pending := self.current.pending_translations:
            log.info("Translations not ready yet (their readers get a notice and the governing text's link): "
                     + ", ".join(pending))

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        # `mkdocs build` must not leave half a site for a workflow to upload; `mkdocs serve` keeps its own.
        if not self.serving and self.site_dir:
            shutil.rmtree(self.site_dir, ignore_errors=True)


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
