"""The site's own parts around a policy (site chrome, not policy text): title, effective date, status, the
link to this version, the version picker and history, the redline; the home page's list; what the page's
head says. HTML made here escapes every value; nothing in it depends on the release it is built for, so a
version's page is byte-identical in every release that shows it (the browser learns the rest from data).
"""

from __future__ import annotations

import datetime
import html
import json
import posixpath
import re
from dataclasses import dataclass, field

from babel import Locale

from policykit.history import Dated
from policykit.labels import long_date
from policykit.registry import Brand
from policykit.settings import BuildSettings

# Ids the site's own parts use: a writer's heading may not take them (policykit/sanitizer.py refuses them).
RESERVED_IDS = ("policy-title", "policy-page", "policy-status", "version-history", "what-changed", "as-of-date",
                "compare-from", "compare-to")
LATEST = "latest"
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class PageContext:
    """What a policy page needs to know beyond its own version."""

    brand: Brand
    permanent_url: str | None  # this version's permanent address, absolute; None in a preview
    permanent_link: str | None  # the same, as a link from this page
    links: dict  # version identity -> link to that version's permanent page
    governing_path: str | None  # the page of the governing text, relative to the release root
    governing_language: str
    site_root: str  # from this page to the site's root (the folder holding the releases)
    release_root: str  # from this page to its release's root (the site's root in a preview)
    release: str | None
    as_of: datetime.date | None

    @property
    def day(self) -> datetime.date:
        """The day this build shows the site as of."""
        if self.as_of:
            return self.as_of
        return datetime.date.fromisoformat(self.release[:10]) if self.release else datetime.date.today()


@dataclass(frozen=True)
class PageMeta:
    canonical_url: str
    description: str | None
    title: str | None  # the tab title, with the version's date
    json_ld: str | None
    language_links: list[dict]
    toc: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)  # (title, anchor, children)


def e(text: str) -> str:
    return html.escape(text, quote=True)


def time(date: datetime.date, labels: dict) -> str:
    """A date as readers read it, and as machines read it."""
    return f'<time datetime="{date.isoformat()}">{e(long_date(date, labels))}</time>'


def words(label: str, labels: dict, **values: str) -> str:
    """A label with its {placeholders} filled in by HTML (already escaped), the label's own words escaped. A value
    that ends with a full stop («2019 г.») takes the place of the label's own one after it."""
    out = e(labels[label])
    for name, value in values.items():
        if TAG.sub("", value).endswith("."):
            out = out.replace("{" + name + "}.", value)
        out = out.replace("{" + name + "}", value)
    return out


def plural(group: str, count: int, labels: dict) -> str:
    forms = labels[group]
    form = Locale.parse(labels["locale"]).plural_form(count)
    return e(forms.get(form, forms["other"])).replace("{count}", str(count))


def range_words(dated: Dated, labels: dict) -> str:
    start = time(dated.version.effective_date, labels)
    if dated.until is None:
        return words("range_from", labels, start=start)
    return words("range_from_until", labels, start=start, end=time(dated.until, labels))


def policy_page(page, context: PageContext, labels: dict, content_html: str) -> str:
    """The whole content of a policy page: its header, the policy itself, its history and what changed."""
    return "\n".join([_header(page, context, labels), content_html, _history(page, context, labels),
                      _redline(page, context, labels), _page_data(page, context, labels)])


def _header(page, context: PageContext, labels: dict) -> str:
    version = page.version
    count = len(page.history)
    meta = [f'<span>{words("effective_date", labels, date=time(version.effective_date, labels))}</span>',
            _picker(page, context, labels, count)]
    if page.redline is not None:
        meta.append(f'<a href="#what-changed">{e(labels["what_changed_link"])}</a>')
    parts = [f'<h1 id="policy-title">{e(version.title)}</h1>',
             f'<div class="policy-meta">{" · ".join(meta)}</div>',
             _status(page, context, labels),
             _upcoming(page, context, labels),
             _bookmark(context, labels)]
    if version.translation == "pending":
        parts.append(_notice("policy-translation", words("translation_pending", labels,
                             language=e(labels["languages"][version.lang]),
                             governing=e(labels["languages"][context.governing_language]))
                             + " " + _governing_link(context, labels)))
    elif version.lang != context.governing_language:
        parts.append(_notice("policy-translation", words("translation_notice", labels,
                             language=e(labels["languages"][context.governing_language]))
                             + " " + _governing_link(context, labels)))
    if context.brand.placeholder:
        parts.append(_notice("policy-placeholder", words("placeholder_notice", labels, name=e(context.brand.name))))
    if context.permanent_url:
        parts.append(f'<p class="print-only policy-permalink">'
                     f'{words("print_permalink", labels, url=e(context.permanent_url))}</p>')
    return '<header class="policy-header">\n' + "\n".join(parts) + "\n</header>"


