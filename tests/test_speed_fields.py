"""Speed-only shortcuts of the per-incident field readers (issue 14) give exactly what the
plain definitions give."""

from __future__ import annotations

import importlib

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer import alternation

#: Characters whose case folding is more than one letter or has a context ("ß", final sigma,
#: dotted and dotless i), with words of the target and weapon patterns and their pieces.
_ALPHABET = [
    *"aAsStTiI \n,.-'\u00df\u03a3\u03c3\u03c2\u0130\u0131\u0307\ufb01",
    "attacked ", "fire on ", "fire", " on ", "into ", "the ", "school", "gun", "rifle", "bomb",
    "knife", "machete", "grenade", "IED", "stormed ", "AK-47", "shot",
]  # fmt: skip
#: The module (`summarizer.rules.extract` names the function `extract` too).
extract = importlib.import_module("summarizer.rules.extract")
_PART = st.lists(st.sampled_from(_ALPHABET), max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PART, min_size=1, max_size=5))
def test_folded_join_skips_only_clauses_without_words(parts: list[str]) -> None:
    """`build_incident` folds the clause spans joined once: a filter word missing from that is
    missing from every span, as `_targets` and `_weapons` test each."""
    folded = alternation.fold(" ".join(parts))
    assert folded == " ".join(alternation.fold(p) for p in parts)
    for words in (extract._target_words(), extract._weapon_words()):
        assert words is not None
        if not words.may_match_folded(folded):
            assert not any(words.may_match(p) for p in parts)
