"""Casualty statements: who was killed, injured, captured, missing or arrested, and how many.

Works clause by clause: an outcome word ("killed", "sustained injuries",
"taken captive") is paired with the head count next to it. Passive and
intransitive forms take the count before them ("12 people were killed"),
active forms the count after ("killed a 15-year-old boy"). Counts listed
together are summed when they are the same kind of people ("a five-year-old
child and two women" is 3) and kept apart when they are not ("six soldiers
and 11 attackers"). Numbers come from `summarizer.numbers`, the parser the
grounding and neutrality checks use, so the three always agree.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import pairwise

from summarizer import alternation
from summarizer.memo import per_digest
from summarizer.numbers import (
    NATIONALITY_NOUNS,
    UNSPECIFIED_RE,
    ZERO_RE,
    Quantity,
    find_quantities,
    hedge_before,
    parse_number,
    people_counts,
    vague_qualifier,
)
from summarizer.rules import lexicon
from summarizer.rules.events import HeadFinder
from summarizer.rules.units import Sentence
from summarizer.schemas import Outcome, Qualifier, VictimGroup


@dataclass(frozen=True)
class RawFigure:
    """A figure as read from one clause, before attribution."""

    outcome: Outcome
    low: int | None
    high: int | None
    qualifier: Qualifier
    victims: VictimGroup
    description: str | None  # the article's words for the people counted
    start: int  # where the count (or its hedge) begins in the article
    end: int
    sentence: int
    cue: str = ""  # the outcome words it was read from ("were shot"); empty for "40 bodies"
    # Dead among the people just counted as hit ("..., two fatally"): how far back that group
    # may be named, "sentence" or "near" (see data/dead_among.tsv); empty for other figures.
    subset: str = ""

    def with_cue(self, cue: str, subset: str, description: str | None) -> RawFigure:
        """`dataclasses.replace(self, cue=..., subset=..., description=...)`, which costs several
        times a plain construction (every figure read gets its cue so; speed only)."""
        return RawFigure(
            self.outcome,
            self.low,
            self.high,
            self.qualifier,
            self.victims,
            description,
            self.start,
            self.end,
            self.sentence,
            cue,
            subset,
        )


_BE_BEFORE = re.compile(
    r"\b(?:was|were|been|being|be|is|are|remain|remains|remained|got|get)\b(?:\s+[\w-]+){0,2}\s*$",
    re.IGNORECASE,
)
# A web address (scraped pages keep links to other stories): its words are no statement.
_URL = re.compile(r"\b(?:https?://|www\.)\S+|\S+/\S+\.(?:html?|php|aspx?)\b\S*", re.IGNORECASE)
# Auxiliaries and adverbs between a bare number and its outcome ("two were left seriously
# wounded"): they do not put the number further from its verb.
_AUX = re.compile(
    r"\s+(?:were|was|had\s+been|have\s+been)(?:\s+(?:left|also|later|still|all|\w+ly))*\s+", re.IGNORECASE
)
# A bare number as the subject of its own verb: "two were wounded", "three had been shot".
_BARE_SUBJECT = re.compile(r"\s+(?:were|was|are|had|have)\b", re.IGNORECASE)
# "and" or "while" joining two statements about different people.
_AND = re.compile(r"\b(?:and|while|whereas)\b", re.IGNORECASE)
# How far after a listed person an outcome cue makes it that person's own (characters).
_OWN_CUE_REACH = 40

# Words that point back to people already counted: "he", "the man", "his son", "both".
_POINTS_BACK = re.compile(
    r"(?:he|she|they|him|her|them|the|this|that|these|those|both|all|his|its|their|one\s+of|each)\b",
    re.IGNORECASE,
)
# A list after a copula, "including" or a colon details people counted elsewhere.
_ELABORATION = re.compile(r"(?:\b(?:were|was|are|is|includ\w*|among\s+them)|:)\s*$", re.IGNORECASE)
# A participle joined to an earlier passive: "was treated at the scene and rushed to a hospital".
_BE_AND = re.compile(r"\b(?:was|were)\s[^.;,]{0,80}?\band\s+$", re.IGNORECASE)
_AMONG = re.compile(r"\bamong\s+(?:those|the)\s*$", re.IGNORECASE)
# Counts listed together, also past an age list or a home town between them:
# "Two children, ages 3 and 5, and their mother", "Sharieff Clayton, 40, of the Bronx, and Ronald Murphy".
_CHAIN = re.compile(
    r"^\s*(?:,\s*)?(?:(?:ages?|aged)\s+\d{1,2}(?:\s*(?:,|and)\s*\d{1,2})*\s*,\s*"
    r"|of\s+(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}\s*,\s*)?"
    r"(?:and|as well as|along with|,)\s*$",
    re.IGNORECASE,
)
_INCLUDING = re.compile(r"^\s*,?\s*(?:including|among them)\s*$", re.IGNORECASE)
#: Words that trail a victim phrase ("two people were reportedly"), cut from its end.
_TAIL_ENDS = (
    "were", "was", "have", "has", "had", "been", "being", "be", "are", "is", "said", "to", "reported",
    "reportedly", "allegedly", "also", "later", "seriously", "critically", "severely", "fatally",
    "slightly", "believed", "remain", "remains", "remained", "still", "all", "both", "subsequently",
    "then", "feared",
)  # fmt: skip
_TAIL_WORDS = re.compile(rf"(?:\s+(?:{'|'.join(_TAIL_ENDS)}))+\s*$", re.IGNORECASE)
#: `_TAIL_WORDS.sub("", phrase)`, searched only when `phrase` ends with one of `_TAIL_ENDS`
#: (speed only).
_cut_tail_words = alternation.TailCut(_TAIL_WORDS, _TAIL_ENDS)


# Between an active cue and its count: quotes, or a determiner ("killing the three on the spot",
# "killed all four", "injured another 15").
_GAP_AFTER = re.compile(
    r"^[\s\"'“”‘’]*(?:(?:the|all|all\s+the|another|a\s+further|an\s+additional|at\s+least\s+another)\s+)?$",
    re.IGNORECASE,
)
_OTHERS = re.compile(r"^(?:\w+\s+)?(?:others|other people|more)\b", re.IGNORECASE)
_INCLUDING_AFTER = re.compile(
    r"^[^.;]*?,?\s*including\s+(?P<part>[^.;]*?)"
    r"(?:,\s+(?:and|while|but|whereas)\b|\s+(?:while|whereas)\b|[.;]|,\s*(?:[\w-]+\s+){0,4}(?:said|told)\b|$)"
)
_WORDS = re.compile(r"[\w'’-]+")
#: what may follow a bare number after a cue ("killed 5, ...", "killed 5 and ...")
_BARE_END = re.compile(r"\s*(?:[,.;]|(?:and|on|at|in|instantly|immediately|outright)\b|$)")
_SPACE = re.compile(r"\s*")
_STOP = re.compile(r"[,.;]|$")
# A number that the relative clause or partitive after it makes the count of its own outcome:
# "including one who died", "three of whom died", "one of them died".
_WHO = re.compile(r"[\w-]+\s+(?:who|of\s+(?:whom|them|those))\b", re.IGNORECASE)
# "A 16-year-old boy who was critically wounded ... died on Saturday": the hurt are the subject.
_WHO_WAS = re.compile(r"\s*,?\s*(?:who|that)\s+(?:was|were|had\s+been)\b", re.IGNORECASE)
# How often, not how many ("was shot several times and died"): no count, so the death takes
# the person just counted as hit (data/not_figures.tsv drops such a figure in any case).
_TIMES = re.compile(r"\s+(?:more\s+)?times\b", re.IGNORECASE)
# A count that is a name alone, maybe with an age ("Watford", "Bandoo, 36,": data/person_mentions.txt).
_SINGLE_NAME = re.compile(
    r"(?!(?:He|She|Him|Her|Himself|Herself)\b)([A-Z][\w'’-]+)(?:,\s+\d{1,2}[,)]?|\s+\(\d{1,2}\))?"
)
# A death in a predicate joined to the hurt one: "was taken to a hospital in critical condition
# and pronounced dead", "was treated at the scene and rushed to a hospital, but died".
_SHARED_SUBJECT = re.compile(r"(?:^|\b(?:and|but))\s+(?:later\s+|then\s+|was\s+|were\s+)?$", re.IGNORECASE)
# Before a death with no count of its own: a later death of the people just counted as hurt.
# "A teenager injured in a shooting Friday died Sunday": the hurt are the subject of the death,
# their outcome a participle right after them (a relative clause with "who was" cut out).
_REDUCED_HURT = re.compile(
    r"\s*,?\s*(?:(?:critically|seriously|gravely|badly|severely)\s+)?(?:injured|wounded|hurt)\b",
    re.IGNORECASE,
)
_LATER = re.compile(
    r"\b(?:has|have|had|later|since|subsequently|eventually|then)\s+(?:\w+\s+)?$", re.IGNORECASE
)
_LIST_AND = re.compile(r"\b(?:and|as well as|along with)\b", re.IGNORECASE)
_PUNCT = re.compile(r"[,;:]")


def _be_before(between: str) -> bool:
    """`_BE_BEFORE.search(between) or _BE_AND.search(between)`: a form of "be" before a passive
    cue. Speed only, each searched only where it can match: `_BE_BEFORE` in the last three
    words (its match holds two white-space runs at most, bar the trailing one), `_BE_AND` only
    when the text ends with "and" and white space (no other letters fold to those three)."""
    parts = between.rsplit(None, 3)
    if _BE_BEFORE.search(between, len(parts[0]) if len(parts) == 4 else 0):
        return True
    tail = between.rstrip()
    return len(tail) < len(between) and tail[-3:].lower() == "and" and _BE_AND.search(between) is not None


def _words(text: str) -> int:
    return len(_WORDS.findall(text))


def _named_before(text: str, name: str, start: int) -> bool:
    """A single name stands for a person when the article gave it earlier as the last word of
    a full name ("Kelvin Watford ... Watford died"); else it may be a first name of someone
    in the background, a place or a word ("Tamerlan was killed" in a trial story)."""
    # Speed only (the same answer as searching the whole of `text[:start]`, which made this
    # quadratic in a long text): a match ends with `name` at the start of a word, after the
    # words "First" or "First X." whose capital starts it; only those places are tried.
    full = _full_name(name)
    at = text.find(name, 0, start)
    while at >= 0:
        if at and text[at - 1].isspace():
            for s in _capitals_before(text, at):
                if full.match(text, s, start):
                    return True
        at = text.find(name, at + 1, start)
    return False


@lru_cache(maxsize=512)
def _full_name(name: str) -> re.Pattern[str]:
    return re.compile(rf"\b[A-Z][\w'’-]+\s+(?:[A-Z]\.\s+)?{re.escape(name)}\b")


def _capitals_before(text: str, at: int) -> list[int]:
    """Where a capital stands in the two runs of non-space characters before `at` (`at`
    follows white space): the places `_full_name`'s first word can start."""
    found: list[int] = []
    end = at
    for _ in range(2):
        while end and text[end - 1].isspace():
            end -= 1
        begin = end
        while begin and not text[begin - 1].isspace():
            begin -= 1
        found.extend(i for i in range(begin, end) if "A" <= text[i] <= "Z")
        end = begin
    return found


