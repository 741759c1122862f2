"""What every hook shares: the checked site content, read once per change of the writers' files.

Not a hook itself: the hooks import it (MkDocs puts the hooks folder on sys.path). static-i18n
re-runs the whole build once per language, so the content is cached by the files' fingerprint.
"""

from __future__ import annotations

import datetime
import functools
import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from policykit.history import RenderedPolicy
from policykit.labels import load_labels
from policykit.problems import PolicyError
from policykit.published import Published, pages_commit, read_published
from policykit.site import Site, SitePaths, load_site
from policykit.sources import PolicySource
from policykit.upcoming import site_in_force

log = logging.getLogger("mkdocs.hooks.policies")
_cache: dict = {}
_published: dict = {}
_rendered: dict = {}
_expanded: dict = {}


# The repository's folders, found from mkdocs.yml so a build works from any working directory.
def site_paths(config: MkDocsConfig) -> SitePaths:
    return _site_paths(config.config_file_path)


@functools.lru_cache(maxsize=16)
def _site_paths(config_file: str) -> SitePaths:
    return SitePaths(Path(config_file).resolve().parent)


# The site's languages, default first, as configured for static-i18n.
def languages(config: MkDocsConfig) -> list[str]:
    configured = config.plugins["i18n"].config.languages
    return [lang.locale for lang in sorted(configured, key=lambda lang: not lang.default)]


# Read and check the content again if a writer's file changed; called once per build, from on_config.
# A writer's mistake becomes a build error that MkDocs prints without a traceback.
def refresh_site(config: MkDocsConfig) -> Site:
    paths = site_paths(config)
    as_of = as_of_date()
    key = (paths.root, _fingerprint(paths), as_of, as_of and refresh_published(config).commit)
    if _cache.get("key") != key:
        try:
            site = load_site(paths, languages(config))
            labels = load_labels(paths.labels, site.languages, paths.root)
            if as_of:
                site = site_in_force(site, refresh_published(config), as_of)
        except PolicyError as error:
            _cache.clear()
            raise PluginError(str(error)) from None
        by_path = {str(policy.path.resolve()): policy for policy in site.policies}
        _cache.update(key=key, site=site, labels=labels, by_path=by_path)
        # What the previous content rendered must not reach this one's policies.json (mkdocs serve).
        _rendered.clear()
        _expanded.clear()
    return _cache["site"]


# The checked content of the current build (hooks/content_checks.py refreshes it first).
def current_site(config: MkDocsConfig) -> Site:
    return _cache["site"] if "site" in _cache else refresh_site(config)


def labels(config: MkDocsConfig, lang: str) -> dict:
    return all_labels(config)[lang]


def all_labels(config: MkDocsConfig) -> dict[str, dict]:
    current_site(config)
    return _cache["labels"]


# The policy a page shows, or None for pages that are not policies (the home page).
def policy_of(page: Page, config: MkDocsConfig) -> PolicySource | None:
    current_site(config)
    return _cache["by_path"].get(_resolved(page.file.abs_src_path))


@functools.lru_cache(maxsize=None)
def _resolved(path: str) -> str:
    return str(Path(path).resolve())


def _fingerprint(paths: SitePaths) -> tuple:
    stats = ((p, p.stat()) for folder in (paths.docs, paths.clauses, paths.registry.parent) for p in folder.rglob("*"))
    return tuple(sorted((str(p), stat.st_mtime_ns, stat.st_size) for p, stat in stats if p.is_file()))


# A release built to be `latest` shows what is in force on its day (scripts/publish.py sets POLICY_AS_OF);
# other builds, previews included, show every policy as written, upcoming versions too.
def as_of_date() -> datetime.date | None:
    value = os.environ.get("POLICY_AS_OF")
    return datetime.date.fromisoformat(value) if value else None


# The release being built: mike (and scripts/publish.py) set MIKE_DOCS_VERSION; a preview has none.
def release_name() -> str | None:
    return os.environ.get("MIKE_DOCS_VERSION") or None


# Each language's own name, as the language switcher shows it ("Русский").
def language_names(config: MkDocsConfig) -> dict[str, str]:
    return {lang.locale: lang.name for lang in config.plugins["i18n"].config.languages}


# The language static-i18n is building now.
def current_language(config: MkDocsConfig) -> str:
    return config.plugins["i18n"].current_language


# Find what gh-pages has published, once per build, and read it again only if gh-pages moved
# (publish.py pins the commit a release is built on).
def refresh_published(config: MkDocsConfig) -> Published:
    root = site_paths(config).root
    try:
        commit = pages_commit(root, os.environ.get("POLICY_PAGES_COMMIT"))
    except PolicyError as error:
        raise PluginError(str(error)) from None
    as_of = as_of_date()
    if _published.get("key") != (root, commit, as_of):
        if commit is None:
            log.info("No published releases found (no gh-pages branch): pages show no earlier versions.")
        if (previous := _published.get("everything")) is not None and previous.files:
            previous.files.close()  # mkdocs serve lives on while gh-pages moves: one reader at a time
        everything = read_published(root, commit)
        # A release in force on a day knows nothing yet of versions that take effect later: its history,
        # redlines and change check compare with the versions in force.
        _published.update(key=(root, commit, as_of), everything=everything,
                          value=everything.in_force_by(as_of) if as_of else everything)
    return _published["everything"]


# What gh-pages has published, as the current build sees it (hooks/policy_versions.py refreshes it).
def published(config: MkDocsConfig) -> Published:
    if "value" not in _published:
        refresh_published(config)
    return _published["value"]


# Policies as rendered by this build, per language, for the files written after the build.
def rendered_policies(config: MkDocsConfig) -> dict[tuple[str, str], RenderedPolicy]:
    return _rendered.setdefault(site_paths(config).root, {})


# Policy Markdown with clauses and variables filled in, per (language, policy), as this build renders it.
def expanded_sources(config: MkDocsConfig) -> dict[tuple[str, str], str]:
    return _expanded.setdefault(site_paths(config).root, {})


# The published site's root address, before a release build points site_url at its release folder.
def root_url(config: MkDocsConfig) -> str:
    return config.extra.setdefault("site_root", config.site_url)
