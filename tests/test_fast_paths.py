"""Fast paths in grounding and number parsing give exactly what the plain definitions give."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st
from scenarios import SEED_TEXT

from summarizer.grounding import _normalise_by_character, normalise
from summarizer.numbers import _MONTH_BEFORE, _month_before

_TRICKY = " \t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u200b\ufeff…‘’“”–—−ßİΣςﬁAa1.,'\""


def test_what_the_fast_path_relies_on_holds_for_every_code_point() -> None:
    space = re.compile(r"\s")
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        assert ch.isspace() == bool(space.fullmatch(ch)), hex(cp)
        assert ch.casefold(), hex(cp)  # nothing folds to nothing


def test_every_special_character_between_letters() -> None:
    for ch in _TRICKY:
        for text in (ch, f"a{ch}b", f" {ch}{ch} ", f"x {ch}\n\n{ch}y "):
            assert normalise(text) == _normalise_by_character(text), repr(text)


def test_seed_article() -> None:
    assert normalise(SEED_TEXT) == _normalise_by_character(SEED_TEXT)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TRICKY) | st.characters(), max_size=60))
def test_random_text(text: str) -> None:
    assert normalise(text) == _normalise_by_character(text)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Feb", "feb.", "September", "Sept.", "xMay", "May", " ", "  ", "\n", "\t", "1", "a", "."]
        ),
        max_size=12,
    ),
    st.integers(min_value=0, max_value=40),
)
def test_month_before_number(parts: list[str], cut: int) -> None:
    text = "".join(parts) + "12"
    end = min(cut, len(text))
    assert _month_before(text, end) == bool(_MONTH_BEFORE.search(text, 0, end))
