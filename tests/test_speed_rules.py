"""Speed-only rewrites of the rules backend match what they replace (perf-rules branch)."""

from __future__ import annotations

import re
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer import alternation
from summarizer.datafiles import rows

_EVERY_CHARACTER = "".join(chr(n) for n in range(0x110000) if not 0xD800 <= n < 0xE000)


def _nocase_extra(letter: str) -> str:
    found = re.findall(f"(?i:{letter})", _EVERY_CHARACTER)
    return "".join(c for c in found if c not in (letter, letter.upper()))


def test_nocase_extra_is_every_character_re_matches_with_a_letter() -> None:
    for letter in string.ascii_lowercase:
        assert _nocase_extra(letter) == alternation._NOCASE_EXTRA.get(letter, "")


def test_cased_heads_rewrites_plain_word_lists_only() -> None:
    assert alternation._cased_heads(r"\b(?i:an?|the)\s", 0) == r"\b(?:[aA](?i:n?)|[tT](?i:he))\s"
    assert alternation._cased_heads(r"(?i:sky)", 0) == "(?:[sS\u017f](?i:ky))"
    for kept in (
        r"(?i:a?b|c)",  # a repeated first letter
        r"(?i:fianc[eé]e?|x)",  # a class
        r"(?i:(?:a)|b)",  # a group
        r"[(?i:a|b)]",  # inside a class
        r"\(?i:a|b)",  # an escaped parenthesis
        r"(?i:1a|b)",  # not a letter
    ):
        assert alternation._cased_heads(kept, 0) == kept
    assert alternation._cased_heads(r"(?i:a|b)", re.VERBOSE) == r"(?i:a|b)"


_WORDS = st.lists(
    st.text(alphabet="abkisKSI-' ", min_size=1, max_size=5).filter(lambda w: w[0].isalpha()),
    min_size=1,
    max_size=5,
)
_TEXT = st.text(alphabet="abkisKSI \u0130\u0131\u212a\u017f-'", max_size=30)


@settings(deadline=None, max_examples=300)
@given(_WORDS, st.sampled_from(["", r"\b", r"\s*"]), _TEXT)
def test_cased_heads_matches_the_same(words: list[str], after: str, text: str) -> None:
    pattern = rf"x?(?i:{'|'.join(words)}){after}"
    rewritten = alternation._cased_heads(pattern, 0)
    assert rewritten != pattern
    one, two = re.compile(pattern), re.compile(rewritten)
    assert [m.span() for m in one.finditer(text)] == [m.span() for m in two.finditer(text)]
    for at in range(len(text) + 1):
        a, b = one.match(text, at), two.match(text, at)
        assert (a and a.span()) == (b and b.span())


def test_person_mention_union_matches_the_plain_union() -> None:
    patterns = [r[0] for r in rows("person_mentions.txt")]
    plain = re.compile("|".join(f"(?:{p})" for p in patterns))
    fast = alternation.union(patterns)
    text = (
        "A man and woman were shot. The victim, a 15-year-old boy, died. An ſtudent and a Teenager "
        "were hurt; the \u0130nfant survived. Another man was found. killed Jose Ortiz, police said. "
        "His nephew, 19, and a grandmother were wounded; a Milwaukee man was hit. the BABY is fine."
    )
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_sentence_built_directly_is_the_dataclass() -> None:
    from dataclasses import fields

    from summarizer.rules import units

    assert [f.name for f in fields(units.Sentence)] == [
        "index",
        "start",
        "end",
        "paragraph",
        "first_in_paragraph",
        "clauses",
    ]
    assert not hasattr(units.Sentence, "__post_init__") and not hasattr(units.Sentence, "__slots__")
    args = (3, 10, 42, 1, True, ((10, 20), (21, 42)))
    direct, built = units._sentence(*args), units.Sentence(*args)
    assert direct == built and hash(direct) == hash(built) and repr(direct) == repr(built)
    assert vars(direct) == vars(built) and list(vars(direct)) == list(vars(built))
    assert type(direct) is units.Sentence


def _place_re_as_written() -> re.Pattern[str]:
    from summarizer.rules import places

    pattern = places._PLACE_RE.pattern.replace(places._PREP_BY_SECOND_LETTER, places._PLACE_PREP_AS_WRITTEN)
    assert pattern != places._PLACE_RE.pattern
    return re.compile(pattern)


_PLACE_PIECES = [
    *[
        "in",
        "into",
        "inside",
        "at",
        "around",
        "across",
        "near",
        "of",
        "outside",
        "on",
        "to",
        "toward",
        "towards",
        "from",
        "within",
    ],
    *[
        "IN",
        "Into",
        "ONTO",
        "Of",
        "ŧo",
        "İn",
        "ın",
        "İnto",
        "wıthin",
        "wİthin",
        "The",
        "the",
        "Quetta",
        "Turbat",
        "district",
        "city",
    ],
    " ",
    "  ",
    ", ",
    " and ",
    "-",
    "x",
    "s",
    "\n",
]


@settings(deadline=None, max_examples=500)
@given(st.lists(st.sampled_from(_PLACE_PIECES), max_size=16))
def test_place_re_matches_as_written(pieces: list[str]) -> None:
    from summarizer.rules import places

    text = "".join(pieces)
    plain = _place_re_as_written()
    assert [(m.span(), m.groupdict()) for m in places._PLACE_RE.finditer(text)] == [
        (m.span(), m.groupdict()) for m in plain.finditer(text)
    ]


def test_place_re_matches_as_written_in_the_fixtures() -> None:
    from pathlib import Path

    from summarizer.rules import places

    plain = _place_re_as_written()
    paths = sorted((Path(__file__).parent.parent / "fixtures" / "articles").rglob("*.txt"))
    assert paths
    for path in paths:
        text = path.read_bytes().decode("utf-8", "replace")
        found = [(m.span(), m.groupdict()) for m in places._PLACE_RE.finditer(text)]
        assert found == [(m.span(), m.groupdict()) for m in plain.finditer(text)]
