"""Speed-only rewrite of `alternation._dispatch` (issue 14): in a group, the alternatives that open
with a word list and a space (`\\b(?i:an?|the|one)\\s+...`) share one lookahead of those words.
The same matches as the plain union `(?:a)|(?:b)|...`, case folding (Kelvin sign, long s, dotted
and dotless i) and non-ASCII characters included; the person-mention union of `numbers` too."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from test_speed_mentions import _ALPHABET, _mentions, _plain, _same

from summarizer import alternation, numbers

#: Article words written with the characters `re` folds to ASCII letters, and in other cases.
_MORE = [
    "hiſ ", "HIS ", "hİs ", "theİr ", "THE ", "tHe ", "ONE ", "An ", "anOther ", "the\t", "the\n",
    "a\u00a0", "her ", "their ", "theirs ", "then ", "tho ", "on ", "hi ", "\u212aing ", "ſon ",
]  # fmt: skip


def test_person_mentions_union_guards_its_article_alternatives() -> None:
    pattern = numbers.person_mentions().pattern
    assert pattern.count(r"\s)(?:") >= 4  # the groups of "a", "t", "o" and their capitals
    assert r"|(?!(?:" in pattern


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([*_ALPHABET, *_MORE]), max_size=24))
def test_person_mentions_same_matches_with_articles(parts: list[str]) -> None:
    _same(numbers.person_mentions(), _plain(_mentions()), "".join(parts))


def test_head_words() -> None:
    assert alternation._head_words(r"\b(?i:an?|the|one)\s+man\b") == ("?i:", ("an?", "the", "one"))
    assert alternation._head_words(r"\b(?:his|her)\s+son") == ("?:", ("his", "her"))
    assert alternation._head_words(r"\b(?:his|her)\s{1,2}son") is None  # not checked: left as is
    # Lookbehinds (and `\b`) before the words consume nothing.
    got = alternation._head_words(r"(?<!shot )(?<!\bin )\b(?i:another)\s+man")
    assert got == ("?i:", ("another",))
    got = alternation._head_words(r"(?:(?<=killed )|(?<=killing ))(?i:one|an?)\s+\w+er")
    assert got == ("?i:", ("one", "an?"))
    for pattern in [
        r"\b(?i:an?|the)\s+man|boy",  # another alternative at the top level
        r"\b(?i:an?|the)\s*man",  # the space may be missing
        r"\b(?i:an?|the)\s?man",
        r"\b(?i:an?|the)\smen(",  # unbalanced
        r"\b(?i:a[nm]|the)\s+man",  # a class
        r"(?i:an?|the)\s+man",  # no \b
        r"\b(?i:an?|the)\b\s+man",
        r"(?<=\)(?i:the)\s)x",  # "(?i:the)\s" inside the lookbehind
        r"(?<=a\))(?i:the)\s+x",  # an escaped parenthesis: not read
        r"(?<=a)x(?i:the)\s+x",  # something consumed before the words
        r"(?=a)(?i:the)\s+x",  # a lookahead (not read)
    ]:
        assert alternation._head_words(pattern) is None, pattern


#: Alternatives with and without article words (some only look so), and others of many first
#: characters, enough of them for the dispatch (`DISPATCH_MIN`).
_WORDS = [
    r"\b(?i:an?|the|one)\s+man\b", r"\b(?i:an?|the)\s+(?:[a-z]++\s+)?boy\b", r"\b(?:his|her)\s+son\b",
    r"\b(?i:his|her|their)\s+\w+\b", r"\b(?i:another)\b(?=\s+man)", r"\b(?i:the)\s*one\b",
    r"\b(?i:an?|the)\s+king\b|\bthen\b", r"\bthe\s+man\b", r"\ba\s+boy\b", r"(?<= and )son\b",
    r"(?<=, )wife\b", r"\b[A-Z][a-z]+ died", r"\bHe\b(?=\s+was)", r"\b\d{1,2}-year-old\b",
    r"(?<=killed )[A-Z]\w+", r"\bone\s+\w+er\b", r"\bmother\b(?=\s+and)", r"\bowner\b", r"\bjogger\b",
    r"\bcousin\b", r"\bniece\b", r"\bvictim\b", r"\b\w+ist\b", r"\bzoo\b", r"\bthere\b", r"\btho\b",
    r"\bking\b", r"\bélan\b", r"\bpilot\b", r"\bimam\b", r"\bnurse\b", r"\bfarmer\b", r"\bAnn\b",
    r"(?<!shot )(?<!killed )\b(?i:another)\s+man\b", r"(?:(?<=killing )|(?<=killed ))(?i:one|an?)\s+\w+er\b",
    r"(?:(?<=took )|(?<=taking ))(?:his|her)\s+own\b", r"(?<=killed )(?i:the)\s+\w+",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS), min_size=alternation.DISPATCH_MIN, max_size=40),
    st.lists(
        st.sampled_from(
            [
                *_ALPHABET,
                *_MORE,
                "zoo ",
                "élan ",
                "Ann ",
                "then ",
                "there ",
                "the man ",
                "his son ",
                "killed a farmer ",
                "shot another man ",
                "another man ",
                "took his own ",
            ]
        ),
        max_size=20,
    ),
    st.sampled_from([0, re.IGNORECASE]),
)
def test_dispatch_with_article_guards_same_matches(patterns: list[str], parts: list[str], flags: int) -> None:
    _same(alternation.union(patterns, flags), _plain(patterns, flags), "".join(parts))


def test_dispatch_of_all_words_guards_the_article_alternatives() -> None:
    for flags in (0, re.IGNORECASE):
        fast = alternation.union(_WORDS, flags)
        assert r"|(?!(?:" in fast.pattern
        text = "".join(
            [
                *_ALPHABET,
                *_MORE,
                "then the king ",
                "tho a boy ",
                "the  one ",
                "killed a farmer ",
                "shot another man ",
                "another man ",
                "took his own ",
                "killed the x",
            ]
        )
        _same(fast, _plain(_WORDS, flags), text)


def test_dispatch_under_ignorecase_finds_words_opening_with_a_character_folded_to_ascii() -> None:
    """The Kelvin sign, long s and dotted/dotless i match ASCII letters under IGNORECASE; a word
    opening with one goes to the group of non-ASCII characters (it missed them once)."""
    patterns = [*_WORDS, *(rf"\b{w}\b" for w in ("king", "son", "is", "in"))]
    assert "(?=(?-i:[" in alternation.union(patterns, re.IGNORECASE).pattern  # dispatched
    text = "\u212aing \u017fon \u0130s \u0131n king"
    fast = alternation.union(patterns, re.IGNORECASE)
    assert [m.group() for m in fast.finditer(text)] == ["\u212aing", "\u017fon", "\u0130s", "\u0131n", "king"]
    _same(fast, _plain(patterns, re.IGNORECASE), text)
