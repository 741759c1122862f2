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
from pathlib import PurePosixPath

from babel import Locale

from policykit.contrast import SLATE_BACKGROUND, lighter
from policykit.history import CORRECTED, IN_FORCE, SUPERSEDED, UPCOMING, WITHDRAWN, Dated
from policykit.labels import long_date
from policykit.pdf import PDF_FILE
from policykit.registry import Brand
from policykit.settings import BuildSettings

# Ids the site's own parts use: a writer's heading may not take them (policykit/sanitizer.py refuses them).
RESERVED_IDS = ("policy-title", "policy-page", "policy-status", "version-history", "what-changed", "as-of-date",
                "compare-from", "compare-to", "home-filter", "home-filter-result")
# From how many brands the home page offers a box that filters its list of policies (a few are read at a glance).
HOME_FILTER_BRANDS = 20
TAG = re.compile(r"<[^>]+>")
# Where a redline links to the text before, filled in per page (the same text has pages at two addresses).
PREVIOUS_PAGE = "\x00previous-page\x00"
NOINDEX = (SUPERSEDED, CORRECTED, WITHDRAWN)
# Between the parts of the line under the title; a part hidden in print takes its separator with it.
SEPARATOR = '<span class="policy-meta-sep" aria-hidden="true"> · </span>'


@dataclass(frozen=True)
class PageContext:
    """Where a policy page is, and where the pages it links to are (links relative to the page)."""

    brand: Brand
    permanent_url: str | None  # this text's permanent address, absolute; None while it is not published
    permanent_link: str | None  # the same, as a link from this page
    links: dict  # version identity -> link to that text's dated page
    policy_link: str  # the policy's own page (the text in force)
    governing_link: str | None  # the same page in the governing language; None on a page in that language
    governing_language: str
    site_root: str  # from this page to the site's root
    day: datetime.date  # the day its statuses are shown for
    wording_corrections: tuple = ()  # published.WordingCorrection of the page's language, oldest first


@dataclass(frozen=True)
class PageMeta:
    canonical_url: str
    description: str | None
    title: str | None  # the tab title, with the version's date
    json_ld: str | None
    language_links: list[dict]
    toc: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)  # (title, anchor, children)
    robots: str | None = None  # "noindex" for a text no longer (or never) in force


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
    version = dated.version
    start = time(version.effective_date, labels)
    if version.withdrawn:
        return words("history_withdrawn", labels, date=start)
    said = (words("range_from", labels, start=start) if dated.until is None
            else words("range_from_until", labels, start=start, end=time(dated.until, labels)))
    if version.corrected_on:
        said += " — " + words("history_corrected", labels, date=time(version.corrected_on, labels))
    if version.date_basis == "published":
        said += f' ({e(labels["history_date_basis_published"])})'
    return said


def policy_page(page, context: PageContext, labels: dict, content_html: str) -> str:
    """The whole content of a policy page: its header, the policy itself, its history and what changed."""
    return "\n".join([_header(page, context, labels), content_html, _history(page, context, labels),
                      _redline(page, context, labels), _page_data(page, context, labels)])


def _header(page, context: PageContext, labels: dict) -> str:
    version = page.version
    meta = [f'<span>{_date_said(version, labels)}</span>', _picker(page, context, labels)]
    if page.redline is not None:
        meta.append(f'<a href="#what-changed">{e(labels["what_changed_link"])}</a>')
    parts = [_title_block(context),
             f'<h1 id="policy-title">{e(version.title)}</h1>',
             f'<div class="policy-meta">{SEPARATOR.join(meta)}</div>',
             _status(page, context, labels),
             _upcoming(page, context, labels),
             _bookmark(context, labels)]
    if version.correction:
        parts.append(_notice("policy-correction", words("correction_notice", labels,
                             date=time(version.corrected_on, labels), note=e(version.correction))))
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
    # "Printed on …": the reader's day, written by policy.js before printing (a page never carries its build's day).
    parts.append('<p class="print-only policy-printed" data-printed-on></p>')
    return '<header class="policy-header">\n' + "\n".join(parts) + "\n</header>"


def _date_said(version, labels: dict) -> str:
    """The date under the title, and what it is: the date the text states, or, where the source states none, the
    day this site first published it (never presented as a date the operator gave)."""
    label = "date_basis_published" if version.date_basis == "published" else "effective_date"
    return words(label, labels, date=time(version.effective_date, labels))


