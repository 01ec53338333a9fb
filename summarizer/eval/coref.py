"""Coreference (clustering) scores: MUC, B³, CEAF-e and their mean, the CoNLL F1.

Standard definitions (Vilain et al. 1995; Bagga & Baldwin 1998; Luo 2005;
Pradhan et al. 2014, the CoNLL-2012 scorer): `key` and `response` are lists
of clusters (sets of mention ids); mentions missing from one side count as
singletons there. Every measure returns (recall, precision, F1) in 0..1.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

Cluster = frozenset[Hashable]
Score = tuple[float, float, float]


def _clusters(groups: Iterable[Iterable[Hashable]]) -> list[Cluster]:
    return [frozenset(g) for g in groups if g]


def _f1(r: float, p: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _muc_recall(key: Sequence[Cluster], response: Sequence[Cluster]) -> float:
    where = {m: n for n, c in enumerate(response) for m in c}
    num = den = 0
    for k in key:
        parts = {where.get(m, ("alone", m)) for m in k}
        num += len(k) - len(parts)
        den += len(k) - 1
    return num / den if den else 0.0


def muc(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> Score:
    k, r = _clusters(key), _clusters(response)
    recall, precision = _muc_recall(k, r), _muc_recall(r, k)
    return recall, precision, _f1(recall, precision)


def b_cubed(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> Score:
    k, r = _clusters(key), _clusters(response)
    k_of = {m: c for c in k for m in c}
    r_of = {m: c for c in r for m in c}

    def side(a: dict[Hashable, Cluster], b: dict[Hashable, Cluster]) -> float:
        if not a:
            return 0.0
        # A mention the other side lacks contributes 0 (the CoNLL scorer's convention).
        return sum(len(c & b.get(m, frozenset())) / len(c) for m, c in a.items()) / len(a)

    recall, precision = side(k_of, r_of), side(r_of, k_of)
    return recall, precision, _f1(recall, precision)


def _hungarian_max(weights: list[list[float]]) -> float:
    """Maximum-weight assignment total of a small rectangular matrix (Kuhn-Munkres, O(n³))."""
    n_rows, n_cols = len(weights), len(weights[0]) if weights else 0
    n = max(n_rows, n_cols)
    if n == 0:
        return 0.0
    top = max(max(row) for row in weights) if n_rows and n_cols else 0.0
    cost = [[top - (weights[i][j] if i < n_rows and j < n_cols else 0.0) for j in range(n)] for i in range(n)]
    inf = float("inf")
    u, v, p, way = [0.0] * (n + 1), [0.0] * (n + 1), [0] * (n + 1), [0] * (n + 1)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = [inf] * (n + 1), [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    total = 0.0
    for j in range(1, n + 1):
        i = p[j]
        if i and i <= n_rows and j <= n_cols:
            total += weights[i - 1][j - 1]
    return total


def ceaf_e(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> Score:
    """Entity-based CEAF with φ4(K, R) = 2|K∩R| / (|K| + |R|), optimal one-to-one alignment.

    The alignment is solved per connected component of the key/response overlap
    graph (clusters sharing no mention score 0 together), so large files stay fast.
    """
    k, r = _clusters(key), _clusters(response)
    r_by_mention: dict[Hashable, list[int]] = {}
    for j, c in enumerate(r):
        for m in c:
            r_by_mention.setdefault(m, []).append(j)
    # union-find over key index i and response index ("r", j)
    parent: dict[object, object] = {}

    def find(x: object) -> object:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, c in enumerate(k):
        find(("k", i))
        for m in c:
            for j in r_by_mention.get(m, ()):
                parent[find(("k", i))] = find(("r", j))
    comps: dict[object, tuple[list[int], list[int]]] = {}
    for i in range(len(k)):
        comps.setdefault(find(("k", i)), ([], []))[0].append(i)
    for j in range(len(r)):
        comps.setdefault(find(("r", j)), ([], []))[1].append(j)
    total = 0.0
    for ks, rs in comps.values():
        if not ks or not rs:
            continue
        matrix = [[2 * len(k[i] & r[j]) / (len(k[i]) + len(r[j])) for j in rs] for i in ks]
        total += _hungarian_max(matrix)
    recall = total / len(k) if k else 0.0
    precision = total / len(r) if r else 0.0
    return recall, precision, _f1(recall, precision)


def conll(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> dict[str, object]:
    """All three measures and the CoNLL F1 (their F1 mean), in percent."""
    k, r = _clusters(key), _clusters(response)
    scores = {"muc": muc(k, r), "b3": b_cubed(k, r), "ceaf_e": ceaf_e(k, r)}
    out: dict[str, object] = {
        name: {"recall": 100 * s[0], "precision": 100 * s[1], "f1": 100 * s[2]} for name, s in scores.items()
    }
    out["conll_f1"] = 100 * sum(s[2] for s in scores.values()) / 3
    return out
