"""Machine-readable release files: policies.json and an Atom feed of policy versions per language."""

from __future__ import annotations

import datetime
from xml.sax.saxutils import escape

from policykit.history import PageHistory, RenderedPolicy
from policykit.labels import long_date
from policykit.published import RELEASE_NAME


def manifest_entry(rendered: RenderedPolicy, site_url: str, release: str | None) -> dict:
    """One policy in one language, as policies.json records it."""
    brand, document = rendered.key.split("/")
    return {
        "brand": brand,
        "document": document,
        "language": rendered.lang,
        "title": rendered.title,
        "effective_date": rendered.effective_date.isoformat(),
        "url": _absolute(site_url, release, rendered.path),
        "path": rendered.path,
        "text": rendered.text_file,
        "markdown": rendered.markdown_file,
        "sha256": rendered.sha256,
    }


def atom_feed(lang: str, feed_url: str, site_url: str, release: str | None,
              histories: list[tuple[RenderedPolicy, PageHistory]], labels: dict, title: str) -> str:
    """One entry per version of every policy in the language, each linking to its page and redline."""
    entries = []
    day = _published_on(release, datetime.date.today())[:10]
    for rendered, history in histories:
        versions = list(reversed(history.versions))  # oldest first: the first version has no redline
        for index, version in enumerate(versions):
            url = _absolute(site_url, version.release, version.path) + ("#what-changed" if index else "")
            date = long_date(version.effective_date, labels)
            # A version published ahead of its date is announced as upcoming.
            wording = labels["upcoming_notice" if version.effective_date.isoformat() > day else "history_entry"]
            entries.append((_published_on(version.release, version.effective_date), f"""  <entry>
    <id>{escape(_absolute(site_url, version.release, version.path))}#{version.sha256[:16]}</id>
    <title>{escape(rendered.title)}: {escape(wording.format(date=date))}</title>
    <link rel="alternate" type="text/html" href="{escape(url)}"/>
    <updated>{_published_on(version.release, version.effective_date)}</updated>
    <summary>{escape(wording.format(date=date))}</summary>
  </entry>"""))
    entries.sort(key=lambda entry: entry[0], reverse=True)
    updated = entries[0][0] if entries else "1970-01-01T00:00:00Z"
    body = "\n".join(entry for _, entry in entries)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">
  <id>{escape(feed_url)}</id>
  <title>{escape(title)}</title>
  <link rel="self" href="{escape(feed_url)}"/>
  <updated>{updated}</updated>
{body}
</feed>
"""


def _absolute(site_url: str, release: str | None, path: str) -> str:
    return site_url.rstrip("/") + "/" + (f"{release}/" if release else "") + path


def _published_on(release: str | None, effective_date: datetime.date) -> str:
    match = RELEASE_NAME.match(release or "")
    day = match.group(1) if match else effective_date.isoformat()
    return f"{day}T00:00:00Z"
