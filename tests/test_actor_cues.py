"""The actor scans tried from the words before each cue `str.find` gives: `finditer`'s matches."""

from __future__ import annotations

import random
from pathlib import Path

from summarizer.rules import actors

_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
_TEXTS = [
    p.read_text(encoding="utf-8", errors="replace")
    for p in sorted(_FIXTURES.rglob("*.txt"))
    if p.stat().st_size < 200_000
]


def test_group_noun_and_organisation_scans_from_their_cues_are_finditer() -> None:
    """`_finditer_from_cues` with two words before a group noun and four before an organisation's
    head (the most their patterns hold up to their first cue): the matches `finditer` gives."""
    rng = random.Random(11)
    parts = [
        *actors._ORG_HEADS, *actors._GROUP_NOUNS, "Pakistan", "The ", "the", "al-", "’s", "'", "-", "_",
        " ", "  ", "\t", "\n", ", ", "X", "Xy", "é", "É", "1", "(", "Baloch ", "Liberation ",
    ]  # fmt: skip
    texts = _TEXTS + ["".join(rng.choice(parts) for _ in range(rng.randint(0, 14))) for _ in range(20000)]
    for n in range(7):  # names of 0-6 capitalised words, then every head, behind other words
        for sep in (" ", "  ", "\t", "\n "):
            for head in (*actors._ORG_HEADS, *actors._GROUP_NOUNS):
                name = sep.join(["Xy", "Al-Qaeda", "Tehrik-i-Taliban", "Pakistan’s", "Free", "B_c"][:n])
                for lead in ("", "the ", "’", "-", "x", ". "):
                    texts.append(f"{lead}{name}{sep}{head} said, and {lead}{name}{sep}{head}s")
    compared = 0
    for pattern, heads, words in (
        (actors._ORG_RE, actors._ORG_HEADS, 4),
        (actors._GROUP_NOUN_RE, actors._GROUP_NOUNS, 2),
    ):
        for text in texts:
            starts = actors._starts_of(text, heads)
            near = actors._finditer_from_cues(pattern, text, "_'’-", starts, words=words)
            expected = [m.span() for m in pattern.finditer(text)]
            assert [m.span() for m in near] == expected, text
            compared += len(expected)
    assert compared > 1000  # matches were found: the comparison can fail


def test_acronym_scan_from_its_brackets_is_finditer() -> None:
    """`_acronyms`, searched from the eighth word before each bracket to its ")" (a name holds at
    most eight words, and may start inside one): the matches `finditer` gives."""
    rng = random.Random(12)
    parts = [
        "(", ")", "(AB)", "(TTP)", "(ISIS-K)", " (BLA)", "(a)", "al", "al-", "bin", "of", "the", "de", "and",
        "Xy", "Baloch", "Liberation", "Army", "Tehrik-i-Taliban", "U.S.", "’s", "'", "-", "_", ".", " ", "  ",
        "\t", "\n", ", ", "é", "É", "1", "x",
    ]  # fmt: skip
    texts = _TEXTS + ["".join(rng.choice(parts) for _ in range(rng.randint(0, 16))) for _ in range(20000)]
    words = ["Xy", "al-Qaeda", "of", "the", "Islamic", "State’s", "U.S.", "Wal", "B_c", "Zed"]
    for n in range(11):  # names of 0-10 words, behind other words and characters
        for sep in (" ", "\t ", " \t"):
            for gap in ("", " ", "\n", "\t"):
                name = sep.join(words[:n])
                for lead in ("", "the ", "’", "-", "x", "xal ", ". ", "(", "Xy "):
                    texts.append(f"{lead}{name}{gap}(AQ) said, and {lead}{name}{gap}(AQAP) (Bc)")
    compared = 0
    for text in texts:
        near = actors._acronyms(text)
        expected = [m.span() for m in actors._ACRONYM_RE.finditer(text)]
        assert [m.span() for m in near] == expected, text
        compared += len(expected)
    assert compared > 1000  # matches were found: the comparison can fail
