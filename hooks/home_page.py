"""List every brand's policies, with their effective dates, on the home page of each language."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from policykit.pages import home_table
from site_context import current_site, labels


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    lang = page.file.locale
    # static-i18n leaves is_homepage unset; each language's home page is <lang>/index.md.
    if page.file.src_uri != f"{lang}/index.md":
        return markdown
    return markdown + home_table(current_site(config), lang, labels(config, lang))
