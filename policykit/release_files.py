"""The machine-readable files of a release: its record of policies (policies.json) and an Atom feed of policy
versions per language. Every value in them is data, escaped for its format, never markup."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from xml.sax.saxutils import escape

from policykit.content import Policy
from policykit.history import Dated, timeline
from policykit.labels import long_date
from policykit.published import Version
from policykit.releases import RELEASE_NAME
from policykit.settings import BuildSettings


def record_entry(version: Version, permanent_url: str | None, policy: Policy) -> dict:
    """One policy in one language as this release shows it."""
    return {
        "brand": version.brand, "document": version.document, "language": version.lang, "title": version.title,
        "effective_date": version.effective_date.isoformat(), "governing_language": version.governing_language,
        "translation": version.translation, "summary": version.summary, "sha256": version.sha256,
        "text": version.text_file, "markdown": version.markdown_file, "path": version.path,
        "first_release": version.first_release, "permanent_url": permanent_url,
        "imported_from": policy.source.meta.get("imported_from"),
        "sections": [{"level": s.level, "title": s.title, "anchor": s.anchor} for s in version.sections],
        "links": list(version.links),
    }


def versions_entry(dated: Dated, permanent_url: str | None) -> dict:
    """One version in a policy's list of versions, for readers' browsers and other clients."""
    version = dated.version
    return {
        "effective_date": version.effective_date.isoformat(),
        "until": dated.until.isoformat() if dated.until else None,
        "title": version.title, "summary": version.summary, "translation": version.translation,
        "release": version.first_release, "path": version.path, "permanent_url": permanent_url,
        "text": f"{version.first_release}/{version.text_file}" if version.first_release else None,
        "sha256": version.sha256,
        "sections": [{"level": s.level, "title": s.title, "anchor": s.anchor} for s in version.sections],
    }


def atom_feed(lang: str, settings: BuildSettings, prefix: str, policies: list[tuple[Version, list[Version]]],
              labels: dict, permanent_url: Callable[[Version], str | None]) -> str:
    """One entry per version of every policy in the language, newest first, each linking to its own page."""
    entries = []
    day = settings.as_of or (_day(settings.release) if settings.release else datetime.date.today())
    for shown, versions in policies:
        for dated in timeline(versions):
            version = dated.version
            url = permanent_url(version) or f"{settings.site_url}{version.path}"
            date = long_date(version.effective_date, labels)
            wording = labels["feed_upcoming" if version.effective_date > day else "feed_version"].format(date=date)
            published = _day(version.first_release) if version.first_release else day
            summary = version.summary or wording
            entries.append((published.isoformat(), version.effective_date.isoformat(), f"""  <entry>
    <id>{escape(url)}</id>
    <title>{escape(version.title)}: {escape(wording)}</title>
    <link rel="alternate" type="text/html" href="{escape(url)}"/>
    <updated>{published.isoformat()}T00:00:00Z</updated>
    <summary>{escape(summary)}</summary>
  </entry>"""))
    entries.sort(reverse=True)
    feed_url = f"{settings.release_url}{prefix}feed.xml"
    updated = entries[0][0] if entries else day.isoformat()
    body = "\n".join(entry for _, _, entry in entries)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">
  <id>{escape(feed_url)}</id>
  <title>{escape(labels["feed_title"])}</title>
  <link rel="self" href="{escape(feed_url)}"/>
  <updated>{updated}T00:00:00Z</updated>
{body}
</feed>
"""


def _day(release: str) -> datetime.date:
    return datetime.date.fromisoformat(RELEASE_NAME.match(release).group(1))
