"""English function words beyond Whoosh's stop list: they carry no topic, so neither
comparison nor points weighs them."""

from __future__ import annotations

from functools import cache

from kread.index.engine.analysis import text_analyzer

# English function words beyond Whoosh's stop list: they carry no topic.
_FUNCTION_WORDS = """
about above across after again against all almost along already also although always
among another any anyone anything around because been before being below beside besides
between beyond both but could did do does doing done down during each either else even
ever every few further had has having he her here hers herself him himself his how however
into its itself just least many me might more most much must my myself no nor now off
often once only other others otherwise our ours out over own per perhaps quite rather
really same several she should since so some something sometimes such than their theirs
them themselves then there therefore these they those though through throughout thus too
under until up upon very was were what whatever where whether which while who whom whose
why within without would
"""


@cache
def function_stems() -> frozenset[str]:
    """The stems of English function words beyond Whoosh's stop list."""
    analyzer = text_analyzer()
    return frozenset(token.text for token in analyzer(_FUNCTION_WORDS))
