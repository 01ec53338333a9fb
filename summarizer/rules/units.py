"""The article cut into paragraphs, sentences and clauses, as offsets into its text.

Every later step reads spans of `article.text`, so every quote it produces is
verbatim and its offsets are known without searching.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from summarizer.dateline import parse_dateline
from summarizer.sentences import split_paragraphs, split_sentences

# A clause ends at a semicolon, or before "while", "whereas", ", but" and ", and that":
# each side of these usually carries its own subject, place and source.
# `_may_break` names the words its matches hold: a break added here is added there too.
# Written as `;\s*|,?\s+(?=(?:while|whereas)\b)|,\s+(?=but\b)|,\s+(?=and\s+that\b)` with its first
# character taken out in front, each branch checking it by a look-behind (speed only: the same
# matches; a pattern that opens with one character class lets `re` skip to the next ";", ","
# or white space, where the alternation was tried at every offset, and at every space the
# optional comma's branch read on). At ";" only the first branch can match, at "," the ones
# with a comma, at white space the optional comma's branch left empty, as `,?\s+` would match
# (its greedy run of white space, then the look-ahead at a letter: the same span;
# tests/test_speed_checks.py compares the two).
_CLAUSE_BREAK = re.compile(
    r"[;,\s](?:(?<=;)\s*|(?<=,)\s+(?=(?:while|whereas)\b)|(?<=\s)\s*(?=(?:while|whereas)\b)"
    r"|(?<=,)\s+(?=but\b)|(?<=,)\s+(?=and\s+that\b))"
)


@dataclass(frozen=True)
class Sentence:
    """One sentence: its span, its paragraph, and its clauses' spans."""

    index: int
    start: int
    end: int
    paragraph: int
    first_in_paragraph: bool
    clauses: tuple[tuple[int, int], ...]


def _may_break(text: str, start: int, end: int) -> bool:
    """False only when `_CLAUSE_BREAK` cannot match in [start, end): each of its matches holds a
    ";", a "while" or "whereas", or a "," before a "but" or an "and that" (speed only: most
    sentences hold none of them, and the pattern was tried at every offset of every sentence)."""
    if text.find(";", start, end) >= 0 or text.find("while", start, end) >= 0:
        return True
    if text.find("whereas", start, end) >= 0:
        return True
    return text.find(",", start, end) >= 0 and (
        text.find("but", start, end) >= 0
        or (text.find("and", start, end) >= 0 and text.find("that", start, end) >= 0)
    )


def _clauses(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    if not _may_break(text, start, end):
        return ((start, end),)
    spans = []
    cut = start
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        if m.start() > cut:
            spans.append((cut, m.start()))
        cut = m.end()
    if end > cut:
        spans.append((cut, end))
    return tuple(spans) or ((start, end),)


def story_start(text: str) -> int:
    """Where the story begins, after a wire dateline ('Quetta, Feb 1 (IANS) ')."""
    return parse_dateline(text)[1]


def sentences(text: str) -> list[Sentence]:
    """Sentences of the story (dateline excluded), each with its clauses."""
    begin = story_start(text)
    paragraphs = split_paragraphs(text) or [(0, len(text))]
    para_starts = [ps for ps, _ in paragraphs]
    out: list[Sentence] = []
    for s, e in split_sentences(text):
        if e <= begin:
            continue
        s = max(s, begin)
        while s < e and text[s].isspace():
            s += 1
        n = bisect_right(para_starts, s) - 1
        para = n if n >= 0 and s < paragraphs[n][1] else 0
        first = not out or out[-1].paragraph != para
        out.append(_sentence(len(out), s, e, para, first, _clauses(text, s, e)))
    return out


_new_object = object.__new__
_set_attribute = object.__setattr__


def _sentence(
    index: int, start: int, end: int, paragraph: int, first: bool, clauses: tuple[tuple[int, int], ...]
) -> Sentence:
    """`Sentence(index, start, end, paragraph, first, clauses)`. Speed only (a sentence is built
    for every sentence of every digest): the frozen dataclass's `__init__` sets each field by
    `object.__setattr__`, one call each; here its instance dictionary is set at once, holding
    the same fields in the same order (`Sentence` has no `__post_init__`, no defaults and no
    slots; tests/test_speed_rules.py compares the two)."""
    sentence = _new_object(Sentence)
    _set_attribute(
        sentence,
        "__dict__",
        {
            "index": index,
            "start": start,
            "end": end,
            "paragraph": paragraph,
            "first_in_paragraph": first,
            "clauses": clauses,
        },
    )
    return sentence


def clause_of(sentence: Sentence, offset: int) -> tuple[int, int]:
    """The clause of `sentence` holding `offset`."""
    for s, e in sentence.clauses:
        if s <= offset < e:
            return s, e
    return sentence.clauses[-1]
