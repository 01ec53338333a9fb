"""ACLED event and sub-event type from cue words and from who the victims were.

Bombs, shells and drones make explosions/remote violence whoever was hit.
An attack becomes a battle when armed people were on the receiving end (or
the text says there was fighting) and violence against civilians otherwise: with
nothing saying the victims were armed there is no second armed side.
Arrests and demolitions are strategic developments.

A crime story (words of ordinary crime, and no organised armed group or army named) has no
battles and no protests: a shootout with police or a fight that broke out is one side's
violence, and none of it is political violence unless an organised actor did it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from summarizer import alternation
from summarizer.memo import per_digest, remembered
from summarizer.rules import lexicon
from summarizer.schemas import Actor, ActorKind, ActorRole, EventType, SubEventType, VictimGroup

_ARMED = {VictimGroup.SECURITY_FORCES, VictimGroup.MILITANTS, VictimGroup.MIXED}


@per_digest
def cue_starts(text: str) -> tuple[tuple[int, ...], ...]:
    """For each cue of `lexicon.event_cues()`, in order, the offsets where it can start a match
    in `text`: where their union matches (`alternation.starts`) and the cue can start with the
    character there (`alternation.FirstChars`). Read once per span for `cue_hits` and
    `grouping.event_words`, which ask about the same spans; a cue with no offset is not tried."""
    at = _union_starts(text)
    if not at:
        return _no_starts()  # (most spans: no cue word at all)
    by_cue = _cue_firsts().offsets(text, at)
    return tuple(tuple(by_cue.get(n, ())) for n in range(len(lexicon.event_cues())))


@lru_cache(maxsize=1)
def _no_starts() -> tuple[tuple[int, ...], ...]:
    """`cue_starts` of a text where no cue can start: no offset for any cue."""
    return tuple(() for _ in lexicon.event_cues())


def _union_starts(text: str) -> list[int]:
    """`alternation.starts(cue_word_union(), text, 0, len(text))`. Speed only: the union is tried
    only at the word starts where one of its words' first letters stand (`_cue_heads`, found in
    the lower-cased text by a pattern of plain letters, which `re` searches far faster than the
    union; a few more offsets, which the union's own word start rejects), not at every offset."""
    union = cue_word_union()
    heads = _head_offsets(text)
    if heads is None:
        return alternation.starts(union, text, 0, len(text))
    match = union.match
    return [at for at in heads if match(text, at)]


def _head_offsets(text: str) -> tuple[int, ...] | None:
    """Where `_cue_heads` finds a head in `heads_lowered(text)` (the word starts where the union is
    tried), in order; None when it cannot be used. Kept per digest (`joined` notes a joined
    text's from its parts')."""
    return remembered((_head_offsets, text), lambda: _read_head_offsets(text))


def _read_head_offsets(text: str) -> tuple[int, ...] | None:
    heads = _cue_heads()
    lowered = alternation.heads_lowered(text) if heads is not None else None
    if heads is None or lowered is None:
        return None
    return tuple(heads.offsets(lowered))


def joined(parts: Sequence[str]) -> str:
    """`" ".join(parts)`, for `cue_hits` of several spans read as one text (an incident's
    clauses). Speed only: the joined text's head offsets (`_head_offsets`) are noted from the
    parts' own, which reading each span already found, instead of searched for again.

    The same offsets: each head is letters ([a-z0-9_], never the joining space) after a
    character other than those or at the start, so it lies inside one part, where it stands
    after the same character as in the part alone (a part's first character follows a space in
    the joined text, as the start of the text counts); lower-casing keeps each character's
    offset in the joined text exactly when it does in every part, and writes the same ASCII
    letters."""
    text = " ".join(parts)
    if len(parts) > 1:
        remembered((_head_offsets, text), lambda: _joined_offsets(parts))
    return text


def _joined_offsets(parts: Sequence[str]) -> tuple[int, ...] | None:
    out: list[int] = []
    at = 0
    for part in parts:
        offsets = _head_offsets(part)
        if offsets is None:
            return None
        out.extend(at + p for p in offsets)
        at += len(part) + 1
    return tuple(out)


@lru_cache(maxsize=1)
def _cue_heads() -> HeadFinder | None:
    """Where a match of `cue_word_union` can start in `heads_lowered(text)`: a word start and
    one of the union's `head_words`. None when it has none."""
    return HeadFinder.of(cue_word_union())