def _title_block(context: PageContext) -> str:
    """The brand above the policy's title, in the brand's accent (brand_styles): the same in every language. With
    a logo, the logo says the brand's name to a screen reader (its text) and the written name beside it is not said
    again; its width and height reserve its room before it loads."""
    brand = context.brand
    if not (logo := brand.logo):
        return (f'<p class="policy-brand" data-brand="{e(brand.slug)}">'
                f'<span class="policy-brand-name">{e(brand.name)}</span></p>')
    return (f'<div class="policy-brand" data-brand="{e(brand.slug)}"><img class="policy-brand-logo" '
            f'src="{e(context.site_root + logo.address)}" width="{logo.width}" height="{logo.height}" '
            f'alt="{e(brand.name)}"><span class="policy-brand-name" aria-hidden="true">{e(brand.name)}</span></div>')


def brand_styles(brands) -> str:
    """The stylesheet of the brands' accents (assets/brands.css): a rule per brand with an accent, for its title
    block, and a lighter shade of it for a dark colour scheme. A stylesheet, not style="…": the site's
    Content-Security-Policy lets in no inline style."""
    rules = ["/* Made by the build from data/brands.yml (accent): do not edit. */"]
    for brand in sorted(brands, key=lambda b: b.slug):
        if brand.accent:
            rules.append(f'.policy-brand[data-brand="{brand.slug}"] {{ --policy-accent: {brand.accent}; }}')
            rules.append(f'[data-md-color-scheme="slate"] .policy-brand[data-brand="{brand.slug}"] '
                         f'{{ --policy-accent: {lighter(brand.accent, SLATE_BACKGROUND)}; }}')
    return "\n".join(rules) + "\n"


def _status(page, context: PageContext, labels: dict) -> str:
    """The text's status on the day the site was built, true without script (the scheduled publication rebuilds
    the site on every day a status changes); the browser states it on the reader's own day."""
    version, status = page.version, page.status
    date = time(version.effective_date, labels)
    dated = page.dated
    if status == WITHDRAWN:
        replacement = dated.replaced_by
        if replacement is None:
            text = words("status_withdrawn_none", labels, date=date)
        else:
            text = words("status_withdrawn", labels, date=date, replacement=_link(
                context.links.get(replacement.identity), time(replacement.effective_date, labels)))
    elif status == UPCOMING:
        if page.previous is not None:
            text = words("status_upcoming", labels, date=date, previous=_link(
                context.links.get(page.previous.identity), time(page.previous.effective_date, labels)))
        else:
            text = words("status_upcoming_first", labels, date=date)
    elif status == SUPERSEDED:
        text = (words("status_superseded", labels, start=date, end=time(dated.until, labels))
                + f' <a href="{e(context.policy_link)}">{e(labels["status_superseded_link"])}</a>')
    elif status == CORRECTED:
        corrected_by = dated.corrected_by
        text = (words("status_corrected", labels, date=date, corrected=time(corrected_by.corrected_on, labels))
                + " " + _link(context.links.get(corrected_by.identity), e(labels["status_corrected_link"])))
    else:
        text = words("status_in_force", labels, date=date)
    return f'<p class="policy-notice policy-status" id="policy-status" data-policy-status="{status}">{text}</p>'


def _link(href: str | None, inner_html: str) -> str:
    return f'<a href="{e(href)}">{inner_html}</a>' if href else inner_html


def _upcoming(page, context: PageContext, labels: dict) -> str:
    """The notice of a version announced to replace this one. Written in the page when the build knows it, so
    nothing moves as the page loads; the browser shows it when the reader's day differs from the build's."""
    successor = page.successor
    if successor is None or page.status != IN_FORCE or successor.status(context.day) != UPCOMING:
        return _notice("policy-upcoming", "", ' role="status" hidden data-upcoming-notice')
    link = e(context.links[successor.version.identity])
    return _notice("policy-upcoming", f'{words("upcoming_notice", labels, date=time(successor.version.effective_date, labels))} '
                                      f'<a href="{link}">{e(labels["upcoming_read"])}</a> · '
                                      f'<a href="{link}#what-changed">{e(labels["upcoming_changes"])}</a>',
                   ' role="status" data-upcoming-notice')


