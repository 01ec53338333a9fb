"""The guarded unions (summarizer/alternation.py) and the other speed-only rewrites of issue 14
give exactly what the plain definitions give."""

from __future__ import annotations

import importlib
import random
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scenarios import SEED_TEXT

from summarizer import alternation, injection
from summarizer.datafiles import rows

_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
_TEXTS = [SEED_TEXT] + [
    p.read_text(encoding="utf-8", errors="replace")
    for p in sorted(_FIXTURES.rglob("*.txt"))
    if p.stat().st_size < 200_000
]
#: Characters that `re` folds case for beyond ASCII (Kelvin sign, long s, dotted I), word and
#: non-word characters, and the words the person patterns look for.
_ALPHABET = [
    *"aAkKsStThH1 \n,.-'’\u212a\u017f\u0130\u0131é_",
    "killed ", "the ", "an ", "man", "Jason ", "Smith", "was ", "shot ", "died", " and son",
    "18-year-old ", "pronounced ", "dead", ", 18,", "another ", "woman", "deceased ",
]  # fmt: skip


def _plain(patterns: list[str], flags: int = 0) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


def _unions() -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    """(name, plain union, the union the code uses) for every union built by `alternation`."""
    from summarizer.crosscheck import _statement_cue
    from summarizer.numbers import person_mentions
    from summarizer.rules import lexicon
    from summarizer.rules.background import _cues

    out = [("person_mentions", _plain([r[0] for r in rows("person_mentions.txt")]), person_mentions())]
    cues = [*lexicon.outcome_cues(), *lexicon.outcome_nouns()]
    out.append(("statement cue", _plain([c.pattern.pattern for c in cues], re.IGNORECASE), _statement_cue()))
    speech = lexicon.speech_cues()
    out.append(
        (
            "speech cue",
            _plain([c.pattern.pattern for c in speech], speech[0].pattern.flags),
            lexicon.union(speech),
        )
    )
    for kind, union in _cues().items():
        patterns = [r[1] for r in rows("background_cues.tsv") if r[0] == kind]
        out.append((f"background {kind}", _plain(patterns, re.IGNORECASE), union))
    return out


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]


def _mixes(rng: random.Random, parts: Sequence[str], most: int, count: int) -> list[str]:
    """`count` texts, each of up to `most` pieces drawn from `parts`: near misses for a shortcut."""
    return ["".join(rng.choice(parts) for _ in range(rng.randint(0, most))) for _ in range(count)]


def test_the_guards_apply() -> None:
    """The speed-up is there: the person patterns and the cue unions are guarded."""
    guarded = {name: u.pattern.startswith((r"\b(?=\w)", r"(?=\w)")) for name, _, u in _unions()}
    assert guarded["person_mentions"] and guarded["statement cue"] and guarded["speech cue"]
    assert "(?=(?-i:[A-Z]))" in _unions()[0][2].pattern  # a name pattern opening with lookbehinds


@pytest.mark.parametrize("text", _TEXTS[:40])
def test_same_matches_as_the_plain_union(text: str) -> None:
    for name, plain, fast in _unions():
        assert _spans(fast, text) == _spans(plain, text), name
        for lo in range(0, len(text), 89):  # windows and slices, as the readers search them
            for a, b in (
                (plain.search(text, lo, lo + 140), fast.search(text, lo, lo + 140)),
                (plain.search(text[lo : lo + 140]), fast.search(text[lo : lo + 140])),
            ):
                assert (a and a.span()) == (b and b.span()), (name, lo)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=30))
def test_same_matches_on_random_text(parts: list[str]) -> None:
    text = "".join(parts)
    for name, plain, fast in _unions():
        assert _spans(fast, text) == _spans(plain, text), name


def _greedy(pattern: str) -> str:
    """`pattern` with its possessive repeats (`x++`, `x*+`) written as plain greedy ones."""
    return re.sub(r"(?<!\\)([+*])\+", r"\1", pattern)