class HeadFinder:
    """The offsets where a union that opens with a word start (`_WORD_START`) can match, found
    by its `alternation.head_words` in `alternation.heads_lowered` text: every word start with
    a head word, and a few offsets more (a head after a letter outside ASCII, "éin"), which the
    union's own word start rejects where it is matched.

    Speed only: a pattern that opens with `\\b` gives `re` no character to skip to, so it
    enters its matcher at every offset; one that opens with a character outside [a-z0-9_] is
    tried only after those (half the instructions). The same word starts: one follows a
    character that is no word character, which lower-cases to none of [a-z0-9_] (so the
    class takes it), or starts the text. A head's letters are word characters, so a scan that
    goes on after one (as `finditer` does) skips no word start."""

    def __init__(self, heads: Sequence[str]) -> None:
        tree = alternation.word_tree(heads)
        self._first = re.compile(tree)
        self._after = re.compile(rf"[^a-z0-9_](?:{tree})")

    @classmethod
    def of(cls, union: re.Pattern[str]) -> HeadFinder | None:
        """The finder of `union`'s head words; None when it does not open with a word start
        or has none."""
        if not union.pattern.startswith(_WORD_START):
            return None
        heads = alternation.head_words(union.pattern, union.flags)
        return None if heads is None else cls(heads)

    def offsets(self, lowered: str, at_start: bool = True) -> list[int]:
        """The offsets of `lowered` where a head stands after a character other than
        [a-z0-9_], or at its start when `at_start` (False: its first character is the one
        before the span that is read), in order."""
        out = [0] if at_start and self._first.match(lowered) else []
        out.extend(m.start() + 1 for m in self._after.finditer(lowered))
        return out

    def each(self, lowered: str) -> Iterator[int]:
        """`offsets(lowered)` one at a time (a caller that stops at one reads no further)."""
        if self._first.match(lowered):
            yield 0
        for m in self._after.finditer(lowered):
            yield m.start() + 1


#: What `HeadFinder` counts as a word's characters in lowered text.
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")

#: How `alternation.union` opens a union whose every alternative starts a word.
_WORD_START = r"\b(?=\w)"


@lru_cache(maxsize=1)
def _cue_firsts() -> alternation.FirstChars:
    return alternation.FirstChars([cue.pattern for cue, _rank in lexicon.event_cues()])


@lru_cache(maxsize=1)
def cue_word_union() -> re.Pattern[str]:
    """The event cues' union with every cue split into its words
    (`alternation.spread_alternatives`): it matches at the same offsets as
    `lexicon.event_cue_union()`, but each offset tries only the words that start with its
    character (one cue's words start with many characters, so the cues' union tried most cues
    at every word): speed only, for `cue_starts`."""
    cues = lexicon.event_cues()
    words = []
    for cue, _rank in cues:
        body = cue.pattern.pattern
        if not (body.startswith(_WRAP[0]) and body.endswith(_WRAP[1])):
            raise ValueError(f"not the form of lexicon.event_cues: {body}")
        inner = body[len(_WRAP[0]) : -len(_WRAP[1])]
        words += [rf"{_WRAP[0]}{w}{_WRAP[1]}" for w in alternation.spread_alternatives(inner)]
    return alternation.union(words, cues[0][0].pattern.flags)


#: How `lexicon.event_cues` wraps a cue's regex.
_WRAP = (r"\b(?:", r")\b")


@per_digest
def cue_hits(text: str) -> tuple[tuple[str, str, int], ...]:
    """(event type, sub-event, rank) of every cue in `text` that reports something that
    happened, highest rank first: a cue after a negation, a condition or a causative
    ("can't attack anyone", "if she stops attacking", "makes enemies attack") is none."""
    unreal = lexicon.unreal_context_re()
    # Speed only: each cue is tried where it can start and one of them matches, not at every
    # offset (as event_words).
    return tuple(
        (cue.value, cue.extra, rank)
        for (cue, rank), at in zip(lexicon.event_cues(), cue_starts(text), strict=True)
        if at
        and any(
            not unreal.search(text, max(0, m.start() - 80), m.start())
            for m in alternation.finditer_at(cue.pattern, text, at, 0, len(text))
        )
    )


def crime_story(text: str, mentions: Iterable[tuple[int, int, str, ActorKind]]) -> bool:
    """Does the article read as ordinary crime? It uses the words of crime reporting
    (data/crime_cues.txt) and names no organised armed side: no armed group, no army (police,
    sheriffs and other law enforcement are no side of a battle: data/law_enforcement.txt; an
    "Army veteran" is a shooter's past, no side: data/not_a_side.tsv), and no unnamed one
    ("militants", "insurgents": data/unnamed_perpetrators.tsv). `mentions` are
    (start, end, name, kind) of every actor mention."""
    words = _crime_words()
    if words is not None and not words.may_match_text(text):
        return False  # (the words first: a whole-article search for none of them is not free)
    # Speed only: each search tried at its head words (`WordSearch`: the same matches).
    lowered = alternation.heads_lowered(text)
    if _crime_search().search(text, lowered) is None:
        return False
    for cue, search in zip(lexicon.unnamed_perpetrators(), _unnamed_searches(), strict=True):
        m = search.search(text, lowered)  # "militants", "insurgents": a side, if unnamed
        if m and organised(m.group(0), ActorKind(cue.value)):
            return False
    return not any(
        organised(name, kind) and not past_mention(text, start, end) for start, end, name, kind in mentions
    )