def _bookmark(context: PageContext, labels: dict) -> str:
    if not context.permanent_link:
        return f'<p class="policy-bookmark">{e(labels["bookmark_preview"])}</p>'
    assert context.permanent_url is not None  # set with permanent_link, once the text is published
    return (f'<p class="policy-bookmark">{e(labels["bookmark"])} '
            f'<a rel="bookmark" href="{e(context.permanent_link)}">{e(context.permanent_url)}</a> '
            f'<button type="button" class="md-button policy-copy" data-copy="{e(context.permanent_url)}">'
            f'{e(labels["bookmark_copy"])}</button> · '
            f'<a class="policy-pdf" href="{e(context.permanent_link)}{PDF_FILE}" type="application/pdf">'
            f'{e(labels["bookmark_pdf"])}</a></p>')


def _known(page) -> list[Dated]:
    """The texts a page lists, newest first: its history, and the text after it when that decides its status."""
    listed = list(page.history)
    if page.successor is not None and all(d.version is not page.successor.version for d in listed):
        listed.append(page.successor)
    return list(reversed(listed))


def _picker(page, context: PageContext, labels: dict) -> str:
    items = []
    listed = _known(page)
    for dated in listed:
        link = context.links.get(dated.version.identity)
        label = range_words(dated, labels)
        if dated.version is page.version:
            label = f'<a href="#policy-title" aria-current="page">{label}</a>'
        elif link:
            label = f'<a href="{e(link)}">{label}</a>'
        items.append(f'<li data-version="{dated.version.slug}" data-status="{dated.status(context.day)}">{label}</li>')
    return (f'<details class="policy-picker"><summary>{plural("versions_count", len(listed), labels)}</summary>'
            f'<ol aria-label="{e(labels["picker_label"])}">{"".join(items)}</ol></details>')


def _wording_corrections(context: PageContext, labels: dict) -> str:
    """The declared corrections of the site's own statements (data/wording-corrections.yml), with their days."""
    return "".join(f'<p class="policy-wording-correction">'
                   f'{words("history_wording_corrected", labels, date=time(c.day, labels), note=e(c.note))}</p>\n'
                   for c in context.wording_corrections)


def _history(page, context: PageContext, labels: dict) -> str:
    items = []
    known = _known(page)
    for dated in known:
        version = dated.version
        link = context.links.get(version.identity)
        label = range_words(dated, labels)
        if version is page.version:
            label = f'<strong>{label} — {e(labels["history_this"])}</strong>'
        elif link:
            label = f'<a href="{e(link)}">{label}</a>'
        status = dated.status(context.day)
        if status in (UPCOMING, IN_FORCE):  # as policy.js words it on the reader's day: nothing moves as it loads
            label += " — " + e(labels["history_upcoming" if status == UPCOMING else "history_in_force"])
        note = version.correction or version.summary
        summary = f": {e(note)}" if note else ""
        items.append(f'<li id="version-{version.slug}" data-status="{dated.status(context.day)}">{label}{summary}</li>')
    # data-search-exclude: the search indexes the policy, not the site's notes around it.
    return (f'<section class="policy-history" aria-labelledby="version-history" data-search-exclude>\n'
            f'<h2 id="version-history">{e(labels["history_heading"])}</h2>\n'
            f'<ol class="policy-versions">\n{chr(10).join(items)}\n</ol>\n'
            f'{_wording_corrections(context, labels)}'
            f'<div class="policy-as-of"><label for="as-of-date">{e(labels["as_of_label"])}</label> '
            f'<input type="date" id="as-of-date"> <button type="button" class="md-button">{e(labels["as_of_button"])}'
            f'</button> <span role="status" class="policy-as-of-result"></span></div>\n'
            # Shown as built when there is something to compare (the page a link leads to works without script
            # too), so that the script showing it later moves nothing.
            f'<p class="policy-compare-link"{"" if len(known) > 1 else " hidden"}>'
            f'<a href="{e(context.policy_link)}compare/">'
            f'{e(labels["compare_link"])}</a></p>\n</section>')


def _redline(page, context: PageContext, labels: dict) -> str:
    if page.redline is None:
        return ""
    previous = page.previous
    since = time(previous.effective_date, labels)
    if previous.effective_date == page.version.effective_date:  # a correction, against the text it corrects
        since = time(previous.corrected_on or previous.effective_date, labels)
    note = page.version.correction or page.version.summary
    summary = f'<p class="redline-summary">{e(note)}</p>' if note else ""
    redline = page.redline.replace(PREVIOUS_PAGE, e(context.links.get(previous.identity, "")))
    return (f'<details class="policy-redline" id="what-changed" data-search-exclude>\n'
            f'<summary><h2>{words("redline_heading", labels, date=since)}</h2></summary>\n{summary}\n'
            f'{redline}\n</details>')


