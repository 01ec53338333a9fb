"""Numbers as news text writes them: digits, words, vague words, and counted people.

Used three ways: grounding checks that a figure's number is in its evidence,
neutrality checks that every number in a summary is in the article, and the
offline extractor reads casualty figures with it. One parser keeps the three
in agreement.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from summarizer import alternation
from summarizer.datafiles import rows
from summarizer.memo import per_digest
from summarizer.sentences import split_sentences

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
#: "two dozen" is 24: a dozen multiplies the words before it, as "hundred" does.
DOZEN = {"dozen": 12}

#: ACLED's conventions for vague quantities; always recorded with a qualifier.
VAGUE = {
    "dozens": 12,
    "a dozen": 12,
    "half a dozen": 6,
    "tens": 10,
    "hundreds": 100,
    "scores": 20,
    "thousands": 1000,
}

#: Nouns that count people; a quantity in front of one is a head count.
PERSON_NOUNS = (
    "people|persons|person|men|man|women|woman|children|child|kids|boys|boy|girls|girl|"
    "infants|infant|babies|baby|soldiers|soldier|troops|personnel|policemen|policeman|"
    "policewomen|officers|officer|police|guards|guard|civilians|civilian|workers|worker|"
    "labourers|laborers|militants|militant|fighters|fighter|insurgents|insurgent|rebels|rebel|"
    "members|member|villagers|villager|residents|resident|students|student|passengers|"
    "passenger|pilgrims|worshippers|protesters|protester|demonstrators|journalists|journalist|"
    "teachers|doctors|nurses|farmers|miners|labourers|family members|relatives|individuals|"
    "individual|others|suspects|suspect|commanders|commander|recruits|cadets|sailors|airmen|"
    "prisoners|detainees|hostages|staff|employees|tourists|refugees|migrants|bodies|body|"
    "victims|victim|casualties|youths|youth|teenagers|teenager|teens|adults|elders|elder|"
    "males|females|juveniles|bystanders|passersby|passers-by|patrons|customers|partygoers|"
    "attackers|attacker|assailants|assailant|gunmen|gunman|jihadists|bandits|militiamen|"
    "paramilitaries|servicemen|guests|officials|official|captives|corpses|worshipers|"
    "traders|shoppers|commuters|wedding guests|aid workers|health workers|mourners|"
    "displaced people|soldiers'|infants|terrorists|volunteers|fishermen|drivers|nurses"
)

#: Nationalities as people ("two other Americans", "an Afghani"): data/nationality_nouns.tsv.
_NATIONALITIES = rows("nationality_nouns.tsv")
#: The nouns, lowercased: a list of people named by nationality is a breakdown by nationality.
NATIONALITY_NOUNS = frozenset(w.lower() for r in _NATIONALITIES for w in r)
_NATIONAL_PLURALS = "|".join(sorted({r[1] for r in _NATIONALITIES}, key=len, reverse=True))
# Case-sensitive and not followed by a lowercase noun: "an American soldier" is the soldier,
# "an American company" nobody; a verb may follow ("an Afghani injured", "an Iraqi was killed").
_NATIONAL_SINGULAR = (
    "(?-i:(?:"
    + "|".join(sorted({r[0] for r in _NATIONALITIES}, key=len, reverse=True))
    + r")(?![\s-]+(?!(?:was|were|is|are|and|or|who|also|later|died)\b|[a-z]+ed\b)[a-z]))"
)

#: The number words as a prefix tree (`alternation.word_tree`; a third of `QUANTITY_RE`'s time
#: went to trying a flat list word by word). Speed only: every use is followed by `\b`, and at
#: one offset at most one of the words ends at a word boundary, so the match is the flat
#: list's, longest first.
_NUMBER_WORDS = sorted([*UNITS, *TENS, *SCALES, *DOZEN], key=len, reverse=True)
_WORD = alternation.word_tree(_NUMBER_WORDS)
# Bounded repetition: no number needs more than a dozen words, and an unbounded run made
# "one one one ..." quadratic (each start consumed the rest of the text, then backtracked).
_WORD_NUMBER = rf"(?>(?:{_WORD})\b(?:[\s-]{{1,4}}(?:and[\s-]{{1,4}})?(?:{_WORD})\b){{0,12}})"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
_VAGUE = "|".join(re.escape(v) for v in sorted(VAGUE, key=len, reverse=True))
_AGE = r"(?:[\s-]+years?[\s-]+old|[\s-]+yr[\s-]+old)"
#: Compiled once (speed only: `parse_number` runs for every number read).
_DIGITS_RE = re.compile(_DIGITS)
_WORD_SPLIT = re.compile(r"[\s-]+")

#: An age right after a number: "15-year-old", "15 years old".
_AGE_AFTER = re.compile(_AGE, re.IGNORECASE)

#: The characters a number can start with (a digit, or the first letter of a number word or a
#: vague word, under the patterns' IGNORECASE): tried first, so `re` gives up at most word
#: starts at once instead of trying every number word there. Speed only: the same matches.
_NUMBER_START = "(?=[\\d" + "".join(sorted({w[0] for w in [*UNITS, *TENS, *SCALES, *DOZEN, *VAGUE]})) + "])"

QUANTITY_RE = re.compile(
    rf"\b{_NUMBER_START}(?:(?P<vague>{_VAGUE})|(?P<digits>{_DIGITS})|(?P<words>{_WORD_NUMBER}))\b(?P<age>{_AGE})?",
    re.IGNORECASE,
)

# "a 15-year-old boy", "an elderly woman", "a child": one person.
# "a deceased man" is counted from "man", after its death word (data/person_mentions.txt).
SINGULAR_RE = re.compile(
    rf"\b(?=[aoht])(?P<art>an?|one|his|her|their)\s+(?!deceased\s)(?:(?:{_DIGITS}|{_WORD_NUMBER})[\s-]+years?[\s-]+old\s+|[a-z]+\s+)?"
    rf"(?P<noun>boy|girl|child|man|woman|soldier|policeman|civilian|worker|person|infant|baby|"
    rf"student|officer|guard|militant|fighter|teenager|youth|journalist|resident|villager|"
    rf"passenger|farmer|teacher|doctor|nurse|member|commander|suspect|driver|son|daughter|wife|"
    rf"husband|brother|sister|father|mother|pilot|employee|colleague|neighbour|neighbor|cleric|"
    rf"imam|priest|judge|lawyer|activist|volunteer|{_NATIONAL_SINGULAR})\b",
    re.IGNORECASE,
)

#: "both" as the subject of what happened to two people: "both were fatally shot", "Both men
#: were taken to a hospital", "both of them died" (a head count of 2).
PAIR_RE = re.compile(
    rf"\b(?i:both)(?:\s+of\s+(?:them|whom|the\s+(?:[\w-]+\s+)?(?:{PERSON_NOUNS})))?"
    rf"(?:\s+(?:[\w-]+\s+)?(?:{PERSON_NOUNS}))?"
    r"(?=\s+(?:were|had|have|are|died|suffered|sustained|survived|remain|remained|later|also)\b)",
    re.IGNORECASE,
)

#: "A couple and their two children were found dead", "an elderly couple was shot": two people
#: ("a couple of" is a few, no count).
COUPLE_RE = re.compile(r"\b(?:an?|the)\s+(?:[a-z]+\s+)?couple\b(?!\s+of\b|['’]s\b)", re.IGNORECASE)

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_MONTH_BEFORE = re.compile(rf"\b{_MONTHS}\s+$")
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b")

COUNT_RE = re.compile(
    rf"\b{_NUMBER_START}(?<!\d:)(?<!\d\.)(?P<qty>{_VAGUE}|{_DIGITS}|{_WORD_NUMBER})[\"”’']?(?:\s+(?!(?:and|or|of)\b)[a-z-]+){{0,3}}?"
    rf"\s+(?:of\s+(?:the\s+)?(?:[a-z-]+\s+){{0,3}}?)?(?P<noun>{PERSON_NOUNS}|(?-i:{_NATIONAL_PLURALS}))\b",
    re.IGNORECASE,
)


#: How every number starts, lower-cased: a digit, or the first letters (four at most) of a number
#: word or a vague word (a head that begins with another is left out: its offsets are among
#: the other's).
_HEADS = {w[:4] for w in [*UNITS, *TENS, *SCALES, *DOZEN, *VAGUE]} | set("0123456789")
_NUMBER_HEADS = tuple(sorted(h for h in _HEADS if not any(o != h and h.startswith(o) for o in _HEADS)))
#: A digit other than an ASCII one (`\d` is Unicode's): none has a head in `_NUMBER_HEADS`.
_OTHER_DIGIT = re.compile(r"[^\x00-\x7f](?<=\d)")


#: Texts shorter than this are searched by `re` alone: looking for every head costs more there.
_HEADS_FROM = 100


@per_digest
def _number_starts(text: str) -> tuple[int, ...] | None:
    """Every offset of `text` where a number may start, in order: where `heads_lowered(text)`
    holds one of `_NUMBER_HEADS`. None when that cannot tell (a digit other than an ASCII one,
    a character that lower-cases to two)."""
    lowered = alternation.heads_lowered(text)
    if lowered is None or (not text.isascii() and _OTHER_DIGIT.search(text) is not None):
        return None
    # (`in` first: most heads are in no text, and a generator costs more than the test.)
    found = {at for head in _NUMBER_HEADS if head in lowered for at in alternation.occurrences(lowered, head)}
    return tuple(sorted(found))


def _number_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for `QUANTITY_RE` and `COUNT_RE`, whose every match starts with a
    number: tried only at `_number_starts` (`alternation.finditer_at`). Speed only: `re` tried
    the pattern at every offset of the text (a few hundred instructions each: most of their
    cost), the heads are found by `str.find`; under IGNORECASE a letter matches only its two
    cases and the letters `heads_lowered` writes as it, so every match starts at a head, and
    no match is empty."""
    starts = _number_starts(text) if len(text) >= _HEADS_FROM else None
    if starts is None:
        return pattern.finditer(text)
    return alternation.finditer_at(pattern, text, starts, 0, len(text))


