"""Speed-only shortcuts of `casualties._Clause`: each gives what the long way gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scenarios import SEED_TEXT

from summarizer.rules import casualties, lexicon
from summarizer.sentences import split_sentences

#: Outcome nouns, quantifiers and counts, with characters `re` folds case for beyond ASCII.
_ALPHABET = [
    *"aAkKsSyY1 ,.\u212a\u017f\u0130\u0131",
    "bodies", "BODİES", "body", "hostages", "HOſTAGES", "captives", "corpses", "deceased",
    "several ", "any ", "many ", "some ", "three ", "12 ", "dozens of ", "the ", "were ",
    "killed", "people ", "were found", "taken ",
]  # fmt: skip


def _noun_outcomes_in_full(text: str) -> list[casualties.RawFigure]:
    """`_Clause._noun_outcomes` of the whole text as one clause, with no word filter."""
    filtered = casualties._noun_words
    casualties._noun_words = lambda: None  # type: ignore[assignment]
    try:
        return casualties._Clause(text, 0, len(text), 0)._noun_outcomes()
    finally:
        casualties._noun_words = filtered  # type: ignore[assignment]


def _same_noun_outcomes(text: str) -> None:
    got = casualties._Clause(text, 0, len(text), 0)._noun_outcomes()
    assert got == _noun_outcomes_in_full(text), text


def test_noun_words_are_built() -> None:
    words = casualties._noun_words()
    assert words is not None and words.words
    assert len(lexicon.outcome_nouns()) > 0


@pytest.mark.parametrize(
    "text",
    [
        "Police found 40 bodies in the river.",
        "Several bodies were recovered and any hostages freed.",
        "Three hostages, a body.",
        "Twelve people were killed.",
        *(SEED_TEXT[a:b] for a, b in split_sentences(SEED_TEXT)),
    ],
)
def test_noun_filter_loses_no_figure(text: str) -> None:
    _same_noun_outcomes(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=20))
def test_noun_filter_loses_no_figure_on_random_text(parts: list[str]) -> None:
    _same_noun_outcomes("".join(parts))


#: Victim words and their look-alikes ("son" in "personnel"), with characters `re` folds case for.
_VICTIM_ALPHABET = [
    *"aAkKsS ,.-\u212a\u017f\u0130\u0131",
    "people", "others", "boy", "BOY", "son", "personnel", "police", "poLİce", "soldiers", "ſoldier",
    "women", "child", "militants", "gunmen", "civilians", "security ", "forces", "Pakistan’s ",
]  # fmt: skip


def _victims_group_by_group(text: str) -> set[str]:
    """`casualties._victims_in` without the filter of all groups' words."""
    folded = casualties.alternation.fold(text)
    return {
        value
        for value, pattern, words in casualties._victim_words()
        if (words is None or words.may_match_folded(folded)) and pattern.search(text)
    }


def test_victim_words_filter_is_built() -> None:
    words = casualties._any_victim_words()
    assert words is not None and len(words.words) > 24  # searched as one tree


@pytest.mark.parametrize("text", ["people", "security personnel", "a 15-year-old boy", "others", SEED_TEXT])
def test_victim_filter_loses_no_group(text: str) -> None:
    assert casualties._victims_in(text) == _victims_group_by_group(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_VICTIM_ALPHABET), max_size=12))
def test_victim_filter_loses_no_group_on_random_text(parts: list[str]) -> None:
    text = "".join(parts)
    assert casualties._victims_in(text) == _victims_group_by_group(text)
