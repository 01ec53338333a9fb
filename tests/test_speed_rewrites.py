"""Speed-only rewrites of the rules reading (issue 11's time target, issue 14) give exactly what
the plain definitions give: the first-character dispatch of large unions, `AnyOf`, the number
patterns' guards, and the name grounder's group index."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scenarios import SEED_TEXT

from summarizer import alternation, grounding, numbers
from summarizer.datafiles import rows
from summarizer.rules import language, lexicon
from summarizer.sentences import split_sentences

_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
_TEXTS = [SEED_TEXT] + [
    p.read_text(encoding="utf-8", errors="replace")
    for p in sorted(_FIXTURES.rglob("*.txt"))
    if p.stat().st_size < 200_000
]
_SENTENCES = [t[a:b] for t in _TEXTS[:60] for a, b in split_sentences(t)]
#: Characters `re` folds case for beyond ASCII, word and non-word characters, and cue words.
_ALPHABET = [
    *"aAkKsStThHiI1 \n,.-'’\u212a\u017f\u0130\u0131é_",
    "killed ", "were killed", "the ", "an ", "man", "Jason ", "Smith", "was ", "shot ", "died",
    " and son", "18-year-old ", "both ", "couple ", "two ", "Twenty-one ", "dozens ", "of the ",
    "injured", ", ", "years ago", "Since ", "in the 1990s", "Of the 12 killed, two were ",
]  # fmt: skip


def _plain(patterns: list[str], flags: int) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _dispatched() -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    outcome = lexicon.outcome_cues()
    both = [*outcome, *lexicon.outcome_nouns()]
    person = [r[0] for r in rows("person_mentions.txt")]
    return [
        ("outcome cues", _plain([c.pattern.pattern for c in outcome], re.IGNORECASE), lexicon.union(outcome)),
        ("cues and nouns", _plain([c.pattern.pattern for c in both], re.IGNORECASE), lexicon.union(both)),
        ("person mentions", _plain(person, 0), numbers.person_mentions()),
    ]


def test_large_unions_are_grouped() -> None:
    """The cue unions by `_by_first_char`; the person mentions (some open with [A-Z]) by the
    ASCII dispatch, whose catch-all group is for non-ASCII characters."""
    for name, _, fast in _dispatched():
        assert fast.pattern.count("(?=(?") > 10, name
    assert "(?=(?-i:[^\\x00-\\x7f]))" in numbers.person_mentions().pattern


@pytest.mark.parametrize("text", _TEXTS[:40])
def test_dispatch_same_matches(text: str) -> None:
    for name, plain, fast in _dispatched():
        assert [(m.span(), m.group(0)) for m in fast.finditer(text)] == [
            (m.span(), m.group(0)) for m in plain.finditer(text)
        ], name
        assert alternation.starts(fast, text, 0, len(text)) == alternation.starts(plain, text, 0, len(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=30))
def test_dispatch_same_matches_on_random_text(parts: list[str]) -> None:
    text = "".join(parts)
    for name, plain, fast in _dispatched():
        assert _spans(fast, text) == _spans(plain, text), name


def _any_of_lists() -> list[tuple[str, list[str], int]]:
    kinds = ("before", "sentence", "generic", "opener")
    return [
        ("partitives", [r[1] for r in rows("partitives.tsv")], re.IGNORECASE),
        ("background", [r[1] for r in rows("background_cues.tsv") if r[0] in kinds], re.IGNORECASE),
        ("mixed", [r"^\W*since\b", r"(?P<x>\d+) killed", r"(?P<x>\w+) of (?P<y>them)", r"\bago\b"], 0),
    ]


def test_any_of_is_any_search() -> None:
    for name, patterns, flags in _any_of_lists():
        fast = alternation.AnyOf(patterns, flags)
        plain = [re.compile(p, flags) for p in patterns]
        found = [fast.search(s) for s in _SENTENCES]
        assert found == [any(p.search(s) for p in plain) for s in _SENTENCES], name
        if name != "mixed":
            assert any(found), name  # the fixtures do hold some


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=30))
def test_any_of_on_random_text(parts: list[str]) -> None:
    text = "".join(parts)
    for name, patterns, flags in _any_of_lists():
        plain = any(re.compile(p, flags).search(text) for p in patterns)
        assert alternation.AnyOf(patterns, flags).search(text) == plain, name


_GUARDS = [numbers._NUMBER_START, r"(?=[aoht])"]


def _unguarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    text = pattern.pattern
    for g in _GUARDS:
        text = text.replace(g, "", 1)
    assert text != pattern.pattern
    return re.compile(text, pattern.flags)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=30))
def test_number_guards_change_no_match(parts: list[str]) -> None:
    text = "".join(parts)
    for fast in (numbers.QUANTITY_RE, numbers.COUNT_RE, numbers.SINGULAR_RE):
        plain = _unguarded(fast)
        assert [m.groupdict() | {"": m.span()} for m in fast.finditer(text)] == [
            m.groupdict() | {"": m.span()} for m in plain.finditer(text)
        ]


def test_number_guards_on_articles() -> None:
    for fast in (numbers.QUANTITY_RE, numbers.COUNT_RE, numbers.SINGULAR_RE):
        plain = _unguarded(fast)
        for text in _TEXTS[:60]:
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def _grounder_words(article: str) -> set[str]:
    """`NameGrounder.words` as written before the group index: every group tried in order."""
    norm = grounding.normalise(article)[0]
    plain = grounding.NameGrounder.__new__(grounding.NameGrounder)
    plain.norm = norm
    plain.words = {grounding._stem(w) for w in grounding._NAME_WORD.findall(norm)}
    for phrases, group_words in grounding._equivalent_phrases():
        if any(plain._phrase_in(*phrase) for phrase in phrases):
            plain.words.update(group_words)
    return plain.words


@pytest.mark.parametrize(
    "text", [*_TEXTS[:40], "Pakistani Taliban TTP Afghan Kabul", "Islamic State ISIS Daesh ISIL Iraqi"]
)
def test_name_grounder_same_words(text: str) -> None:
    assert grounding.NameGrounder(text).words == _grounder_words(text)


_FOLD_ALPHABET = [
    *_ALPHABET, "kİlled", "KILLED", "\u212aILLED", "ſaid", "SAİD", "saıd", "told ", "bomb", "BOMBİNG",
    "attacked", "bodies", "hostages", "Of the ", "whom ", "ﬁre", "ß", "include",
]  # fmt: skip


def _filters() -> list[tuple[str, alternation.LiteralFilter | None, list[re.Pattern[str]]]]:
    from summarizer.rules import casualties, events, partitive

    signal = casualties._figure_signal()
    assert signal is not None
    parts = [re.compile(p, re.IGNORECASE) for _, p, *_ in rows("partitives.tsv")]
    return [
        ("figures", casualties._figure_words(), [*(c.pattern for c in lexicon.outcome_cues()), signal[1]]),
        ("crime", events._crime_words(), [lexicon.crime_cue_re()]),
        ("partitives", partitive._any_part()._words, parts),
        *(("partitive union", w, parts) for _, w in partitive._any_part()._unions),
    ]


def test_literal_filters_are_built() -> None:
    for name, words, _ in _filters():
        assert words is not None and words.words, name


def _sound(text: str) -> None:
    for name, words, patterns in _filters():
        if words is not None and not words.may_match(text):
            assert not any(p.search(text) for p in patterns), (name, text)


def test_literal_filters_never_hide_a_match_in_articles() -> None:
    for sentence in _SENTENCES:
        _sound(sentence)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_FOLD_ALPHABET), max_size=25))
def test_literal_filters_never_hide_a_match(parts: list[str]) -> None:
    _sound("".join(parts))


@pytest.mark.parametrize(
    ("pattern", "flags", "words"),
    [
        (r"\bkilled\b", re.IGNORECASE, {"killed"}),
        (r"\b(?:shot|stabbed)\s+dead\b", re.IGNORECASE, {"dead"}),
        (r"(?:a|an)\s+(?:man|woman)", 0, {"man"}),  # "woman" holds "man"
        (r"\b\w+\s+ago", 0, {"ago"}),
        (r"[A-Z]\w+", 0, None),
        (r"\bin\b", 0, None),  # too short to rely on
    ],
)
def test_literal_filter_words(pattern: str, flags: int, words: set[str] | None) -> None:
    got = alternation.LiteralFilter.of([pattern], flags)
    assert (None if got is None else set(got.words)) == words


@pytest.mark.parametrize(
    "text", [*_SENTENCES[:200:7], SEED_TEXT, "A five-year-old child and two women were hurt."]
)
def test_supported_is_supported_values(text: str) -> None:
    lazy = numbers.Supported(text)
    full = numbers.supported_values(text)
    assert {v for v in range(-1, 2000) if v in lazy} == {v for v in full if -1 <= v < 2000}
    assert set(lazy) == full and len(lazy) == len(full)
    assert "3" not in lazy and None not in lazy


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["pakistan", "islamic state", "a", "x", " ", "\n", "_", "-", "é", "'s"]), max_size=12
    )
)
def test_phrase_pattern_with_the_look_behind_last(parts: list[str]) -> None:
    text = "".join(parts)
    for name in ("pakistan", "islamic state", "a", "'s"):
        plain = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        fast = re.compile(rf"{re.escape(name)}(?!\w)(?<!\w[\s\S]{{{len(name)}}})")
        assert _spans(fast, text) == _spans(plain, text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*_ALPHABET, "in ", "IN ", "İn ", "ın ", "near ", "Quetta", " of ", "Tt", "INTO ", "towards "]
        ),
        max_size=25,
    )
)
def test_place_guard_changes_no_match(parts: list[str]) -> None:
    """The preposition pattern written first letter first finds what the plain one does."""
    from summarizer.rules import places

    text = "".join(parts)
    fast = places._PLACE_RE
    prepositions = "in|at|near|into|of|outside|around|across|to|toward|towards|from|inside|within|on"
    plain = re.compile(rf"\b(?P<prep>(?i:{prepositions}))\s+" + places._PLACE_TAIL, fast.flags)
    assert plain.pattern != fast.pattern
    assert [m.groupdict() | {"": m.span()} for m in fast.finditer(text)] == [
        m.groupdict() | {"": m.span()} for m in plain.finditer(text)
    ]


def test_any_of_falls_back_to_one_search_per_pattern() -> None:
    patterns = [r"(?P<a>x)?(?(a)y|z)", r"(?P<a>q)(?P=a)", r"(?P<a>w)"]
    fast = alternation.AnyOf(patterns)
    for text in ("xy", "z", "qq", "q", "w", ""):
        assert fast.search(text) == any(re.search(p, text) for p in patterns), text


def test_not_figures_is_the_anchored_union() -> None:
    """`lexicon.not_figures` (anchored patterns tried only when the text holds their words)
    matches every slice from a number on exactly when the plain union matches its start."""
    plain = _plain([r[0] for r in rows("not_figures.tsv")], re.IGNORECASE)
    texts = [
        *_TEXTS,
        "28,000 people have died since 2015; 35 die every day. Four were killed or wounded. A 911 call "
        "said he was shot eight times. Two others were not injured. 17 y.o killed in two separate shootings.",
    ]
    slices = [t[m.start() : m.start() + 90] for t in texts for m in re.finditer(r"\b(?:\d+|one|two|a)\b", t)]
    found = [lexicon.not_figures().search(s) for s in slices]
    assert found == [plain.match(s) is not None for s in slices]
    assert sum(found) >= 5


def test_required_words() -> None:
    assert alternation.required_words(r"^[^.;]{0,70}?\b(?:died|killed)\s+or\s+(?:hurt|wounded)\b") == (
        ("died", "killed"),
        ("hurt", "wounded"),
    )
    assert alternation.required_words(r"^9-?1-?1\b") == ()


def test_web_addresses_hold_a_slash_or_www() -> None:
    """`read_figures` looks for links only in sentences with "/" or "www.": none is lost."""
    from summarizer.rules.casualties import _URL

    texts = [*_SENTENCES, "see WwW.example.com now", "at http://a.b/c", "x/y.html killed", "www"]
    for s in texts:
        if _URL.search(s):
            assert "/" in s or "www." in s.lower(), s
    assert sum(bool(_URL.search(s)) for s in texts) >= 3


def _hedge_plain(text: str, start: int) -> numbers.Hedge:
    """`numbers.hedge_before` as written before its shortcuts: both patterns searched in full."""
    left = text[max(0, start - 60) : start]
    offset = start - len(left)
    m = numbers._RANGE_BEFORE.search(left)
    if m:
        low = numbers.parse_number(m.group("a") or m.group("b") or "")
        if low is not None:
            return numbers.Hedge("range", offset + m.start(), low)
    m = numbers._QUALIFIER_BEFORE.search(left)
    qualifier = numbers.QUALIFIERS.get(m.group("q").casefold()) if m else None
    if m and qualifier is not None:
        return numbers.Hedge(qualifier, offset + m.start())
    return numbers.Hedge("exact", start)


_HEDGES = [
    "at least 84", "more than a hundred", "between 10 and 15", "10 to 15", "10-15", "10 – 15",
    "about\n12", "About A  12", "almost  \n a\n 7", "up to TEN", "in excess of 40", "killed 3 and 4",
    "some 5", "no fewer than 6", "Roughly 9", "approximately\t\t\t\t\t\t\t\t\t\t\t\t\t\t7", "x—7",
    "lea\u017ft 5", "at lea\u017ft 5", "mo\u017ft 5", "MORE THAN\u00a0A\u00a05", "Ghana 5", "some a 5",
    "over\na\n5",
]  # fmt: skip


def _either(read: Callable[[str, int], numbers.Hedge], text: str, start: int) -> object:
    """What `read` gives, or the kind of error it raises (should either raise)."""
    try:
        return read(text, start)
    except KeyError as e:
        return type(e)


@pytest.mark.parametrize("text", _TEXTS[:40] + _HEDGES)
def test_hedge_before_shortcuts(text: str) -> None:
    """hedge_before skips a pattern only where it cannot match: the same hedge at every offset."""
    for start in range(len(text) + 1):
        assert _either(numbers.hedge_before, text, start) == _either(_hedge_plain, text, start), (
            text[max(0, start - 60) : start],
        )
    if text in _HEDGES[:4]:  # these do hold a hedge
        assert numbers.hedge_before(text, text.rindex(" ") + 1).qualifier != "exact"


def test_no_qualifier_ends_with_a() -> None:
    """`hedge_before` reads a final "a" as the article after a qualifier ("more than a 100")."""
    assert not any(q.endswith(("a", "A")) for q in numbers.QUALIFIERS)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *_ALPHABET,
                "at least ",
                "lea\u017ft ",
                "ABOUT ",
                " and ",
                " to ",
                "–",
                "a ",
                "\t",
                "\u00a0",
                "12",
            ]
        ),
        max_size=30,
    )
)
def test_hedge_before_shortcuts_on_random_text(parts: list[str]) -> None:
    text = "".join(parts)
    for start in range(len(text) + 1):
        assert _either(numbers.hedge_before, text, start) == _either(_hedge_plain, text, start)


#: The number words as the flat list `alternation.word_tree` stands for in `numbers`.
_FLAT_WORDS = "|".join(numbers._NUMBER_WORDS)
_WORD_PATTERNS = ["QUANTITY_RE", "COUNT_RE", "SINGULAR_RE", "_RANGE_BEFORE"]


def test_number_word_tree_is_the_word_list() -> None:
    """The prefix tree matches each number word and nothing else (its prefixes, its extensions)."""
    tree = re.compile(numbers._WORD, re.IGNORECASE)
    for word in numbers._NUMBER_WORDS:
        assert tree.fullmatch(word) and tree.fullmatch(word.upper()), word
        for n in range(1, len(word)):
            assert bool(tree.fullmatch(word[:n])) == (word[:n] in numbers._NUMBER_WORDS), word[:n]
        assert not tree.fullmatch(word + "s"), word
    for name in _WORD_PATTERNS:
        assert numbers._WORD in getattr(numbers, name).pattern, name


def _flat(name: str) -> re.Pattern[str]:
    pattern = getattr(numbers, name)
    return re.compile(pattern.pattern.replace(numbers._WORD, _FLAT_WORDS), pattern.flags)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("name", _WORD_PATTERNS)
def test_number_word_tree_finds_what_the_flat_list_finds(name: str) -> None:
    fast, flat = getattr(numbers, name), _flat(name)
    texts = [*_TEXTS[:60], " ".join(numbers._NUMBER_WORDS), "Seventy-Seven and EIGHTEEN, ſix, ſixty-K tens"]
    for text in texts:
        assert _matches(fast, text) == _matches(flat, text)
    for text in _SENTENCES[:400]:  # `_RANGE_BEFORE` ends at the text's end
        for cut in range(0, len(text), 7):
            assert _matches(fast, text[:cut]) == _matches(flat, text[:cut])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*_ALPHABET, *numbers._NUMBER_WORDS, "seventh", "eigh", "sixt", "-", "and ", " to ", "between "]
        ),
        max_size=30,
    )
)
def test_number_word_tree_on_random_text(parts: list[str]) -> None:
    text = "".join(parts)
    for name in _WORD_PATTERNS:
        assert _matches(getattr(numbers, name), text) == _matches(_flat(name), text)


def test_statement_sentences_hold_a_figure_word() -> None:
    """`crosscheck.statement_values` skips the sentences `may_state_figure` rules out: every
    sentence the statement pattern finds something in passes it, and many do not."""
    from summarizer.crosscheck import _statement_cue
    from summarizer.rules.casualties import may_state_figure

    cue = _statement_cue()
    found = [bool(cue.search(s)) for s in _SENTENCES]
    passed = [may_state_figure(s) for s in _SENTENCES]
    assert all(p for f, p in zip(found, passed, strict=True) if f)
    assert sum(found) >= 50 and passed.count(False) >= 100


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*_ALPHABET, "bodies", "hostages", "wounded", "KILLED", "dead"]), max_size=30)
)
def test_statement_filter_on_random_text(parts: list[str]) -> None:
    from summarizer.crosscheck import _statement_cue
    from summarizer.rules.casualties import may_state_figure

    text = "".join(parts)
    assert may_state_figure(text) or not _statement_cue().search(text)


@pytest.mark.parametrize("name", ["split_sentences", "find_quantities", "people_counts"])
def test_readings_kept_per_digest_give_a_new_list(name: str) -> None:
    """`split_sentences`, `find_quantities` and `people_counts` read a text once per digest: the
    same result as a reading outside any digest, in a list of the caller's own (changing it
    changes nothing for the next caller)."""
    from summarizer import sentences
    from summarizer.memo import digest_scope

    read = getattr(sentences if name == "split_sentences" else numbers, name)
    texts = _TEXTS[:20] if name == "split_sentences" else _SENTENCES[:200]
    for text in texts:
        fresh = read(text)
        with digest_scope():
            first = read(text)
            first.append(None)
            assert read(text) == fresh == first[:-1]
            assert read(text) is not read(text)


def _be_before_plain(between: str) -> bool:
    """`casualties._be_before` as written before its shortcuts."""
    from summarizer.rules import casualties

    return bool(casualties._BE_BEFORE.search(between) or casualties._BE_AND.search(between))


def test_be_before_shortcuts() -> None:
    """A form of "be" before a passive cue: the same answer for every window up to each word."""
    from summarizer.rules.casualties import _be_before

    windows = [
        "he was", "they were later", "was  taken\n", "Was rushed to a hospital and ", "were reportedly",
        "is being", "had been found and\u00a0", "re-was  ", "  was a b c", "were taken to hospital, and ",
        "the man was treated at the scene and\t", "GOT", "remained in critical condition and ",
    ]  # fmt: skip
    for text in [*_SENTENCES[:300], *windows]:
        for cut in range(len(text) + 1):
            assert _be_before(text[:cut]) == _be_before_plain(text[:cut]), text[:cut]
    assert sum(map(_be_before, windows)) >= 8


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*_ALPHABET, "was ", "were", " and ", "\u00a0", "being ", "- "]), max_size=30)
)
def test_be_before_shortcuts_on_random_text(parts: list[str]) -> None:
    from summarizer.rules.casualties import _be_before

    text = "".join(parts)
    assert _be_before(text) == _be_before_plain(text)


def test_victims_in_is_every_victim_pattern_found() -> None:
    """`casualties._victims_in` skips a victim pattern only where it finds nothing."""
    from summarizer.rules.casualties import _victims_in

    texts = [*_SENTENCES[:400], "ſoldiers", "SOLDIERS and Women", "two poliсemen", "KIDS", "militiamen"]
    for text in texts:
        assert _victims_in(text) == {c.value for c in lexicon.victim_words() if c.pattern.search(text)}, text
    assert sum(bool(_victims_in(t)) for t in texts) >= 50


def test_raw_figure_with_cue_is_replace() -> None:
    from dataclasses import replace

    from summarizer.rules.casualties import RawFigure
    from summarizer.schemas import Outcome, Qualifier, VictimGroup

    f = RawFigure(Outcome.KILLED, 3, None, Qualifier.AT_LEAST, VictimGroup.CIVILIANS, "people", 4, 9, 2)
    assert f.with_cue("were killed", "near", "three people") == replace(
        f, cue="were killed", subset="near", description="three people"
    )


@pytest.mark.parametrize("name", ["_OVERRIDE", "_ADDRESS"])
def test_injection_guards_hold_every_first_letter(name: str) -> None:
    """`injection._OVERRIDE`/`_ADDRESS` open with a hand-written class of the first letters of
    their alternatives (speed only): a word added to either must have its letter there too, or
    the pattern would silently stop finding it."""
    import re

    from summarizer import alternation, injection

    pattern = getattr(injection, name)
    guard = re.match(r"\(\?=\[(\w+)\]\)", pattern)
    assert guard is not None
    starts = alternation._first_chars(pattern[guard.end() :], re.IGNORECASE)
    assert starts is not None
    for ch in map(chr, range(0x250)):
        if starts.fullmatch(ch):
            assert re.fullmatch(f"[{guard.group(1)}]", ch, re.IGNORECASE), ch


@pytest.mark.parametrize(
    "text", [*_TEXTS[:20], "Pakistani Taliban TTP Afghan Kabul", "Islamic State ISIS Daesh"]
)
def test_name_grounder_reads_equivalents_only_when_asked(text: str) -> None:
    """The equivalents and acronyms are looked for only for a name whose words are not all the
    article's own: every answer is the one a grounder with both made up front gives."""
    eager = grounding.NameGrounder(text)
    assert eager.words >= eager._own_words and isinstance(eager.acronyms, set)
    words = grounding._NAME_WORD.findall(grounding.normalise(text)[0])
    own = [" ".join(words[i : i + 3]) for i in range(0, len(words), 7)]
    names = [
        *own,
        *(f"{w} forces" for w in words[:40:5]),
        "Pakistan army", "Tehrik-i-Taliban Pakistan", "Islamic State", "Daesh fighters", "TTP",
        "Afghanistan", "the Afghan government", "Kabul police", "unknown", "Zzyzx Front",
    ]  # fmt: skip
    lazy = grounding.NameGrounder(text)
    assert [lazy.stands(n) for n in names] == [eager.stands(n) for n in names]
    asked = grounding.NameGrounder(text)
    assert all(asked.stands(n) for n in own)
    assert "words" not in asked.__dict__ and "acronyms" not in asked.__dict__


