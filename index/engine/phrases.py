"""The query-parser plugin that lets a phrase keep the words its field's analysis drops,
shared by search and by facet queries."""

from __future__ import annotations

from collections.abc import Mapping

from whoosh.qparser import QueryParser, syntax
from whoosh.qparser.plugins import PhrasePlugin, Plugin

from kread.index.engine.analysis import every_word_analyzer, text_analyzer

__all__ = ["PhrasesKeepTheirWords"]


class PhrasesKeepTheirWords(Plugin):
    """A phrase on a field of ``routes`` holding words the field's analysis drops (stop
    words, one-letter pieces such as the "t" of "hasn't") is parsed on the every-word
    field ``routes`` gives for it instead, so ``"not approved"`` does not answer a text
    that only says "approved"."""

    def __init__(self, routes: Mapping[str | None, str]) -> None:
        self.routes = dict(routes)

    def filters(self, parser: QueryParser) -> list:
        return [(self._route, 120)]  # after the multifield plugin (110) named the fields

    def _route(self, parser: QueryParser, group: syntax.GroupNode) -> syntax.GroupNode:
        for node in group:
            if isinstance(node, syntax.GroupNode):
                self._route(parser, node)
            elif (
                isinstance(node, PhrasePlugin.PhraseNode)
                and node.fieldname in self.routes
                and _loses_words(node.text)
            ):
                node.set_fieldname(self.routes[node.fieldname], override=True)
        return group


def _loses_words(text: str) -> bool:
    kept = sum(1 for _ in text_analyzer()(text, mode="query"))
    return kept < sum(1 for _ in every_word_analyzer()(text, mode="query"))