def _page_data(page, context: PageContext, labels: dict) -> str:
    """What the page's script needs, as data: which text this is, and where its policy's texts are listed."""
    version = page.version
    data = {"key": version.key, "lang": version.lang, "slug": version.slug, "status": page.status,
            "effective_date": version.effective_date.isoformat(), "site_root": context.site_root,
            "policy": context.policy_link, "permanent": context.permanent_link,
            "locale": labels["locale"].replace("_", "-"), "words": _script_words(labels)}
    return f'<script type="application/json" id="policy-page">{_json(data)}</script>'


def _script_words(labels: dict) -> dict:
    """The labels the page's script words things with."""
    return {k: labels[k] for k in labels if k.startswith(("status_", "range_", "as_of_", "upcoming_", "history_",
                                                          "versions_", "compare_", "redline_", "bookmark_", "release_",
                                                          "correction_", "home_filter_"))}


def compare_markdown(version, labels: dict) -> str:
    """The Markdown of a policy's compare page: its title; the rest is the site's own (compare_page)."""
    title = labels["compare_title"].format(title=version.title)
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nsearch:\n  exclude: true\n---\n"


def compare_page(page, context: PageContext, labels: dict) -> str:
    """Two texts of a policy compared in the reader's browser (policy.js, redline.js), from the published texts,
    with the same algorithm as the redline on each page; the address keeps the choice (?from=&to=)."""
    options = "".join(f'<option value="{d.version.slug}">{e(_plain_range(d, labels))}</option>'
                      for d in reversed(page.history) if d.version.first_release is not None)
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


def releases_page(labels: dict) -> str:
    """For publishers: every release of the site, newest first, listed in the browser from versions.json."""
    data = {"key": None, "lang": None, "site_root": "../", "releases": True,
            "locale": labels["locale"].replace("_", "-"), "words": _script_words(labels)}
    return "\n".join([f'<h1>{e(labels["releases_title"])}</h1>', f'<p>{e(labels["releases_intro"])}</p>',
                      '<ol class="policy-releases" data-policy-releases></ol>',
                      f'<noscript><p>{e(labels["releases_noscript"])}</p></noscript>',
                      f'<script type="application/json" id="policy-page">{_json(data)}</script>'])


def _governing_link(context: PageContext, labels: dict) -> str:
    if context.governing_link is None:
        return ""
    language = e(labels["languages"][context.governing_language])
    return (f'<a href="{e(context.governing_link)}" hreflang="{context.governing_language}">'
            f'{words("translation_link", labels, language=language)}</a>')


def _notice(css_class: str, inner_html: str, attributes: str = "") -> str:
    return f'<p class="policy-notice {css_class}"{attributes}>{inner_html}</p>'


def _json(data) -> str:
    """JSON safe inside a <script> element: no sequence in it can close the element."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def heading_links(content_html: str, labels: dict) -> str:
    """The visible link beside each heading, named in the page's language."""
    return content_html.replace(' title="Permanent link"', f' title="{e(labels["heading_link"])}"')


def home_table(pages: list, labels: dict, day: datetime.date) -> str:
    """The home page's list of brands, each with its policy, the effective date and status of the text in force."""
    rows = [f"| {labels['home_brand']} | {labels['home_policy']} | {labels['home_effective']} | {labels['home_status']} |",
            "| --- | --- | --- | --- |"]
    for page in sorted(pages, key=lambda p: (p.policy.brand.name.lower(), p.version.document)):
        version = page.version
        rows.append(f"| {_cell(page.policy.brand.name)} | [{_cell(version.title)}]({version.key}.md) "
                    f"| {time(version.effective_date, labels)} | {_status_cell(page, labels)} |")
    return "\n\n" + "\n".join(rows) + "\n"


def _status_cell(page, labels: dict) -> str:
    """A status in the home page's table. That page is checked like a writer's (no class, no data-*): the status
    is told to the stylesheet by the id, "home-status-<status>-<brand>-<document>"."""
    version = page.version
    return (f'<span id="home-status-{page.status}-{page.policy.brand.slug}-{version.document}">'
            f'{_cell(labels["status_names"][page.status])}</span>')