def _status(page, context: PageContext, labels: dict) -> str:
    """The status as the build knows it; the browser states it precisely from the newest release's data.
    Without script, the page still says when its version took effect and where the version in force is."""
    version = page.version
    date = time(version.effective_date, labels)
    if version.effective_date > context.day:
        key, status = ("status_upcoming", "upcoming") if page.previous else ("status_upcoming_first", "upcoming")
        text = words(key, labels, date=date,
                     previous=time(page.previous.effective_date, labels) if page.previous else "")
    else:
        status, text = "in-force", words("status_took_effect", labels, date=date)
        if context.release:
            text += f' <a href="{e(context.site_root)}{LATEST}/{e(version.path)}">{e(labels["status_current_link"])}</a>'
    return f'<p class="policy-notice policy-status" id="policy-status" data-policy-status="{status}">{text}</p>'


def _upcoming(page, context: PageContext, labels: dict) -> str:
    """The notice of a version announced to replace this one. Written in the page when the build knows it, so
    nothing moves as the page loads; the browser shows it on older releases' pages too, from the newest data."""
    upcoming = page.upcoming
    if upcoming is None:
        return _notice("policy-upcoming", "", ' role="status" hidden data-upcoming-notice')
    link = e(context.links[upcoming.identity])
    return _notice("policy-upcoming", f'{words("upcoming_notice", labels, date=time(upcoming.effective_date, labels))} '
                                      f'<a href="{link}">{e(labels["upcoming_read"])}</a> · '
                                      f'<a href="{link}#what-changed">{e(labels["upcoming_changes"])}</a>',
                   ' role="status" data-upcoming-notice')


def _bookmark(context: PageContext, labels: dict) -> str:
    if not context.permanent_link:
        return f'<p class="policy-bookmark">{e(labels["bookmark_preview"])}</p>'
    return (f'<p class="policy-bookmark">{e(labels["bookmark"])} '
            f'<a rel="bookmark" href="{e(context.permanent_link)}">{e(context.permanent_url)}</a> '
            f'<button type="button" class="md-button policy-copy" hidden data-copy="{e(context.permanent_url)}">'
            f'{e(labels["bookmark_copy"])}</button></p>')


def _picker(page, context: PageContext, labels: dict, count: int) -> str:
    items = []
    for dated in reversed(page.history):
        link = context.links.get(dated.version.identity)
        label = range_words(dated, labels)
        current = dated.version is page.version
        if link and not current:
            label = f'<a href="{e(link)}">{label}</a>'
        elif current:
            label = f'<a href="#policy-title" aria-current="page">{label}</a>'
        items.append(f'<li data-effective="{dated.version.effective_date.isoformat()}">{label}</li>')
    return (f'<details class="policy-picker"><summary>{plural("versions_count", count, labels)}</summary>'
            f'<ol aria-label="{e(labels["picker_label"])}">{"".join(items)}</ol></details>')


def _history(page, context: PageContext, labels: dict) -> str:
    items = []
    for dated in reversed(page.history):
        version = dated.version
        link = context.links.get(version.identity)
        label = range_words(dated, labels)
        if version is page.version:
            label = f'<strong>{label} — {e(labels["history_this"])}</strong>'
        elif link:
            label = f'<a href="{e(link)}">{label}</a>'
        summary = f": {e(version.summary)}" if version.summary else ""
        items.append(f'<li id="version-{version.effective_date.isoformat()}">{label}{summary}</li>')
    # data-search-exclude: the search indexes the policy, not the site's notes around it.
    return (f'<section class="policy-history" aria-labelledby="version-history" data-search-exclude>\n'
            f'<h2 id="version-history">{e(labels["history_heading"])}</h2>\n'
            f'<ol class="policy-versions">\n{chr(10).join(items)}\n</ol>\n'
            f'<div class="policy-as-of" hidden><label for="as-of-date">{e(labels["as_of_label"])}</label> '
            f'<input type="date" id="as-of-date"> <button type="button" class="md-button">{e(labels["as_of_button"])}'
            f'</button> <span role="status" class="policy-as-of-result"></span></div>\n'
            f'<p class="policy-compare-link" hidden><a href="compare/">{e(labels["compare_link"])}</a></p>\n</section>')


