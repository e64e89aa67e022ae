"""Facet colours: the index checks them without Rich, and the reader (Rich) draws every one."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.color import ANSI_COLOR_NAMES, Color, ColorParseError
from rich.style import Style

from kread.index.errors import TaxonomyError
from kread.index.facets.colours import COLOUR_NAMES, terminal_colour
from kread.index.facets.taxonomy import default_taxonomy_path, load_taxonomy


@pytest.fixture(autouse=True)
def no_user_config(monkeypatch, tmp_path):
    """Never read the real user's topics.yaml."""
    monkeypatch.setattr(
        "kread.index.facets.taxonomy.user_taxonomy_path", lambda: tmp_path / "no-config.yaml"
    )


def rich_draws(colour: str) -> bool:
    try:
        Color.parse(colour)
    except (ColorParseError, ValueError):  # Rich raises ValueError on "rgb(1,,2)"
        return False
    return True


def test_every_colour_name_rich_draws_is_accepted_and_no_other() -> None:
    assert set(ANSI_COLOR_NAMES) == COLOUR_NAMES
    for name in ANSI_COLOR_NAMES:
        assert terminal_colour(name) == name
        assert terminal_colour(name.upper()) == name.upper()


# Texts near what a user writes: names, hex values, palette numbers and rgb triples,
# mangled by a character or two.
_PIECES = st.sampled_from(
    [*list(ANSI_COLOR_NAMES)[::7], "default", "#", "color(", "rgb(", ")", ",", " ", "0", "7",
     "25", "255", "256", "999", "a", "F", "c0ffee", "5fafff", "abc", "g", "_", "-", "\t"]
)  # fmt: skip
_TEXTS = st.one_of(
    st.lists(_PIECES, min_size=1, max_size=6).map("".join),
    st.from_regex(r"#[0-9a-fA-Fg]{1,7}", fullmatch=True),
    st.from_regex(r"color\([0-9]{1,4}\)", fullmatch=True),
    st.from_regex(r"rgb\( ?[0-9]{0,4} ?, ?[0-9]{0,4} ?(, ?[0-9]{0,4})?\)", fullmatch=True),
    st.text(alphabet="#()abcdefgrlo0123456789, _", max_size=12),
)


@given(_TEXTS)
def test_a_colour_is_accepted_exactly_when_rich_draws_it(text: str) -> None:
    drawn = terminal_colour(text)
    short_hex = text.strip().startswith("#") and len(text.strip()) == 4
    if drawn is None:
        assert not rich_draws(text), f"{text!r} is drawn by Rich but refused"
    else:
        assert rich_draws(drawn), f"{text!r} accepted as {drawn!r}, which Rich cannot draw"
        assert rich_draws(text) or short_hex, f"{text!r} accepted but Rich refuses it"


@pytest.mark.parametrize(
    ("written", "drawn"),
    [("#5af", "#55aaff"), ("#5AF", "#55aaff"), ("#5fafff", "#5fafff"), ("Dark_Orange3", None)],
)
def test_a_short_hex_colour_is_drawn_in_full(tmp_path: Path, written: str, drawn: str) -> None:
    path = tmp_path / "topics.yaml"
    path.write_text(f"facets:\n  - name: cost\n    query: price\n    colour: '{written}'\n")
    facet = load_taxonomy(path).get("cost")
    assert facet.colour == (drawn or written)
    Style(color=facet.colour)  # the reader draws it


@pytest.mark.parametrize("colour", ["rgb(1,,2)", "rgb( , 2, 3)", "rgb(1 2,3,4)", "color(256)"])
def test_a_malformed_colour_names_the_file_and_line(tmp_path: Path, colour: str) -> None:
    path = tmp_path / "topics.yaml"
    path.write_text(f"facets:\n  - name: cost\n    query: price\n    colour: '{colour}'\n")
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(path)
    assert str(caught.value) == (
        f"{path}:4: facet 'cost': colour {colour!r} is not a colour; use a name like 'red' "
        "or a hex value like '#5fafff'"
    )


def test_every_colour_of_the_shipped_topics_is_valid() -> None:
    for facet in load_taxonomy(default_taxonomy_path()).facets:
        assert terminal_colour(facet.colour) == facet.colour
        assert rich_draws(facet.colour)
