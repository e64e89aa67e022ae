"""The backgrounds a theme draws kread's text on, as RGB: what facet and cue colours must
read against (see `kread.tui.contrast`)."""

from __future__ import annotations

from textual.app import App
from textual.color import Color, ColorParseError

from kread.tui.contrast import RGB

# The panes (surface), the screens and dialogs (background, panel) and the bars ($boost
# over either); a focused pane is tinted with 5% of the foreground.
_PLAIN = ("background", "surface", "panel")
FOCUS_TINT = 0.05


def theme_backgrounds(app: App) -> tuple[RGB, ...]:
    """The backgrounds of ``app``'s current theme that text sits on."""
    variables = app.get_css_variables()  # of the theme being set, not the last one
    # ANSI themes draw on the terminal's own background: take the app's guess at it.
    terminal = Color(*app.ansi_theme.background_color)
    foreground = _colour(variables.get("foreground"), Color(*app.ansi_theme.foreground_color))
    found: list[Color] = []
    for name in _PLAIN:
        found.append(_colour(variables.get(name), terminal, over=terminal))
    boost = _colour(variables.get("boost"), Color(0, 0, 0, 0))
    found += [base + boost for base in found[:2]]
    found.append(found[1].blend(foreground, FOCUS_TINT))
    return tuple(dict.fromkeys(c.rgb for c in found))


def _colour(text: str | None, fallback: Color, over: Color | None = None) -> Color:
    """``text`` as a colour (an ANSI name or a see-through one: ``fallback``); with
    ``over``, an alpha colour is laid over it."""
    if not text or text.startswith("ansi_") or text == "transparent":
        return fallback
    try:
        colour = Color.parse(text)
    except ColorParseError:
        return fallback
    if colour.ansi is not None:
        return fallback
    return over + colour if over is not None and colour.a < 1 else colour