@cache
def _victim_words() -> tuple[tuple[str, re.Pattern[str], alternation.LiteralFilter | None], ...]:
    """Each victim group's pattern with the words one of which its every match holds. The
    pattern is `alternation.finder`'s: `_victims_in` only asks whether it matches (speed only)."""
    return tuple(
        (
            cue.value,
            alternation.finder(cue.pattern.pattern, cue.pattern.flags),
            alternation.LiteralFilter.of_compiled(cue.pattern),
        )
        for cue in lexicon.victim_words()
    )


@cache
def _any_victim_words() -> alternation.LiteralFilter | None:
    """The words of all `_victim_words` filters in one (None when one of them is None, or
    when the patterns' flags differ)."""
    cues = lexicon.victim_words()
    flags = {cue.pattern.flags for cue in cues}
    if len(flags) != 1:
        return None
    return alternation.LiteralFilter.of([cue.pattern.pattern for cue in cues], flags.pop())


def _victims_in(text: str) -> set[str]:
    """The victim groups whose pattern `lexicon.victim_words` finds in `text`. Speed only: a
    pattern is searched only when the text holds one of its words (a case-insensitive list of
    dozens of nouns is tried noun by noun at every word; the folded text's check is cheap),
    and none is tried when the text holds no word of any (most descriptions: "people",
    "others": one search of all the groups' words costs less than a check per group)."""
    folded = alternation.fold(text)
    words = _any_victim_words()
    if words is not None and not words.may_match_folded(folded):
        return set()
    return {
        value
        for value, pattern, words in _victim_words()
        if (words is None or words.may_match_folded(folded)) and pattern.search(text)
    }