@lru_cache(maxsize=1)
def _crime_words() -> alternation.LiteralFilter | None:
    """Words one of which every crime cue's match holds, or None."""
    cue = lexicon.crime_cue_re()
    return alternation.LiteralFilter.of_compiled(cue)


class WordSearch:
    """`pattern.search(text)` for a pattern whose every match starts a word
    (`alternation.word_start`) and starts with one of its `alternation.head_words`: the pattern
    is matched only at the offsets where one of its heads starts a word in `heads_lowered(text)`
    (`HeadFinder.offsets`), in order, and the first match is returned.

    Speed only: a pattern that opens with `\\b` and IGNORECASE letters gives `re` no character
    to skip to, so `search` enters the whole alternation at every offset of the text (the four
    whole-article searches of `crime_story` cost ~4% of a digest of a 2 KB text). The same match:
    `search` returns the match of the first offset where `match` succeeds (`\\b` and lookbehinds
    read the characters before the offset in both), and every offset where one can start is
    among the heads' (see `HeadFinder`), which are tried in order. A few heads are found with
    `str.find` (in C, far faster than a pattern tried at every offset), more by `HeadFinder`'s
    pattern, one offset at a time (a search that matches early reads no further). Without head
    words, or when lower-casing moves offsets (`lowered` None), `search` itself."""

    #: At most this many heads are looked for with `str.find`.
    _FIND = 8

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        heads = alternation.head_words(pattern.pattern, pattern.flags)
        if not heads or not alternation.word_start(pattern.pattern, pattern.flags):
            heads = None
        self._heads = heads
        self._finder = HeadFinder(heads) if heads is not None and len(heads) > self._FIND else None

    def search(self, text: str, lowered: str | None) -> re.Match[str] | None:
        """`self.pattern.search(text)`; `lowered` is `alternation.heads_lowered(text)`."""
        if self._heads is None or lowered is None:
            return self.pattern.search(text)
        match = self.pattern.match
        for at in self._finder.each(lowered) if self._finder is not None else self._found(lowered):
            m = match(text, at)
            if m is not None:
                return m
        return None

    def _found(self, lowered: str) -> list[int]:
        """`HeadFinder(heads).offsets(lowered)` found with `str.find`: each head where it starts a
        word (at the start, or after a character other than [a-z0-9_]), in order."""
        out = set()
        for head in self._heads or ():
            for at in alternation.occurrences(lowered, head):
                if not at or lowered[at - 1] not in _WORD_CHARS:
                    out.add(at)
        return sorted(out)


@lru_cache(maxsize=1)
def _crime_search() -> WordSearch:
    """`lexicon.crime_cue_re()` searched at its head words. `crime_story` asks only whether it
    matches: its `alternation.finder` (which matches somewhere exactly when the cues do, and
    tries only the cues that can start with the character there) is searched."""
    cue = lexicon.crime_cue_re()
    return WordSearch(alternation.finder(cue.pattern, cue.flags))


@lru_cache(maxsize=1)
def _unnamed_searches() -> tuple[WordSearch, ...]:
    """The patterns of `lexicon.unnamed_perpetrators()`, in order, searched at their head words."""
    return tuple(WordSearch(cue.pattern) for cue in lexicon.unnamed_perpetrators())


def past_mention(text: str, start: int, end: int) -> bool:
    """'Army veteran', 'served in the military': the mention is someone's past, not a side."""
    for where, pattern in lexicon.not_a_side():
        window = text[max(0, start - 40) : start] if where == "before" else text[end : end + 30]
        if pattern.search(window):
            return True
    return False


def organised(name: str, kind: ActorKind) -> bool:
    """An organised armed side as ACLED counts one for battles: rebels, militias, an army;
    not law enforcement, not an unnamed gunman."""
    if _GENERIC.match(name):
        return False
    if kind is ActorKind.STATE_FORCES:
        return not lexicon.law_enforcement_re().search(name)
    return kind in (ActorKind.REBEL_GROUP, ActorKind.POLITICAL_MILITIA, ActorKind.IDENTITY_MILITIA)


