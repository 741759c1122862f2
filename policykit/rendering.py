"""A policy rendered by policykit itself: the Markdown the engine gets (expanded, typeset), the HTML of the
site's Markdown dialect, and the recorded text read from that HTML. What the site records and fingerprints
comes from here, never from the theme's HTML."""

from __future__ import annotations

from dataclasses import dataclass

from policykit.content import Policy
from policykit.markdown_dialect import render
from policykit.text import Readable, readable
from policykit.typography import Rules, apply as typeset


@dataclass(frozen=True)
class Rendered:
    markdown: str  # what the engine renders: the expanded Markdown, typeset
    html: str
    recorded: Readable  # the recorded text, its sections and its links


def render_policy(policy: Policy, typography: Rules) -> Rendered:
    markdown = typeset(policy.expanded.markdown, policy.lang, typography)
    html = render(markdown)
    return Rendered(markdown, html, readable(policy.source.title, html))