def test_normalise_shortcut_for_plain_ascii() -> None:
    """Printable ASCII with no backtick and no run of spaces is normalised by lower-casing alone:
    the same text and offsets as the general path, on built strings that take the shortcut and
    strings that just miss it (tabs, backticks, doubled or outer spaces, non-ASCII)."""
    rng = random.Random(7)
    alphabet = "aB c  `\t\n'Zé’x.-0 \x1c\x7f\x85\xa0" + "".join(chr(i) for i in range(32, 127))
    texts = ["", " ", "Pakistani forces", " Quetta", "Quetta ", "a  b", "a`b", "Baloch\tArmy", "İstanbul"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(30_000)]
    short = 0
    for text in texts:
        for offsets in (True, False):
            assert grounding._normalise(text, offsets) == grounding._normalise_any(text, offsets), text
        short += text.isascii() and text.isprintable() and "`" not in text and text.strip(" ") == text
    assert short > 5_000


_PART_ALPHABET = [
    *"aAkK1 \n,.-_é",
    "two ", "12 ", "of the ", "of whom ", "were ", "was ", "among ", "killed", "dead", "injured",
    "Of the 130 injured, 77 were women", "initially ", "The dead included ", "They include ",
]  # fmt: skip


def _backtracking(pattern: str) -> str:
    """A partitive pattern with its possessive `++` written as the plain `+` it stands for."""
    return pattern.replace("++", "+")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PART_ALPHABET), max_size=25))