def test_possessive_person_patterns_match_as_greedy_ones() -> None:
    """data/person_mentions.txt writes a run of letters before white space as `[a-z]++` (speed
    only: giving back letters can never let the white space match): the same matches as `+`."""
    patterns = [r[0] for r in rows("person_mentions.txt")]
    possessive = [p for p in patterns if _greedy(p) != p]
    assert len(possessive) >= 10
    rng = random.Random(14)
    texts = [*_TEXTS[:40], *_mixes(rng, _ALPHABET, 30, 2000)]
    for p in possessive:
        fast, plain = re.compile(p), re.compile(_greedy(p))
        for text in texts:
            assert _spans(fast, text) == _spans(plain, text), p
    # The union reads them as their greedy forms: the same guards and dispatch.
    greedy = alternation.union([_greedy(p) for p in patterns])
    assert _greedy(alternation.union(patterns).pattern) == greedy.pattern


@pytest.mark.parametrize(
    ("pattern", "word_start", "starts_with_word"),
    [
        (r"\bab", True, True),
        (r"a", False, True),
        (r"(?<= )a", True, True),
        (r"(?<=x)a", False, True),
        (r"(?:(?<=killed )|(?<=kill ))x", True, True),
        (r"(?:(?<=killed )|(?<=killx))x", False, True),
        (r"\b(?:a|\s)", False, False),
        (r"(?<!\bin )\b[A-Z]", True, True),
        (r"\b-", False, False),
        (r"\b(?:x )?a", True, True),
        (r"(?:\bx )?a", False, True),
        (r"a?", False, False),
        (r"x*", False, False),
        (r"[^a]", False, False),
        (r"(?a:\bx)", False, False),
        (r"(?=x)", False, False),
    ],
)
def test_what_the_parser_proves(pattern: str, word_start: bool, starts_with_word: bool) -> None:
    assert alternation.word_start(pattern) is word_start
    assert alternation.starts_with_word(pattern) is starts_with_word


def test_a_leading_word_boundary_is_tested_once() -> None:
    """Behind the union's `\\b(?=\\w)` an alternative's own leading `\\b` is left out; only a
    `\\b` that opens the whole alternative (not one branch of it, not an escaped backslash)."""
    assert alternation._after_boundary(r"\bman\b", 0) == r"man\b"
    for pattern in (r"\b|x", r"\ba|b", r"\\b", r"\Bx", r"(?<=a )\bb"):
        assert alternation._after_boundary(pattern, 0) == pattern
    patterns = [r"\b(?i:an?)\s+man\b", r"\bman", r"(?<= and )son\b"]
    fast = alternation.union(patterns, 0)
    assert r"(?:\b(?i:an?)" not in fast.pattern
    for text in ("a man", "A man and son", "woman", "xman", "an  man, and son", ""):
        assert _spans(fast, text) == _spans(_plain(patterns), text)


def test_an_unprovable_pattern_leaves_the_union_as_written() -> None:
    union = alternation.union([r"\bx", r"-y"])
    assert not union.pattern.startswith(("\\b(?=\\w)", "(?=\\w)"))
    assert _spans(union, "a -y x") == [(2, 4, "-y"), (5, 6, "x")]
    # A lookbehind-led alternative keeps its own first-character guard, and still matches.
    guarded = alternation.union([r"(?<!\bin )(?!No\b)[A-Z][a-z]+", r"(?<=killed )(?i:him)"])
    assert _spans(guarded, "in Paris, Rome killed HIM") == [(10, 14, "Rome"), (22, 25, "HIM")]


def test_alternatives_grouped_by_first_character() -> None:
    """Each offset tries only the alternatives that can start with its character, in their
    order: case rules mixed, a character shared by several alternatives, and the characters
    `re` folds with ASCII letters (Kelvin sign, long s, dotless i) give the plain union's matches."""
    patterns = [r"(?i:s)x", r"Sy", r"\bk", r"(?i:K)z", r"s", r"(?:a|S)b", r"-i", r"ix"]
    for flags in (0, re.IGNORECASE):
        grouped = alternation.union(patterns, flags)
        assert grouped.pattern.count("(?=(?") >= 4
        plain = _plain(patterns, flags)
        for text in (
            "\u017fx Sy sy \u212az Kz kz k \u212a ab Sb sb -i -I \u0131x \u0130x IX",
            "sSxk\u212aabsb",
        ):
            assert _spans(grouped, text) == _spans(plain, text), (flags, text)
    # One character class, or a first character that is not a printable ASCII one: as written.
    assert alternation.union([r"[a-z]x", r"sy"]).pattern.count("(?=(?") == 0
    assert alternation.union([r"[\da]x", r"sy"]).pattern.count("(?=(?") == 0
    assert alternation.union([r"\u00e9x", r"sy"]).pattern.count("(?=(?") == 0
    assert _unions()[1][2].pattern.count("(?=(?") > 10  # the statement cue is grouped