def classify(description: str, including: str = "") -> VictimGroup:
    """Victim group from the article's words: counted noun and modifiers, then an 'including' part."""
    found = _victims_in(description)
    if len(found) == 1:
        return VictimGroup(found.pop())
    if found:
        if VictimGroup.SECURITY_FORCES.value in found and re.search(
            r"\b(?:police|army|military|security|paramilitary)\s+\w+$", description.strip(), re.IGNORECASE
        ):
            return VictimGroup.SECURITY_FORCES
        return VictimGroup.MIXED
    part = _victims_in(including) if including else set()
    if part == {VictimGroup.CIVILIANS.value}:
        return VictimGroup.CIVILIANS
    if part:
        return VictimGroup.MIXED
    return VictimGroup.UNKNOWN


def _qualifier(text: str, q: Quantity) -> tuple[Qualifier, int | None, int]:
    """(qualifier, range low, hedge start) for a count."""
    hedge = hedge_before(text, q.start)
    if hedge.qualifier == "range":
        return Qualifier.RANGE, hedge.range_low, hedge.start
    if hedge.qualifier == "exact" and q.kind == "vague":
        return Qualifier(vague_qualifier(q.text.split(" of ")[0])), None, hedge.start
    if q.kind == "vague" and hedge.qualifier == "exact":
        return Qualifier.AT_LEAST, None, hedge.start
    return Qualifier(hedge.qualifier), None, hedge.start


def _bounds(qualifier: Qualifier, value: int, range_low: int | None) -> tuple[int, int | None]:
    if qualifier is Qualifier.RANGE and range_low is not None:
        return range_low, value
    if qualifier in (Qualifier.AT_LEAST, Qualifier.MORE_THAN):
        return value, None
    return value, value


def _number_word(q: Quantity) -> bool:
    """A count whose text should keep its own number words ('twelve farmers', 'a 15-year-old boy')."""
    return q.kind != "digits"


def _description(text: str, q: Quantity, end: int) -> str:
    """The article's words for the people counted, from the count to `end`, auxiliaries trimmed."""
    start = q.start
    if not _number_word(q):
        start = q.start + len(q.text.split()[0])
    phrase = _cut_tail_words(text[start:end]).strip(" ,")
    return phrase


def is_age(text: str, start: int, end: int) -> bool:
    """A bare number written as an age ("Jason Acosta-Ramos, 18, died", "aged 18", "(18)").

    The text after is tested first: a match at one offset is cheap, while the text before
    is searched for a pattern ending at the number (speed only: both must hold)."""
    for before, after in lexicon.age_contexts():
        if after is not None and not after.match(text, end, min(len(text), end + 40)):
            continue
        if before is not None and not before.search(text, max(0, start - 40), start):
            continue
        return True
    return False