def _redline(page, context: PageContext, labels: dict) -> str:
    if page.redline is None:
        return ""
    since = time(page.previous.effective_date, labels)
    summary = f'<p class="redline-summary">{e(page.version.summary)}</p>' if page.version.summary else ""
    return (f'<details class="policy-redline" id="what-changed" data-search-exclude>\n'
            f'<summary><h2>{words("redline_heading", labels, date=since)}</h2></summary>\n{summary}\n'
            f'{page.redline}\n</details>')


def _page_data(page, context: PageContext, labels: dict) -> str:
    """What the page's script needs, as data (the same in every release, like the rest of the page)."""
    version = page.version
    data = {"key": version.key, "lang": version.lang, "path": version.path,
            "effective_date": version.effective_date.isoformat(), "site_root": context.site_root,
            "permanent": context.permanent_link, "locale": labels["locale"].replace("_", "-"),
            "words": _script_words(labels)}
    return f'<script type="application/json" id="policy-page">{_json(data)}</script>'


def _script_words(labels: dict) -> dict:
    """The labels the page's script words things with."""
    return {k: labels[k] for k in labels if k.startswith(("status_", "range_", "as_of_", "upcoming_", "history_",
                                                          "versions_", "compare_", "redline_", "bookmark_", "release_"))}


def compare_markdown(version, labels: dict) -> str:
    """The Markdown of a policy's compare page: its title; the rest is the site's own (compare_page)."""
    title = labels["compare_title"].format(title=version.title)
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nsearch:\n  exclude: true\n---\n"


def compare_page(page, context: PageContext, labels: dict) -> str:
    """Two versions of a policy compared in the reader's browser (policy.js, redline.js), from the published
    texts, with the same algorithm as the redline on each page; the address keeps the choice (?from=&to=)."""
    options = "".join(f'<option value="{d.version.effective_date.isoformat()}">{e(long_date(d.version.effective_date, labels))}'
                      f'</option>' for d in reversed(page.history))
    return "\n".join([
        f'<h1 id="policy-title">{e(labels["compare_title"].format(title=page.version.title))}</h1>',
        f'<form class="policy-compare" hidden data-policy-compare>'
        f'<label for="compare-from">{e(labels["compare_from"])}</label> <select id="compare-from" name="from">{options}</select> '
        f'<label for="compare-to">{e(labels["compare_to"])}</label> <select id="compare-to" name="to">{options}</select> '
        f'<button type="submit" class="md-button">{e(labels["compare_button"])}</button></form>',
        f'<noscript><p>{e(labels["compare_noscript"])}</p></noscript>',
        '<div class="policy-compare-result" aria-live="polite"></div>',
        _page_data(page, context, labels)])


def releases_markdown(labels: dict) -> str:
    return (f"---\ntitle: {json.dumps(labels['releases_title'], ensure_ascii=False)}\nsearch:\n  exclude: true\n---\n")


def releases_page(labels: dict, site_root: str | None) -> str:
    """For publishers: every release of the site, newest first, listed in the browser from versions.json."""
    data = {"key": None, "lang": None, "path": "releases/", "site_root": site_root, "releases": True,
            "locale": labels["locale"].replace("_", "-"), "words": _script_words(labels)}
    return "\n".join([f'<h1>{e(labels["releases_title"])}</h1>', f'<p>{e(labels["releases_intro"])}</p>',
                      '<ol class="policy-releases" data-policy-releases></ol>',
                      f'<noscript><p>{e(labels["releases_noscript"])}</p></noscript>',
                      f'<script type="application/json" id="policy-page">{_json(data)}</script>'])


def _governing_link(context: PageContext, labels: dict) -> str:
    if context.governing_path is None:
        return ""
    language = e(labels["languages"][context.governing_language])
    return (f'<a href="{e(context.release_root + context.governing_path)}" hreflang="{context.governing_language}">'
            f'{words("translation_link", labels, language=language)}</a>')