def _json_blocks_every_character(text: str) -> list[injection.Suspect]:
    """The scan as first written: every character visited."""
    found = []
    depth, open_at = 0, -1
    for i, ch in enumerate(text):
        if ch == "{":
            if depth == 0:
                open_at = i
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
            if depth == 0 and injection._JSON_PAIR_RE.search(text, open_at, i):
                found.append(injection.Suspect(open_at, i + 1, "a JSON object inside the article"))
        if depth and i - open_at > injection._MAX_BLOCK:
            depth = 0
    return found


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(["{", "}", '"k": 1', "a", " ", '"x":"y"', "\n"]), max_size=40),
    st.sampled_from([3, 5, 8, 13, 50_000]),
)
def test_json_blocks_braces_only(parts: list[str], limit: int) -> None:
    text = "".join(parts)
    old = injection._MAX_BLOCK
    injection._MAX_BLOCK = limit
    try:
        assert injection._json_blocks(text) == _json_blocks_every_character(text)
    finally:
        injection._MAX_BLOCK = old


def test_statement_values_stop_early_with_the_same_answer() -> None:
    """The cross-check asks only whether the model's numbers stand in a casualty statement."""
    from summarizer.crosscheck import statement_values

    full = statement_values(SEED_TEXT)
    for wanted in ({84}, {84, 18}, {84, 999}, {3, 12, 1}, set()):
        part = statement_values(SEED_TEXT, wanted)
        assert part <= full and {v for v in wanted if v in part} == {v for v in wanted if v in full}
    assert statement_values(SEED_TEXT, {84}) < full  # it did stop early


def test_printable_returns_the_digest_when_there_is_nothing_to_show() -> None:
    from summarizer import Settings, Summarizer
    from summarizer.render import printable

    digest = Summarizer(Settings(offline=True)).summarize_text(SEED_TEXT)
    assert printable(digest) is digest
    marked = digest.model_copy(update={"summary": digest.summary.model_copy(update={"text": "a\x1b[2Jb"})})
    assert printable(marked).summary.text == "a\u241b[2Jb"


def test_outcome_cues_read_only_where_their_union_matches() -> None:
    """_Clause reads each outcome cue at the offsets where their union matches: the cues it
    finds are those a scan of every offset finds."""
    from summarizer.rules import casualties
    from summarizer.rules.units import sentences

    signal = casualties._figure_signal
    found = 0
    for text in _TEXTS[:60]:
        for s in sentences(text):
            for lo, hi in s.clauses:
                fast = casualties._Clause(text, lo, hi, s.index).cues
                casualties._figure_signal = lambda: None  # type: ignore[assignment]
                try:
                    plain = casualties._Clause(text, lo, hi, s.index).cues
                finally:
                    casualties._figure_signal = signal
                assert fast == plain, text[lo:hi]
                found += len(fast)
    assert found > 100


def test_finditer_at_is_finditer() -> None:
    union = alternation.union([r"\bab\b", r"\bb\w*", r"(?<=x)a"])
    parts = [re.compile(p) for p in (r"\bab\b", r"\bb\w*", r"(?<=x)a")]
    for text in ("ab ba xa bab ab", "xab b bb", "", "a"):
        for lo, hi in ((0, len(text)), (1, len(text)), (0, max(0, len(text) - 2))):
            at = alternation.starts(union, text, lo, hi)
            for p in parts:
                assert _spans_at(alternation.finditer_at(p, text, at, lo, hi)) == _spans_at(
                    p.finditer(text, lo, hi)
                ), (p.pattern, text, lo, hi)


def _spans_at(matches: Iterable[re.Match[str]]) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