def _month_before(text: str, end: int) -> bool:
    """`_MONTH_BEFORE.search(text, 0, end)`, looking only where a match can start.

    A match is a month name ending where the white space before `end` begins, so the
    search starts a few characters before that run instead of at 0 (searching from 0
    for every number made the check quadratic in the article's length). `\b` still
    sees the character before the window: `re` looks at the whole string.
    """
    start = end
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return start < end and _MONTH_BEFORE.search(text, max(0, start - 16), end) is not None


@dataclass(frozen=True)
class Quantity:
    """A number found in text, with where it is and how it was written."""

    value: int
    start: int
    end: int
    kind: str  # digits | words | vague | singular
    is_age: bool = False
    text: str = ""
    is_date: bool = False

    def shifted(self, by: int) -> Quantity:
        """The same quantity `by` characters further on (found in a slice, placed in its text):
        `dataclasses.replace` costs several times a plain construction."""
        return _quantity(
            self.value, self.start + by, self.end + by, self.kind, self.is_age, self.text, self.is_date
        )


_new = object.__new__


def _quantity(
    value: int, start: int, end: int, kind: str, is_age: bool = False, text: str = "", is_date: bool = False
) -> Quantity:
    """`Quantity(...)`, the same object, built without the frozen dataclass's `__init__` (one
    `object.__setattr__` per field: three times the cost of filling its `__dict__`; speed only,
    the readers build a few hundred per article)."""
    q: Quantity = _new(Quantity)
    q.__dict__.update(value=value, start=start, end=end, kind=kind, is_age=is_age, text=text, is_date=is_date)
    return q


