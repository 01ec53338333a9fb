"""Shortcuts that keep the rules backend linear in the text give what the plain definitions give."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scenarios import SEED_TEXT

from summarizer import grounding
from summarizer.grounding import _NAME_STOPWORDS, _NO_SPEAKER, NameGrounder, _name_words, _normalise, _stem
from summarizer.rules import actors as actors_module
from summarizer.rules.actors import ActorInfo, Actors, _word_re
from summarizer.schemas import ActorKind

#: Characters where the word tests of names turn: word characters beyond ASCII ("é", "ſ",
#: "²", the Kelvin sign), "_", "-", quotes, white space, brackets.
_ALPHABET = "abAB1_-' ’.()\t\néſ²\u212aİ"


def _named_in_plain(actors: Actors, phrase: str) -> ActorInfo | None:
    """`Actors.named_in` as it was: every name of every named actor tried, in order."""
    best: tuple[int, ActorInfo] | None = None
    for a in actors.actors:
        if not a.named:
            continue
        for n in a.names():
            if n in phrase and _word_re(n).search(phrase) and (best is None or len(n) > best[0]):
                best = (len(n), a)
    return best[1] if best else None


def _actors_of(rows: list[tuple[str, list[str], bool]]) -> Actors:
    actors = Actors("")
    actors.actors = [ActorInfo(name, ActorKind.OTHER, aliases, named) for name, aliases, named in rows]
    return actors


_NAME = st.text(alphabet=_ALPHABET, max_size=8)


@settings(max_examples=500, deadline=None)
@given(
    rows=st.lists(st.tuples(_NAME, st.lists(_NAME, max_size=3), st.booleans()), max_size=8),
    glue=st.lists(st.text(alphabet=_ALPHABET, max_size=4), min_size=1, max_size=6),
    picks=st.lists(st.integers(min_value=0, max_value=40), max_size=5),
)
@pytest.mark.parametrize("few", [0, 3, 16])
def test_named_in_is_the_plain_loop(
    few: int, rows: list[tuple[str, list[str], bool]], glue: list[str], picks: list[int]
) -> None:
    actors = _actors_of(rows)
    names = [n for name, aliases, _ in rows for n in (name, *aliases)]
    # a phrase of the names themselves (so that some match), between random glue
    parts = [glue[0]]
    for i, pick in enumerate(picks):
        parts.append(names[pick % len(names)] if names else "")
        parts.append(glue[(i + 1) % len(glue)])
    phrase = "".join(parts)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(actors_module, "_FEW_NAMES", few)  # (0: always the runs of the phrase)
        assert actors.named_in(phrase) is _named_in_plain(actors, phrase)


def test_named_in_ties_go_to_the_first_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actors_module, "_FEW_NAMES", 0)
    actors = _actors_of([("Abc", ["X"], True), ("Xyz", ["Abc"], True), ("Q", ["Xyz"], True)])
    for phrase in ("Abc", "the Xyz said", "X and Q", "Q", "none", "Xyz Abc", "-Abc", "Abc-"):
        assert actors.named_in(phrase) is _named_in_plain(actors, phrase), phrase


@pytest.mark.parametrize("few", [0, 16])
def test_named_in_on_the_seed_article(few: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actors_module, "_FEW_NAMES", few)
    actors = Actors(SEED_TEXT)
    assert any(a.named for a in actors.actors)
    words = SEED_TEXT.split()
    phrases = [" ".join(words[i : i + k]) for k in (1, 2, 3, 6) for i in range(len(words))]
    for phrase in [*phrases, *SEED_TEXT.splitlines()]:
        assert actors.named_in(phrase) is _named_in_plain(actors, phrase), phrase


def test_latest_first_is_the_reversed_list() -> None:
    actors = Actors(SEED_TEXT)
    assert actors.mentions
    ends = {0, 1, len(SEED_TEXT), len(SEED_TEXT) + 5}
    ends |= {at for m in actors.mentions for at in (m.start - 1, m.start, m.start + 1, m.end)}
    for end in sorted(ends):
        assert list(actors.latest_first(end)) == list(reversed(actors.within(0, end))), end


def _stands_plain(grounder: NameGrounder, name: str) -> bool:
    """`NameGrounder._stands_uncached` as it was: the whole text searched first."""
    n = _normalise(name, offsets=False)[0]
    if n in _NO_SPEAKER or n in grounder.norm:
        return True
    content = [_stem(w) for w in _name_words(name) if w not in _NAME_STOPWORDS]
    if all(w in grounder._own_words for w in content) or all(w in grounder.words for w in content):
        return True
    initials = "".join(w[0] for w in re.findall(r"\w+", name) if w.lower() not in _NAME_STOPWORDS)
    return len(initials) >= 2 and initials.upper() in grounder.acronyms


_SEED_NAMES = [
    *SEED_TEXT.split(),
    *(" ".join(SEED_TEXT.split()[i : i + 3]) for i in range(0, len(SEED_TEXT.split()), 7)),
    "Pakistan",
    "Pakistani forces",
    "BLA",
    "Baloch Liberation Army",
    "the article",
    "unknown",
    "",
    "Quetta police",
    "security forces",
    "Balochistan's government",
    "Nowhere Land",
    "an",
    "ist",
    "Chicago Police Department",
]


@pytest.mark.parametrize("head", [1, 40, 500, 20_000])
def test_stands_is_the_plain_order_wherever_the_head_ends(head: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(grounding, "_HEAD", head)
    text = f"{SEED_TEXT}\n\nThe Chicago Police Department (CPD) said. Pakistan's army.\n"
    for name in _SEED_NAMES:
        fast, plain = NameGrounder(text), NameGrounder(text)
        assert fast._stands_uncached(name) == _stands_plain(plain, name), name


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet="ab AB'’s-\n.é(", max_size=60),
    names=st.lists(st.text(alphabet="ab AB'’s-.é", max_size=10), max_size=5),
    head=st.integers(min_value=0, max_value=30),
)
def test_stands_on_random_text(text: str, names: list[str], head: int) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(grounding, "_HEAD", head)
        fast = NameGrounder(text)
    plain = NameGrounder(text)
    for name in names:
        assert fast._stands_uncached(name) == _stands_plain(plain, name), name
