"""Speed-only rewrites of `alternation.union` (issue 14): the first-character guards written as
one class per case rule (`_merged`) and the ASCII dispatch's groups in buckets behind one
lookahead each. The same matches as the plain union `(?:a)|(?:b)|...`, lookbehinds, `\\b`, case
folding and non-ASCII characters included; the person-mention union of `numbers` in particular."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer import alternation, numbers
from summarizer.datafiles import rows

#: Characters `re` folds case for beyond ASCII, word and non-word characters, and the words the
#: person mentions are made of (lookbehind cues, articles, nouns, names, ages, outcomes).
_ALPHABET = [
    *"aAkKsStThHiIoO19 \n\t,.()-'’\u212a\u017f\u0130\u0131éÉ_",
    "a ", "A ", "an ", "the ", "The ", "one ", "another ", "his ", "her ", "their ", "man", "woman",
    "boy", "girl", "son", "wife", "mother", "father", " and ", ", ", "killed ", "killing ", "shot ",
    "fatally shot ", "pronounced ", "deceased ", "life of ", "took ", "turned ", "him", "himself",
    "teen", "victim", "baby", "body", "owner", "jogger", "nephew", "Jason ", "Acosta-Ramos", "Smith",
    "Watford", "Police ", "County ", "Milwaukee ", "He ", "She ", " was ", " died", " dead",
    " was shot", " was arrested", ", who died", "18", ", 36,", " (19)", "15-year-old ", "-year-old ",
    " years old ", "months ", "Jr. ", "were ", "in ", "of ", "'s", "’s",
]  # fmt: skip


def _plain(patterns: list[str], flags: int = 0) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


def _mentions() -> list[str]:
    return [r[0] for r in rows("person_mentions.txt")]


def _same(fast: re.Pattern[str], plain: re.Pattern[str], text: str) -> None:
    assert [(m.span(), m.group(0)) for m in fast.finditer(text)] == [
        (m.span(), m.group(0)) for m in plain.finditer(text)
    ]
    for at in range(len(text) + 1):  # `count_at_start` and `finditer_at` match at an offset
        got, want = fast.match(text, at), plain.match(text, at)
        assert (got and got.span()) == (want and want.span()), at


def test_person_mentions_union_is_bucketed() -> None:
    """The dispatch's groups sit behind bucket lookaheads, the guards are classes."""
    pattern = numbers.person_mentions().pattern
    assert pattern.startswith(r"\b(?=\w)(?:(?=(?-i:[")
    assert "(?=(?-i:b)|(?-i:c)" not in pattern  # a guard as a branch of literals


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=24))
def test_person_mentions_same_matches(parts: list[str]) -> None:
    _same(numbers.person_mentions(), _plain(_mentions()), "".join(parts))


def test_person_mentions_same_matches_on_cases() -> None:
    texts = [
        "Jason Acosta-Ramos, 18, died. A man and woman were shot; police said a 15-year-old boy died.",
        "He was pronounced dead. The shooting killed Jose Ortiz and wounded a bystander.",
        "killed his wife, son and daughter; a mother and son; mother and daughter dead",
        "Doctors pronounced Walker dead. Another man was wounded. Kelvin Watford ... Watford died",
        "turned the gun on himself; taking his own life; a body was found; the death of Kalif Goens",
        "\u212aelvin \u0130brahim, 30, died. \u017fhe was shot. éric dupont died",
    ]
    for text in texts:
        _same(numbers.person_mentions(), _plain(_mentions()), text)


#: One-character patterns the way `_first` writes them: a character or a class, with a case rule.
_ATOMS = st.sets(
    st.sampled_from(
        [
            "(?i:a)", "(?i:k)", "(?i:s)", "(?i:i)", "(?-i:A)", "(?-i:a)", "(?-i:[A-Z])", "(?i:[a-c])",
            "(?-i:[0-9])", r"(?-i:[\d])", r"(?i:\-)", r"(?-i:\])", r"(?-i:\^)", "(?-i:[^a-z])",
            r"(?i:[\w])", "(?i:é)", r"(?-i:\ )", r"(?-i:\,)",
        ]
    ),
    min_size=1,
)  # fmt: skip
#: Characters the guards are asked about: ASCII, the letters `re` folds to ASCII ones, others.
_CHARS = [chr(n) for n in range(128)] + list("\u212a\u017f\u0130\u0131éÉßſΣσς\u00a0٣")


@settings(max_examples=300, deadline=None)
@given(_ATOMS)
def test_merged_guard_accepts_the_same_characters(atoms: set[str]) -> None:
    branch = re.compile(f"(?={'|'.join(sorted(atoms))})")
    merged = re.compile(f"(?={'|'.join(alternation._merged(atoms))})")
    for ch in _CHARS:
        assert (branch.match(ch) is None) == (merged.match(ch) is None), (ch, atoms)


#: Alternatives of many first characters (some unknown, some a class, lookbehinds, `\b`), enough
#: of them for the dispatch (`DISPATCH_MIN`).
_WORDS = [
    r"\bthe\s+man\b", r"\ba\s+boy\b", r"(?<= and )son\b", r"(?<=, )wife\b", r"\b[A-Z][a-z]+ died",
    r"\bHe\b(?=\s+was)", r"\b\d{1,2}-year-old\b", r"(?<=killed )[A-Z]\w+", r"\bone\s+\w+er\b",
    r"\b(?i:his|her)\s+friend\b", r"\bmother\b(?=\s+and)", r"\bowner\b", r"\bjogger\b",
    r"\bcousin\b", r"\bniece\b", r"\bvictim\b", r"\b\w+ist\b", r"\bzoo\b", r"\bquay\b",
    r"\byouth\b", r"\bking\b", r"\bélan\b", r"\bpilot\b", r"\blawyer\b", r"\bguard\b",
    r"\bimam\b", r"\bnurse\b", r"\bfarmer\b",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS), min_size=alternation.DISPATCH_MIN, max_size=40),
    st.lists(st.sampled_from([*_ALPHABET, "zoo ", "quay ", "élan ", "lawyer ", "Zed "]), max_size=20),
)
def test_dispatch_buckets_same_matches(patterns: list[str], parts: list[str]) -> None:
    _same(alternation.union(patterns), _plain(patterns), "".join(parts))
