"""Screens whose facet and cue colours follow the theme.

Those colours are drawn for the backgrounds of the theme in use (`render.drawn_colour`),
once, into the `Text` a screen shows: a screen open while the theme changes would keep
colours chosen for the old backgrounds. A screen with this mixin draws that content again,
from the data it keeps, after each theme change.
"""

from __future__ import annotations

from textual.app import App
from textual.theme import Theme


class RedrawnOnThemeChange:
    """Mixed into a Textual screen, ahead of it: `redraw_colours` runs after each theme
    change while the screen is on the stack (on top or not)."""

    app: App

    def _on_mount(self) -> None:
        # Textual calls each class's mount handler: this one adds to the screen's own.
        # The signal is published after the app's `watch_theme` set the new backgrounds.
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)  # type: ignore[arg-type]

    def _theme_changed(self, _theme: Theme) -> None:
        self.redraw_colours()

    def redraw_colours(self) -> None:
        """Draw the screen's facet- and cue-coloured content again for the new theme."""
        raise NotImplementedError
