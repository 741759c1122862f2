"""Colour contrast as WCAG 2.1 measures it (relative luminance, contrast ratio), for the colours the site takes
from writers (a brand's accent in data/brands.yml): text in that colour must stay readable on the page."""

from __future__ import annotations

import re

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
# Material's slate scheme paints the page hsla(232, 15%, 14%): a colour for a dark page is derived from the accent.
SLATE_BACKGROUND = "#1e2029"
MINIMUM = 4.5  # WCAG 2.1 AA, text of body size (1.4.3)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _hex(rgb) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = map(channel, _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(foreground: str, background: str) -> float:
    """The contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def darker(colour: str, background: str = WHITE, minimum: float = MINIMUM) -> str:
    """The colour with each channel scaled down just enough to reach `minimum` against `background` (same hue)."""
    return _scaled(colour, background, minimum, lambda rgb, f: [c * f for c in rgb])


def lighter(colour: str, background: str = SLATE_BACKGROUND, minimum: float = MINIMUM) -> str:
    """The colour mixed with white just enough to reach `minimum` against a dark `background`."""
    return _scaled(colour, background, minimum, lambda rgb, f: [255 - (255 - c) * f for c in rgb])


def _scaled(colour: str, background: str, minimum: float, scale) -> str:
    if ratio(colour, background) >= minimum:
        return colour.lower()
    rgb = _rgb(colour)
    for step in range(100, -1, -1):  # the first (largest) factor that reaches the minimum
        candidate = _hex(scale(rgb, step / 100))
        if ratio(candidate, background) >= minimum:
            return candidate
    return _hex(scale(rgb, 0))
