"""Title each brand's navigation section with the brand's name from the registry, not its folder name."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section

from site_context import current_site


# After static-i18n (priority -100) has reduced the navigation to one language's pages.
@event_priority(-200)
def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    brands = current_site(config).brands
    for item in nav.items:
        if isinstance(item, Section) and item.children:
            slug = _brand_folder(item)
            if slug in brands:
                item.title = brands[slug].name
    return nav


# The brand folder of a section: the folder its first page lives in.
def _brand_folder(section: Section) -> str | None:
    page = next((child for child in section.children if getattr(child, "file", None)), None)
    return page.file.src_uri.split("/")[-2] if page else None