class _Clause:
    """One clause's counts and outcome cues, with helpers to pair them."""

    def __init__(self, text: str, lo: int, hi: int, sentence: int, starts: list[int] | None = None) -> None:
        """`starts`: `alternation.starts` of the outcome cues' union in the clause, when the
        caller has it (`read_figures` does)."""
        self.text = text
        self.lo, self.hi = lo, hi
        self.sentence = sentence
        chunk = text[lo:hi]
        counts = [
            q.shifted(lo)
            for q in people_counts(chunk)
            if not (m := _SINGLE_NAME.fullmatch(q.text)) or _named_before(text, m.group(1), q.start + lo)
        ]
        # Offsets covered by a count, by a cue, by a figure already read: marks in a
        # per-clause byte array keep every overlap test linear in the clause's length
        # (scanning all earlier spans made "5 killed," * 6000 take half a minute).
        in_count = bytearray(hi - lo + 1)
        for c in counts:
            in_count[c.start - lo : c.end - lo] = b"\x01" * (c.end - c.start)
        self.counts = sorted(counts, key=lambda q: q.start)
        self.bare = sorted(
            (
                q.shifted(lo)
                for q in find_quantities(chunk)
                if not (
                    q.is_age
                    or q.is_date
                    or in_count[q.start]
                    or is_age(text, q.start + lo, q.end + lo)
                    or _TIMES.match(text, q.end + lo)
                )
            ),
            key=lambda q: q.start,
        )
        self._count_starts = [q.start for q in self.counts]
        self._bare_starts = [q.start for q in self.bare]
        cues: list[tuple[int, int, Outcome, str]] = []
        in_cue = bytearray(hi - lo + 1)
        signal = _figure_signal()
        # Speed only: each cue is tried only where the cues' union matches and the cue can
        # start with the character there (most cues at no offset of the clause).
        if signal and starts is None:
            starts = _cue_union_starts(signal[0], text, lo, hi)
        at = _cue_starts().offsets(text, starts) if signal and starts is not None else None
        all_cues = lexicon.outcome_cues()
        outcomes = _cue_outcomes()
        # Only the cues that can start somewhere here, in their order (most of the 76 cannot).
        for n in range(len(all_cues)) if at is None else sorted(at):
            cue = all_cues[n]
            found = (
                cue.pattern.finditer(text, lo, hi)
                if at is None
                else alternation.finditer_at(cue.pattern, text, at[n], lo, hi)
            )
            for m in found:
                if any(in_cue[m.start() - lo : m.end() - lo]):
                    continue
                in_cue[m.start() - lo : m.end() - lo] = b"\x01" * (m.end() - m.start())
                cues.append((m.start(), m.end(), outcomes[n], cue.extra))
        self.cues = sorted(cues)
        self._used = bytearray(hi - lo + 1)

    def _is_used(self, start: int) -> bool:
        return self.lo <= start < self.hi and bool(self._used[start - self.lo])

    def _use(self, start: int, end: int) -> None:
        a, b = max(start, self.lo) - self.lo, max(min(end, self.hi) - self.lo, 0)
        if b > a:
            self._used[a:b] = b"\x01" * (b - a)

    @staticmethod
    def _last_before(items: list[Quantity], starts: list[int], lo: int, stop: int) -> int | None:
        """Index of the last item inside [lo, stop), or None."""
        i = bisect_right(starts, stop) - 1
        while i >= 0 and items[i].end > stop:
            i -= 1
        return i if i >= 0 and items[i].start >= lo else None

    def _chain_back(self, last: int) -> tuple[list[Quantity], str, int | None]:
        """Counts listed together ending at counts[last], an 'including ...' part, and where it starts."""
        chain = [self.counts[last]]
        including = ""
        including_at: int | None = None
        i = last
        while i > 0:
            prev = self.counts[i - 1]
            between = self.text[prev.end : chain[0].start]
            if prev.start < self.lo:
                break
            if _CHAIN.match(between):
                chain.insert(0, prev)
            elif _INCLUDING.match(between):
                including = self.text[chain[0].start : chain[-1].end]
                including_at = prev.end
                chain = [prev]
            else:
                break
            i -= 1
        return chain, including, including_at

    def _appositive(self, chain: list[Quantity]) -> bool:
        """'The boy, an Oakland resident,': counts joined by commas alone name one group twice."""
        return (
            len(chain) > 1
            and all(q.value == 1 for q in chain)
            and all(not _LIST_AND.search(self.text[a.end : b.start]) for a, b in pairwise(chain))
        )

    def _figures_from_chain(
        self,
        outcome: Outcome,
        chain: list[Quantity],
        desc_end: int,
        including: str,
        hedge: tuple[Qualifier, int | None, int] | None = None,
    ) -> list[RawFigure]:
        """One figure per kind of people in a list; a single count gives one figure. `hedge`:
        the `_qualifier` of a single count, when the caller has read it (speed only)."""
        if len(chain) == 1:
            # Speed only: what the steps below come to for one count (no appositive, total nor
            # breakdown: one group of one count), without their sets and dicts.
            q = chain[0]
            desc = _description(self.text, q, desc_end)
            return [self._count_figure(outcome, q, classify(desc, including), desc, hedge)]
        if self._appositive(chain):
            chain = chain[:1]
        if len(chain) >= 3 and chain[0].value == sum(q.value for q in chain[1:]):
            # "12 people, seven women and five men": a total, then its breakdown.
            return [
                f
                for n, q in enumerate(chain)
                for f in self._figures_from_chain(
                    outcome, [q], desc_end if n == len(chain) - 1 else q.end, including
                )
            ]
        groups: dict[VictimGroup, list[Quantity]] = {}
        descriptions: dict[int, str] = {}  # a count's start -> its description, read once (speed only)
        for q in chain:
            end = desc_end if q is chain[-1] else q.end
            descriptions[q.start] = _description(self.text, q, end)
            groups.setdefault(classify(descriptions[q.start], including), []).append(q)
        total: RawFigure | None = None
        nouns = {q.text.split()[-1].lower() for q in chain}
        itemised = (
            len(chain) > 1
            and len(nouns) == len(chain)
            and not all(q.value == 1 for q in chain)
            and (
                set(groups) == {VictimGroup.CIVILIANS, VictimGroup.UNKNOWN}
                or (set(groups) == {VictimGroup.UNKNOWN} and bool(nouns & NATIONALITY_NOUNS))
            )
        )
        if itemised or set(groups) == {VictimGroup.CIVILIANS, VictimGroup.UNKNOWN}:
            # "A 44-year-old man and a 17-year-old girl died", "two men and two women were
            # injured": people with no side named beside civilians are one list of victims, not
            # two parties. Persons listed one by one are one figure (two figures of 1 would read
            # as the same person twice); larger counts keep their breakdown ("eight women, a
            # 10-year-old girl and four men") after the list's total, which the sentence
            # supports as a sum of its head counts — unless the list elaborates on a figure
            # given before it ("There were eight women, ...", "including ...", "...:").
            listed = sorted((q for qs in groups.values() for q in qs), key=lambda q: q.start)
            if all(q.value == 1 for q in chain):
                groups = {VictimGroup.UNKNOWN: listed}
            elif set(groups) != {VictimGroup.UNKNOWN} and not _ELABORATION.search(
                self.text, self.lo, listed[0].start
            ):
                # (People named by nationality alone, "two other Americans and an Afghani",
                # are kept apart with no total: the article gives none.)
                desc = _cut_tail_words(self.text[listed[0].start : desc_end]).strip(" ,")
                n = sum(q.value for q in listed)
                total = RawFigure(
                    outcome,
                    n,
                    n,
                    Qualifier.EXACT,
                    VictimGroup.UNKNOWN,
                    desc or None,
                    listed[0].start,
                    listed[-1].end,
                    self.sentence,
                )
        out = [total] if total is not None else []
        parts: list[tuple[VictimGroup, list[Quantity]]] = list(groups.items())
        if itemised:
            # "two other Americans and an Afghani", "eight women, a 10-year-old girl and four
            # men": people of different kinds are a breakdown, one figure per item; a single
            # person beside two or more groups is a detail of the breakdown, not a figure.
            several = sum(1 for q in chain if q.value > 1) >= 2
            parts = [
                (next(v for v, qs in groups.items() if q in qs), [q])
                for q in chain
                if q.value > 1 or not several
            ]
        for victims, qs in parts:
            if len(qs) == 1:
                # `_description` to the same end as above
                out.append(self._count_figure(outcome, qs[0], victims, descriptions[qs[0].start]))
                continue
            hstart = qs[0].start
            low = high = sum(q.value for q in qs)
            desc_to = desc_end if qs[-1] is chain[-1] else qs[-1].end
            desc = _cut_tail_words(self.text[qs[0].start : desc_to]).strip(" ,")
            end = max(q.end for q in qs)
            qual = Qualifier.EXACT
            out.append(RawFigure(outcome, low, high, qual, victims, desc or None, hstart, end, self.sentence))
        return out

    def _count_figure(
        self,
        outcome: Outcome,
        q: Quantity,
        victims: VictimGroup,
        desc: str,
        hedge: tuple[Qualifier, int | None, int] | None = None,
    ) -> RawFigure:
        """The figure of one count, with its hedge ("at least 84"): `_qualifier`'s, read here
        unless given."""
        qual, range_low, hstart = _qualifier(self.text, q) if hedge is None else hedge
        low, high = _bounds(qual, q.value, range_low)
        return RawFigure(outcome, low, high, qual, victims, desc or None, hstart, q.end, self.sentence)

    def before(self, outcome: Outcome, lo: int, cue_start: int) -> list[RawFigure]:
        """Counts standing before a passive or intransitive cue ("12 people were killed")."""
        found = self._last_before(self.counts, self._count_starts, lo, cue_start)
        b = self._last_before(self.bare, self._bare_starts, lo, cue_start)
        if (
            found is not None
            and b is not None
            and self.bare[b].start >= self.counts[found].end
            and _words(self.text[self.bare[b].end : cue_start]) <= 2
            and (
                _WHO.match(self.text, self.bare[b].start, cue_start)
                or (
                    self._is_used(self.counts[found].start)
                    and _BARE_SUBJECT.match(self.text, self.bare[b].end, cue_start) is not None
                )
            )
        ):
            # "four others, including one who died", "five people, three of whom died": the
            # number next to the outcome word counts it, not the group named before; nor a
            # group another outcome already took ("two people were killed and two were
            # wounded").
            found = None
        zero = ZERO_RE.search(self.text, lo, cue_start)
        if zero and _words(self.text[zero.end() : cue_start]) > 3:
            zero = None
        if found is not None and zero and zero.start() >= self.counts[found].end:
            found = None  # "shot at by a gunman, but nobody was hurt": the zero is the subject
        if found is not None:
            last = found
            gap = self.text[self.counts[last].end : cue_start]
            if _words(gap) <= 10:
                chain, including, including_at = self._chain_back(last)
                if including and _words(self.text[chain[-1].end : cue_start]) > 14:
                    return []
                return self._figures_from_chain(outcome, chain, including_at or cue_start, including)
        if zero:
            return [
                RawFigure(
                    outcome,
                    0,
                    0,
                    Qualifier.EXACT,
                    VictimGroup.UNKNOWN,
                    zero.group(0),
                    zero.start(),
                    zero.end(),
                    self.sentence,
                )
            ]
        if b is not None and (
            _words(self.text[self.bare[b].end : cue_start]) <= 2
            or _AUX.fullmatch(self.text, self.bare[b].end, cue_start) is not None
        ):
            q = self.bare[b]
            qual, range_low, hstart = _qualifier(self.text, q)
            low, high = _bounds(qual, q.value, range_low)
            desc = q.text if q.kind == "vague" else None
            return [
                RawFigure(
                    outcome, low, high, qual, VictimGroup.UNKNOWN, desc, hstart, cue_start, self.sentence
                )
            ]
        region = self.text[lo:cue_start]
        # The earliest quantifier of the phrase that runs up to the cue: "many others", not "others".
        quants = [
            m
            for m in UNSPECIFIED_RE.finditer(region)
            if _words(region[m.start() :]) <= 8
            and not _PUNCT.search(region[m.start() :])
            and not _TIMES.match(region, m.end())
        ]
        if quants:
            m = quants[0]
            desc = _cut_tail_words(region[m.start() :]).strip(" ,")
            return [self._unspecified(outcome, desc, lo + m.start(), cue_start)]
        return []

    def _unspecified(self, outcome: Outcome, desc: str, start: int, end: int) -> RawFigure:
        """A figure with no number ("many others were injured"): low null, qualifier unspecified."""
        return RawFigure(
            outcome, None, None, Qualifier.UNSPECIFIED, classify(desc), desc, start, end, self.sentence
        )

    def after(self, outcome: Outcome, cue_end: int, hi: int) -> list[RawFigure]:
        """Counts right after an active cue ("killed a 15-year-old boy", "wounded more than a hundred")."""
        # Indexes from a binary search, stopping at the clause's end (the lists are sorted):
        # slicing or walking the rest of the article for every cue was quadratic.
        for j in range(bisect_left(self._count_starts, cue_end), len(self.counts)):
            q = self.counts[j]
            if q.start >= hi:
                break
            qual, range_low, hstart = _qualifier(self.text, q)
            if not _GAP_AFTER.match(self.text[cue_end : max(cue_end, hstart)]):
                break
            chain = [q]
            while j + 1 < len(self.counts) and _CHAIN.match(
                self.text[self.counts[j].end : self.counts[j + 1].start]
            ):
                if self.counts[j + 1].start >= hi:
                    break
                nxt = self.counts[j + 1]
                if lexicon.other_people().search(nxt.text) or any(
                    nxt.end <= c[0] < min(self.hi, nxt.end + _OWN_CUE_REACH) and c[2] is not outcome
                    for c in self.cues
                ):
                    # "found one deceased male and a second male suffering ...", "one
                    # deceased male and one female victim who sustained injuries": the
                    # next person has an outcome of their own (another one: "lost twelve
                    # men, and three volunteers were also killed" stays one list).
                    break
                chain.append(self.counts[j + 1])
                j += 1
            # The first count's hedge, read above, is not read again for a count alone.
            return self._figures_from_chain(outcome, chain, chain[-1].end, "", (qual, range_low, hstart))
        for k in range(bisect_left(self._bare_starts, cue_end), len(self.bare)):
            q = self.bare[k]
            if q.start >= hi:
                break
            qual, range_low, hstart = _qualifier(self.text, q)
            if _GAP_AFTER.match(self.text[cue_end : max(cue_end, hstart)]) and _BARE_END.match(
                self.text, q.end, max(q.end, hi)
            ):
                low, high = _bounds(qual, q.value, range_low)
                desc = q.text if q.kind == "vague" else None
                return [
                    RawFigure(
                        outcome, low, high, qual, VictimGroup.UNKNOWN, desc, hstart, q.end, self.sentence
                    )
                ]
            break
        # Positions, not slices: slicing the rest of the clause for every cue made a long
        # clause of cues quadratic.
        space = _SPACE.match(self.text, cue_end, max(cue_end, hi))
        m = UNSPECIFIED_RE.match(self.text, space.end() if space else cue_end)
        if m:
            end = _STOP.search(self.text, m.end(), max(m.end(), hi))
            stop = end.start() if end else m.end()
            desc = self.text[m.start() : stop].strip()
            if _words(desc) <= 5:
                return [self._unspecified(outcome, desc, m.start(), stop)]
        return []

    def figures(self) -> list[RawFigure]:
        out: list[RawFigure] = []
        for n, (start, end, outcome, where) in enumerate(self.cues):
            prev_end = self.cues[n - 1][1] if n else self.lo
            next_start = self.cues[n + 1][0] if n + 1 < len(self.cues) else self.hi
            if _among_before(self.text, max(self.lo, start - 40), start):
                continue
            if _counterfactual_before(self.text, max(self.lo, start - 80), start):
                continue  # "it could have ... killed her": nobody was
            direction = where
            if where == "subset":
                # "four men were shot, one fatally": the count is the part after the last
                # comma or dash, never the whole group before it.
                direction = "before"
                cut = max(self.text.rfind(c, prev_end, start) for c in ",-–—(")
                prev_end = max(prev_end, cut + 1)
            if where == "passive":
                direction = "before" if _be_before(self.text[prev_end:start]) else "after"
            found = (
                self.before(outcome, prev_end, start)
                if direction == "before"
                else self.after(outcome, end, next_start)
            )
            if not found and where == "passive" and direction == "after":
                # Headline style, "12 killed in blast": a count right before a bare participle.
                # A list counts as one: "two other Americans and an Afghani injured".
                listed = self.before(outcome, prev_end, start)
                last_end = max((f.end for f in listed), default=start)
                found = listed if _words(self.text[min(last_end, start) : start]) <= 2 else []
            # Speed only: "shared" is read only for a death after a figure (the search ran for
            # every cue, over all the clause before it).
            shared = (
                outcome is Outcome.KILLED
                and bool(out)
                and _SHARED_SUBJECT.search(self.text, prev_end, start) is not None
            )
            if (
                outcome is Outcome.KILLED
                and (direction == "before" or (shared and not found))
                and out
                and all(f.start == out[-1].start for f in found)
            ):
                # "the child was taken to a hospital but died", "a man who was critically
                # injured ... has died": the people just counted as hit are the dead, when
                # the death has no count of its own ("shot himself and died": none but theirs).
                last = out[-1]
                if last.outcome is Outcome.INJURED and (
                    lexicon.hit_cues().fullmatch(last.cue)
                    or _LATER.search(self.text, prev_end, start)
                    or _WHO_WAS.match(self.text, last.end)
                    or _REDUCED_HURT.match(self.text, last.end)
                    or shared
                ):
                    out[-1] = replace(last, outcome=Outcome.KILLED, cue=self.text[start:end])
            fresh = [
                f for f in found if not self._is_used(f.start)
            ]  # a list's total and first part share a start
            for f in fresh:
                subset = "sentence" if where == "subset" else ""
                if outcome is Outcome.KILLED and not subset:
                    subset = self._dead_among(f, start)
                out.append(f.with_cue(self._cue(f, start, end, out), subset, self._own(f, start, out)))
            for f in fresh:
                self._use(f.start, f.end)
        out.extend(self._noun_outcomes())
        return sorted(out, key=lambda f: f.start)

    def _cue(self, f: RawFigure, start: int, end: int, before: list[RawFigure]) -> str:
        """The outcome words, from a word that sets these people apart from others just
        counted ("was also shot", data/other_people.txt) when one stands before them, or from
        the "and" that joins them to a death just counted ("a 22-year-old man was killed and
        6-year-old girl was shot": the girl is not the dead man hit)."""
        last = before[-1] if before else None
        if (
            f.outcome is Outcome.INJURED
            and last is not None
            and last.outcome is Outcome.KILLED
            and last.end <= f.start
            and f.description
            and not _POINTS_BACK.match(f.description)
        ):
            m = _AND.search(self.text[last.end : f.start])
            if m:
                return self.text[last.end + m.start() : end]
        if f.end <= start:
            m = lexicon.other_people().search(self.text, f.end, start)
            if m and _words(self.text[m.end() : start]) <= 2:
                return self.text[m.start() : end]
        return self.text[start:end]

    def _own(self, f: RawFigure, cue_start: int, before: list[RawFigure]) -> str | None:
        """'killed his wife ... before killing himself': the killer's own death after the people
        the clause counts as hit before it, written with the word before its verb so that
        `lexicon.own_death_re` (data/own_death.txt) knows it. A reflexive alone ("accidentally
        shot and killed himself", "picked up a gun, before killing herself") is the victim."""
        if (
            f.outcome is not Outcome.KILLED
            or (f.description or "").casefold() not in ("himself", "herself")
            or not any(o.outcome in (Outcome.KILLED, Outcome.INJURED) for o in before)
        ):
            return f.description
        for n in (1, 2, 3):  # "then killed himself", "then gunman kills himself", "then the man shot herself"
            lead = re.search(rf"(?:\S+\s+){{{n}}}$", self.text[max(self.lo, cue_start - 30) : cue_start])
            words = self.text[cue_start - len(lead.group(0)) : f.end] if lead else ""
            if words and lexicon.own_death_re().fullmatch(words):
                return words
        return f.description

    def _dead_among(self, f: RawFigure, cue_start: int) -> str:
        """'including one who died', 'two of them died': the dead are part of a group counted
        before. Returns the scope in which that group is looked for, empty when not a part."""
        back = self.text[max(self.lo, f.start - 40) : f.start]  # each sliced once (speed only)
        at = self.text[f.start : max(f.start, cue_start)]
        for where, pattern, scope in lexicon.dead_among():
            before = where == "before" or (where == "bare_before" and not f.description)
            if before and pattern.search(back):
                return scope
            if where == "at" and pattern.match(at):
                return scope
        return ""

    def _noun_outcomes(self) -> list[RawFigure]:
        """Counted nouns that carry the outcome themselves: '40 bodies', 'any hostages'."""
        out: list[RawFigure] = []
        chunk = self.text[self.lo : self.hi]
        folded: str | None = None  # the clause as the word filters read it, folded once
        nouns = _noun_words()
        if nouns is not None:
            # Speed only: every outcome noun's match (in a count, which is part of the clause,
            # or after a quantifier) holds one of these words; a clause with none has no figure
            # here, and its counts are not searched noun by noun.
            folded = alternation.fold(chunk)
            if not nouns.may_match_folded(folded):
                return out
        for cue, (unspecified, words) in zip(lexicon.outcome_nouns(), _unspecified_nouns(), strict=True):
            for q in self.counts:
                if self._is_used(q.start) or not cue.pattern.search(q.text):
                    continue
                out.extend(self._figures_from_chain(Outcome(cue.value), [q], q.end, ""))
            if words is not None:
                if folded is None:
                    folded = alternation.fold(chunk)
                if not words.may_match_folded(folded):
                    continue  # speed only: the clause lacks the noun
            for m in unspecified.finditer(chunk):
                start = self.lo + m.start()
                if self._is_used(start):
                    continue
                desc = m.group(0)
                out.append(
                    RawFigure(
                        Outcome(cue.value),
                        None,
                        None,
                        Qualifier.UNSPECIFIED,
                        classify(desc),
                        desc,
                        start,
                        self.lo + m.end(),
                        self.sentence,
                    )
                )
        return out


