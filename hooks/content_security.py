"""A Content-Security-Policy on every page (GitHub Pages sends no headers): scripts only from the site and
the theme's own inline scripts, nothing loaded from elsewhere (policykit/content_security.py)."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from policykit.content_security import add_policy


# Last of all page events: the policy hashes the inline scripts of the finished page.
@event_priority(-1000)
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return add_policy(output)


@event_priority(-1000)
def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    return add_policy(output) if template_name.endswith(".html") else output
