"""Fusion: deciding that two reports describe the same event, with the reasons written down.

Each incident report becomes `Features` (dates, place, type, actors, figures,
title + evidence text, proper names). `score` compares a report with one
already in an event and returns the score and the reasons, in words, that
made it; `best_match` picks the event whose closest member scores highest,
at or above the threshold. The weights live in `summarizer/data/fusion_weights.tsv`.

Deterministic: the same reports in the same order give the same events; ties
go to the oldest event. Two incidents of one article are never fused (the
extractor kept them apart).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from rapidfuzz import fuzz

from summarizer import datafiles
from summarizer.rules.gazetteer import fold

_NAME = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\b")
_COMMON = frozenset(
    [
        "the",
        "a",
        "an",
        "he",
        "she",
        "they",
        "it",
        "his",
        "her",
        "police",
        "officers",
        "officer",
        "sheriff",
        "deputies",
        "county",
        "city",
        "state",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "according",
        "in",
        "on",
        "at",
        "after",
        "when",
        "but",
        "and",
        "or",
        "if",
        "this",
        "that",
        "there",
        "authorities",
        "no",
        "one",
        "two",
        "three",
        "news",
        "report",
        "reports",
        "said",
        "says",
        "read",
        "more",
        "click",
        "share",
        "video",
        "photo",
        "copyright",
    ]
)


@cache
def weights() -> dict[str, float]:
    return {row[0]: float(row[1]) for row in datafiles.rows("fusion_weights.tsv")}


@dataclass(frozen=True)
class Features:
    """What fusion compares, for one incident as one article reports it."""

    incident_id: int
    article_id: int
    dates: tuple[str, ...]
    location: str | None
    admin1: str | None
    country: str | None
    event_type: str
    actors: frozenset[str]
    killed: frozenset[int]
    injured: frozenset[int]
    text: str
    names: frozenset[str] = field(default_factory=frozenset)


def proper_names(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _NAME.findall(text) if w.lower() not in _COMMON and len(w) > 2)


def make_features(
    *,
    incident_id: int,
    article_id: int,
    date_start: str | None,
    published: str | None,
    location: str | None,
    admin1: str | None,
    country: str | None,
    event_type: str,
    actors: Iterable[str],
    killed: Iterable[int],
    injured: Iterable[int],
    title: str | None,
    evidence: Sequence[str],
) -> Features:
    evidence_text = " ".join(evidence)[:2000]
    text = f"{title or ''} {evidence_text}".strip()
    generic = {"civilians", "police", "security forces", "unknown", "gunmen", "unidentified gunmen"}
    return Features(
        incident_id=incident_id,
        article_id=article_id,
        dates=tuple(dict.fromkeys(d for d in (date_start, published) if d)),
        location=fold(location) if location else None,
        admin1=fold(admin1) if admin1 else None,
        country=fold(country) if country else None,
        event_type=event_type,
        actors=frozenset(fold(a) for a in actors if a and fold(a) not in generic),
        killed=frozenset(killed),
        injured=frozenset(injured),
        text=fold(text),
        names=proper_names(f"{title or ''} {evidence_text}"),
    )


def day_gap(a: Sequence[str], b: Sequence[str]) -> int | None:
    gaps = []
    for x in a:
        for y in b:
            try:
                gaps.append(abs((date.fromisoformat(x) - date.fromisoformat(y)).days))
            except ValueError:
                continue
    return min(gaps) if gaps else None


def score(new: Features, old: Features) -> tuple[float, list[str]]:
    """How strongly `new` and `old` look like one event, and why (a veto gives -inf)."""
    w = weights()
    if new.article_id == old.article_id:
        return float("-inf"), ["same article lists them as separate incidents"]
    if new.country and old.country and new.country != old.country:
        return float("-inf"), [f"different countries ({new.country} / {old.country})"]
    gap = day_gap(new.dates, old.dates)
    if gap is not None and gap > w["window_days"]:
        return float("-inf"), [f"dates {gap} days apart"]
    total, reasons = 0.0, []

    def add(key: str, why: str, factor: float = 1.0) -> None:
        nonlocal total
        value = w[key] * factor
        if value:
            total += value
            reasons.append(f"{why} ({value:+.2f})")

    if gap == 0:
        add("same_day", "same day")
    elif gap is not None and gap <= 2:
        add("near_day", f"dates {gap} day(s) apart")
    elif gap is not None:
        add("far_day", f"dates {gap} days apart")
    if new.location and old.location:
        if new.location == old.location:
            add("same_place", f"same place ({new.location})")
        else:
            add("other_place", f"different places ({new.location} / {old.location})")
            if new.admin1 and new.admin1 == old.admin1:
                add("same_admin1", f"same region ({new.admin1})")
    elif new.admin1 and new.admin1 == old.admin1:
        add("same_admin1", f"same region ({new.admin1})")
    if new.event_type == old.event_type:
        add("same_type", f"same event type ({new.event_type})")
    shared = sorted(new.actors & old.actors)
    if shared:
        add("shared_actor", f"shared actor ({shared[0]})")
    same_fig = (new.killed & old.killed) or (new.injured & old.injured)
    if same_fig:
        add("same_figure", "same casualty figure")
    if new.killed and old.killed and min(abs(a - b) for a in new.killed for b in old.killed) > 2:
        add("other_killed", "different killed figures")
    if new.text and old.text:
        sim = fuzz.token_set_ratio(new.text, old.text) / 100
        if sim > 0.5:
            add("text", f"similar text ({sim:.2f})", (sim - 0.5) / 0.5)
    if new.names and old.names:
        jac = len(new.names & old.names) / len(new.names | old.names)
        if jac > 0:
            common = ", ".join(sorted(new.names & old.names)[:3])
            add("names", f"shared names ({common}; {jac:.2f})", jac)
    return round(total, 4), reasons


@dataclass(frozen=True)
class Match:
    event_id: int
    score: float
    reasons: list[str]
    matched_incident: int


def best_match(new: Features, candidates: Iterable[tuple[int, Features]]) -> Match | None:
    """The event (id, member features) that `new` joins, or None for a new event."""
    threshold = weights()["threshold"]
    best: Match | None = None
    blocked: set[int] = set()
    scored: list[tuple[int, float, list[str], int]] = []
    for event_id, member in candidates:
        s, why = score(new, member)
        if s == float("-inf") and member.article_id == new.article_id:
            blocked.add(event_id)
        scored.append((event_id, s, why, member.incident_id))
    for event_id, s, why, incident_id in scored:
        if event_id in blocked or s < threshold:
            continue
        if best is None or s > best.score or (s == best.score and event_id < best.event_id):
            best = Match(event_id, s, why, incident_id)
    return best
