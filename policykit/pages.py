"""What the site adds to policy pages and the home page (HTML, and the home page's Markdown table)."""

from __future__ import annotations

import datetime
import html
import posixpath

from policykit.history import PageHistory
from policykit.labels import long_date
from policykit.published import RELEASE_NAME
from policykit.registry import Brand
from policykit.site import Site
from policykit.sources import PolicySource


def page_url(lang: str, key: str, default_lang: str) -> str:
    """A policy's URL relative to the site root: "scandoc/privacy/" or "ru/scandoc/privacy/"."""
    prefix = "" if lang == default_lang else f"{lang}/"
    return f"{prefix}{key}/"


def relative_url(from_url: str, to_url: str) -> str:
    """A link from one directory-style page URL to another, like MkDocs writes them."""
    return posixpath.relpath(to_url or ".", from_url or ".") + "/"


def policy_header(policy: PolicySource, brand: Brand, labels: dict, default_lang: str, permalink: str) -> str:
    """HTML for the title, the effective date and, where they apply, the translation and working-name notices."""
    date = policy.effective_date
    before, _, after = labels["effective_date"].partition("{date}")
    parts = [
        f'<h1 id="policy-title">{html.escape(policy.title)}</h1>',
        f'<p class="policy-effective">{html.escape(before)}{_time(date, labels)}{html.escape(after)}</p>',
    ]
    if policy.lang != brand.governing_language:
        here = page_url(policy.lang, policy.key, default_lang)
        there = page_url(brand.governing_language, policy.key, default_lang)
        language = labels["languages"][brand.governing_language]
        link = (f'<a href="{relative_url(here, there)}" hreflang="{brand.governing_language}">'
                f'{html.escape(labels["translation_link"].format(language=language))}</a>')
        parts.append(_notice("policy-translation", html.escape(labels["translation_notice"].format(language=language))
                             + " " + link))
    if brand.placeholder:
        parts.append(_notice("policy-placeholder", html.escape(labels["placeholder_notice"].format(name=brand.name))))
    # Filled in by docs/assets/javascripts/upcoming.js while a new version is upcoming.
    parts.append(f'<p class="policy-notice policy-upcoming" role="status" hidden data-upcoming-notice '
                 f'data-policy="{policy.key}" data-lang="{policy.lang}" data-locale="{_browser_locale(labels)}" '
                 f'data-text="{html.escape(labels["upcoming_notice"])}" data-read="{html.escape(labels["upcoming_read"])}" '
                 f'data-changes="{html.escape(labels["upcoming_changes"])}"></p>')
    # Printed copies say where this exact version stays online.
    parts.append(f'<p class="print-only policy-permalink">'
                 f'{html.escape(labels["print_permalink"].format(url=permalink))}</p>')
    return "\n\n".join(parts) + "\n\n"


def home_table(site: Site, lang: str, labels: dict) -> str:
    """The home page's list of brands, each with its policies and their effective dates."""
    rows = [f"| {labels['home_brand']} | {labels['home_policy']} | {labels['home_effective']} |",
            "| --- | --- | --- |"]
    for policy in sorted(site.policies_in(lang), key=lambda p: (site.brands[p.brand].name.lower(), p.name)):
        rows.append(f"| {site.brands[policy.brand].name} | [{policy.title}]({policy.key}.md) "
                    f"| {_time(policy.effective_date, labels)} |")
    upcoming = (f'<section class="policy-upcoming-list" hidden data-upcoming-list data-lang="{lang}" '
                f'data-locale="{_browser_locale(labels)}" '
                f'data-text="{html.escape(labels["upcoming_item"])}" data-changes="{html.escape(labels["upcoming_changes"])}">'
                f'<h2>{html.escape(labels["upcoming_heading"])}</h2></section>')
    return "\n\n" + "\n".join(rows) + "\n\n" + upcoming + "\n"


