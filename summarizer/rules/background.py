"""History and context: sentences whose violence is not the article's own news.

A careful coder records the incidents an article reports, not the ones it recalls
to explain them: "France has been on high alert since Islamic State attacks killed
130" or "Earlier in the year, the army killed 13 protesters" are context, and a
court report ("pleaded not guilty to ...") is about a trial, not about the bombing
it recounts. The cues are data (`data/background_cues.tsv`); this module only says
which spans of the article they cover, so figures and incidents there are left out.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from summarizer import alternation
from summarizer.datafiles import rows
from summarizer.rules.units import Sentence


@cache
def _cues() -> dict[str, re.Pattern[str]]:
    kinds: dict[str, list[str]] = {}
    for kind, pattern, *_ in rows("background_cues.tsv"):
        kinds.setdefault(kind, []).append(pattern)
    return {k: alternation.union(v, re.IGNORECASE) for k, v in kinds.items()}


@cache
def _cue_list() -> tuple[tuple[str, re.Pattern[str], tuple[str, ...] | None], ...]:
    """Every cue: (kind, pattern, words one of which its every match holds; None when it needs
    no such word: `alternation.LiteralFilter`)."""
    out = []
    for kind, pattern, *_ in rows("background_cues.tsv"):
        words = alternation.LiteralFilter.of([pattern], re.IGNORECASE)
        out.append((kind, re.compile(pattern, re.IGNORECASE), words.words if words else None))
    return tuple(out)


@cache
def _cue_words(kinds: frozenset[str]) -> tuple[dict[str, list[int]], list[int]]:
    """For the cues of `kinds` (numbers in `_cue_list`): (word -> the cues that need it, the
    cues that need no word)."""
    by_word: dict[str, list[int]] = {}
    always: list[int] = []
    for n, (kind, _, words) in enumerate(_cue_list()):
        if kind not in kinds:
            continue
        if words is None:
            always.append(n)
        for w in words or ():
            by_word.setdefault(w, []).append(n)
    return by_word, always


@lru_cache(maxsize=1024)
def _may_search(words: tuple[str, ...], kinds: frozenset[str]) -> dict[str, tuple[re.Pattern[str], ...]]:
    """Kind -> the cues of `kinds` to search (in `_cue_list` order) in a text holding `words` of
    `_cue_words(kinds)` and no other: those needing none of them and those needing one. Kept
    per set of words (speed only; the mapping is shared, and only read)."""
    by_word, always = _cue_words(kinds)
    may = set(always)
    for word in words:
        may.update(by_word[word])
    everything = _cue_list()
    out: dict[str, list[re.Pattern[str]]] = {}
    for n in sorted(may):
        out.setdefault(everything[n][0], []).append(everything[n][1])
    return {kind: tuple(patterns) for kind, patterns in out.items()}


class _SentenceCues:
    """What the cues of some kinds find in one sentence's text. Speed only: a cue is searched
    only when the text holds one of its words (case-folded, as `LiteralFilter` reads it): most
    cues need a word most sentences lack, and a search of each kind's union read every sentence."""

    def __init__(self, chunk: str, kinds: frozenset[str], present: tuple[str, ...] | None = None) -> None:
        """`present`: the words of `_cue_words(kinds)` that `fold(chunk)` holds, in its order,
        when the caller has them (`_WordsInSentences`)."""
        self.chunk = chunk
        if present is None:
            folded = alternation.fold(chunk)
            present = tuple(word for word in _cue_words(kinds)[0] if word in folded)
        self._may = _may_search(present, kinds)

    def search(self, kind: str) -> int | None:
        """Where the kind's first match starts (the union's leftmost match is the leftmost of all)."""
        found = [m.start() for p in self._may.get(kind, ()) if (m := p.search(self.chunk))]
        return min(found) if found else None

    def match(self, kind: str) -> bool:
        """Whether a cue of the kind matches at the start."""
        return any(p.match(self.chunk) for p in self._may.get(kind, ()))


class _WordsInSentences:
    """Which cue words of `kinds` each span of an ASCII text holds, as `_SentenceCues` reads
    them (`word in fold(text[start:end])`), from each word's offsets in the whole text. Speed
    only: every word was looked for in every sentence (about fifty words, most of them in no
    sentence of an article). Exact: for an ASCII text `fold` is `str.lower`, which maps each
    character to one character on its own, so `fold(text[start:end])` is `fold(text)[start:end]`,
    which holds `word` if and only if an occurrence of it in `fold(text)` starts at or after
    `start` and ends by `end`: the first one starting at or after `start` is the one to test."""

    def __init__(self, folded: str, kinds: frozenset[str]) -> None:
        # Each word the text holds somewhere, in `_cue_words` order, with its starts in order.
        self._found = [
            (word, starts)
            for word in _cue_words(kinds)[0]
            if (starts := list(alternation.occurrences(folded, word)))
        ]

    def within(self, start: int, end: int) -> tuple[str, ...]:
        """The words of `fold(text[start:end])`, in `_cue_words` order."""
        out = []
        for word, starts in self._found:
            i = bisect_left(starts, start)
            if i < len(starts) and starts[i] + len(word) <= end:
                out.append(word)
        return tuple(out)