def test_speech_cues_read_only_where_their_union_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Attributor.read tries each speech cue only where their union matches: the same speeches."""
    from summarizer.rules.actors import Actors
    from summarizer.rules.attribution import Attributor
    from summarizer.rules.units import sentences

    def read_all(text: str) -> list[object]:
        attributor = Attributor(text, Actors(text))
        return [attributor.read(s) for s in sentences(text)]

    fast = [read_all(t) for t in _TEXTS[:60]]
    monkeypatch.setattr(alternation, "finditer_at", lambda p, text, at, lo, hi: p.finditer(text, lo, hi))
    assert fast == [read_all(t) for t in _TEXTS[:60]]
    assert sum(len(s) for f in fast for s in f) > 50  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "reader", ["summarizer.rules.grouping:event_words", "summarizer.rules.events:cue_hits"]
)
def test_event_cues_read_only_where_their_union_matches(reader: str, monkeypatch: pytest.MonkeyPatch) -> None:
    module, name = reader.split(":")
    read = getattr(importlib.import_module(module), name).__wrapped__

    spans = [t[i : i + 200] for t in _TEXTS[:60] for i in range(0, len(t), 150)]
    fast = [read(s) for s in spans]
    monkeypatch.setattr(alternation, "finditer_at", lambda p, text, at, lo, hi: p.finditer(text, lo, hi))
    assert fast == [read(s) for s in spans]
    assert sum(map(len, fast)) > 50


_BACKGROUND_TEXTS = [
    "Gunmen killed 4 people on Monday. Earlier this year, militants killed 13 protesters. "
    "In 2019 the army killed 7. Police said 2 were hurt.",
    "A man pleaded not guilty on Tuesday. He is charged over the bombing.\n\nThe blast on April 19, "
    "1995, killed 168 people. In 1995 police said 500 were hurt. Two years ago 3 died.",
    "Shootings are commonplace in the city. Three people were shot on Friday, police said.",
    "Earlier this year, the town was attacked. In 2019 the army killed 7. During 2020 rebels "
    "killed 9. Police said 2 were hurt on Sunday.",
]


@pytest.mark.parametrize("text", _BACKGROUND_TEXTS + _TEXTS[:40])
def test_background_figures_is_find_background(text: str) -> None:
    """The cross-check's background reading (only the sentences that hold a figure and those a
    carried span comes from) covers what the whole reading covers, at every figure and at every
    sentence's first and last character."""
    from summarizer.rules.actors import Actors
    from summarizer.rules.attribution import Attributor
    from summarizer.rules.background import background_figures, find_background
    from summarizer.rules.extract import read_all_figures
    from summarizer.rules.units import sentences

    sents = sentences(text)
    found, _ = read_all_figures(text, sents, Attributor(text, Actors(text)))
    edges = [s.start for s in sents] + [s.end - 1 for s in sents]
    for starts in ([f.anchor for f in found], edges):
        whole = find_background(text, sents, starts)
        assert background_figures(text, sents, starts) == {s for s in starts if whole.covers(s)}


def test_first_chars_offsets_keep_every_match() -> None:
    """Each pattern tried only at the union's starts where it can start finds what finditer does."""
    patterns = [re.compile(p, re.IGNORECASE) for p in (r"\bab\b", r"\bb\w*", r"(?<=x)a", r"\w+s\b")]
    union = alternation.union([p.pattern for p in patterns], re.IGNORECASE)
    index = alternation.FirstChars(patterns)
    for text in ("ab Ba xa bab AB", "xab b bb", "", "a", "Kelvin \u212aab bs"):
        at = alternation.starts(union, text, 0, len(text))
        offsets = index.offsets(text, at)
        for n, p in enumerate(patterns):
            got = _spans_at(alternation.finditer_at(p, text, offsets.get(n, []), 0, len(text)))
            assert got == _spans_at(p.finditer(text)), (p.pattern, text)


def test_literal_filter_finds_a_word_exactly_when_one_occurs() -> None:
    """The prefix tree of the filter's words matches where a flat list of them would."""
    rng = random.Random(14)
    for _ in range(2000):
        words = [
            "".join(rng.choice("ab.c") for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(0, 6))
        ]
        text = "".join(rng.choice("ab.c ") for _ in range(rng.randint(0, 12)))
        each, tree = alternation.LiteralFilter(words), alternation.LiteralFilter(words)
        tree._few = False  # the prefix tree, as for many words
        assert each._few  # a few words: looked for one by one
        for words_filter in (each, tree):
            assert words_filter.may_match_folded(text) == any(w in text for w in words), (words, text)


def test_anchored_trie_finds_a_word_exactly_when_one_occurs() -> None:
    """Words found from a rare character of each (common and rare ones, words sharing an end,
    one inside another, an empty word): a search matches exactly when one of them occurs."""
    rng = random.Random(15)
    alphabet = "etsk z.\u0307"
    for _ in range(5000):
        words = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0 if rng.random() < 0.02 else 1, 6)))
            for _ in range(rng.randint(0, 8))
        ]
        pattern = re.compile(alternation._anchored_trie(words))
        for _ in range(4):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
            if words and rng.random() < 0.3:
                text += rng.choice(words) + text
            assert (pattern.search(text) is not None) == any(w in text for w in words), (words, text)