def test_possessive_partitives_match_as_plain_ones(parts: list[str]) -> None:
    """partitives.tsv's `[\\w-]++\\s`: a shorter run is followed by a word character, never by
    the white space after it, so giving up backtracking changes no match (speed only)."""
    text = "".join(parts)
    for _, pattern, *_ in rows("partitives.tsv"):
        fast = re.compile(pattern, re.IGNORECASE)
        plain = re.compile(_backtracking(pattern), re.IGNORECASE)
        assert "++" in pattern
        got = [(m.span(), m.groupdict()) for m in fast.finditer(text)]
        assert got == [(m.span(), m.groupdict()) for m in plain.finditer(text)]


#: Letters and non-letters inside and outside ASCII: digits of other scripts (٣), numbers that
#: are letters to `[^\W\d_]` (², ½), the ſ and K that fold to ASCII, curly quotes and dashes,
#: a lone surrogate (text decoded with "surrogateescape").
_LANGUAGE_ALPHABET = [
    *"aZ z1_ \n,.-'’‘—“é²½٣\u017f\u212a\u0130\x85\xa0\udcff\x00",
    "the ", "The ", "of ", "said ", "and ", "Quetta ", "der ", "und ", "année ",
]  # fmt: skip


def _check_ascii_words(sample: str) -> bool:
    """`_ascii_words(sample)` is `_WORD`'s words, lower-cased ASCII bytes; True when it gave them."""
    words = language._ascii_words(sample)
    plain = language._WORD.findall(sample)
    if words is not None:
        assert words == [w.lower().encode("ascii") for w in plain]
        assert [w in language._english_ascii_words() for w in words] == [
            w.casefold() in language._english_words() for w in plain
        ]
    return words is not None


