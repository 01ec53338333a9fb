"""Speed-only rewrites of the speech-cue reader (issue 14) give what the plain definitions give:
the sentence lower-cased as a slice of the lowered article, and the cue words looked for in it
instead of in the sentence case-folded again."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scenarios import SEED_TEXT

from summarizer import alternation
from summarizer.rules import attribution
from summarizer.rules.actors import Actors
from summarizer.rules.attribution import Attributor

#: Letters `re` or lower-casing treat specially (long s, dotless and dotted i, Kelvin sign, sharp s,
#: capital sigma, a ligature), other characters, and speech-cue words in several cases.
_ALPHABET = [
    *"aAsSiIkK \n.,’\u017f\u0131\u0130\u212a\u00df\u1e9e\u03a3\u03c3\ufb01é",
    "said", "SAID", "Sa\u0131d", "\u017faid", "told", "TOLD", "according to", "Accordıng To",
    "reportedly", "REPORTED", "claimed", "clai\u1e9e", "deni\u0130s", "confirmed", "dismi\u00dfed",
    "Police ", "the group ", "were said to ", "stated", "\ufb01rmed", "noted",
]  # fmt: skip
_TEXTS = st.lists(st.sampled_from(_ALPHABET), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.data())
def test_sentence_lowered_is_a_slice_of_the_article(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    attributor = Attributor(text, Actors(""))
    assert attributor._heads_lowered(start, end) == alternation.heads_lowered(text[start:end])


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_cues_in_lowered_keeps_every_cue_that_matches(segment: str) -> None:
    """Every speech cue with a match in the segment is among those `_cues_in` gives from the
    lowered segment (and from the folded one, the plain definition)."""
    matching = {
        n for n, cue in enumerate(attribution._speech_cues()) if cue.pattern.search(segment) is not None
    }
    lowered = alternation.heads_lowered(segment)
    assert matching <= set(attribution._cues_in(segment, lowered))
    assert matching <= set(attribution._cues_in(segment))


def test_cues_in_lowered_finds_cues() -> None:
    """The comparison can fail: cues are found, in cases `re` folds beyond ASCII too."""
    for segment in ("Police SAID so.", "Officials \u017faid it.", "Accordıng to police."):
        cues = attribution._cues_in(segment, alternation.heads_lowered(segment))
        ordered = attribution._speech_cues()
        assert any(ordered[n].pattern.search(segment) for n in cues), segment
    assert attribution._cue_words_ascii()


def test_read_with_the_sliced_lowering_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """The seed's speeches, with the article lowered once and sentence by sentence (an article
    holding "İ" or a capital sigma is lowered sentence by sentence in both)."""
    from summarizer.rules.units import sentences

    def speeches(text: str) -> list[object]:
        attributor = Attributor(text, Actors(text))
        return [attributor.read(s) for s in sentences(text)]

    texts = [SEED_TEXT, SEED_TEXT.replace("Quetta", "\u0130stanbul"), SEED_TEXT + " \u03a3 said."]
    fast = [speeches(t) for t in texts]
    monkeypatch.setattr(
        Attributor, "_heads_lowered", lambda self, a, b: alternation.heads_lowered(self.text[a:b])
    )
    slow = [speeches(t) for t in texts]
    assert fast == slow
    assert sum(len(s) for t in fast for s in t) > 5  # cues were found: the comparison can fail
