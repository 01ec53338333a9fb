"""Speed-only shortcuts of the checks stage give the answers of the code they skip."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.grounding import NameGrounder, _stem

_PIECES = ["civilian", "civilians", "s", "'s", "'", " ", "-", "ss", "Force", "forces", "é", "_", "x", "."]
_PIECES += ["’s"]
_texts = st.lists(st.sampled_from(_PIECES), max_size=14).map("".join)


@settings(deadline=None, max_examples=400)
@given(_texts, st.sampled_from(["civilian", "civilians", "force", "forces", "s", "x", "ss", "e", "é"]))
def test_own_word_is_the_words_answer(article: str, word: str) -> None:
    stem = _stem(word)
    fresh = NameGrounder(article)
    assert fresh._own_word(stem) == (stem in NameGrounder(article)._own_words)


@settings(deadline=None, max_examples=300)
@given(_texts, _texts)
def test_stands_as_with_every_word_read(article: str, name: str) -> None:
    reference = NameGrounder(article)
    assert reference._own_words is not None  # read first: `_own_word` answers from the words alone
    assert NameGrounder(article).stands(name) == reference.stands(name)


def test_witness_saves_reading_the_words() -> None:
    grounder = NameGrounder("Shelling hit civilian areas of the town.")
    assert grounder.stands("civilians")
    assert "_own_words" not in grounder.__dict__
    # A word that stands only inside others is not a witness: the words are read.
    other = NameGrounder("Noncivilians, civilianised.")
    assert not other._own_word("civilian")
    assert "_own_words" in other.__dict__


def test_witness_after_an_apostrophe_is_not_taken() -> None:
    # "o'civilian": the match holds "o" only, then "civilian" is a word of its own; "x'sson": the
    # match "x's" takes the "s", then "son" (stem "son") is a word.
    for article, stem in [("o'civilian", "civilian"), ("x'sson", "son"), ("x'sson", "sson")]:
        assert NameGrounder(article)._own_word(stem) == (stem in NameGrounder(article)._own_words)