def test_ascii_words_on_articles() -> None:
    """The language test's ASCII reading finds the words `_WORD` finds, in most articles."""
    read = [_check_ascii_words(text[: language.SAMPLE_CHARS]) for text in _TEXTS]
    assert sum(read) > len(read) // 2


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_LANGUAGE_ALPHABET), max_size=40))
def test_ascii_words(parts: list[str]) -> None:
    """On random text: the same words, or None where a letter outside ASCII stands."""
    sample = "".join(parts)
    letters = any(not c.isascii() and language._WORD.match(c) for c in sample)
    assert _check_ascii_words(sample) is not letters


def _counted_at_start(text: str) -> bool:
    """`numbers.count_at_start` as first written: every head count read, the first one's start."""
    counts = numbers.people_counts(text)
    return bool(counts) and counts[0].start == 0


_PHRASE_PARTS = [
    "a 15-year-old boy ", "a child ", "one person ", "the victim ", "people ", "three ", "two women ",
    "an American ", "Americans ", "his wife ", "the man, 20, ", "twenty-one ", "1,200 ", "officers ",
    "security personnel ", "others ", "dozens of ", "5 years old ", "the one man ", "Jason Smith, 18, ",
]  # fmt: skip


def test_count_at_start_on_phrases() -> None:
    """The victim phrases the summary asks about are tails of sentences: every word start of the
    fixtures' sentences, and the sentences themselves."""
    found = 0
    for sentence in _SENTENCES[:600]:
        starts = [0, *(m.end() for m in re.finditer(r"\s+", sentence))]
        for at in starts:
            phrase = sentence[at:]
            expected = _counted_at_start(phrase)
            found += expected
            assert numbers.count_at_start(phrase) == expected, phrase
    assert found > 50  # the test sees phrases that open with a count
    # A person mention at 0 that a singular count inside it overlaps is dropped ("one man").
    for phrase in ["the one man was shot", "The one boy", "a man", "Jason Smith, 18, died", "15-year-olds"]:
        assert numbers.count_at_start(phrase) == _counted_at_start(phrase), phrase
    assert not numbers.count_at_start("the one man was shot")


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from([*_ALPHABET, *_PHRASE_PARTS]),
        max_size=12,
    )
)
def test_count_at_start_on_random_text(parts: list[str]) -> None:
    text = "".join(parts)
    assert numbers.count_at_start(text) == _counted_at_start(text)


