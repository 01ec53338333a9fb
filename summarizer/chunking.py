"""Long articles: split on paragraph boundaries, then merge incidents that are one event."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from summarizer.schemas import Incident
from summarizer.sentences import split_paragraphs

T = TypeVar("T")


def split_chunks(text: str, budget: int) -> list[str]:
    """Consecutive paragraphs packed into chunks of at most `budget` characters.

    A single paragraph longer than the budget becomes a chunk of its own:
    cutting inside a paragraph would separate figures from their sources.
    """
    if len(text) <= budget:
        return [text]
    chunks: list[str] = []
    start = end = None
    for p_start, p_end in split_paragraphs(text):
        if start is None:
            start, end = p_start, p_end
        elif p_end - start <= budget:
            end = p_end
        else:
            chunks.append(text[start:end])
            start, end = p_start, p_end
    if start is not None and end is not None:
        chunks.append(text[start:end])
    return chunks or [text]


def _place_names(incident: Incident) -> set[str]:
    return {p.name.casefold() for p in incident.places}


def same_event(a: Incident, b: Incident) -> bool:
    """Same type, a shared place, and no contradicting date text."""
    if a.event_type != b.event_type or not (_place_names(a) & _place_names(b)):
        return False
    return not (a.date.text and b.date.text and a.date.text != b.date.text)


def _union(items: Iterable[T], key: Callable[[T], Hashable]) -> list[T]:
    seen: set[Hashable] = set()
    out: list[T] = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def merge_incidents(incidents: list[Incident]) -> list[Incident]:
    """Fold together incidents from different chunks that describe the same event."""
    merged: list[Incident] = []
    for inc in incidents:
        twin = next((m for m in merged if same_event(m, inc)), None)
        if twin is None:
            merged.append(inc)
            continue
        combined = twin.model_copy(
            update={
                "places": _union([*twin.places, *inc.places], lambda p: p.name.casefold()),
                "actors": _union([*twin.actors, *inc.actors], lambda a: (a.name.casefold(), a.role)),
                "targets": _union([*twin.targets, *inc.targets], str.casefold),
                "weapons": _union([*twin.weapons, *inc.weapons], str.casefold),
                "casualties": _union(
                    [*twin.casualties, *inc.casualties],
                    lambda f: (f.outcome, f.low, f.high, f.stated_by.casefold()),
                ),
                "reported_by": _union([*twin.reported_by, *inc.reported_by], str.casefold),
                "evidence": _union([*twin.evidence, *inc.evidence], lambda e: e.quote),
            }
        )
        merged[merged.index(twin)] = combined
    return merged
