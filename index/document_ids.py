"""Document ids as users give them: a whole id or a unique prefix of one, and lists of
different documents; the messages say what to type instead."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from pathlib import Path

from kread.index.errors import BadComparison, UnknownDocument
from kread.index.reading.sanitize import sanitize


def corpus_label(root: Path) -> str:
    """A folder as it is safe to show: control characters removed."""
    return sanitize(str(root))


def starting_with(ids: list[str], prefix: str) -> list[str]:
    """The ids of the sorted ``ids`` that start with ``prefix``."""
    start = bisect_left(ids, prefix)
    end = start
    while end < len(ids) and ids[end].startswith(prefix):
        end += 1
    return ids[start:end]


def resolve_id(ids: list[str], known: frozenset[str], doc_id: str, root: Path) -> str:
    """The full id for ``doc_id`` among the sorted ``ids`` (``known``: the same, as a
    set), else `UnknownDocument` naming the corpus at ``root``."""
    if doc_id in known:
        return doc_id
    matches = starting_with(ids, doc_id) if doc_id else []
    if len(matches) == 1:
        return matches[0]
    shown = sanitize(doc_id)
    if not matches:
        raise UnknownDocument(
            f"no document {shown!r} in {corpus_label(root)}; `kread list` shows the ids"
        )
    listed = ", ".join(matches[:4]) + (", ..." if len(matches) > 4 else "")
    raise UnknownDocument(
        f"{shown!r} matches {len(matches)} documents ({listed}); give more of the id"
    )


def distinct_ids(
    resolve: Callable[[str], str], ids: Sequence[str], command: str, fix: str
) -> list[str]:
    """The full ids of two or more different documents; else a `BadComparison` that
    names ``command`` and says what to do (``fix``)."""
    ids = [ids] if isinstance(ids, str) else list(ids)
    if len(ids) < 2:
        given = "one was" if ids else "none was"
        raise BadComparison(
            f"{command} needs two or more documents (ids or prefixes); {given} given"
        )
    full: list[str] = []
    for doc_id in ids:
        resolved = resolve(doc_id)
        if resolved in full:
            earlier = ids[full.index(resolved)]
            same = (
                f"{sanitize(doc_id)!r} is given twice"
                if earlier == doc_id
                else f"{sanitize(earlier)!r} and {sanitize(doc_id)!r} "
                f"are the same document ({resolved})"
            )
            raise BadComparison(f"{command}: {same}; {fix}")
        full.append(resolved)
    return full