def _among_before(text: str, lo: int, hi: int) -> bool:
    """`_AMONG.search(text, lo, hi)`. Speed only: searched only when the window holds "among" in
    any case (its pattern opens with a word start: `re` tried it at every offset)."""
    return "among" in text[lo:hi].lower() and _AMONG.search(text, lo, hi) is not None


@cache
def _counterfactual_words() -> alternation.LiteralFilter | None:
    """Words one of which every match of `lexicon.counterfactual_re` holds, or None."""
    pattern = lexicon.counterfactual_re()
    return alternation.LiteralFilter.of_compiled(pattern)


def _counterfactual_before(text: str, lo: int, hi: int) -> bool:
    """`lexicon.counterfactual_re().search(text, lo, hi)`. Speed only: searched only when the
    window holds one of the words its every match holds ("could", "would")."""
    words = _counterfactual_words()
    if words is not None and not words.may_match(text[lo:hi]):
        return False
    return lexicon.counterfactual_re().search(text, lo, hi) is not None


@cache
def _unspecified_nouns() -> tuple[tuple[re.Pattern[str], alternation.LiteralFilter | None], ...]:
    """Per outcome noun, a quantifier before it ("several bodies", "any hostages"), compiled
    once, with the words one of which its every match holds (a clause without is not searched)."""
    out = []
    for cue in lexicon.outcome_nouns():
        pattern = rf"{UNSPECIFIED_RE.pattern}\s+(?:\w+\s+){{0,2}}?(?:{cue.pattern.pattern})"
        out.append(
            (re.compile(pattern, re.IGNORECASE), alternation.LiteralFilter.of([pattern], re.IGNORECASE))
        )
    return tuple(out)


