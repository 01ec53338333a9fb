"""Speed-only shortcuts of the figure reader give what the plain code gives (perf-figures)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.rules import attribution, casualties

_SPACES = [" ", "  ", "\n", "\t", "\x1c", "\x85", "\u2028", "\u3000", "\xa0", ""]
_OTHER = ["the", "man", "people", "Monday", "a", "its", "in", "on", "ſ", "K", "İ", "ı", ",", "x", "day"]


def _phrases(words: tuple[str, ...]) -> st.SearchStrategy[str]:
    token = st.sampled_from([*words, *_OTHER]).flatmap(
        lambda w: st.sampled_from([w, w.upper(), w.capitalize(), w.replace("s", "ſ"), w.replace("i", "İ")])
    )
    return (
        st.lists(st.tuples(st.sampled_from(_SPACES), token), max_size=8)
        .map(lambda parts: "".join(s + w for s, w in parts))
        .flatmap(lambda text: st.sampled_from(_SPACES).map(lambda end: text + end))
    )


@settings(deadline=None, max_examples=3000)
@given(_phrases((*attribution._TRAILING_ENDS, "on", "in a", "in its", "on Monday", "in a statement")))
def test_cut_trailing_is_the_substitution(phrase: str) -> None:
    assert attribution._cut_trailing(phrase) == attribution._TRAILING.sub("", phrase)


@settings(deadline=None, max_examples=3000)
@given(_phrases(casualties._TAIL_ENDS))
def test_cut_tail_words_is_the_substitution(phrase: str) -> None:
    assert casualties._cut_tail_words(phrase) == casualties._TAIL_WORDS.sub("", phrase)


@settings(deadline=None, max_examples=500)
@given(st.text(max_size=40))
def test_cuts_on_any_text(phrase: str) -> None:
    assert attribution._cut_trailing(phrase) == attribution._TRAILING.sub("", phrase)
    assert casualties._cut_tail_words(phrase) == casualties._TAIL_WORDS.sub("", phrase)


def test_cuts_examples() -> None:
    assert attribution._cut_trailing("The group has also ") == "The group"
    assert attribution._cut_trailing("The BLA on Monday") == "The BLA"
    assert casualties._cut_tail_words("two people were reportedly") == "two people"
    assert casualties._cut_tail_words("two people") == "two people"