_FINDER_CASES = [
    r"\b(?:soldiers?|troops|policem[ae]n|bab(?:y|ies)|aid workers|counter-terrorism|forces)\b",
    r"\b(?:a|b)\b|\b(?:c)\b",  # not one group: as written
    r"\b(?:[|(]x|y\|z|(?:p|q)r)\b",  # "|" inside a class, escaped and in a group
    r"\b(?:one)\b",
    r"killed|wounded",
]


@pytest.mark.parametrize("pattern", _FINDER_CASES)
def test_finder_matches_somewhere_exactly_when_the_pattern_does(pattern: str) -> None:
    found = alternation.finder(pattern, re.IGNORECASE)
    plain = re.compile(pattern, re.IGNORECASE)
    rng = random.Random(14)
    words = [
        *("soldier", "soldiers", "Troops", "policemen", "babies", "baby", "aid workers", "x", "[x"),
        *("|x", "y|z", "pr", "qr", "one", "a", "b", "c", "killed", "-", " ", "\u017foldiers", "forces_"),
    ]
    texts = _TEXTS + _mixes(rng, words, 8, 3000)
    assert [bool(found.search(t)) for t in texts] == [bool(plain.search(t)) for t in texts]


def test_finder_splits_the_victim_words() -> None:
    """The victim groups' patterns are one group of words: each is split (the speed-up applies)."""
    from summarizer.rules import lexicon

    for cue in lexicon.victim_words():
        assert alternation.finder(cue.pattern.pattern, cue.pattern.flags).pattern != cue.pattern.pattern
        texts = _TEXTS + [w for w in re.split(r"[|()?\\b]+", cue.pattern.pattern) if w]
        found = alternation.finder(cue.pattern.pattern, cue.pattern.flags)
        assert [bool(found.search(t)) for t in texts] == [bool(cue.pattern.search(t)) for t in texts]


def test_clauses_skip_only_sentences_without_a_break(monkeypatch: pytest.MonkeyPatch) -> None:
    """units._clauses tries its pattern only where a break's words stand: the same clauses."""
    from summarizer.rules import units

    rng = random.Random(10)
    parts = [
        ";", ",", " ", "  ", "\n", "\u00a0", ", ", "x",
        "while", "whereas", "but", "and that", "and", " that",
    ]  # fmt: skip
    texts = _TEXTS[:60] + _mixes(rng, parts, 20, 5000)
    spans = [(t, lo, hi) for t in texts for lo, hi in ((0, len(t)), (1, max(1, len(t) - 1)))]
    fast = [units._clauses(t, lo, hi) for t, lo, hi in spans]
    monkeypatch.setattr(units, "_may_break", lambda text, start, end: True)
    assert fast == [units._clauses(t, lo, hi) for t, lo, hi in spans]
    assert sum(len(f) > 1 for f in fast) > 100


