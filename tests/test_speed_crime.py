"""Speed-only rewrites of the crime-story test (issue 14) give what the plain searches give: the
crime cues and the unnamed perpetrators are matched only where one of their head words starts a
word (`events.WordSearch`), not searched for at every offset of the article."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from scenarios import SEED_TEXT

from summarizer import alternation
from summarizer.memo import digest_scope
from summarizer.rules import events, lexicon
from summarizer.schemas import ActorKind

#: Letters `re` or lower-casing treat specially (long s, dotless and dotted i, Kelvin sign, sharp
#: s, a ligature, a letter outside ASCII before a word), digits, other characters, and pieces of
#: the crime cues and unnamed perpetrators in several cases.
_ALPHABET = [
    *"aAsSiIkKeEdD0129_ \n.,-'’$\u017f\u0131\u0130\u212a\u00df\ufb01é",
    "suspect", "SUSPECTS", "\u017fuspect", "homicide", "murdered", "Murders", "robbery", "robbed",
    "burglaries", "carjacking", "drive-by", "Sheriff's", "deputies", "Deput\u0130es", "prosecutor",
    "district attorney", "arraigned", "on ", "posted ", "held without ", "set at ", "a ", "$5,000",
    "bond", " bond hearing", "bond was set", "felony", "charged with", "first", "2nd", "-degree",
    "911", "domestic violence", "ShotSpotter", "murder-suicide", "accidentally", "gang-related",
    "road rage", "police said", "Police Chief", "mass shootings", "shooting spree", "gunmen",
    "GUNMAN", "attackers", "assailant", "militiamen", "bandits", "militants", "Insurgents",
    "rebels", "jihadists", "fighters", "\u212aill", "figh", "mili", "atta", "susp", "on",
]  # fmt: skip
_TEXTS = st.lists(st.sampled_from(_ALPHABET), max_size=40).map("".join)
#: Texts with several matches of one pattern (the first one must be found), few other characters.
_DENSE_PIECES = [
    " ", "x", "\u017f", "É", "gunmen", "attackers", "Assailants", "bandits", "militiamen", "Militants",
    "rebels", "fighters", "suspect", "murders", "on $5 bond", "911", "2nd degree",
]  # fmt: skip
_DENSE = st.lists(st.sampled_from(_DENSE_PIECES), max_size=12).map("".join)


def _same(a: re.Match[str] | None, b: re.Match[str] | None) -> bool:
    return (a is None) == (b is None) and (a is None or (a.span(), a.group(0)) == (b.span(), b.group(0)))


@settings(max_examples=500, deadline=None)
@given(_TEXTS | _DENSE)
def test_word_search_finds_what_search_finds(text: str) -> None:
    lowered = alternation.heads_lowered(text)
    crime = lexicon.crime_cue_re()
    assert (crime.search(text) is not None) == (events._crime_search().search(text, lowered) is not None)
    # the crime cues as written, searched at their heads (many heads: `HeadFinder`'s pattern)
    assert _same(crime.search(text), events.WordSearch(crime).search(text, lowered))
    for cue, search in zip(lexicon.unnamed_perpetrators(), events._unnamed_searches(), strict=True):
        assert _same(cue.pattern.search(text), search.search(text, lowered))  # (few heads: str.find)
        assert _same(cue.pattern.search(text), search.search(text, None))


def _crime_story_as_written(text: str, mentions: list[tuple[int, int, str, ActorKind]]) -> bool:
    """`events.crime_story` before the speed-only rewrite."""
    if not lexicon.crime_cue_re().search(text):
        return False
    for cue in lexicon.unnamed_perpetrators():
        m = cue.pattern.search(text)
        if m and events.organised(m.group(0), ActorKind(cue.value)):
            return False
    return not any(
        events.organised(name, kind) and not events.past_mention(text, start, end)
        for start, end, name, kind in mentions
    )


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_crime_story_as_written(text: str) -> None:
    with digest_scope():
        assert events.crime_story(text, []) == _crime_story_as_written(text, [])


def test_crime_story_of_the_seed_article() -> None:
    with digest_scope():
        assert events.crime_story(SEED_TEXT, []) == _crime_story_as_written(SEED_TEXT, [])


def test_head_finder_each_is_offsets() -> None:
    finder = events.HeadFinder(["on", "sus", "911"])
    for lowered in ["on the suspect", "a 911 call on", "", "sus", "xon on_on 911x 911"]:
        assert list(finder.each(lowered)) == finder.offsets(lowered)
