"""Sentences grouped into points by average linkage: two groups join when the mean
similarity over every pair of their members is high enough, never when one shared
neighbour is all that ties them.

With single linkage (connected components of the links) A1-B1 and B1-A2 would put A1
and A2 in one point however unrelated they are; here A1 and A2's own similarity (zero
if they share nothing) counts in the mean. Groups join only across a link (a pair the
engine proposes), never across a clash (a pair that makes opposite claims).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping

__all__ = ["group"]


def group(
    count: int,
    similarity: Mapping[tuple[int, int], float],
    links: Iterable[tuple[int, int]],
    clashes: Iterable[tuple[int, int]],
    threshold: float,
) -> list[list[int]]:
    """Groups of ``range(count)``: ``similarity`` of pairs (x < y; missing pairs are 0),
    ``links`` the pairs that may seed a join, ``clashes`` the pairs that forbid one.
    Returns every group (singletons too), members sorted, in order of first member."""
    links = list(links)
    # Only sentences in a link ever join: the others stay alone and need no tables.
    joining = {n for pair in links for n in pair}
    members: dict[int, list[int]] = {n: [n] for n in joining}
    # A group's tables live in a slot: when two groups join, the one with the shorter
    # rows is folded into the other's slot, so a large group is not copied again at
    # each sentence it takes in. Groups keep their number (the lower of the two).
    slot = {n: n for n in joining}  # group to slot
    owner = {n: n for n in joining}  # slot to group
    sums: dict[int, dict[int, float]] = {n: {} for n in joining}
    seeds: dict[int, dict[int, int]] = {n: {} for n in joining}
    # How many member pairs of two groups are related at all (similarity above 0).
    related: dict[int, dict[int, int]] = {n: {} for n in joining}
    apart: dict[int, set[int]] = {n: set() for n in joining}
    for (x, y), value in similarity.items():
        if x in joining and y in joining:
            sums[x][y] = sums[y][x] = value
            if value > 0:
                related[x][y] = related[y][x] = 1
    for x, y in links:
        seeds[x][y] = seeds[y][x] = 1
    for x, y in clashes:
        if x in joining and y in joining:
            apart[x].add(y)
            apart[y].add(x)
    version = dict.fromkeys(joining, 0)
    heap: list[tuple[float, int, int, int, int]] = []

    def push(c: int, d: int) -> None:
        sc, sd = slot[c], slot[d]
        pairs = len(members[c]) * len(members[d])
        mean = sums[sc].get(sd, 0.0) / pairs
        # A join also needs most member pairs related: a shared neighbour's strong
        # similarity to both must not stand in for theirs.
        most = 2 * related[sc].get(sd, 0) > pairs
        if mean >= threshold and most and sd not in apart[sc]:
            heapq.heappush(heap, (-mean, c, d, version[c], version[d]))

    for c in sorted(joining):
        for d in seeds[c]:
            if c < d:
                push(c, d)
    while heap:
        _mean, c, d, vc, vd = heapq.heappop(heap)
        if c not in members or d not in members or version[c] != vc or version[d] != vd:
            continue
        # Join d into c, keeping the slot with the longer rows.
        kept, folded = slot[c], slot.pop(d)
        if len(sums[folded]) > len(sums[kept]):
            kept, folded = folded, kept
        del owner[folded]
        slot[c], owner[kept] = kept, c
        members[c].extend(members.pop(d))
        version[c] += 1
        for table in (sums, seeds, related):
            row = table.pop(folded)
            into = table[kept]
            row.pop(kept, None)
            into.pop(folded, None)
            for e, value in row.items():
                # Sums add in the order they always did: addition of two terms commutes.
                into[e] = into.get(e, 0) + value
                other = table[e]
                del other[folded]
                other[kept] = into[e]
        gone = apart.pop(folded)
        gone.discard(kept)
        apart[kept].discard(folded)
        for e in gone:
            apart[e].discard(folded)
            apart[e].add(kept)
        apart[kept] |= gone
        for e in seeds[kept]:
            other = owner[e]
            push(min(c, other), max(c, other))
    alone = ([n] for n in range(count) if n not in joining)
    return sorted((*(sorted(m) for m in members.values()), *alone), key=lambda m: m[0])
