"""Speed-only shortcuts of the per-article scanners give what the plain readings give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer import alternation
from summarizer.rules import background

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
