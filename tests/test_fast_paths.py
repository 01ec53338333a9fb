"""Fast paths in grounding and number parsing give exactly what the plain definitions give."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
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


def test_instructor_async_validator_check_runs_once_per_class_and_still_refuses() -> None:
    """summarizer.llm remembers classes that passed instructor's async-validator walk; a class
    that declares one is refused every time, as before."""
    import pydantic
    from instructor.v2.core import patch
    from instructor.v2.validation import async_validators

    import summarizer.llm as llm

    check = async_validators.reject_async_validators
    assert getattr(check, "_summarizer_once", False)
    assert patch.reject_async_validators is check

    class Bad(pydantic.BaseModel):
        x: int

        @async_validators.async_field_validator("x")
        async def _x(self, v: int) -> int:
            return v

    class Holder(pydantic.BaseModel):
        inner: Bad

    for model in (Bad, Holder, list[Holder]):
        for _ in range(2):
            try:
                check(model)
            except ValueError as exc:
                assert "async validators" in str(exc)
            else:
                raise AssertionError(f"{model} passed")

    walks: list[object] = []
    get_args = async_validators.get_args

    def counting(tp: object) -> object:
        walks.append(tp)
        return get_args(tp)

    class Fresh(pydantic.BaseModel):
        y: list[int]

    async_validators.get_args = counting  # type: ignore[attr-defined]
    try:
        counts = []
        for model in (Fresh, Fresh, llm._RESPONSE_MODEL, llm._RESPONSE_MODEL):
            before = len(walks)
            check(model)
            counts.append(len(walks) - before)
    finally:
        async_validators.get_args = get_args  # type: ignore[attr-defined]
    assert counts[0] > 0  # walked the first time
    assert counts[1] == 0 and counts[3] == 0  # not again


def _all_figures(text: str) -> list[object]:
    from summarizer.rules.casualties import read_figures
    from summarizer.rules.units import sentences

    return [f for s in sentences(text) for f in read_figures(text, s)]


_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
_FIGURE_TEXTS = sorted(
    p
    for p in (*_FIXTURES.glob("articles/*.txt"), *_FIXTURES.rglob("gva/**/*.txt"))
    if p.stat().st_size < 200_000
)


def test_figure_prefilter_reads_every_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    """read_figures skips clauses with no outcome cue or noun; reading them all finds the same."""
    from summarizer.rules import casualties

    assert casualties._figure_signal() is not None  # the prefilter is on
    texts = [SEED_TEXT, *(p.read_text(encoding="utf-8", errors="replace") for p in _FIGURE_TEXTS)]
    fast = [_all_figures(t) for t in texts]
    monkeypatch.setattr(casualties, "_figure_signal", lambda: None)
    slow = [_all_figures(t) for t in texts]
    assert fast == slow
    assert sum(map(len, fast)) > 20  # the texts hold figures: the comparison can fail


_FIGURE_WORDS = [
    "5",
    "five",
    "dozens of",
    "a",
    "an",
    "several",
    "people",
    "bodies",
    "hostages",
    "casualties",
    "were",
    "was",
    "killed",
    "dead",
    "died",
    "injured",
    "wounded",
    "hurt",
    "missing",
    "abducted",
    "arrested",
    "police",
    "said",
    "including",
    "women",
    "and",
    "children",
    ",",
    ";",
    ".",
    "but",
    "the",
    "in",
    "attack",
    "soldiers",
    "civilians",
    "victims",
    "toll",
    "rose",
    "to",
    "12",
    "at least",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FIGURE_WORDS), min_size=1, max_size=30))
def test_figure_prefilter_on_random_clauses(words: list[str]) -> None:
    from summarizer.rules import casualties

    text = " ".join(words)
    fast = _all_figures(text)
    signal = casualties._figure_signal
    casualties._figure_signal = lambda: None  # type: ignore[assignment]
    try:
        slow = _all_figures(text)
    finally:
        casualties._figure_signal = signal  # type: ignore[assignment]
    assert fast == slow


def test_statement_values_one_pattern_same_as_each_cue() -> None:
    """The cross-check's sentence filter (one union pattern) keeps what testing each cue kept."""
    from summarizer.crosscheck import statement_values
    from summarizer.numbers import supported_values
    from summarizer.rules import lexicon
    from summarizer.rules.units import sentences

    cues = [c.pattern for c in (*lexicon.outcome_cues(), *lexicon.outcome_nouns())]

    def each_cue(text: str) -> set[int]:
        values: set[int] = set()
        for s in sentences(text):
            chunk = text[s.start : s.end]
            if any(p.search(chunk) for p in cues):
                values |= supported_values(chunk)
        return values

    texts = [SEED_TEXT, *(p.read_text(encoding="utf-8", errors="replace") for p in _FIGURE_TEXTS)]
    texts += [" ".join(_FIGURE_WORDS[i : i + 7]) + "." for i in range(len(_FIGURE_WORDS))]
    found = [statement_values(t) for t in texts]
    assert found == [each_cue(t) for t in texts]
    assert any(found) and not all(found)