def _inherit(figures: list[RawFigure]) -> list[RawFigure]:
    """'others', 'more' and bare numbers are the same kind of people as the figure before them."""
    out: list[RawFigure] = []
    last: dict[int, VictimGroup] = {}
    for f in figures:
        desc = f.description or ""
        if f.sentence in last and (not desc or _OTHERS.match(desc)):
            f = replace(f, victims=last[f.sentence])
        last[f.sentence] = f.victims
        out.append(f)
    return out


def _including_after(text: str, f: RawFigure, cue_end: int, clause_end: int) -> RawFigure:
    """'12 people were killed ..., including women and children': the part names who they were."""
    if f.victims is not VictimGroup.UNKNOWN:
        return f
    # Only a nearby "including" can name them; looking further made long clauses quadratic.
    if "including" not in text[cue_end : min(clause_end, cue_end + 300)]:
        return f
    m = _INCLUDING_AFTER.match(text[cue_end:clause_end])
    if not m:
        return f
    part = m.group("part").strip(" ,")
    victims = classify(f.description or "", part)
    desc = f"{f.description}, including {part}" if f.description and part else f.description
    return replace(f, victims=victims if victims is not VictimGroup.UNKNOWN else f.victims, description=desc)


#: "One of the five people shot and killed", "one of the two people who died": a part named
#: out of a group that the outcome words right after it count whole (a relative clause or a
#: participle, not a verb of the part: "One of the five people was killed" is one).
_PART_OF_WHOLE = re.compile(
    r"(?:one|two|three|four|\d{1,2})\s+of\s+the\s+(?P<n>two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|\d{1,3})\s+(?:[\w-]+\s+){0,2}?(?P<noun>people|persons|victims|men|women|teens|"
    r"teenagers|students|officers|children|boys|girls)\s*,?\s*(?:(?:who|that)\s+(?:were\s+|was\s+|had\s+been\s+)?)?",
    re.IGNORECASE,
)


