"""Write each release's machine-readable files: policies.json, the readable texts, an Atom feed per language."""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from policykit.feeds import atom_feed, manifest_entry
from policykit.history import page_history
from policykit.published import MANIFEST
from site_context import current_language, labels, languages, published, release_name, rendered_policies, root_url


# static-i18n runs this once per language, into the same site_dir; each run adds its language.
def on_post_build(config: MkDocsConfig) -> None:
    lang = current_language(config)
    site_dir = Path(config.site_dir)
    rendered = [r for (language, _), r in sorted(rendered_policies(config).items()) if language == lang]
    for policy in rendered:
        _write(site_dir / policy.text_file, policy.text)
        _write(site_dir / policy.markdown_file, policy.markdown)
    _add_to_manifest(site_dir / MANIFEST, [manifest_entry(p, root_url(config), release_name()) for p in rendered])
    prefix = "" if lang == languages(config)[0] else f"{lang}/"
    feed_url = f"{config.site_url.rstrip('/')}/{prefix}feed.xml"  # this release's own feed
    histories = [(p, page_history(published(config), p, release_name())) for p in rendered]
    _write(site_dir / prefix / "feed.xml",
           atom_feed(lang, feed_url, root_url(config), release_name(), histories, labels(config, lang), config.site_name))


# The default language's build starts the manifest; each further language adds its entries.
def _add_to_manifest(path: Path, entries: list[dict]) -> None:
    manifest = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"release": release_name(), "policies": []}
    kept = [e for e in manifest["policies"] if e["language"] not in {n["language"] for n in entries}]
    manifest["policies"] = sorted(kept + entries, key=lambda e: (e["brand"], e["document"], e["language"]))
    _write(path, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
