"""Under each policy: its version history and a redline against the previous version; stop unmarked changes."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from policykit.history import RenderedPolicy, changed_without_new_date, page_history
from policykit.pages import versions_html
from policykit.problems import PolicyError
from policykit.redline import redline_html
from policykit.text import readable_text, text_digest
from site_context import (current_site, expanded_sources, labels, policy_of, published, refresh_published,
                          release_name, rendered_policies)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    refresh_published(config)
    return config


# Runs on the policy's own HTML, before policy_header.py puts the title and date above it.
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    policy = policy_of(page, config)
    if policy is None:
        return html
    text = readable_text(policy.title, html)
    rendered = RenderedPolicy(policy.lang, policy.key, policy.brand, policy.title, policy.effective_date,
                              page.url, text, text_digest(text), expanded_sources(config)[(policy.lang, policy.key)])
    rendered_policies(config)[(policy.lang, policy.key)] = rendered
    history_source = published(config)
    brand = current_site(config).brands[policy.brand]
    if problem := changed_without_new_date(history_source, rendered, policy.shown_as, brand.name):
        raise PluginError(str(PolicyError([problem])))
    history = page_history(history_source, rendered, release_name())
    page_labels = labels(config, policy.lang)
    redline = None
    if history.previous is not None:
        redline = redline_html(history_source.text(history.previous.source), text, page_labels)
    return html + versions_html(history, page.url, release_name(), page_labels, redline)