def _speeches(text: str) -> list[object]:
    from summarizer.rules.actors import Actors
    from summarizer.rules.attribution import Attributor
    from summarizer.rules.units import sentences

    attributor = Attributor(text, Actors(text))
    return [attributor.read(s) for s in sentences(text)]


def test_speech_cue_prefilter_reads_every_cue(monkeypatch: pytest.MonkeyPatch) -> None:
    """Attributor.read searches a speech cue only in sentences holding one of its words: the same
    speeches as every cue searched in every sentence."""
    from summarizer.rules import attribution

    texts = [SEED_TEXT, *(p.read_text(encoding="utf-8", errors="replace") for p in _FIGURE_TEXTS)]
    texts.append("Police said 3 died. A report issued by The Herald said so, according to officials.")
    fast = [_speeches(t) for t in texts]
    every = list(range(len(attribution._speech_cues())))
    monkeypatch.setattr(attribution, "_cues_in", lambda segment, lowered=None: every)
    slow = [_speeches(t) for t in texts]
    assert fast == slow
    assert sum(len(s) for t in fast for s in t) > 10  # cues were found: the comparison can fail


def _too_many_attributes_by_every_tag(html: str) -> bool:
    """The attribute cap's first definition: every tag looked at in Python."""
    from summarizer.inputs.html import _ATTRIBUTE, MAX_ATTRIBUTES, _markup_spans

    for lo, hi in _markup_spans(html):
        for tag in re.compile(r"<[^<>]*").finditer(html, lo, hi):
            if tag.end() - tag.start() > 2 * MAX_ATTRIBUTES:
                found = _ATTRIBUTE.finditer(html, tag.start() + 1, tag.end())
                if sum(1 for _ in zip(found, range(MAX_ATTRIBUTES + 1), strict=False)) > MAX_ATTRIBUTES:
                    return True
    return False


def test_attribute_cap_scans_only_long_tags() -> None:
    from summarizer.inputs.html import _too_many_attributes

    def attrs(n: int, width: int = 1) -> str:
        return " ".join(f"a{i}={'x' * width}" for i in range(n))

    pages = [
        f"<html><body><p {attrs(n, w)}>x</p></body></html>"
        for n in (10, 999, 1000, 1001, 1500)
        for w in (0, 1, 3)
    ]
    pages += [f"<p {'x' * k}>" for k in (1997, 1998, 1999, 2000, 2001)]  # around the length threshold
    pages += [
        f"<script>var s = '<b {attrs(1200)}';</script><p>text</p>",  # inside a script: not a tag
        f"<!-- <b {attrs(1200)} -->",
        f"<div {attrs(1200)}",  # unterminated
        f"<a {attrs(600)}<b {attrs(600)}>",  # two tags of 600: neither over the cap
        f"text < {attrs(1100)} > more",
    ]
    verdicts = [_too_many_attributes(p) for p in pages]
    assert verdicts == [_too_many_attributes_by_every_tag(p) for p in pages]
    assert any(verdicts) and not all(verdicts)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab Aß.,\n", max_size=12), st.text(alphabet="ab Aß.,\n", max_size=12))