def test_every_fold_of_a_letter_or_space_is_the_letter_or_space() -> None:
    """What `required_phrase` relies on: every character that IGNORECASE matches with an ASCII
    letter folds (`fold`) to that letter ("\u212a", "\u017f", "\u0130", "\u0131" among them), and
    every character `\\s` matches folds to white space."""
    import sys

    every = "".join(chr(n) for n in range(sys.maxunicode + 1) if not 0xD800 <= n < 0xE000)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        found = re.findall(letter, every, re.IGNORECASE)
        assert len(found) >= 2 and all(alternation.fold(ch) == letter for ch in found), letter
    spaces = re.findall(r"\s", every)
    assert len(spaces) > 20 and all(re.fullmatch(r"\s+", alternation.fold(ch)) for ch in spaces)


def test_required_phrase() -> None:
    phrase = alternation.required_phrase(r"\b(?P<n>\d+)\s+of\s+the\s+dead", re.IGNORECASE)
    assert phrase == r"of(?:\s)+the(?:\s)+dead"
    assert alternation.required_phrase(r"\b(?:was|were)\s+KILLED\b") == r"w(?:as|ere)(?:\s)+killed"
    assert alternation.required_phrase(r"of\s+whom\s+[a-z]+", re.IGNORECASE) == r"of(?:\s)+whom"
    assert alternation.required_phrase(r"\bof\s+\w+", re.IGNORECASE) is None  # "of" alone: too short
    assert alternation.required_phrase(r"(?:(?<=a )|(?<=the ))(?:man|woman)\b") == r"(?:man|woman)"
    assert alternation.required_phrase(r"(?a)killed") is None
    assert alternation.phrase_finder([r"of\s+the", r"\bin\b"]) is None