def _time(date: datetime.date, labels: dict) -> str:
    """A date as readers read it, and as machines read it."""
    return f'<time datetime="{date.isoformat()}">{html.escape(long_date(date, labels))}</time>'


def _browser_locale(labels: dict) -> str:
    """The Babel locale of the labels as a browser names it: en_GB → en-GB."""
    return labels["locale"].replace("_", "-")


def _notice(css_class: str, inner_html: str) -> str:
    return f'<p class="policy-notice {css_class}">{inner_html}</p>'


def release_relative_url(page_path: str, page_release: str | None, release: str, path: str) -> str:
    """A link from a page of one release to a page of another: releases are sibling folders."""
    here = f"{page_release}/{page_path}" if page_release else page_path
    return relative_url(here, f"{release}/{path}")


def versions_html(history: PageHistory, rendered_path: str, release: str | None,
                  labels: dict, redline: str | None) -> str:
    """The page's version history, newest first with the shown one marked, and its redline if any."""
    items = []
    for version in history.versions:
        entry = html.escape(labels["history_entry"]).replace("{date}", _time(version.effective_date, labels))
        if version.release:
            url = release_relative_url(rendered_path, release, version.release, version.path)
            note = html.escape(labels["history_release"].format(release=version.release))
            current = ' aria-current="page"' if version is history.shown else ""
            entry = f'<a href="{url}"{current}>{entry}</a> ({note})'
        else:
            entry += f' ({html.escape(labels["history_unpublished"])})'
        if version is history.shown:
            entry = f'<strong>{entry} — {html.escape(labels["history_shown"])}</strong>'
        items.append(f"<li>{entry}</li>")
    # data-search-exclude: Material's search indexes the policy, not the site's notes around it.
    parts = [f'<section class="policy-history" aria-labelledby="version-history" data-search-exclude>\n'
             f'<h2 id="version-history">{html.escape(labels["history_heading"])}</h2>\n'
             f'<ol reversed>\n{chr(10).join(items)}\n</ol>\n</section>']
    if redline is not None and history.previous is not None:
        since = html.escape(long_date(history.previous.effective_date, labels))
        parts.append(
            f'<details class="policy-redline" id="what-changed" data-search-exclude>\n'
            f'<summary>{html.escape(labels["redline_summary"]).replace("{date}", since)}</summary>\n'
            f'<p class="redline-legend">{html.escape(labels["redline_legend"])}</p>\n'
            f'<div class="redline">\n{redline}\n</div>\n</details>')
    return "\n" + "\n".join(parts) + "\n"


def outdated_banner(release: str, page_path: str, labels: dict) -> str:
    """The notice on an archived release: which release this is, and the same page in `latest`."""
    link = relative_url(f"{release}/{page_path}", f"latest/{page_path}")
    text = html.escape(labels["outdated_banner"].format(release=release_label(release, labels)))
    return f'{text} <a href="{link}"><strong>{html.escape(labels["outdated_link"])}</strong></a>'


def release_label(release: str, labels: dict) -> str:
    """A release as readers read it: "22 November 2026", or "22 November 2026 (2)" for a same-day release."""
    match = RELEASE_NAME.match(release)
    if not match:
        return release
    label = long_date(datetime.date.fromisoformat(match.group(1)), labels)
    return f"{label} ({match.group(2)})" if match.group(2) else label


def language_links(page_path: str, lang: str, languages: list[str], names: dict[str, str]) -> list[dict]:
    """The same page in every language, as links relative to this page: they stay inside the release."""
    default = languages[0]
    neutral = page_path[len(lang) + 1:] if lang != default else page_path
    links = []
    for other in languages:
        target = neutral if other == default else f"{other}/{neutral}"
        links.append({"lang": other, "name": names[other], "path": target,
                      "link": relative_url(page_path, target) if target != page_path else "./"})
    return links


def meta_description(brand_name: str, title: str, effective: datetime.date, labels: dict) -> str:
    return labels["meta_description"].format(brand=brand_name, title=title, date=long_date(effective, labels))
