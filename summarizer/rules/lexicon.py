"""The offline extractor's heuristics, read once from `summarizer/data`.

Cue words live in data files so that an analyst can tune them without
touching code; this module only parses and compiles them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from summarizer import alternation
from summarizer.datafiles import rows


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


@dataclass(frozen=True)
class Cue:
    """One compiled cue: what it means and the pattern that finds it."""

    pattern: re.Pattern[str]
    value: str
    extra: str = ""


def union(cues: Sequence[Cue]) -> re.Pattern[str]:
    """All the cues in one pattern, which matches somewhere exactly when one of them does: one
    search per span instead of one per cue. ValueError when their flags differ (one pattern
    cannot carry both); no cues give a pattern that never matches."""
    if not cues:
        return re.compile(r"(?!)")
    flags = cues[0].pattern.flags
    if any(c.pattern.flags != flags for c in cues):
        raise ValueError("cue patterns with different flags cannot share one pattern")
    return alternation.union([c.pattern.pattern for c in cues], flags)


@cache
def outcome_cues() -> tuple[Cue, ...]:
    """Outcome words with where their count stands (passive/before/after)."""
    return tuple(
        Cue(re.compile(rf"\b(?:{pat})\b", re.IGNORECASE), outcome, where)
        for outcome, pat, where in rows("outcome_cues.tsv")
    )


@cache
def hit_cues() -> re.Pattern[str]:
    """Injury cues that also fit the dead ("was shot", "taken to a hospital")."""
    return re.compile(_alternation([r[0] for r in rows("hit_cues.txt")]), re.IGNORECASE)


@cache
def other_people() -> re.Pattern[str]:
    """Words that set people apart from the dead ("two others", "a second man")."""
    return re.compile(_alternation([r[0] for r in rows("other_people.txt")]), re.IGNORECASE)


@cache
def dead_among() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """(where, pattern, scope): a killed count that is part of the group just counted as hit."""
    return tuple(
        (where, re.compile(pat, re.IGNORECASE), scope) for where, pat, scope in rows("dead_among.tsv")
    )


@cache
def own_death_re() -> re.Pattern[str]:
    """A figure's description that counts the shooter's own death (data/own_death.txt)."""
    return re.compile(_alternation([r[0] for r in rows("own_death.txt")]), re.IGNORECASE)


@cache
def not_figures() -> alternation.AnyOf:
    """Aggregates, rates and combined outcomes: counts that are no incident's figure. Whether
    one matches at the start of a string (`search`: each pattern anchored with "^")."""
    return alternation.AnyOf([f"^(?:{r[0]})" for r in rows("not_figures.tsv")], re.IGNORECASE)


@cache
def age_contexts() -> tuple[tuple[re.Pattern[str] | None, re.Pattern[str] | None], ...]:
    """(text before must end with, text after must start with) for a bare number that is an age."""
    return tuple(
        (
            None if before == "-" else re.compile(rf"(?:{before})$"),
            None if after == "-" else re.compile(after),
        )
        for before, after in rows("age_contexts.tsv")
    )


@cache
def outcome_nouns() -> tuple[Cue, ...]:
    return tuple(
        Cue(re.compile(rf"\b(?:{pat})\b", re.IGNORECASE), outcome)
        for outcome, pat in rows("outcome_nouns.tsv")
    )


@cache
def speech_cues() -> tuple[Cue, ...]:
    """Attribution cues: pattern, act (say/claim/...), form (finite/participle/according/hedge)."""
    return tuple(
        Cue(re.compile(rf"\b(?:{pat})\b", re.IGNORECASE), act, form)
        for pat, act, form in rows("speech_cues.tsv")
    )


@cache
def denial_re() -> re.Pattern[str]:
    return re.compile(_alternation([r[0] for r in rows("denial_cues.txt")]), re.IGNORECASE)


@cache
def source_kinds() -> tuple[Cue, ...]:
    return tuple(Cue(re.compile(pat), kind) for pat, kind in rows("source_kinds.tsv"))


@cache
def anaphora() -> tuple[Cue, ...]:
    return tuple(Cue(re.compile(rf"^(?:{pat})$", re.IGNORECASE), ref) for pat, ref in rows("anaphora.tsv"))


@cache
def event_cues() -> tuple[tuple[Cue, int], ...]:
    """(cue with event type as value and sub-event as extra, rank), highest rank first."""
    out = [
        (Cue(re.compile(rf"\b(?:{pat})\b", re.IGNORECASE), etype, sub), int(rank))
        for pat, etype, sub, rank in rows("event_cues.tsv")
    ]
    return tuple(sorted(out, key=lambda t: -t[1]))


@cache
def event_cue_union() -> re.Pattern[str]:
    """All the event cues in one pattern (`union`)."""
    return union([c for c, _ in event_cues()])


@cache
def unreal_context_re() -> re.Pattern[str]:
    """A negation, condition or causative at most four words before the end of the text searched."""
    words = _alternation([r[0] for r in rows("unreal_contexts.txt")])
    return re.compile(rf"\b(?:{words})\W+(?:[\w'’-]+\W+){{0,4}}$", re.IGNORECASE)


@cache
def counterfactual_re() -> re.Pattern[str]:
    """What could or would have happened, ending right before an outcome cue
    (data/counterfactual_cues.txt)."""
    words = _alternation([r[0] for r in rows("counterfactual_cues.txt")])
    return re.compile(rf"\b(?:{words})\s*$", re.IGNORECASE)


@cache
def incident_break_re() -> re.Pattern[str]:
    return re.compile(rf"\W*(?:{_alternation([r[0] for r in rows('incident_breaks.txt')])})", re.IGNORECASE)


@cache
def known_actors() -> tuple[tuple[str, tuple[str, ...], str], ...]:
    out = []
    for row in rows("known_actors.tsv"):
        name, aliases, kind = row[0], row[1], row[2]
        out.append((name, tuple(a for a in aliases.split(",") if a), kind))
    return tuple(out)


@cache
def actor_kinds() -> tuple[Cue, ...]:
    return tuple(Cue(re.compile(pat, re.IGNORECASE), kind) for pat, kind in rows("actor_kinds.tsv"))


@cache
def victim_words() -> tuple[Cue, ...]:
    return tuple(Cue(re.compile(pat, re.IGNORECASE), group) for pat, group in rows("victim_words.tsv"))


@cache
def place_words() -> frozenset[str]:
    return frozenset(r[0].lower() for r in rows("place_words.txt"))


@cache
def perpetrator_verb_re(arrests: bool = False) -> re.Pattern[str]:
    """A perpetrator verb right after its subject, adverbs and auxiliaries allowed in between;
    arrest verbs only for an arrest event (`arrests`)."""
    verbs = _alternation([r[0] for r in rows("perpetrator_verbs.txt") if arrests or len(r) == 1])
    return re.compile(
        r"\s*(?:(?:allegedly|reportedly|also|had|have|has|then|later|had\s+also|apparently)\s+)*"
        rf"(?:{verbs})\b",
        re.IGNORECASE,
    )


@cache
def weapons_re() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_alternation([r[0] for r in rows('weapons.txt')])})\b", re.IGNORECASE)


@cache
def crime_cue_re() -> re.Pattern[str]:
    """Words of ordinary crime and law-enforcement reporting ("suspect", "homicide", "sheriff")."""
    return re.compile(rf"\b(?:{_alternation([r[0] for r in rows('crime_cues.txt')])})\b", re.IGNORECASE)


@cache
def law_enforcement_re() -> re.Pattern[str]:
    """State forces that police crime rather than fight a war ("police", "sheriff's deputies")."""
    return re.compile(rf"\b(?:{_alternation([r[0] for r in rows('law_enforcement.txt')])})\b", re.IGNORECASE)


@cache
def agent_by_re() -> re.Pattern[str]:
    """A passive participle and its "by": what follows names the agent ("killed by the army")."""
    verbs = _alternation([r[0] for r in rows("agent_participles.txt")])
    return re.compile(rf"\b(?:{verbs})\s+by\s+", re.IGNORECASE)


@cache
def unnamed_perpetrators() -> tuple[Cue, ...]:
    """Perpetrators the text does not name ("gunmen", "militants"), with their ACLED kind."""
    return tuple(
        Cue(re.compile(rf"\b(?:{pat})\b", re.IGNORECASE), kind)
        for pat, kind in rows("unnamed_perpetrators.tsv")
    )


@cache
def not_a_side() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(where, pattern): an army or group mentioned as a shooter's past ("Army veteran")."""
    return tuple((where, re.compile(pat, re.IGNORECASE)) for where, pat in rows("not_a_side.tsv"))