#: Words that hedge a number, and the qualifier each gives (values of `schemas.Qualifier`).
QUALIFIERS = {
    "at least": "at least", "no fewer than": "at least", "no less than": "at least",
    "a minimum of": "at least", "more than": "more than", "over": "more than",
    "upwards of": "more than", "in excess of": "more than", "above": "more than",
    "around": "around", "about": "around", "nearly": "around", "almost": "around",
    "approximately": "around", "roughly": "around", "some": "around", "an estimated": "around",
    "estimated": "around", "close to": "around", "up to": "up to", "as many as": "up to",
    "at most": "up to", "no more than": "up to", "fewer than": "up to", "less than": "up to",
    "only": "exact", "exactly": "exact", "just": "exact",
}  # fmt: skip
_QUALIFIER_BEFORE = re.compile(
    r"\b(?P<q>"
    + "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))
    + r")\s+(?:a\s+)?$",
    re.IGNORECASE,
)
#: The qualifiers, and the longest's length: `hedge_before` searches only text ending with one.
_QUALIFIER_WORDS = tuple(QUALIFIERS)
_QUALIFIER_LEN = max(map(len, QUALIFIERS))
_RANGE_BEFORE = re.compile(
    rf"(?:\b(?P<between>between)\s+(?P<a>{_DIGITS}|{_WORD_NUMBER})\s+and\s+"
    rf"|\b(?P<b>{_DIGITS}|{_WORD_NUMBER})\s*(?:to|-|–|—)\s*)$",
    re.IGNORECASE,
)
#: Quantifiers that count people without a number ("many others", "several people").
UNSPECIFIED_RE = re.compile(
    r"\b(?:many|several|numerous|a number of|a few|few|some|multiple|other|others|any|none of|"
    r"an unknown number of|an unspecified number of|more|scores of)\b",
    re.IGNORECASE,
)