def _whole_of_part(text: str, f: RawFigure) -> RawFigure | None:
    """The group a part is named out of, when the outcome words count the group itself."""
    if f.low is None or not f.cue or f.outcome not in (Outcome.KILLED, Outcome.INJURED):
        return None
    m = _PART_OF_WHOLE.match(text, f.start)
    if m is None or not text.startswith(f.cue, m.end()):
        return None
    n = parse_number(m.group("n"))
    if n is None or n <= f.low:
        return None
    desc = text[m.start("n") : m.end("noun")]
    return replace(f, low=n, high=n, qualifier=Qualifier.EXACT, description=f"the {desc}", start=m.start("n"))


@cache
def _figure_signal() -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """One pattern for all outcome cues, one for the outcome nouns without their word
    boundaries: a clause neither finds holds no figure (see `read_figures`). None when a noun
    pattern is not of the `\\b(?:...)\\b` form this relies on (then every clause is read)."""
    nouns = []
    for cue in lexicon.outcome_nouns():
        pattern = cue.pattern.pattern
        if not (pattern.startswith(r"\b(?:") and pattern.endswith(r")\b")):
            return None
        nouns.append(pattern[5:-3])
    noun = re.compile("|".join(f"(?:{n})" for n in nouns), re.IGNORECASE)
    return lexicon.union(lexicon.outcome_cues()), noun


