"""Colour contrast as WCAG 2 measures it, and a colour's readable variant on given backgrounds.

A facet's or cue's colour is chosen once, for one kind of background; themes differ (a
light green that reads well on near-black is ~1.2:1 on light grey). `readable` keeps
the colour's hue and saturation and moves only its lightness, as little as it can,
until the text reaches `MIN_CONTRAST` against every background it may sit on.
No Textual here: the command line draws with these functions too.
"""

from __future__ import annotations

import colorsys
from collections.abc import Sequence
from functools import lru_cache

from rich.color import Color, ColorParseError

RGB = tuple[int, int, int]

# WCAG 2, level AA, for normal text.
MIN_CONTRAST = 4.5
# Below this mean luminance a set of backgrounds is dark: colours are lightened on it.
DARK_BELOW = 0.18


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    r, g, b = (_channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def to_rgb(colour: str) -> RGB | None:
    """``colour`` (any form Rich parses: hex, name, ``color(N)``, ``rgb(...)``) as RGB;
    None for the terminal's own ``default`` or what is not a colour."""
    try:
        parsed = Color.parse(colour)
    except ColorParseError:
        return None
    if parsed.is_default:
        return None
    return tuple(parsed.get_truecolor())  # type: ignore[return-value]


def hex_of(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def worst_contrast(rgb: RGB, backgrounds: Sequence[RGB]) -> float:
    return min(contrast(rgb, bg) for bg in backgrounds)


@lru_cache(maxsize=1024)
def readable(colour: str, backgrounds: tuple[RGB, ...]) -> str:
    """``colour`` as drawn on ``backgrounds``: itself when it reaches `MIN_CONTRAST` on
    all of them, else the same hue lightened (dark backgrounds) or darkened (light ones)
    just enough. The terminal's ``default`` and what is not a colour are kept as given."""
    rgb = to_rgb(colour)
    if rgb is None or not backgrounds or worst_contrast(rgb, backgrounds) >= MIN_CONTRAST:
        return colour
    dark = sum(luminance(bg) for bg in backgrounds) / len(backgrounds) < DARK_BELOW
    hue, light, saturation = colorsys.rgb_to_hls(*(v / 255 for v in rgb))

    def at(lightness: float) -> RGB:
        r, g, b = colorsys.hls_to_rgb(hue, lightness, saturation)
        return (round(r * 255), round(g * 255), round(b * 255))

    # Lightness only moves one way; binary search for the nearest that reads.
    near, far = light, (1.0 if dark else 0.0)
    if worst_contrast(at(far), backgrounds) < MIN_CONTRAST:
        # Mid-grey backgrounds: black or white, whichever reads better.
        extremes = ((255, 255, 255), (0, 0, 0))
        return hex_of(max(extremes, key=lambda e: worst_contrast(e, backgrounds)))
    for _ in range(24):
        middle = (near + far) / 2
        if worst_contrast(at(middle), backgrounds) >= MIN_CONTRAST:
            far = middle
        else:
            near = middle
    return hex_of(at(far))
