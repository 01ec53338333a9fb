"""Speed-only shortcuts of the per-article scanners give what the plain readings give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer import alternation
from summarizer.rules import background, places

_KINDS = background._SENTENCE_KINDS
_WORDS = sorted(background._cue_words(_KINDS)[0])

#: Pieces of text: cue words in any case, parts of them, and separators.
_PIECES = st.one_of(
    st.sampled_from(_WORDS).map(str.upper),
    st.sampled_from(_WORDS),
    st.sampled_from(_WORDS).map(lambda w: w[: len(w) // 2]),
    st.sampled_from(_WORDS).map(lambda w: w[len(w) // 2 :]),
    st.sampled_from([" ", ". ", "'", "’", "19", "20s", "x"]),
)


@settings(deadline=None, max_examples=300)
@given(st.lists(_PIECES, max_size=30), st.data())
def test_words_in_sentences_match_per_sentence_fold(pieces: list[str], data: st.DataObject) -> None:
    text = "".join(pieces)
    if not text.isascii():
        return
    words = background._WordsInSentences(alternation.fold(text), _KINDS)
    for _ in range(5):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        folded = alternation.fold(text[start:end])
        expected = tuple(w for w in background._cue_words(_KINDS)[0] if w in folded)
        assert words.within(start, end) == expected


_BEFORE_PIECES = st.one_of(
    st.sampled_from(places._PLACE_NOUN_WORDS),
    st.sampled_from([" ", "\n", "\t", "\u00a0", "\u2003", "\x1c", "\x85", "x", "of", "C", "-", "s"]),
    st.text(max_size=3),
)


@settings(deadline=None, max_examples=1000)
@given(st.lists(_BEFORE_PIECES, max_size=12))
def test_noun_before_of_matches_pattern(pieces: list[str]) -> None:
    before = "".join(pieces)
    assert places._noun_before_of(before) == bool(places._NOUN_BEFORE_OF.search(before))


def test_space_is_isspace() -> None:
    # `_noun_before_of` relies on re's \\s being str.isspace, character for character.
    space = re.compile(r"\s")
    for cp in range(0x110000):
        c = chr(cp)
        assert bool(space.match(c)) == c.isspace()


@settings(deadline=None, max_examples=500)
@given(st.text(alphabet="dayDAY x", max_size=12), st.integers(-14, 14), st.integers(-14, 14))
def test_find_day_is_day_in_slice(text: str, start: int, end: int) -> None:
    # `dates.find_dates` asks `text.find("day", start, end) >= 0` for `"day" in text[start:end]`.
    assert (text.find("day", start, end) >= 0) == ("day" in text[start:end])


@settings(deadline=None, max_examples=1000)
@given(st.text(alphabet="Aa nd,\t\nOofcity", max_size=16))
def test_place_shortcuts_need_their_words(text: str) -> None:
    # `PlaceFinder._scan` splits a list holding no "," nor "and" as one name, and searches a
    # head for a place noun and "of" only when it holds "of".
    if "," not in text and "and" not in text:
        assert places._SPLIT_LIST.split(text) == [text]
    if "of" not in text:
        assert places._NOUN_OF_BEFORE.search(text) is None
