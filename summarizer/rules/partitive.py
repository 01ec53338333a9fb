"""Breakdowns of a figure: "Of the 130 injured, 77 were women", "Two of the 12 killed".

A coder records the part beside its parent (the parent is the figure the article
already gave; "of the 12 initially killed" gives the 12 too when it is new). The
general reader takes the count before an outcome word, so "Of the 130 injured, 77
were ..." gave the 130 again and lost the 77. Patterns are data (`data/partitives.tsv`).
"""

from __future__ import annotations

import re
from functools import cache

from summarizer import alternation
from summarizer.datafiles import rows
from summarizer.numbers import parse_number
from summarizer.rules.casualties import RawFigure, classify
from summarizer.rules.units import Sentence
from summarizer.schemas import Outcome, Qualifier

# Who the part were ends at a comma or a new clause: "77 were women or children out shopping".
_REST_END = re.compile(r",|\s+(?:and|but|while|when|after|in|at)\s")


@cache
def _patterns() -> tuple[tuple[Outcome | None, re.Pattern[str]], ...]:
    """(outcome, pattern); outcome None is the outcome of the figure before ('previous')."""
    return tuple(
        (None if o == "previous" else Outcome(o), re.compile(p, re.IGNORECASE))
        for o, p, *_ in rows("partitives.tsv")
    )


@cache
def _any_part() -> alternation.AnyOf:
    """All the patterns at once: most sentences hold no breakdown."""
    return alternation.AnyOf([p for _, p, *_ in rows("partitives.tsv")], re.IGNORECASE)


@cache
def _part_phrases() -> re.Pattern[str] | None:
    """What the folded sentence holds wherever some pattern matches ("of the", "of whom
    were", "they include"): a plain search, where `_any_part` tries a word before "of" at
    every word."""
    return alternation.phrase_finder([p for _, p, *_ in rows("partitives.tsv")], re.IGNORECASE)


def read_parts(
    text: str, sentence: Sentence, known: list[RawFigure], previous: Outcome | None = None
) -> list[RawFigure]:
    """The parts of figures in one sentence that `known` (the general reader's) lacks;
    `previous` is the outcome of the article's latest figure before this sentence."""
    out: list[RawFigure] = []
    taken = {(f.start, f.outcome) for f in known}
    chunk = text[sentence.start : sentence.end]  # a slice: "^" anchors at the sentence start
    # Speed only: a sentence without the phrases every match holds has no match (exact:
    # `required_phrase`), and one search says whether any pattern matches.
    phrases = _part_phrases()
    if phrases is not None and phrases.search(alternation.fold(chunk)) is None:
        return out
    if not _any_part().search(chunk):
        return out
    for pattern_outcome, pattern in _patterns():
        outcome = pattern_outcome or previous
        if outcome is None:
            continue
        for m in pattern.finditer(chunk):
            part = parse_number(m.group("part"))
            if part is None or part == 0:
                continue
            parent = parse_number(m.group("parent")) if m.groupdict().get("parent") else None
            if parent is not None and part >= parent:
                continue
            start = sentence.start + m.start("part")
            if any(s <= start < f.end and o is outcome for f in known for s, o in [(f.start, f.outcome)]):
                continue
            if (start, outcome) in taken:
                continue
            rest = _REST_END.split(m.groupdict().get("rest") or "")[0].strip()
            taken.add((start, outcome))
            out.append(
                RawFigure(
                    outcome=outcome,
                    low=part,
                    high=part,
                    qualifier=Qualifier.EXACT,
                    victims=classify(rest),
                    description=rest or None,
                    start=start,
                    end=sentence.start + m.end("part"),
                    sentence=sentence.index,
                )
            )
    return out