@cache
def _cue_outcomes() -> tuple[Outcome, ...]:
    """Each outcome cue's `Outcome`, made once (not per match)."""
    return tuple(Outcome(cue.value) for cue in lexicon.outcome_cues())


@cache
def _cue_starts() -> alternation.FirstChars:
    """The characters each outcome cue can start with (`_Clause` tries a cue only there)."""
    return alternation.FirstChars([c.pattern for c in lexicon.outcome_cues()])


@cache
def _figure_words() -> alternation.LiteralFilter | None:
    """Words one of which every match of `_figure_signal`'s two patterns holds: a clause with
    none of them is not searched with those patterns (speed only: they would find nothing)."""
    signal = _figure_signal()
    if signal is None:
        return None
    return alternation.LiteralFilter.of(
        [*(c.pattern.pattern for c in lexicon.outcome_cues()), signal[1].pattern], re.IGNORECASE
    )


@cache
def _cue_heads() -> HeadFinder | None:
    """Where a match of the outcome cues' union (`_figure_signal`) can start, in
    `alternation.heads_lowered` text; None when it cannot be found so."""
    signal = _figure_signal()
    return None if signal is None else HeadFinder.of(signal[0])


def _cue_union_starts(union: re.Pattern[str], text: str, lo: int, hi: int) -> list[int]:
    """`alternation.starts(union, text, lo, hi)` of the outcome cues' union (`_figure_signal`):
    where some outcome cue matches.

    Speed only: the union (76 cues, tried at every offset by a search: about 1,400
    instructions a character) is tried only where a word of the clause starts with one of its
    head words (`events.HeadFinder`), as `events._union_starts` does with the event cues."""
    heads = _cue_heads()
    begin = max(lo - 1, 0)  # the character before the clause: a word start at `lo` needs it
    lowered = alternation.heads_lowered(text[begin:hi]) if heads is not None else None
    if heads is None or lowered is None:
        return alternation.starts(union, text, lo, hi)
    match = union.match
    return [begin + p for p in heads.offsets(lowered, at_start=lo == 0) if match(text, begin + p, hi)]


@cache
def _noun_words() -> alternation.LiteralFilter | None:
    """Words one of which every match of `_figure_signal`'s noun pattern holds, or None."""
    signal = _figure_signal()
    return None if signal is None else alternation.LiteralFilter.of_compiled(signal[1])


def _holds_noun(noun: re.Pattern[str], chunk: str) -> bool:
    """Whether `_figure_signal`'s noun pattern (`noun`) matches in `chunk`. Speed only: searched only when
    the chunk holds one of its words (the pattern's lookbehinds leave `re` no letter to skip
    to: a search cost more than the rest of a clause's reading)."""
    words = _noun_words()
    return (words is None or words.may_match(chunk)) and noun.search(chunk) is not None


def may_state_figure(text: str) -> bool:
    """False only when no outcome cue nor outcome noun can match in `text`: it holds none of
    the words one of which each of their matches holds (a cheap test; speed only)."""
    return _holds_figure_words(text)


@per_digest
def _holds_figure_words(text: str) -> bool:
    """`may_state_figure`, read once per text and digest: the figure reader tests each clause,
    the cross-check each sentence, and most sentences are one clause (the same text)."""
    words = _figure_words()
    return words is None or words.may_match(text)


def read_figures(text: str, sentence: Sentence) -> list[RawFigure]:
    """Every casualty figure in one sentence."""
    figures: list[RawFigure] = []
    signal = _figure_signal()
    words = _figure_words() if signal else None
    # Speed only: every web address holds "/" or "www." (scanning each word for one is slow).
    chunk = text[sentence.start : sentence.end]
    has_link = "/" in chunk or "www." in chunk.lower()
    links = [m.span() for m in _URL.finditer(text, sentence.start, sentence.end)] if has_link else []
    for lo, hi in sentence.clauses:
        # Speed only: `_Clause.figures` reads a figure at an outcome cue (searched in [lo, hi)) or
        # at an outcome noun in a count or in the clause; a clause with neither yields nothing,
        # so it is not read (most clauses of an article; a property test checks the equivalence).
        starts = None
        if signal:
            if words is not None and not _holds_figure_words(text[lo:hi]):
                continue
            starts = _cue_union_starts(signal[0], text, lo, hi)  # the clause reads its cues there
            if not starts and not _holds_noun(signal[1], text[lo:hi]):
                continue
        clause = _Clause(text, lo, hi, sentence.index, starts)
        found = clause.figures()
        if not found and figures and figures[-1].outcome is Outcome.INJURED:
            # "..., but died a short time later": a death with no count of its own opening
            # the clause after the hurt is theirs.
            death = next((c for c in clause.cues if c[2] is Outcome.KILLED), None)
            if death is not None and _SHARED_SUBJECT.match(text[lo : death[0]]):
                figures[-1] = replace(figures[-1], outcome=Outcome.KILLED, cue=text[death[0] : death[1]])
        for f in found:
            # A slice, not match(text, pos): "^" never matches at a pos other than 0.
            if lexicon.not_figures().search(text[f.start : min(hi, f.start + 90)]):
                continue  # "28,000 since 2015", "35 every day", "killed or wounded"
            if any(a <= f.start < b for a, b in links):
                continue  # ".../hawthorne-new-year-party-three-killed.html": a link, not a statement
            figures.append(_including_after(text, f, f.end, hi))
            whole = _whole_of_part(text, f)
            if whole is not None:
                figures.append(whole)
    return _inherit(figures)
