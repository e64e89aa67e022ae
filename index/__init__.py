"""kread's index layer: documents, facets and search over a Whoosh index."""

from kread.index.deferred_modules import defer_word_variations

defer_word_variations()  # before anything here imports Whoosh
