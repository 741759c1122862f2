"""Reading built pages as a reader would: the visible text of the policy, and what the page loads."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _Text(HTMLParser):
    def __init__(self, start_tag: str):
        super().__init__()
        self.start_tag, self.depth, self.parts, self.hidden = start_tag, 0, [], 0

    def handle_starttag(self, tag, attrs):
        if tag == self.start_tag or self.depth:
            self.depth += 1 if tag == self.start_tag else 0
        if tag in ("script", "style", "template"):
            self.hidden += 1
        if self.depth and tag in ("p", "li", "h1", "h2", "h3", "td", "br", "div"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == self.start_tag and self.depth:
            self.depth -= 1
        if tag in ("script", "style", "template") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if self.depth and not self.hidden:
            self.parts.append(data)


def visible_text(html: str, within: str = "article") -> str:
    """The text inside the first <article> (the policy), whitespace folded as a browser shows it."""
    parser = _Text(within)
    parser.feed(html)
    return re.sub(r"[ \t\r\f\v]+", " ", "".join(parser.parts)).strip()


class _Loads(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") not in ("alternate", "canonical"):
            self.urls.append(attrs["href"])
        if tag == "object" and attrs.get("data"):
            self.urls.append(attrs["data"])


def loaded_urls(html: str) -> list[str]:
    """Every URL the page makes the browser fetch by itself (not the links a reader may follow)."""
    parser = _Loads()
    parser.feed(html)
    return parser.urls
