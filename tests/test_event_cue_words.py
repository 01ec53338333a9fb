"""Speed-only rewrites of the rules backend's incident building (issue 14) give exactly what the
plain definitions give: the event cues' union split into words (`events.cue_word_union`)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from scenarios import SEED_TEXT

from summarizer import alternation
from summarizer.memo import digest_scope
from summarizer.rules import events, grouping, lexicon
from summarizer.sentences import split_sentences

extract_module = importlib.import_module("summarizer.rules.extract")  # (`rules.extract` is its function)
_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
_TEXTS = [SEED_TEXT] + [
    p.read_text(encoding="utf-8", errors="replace")
    for p in sorted(_FIXTURES.rglob("*.txt"))
    if p.stat().st_size < 200_000
]
_SPANS = _TEXTS + [t[a:b] for t in _TEXTS for a, b in split_sentences(t)]
#: Cue words and their near misses, and characters `re` folds case for beyond ASCII.
_ALPHABET = [
    *"aAkKsStThHiI \n,.-'’\u212a\u017f\u0130\u0131",
    "attack", "suicide ", "bomb", "shells ", "hit ", "rockets", " Hamas", "gun ", "blasts", "dog ",
    "fighting", " for his life", "air", "drone", "strikes", "-", "took ", "seized ", "control",
    "military ", "operation", "March", "march", "rally-", "Firearms and ", "explosives", "mines",
]  # fmt: skip


def _same_starts(text: str) -> None:
    old = alternation.starts(lexicon.event_cue_union(), text, 0, len(text))
    assert alternation.starts(events.cue_word_union(), text, 0, len(text)) == old, text


def test_cue_words_split_at_the_top_level_only() -> None:
    assert alternation.spread_alternatives(r"(?:took|seized) control|overran|[|)]x|a\|b|(?<!x|y)z") == [
        "took control",
        "seized control",
        "overran",
        "[|)]x",
        r"a\|b",
        "(?<!x|y)z",
    ]
    assert alternation.spread_alternatives(r"(?:air|drone)\s*-?strikes?") == [
        r"air\s*-?strikes?",
        r"drone\s*-?strikes?",
    ]


def test_spread_alternatives_refuses_unbalanced_brackets() -> None:
    import pytest

    with pytest.raises(ValueError, match="unbalanced"):
        alternation.spread_alternatives("(?:a|b")


def test_head_words_are_how_every_match_starts() -> None:
    assert alternation.head_words(r"\b(?:(?:fatally )?shot|gunned down)\b", re.IGNORECASE) == [
        "fata",
        "gunn",
        "shot",
    ]
    assert alternation.head_words(r"\w+ killed", re.IGNORECASE) is None  # a match may start anywhere
    assert alternation.heads_lowered("Iſ ıt") == "is it"  # letters `re` matches with ASCII ones
    assert alternation.heads_lowered("İstanbul") is None  # lower-casing changes the length


def test_cue_word_union_is_grouped() -> None:
    assert events.cue_word_union().pattern.count("(?=(?") > 10


def test_cue_word_union_starts_where_the_cues_do_in_articles() -> None:
    for text in _SPANS:
        _same_starts(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=30))
def test_cue_word_union_starts_where_the_cues_do(parts: list[str]) -> None:
    _same_starts("".join(parts))


def test_cue_hits_unchanged() -> None:
    """`cue_hits` (which tries each cue at `cue_starts`) against every cue searched everywhere."""
    unreal = lexicon.unreal_context_re()
    for text in _SPANS[:400]:
        plain = tuple(
            (cue.value, cue.extra, rank)
            for cue, rank in lexicon.event_cues()
            if any(
                not unreal.search(text, max(0, m.start() - 80), m.start()) for m in cue.pattern.finditer(text)
            )
        )
        assert events.cue_hits(text) == plain


def test_event_words_unchanged() -> None:
    """`grouping.event_words` (each cue tried only at its `cue_starts`) against every cue
    searched everywhere."""
    for text in _SPANS[:400]:
        plain = {m.group(0).lower() for cue, _ in lexicon.event_cues() for m in cue.pattern.finditer(text)}
        assert grouping.event_words(text) == plain


def test_cue_starts_are_where_each_cue_can_start() -> None:
    for text in _SPANS[:400]:
        union = set(alternation.starts(lexicon.event_cue_union(), text, 0, len(text)))
        for (cue, _), at in zip(lexicon.event_cues(), events.cue_starts(text), strict=True):
            assert {m.start() for m in cue.pattern.finditer(text)} <= set(at) <= union


def _joined_reads_as_searched(parts: list[str]) -> None:
    text = " ".join(parts)
    with digest_scope():
        for part in parts:
            events.cue_hits(part)  # the parts read first, as grouping reads each clause
        noted = events.cue_hits(events.joined(parts))
        assert events._head_offsets(text) == events._read_head_offsets(text), parts
    with digest_scope():
        assert noted == events.cue_hits(text), parts


def test_joined_spans_read_as_searched_in_articles() -> None:
    """`events.joined` notes a joined text's head offsets from its parts' (speed only): the same
    offsets and cue hits as the joined text read afresh."""
    for n in range(0, 400, 3):
        _joined_reads_as_searched(_SPANS[n : n + 3])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_ALPHABET), max_size=12).map("".join), min_size=2, max_size=5))
def test_joined_spans_read_as_searched(parts: list[str]) -> None:
    _joined_reads_as_searched(parts)


def _first_cue_searched(text: str, lo: int, hi: int) -> int | None:
    m = lexicon.event_cue_union().search(text, lo, hi)
    return m.start() if m else None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=30), st.integers(0, 400), st.integers(0, 400))
def test_first_event_cue_is_the_search_s(parts: list[str], a: int, b: int) -> None:
    """`extract._first_event_cue` (the union tried at head-word offsets read once per article)
    against the union searched in [lo, hi)."""
    text = "".join(parts)
    lo, hi = sorted((min(a, len(text)), min(b, len(text))))
    with digest_scope():
        assert extract_module._first_event_cue(text, lo, hi) == _first_cue_searched(text, lo, hi)


def test_first_event_cue_is_the_search_s_in_articles() -> None:
    for text in _TEXTS:
        with digest_scope():
            for a, b in split_sentences(text):
                for lo in (a, a + 1, (a + b) // 2):
                    got = extract_module._first_event_cue(text, min(lo, b), b)
                    assert got == _first_cue_searched(text, min(lo, b), b)
