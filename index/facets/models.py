"""The taxonomy's own models, beyond the facets every list carries (`kread.index.models`):
the aspects of a facet and the claim cues. Only a loaded taxonomy builds them, so a list
or a search that answers from the index never defines them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Aspect:
    """One aspect of a facet: a named query for one point sentences make in different
    words ("dissociation": "feel detached", "out of body"). ``opposes``: the aspect that
    contradicts it; ``polar``: a negation of it is the opposite claim; ``subject``: it
    names what claims are about ("blood pressure"), not a claim, so sharing it alone
    does not make two sentences one point; ``figures``: sentences giving different
    shares for it ("half responded", "up to 80 percent") make different claims."""

    name: str
    facet: str
    query: str
    opposes: str | None = None
    polar: bool = False
    subject: bool = False
    figures: bool = False


@dataclass(frozen=True)
class Cue:
    """One claim cue of the taxonomy (hedged, absolute, ...): how it is shown and the
    query that finds it. A glyph, not a letter, so it never reads as a facet."""

    name: str
    label: str
    glyph: str
    colour: str
    description: str
    query: str