_PART_ALPHABET = [
    *_FOLD_ALPHABET, "of", "OF", "o\u0307f", "\u00a0", "\u2003", "\t", "ThE", "th\u0130s", "wHOM", "Whom ",
    "were ", "WAS ", "among ", "dead", "Killed", "\u212ailled", "hurt", "wounded", "INJURED", "they ",
    "Th\u0131s", "these ", "victims ", "The dead ", "those ", "included ", "INCLUDES ", "12 ", "two",
    "-", ",", "77",
]  # fmt: skip


def _parts_phrases_hold(text: str) -> None:
    from summarizer.rules import partitive

    phrases = partitive._part_phrases()
    assert phrases is not None
    if not phrases.search(alternation.fold(text)):
        assert not any(p.search(text) for _, p in partitive._patterns()), text


def test_partitive_phrases_in_articles() -> None:
    for sentence in [*_SENTENCES, "Of the 130 injured, 77 were women", "Two of the 12 initially killed"]:
        _parts_phrases_hold(sentence)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PART_ALPHABET), max_size=25))
def test_partitive_phrases_never_hide_a_match(parts: list[str]) -> None:
    """`read_parts` skips a sentence whose folded text lacks every pattern's phrase."""
    _parts_phrases_hold("".join(parts))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_partitive_phrases_hold_in_every_match(data: st.DataObject) -> None:
    """Texts written from the patterns themselves (`from_regex`, case mixed by IGNORECASE)."""
    patterns = [re.compile(p, re.IGNORECASE) for _, p, *_ in rows("partitives.tsv")]
    pattern = data.draw(st.sampled_from(patterns))
    text = data.draw(st.from_regex(pattern))
    assert pattern.search(text)
    _parts_phrases_hold(text)