def test_same_words_stops_early_but_agrees(a: str, b: str) -> None:
    from summarizer.inputs.html import _same_words

    def words(s: str) -> list[str]:
        return re.findall(r"\w+", s.casefold())

    assert _same_words(a, b) == (words(a) == words(b))
    assert _same_words(b + " " + b, b) == (not words(b))  # a longer paragraph is not the title
    assert _same_words(a, a)


def test_one_offset_per_normalised_character() -> None:
    """A character that lowers to two ("İ": "i" and a combining dot) gives both its offset, so
    the offsets of everything after it still point at the right characters."""
    text = "Gunmen in İzmir killed 3 … people"
    norm, index = normalise(text)
    assert len(norm) == len(index)
    at = norm.index("killed")
    assert text[index[at] : index[at + len("killed") - 1] + 1] == "killed"


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Kelvin",
                "Watford",
                "J.",
                "O'Neil",
                "watford",
                "Watfords",
                " ",
                "  ",
                "\n",
                ",",
                "-",
                "xWatford",
                "A",
            ]
        ),
        max_size=14,
    ),
    st.sampled_from(["Watford", "Kelvin", "A"]),
    st.integers(min_value=0, max_value=120),
)
def test_named_before_is_the_search_over_the_text_before(parts: list[str], name: str, cut: int) -> None:
    from summarizer.rules.casualties import _named_before

    text = "".join(parts)
    start = min(cut, len(text))
    plain = re.search(rf"\b[A-Z][\w'’-]+\s+(?:[A-Z]\.\s+)?{re.escape(name)}\b", text[:start]) is not None
    assert _named_before(text, name, start) == plain, (text, name, start)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("the ıs", "Is"),
        ("The ſ was", "s"),
        ("the \u212aurd", "Kurd"),
        ("é the İs", "Is"),
        ("é the\nBLA.", "Bla"),
        ("é theBla", "Bla"),
        ("é xthe Bla", "Bla"),
    ],
)
def test_the_before_outside_ascii(text: str, name: str) -> None:
    from summarizer.summary import _the_before

    plain = re.search(rf"\bthe\s+{re.escape(name)}\b", text, re.IGNORECASE) is not None
    assert _the_before(name, text) == plain, (text, name)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "the",
                "The",
                "THE",
                "tHe",
                "Bla",
                "BLA",
                "bla",
                "Kurd",
                "\u212aurd",
                "ıs",
                "Is",
                "İs",
                "ſ",
                "é",
                " ",
                "\n",
                "x",
                "-",
            ]
        ),
        max_size=14,
    ),
    st.sampled_from(["Bla", "Kurd", "Is", "s"]),
)
def test_the_before_is_the_case_blind_search(parts: list[str], name: str) -> None:
    from summarizer.summary import _the_before

    text = "".join(parts)
    plain = re.search(rf"\bthe\s+{re.escape(name)}\b", text, re.IGNORECASE) is not None
    assert _the_before(name, text) == plain, (text, name)


def test_what_the_name_search_outside_ascii_relies_on() -> None:
    """`summary._lowered_keeps_offsets`: outside ASCII, only these match an ASCII letter in any
    case; "K" lowers to "k", "İ" to two characters (refused by the length test), so "ı" and "ſ"
    are the two a lower-cased search would miss."""
    letter = re.compile("[a-z]", re.IGNORECASE)
    found = {chr(cp) for cp in range(128, sys.maxunicode + 1) if letter.fullmatch(chr(cp))}
    assert found == {"\u0130", "\u0131", "\u017f", "\u212a"}
    assert "\u212a".lower() == "k" and len("\u0130".lower()) == 2
