"""The main screen's keys, each with the id a keymap names it by and the tooltip help
shows."""

from __future__ import annotations

from textual.binding import Binding

from kread.tui.keys import facet_bindings

SEARCH_TIP = "Search all the documents (/ on the document list, s anywhere)"

LIBRARY_BINDINGS = [
    # "/" finds in the text in the reader, as in less; on the list it searches every
    # document, as in newsboat or mutt. "s" searches every document from both.
    Binding(
        "slash",
        "find",
        "Find",
        id="main.find",
        tooltip="In the reader: find in this article as you type (n N: next, previous "
        "hit; Enter keeps the hits, Escape clears them)",
    ),
    Binding("slash", "search('list')", "Search", id="main.search", tooltip=SEARCH_TIP),
    Binding("s", "search('reader')", "Search", id="main.search_s", tooltip=SEARCH_TIP),
    Binding(
        "s", "search('list')", "Search", show=False, id="main.search_s_list", tooltip=SEARCH_TIP
    ),
    Binding(
        "f",
        "filter",
        "Filter",
        show=False,
        id="main.filter",
        tooltip="In the reader: show only the sentences with the facets (and, with the "
        "cue lens, cues) switched on, or the whole text again",
    ),
    Binding(
        "y",
        "copy",
        "Copy",
        show=False,
        id="main.copy",
        tooltip="In the reader: copy the cursor's sentence with its citation (title, "
        "source, document, sentence number)",
    ),
    Binding(
        "Y",
        "copy(True)",
        "Copy all",
        show=False,
        id="main.copy_shown",
        tooltip="Filtered (f): copy every sentence shown, with the citation",
    ),
    Binding(
        "tab",
        "switch_pane",
        "Pane",
        show=False,
        id="main.pane",
        tooltip="Move between the document list and the reader",
    ),
    Binding(
        "right_square_bracket",
        "jump_marked(1)",
        "Next mark",
        key_display="]",
        id="main.next_mark",
        tooltip="Next sentence of the facets switched on",
    ),
    Binding(
        "left_square_bracket",
        "jump_marked(-1)",
        "Prev mark",
        key_display="[",
        show=False,
        id="main.prev_mark",
        tooltip="Previous sentence of the facets switched on",
    ),
    Binding(
        "n",
        "jump_match(1)",
        "Next match",
        show=False,
        id="main.next_match",
        tooltip="Next hit of the find (/ in the reader), or of the search when no find is active",
    ),
    Binding(
        "N",
        "jump_match(-1)",
        "Prev match",
        show=False,
        id="main.prev_match",
        tooltip="Previous hit of the find, or of the search",
    ),
    Binding(
        "l",
        "toggle_cue_lens",
        "Cues",
        show=False,
        id="main.cue_lens",
        tooltip="Switch the cue lens on or off: hedged, absolute, quantified, sourced, "
        "promotional sentences",
    ),
    Binding(
        "c",
        "compare",
        "Compare",
        id="main.compare",
        tooltip="Compare the marked documents, or this one with another",
    ),
    Binding(
        "e",
        "correct_marks",
        "Marks",
        show=False,
        id="main.marks",
        tooltip="Put facet or cue marks on the cursor's sentence or take kread's off",
    ),
    Binding(
        "t",
        "write_note",
        "Note",
        show=False,
        id="main.note",
        tooltip="Write a note on the cursor's sentence",
    ),
    Binding(
        "p",
        "points",
        "Points",
        show=False,  # the footer is full at 80 columns: help and the palette list it
        id="main.points",
        tooltip="The points the marked documents make (all documents when under two "
        "are marked): who makes each, who is silent",
    ),
    # q: back from the reader, quit from the list (as in less or mutt); Escape only
    # ever goes back, so pressing it again and again is safe.
    Binding("q", "back", "Back", id="main.back", tooltip="In the reader: back to the list"),
    Binding("q", "quit", "Quit", id="main.quit", tooltip="On the document list: quit kread"),
    Binding(
        "escape",
        "back",
        "Back",
        show=False,
        id="main.escape",
        tooltip="Back one level, never out of kread: on the list it does nothing",
    ),
    *facet_bindings(
        "toggle_facet",
        "main.facet",
        "Facet",
        "Switch the marks of the facet with that number on or off",
    ),
    Binding(
        "a",
        "appraise",
        "Appraise",
        show=False,
        id="main.appraise",
        tooltip="Appraise the document shown: sources, risks, what it does not tell you",
    ),
]
