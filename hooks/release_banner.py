"""On an archived release, say which release it is and link to the same page in `latest`.

Material shows its `outdated` block (overrides/main.html) when versions.json says this release is
not `latest`; the block's words and link are prepared here, in the page's language.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from policykit.pages import outdated_banner
from site_context import labels, release_name


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if release := release_name():
        page.meta["outdated_banner"] = outdated_banner(release, page.url, labels(config, page.file.locale))
    return markdown
