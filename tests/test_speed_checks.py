"""Speed-only shortcuts of the model path's grounding and checks give the readings they replace."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from summarizer.numbers import Supported, stated_values, supported_values, writes_digits
from summarizer.rules import units

_PIECES = st.sampled_from(
    [
        "84", "1,200", "1,2", "12", "2019", "15-year-old", "10:30", "3.5", "05", "0", "٣", "½",
        "five", "two hundred", "dozens", " ", ",", ".", "-", "_", "a", "x84", "84x", "killed",
        "people", "Feb", "1st", "(", ")", "’", "\n",
    ]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=14).map("".join)


@settings(deadline=None, max_examples=400)
@given(_TEXTS, st.integers(min_value=-3, max_value=2100))
@example("at least 84 killed", 84)
@example("1,200 people", 200)
@example("x84 84x", 84)
def test_writes_digits_is_a_stated_value(text: str, value: int) -> None:
    if writes_digits(text, value):
        assert value in stated_values(text)


@settings(deadline=None, max_examples=300)
@given(_TEXTS, st.integers(min_value=-3, max_value=2100))
def test_supported_membership_unchanged(text: str, value: int) -> None:
    assert (value in Supported(text)) == (value in supported_values(text))


@given(_TEXTS, st.sampled_from([8, 84, 120, 1200, 2019]))
@settings(deadline=None, max_examples=200)
def test_written_values_are_found(text: str, value: int) -> None:
    # The shortcut also fires: a number written alone is seen.
    assert writes_digits(f"{text} {value}.", value)


@settings(deadline=None, max_examples=300)
@given(_TEXTS, st.integers(min_value=-3, max_value=2100), st.sampled_from(["84", "five", "killed", "x", ""]))
@example("Gunmen killed 84.\n\nThen 1,200 fled.", 200, "1")
def test_states_near_says_yes_only_for_stated_values(text: str, value: int, word: str) -> None:
    if Supported(text).states_near(value, word):
        assert value in stated_values(text)


_CLAUSE_BREAK_PLAIN = re.compile(r";\s*|,?\s+(?=(?:while|whereas)\b)|,\s+(?=but\b)|,\s+(?=and\s+that\b)")


@settings(deadline=None, max_examples=500)
@given(
    st.lists(
        st.sampled_from(
            [";", ",", " ", "  ", "\n", "\t", "while", "whereas", "whiles", "but", "butter", "and", "that",
             "thats", "a", "B", ".", "-", ", ", "; ", " and that ", ", but ", "\u00a0", "_"]
        ),
        max_size=25,
    ).map("".join),
    st.integers(min_value=0, max_value=5),
)  # fmt: skip
def test_clause_breaks_unchanged(text: str, cut: int) -> None:
    start, end = min(cut, len(text)), max(len(text) - cut, min(cut, len(text)))
    fast = [m.span() for m in units._CLAUSE_BREAK.finditer(text, start, end)]
    assert fast == [m.span() for m in _CLAUSE_BREAK_PLAIN.finditer(text, start, end)]


def test_clause_breaks_unchanged_on_fixtures() -> None:
    for path in sorted((Path(__file__).resolve().parent.parent / "fixtures" / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        fast = [m.span() for m in units._CLAUSE_BREAK.finditer(text)]
        assert fast == [m.span() for m in _CLAUSE_BREAK_PLAIN.finditer(text)]
