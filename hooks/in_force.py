"""In a release that shows what is in force on its day, a policy whose new version is still pending
is rendered from the Markdown of its version in force (see policykit/upcoming.py)."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from site_context import policy_of


# Before every other page hook: they all see the version in force.
@event_priority(100)
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    policy = policy_of(page, config)
    if policy is None or policy.in_force_from is None:
        return markdown
    page.meta.update(title=policy.title, effective_date=policy.effective_date)
    return policy.body
