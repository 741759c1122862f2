"""Check the writers' content before anything is built: front matter, registry, languages, clauses, markup."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from site_context import refresh_site, site_paths


# Runs before every other plugin, so a mistake stops the build before a page is written.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _pin_clause_folder(config)
    refresh_site(config)
    return config


# pymdownx.snippets reads base_path from the working directory; pin it to the repository's clauses/.
def _pin_clause_folder(config: MkDocsConfig) -> None:
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [str(site_paths(config).clauses)]
    snippets["check_paths"] = True
