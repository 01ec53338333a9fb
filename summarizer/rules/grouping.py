"""Cutting the article into incidents, clause by clause.

A new incident starts where the text says so ("Separately", "Meanwhile",
"Following the shelling, ...") or where a clause moves to a town the current
incident does not have and reports an event there. A clause that returns to
an earlier town and repeats one of its event words ("the ambush near Menaka")
goes back to that incident. Arrests are their own ACLED event: a clause that
only reports arrests goes to an arrests incident without ending the current one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from summarizer import alternation
from summarizer.datafiles import rows
from summarizer.memo import per_digest
from summarizer.rules import lexicon
from summarizer.rules.events import cue_starts
from summarizer.rules.places import PlaceFinder, PlaceMention
from summarizer.rules.units import Sentence
from summarizer.schemas import Outcome

_LEAD_CLAUSE = re.compile(r"\W*(?:following|after)\b[^,]*,\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Clause:
    """A clause that belongs to an incident; `cue_start` skips a leading 'Following X,' phrase."""

    sentence: Sentence
    start: int
    end: int
    cue_start: int


@dataclass
class Draft:
    """An incident being assembled: its clauses and the figures read in them."""

    clauses: list[Clause] = field(default_factory=list)
    figures: list[int] = field(default_factory=list)  # indices into the article's figure list
    arrests_only: bool = False
    # towns of its clauses, as `towns()` gives them; its cue words, once read
    town_set: set[str] = field(default_factory=set, compare=False, repr=False)
    _words: frozenset[str] | None = field(default=None, compare=False, repr=False)
    # the regions of its first `_areas_read` clauses' places (`areas`), kept as clauses come
    _areas: set[str] = field(default_factory=set, compare=False, repr=False)
    _areas_read: int = field(default=0, compare=False, repr=False)

    def towns(self, places: PlaceFinder) -> set[str]:
        return {
            p.name.casefold()
            for c in self.clauses
            for p in places.within(c.start, c.end)
            if p.kind != "region"
        }

    def add(self, clause: Clause, figs: list[int], towns: set[str]) -> None:
        """Add a clause; `towns` are its own towns (kept so drafts need not re-read their places)."""
        self.clauses.append(clause)
        self.figures.extend(figs)
        self.town_set.update(towns)
        self._words = None

    def areas(self, places: PlaceFinder) -> set[str]:
        """Every region the incident's places lie in or name (read once per clause: grouping asks
        again at every clause without a town). The caller must not change the set."""
        out = self._areas
        for c in self.clauses[self._areas_read :]:
            for p in places.within(c.start, c.end):
                out.update(a.casefold() for a in (p.admin1, p.name if p.kind == "region" else None) if a)
        self._areas_read = len(self.clauses)
        return out

    def cue_words(self, text: str) -> frozenset[str]:
        if self._words is None:
            self._words = frozenset(w for c in self.clauses for w in event_words(text[c.cue_start : c.end]))
        return self._words


@per_digest
def event_words(text: str) -> frozenset[str]:
    """The event cue words in a span, lower-cased ('ambush', 'shelling')."""
    out: set[str] = set()
    # Speed only: each cue is tried where it can start and one of them matches, not at every offset.
    for (cue, _rank), at in zip(lexicon.event_cues(), cue_starts(text), strict=True):
        if at:
            found = alternation.finditer_at(cue.pattern, text, at, 0, len(text))
            out.update(m.group(0).lower() for m in found)
    return frozenset(out)


def _towns(mentions: list[PlaceMention]) -> set[str]:
    return {p.name.casefold() for p in mentions if p.kind != "region"}


_DEFINITE_LEAD = re.compile(
    r"\W*(?:following|after)\s+(?:the|this|that)\s+(?:\w+\s+)?(?P<what>[\w-]+)\s*,", re.IGNORECASE
)


@lru_cache(maxsize=1)
def _lapse_re() -> re.Pattern[str]:
    words = "|".join(f"(?:{r[0]})" for r in rows("incident_continuations.txt"))
    return re.compile(rf"\W*(?:following|after)\s+(?:{words})\s*,", re.IGNORECASE)


def _refers_back(text: str, lead: str, current: Draft) -> bool:
    """'After the explosion,' names, with a definite article, an event the current incident
    already reports; 'After a while,' is a lapse of time: the story goes on, no new incident."""
    if _lapse_re().match(lead):
        return True
    m = _DEFINITE_LEAD.match(lead)
    return m is not None and bool(event_words(m.group("what")) & current.cue_words(text))


def group(
    text: str,
    sentences: list[Sentence],
    places: PlaceFinder,
    figure_spans: list[tuple[int, Outcome]],
) -> list[Draft]:
    """Incidents in article order; `figure_spans` are (offset, outcome) of the figures read."""
    drafts: list[Draft] = []
    current: Draft | None = None
    side: dict[str, Draft] = {}
    taken: set[int] = set()
    # Indexes that keep grouping linear: figures by offset, drafts by town (in creation order).
    by_offset = sorted((at, i) for i, (at, _) in enumerate(figure_spans))
    offsets = [at for at, _ in by_offset]
    by_town: dict[str, list[Draft]] = {}
    order: dict[int, int] = {}
    breaks = lexicon.incident_break_re()
    for sent in sentences:
        opening = breaks.match(text, sent.start, sent.end)
        lead = _LEAD_CLAUSE.match(text, sent.start, sent.end)
        if opening and lead and current is not None and _refers_back(text, lead.group(0), current):
            opening = None  # "After the explosion, the minister ...": the same incident goes on
        for n, (lo, hi) in enumerate(sent.clauses):
            cue_start = lead.end() if (lead and n == 0) else lo
            clause = Clause(sent, lo, hi, cue_start)
            figs = sorted(
                i for _, i in by_offset[bisect_left(offsets, lo) : bisect_left(offsets, hi)] if i not in taken
            )
            inside = places.within(lo, hi)
            own_towns = towns = _towns(inside)
            # A region the current incident is not in counts as a new place ("strikes on Saada province").
            # (Speed only: a clause naming no place has no region to look up, and `areas`,
            # which reads the incident's clauses as they come, is as exact asked later.)
            if not towns and inside and current is not None and current.town_set:
                covered = current.areas(places)
                towns = {
                    f"region:{p.name.casefold()}"
                    for p in inside
                    if p.kind == "region" and (p.admin1 or p.name).casefold() not in covered
                }
            arrests = bool(figs) and all(figure_spans[i][1] is Outcome.ARRESTED for i in figs)
            target: Draft | None = None
            if n == 0 and opening:
                target = Draft()
                drafts.append(target)
                current = target
            elif arrests and current is not None and (current.figures or current.cue_words(text)):
                key = ",".join(sorted(towns)) or "-"
                target = side.get(key)
                if target is None:
                    target = side[key] = Draft(arrests_only=True)
                    drafts.append(target)
            elif towns and current is not None:
                # The clause's cue words, read only here, where they decide (speed only:
                # `event_words` is a pure reading, and no other branch asks for them).
                words = event_words(text[cue_start:hi])
                hits = {id(d): d for t in towns for d in by_town.get(t, [])}
                sharing = sorted(hits.values(), key=lambda d: order[id(d)])
                by_word = [d for d in sharing if words and d.cue_words(text) & words]
                if not current.town_set:
                    target = current
                elif by_word:
                    target = current = by_word[-1]
                elif current in sharing:
                    target = current
                elif sharing and not (words or figs):
                    target = sharing[-1]
                elif words or figs:
                    target = current = Draft()
                    drafts.append(target)
                else:
                    target = current
            elif current is None:
                target = current = Draft()
                drafts.append(target)
            else:
                target = current
            if id(target) not in order:
                order[id(target)] = len(order)
            for t in own_towns - target.town_set:
                by_town.setdefault(t, []).append(target)
            target.add(clause, figs, own_towns)
            taken.update(figs)
    return [d for d in drafts if d.clauses]
