"""What search engines and the language switcher read: release URLs, canonical, hreflang, descriptions.

A release lives at <site>/<release>/: its sitemap and absolute links use that address, while the
canonical URL of every page is its address in `latest`, the version in force.
"""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from policykit.pages import language_links, meta_description
from site_context import (all_labels, current_site, labels, language_names, languages, policy_of, release_name,
                          root_url)


# Before static-i18n (priority -100) and the sitemap read site_url.
@event_priority(90)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = root_url(config)
    config.site_url = f"{root}{release_name()}/" if release_name() else root
    return config


# Templates without a page of their own (the 404 page) print the labels of every language.
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["policy_labels"] = all_labels(config)
    return env


# After static-i18n (priority 50) has set its own, relative, alternates for the page.
def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    lang = page.file.locale
    links = language_links(page.url, lang, languages(config), language_names(config))
    page.meta["language_links"] = links
    # Material prints each alternate as <link rel="alternate"> and then fetches sitemap.xml beside it,
    # a 404 on every page: the absolute hreflang alternates are in each release's sitemap.xml instead
    # (overrides/sitemap.xml), and the language switcher reads language_links. A true, non-list value
    # keeps Material's switcher on and its <link> loop off; an attribute, as static-i18n sets it.
    config.extra.alternate = True
    page.canonical_url = f"{root_url(config)}latest/{page.url}" if release_name() else config.site_url + page.url
    if (policy := policy_of(page, config)) is not None:
        brand = current_site(config).brands[policy.brand]
        page.meta["description"] = meta_description(brand.name, policy.title, policy.effective_date,
                                                    labels(config, lang))
    return context
