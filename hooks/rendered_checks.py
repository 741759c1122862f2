"""Check each rendered policy for what only rendering shows: template remnants left in the text."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from policykit.safety import template_remnants
from site_context import policy_of


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    policy = policy_of(page, config)
    if policy is not None and (remnants := template_remnants(html)):
        raise PluginError(
            f"{policy.shown_as}: the published page would show {', '.join(remnants)}. "
            "How to fix: write a brand variable exactly as {{ field }}, with both pairs of braces, "
            "and check that every variable in the page and in its clauses is closed.")
    return html
