"""What the site adds to policy pages and the home page, as Markdown, from the content and labels."""

from __future__ import annotations

import html
import posixpath

from policykit.labels import long_date
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


def policy_header(policy: PolicySource, brand: Brand, labels: dict, default_lang: str) -> str:
    """The title, the effective date and, where they apply, the translation and working-name notices."""
    date = policy.effective_date
    before, _, after = labels["effective_date"].partition("{date}")
    parts = [
        f"# {policy.title}",
        f'<p class="policy-effective">{html.escape(before)}<time datetime="{date.isoformat()}">'
        f"{html.escape(long_date(date, labels))}</time>{html.escape(after)}</p>",
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
    return "\n\n".join(parts) + "\n\n"


def home_table(site: Site, lang: str, labels: dict) -> str:
    """The home page's list of brands, each with its policies and their effective dates."""
    rows = [f"| {labels['home_brand']} | {labels['home_policy']} | {labels['home_effective']} |",
            "| --- | --- | --- |"]
    for policy in sorted(site.policies_in(lang), key=lambda p: (site.brands[p.brand].name.lower(), p.name)):
        date = policy.effective_date
        rows.append(f"| {site.brands[policy.brand].name} | [{policy.title}]({policy.key}.md) "
                    f'| <time datetime="{date.isoformat()}">{long_date(date, labels)}</time> |')
    return "\n\n" + "\n".join(rows) + "\n"


def _notice(css_class: str, inner_html: str) -> str:
    return f'<p class="policy-notice {css_class}">{inner_html}</p>'
