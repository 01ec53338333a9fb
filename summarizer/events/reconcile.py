"""Reconciling an event's figures, every claim kept.

- ACLED: `fatalities` is the most conservative credible killed figure. A
  figure is credible unless an analyst rejected it, the article reports it as
  denied, or it is a party's own claim (status `claimed`, or stated by an actor
  of the event). A party's claim stays in the record and in the dispute note,
  flagged; it sets `fatalities` only when no one else gives a figure, and then
  `fatalities_from_party_only` says so. An analyst's accept or edit makes a
  claim credible.
- UCDP: low / best / high per outcome: low the smallest credible report
  figure, best the figure most reports give (the smaller on a tie), high the
  largest figure anyone gives (party claims included).
- A figure source is one speaker in one article; several figures of the same
  speaker for the same outcome collapse to its largest (its total).
- Reports, not speakers, are what compete: an article's figure for an outcome
  is the largest of its credible sources' figures (police's "the first victim
  died" beside the article's "two people were killed" is a part of the
  report's toll, not a rival estimate), and the conservative figure and low /
  best are taken across articles. Every source stays listed and in the note.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from summarizer.events.views import ClaimView, FigureSource, OutcomeFigures, Reconciliation
from summarizer.geo import fold

OUTCOME_ORDER = ("killed", "injured", "captured", "missing", "arrested")
_VERBS = {
    "claimed": "claimed",
    "alleged": "alleged",
    "reported": "reported",
    "confirmed": "said",
    "denied": "denied",
}


def is_party(stated_by: str, status: str, actor_names: Iterable[str]) -> bool:
    """A party to the event speaking about its own fight: a `claimed` status or an actor's name."""
    if status == "claimed":
        return True
    speaker = fold(stated_by)
    for name in actor_names:
        key = fold(name)
        if key and len(key) > 2 and (key == speaker or key in speaker.split() or f" {key}" in f" {speaker}"):
            return True
    return False


def _credible(c: ClaimView) -> bool:
    if c.review == "rejected" or c.low is None:
        return False
    if c.review in ("accepted", "edited"):
        return True
    return c.status != "denied" and not c.party_claim


def _figure_text(qualifier: str, low: int | None, high: int | None) -> str:
    if low is None:
        return "an unknown number"
    if qualifier == "range" and high is not None and high != low:
        return f"{low}-{high}"
    if qualifier in ("at least", "more than", "around", "up to"):
        return f"{qualifier} {low}"
    return str(low)


def _source_total(numbered: Sequence[ClaimView]) -> tuple[int | None, int | None]:
    """One speaker's total: its figures for distinct victim groups add up (10 soldiers + 23
    militants = 33); an overall figure ('more than 80 people') counts instead when larger."""
    if not numbered:
        return None, None
    groups: dict[str, ClaimView] = {}
    overall = [c for c in numbered if c.victims in ("mixed", "unknown")]
    for c in numbered:
        bigger = c.victims not in groups or (c.low or 0) > (groups[c.victims].low or 0)
        if c.victims not in ("mixed", "unknown") and bigger:
            groups[c.victims] = c
    summed = sum(c.low or 0 for c in groups.values())
    summed_high = sum((c.high if c.high is not None else c.low or 0) for c in groups.values())
    top_overall = max((c.low or 0 for c in overall), default=0)
    top_overall_high = max(((c.high if c.high is not None else c.low or 0) for c in overall), default=0)
    if groups and summed >= top_overall:
        return summed, max(summed_high, top_overall_high)
    return top_overall, max(top_overall_high, summed_high)


def _sources(claims: Sequence[ClaimView]) -> list[FigureSource]:
    groups: dict[tuple[int, str], list[ClaimView]] = {}
    for c in claims:
        if c.review == "rejected":
            continue
        groups.setdefault((c.article_id, fold(c.stated_by)), []).append(c)
    out = []
    for members in groups.values():
        numbered = [c for c in members if c.low is not None]
        top = max(numbered, key=lambda c: (c.low or 0, c.id)) if numbered else members[0]
        low, high = _source_total(numbered)
        out.append(
            FigureSource(
                stated_by=top.stated_by,
                low=low,
                high=high,
                qualifier=top.qualifier,
                status=top.status,
                party_claim=top.party_claim and top.review not in ("accepted", "edited"),
                claim_ids=sorted(c.id for c in members),
                article_ids=sorted({c.article_id for c in members}),
            )
        )
    out.sort(key=lambda s: (s.article_ids[0], s.claim_ids[0]))
    return out


def _report_figures(credible: Sequence[FigureSource]) -> list[int]:
    """Each article's figure: the largest of its credible sources' (see the module docstring)."""
    by_article: dict[int, int] = {}
    for s in credible:
        if s.low is not None:
            a = s.article_ids[0]
            by_article[a] = max(by_article.get(a, s.low), s.low)
    return list(by_article.values())


def _outcome(outcome: str, claims: Sequence[ClaimView]) -> OutcomeFigures:
    sources = _sources(claims)
    by_claim = {c.id: c for c in claims}
    credible = [s for s in sources if any(_credible(by_claim[i]) for i in s.claim_ids) and s.low is not None]
    lows = _report_figures(credible)
    anyone = [v for s in sources for v in (s.low, s.high) if v is not None and s.status != "denied"]
    best = None
    if lows:
        counts = Counter(lows)
        best = min(counts, key=lambda v: (-counts[v], v))
    values = {(s.low, s.high) for s in sources if s.low is not None}
    return OutcomeFigures(
        outcome=outcome,
        low=min(lows) if lows else None,
        best=best,
        high=max(anyone) if anyone else None,
        conservative=min(lows) if lows else None,
        sources=sources,
        disputed=len({v[0] for v in values}) > 1,
    )


def _note(figures: dict[str, OutcomeFigures]) -> str | None:
    parts = []
    for outcome in OUTCOME_ORDER:
        f = figures.get(outcome)
        if f is None or not f.disputed:
            continue
        seen: set[tuple[str, int | None]] = set()
        for s in f.sources:
            if s.low is None or (fold(s.stated_by), s.low) in seen:
                continue
            seen.add((fold(s.stated_by), s.low))
            flag = " (a party's own claim)" if s.party_claim else ""
            verb = _VERBS.get(s.status, "said")
            parts.append(f"{s.stated_by} {verb} {_figure_text(s.qualifier, s.low, s.high)} {outcome}{flag}")
    if not parts:
        return None
    note = "; ".join(parts)
    return note[0].upper() + note[1:]


def reconcile(claims: Sequence[ClaimView], published: Sequence[str | None]) -> Reconciliation:
    """The event's reconciled figures from all its claims (see the module docstring)."""
    figures = {
        outcome: _outcome(outcome, [c for c in claims if c.outcome == outcome])
        for outcome in OUTCOME_ORDER
        if any(c.outcome == outcome for c in claims)
    }
    killed = figures.get("killed")
    fatalities = killed.conservative if killed else None
    party_only = False
    if killed and fatalities is None:
        party = [
            s.low for s in killed.sources if s.party_claim and s.low is not None and s.status != "denied"
        ]
        if party:
            fatalities, party_only = min(party), True
    dates = sorted(d for d in published if d)
    return Reconciliation(
        fatalities=fatalities,
        fatalities_from_party_only=party_only,
        outcomes=figures,
        dispute_note=_note(figures),
        n_sources=len(published),
        n_articles=len(published),
        first_reported=dates[0] if dates else None,
        last_reported=dates[-1] if dates else None,
    )