_SPEECH_ALPHABET = [
    *_FOLD_ALPHABET, "said ", "SAID", "Said", "according to ", "ACCORDİNG to", "alleged ", "Alleged ",
    "allegedly", "the alleged ", "an ", "was reported ", "İs said to ", "ıs believed ", "claimed ",
    "claimed responsibility", "denied ", "rejected ", "confirmed ", "told ", "stated ", "noted ",
    "announced ", "asserted ", "explained ", "saying ", "adding ", "denying ", "\u212aILLED ", "“", "”",
]  # fmt: skip


def _same_speech_cue_matches(text: str) -> None:
    from summarizer.rules import attribution
    from summarizer.rules.units import Sentence

    for lo, hi in [(0, len(text)), (min(3, len(text)), len(text))]:
        sentence = Sentence(0, lo, hi, 0, True, ((lo, hi),))
        lowered = alternation.heads_lowered(text[lo:hi])
        for cue, heads in zip(attribution._speech_cues(), attribution._cue_heads(), strict=True):
            fast = attribution._cue_matches(cue.pattern, heads, text, sentence, lowered)
            plain = [m.span() for m in cue.pattern.finditer(text, lo, hi)]
            assert [m.span() for m in fast] == plain, (cue.pattern.pattern, text)


def test_speech_cues_at_heads_in_articles() -> None:
    """`Attributor.read` tries each speech cue only where a head of it stands: the same matches."""
    from summarizer.rules import attribution

    assert all(h is not None for h in attribution._cue_heads())
    for sentence in _SENTENCES[:800]:
        _same_speech_cue_matches(sentence)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_SPEECH_ALPHABET), max_size=25))