#: The kinds read sentence by sentence.
_SENTENCE_KINDS = frozenset({"before", "sentence", "generic", "opener"})


@dataclass(frozen=True)
class Background:
    """Offsets of the article's text that are history or context."""

    spans: tuple[tuple[int, int], ...]
    #: a court report: its events named without a figure are the crime on trial
    court_report: bool = False
    #: a court report whose first sentences say people died or were hurt
    court_harm: bool = False

    def covers(self, offset: int) -> bool:
        i = bisect_right(self._merged[0], offset) - 1
        return i >= 0 and offset < self._merged[1][i]

    @cached_property
    def _merged(self) -> tuple[list[int], list[int]]:
        """The spans merged into disjoint ones (starts, ends): `covers` is a binary search,
        not a scan per figure (a scan made long articles quadratic)."""
        starts: list[int] = []
        ends: list[int] = []
        for s, e in sorted(self.spans):
            if s >= e:
                continue
            if ends and s <= ends[-1]:
                ends[-1] = max(ends[-1], e)
            else:
                starts.append(s)
                ends.append(e)
        return starts, ends


def find_background(text: str, sents: list[Sentence], figure_starts: list[int]) -> Background:
    """Background spans of `text`: from a 'before' cue to its sentence's end, whole
    'sentence'-cue sentences (and the sentence after one that gives no figure itself),
    past-time openers that continue background, and 'generic' sentences (what happens
    often, not one event). A 'court' cue in the first two sentences
    (a judicial step as the news) makes the article a court report; its later sentences that
    date what they tell in a past year are background."""
    cues = _cues()
    figure_starts = sorted(figure_starts)
    spans: list[tuple[int, int]] = []
    carry = False
    # Speed only: an ASCII text's cue words found once, not per sentence (`_WordsInSentences`).
    words = _WordsInSentences(alternation.folded_text(text), _SENTENCE_KINDS) if text.isascii() else None
    for sent in sents:
        chunk = text[sent.start : sent.end]
        present = words.within(sent.start, sent.end) if words is not None else None
        found = _SentenceCues(chunk, _SENTENCE_KINDS, present)
        before = found.search("before")
        whole = found.search("sentence") is not None
        generic = found.search("generic") is not None
        opener = found.match("opener")
        at = bisect_left(figure_starts, sent.start)
        has_figure = at < len(figure_starts) and figure_starts[at] < sent.end
        if whole or carry:
            spans.append((sent.start, sent.end))
            carry = (whole and not has_figure) or (carry and opener)
            continue
        if generic:
            spans.append((sent.start, sent.end))
        elif before is not None:
            spans.append((sent.start + before, sent.end))
        carry = False
    court = harm = False
    if sents and "court" in cues:
        lead_end = sents[min(1, len(sents) - 1)].end
        court = bool(cues["court"].search(text, 0, lead_end))
        harm = court and "harm" in cues and bool(cues["harm"].search(text, 0, lead_end))
    if court and "past" in cues:
        # A court report recounting a crime it dates in a past year ("exploded ... on April
        # 19, 1995, killing 168"): that sentence is history. Its first sentences stay news.
        spans.extend((s.start, s.end) for s in sents[2:] if cues["past"].search(text, s.start, s.end))
    return Background(tuple(sorted(spans)), court, harm)


def background_figures(text: str, sents: list[Sentence], figure_starts: list[int]) -> set[int]:
    """The figure offsets that `find_background(text, sents, figure_starts)` covers, reading only
    the sentences that hold a figure and the run of sentences a carried span comes from (what
    the cross-check needs: it asks about figures only, and most sentences hold none).

    A sentence's spans lie inside it, so a figure is covered by its own sentence's spans alone;
    a sentence is carried into when, going back, a 'sentence' cue without a figure comes before
    any sentence that is not a past-time opener."""
    cues = _cues()
    starts = sorted(figure_starts)
    if not starts or not sents:
        return set()

    @cache
    def found(i: int) -> _SentenceCues:
        return _SentenceCues(text[sents[i].start : sents[i].end], _SENTENCE_KINDS)

    def has_figure(i: int) -> bool:
        at = bisect_left(starts, sents[i].start)
        return at < len(starts) and starts[at] < sents[i].end

    def whole(i: int) -> bool:
        return found(i).search("sentence") is not None

    def carried(i: int) -> bool:
        for j in range(i - 1, -1, -1):
            if whole(j) and not has_figure(j):
                return True
            if not found(j).match("opener"):
                return False
        return False

    court = False
    if "court" in cues:
        lead_end = sents[min(1, len(sents) - 1)].end
        court = bool(cues["court"].search(text, 0, lead_end))
    covered: set[int] = set()
    for i, sent in enumerate(sents):
        lo, hi = bisect_left(starts, sent.start), bisect_left(starts, sent.end)
        if lo == hi:
            continue
        span_start: int | None = None
        if whole(i) or carried(i) or found(i).search("generic") is not None:
            span_start = sent.start
        elif (before := found(i).search("before")) is not None:
            span_start = sent.start + before
        if court and "past" in cues and i >= 2 and cues["past"].search(text, sent.start, sent.end):
            span_start = sent.start
        if span_start is not None:
            covered.update(s for s in starts[lo:hi] if span_start <= s < sent.end)
    return covered
