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
