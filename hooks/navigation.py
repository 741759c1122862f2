"""Each page's sidebar holds the site's top-level pages (the home page) and the section the page belongs to (its
brand's), never every brand's: with navigation.prune Material still writes every top-level item into every page,
which at 200 brands was 100 KB of a 139 KB policy page. The home page lists every brand (its table,
policykit/site_chrome.home_table), so no brand is out of a reader's reach.

Self-contained: it reads only MkDocs' navigation and each page's file, and hands the theme a smaller navigation of
the same objects (the theme's public `nav` context variable)."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page


class Sidebars:
    """Each page's part of its language's navigation. Which sections hold which folders is read once per navigation
    (a build has one per language), not once per page: per page it was every section's every page, so the cost grew
    with the square of the number of brands."""

    def __init__(self) -> None:
        self._nav: Navigation | None = None
        self._sections: dict[PurePosixPath, list[Section]] = {}  # a folder -> the sections holding a page of it

    # After static-i18n (priority 50) has set the page's language's navigation.
    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> dict[str, Any]:
        context["nav"] = self.own_part(context.get("nav") or nav, PurePosixPath(page.file.src_uri).parent)
        return context

    # The pages that are templates of their own (the 404 page) belong to no section.
    def on_template_context(self, context: dict[str, Any], *, template_name: str,
                            config: MkDocsConfig) -> dict[str, Any]:
        if isinstance(context.get("nav"), Navigation):
            context["nav"] = self.own_part(context["nav"], None)
        return context

    def own_part(self, nav: Navigation, folder: PurePosixPath | None) -> Navigation:
        """The top-level pages, and the sections holding a page of `folder` or of a folder above it (a brand's
        section for its policy's page, its dated pages and its compare page alike)."""
        if nav is not self._nav:
            self._nav, self._sections = nav, {}
            for item in nav.items:
                if isinstance(item, Section):
                    for page in _pages(item):
                        if page.file is not None:
                            held = self._sections.setdefault(PurePosixPath(page.file.src_uri).parent, [])
                            if item not in held:
                                held.append(item)
        folders = (folder, *folder.parents) if folder else ()
        own = {id(section) for at in folders for section in self._sections.get(at, [])}
        items = [item for item in nav.items if not isinstance(item, Section) or id(item) in own]
        kept = {id(page) for item in items for page in _pages(item)}
        part = Navigation(items, [page for page in nav.pages if id(page) in kept])
        part.homepage = nav.homepage
        return part


def _pages(item: Any) -> list[Page]:
    if isinstance(item, Page):
        return [item]
    return [page for child in getattr(item, "children", None) or [] for page in _pages(child)]


_sidebars = Sidebars()
on_page_context = _sidebars.on_page_context
on_template_context = _sidebars.on_template_context
