"""Speed-only rewrites of speech reading keep their results (perf-speech)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.rules import attribution, lexicon

_ANAPHORA_TEXTS = [
    "the group", "The militant organisation", "it", "its", "they", "They", "The report", "the paper",
    "he", "She", "the spokesman", "The BLA", "the group of", "group", "it ", "he\n", "agency",
    "the  armed  movement", "", "The Balochistan Post", "reports from Turbat",
]  # fmt: skip


@settings(deadline=None, max_examples=500)
@given(st.one_of(st.sampled_from(_ANAPHORA_TEXTS), st.text(max_size=20)))
def test_anaphora_any_is_some_cue(text: str) -> None:
    union = attribution._anaphora_any()
    assert union is not None
    some = any(cue.pattern.match(text) for cue in lexicon.anaphora())
    assert (union.match(text) is not None) == some
