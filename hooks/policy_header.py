"""Put the title, the effective date and the translation notice at the top of every policy page.

Added to the HTML, after policy_versions.py has read the policy's own text."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from policykit.pages import policy_header
from site_context import current_site, labels, languages, policy_of, release_name, root_url


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    policy = policy_of(page, config)
    if policy is None:
        return html
    brand = current_site(config).brands[policy.brand]
    permalink = root_url(config) + (f"{release_name()}/" if release_name() else "") + page.url
    return policy_header(policy, brand, labels(config, policy.lang), languages(config)[0], permalink) + html
