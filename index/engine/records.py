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
    # By position, in `Sentence`'s order (start, end, paragraph, facets, boilerplate,
    # heading, spans, cues, cue_spans), without a generator per span: a search decodes
    # every sentence of each hit, and this takes a sixth less time.
    sentences = tuple(
        [
            Sentence(
                s[0],
                s[1],
                s[2],
                tuple(s[3]),
                s[4],
                s[5],
                tuple(map(tuple, s[6])),
                tuple(s[7]),
                tuple(map(tuple, s[8])),
            )
            for s in data["sentences"]
        ]
    )
    return tuple((a, b) for a, b in data["paragraphs"]), sentences
