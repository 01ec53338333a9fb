"""One-to-one best assignment between two small lists, searched exhaustively.

Incident and figure counts per article are small, so an exact search (a
dynamic programme over the set of used gold items) is affordable and gives
the same answer every run; ties keep the first best assignment found, which
is deterministic given the input order.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

#: Above this many items on the smaller side the exact search is replaced by a greedy one.
EXACT_LIMIT = 16

PairScore = Callable[[int, int], float | None]
"""Score of pairing predicted item i with gold item j; None when they may not be paired."""


def best_assignment(n_pred: int, n_gold: int, score: PairScore) -> list[tuple[int, int]]:
    """Pairs (pred index, gold index) maximising the summed score; each item used at most once."""
    table = [[score(i, j) for j in range(n_gold)] for i in range(n_pred)]
    if min(n_pred, n_gold) > EXACT_LIMIT:
        return _greedy(table)
    if n_gold <= n_pred:
        return _exact(table)
    flipped = [[table[i][j] for i in range(n_pred)] for j in range(n_gold)]
    return sorted((i, j) for j, i in _exact(flipped))


def _exact(table: list[list[float | None]]) -> list[tuple[int, int]]:
    """Exact search with a bit mask over the columns (the shorter side)."""
    rows = len(table)
    cols = len(table[0]) if table else 0

    @cache
    def best(i: int, used: int) -> tuple[float, tuple[tuple[int, int], ...]]:
        if i == rows:
            return 0.0, ()
        top = best(i + 1, used)
        for j in range(cols):
            value = table[i][j]
            if value is None or used & (1 << j):
                continue
            rest, pairs = best(i + 1, used | (1 << j))
            if value + rest > top[0] + 1e-9:
                top = (value + rest, ((i, j), *pairs))
        return top

    return list(best(0, 0)[1])


def _greedy(table: list[list[float | None]]) -> list[tuple[int, int]]:
    """Highest-scoring pairs first; only for inputs too large for the exact search."""
    candidates = sorted(
        ((value, i, j) for i, row in enumerate(table) for j, value in enumerate(row) if value is not None),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_i: set[int] = set()
    used_j: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_i and j not in used_j:
            pairs.append((i, j))
            used_i.add(i)
            used_j.add(j)
    return sorted(pairs)
