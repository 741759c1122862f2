"""The machine-readable files of a release: its record of policies (policies.json) and an Atom feed of policy
versions per language. Every value in them is data, escaped for its format, never markup."""

from __future__ import annotations

import datetime
from xml.sax.saxutils import escape

from policykit.content import Policy
from policykit.history import Dated, in_force_on, timeline
from policykit.labels import long_date
from policykit.published import Version
from policykit.settings import BuildSettings


def policy_entry(policy: Policy, versions: list[Version], site_url: str, day: datetime.date, path: str) -> dict:
    """One policy in one language: every text it has had, each at its dated address, and the one in force."""
    shown = in_force_on(versions, day)
    return {
        "brand": policy.brand.slug, "document": policy.source.name, "language": policy.lang,
        "title": policy.source.title, "governing_language": policy.brand.governing_language, "path": path,
        "in_force": shown.slug if shown else None,
        "versions": [text_entry(dated, site_url) for dated in timeline(versions)],
    }


def text_entry(dated: Dated, site_url: str) -> dict:
    """One text: what it says (fingerprint, sections, links), when it applied, and where it is."""
    version = dated.version
    return {
        "effective_date": version.effective_date.isoformat(), "date_basis": version.date_basis,
        "until": dated.until.isoformat() if dated.until else None,
        "corrected_on": _iso(version.corrected_on), "correction": version.correction,
        "corrected_by": dated.corrected_by.slug if dated.corrected_by else None,
        "replaced_on": _iso(version.replaced_on), "replaced_by": _iso(version.replaced_by),
        "title": version.title, "summary": version.summary, "translation": version.translation,
        "governing_language": version.governing_language, "sha256": version.sha256,
        "fingerprint_format": version.fingerprint_format, "fingerprint": version.fingerprint,
        "anchors": list(version.anchors), "files": dict(version.files), "statements": version.statements,
        "first_release": version.first_release,
        "slug": version.slug, "path": version.path, "permanent_url": f"{site_url}{version.path}",
        "text": version.text_file, "markdown": version.markdown_file, "legacy_path": version.legacy_path,
        "imported_from": version.imported_from,
        "sections": [{"level": s.level, "title": s.title, "anchor": s.anchor} for s in version.sections],
        "links": list(version.links),
    }


def redirect_page(target: str) -> str:
    """A page that sends readers on to `target` (a relative address on this site): an address this site gave out
    that now belongs to another page keeps answering."""
    link = escape(target, {'"': "&quot;"})
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Redirecting</title>'
            f'<link rel="canonical" href="{link}"><meta http-equiv="refresh" content="0; url={link}">'
            f'</head><body><a href="{link}">{link}</a></body></html>\n')


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def atom_feed(lang: str, settings: BuildSettings, prefix: str, policies: list[list[Version]], labels: dict) -> str:
    """One entry per text of every policy in the language, newest first, each linking to its own page."""
    entries = []
    day = settings.day
    for versions in policies:
        for dated in timeline(versions):
            version = dated.version
            url = f"{settings.site_url}{version.path}"
            date = long_date(version.effective_date, labels)
            if version.corrected_on:
                wording = labels["feed_correction"].format(date=long_date(version.corrected_on, labels))
            else:
                wording = labels["feed_upcoming" if version.effective_date > day else "feed_version"].format(date=date)
            published = version.corrected_on or min(version.effective_date, day)
            summary = version.correction or version.summary or wording
            entries.append((published.isoformat(), version.effective_date.isoformat(), f"""  <entry>
    <id>{escape(url)}</id>
    <title>{escape(version.title)}: {escape(wording)}</title>
    <link rel="alternate" type="text/html" href="{escape(url)}"/>
    <updated>{published.isoformat()}T00:00:00Z</updated>
    <summary>{escape(summary)}</summary>
  </entry>"""))
    entries.sort(reverse=True)
    feed_url = f"{settings.site_url}{prefix}feed.xml"
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
