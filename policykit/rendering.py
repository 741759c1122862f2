"""A policy rendered by policykit itself: the Markdown the engine gets (expanded, typeset), the HTML of the
site's Markdown dialect, and the recorded text read from that HTML. What the site records and fingerprints
comes from here, never from the theme's HTML."""

from __future__ import annotations

from dataclasses import dataclass

from policykit.content import Policy
from policykit.markdown_dialect import render_with_headings
from policykit.text import Readable, readable
from policykit.typography import Rules, apply as typeset


@dataclass(frozen=True)
class Rendered:
    markdown: str  # what the engine renders: the expanded Markdown, typeset
    html: str
    recorded: Readable  # the recorded text, its sections and its links
    headings: list[dict]  # Python-Markdown's toc_tokens of `html`: the page's table of contents


def render_policy(policy: Policy, typography: Rules) -> Rendered:
    markdown = typeset(policy.expanded.markdown, policy.lang, typography)
    html, headings = render_with_headings(markdown)
    return Rendered(markdown, html, readable(policy.source.title, html), headings)