#: Words that state a figure of zero.
ZERO_RE = re.compile(
    r"\b(?:no one|no-one|nobody|none|no (?:people|persons|civilians|soldiers|casualties))\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Hedge:
    """How the text hedges a number written at `start`: qualifier, range start, where the hedge begins."""

    qualifier: str
    start: int
    range_low: int | None = None


def hedge_before(text: str, start: int) -> Hedge:
    """The qualifier or range written just before a number ('at least 84', 'between 10 and 15').

    Vague words are hedged by definition: 'dozens' is at least 12 (ACLED's value),
    'a dozen' around 12.
    """
    left = text[max(0, start - 60) : start]
    offset = start - len(left)
    # Speed only: both patterns end at the number, after white space at most, so the words
    # there say whether one can match: "and", "to" or a dash end a range, a qualifier (maybe
    # followed by "a") ends a hedge. Only ASCII letters fold to theirs: other text is searched.
    last = left.rstrip()
    if not last[-3:].isascii() or last[-3:].lower().endswith(("and", "to", "-")):
        m = _RANGE_BEFORE.search(left)
        if m:
            low = parse_number(m.group("a") or m.group("b") or "")
            if low is not None:
                return Hedge("range", offset + m.start(), low)
    words = last[:-1].rstrip() if last[-1:] in ("a", "A") else last  # no qualifier ends with "a"
    end = words[-_QUALIFIER_LEN:]
    if len(last) < len(left) and (not end.isascii() or end.lower().endswith(_QUALIFIER_WORDS)):
        m = _QUALIFIER_BEFORE.search(left)
        # Case-folded, not lower-cased: the pattern's IGNORECASE also matches "ſ" (long s) and "K"
        # (Kelvin sign), which only casefold() maps back to a key ("at leaſt 5" raised KeyError).
        qualifier = QUALIFIERS.get(m.group("q").casefold()) if m else None
        if m and qualifier is not None:
            return Hedge(qualifier, offset + m.start())
    return Hedge("exact", start)


def vague_qualifier(raw: str) -> str:
    """The qualifier a vague word implies when the text adds none."""
    return "around" if raw.strip().lower().startswith(("a dozen", "half a dozen")) else "at least"


def parse_number(text: str) -> int | None:
    """'84' -> 84, '1,200' -> 1200, 'twenty-five' -> 25, 'two hundred' -> 200, 'dozens' -> 12."""
    t = text.strip().lower()
    if t in VAGUE:
        return VAGUE[t]
    if _DIGITS_RE.fullmatch(t):
        return int(t.replace(",", ""))
    words = [w for w in _WORD_SPLIT.split(t) if w and w != "and"]
    if not words:
        return None
    total, current = 0, 0
    for w in words:
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in DOZEN:
            current = max(current, 1) * DOZEN[w]
        elif w in ("thousand", "million"):
            total += max(current, 1) * SCALES[w]
            current = 0
        else:
            return None
    return total + current


_CLOCK_BEFORE = re.compile(r"\d[:.]$")
_CLOCK_AFTER = re.compile(r"[:.]\d\d\b")


def find_quantities(text: str) -> list[Quantity]:
    """Every number written in `text`, ages marked so they are not taken for head counts.

    Read once per text and digest (`memo.per_digest`; a new list each call): the figure reader,
    the cross-check and the neutrality checks read the same sentences and summaries."""
    return list(_find_quantities(text))


@per_digest
def _find_quantities(text: str) -> tuple[Quantity, ...]:
    found: list[Quantity] = []
    for m in _number_matches(QUANTITY_RE, text):
        vague, digits, words, age = m.group("vague", "digits", "words", "age")
        start, end = m.span()
        if digits:
            kind, raw = "digits", digits
            # `parse_number` of a match of `_DIGITS` (speed only: the same value).
            value: int | None = int(digits.replace(",", ""))
        else:
            kind = "vague" if vague else "words"
            raw = vague or words
            value = parse_number(raw)
        if value is None:
            continue
        is_date = bool(
            _month_before(text, start)
            or _MONTH_AFTER.match(text, end)
            or (kind == "digits" and 1800 <= value <= 2100 and len(raw) == 4)
            # A clock time or a video's length ("1:53", "at 10:30"): no count, like a date.
            or (kind == "digits" and _CLOCK_BEFORE.search(text, max(0, start - 3), start) is not None)
            or (kind == "digits" and _CLOCK_AFTER.match(text, end) is not None)
        )
        found.append(_quantity(value, start, end, kind, bool(age), m.group(0), is_date))
    return tuple(found)


@lru_cache(maxsize=1)
def person_mentions() -> re.Pattern[str]:
    """One person written without a number ("the victim", "a 16-year-old", "Name, 18,"), from data."""
    return alternation.union([r[0] for r in rows("person_mentions.txt")])


def people_counts(text: str) -> list[Quantity]:
    """Head counts: '18 security personnel' (18), 'two women' (2), 'a 15-year-old boy' (1).

    Read once per text and digest (`memo.per_digest`; a new list each call): the cross-check's
    figure reader and its statement check read the same sentences."""
    return list(_people_counts(text))


@per_digest
def _people_counts(text: str) -> tuple[Quantity, ...]:
    counts: list[Quantity] = []
    taken = bytearray(len(text) + 1)  # offsets inside a singular count (a list scan was quadratic)
    for pattern in (SINGULAR_RE, person_mentions()):
        for m in pattern.finditer(text):
            if any(taken[m.start() : m.end()]):
                continue
            counts.append(_quantity(1, m.start(), m.end(), "singular", text=m.group(0)))
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    # Speed only: a pair is written with "both", a couple with "couple" (no other character
    # matches their letters under IGNORECASE), so most texts skip both searches.
    low = text.lower()
    pairs = PAIR_RE.finditer(text) if "both" in low else ()
    couples = COUPLE_RE.finditer(text) if "couple" in low else ()
    for m in [*pairs, *couples]:
        if not any(taken[m.start() : m.end()]):
            counts.append(_quantity(2, m.start(), m.end(), "words", text=m.group(0)))
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    for m in _number_matches(COUNT_RE, text):
        if taken[m.start()]:
            continue
        qty = m.group("qty")
        # "15-year-old boy" is an age, not fifteen boys. (The count starts with its number.)
        if _AGE_AFTER.match(text, m.end("qty")):
            continue
        value = parse_number(qty)
        if value is None:
            continue
        kind = "vague" if qty.lower() in VAGUE else "digits" if qty[0].isdigit() else "words"
        counts.append(_quantity(value, m.start(), m.end(), kind, text=m.group(0)))
    counts.sort(key=lambda q: q.start)
    return tuple(counts)


def count_at_start(text: str) -> bool:
    """Whether a head count starts the text: `people_counts(text)[0].start == 0` when there is one.

    Speed only (the template summary asks this of every victim phrase, and reading all of a
    phrase's counts is mostly the person-mention union tried at every offset): only matches at
    offset 0 are tried. `_people_counts` keeps the first match of each pattern, which starts at
    0 when one matches there; a singular count at 0 is always kept; a person mention at 0 is
    dropped only where a singular count overlaps it, that is where the first one starts before
    its end; a number count at 0 is dropped only where a count kept before covers offset 0
    (none here) or by the age and parse tests. A text with "both" or "couple" is read in full."""
    low = text.lower()
    if "both" in low or "couple" in low:
        counts = people_counts(text)
        return bool(counts) and counts[0].start == 0
    if SINGULAR_RE.match(text):
        return True
    mention = person_mentions().match(text)
    if mention is not None:
        singular = SINGULAR_RE.search(text)
        if singular is None or singular.start() >= mention.end():
            return True
    m = COUNT_RE.match(text)
    return (
        m is not None
        and _AGE_AFTER.match(text, m.end("qty")) is None
        and parse_number(m.group("qty")) is not None
    )


@per_digest
def stated_values(text: str) -> frozenset[int]:
    """Every number written in `text` (ages and dates too): the part of `supported_values`
    that needs no head counts. Kept per digest as `_supported_values` is."""
    return frozenset(q.value for q in find_quantities(text))


class Supported(AbstractSet[int]):
    """`supported_values(text)` as a set that reads the head counts only when asked about a
    number the text does not write: the checks mostly ask about written ones, and counting
    the people of every sentence is most of the cost (speed only: the same members)."""

    def __init__(self, text: str) -> None:
        self._text = text

    def __contains__(self, value: object) -> bool:
        # (`writes_digits` first, speed only: when it holds, `value` is in `stated_values`.)
        if type(value) is int and writes_digits(self._text, value):
            return True
        return value in stated_values(self._text) or value in _supported_values(self._text, 6)

    def states_near(self, value: int, word: str) -> bool:
        """True when the text writes `value` in digits standing alone (`writes_digits`), or a
        sentence of the text in which `word` stands (in any case) writes it: `value` is then in
        `stated_values(text)`. False says nothing.

        Speed only: a summary's numbers are mostly written in the article's sentences that
        gave them, whose numbers the figure reader has read in this digest (`memo`), and
        reading every number of a whole article costs more than all of a summary's checks."""
        return writes_digits(self._text, value) or _stated_near(self._text, value, word)

    def __iter__(self) -> Iterator[int]:
        return iter(_supported_values(self._text, 6))

    def __len__(self) -> int:
        return len(_supported_values(self._text, 6))


def writes_digits(text: str, value: int) -> bool:
    r"""True only when `text` writes `value` (0 or more) in ASCII digits standing alone: neither
    side touches a word character or a ",". False says nothing.

    Then `value in stated_values(text)`, found by `str.find` instead of reading every number
    (speed only). Exact: a match of `QUANTITY_RE` holds a digit only in its digits group, a
    run of digits and commas, so no match that starts earlier reaches those digits (the
    character before them is neither); at them `\b` holds, the vague words cannot match,
    `\d{1,3}(?:,\d{3})+` finds no "," and `\d+` takes exactly those digits, followed by `\b`:
    the match's value is `value` (dates, ages and clock times are in `stated_values` too)."""
    if value < 0:
        return False
    digits = str(value)
    at = text.find(digits)
    while at >= 0:
        end = at + len(digits)
        if (at == 0 or not _glued(text[at - 1])) and (end == len(text) or not _glued(text[end])):
            return True
        at = text.find(digits, at + 1)
    return False


def _glued(ch: str) -> bool:
    r"""A character that continues a number's digits for `QUANTITY_RE`: a word character
    (`\w`: alphanumeric or "_") or a ","."""
    return ch.isalnum() or ch == "_" or ch == ","


#: A character that no match of `QUANTITY_RE` holds: not a word character, white space, "-"
#: or "," (its digits, number words, vague words and ages hold no other).
_CUT = re.compile(r"[^\w\s,-]")
#: Sentences of the text tried at most per value (any number gives the same answer).
_NEAR_TRIES = 4


def _stated_near(text: str, value: int, word: str) -> bool:
    """`Supported.states_near`. Exact: a sentence that ends with a `_CUT` character (or the
    text) and follows one (or the text's start) across white space at most holds the same
    `QUANTITY_RE` matches read alone as read in the text: no match holds the cut characters or
    starts on white space, so none crosses either end, and at both ends `\b` and the pattern's
    look-aheads see a character that is neither a word character nor part of a match, as they
    see the string's ends alone."""
    if not word:
        return False
    lowered = lowered_text(text)
    spans = split_sentences(text)
    tried: set[int] = set()
    for at in alternation.occurrences(lowered, word.lower()):
        n = bisect_right(spans, at, key=_span_start) - 1
        if n < 0 or n in tried:
            continue
        if len(tried) == _NEAR_TRIES:
            return False
        tried.add(n)
        start, end = spans[n]
        if at < end and _reads_alone(text, start, end) and value in stated_values(text[start:end]):
            return True
    return False


def _span_start(span: tuple[int, int]) -> int:
    return span[0]


def _reads_alone(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` ends with a `_CUT` character (or at the text's end) and follows
    one, or the text's start, across white space at most."""
    if end < len(text) and _CUT.match(text, end - 1) is None:
        return False
    before = start - 1
    while before >= 0 and text[before].isspace():
        before -= 1
    return before < 0 or _CUT.match(text, before) is not None


@per_digest
def lowered_text(text: str) -> str:
    """The text lower-cased, once per digest: `str.find` of a lower-cased word in it (the
    summary's names, `states_near`'s words; offsets that lower-casing moves find other places,
    never a wrong answer where the caller checks them)."""
    return text.lower()


def supported_values(text: str, max_terms: int = 6) -> set[int]:
    """Numbers a record or summary may use: stated ones, plus sums of head counts in one sentence.

    'A five-year-old child and two women were injured' supports 1, 2 and 3.
    """
    return set(_supported_values(text, max_terms))


@per_digest
def _supported_values(text: str, max_terms: int) -> frozenset[int]:
    """Kept per digest (`memo.per_digest`): the checks ask about the same article many times."""
    values = set(stated_values(text))
    if ZERO_RE.search(text):
        values.add(0)  # "no one was hurt" states a figure of zero
    for start, end in split_sentences(text):
        heads = [q.value for q in people_counts(text[start:end])][:max_terms]
        values.update(heads)
        for r in range(2, len(heads) + 1):
            for combo in combinations(heads, r):
                values.add(sum(combo))
    return frozenset(values)