def test_speech_cues_at_heads(parts: list[str]) -> None:
    _same_speech_cue_matches("".join(parts))


def _states_near_agrees(text: str) -> int:
    """Every number of every sentence of `text`, asked of `Supported.states_near` by its first
    word: a yes must be a number `stated_values(text)` holds. The count of yeses."""
    from summarizer.neutrality import _first_word

    allowed, stated = numbers.Supported(text), numbers.stated_values(text)
    yes = 0
    for a, b in split_sentences(text):
        for q in numbers.find_quantities(text[a:b]):
            if allowed.states_near(q.value, _first_word(q.text)):
                assert q.value in stated, (q, text[a:b])
                yes += 1
    return yes


def test_states_near_on_articles() -> None:
    assert sum(_states_near_agrees(text) for text in _TEXTS[:60]) > 200
    # A paragraph that ends in a number word: "twenty" alone is 20, in the text 25.
    assert not numbers.Supported("Gunmen killed twenty\n\nfive people.").states_near(20, "twenty")
    assert numbers.Supported("Gunmen killed twenty.\n\nFive people died.").states_near(20, "twenty")


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "twenty",
                "five",
                " five",
                "1",
                ",200",
                "\n\n",
                ". ",
                "!",
                "; ",
                "(",
                "-",
                " years old",
                "Feb ",
                "A ",
                "killed ",
                "and ",
                "dozens",
                ".",
                " ",
            ]
        ),
        max_size=20,
    )
)
def test_states_near_on_random_text(parts: list[str]) -> None:
    _states_near_agrees("".join(parts))
