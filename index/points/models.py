"""What comparing documents gives: the points they make, who makes each and who is
silent, opposite claims, and the facet matrix. Plain data, as `kread.index.models`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kread.index.models import DocumentInfo


@dataclass(frozen=True)
class SentencePair:
    a: int
    b: int
    similarity: float
    shared_terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class SharedPoint:
    """A point both documents of a comparison make: the sentences of each that make it."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    label: str
    similarity: float  # mean similarity of its sentences from different sides, 0-1
    shared_terms: tuple[str, ...] = ()
    aspect: str | None = None


@dataclass(frozen=True)
class Clash:
    """Sentences of two documents on one subject that make opposite claims."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    label: str


@dataclass(frozen=True)
class FacetComparison:
    # Every linked pair: one sentence of a and one of b in the same point.
    pairs: tuple[SentencePair, ...] = ()
    only_a: tuple[int, ...] = ()
    only_b: tuple[int, ...] = ()
    points: tuple[SharedPoint, ...] = ()
    clashes: tuple[Clash, ...] = ()


@dataclass(frozen=True)
class Comparison:
    a: DocumentInfo
    b: DocumentInfo
    facets: dict[str, FacetComparison] = field(default_factory=dict)
    shared_terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class FacetMatrix:
    """Three or more documents side by side: for each facet (in taxonomy order) and
    document, the indexes into ``Document.sentences`` of the sentences carrying it."""

    documents: tuple[DocumentInfo, ...]
    cells: dict[str, dict[str, tuple[int, ...]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Point:
    """Sentences, from one or more documents, that make the same claim."""

    id: int  # unique within its map
    sentences: dict[str, tuple[int, ...]]  # document id to indexes into its sentences
    label: str
    facets: tuple[str, ...]
    similarity: float  # mean similarity of members from different documents (1: one member)
    aspect: str | None = None
    shared_terms: tuple[str, ...] = ()
    silent: tuple[str, ...] = ()  # the documents compared that do not make it
    clashes: tuple[int, ...] = ()  # ids of points that claim the opposite


@dataclass(frozen=True)
class PointMap:
    """Points across documents, per facet (in taxonomy order): the points made by most
    documents first. A point under several facets is the same object in each."""

    documents: tuple[DocumentInfo, ...]
    facets: dict[str, tuple[Point, ...]] = field(default_factory=dict)
