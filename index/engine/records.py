"""A document's layout (paragraphs and sentences) as the index keeps it: compact JSON in
a stored field, written by a build and read back for a document or a search's snippets.
What a build hands the store besides is in `indexed`.

Nothing here imports Whoosh: a document's layout is read without it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from kread.index.models import Sentence

if TYPE_CHECKING:
    from kread.index.document import Document


def encode_layout(doc: Document) -> str:
    return json.dumps(
        {
            "paragraphs": doc.paragraphs,
            "sentences": [
                [
                    s.start,
                    s.end,
                    s.paragraph,
                    s.facets,
                    s.boilerplate,
                    s.heading,
                    s.spans,
                    s.cues,
                    s.cue_spans,
                ]
                for s in doc.sentences
            ],
        },
        separators=(",", ":"),
    )


def decode_layout(raw: str) -> tuple[tuple[tuple[int, int], ...], tuple[Sentence, ...]]:
    data = json.loads(raw)
    sentences = tuple(
        Sentence(
            start=s[0],
            end=s[1],
            paragraph=s[2],
            facets=tuple(s[3]),
            boilerplate=s[4],
            heading=s[5],
            spans=tuple((a, b, f) for a, b, f in s[6]),
            cues=tuple(s[7]),
            cue_spans=tuple((a, b, c) for a, b, c in s[8]),
        )
        for s in data["sentences"]
    )
    return tuple((a, b) for a, b in data["paragraphs"]), sentences
