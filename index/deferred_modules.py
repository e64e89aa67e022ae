"""A stand-in for a module of Whoosh's that kread's commands load but almost never use.

`whoosh.query` imports `whoosh.lang.morph_en` for its Variations query, which kread never
builds; that module compiles six large regular expressions as it loads, about 10 ms of
every command's start. Until something calls into it, a stand-in takes its place, and
the first call loads the real module, so a Variations query still works.
"""

from __future__ import annotations

import importlib
import sys
import types

WORD_VARIATIONS = "whoosh.lang.morph_en"


class _StandIn(types.ModuleType):
    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):  # asked by the import system or repr(): not a use
            raise AttributeError(name)
        return getattr(_real(), name)


def _real() -> types.ModuleType:
    module = sys.modules.get(WORD_VARIATIONS)
    if module is None or isinstance(module, _StandIn):
        sys.modules.pop(WORD_VARIATIONS, None)
        module = importlib.import_module(WORD_VARIATIONS)
    return module


def variations(word: str) -> set[str]:
    """The real module's `variations` (what `whoosh.query` imports by name)."""
    return _real().variations(word)


def defer_word_variations() -> None:
    """Put the stand-in in place, unless the real module is loaded already."""
    if WORD_VARIATIONS not in sys.modules:
        stand_in = _StandIn(WORD_VARIATIONS, __doc__)
        stand_in.variations = variations  # type: ignore[attr-defined]
        sys.modules[WORD_VARIATIONS] = stand_in