def classify(
    text: str,
    victims: list[VictimGroup],
    numbered: list[VictimGroup],
    arrests_only: bool = False,
    crime: bool = False,
) -> tuple[EventType, SubEventType | None]:
    """Event type of an incident whose cue text is `text` and whose figures hit `victims`.

    An incident whose only figures are arrests is an arrest event, whatever
    else its sentences mention ("arrested seven suspects in connection with the attack").
    In a crime story (`crime_story`) a clash or a protest with violence is one side's attack.
    """
    etype, sub = _classify(text, victims, numbered, arrests_only)
    if crime and etype in _TWO_SIDED:
        violent = victims or any(h[0] in ("attack", EventType.BATTLES.value) for h in cue_hits(text))
        if etype is EventType.BATTLES or violent:
            return EventType.VIOLENCE_AGAINST_CIVILIANS, SubEventType.ATTACK
    return etype, sub


#: Types that need two organised sides (battles) or demonstrators (protests, riots).
_TWO_SIDED = {EventType.BATTLES, EventType.PROTESTS, EventType.RIOTS}


def _classify(
    text: str, victims: list[VictimGroup], numbered: list[VictimGroup], arrests_only: bool
) -> tuple[EventType, SubEventType | None]:
    if arrests_only:
        return EventType.STRATEGIC_DEVELOPMENTS, SubEventType.ARRESTS
    hits = cue_hits(text)
    if not hits:
        if victims:
            return _attack(text, victims, numbered, clash=False)
        return EventType.STRATEGIC_DEVELOPMENTS, SubEventType.OTHER
    etype, sub, _ = hits[0]
    if etype == "attack":
        clash = any(h[1] == SubEventType.ARMED_CLASH.value for h in hits)
        # A shooting or stabbing is one side using violence on people: never a battle unless
        # the text also says two sides fought (ACLED's battles need two organised armed sides).
        one_sided = all(h[1] == "shooting" for h in hits if h[0] == "attack")
        return _attack(text, victims, numbered, clash, one_sided)
    if etype == EventType.BATTLES.value and sub == SubEventType.ARMED_CLASH.value:
        return EventType.BATTLES, SubEventType.ARMED_CLASH
    return EventType(etype), SubEventType(sub)


def _attack(
    text: str, victims: list[VictimGroup], numbered: list[VictimGroup], clash: bool, one_sided: bool = False
) -> tuple[EventType, SubEventType]:
    if clash:
        return EventType.BATTLES, SubEventType.ARMED_CLASH
    if one_sided:
        return EventType.VIOLENCE_AGAINST_CIVILIANS, SubEventType.ATTACK
    pool = numbered or victims
    armed = sum(1 for v in pool if v in _ARMED)
    civilian = sum(1 for v in pool if v is VictimGroup.CIVILIANS)
    if armed > civilian:
        return EventType.BATTLES, SubEventType.ARMED_CLASH
    # Civilians hit, or nothing says the victims were armed: one side using violence, not two
    # armed sides fighting (ACLED's battles need two organised armed sides).
    return EventType.VIOLENCE_AGAINST_CIVILIANS, SubEventType.ATTACK


#: Event types that are political violence (or demonstrations) whoever took part.
_POLITICAL_TYPES = {EventType.BATTLES, EventType.EXPLOSIONS, EventType.PROTESTS, EventType.RIOTS}
#: Actor kinds that make a one-sided attack or an arrest political (ACLED codes state and
#: organised non-state violence, not crime).
_ORGANISED = {
    ActorKind.STATE_FORCES,
    ActorKind.REBEL_GROUP,
    ActorKind.POLITICAL_MILITIA,
    ActorKind.IDENTITY_MILITIA,
    ActorKind.OTHER,
}
#: Unnamed attackers ("a gunman", "assailants") are no organised group by themselves.
_GENERIC = re.compile(r"^(?:the\s+)?(?:gunm[ae]n|attackers?|assailants?|shooters?|suspects?)$", re.IGNORECASE)


def political_scope(etype: EventType, actors: list[Actor], crime: bool = False) -> bool:
    """In the scope of political-violence data? Battles, explosions, protests and riots are;
    a shooting, stabbing or arrest is only when an organised actor carried it out. In a crime
    story (`crime_story`) only explosions are (a bomb is no ordinary crime to ACLED), and the
    rest only when an organised armed side (not the police) did it."""
    if crime and etype is not EventType.EXPLOSIONS:
        return any(a.role is ActorRole.PERPETRATOR and organised(a.name, a.kind) for a in actors)
    if etype in _POLITICAL_TYPES:
        return True
    return any(
        a.role is ActorRole.PERPETRATOR and a.kind in _ORGANISED and not _GENERIC.match(a.name)
        for a in actors
    )