def _notice(css_class: str, inner_html: str, attributes: str = "") -> str:
    return f'<p class="policy-notice {css_class}"{attributes}>{inner_html}</p>'


def _json(data) -> str:
    """JSON safe inside a <script> element: no sequence in it can close the element."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def heading_links(content_html: str, labels: dict) -> str:
    """The visible link beside each heading, named in the page's language."""
    return content_html.replace(' title="Permanent link"', f' title="{e(labels["heading_link"])}"')


def home_table(shown: list, labels: dict) -> str:
    """The home page's list of brands, each with its policy and the effective date of the version shown."""
    rows = [f"| {labels['home_brand']} | {labels['home_policy']} | {labels['home_effective']} |",
            "| --- | --- | --- |"]
    for policy, version in sorted(shown, key=lambda s: (s[0].brand.name.lower(), s[1].document)):
        rows.append(f"| {_cell(policy.brand.name)} | [{_cell(version.title)}]({version.key}.md) "
                    f"| {time(version.effective_date, labels)} |")
    return "\n\n" + "\n".join(rows) + "\n"


def upcoming_list(labels: dict, lang: str, path: str, site_root: str | None) -> str:
    """Where the home page lists upcoming versions, filled in by the browser from the newest release's data."""
    data = {"key": None, "lang": lang, "path": path, "site_root": site_root,
            "locale": labels["locale"].replace("_", "-"), "words": _script_words(labels)}
    return (f'<section class="policy-upcoming-list" hidden data-upcoming-list>'
            f'<h2>{e(labels["upcoming_heading"])}</h2></section>'
            f'<script type="application/json" id="policy-page">{_json(data)}</script>')


def _cell(text: str) -> str:
    return e(text).replace("|", "\\|").replace("[", "\\[").replace("]", "\\]")


def page_meta(page, context: PageContext | None, engine_url: str, lang: str, settings: BuildSettings,
              labels: dict) -> PageMeta:
    mine = labels[lang]
    links = language_links(engine_url, lang, list(settings.languages), {code: labels[code]["language_name"]
                                                                          for code in settings.languages})
    if page is None:
        canonical = f"{settings.site_url}{LATEST}/{engine_url}" if settings.release else f"{settings.site_url}{engine_url}"
        return PageMeta(canonical, None, None, None, links)
    version = page.version
    canonical = context.permanent_url or f"{settings.site_url}{engine_url}"
    description = mine["meta_description"].format(brand=context.brand.name, title=version.title,
                                                  date=long_date(version.effective_date, mine))
    title = mine["page_title"].format(title=version.title, date=long_date(version.effective_date, mine))
    status = "upcoming" if version.effective_date > context.day else "in-force"
    json_ld = _json({"@context": "https://schema.org", "@type": "DigitalDocument", "name": version.title,
                     "inLanguage": version.lang, "version": version.effective_date.isoformat(),
                     "temporalCoverage": f"{version.effective_date.isoformat()}/..", "creativeWorkStatus": status,
                     "url": context.permanent_url, "publisher": {"@type": "Organization", "name": context.brand.name},
                     "isAccessibleForFree": True})
    history = [(mine["history_heading"], "version-history",
                [(_plain_range(d, mine), f"version-{d.version.effective_date.isoformat()}")
                 for d in reversed(page.history)])]
    if page.redline is not None:
        history.insert(0, (mine["redline_heading"].format(date=long_date(page.previous.effective_date, mine)),
                           "what-changed", []))
    return PageMeta(canonical, description, title, json_ld, links, history)


def _plain_range(dated: Dated, labels: dict) -> str:
    start = long_date(dated.version.effective_date, labels)
    if dated.until is None:
        return labels["range_from"].format(start=start)
    return labels["range_from_until"].format(start=start, end=long_date(dated.until, labels))


def language_links(page_url: str, lang: str, languages: list[str], names: dict[str, str]) -> list[dict]:
    """The same page in every language, as links relative to this page: they stay inside the release."""
    default = languages[0]
    neutral = page_url[len(lang) + 1:] if lang != default else page_url
    links = []
    for other in languages:
        target = neutral if other == default else f"{other}/{neutral}"
        links.append({"lang": other, "name": names[other], "path": target,
                      "link": _relative_url(page_url, target) if target != page_url else "./"})
    return links


def _relative_url(from_url: str, to_url: str) -> str:
    return posixpath.relpath(to_url or ".", from_url or ".") + "/"
