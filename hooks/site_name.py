"""The site's name (mkdocs.yml's site_name, and each language's in static-i18n's settings) is text: Material prints
`config.site_name` unescaped in places (its header's topic and logo label, its navigation's title), where quotes,
`<` or `&` in it would become markup, a meta refresh included. While a page's template is rendered it is escaped
Markup, so it is printed as written everywhere (Jinja's `| e` leaves Markup as it is: nothing is escaped twice);
after, it is the configured text again (static-i18n overrides a language's name only over plain text).

Self-contained: it reads and sets only MkDocs' own configuration, for each page and each page that is a template of
its own (the 404 page), after static-i18n has set the language's name."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    config.site_name = escape(config.site_name)  # escape() of Markup is the same Markup: never twice
    return context


def on_template_context(context: dict[str, Any], *, template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    config.site_name = escape(config.site_name)
    return context


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    _as_configured(config)
    return output


def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    _as_configured(config)
    return output


def _as_configured(config: MkDocsConfig) -> None:
    if isinstance(config.site_name, Markup):
        config.site_name = config.site_name.unescape()