def test_word_groups_find_the_words_a_text_holds() -> None:
    from summarizer.rules.attribution import _cue_words

    rng = random.Random(4)
    for words in (list(_cue_words()[0]), ["said", "is said to", "ab", "b", "abc", "reported", "reportedly"]):
        groups = alternation.WordGroups(words)
        assert sorted(w for _, g in groups.groups for w in g) == sorted(set(words))
        pieces = [*words, *(w[: len(w) // 2] for w in words), " ", "x"]
        texts = [alternation.fold(t) for t in _TEXTS[:60]]
        texts += _mixes(rng, pieces, 6, 3000)
        for text in texts:
            assert sorted(groups.present(text)) == sorted(w for w in set(words) if w in text), text


def test_state_cue_starts_are_the_cue_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Actors finds state forces at the offsets `str.find` gives in ASCII text: the cue's own."""
    from summarizer.rules import actors

    rng = random.Random(5)
    heads = [
        *actors._STATE_HEADS,
        "SECURITY",
        "Forces",
        "ArMy",
        "troopsecurity",
        "s",
        "x",
        " ",
        "-",
        "’",
        "é",
    ]
    heads += ["\u017foldiers", "mil\u0131tary", "pol\u0130ce", "FORCEſ", "ÉCURITY", "\u212a"]
    texts = _TEXTS + _mixes(rng, heads, 10, 3000)
    for text in texts:
        plain = [m.start() for m in re.finditer(f"(?=(?:{actors._STATE_CUE.pattern}))", text)]
        fast = actors._state_cue_starts(text)
        assert fast is None or fast == plain, text
        assert fast is not None or any(c in text for c in actors._FOLD_TO_ASCII)

        if fast is not None:  # tried from the word before each cue: finditer's matches
            near = actors._finditer_from_cues(actors._STATE_RE, text, "_'’-", fast)
            assert [m.span() for m in near] == [m.span() for m in actors._STATE_RE.finditer(text)], text
    assert actors._STATE_RE.pattern.startswith(r"(?<![\w-])")  # what _finditer_from_cues relies on

    def read(text: str) -> list[tuple[int, int, str]]:
        return [(m.start, m.end, m.actor.name) for m in actors.Actors(text).mentions]

    fast_mentions = [read(t) for t in _TEXTS[:80]]
    monkeypatch.setattr(actors, "_state_cue_starts", lambda text: None)
    assert fast_mentions == [read(t) for t in _TEXTS[:80]]


def test_glued_sentences_found_where_the_plain_pattern_finds_them() -> None:
    from summarizer import sentences

    plain = re.compile(r"[a-z)][.!?]['\"’”]?[A-Z][a-z]")
    rng = random.Random(6)
    parts = [*"az).!?\"'’”AZb (éK", "said.The", "U.S."]
    texts = _TEXTS + _mixes(rng, parts, 12, 20000)
    found = [bool(sentences._GLUED.search(t)) for t in texts]
    assert found == [bool(plain.search(t)) for t in texts]
    assert sum(found) > 100


def test_actor_scans_near_their_cues_are_finditer() -> None:
    """The organisation and group-noun scans, tried from the word run before each head that
    `str.find` gives: the matches `finditer` gives."""
    from summarizer.rules import actors

    rng = random.Random(8)
    parts = [*actors._ORG_HEADS, *actors._GROUP_NOUNS, "Pakistan", "The ", "the", "al-", "’s", " ", ", ", "X"]
    texts = _TEXTS + _mixes(rng, parts, 12, 3000)
    for pattern, words, before in (
        (actors._ORG_RE, actors._ORG_HEADS, 4),
        (actors._GROUP_NOUN_RE, actors._GROUP_NOUNS, 2),
    ):
        for text in texts:
            starts = actors._starts_of(text, words)
            assert starts == [m.start() for m in re.finditer(f"(?=(?:{'|'.join(words)}))", text)]
            near = actors._finditer_from_cues(pattern, text, "_'’-", starts, words=before)
            assert [m.span() for m in near] == [m.span() for m in pattern.finditer(text)], text


def test_only_four_characters_beyond_ascii_fold_to_an_ascii_letter() -> None:
    """`actors._FOLD_TO_ASCII` is every character that IGNORECASE matches to an ASCII letter."""
    import sys

    from summarizer.rules import actors

    letter = re.compile("[a-z]", re.IGNORECASE)
    found = [chr(n) for n in range(128, sys.maxunicode + 1) if letter.fullmatch(chr(n))]
    assert found == list(actors._FOLD_TO_ASCII)
    lowered = [
        chr(n) for n in range(128, sys.maxunicode + 1) if len(chr(n).lower()) != 1 or chr(n).lower().isascii()
    ]
    assert set(lowered) <= set(actors._FOLD_TO_ASCII)


def test_a_two_character_word_with_a_digit_filters() -> None:
    """ "0s" of "in the 1990s" is a word a filter may rely on (rarer than "the"), "in" is not."""
    words = alternation.LiteralFilter.of([r"in\s+the\s+(?:19|20)?\d0s\b"], re.IGNORECASE)
    assert words is not None and words.words == ("0s",)
    assert alternation.LiteralFilter.of([r"\bin\s+\d"], re.IGNORECASE) is None
    pattern = re.compile(r"in\s+the\s+(?:19|20)?\d0s\b", re.IGNORECASE)
    for text in ["in the 1990s", "In THE 80S", "in the 1990", "in the 90's", *_TEXTS[:40]]:
        assert words.may_match(text) or not pattern.search(text)
