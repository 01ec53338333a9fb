"""Speed-only shortcuts of `build_incident` and its readers (issue 14) give exactly what the
plain definitions give: the article lower-cased once stands in for each clause lower-cased."""

from __future__ import annotations

import importlib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.rules.actors import Actors
from summarizer.schemas import EventType, Evidence, Incident, Status

#: The module (`summarizer.rules.extract` names the function `extract` too).
extract = importlib.import_module("summarizer.rules.extract")

#: Characters whose lower-casing is more than one letter or has a context (capital sigma, dotted
#: capital I, Kelvin sign), with the words the shortcuts look for and pieces of them.
_ALPHABET = [
    *"aAbByYsS \n,.-'\u03a3\u03c3\u03c2\u0130\u0131\u0307\u212a",
    "by ", "BY ", "allegedly ", "ALLEGEDLY", "between ", "Between ", "the army ", "killed ",
    "were killed by ", "police ", "militants ", "fighting between the army and M23 rebels, ",
]  # fmt: skip
_TEXT = st.lists(st.sampled_from(_ALPHABET), max_size=24).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.data())
def test_word_in_text_lowered_when_in_a_span_lowered(text: str, data: st.DataObject) -> None:
    """`_status` and `sides`: a word in a span's lower-cased form is in the text's."""
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    for word in ("allegedly", "between", "by"):
        if word in text[lo:hi].lower():
            assert word in text.lower()


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.data())
def test_find_in_lowered_text_is_span_lowered(text: str, data: st.DataObject) -> None:
    """`_agent_of_passive` ("by") and `_status` ("allegedly"): with the text's length, the
    lowered text finds the word in a clause's bounds [lo, hi) exactly where the clause lowered
    holds it."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    for word in ("by", "allegedly"):
        assert (lowered.find(word, lo, hi) >= 0) == (word in text[lo:hi].lower())


@settings(max_examples=200, deadline=None)
@given(_TEXT, st.data())
def test_agent_of_passive_same_with_lowered_text(text: str, data: st.DataObject) -> None:
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    actors = Actors(text)
    lowered = text.lower()
    if len(lowered) != len(text):
        return
    plain = extract._agent_of_passive(text, actors, lo, hi)
    fast = extract._agent_of_passive(text, actors, lo, hi, lowered)
    assert fast == plain


def test_fields_set_after_build_as_by_model_copy() -> None:
    """`build_incident` sets description and scope on the incident it built: the same model as
    the copy `model_copy(update=...)` made (fields, fields set, dump)."""
    incident = Incident(
        event_type=EventType.BATTLES,
        description="",
        status=Status.REPORTED,
        evidence=[Evidence(quote="q", start=0, end=1)],
    )
    line = "The article reports fighting."
    copied = incident.model_copy(update={"description": line, "political_violence": True})
    incident.description = line
    incident.political_violence = True
    assert incident == copied
    assert incident.model_fields_set == copied.model_fields_set
    assert incident.model_dump_json() == copied.model_dump_json()
    assert incident.model_dump_json(exclude_unset=True) == copied.model_dump_json(exclude_unset=True)


#: `_actor_of_subject`'s possessive pattern, as written there.
_POSSESSIVE = (
    r"\b(?:its|their)\s+(?P<who>fighters|militants|men|members|cadres|officers|troops|soldiers|"
    r"forces|personnel)\s*$"
)
_PIECES = ["its ", "their ", "Its ", "THEIR ", "fighters ", "men", " ", "i", "ts", "the", "ir", "x"]
_WINDOW = st.lists(st.sampled_from(_PIECES), max_size=10).map("".join)


@settings(max_examples=400, deadline=None)
@given(_WINDOW)
def test_possessive_needs_its_or_their(window: str) -> None:
    """`_actor_of_subject` searches its possessive only in a window holding "its" or "their"."""
    if re.search(_POSSESSIVE, window):
        assert "its" in window or "their" in window
