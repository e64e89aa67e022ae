""" "Did you mean": a better-spelled query, made only of real words of the corpus."""

from __future__ import annotations

from whoosh.analysis import STOP_WORDS
from whoosh.query import Query
from whoosh.searching import Searcher
from whoosh.spelling import Corrector

from kread.index.search.parse import QueryReader

# Suggestions share the first letter with the word: most misspellings do, and it spares
# walking the whole word list.
SAME_FIRST_LETTERS = 1
# A word this long or shorter is corrected by one edit at most; a longer one by two.
ONE_EDIT_UP_TO = 6
# A word shorter than this is left as written, and never suggested.
SHORTEST = 3


class _RealWords(Corrector):
    """The index's corrector for the words as written, suggesting neither stop words
    nor very short words, and no further than a word's length makes likely: a three- or
    five-letter word two edits away is another word, not a misspelling ("off" is not
    "of", nor "label" "later")."""

    def __init__(self, words: Corrector) -> None:
        self.words = words

    def _suggestions(self, text: str, maxdist: int, prefix: int):
        if len(text) < SHORTEST:
            return
        most = min(maxdist, 1 if len(text) <= ONE_EDIT_UP_TO else 2)
        for score, word in self.words._suggestions(text, most, prefix):
            if len(word) >= SHORTEST and word not in STOP_WORDS:
                yield score, word


def correction(searcher: Searcher, reader: QueryReader, text: str) -> str | None:
    """A better-spelled query, when every word it changes is a real word of the corpus."""
    try:
        query: Query = reader.spelling_parser.parse(text)
        reader_words = searcher.reader()
        # Only words of the titles and bodies as written, and only those the corpus lacks:
        # never a field's name ("title:" is not "time") or a field's value.
        wrong = [
            ("spell", t.text)
            for t in query.all_tokens()
            if t.fieldname == "spell" and ("spell", t.text) not in reader_words
        ]
        if not wrong:
            return None
        corrected = searcher.correct_query(
            query,
            text,
            correctors={"spell": _RealWords(reader_words.corrector("spell"))},
            terms=wrong,
            prefix=SAME_FIRST_LETTERS,
        )
    except Exception:  # correction is a courtesy: never let it fail a search
        return None
    if corrected.query != query and corrected.string.strip() and corrected.string != text:
        return corrected.string
    return None
