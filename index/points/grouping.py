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
    members: dict[int, list[int]] = {n: [n] for n in range(count)}
    sums: dict[int, dict[int, float]] = {n: {} for n in range(count)}
    seeds: dict[int, dict[int, int]] = {n: {} for n in range(count)}
    # How many member pairs of two groups are related at all (similarity above 0).
    related: dict[int, dict[int, int]] = {n: {} for n in range(count)}
    apart: dict[int, set[int]] = {n: set() for n in range(count)}
    for (x, y), value in similarity.items():
        sums[x][y] = sums[y][x] = value
        if value > 0:
            related[x][y] = related[y][x] = 1
    for x, y in links:
        seeds[x][y] = seeds[y][x] = 1
    for x, y in clashes:
        apart[x].add(y)
        apart[y].add(x)
    version = dict.fromkeys(range(count), 0)
    heap: list[tuple[float, int, int, int, int]] = []

    def push(c: int, d: int) -> None:
        pairs = len(members[c]) * len(members[d])
        mean = sums[c].get(d, 0.0) / pairs
        # A join also needs most member pairs related: a shared neighbour's strong
        # similarity to both must not stand in for theirs.
        most = 2 * related[c].get(d, 0) > pairs
        if mean >= threshold and most and d not in apart[c]:
            heapq.heappush(heap, (-mean, c, d, version[c], version[d]))

    for c in range(count):
        for d in seeds[c]:
            if c < d:
                push(c, d)
    while heap:
        _mean, c, d, vc, vd = heapq.heappop(heap)
        if c not in members or d not in members or version[c] != vc or version[d] != vd:
            continue
        # Join d into c.
        members[c].extend(members.pop(d))
        version[c] += 1
        for table in (sums, seeds, related):
            row = table.pop(d)
            row.pop(c, None)
            table[c].pop(d, None)
            for e, value in row.items():
                table[c][e] = table[c].get(e, 0) + value
                table[e].pop(d, None)
                table[e][c] = table[c][e]
        gone = apart.pop(d)
        gone.discard(c)
        apart[c].discard(d)
        for e in gone:
            apart[e].discard(d)
            apart[e].add(c)
        apart[c] |= gone
        for e in seeds[c]:
            push(min(c, e), max(c, e))
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])