def with_home_filter(content_html: str, pages: list, labels: dict) -> str:
    """The home page's content with, beyond HOME_FILTER_BRANDS brands, a box above its list of policies (the last
    table, home_table's) that filters the list as the reader types (policy.js). Its room is kept from the first
    paint and it shows with the script (policy.css): nothing moves, and without script there is no dead box."""
    table = content_html.rfind("<table")
    if len({page.policy.brand.slug for page in pages}) <= HOME_FILTER_BRANDS or table < 0:
        return content_html
    box = (f'<div class="policy-home-filter"><label for="home-filter">{e(labels["home_filter_label"])}</label> '
           f'<input type="search" id="home-filter" autocomplete="off" spellcheck="false"> '
           f'<span id="home-filter-result" role="status"></span></div>\n')
    return content_html[:table] + box + content_html[table:]


def upcoming_list(labels: dict, lang: str, prefix: str) -> str:
    """Where the home page lists upcoming versions, filled in by the browser from the site's policies.json."""
    data = {"key": None, "lang": lang, "site_root": "../" * len(PurePosixPath(prefix).parts),
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
    own_url = f"{settings.site_url}{engine_url}"
    if page is None:
        return PageMeta(own_url, None, None, None, links)
    assert context is not None  # every policy page has its context
    version, status, dated = page.version, page.status, page.dated
    canonical = own_url if page.at_policy_address else (context.permanent_url or own_url)
    description = mine["meta_description"].format(brand=context.brand.name, title=version.title,
                                                  date=long_date(version.effective_date, mine))
    title = mine["page_title"].format(title=version.title, date=long_date(version.effective_date, mine))
    until = dated.until.isoformat() if dated.until and not version.withdrawn else ".."
    json_ld = _json({"@context": "https://schema.org", "@type": "DigitalDocument", "name": version.title,
                     "inLanguage": version.lang, "version": version.slug,
                     "temporalCoverage": f"{version.effective_date.isoformat()}/{until}", "creativeWorkStatus": status,
                     **({"datePublished": version.effective_date.isoformat()} if version.date_basis == "published"
                        else {}),
                     "url": context.permanent_url or own_url,
                     "publisher": {"@type": "Organization", "name": context.brand.name},
                     "isAccessibleForFree": True})
    history = [(mine["history_heading"], "version-history",
                [(_plain_range(d, mine), f"version-{d.version.slug}") for d in _known(page)])]
    if page.redline is not None:
        history.insert(0, (mine["redline_heading"].format(date=long_date(page.previous.effective_date, mine)),
                           "what-changed", []))
    return PageMeta(canonical, description, title, json_ld, links, history,
                    robots="noindex" if status in NOINDEX else None)


def search_marks(page, labels: dict) -> list[str]:
    """A text's status and dates, as search shows them beside its results (Material's tags: HTML, so escaped)."""
    return [html.escape(labels["status_names"][page.status], quote=False),
            html.escape(_plain_range(page.dated, labels), quote=False)]


def _plain_range(dated: Dated, labels: dict) -> str:
    version = dated.version
    start = long_date(version.effective_date, labels)
    if version.withdrawn:
        return labels["history_withdrawn"].format(date=start)
    said = (labels["range_from"].format(start=start) if dated.until is None
            else labels["range_from_until"].format(start=start, end=long_date(dated.until, labels)))
    if version.corrected_on:
        said += " — " + labels["history_corrected"].format(date=long_date(version.corrected_on, labels))
    return said


def language_links(page_url: str, lang: str, languages: list[str], names: dict[str, str]) -> list[dict]:
    """The same page in every language, as links relative to this page: they stay inside the release."""
    default = languages[0]
    neutral = page_url[len(lang) + 1:] if lang != default else page_url
    links = []
    for other in languages:
        target = neutral if other == default else f"{other}/{neutral}"
        links.append({"lang": other, "name": names[other], "path": target,
                      "link": relative_link(page_url, target)})
    return links


def relative_link(from_path: str, to_path: str) -> str:
    """A link between two pages given by their paths from the site's root ("" for the root itself): pages link
    relatively, so a page is the same file wherever the site is served."""
    relative = posixpath.relpath(to_path or ".", from_path or ".")
    return "./" if relative == "." else relative + "/"