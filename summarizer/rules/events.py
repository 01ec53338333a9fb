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
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from summarizer import alternation
from summarizer.memo import per_digest
from summarizer.rules import lexicon
from summarizer.schemas import Actor, ActorKind, ActorRole, EventType, SubEventType, VictimGroup

try:  # the parse tree `re` compiles (its modules' names since Python 3.11)
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as _sre
    import sre_parse as _sre_parse

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
    union), not at every offset."""
    union = cue_word_union()
    heads = _cue_heads()
    lowered = heads_lowered(text) if heads is not None else None
    if heads is None or lowered is None:
        return alternation.starts(union, text, 0, len(text))
    match = union.match
    return [at for at in (m.start() for m in heads.finditer(lowered)) if match(text, at)]


def heads_lowered(text: str) -> str | None:
    """`text` lower-cased for `head_words`, every offset kept: the two letters other than ASCII
    ones that `re` matches with an ASCII letter in any case written as that letter ("K" and "İ"
    lower-case to one); None when lower-casing changes the length ("İ" becomes two characters)."""
    lowered = text.lower()
    if text.isascii():
        return lowered
    if len(lowered) != len(text):
        return None
    for letter, ascii_letter in _ASCII_IN_ANY_CASE:
        if letter in lowered:  # (str.replace, not str.translate: that reads a dict per character)
            lowered = lowered.replace(letter, ascii_letter)
    return lowered


#: Lower-case letters other than ASCII ones that `re` with IGNORECASE matches with an ASCII letter
#: (the others, "İ" and "K", lower-case to ASCII letters).
_ASCII_IN_ANY_CASE = (("\u017f", "s"), ("\u0131", "i"))


def head_words(pattern: str, flags: int) -> list[str] | None:
    """Lower-case letters (at most four, from the start), one run of which every match of
    `pattern` starts with, in any case; None when some match need not start with a letter
    written in the pattern. In `heads_lowered(text)`, a match of `pattern` at an offset has one
    of them there (speed only: a pattern of plain letters finds the offsets to try)."""
    try:
        firsts, _ = _literal_starts(_sre_parse.parse(pattern, flags).data)
    except Exception:  # an unknown parse tree: no heads
        return None
    heads = set()
    for first in firsts:
        head = re.match(r"[a-z0-9_]{1,4}", first.lower()) if first.isascii() else None
        if head is None:
            return None  # a match that may start with no letter known, or not an ASCII one
        heads.add(head.group(0))
    return sorted(heads)


@lru_cache(maxsize=1)
def _cue_heads() -> re.Pattern[str] | None:
    """Where a match of `cue_word_union` can start in `heads_lowered(text)`: a word start and
    one of the union's `head_words`. None when it has none.

    Each `union.match` found at an offset consumes letters there (it opens with a word start
    and a word character), and so does every match of the pattern, so a search that goes on
    after a match's end (as `finditer` does) misses no word start."""
    union = cue_word_union()
    heads = head_words(union.pattern, union.flags) if union.pattern.startswith(_WORD_START) else None
    return None if heads is None else re.compile(rf"\b(?:{alternation.word_tree(heads)})")


#: How `alternation.union` opens a union whose every alternative starts a word.
_WORD_START = r"\b(?=\w)"
#: Parse-tree operations that consume nothing.
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)


def _literal_starts(items: Any) -> tuple[set[str], bool]:
    """(strings, one of which every match of `items` starts with in some case; whether that is
    all of every match). {""} when nothing is known."""
    out = {""}
    items = list(items)
    for n, (op, av) in enumerate(items):
        if op in _ZERO_WIDTH:
            continue
        if op is _sre.LITERAL:
            out = {p + chr(av) for p in out}
            continue
        if op is _sre.SUBPATTERN:
            _, add, drop, sub = av
            if (add | drop) & ~re.IGNORECASE:
                return out, False  # (a case rule changed is fine: the heads ignore case)
            subs, complete = _literal_starts(sub.data)
        elif op is _sre.BRANCH:
            got = [_literal_starts(b.data) for b in av[1]]
            subs = set().union(*(g[0] for g in got))
            complete = all(g[1] for g in got)
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            subs, complete = _literal_starts(av[2].data)[0], False
            if av[0] == 0:  # optional: a match starts with one turn of it, or with what follows
                subs |= _literal_starts(items[n + 1 :])[0]
        else:
            return out, False
        joined = {p + s for p in out for s in subs}
        if len(joined) > _MOST_STARTS:
            return out, False
        out = joined
        if not complete:
            return out, False
    return out, True


#: Beginnings followed at most (more is given up: the beginnings so far are kept).
_MOST_STARTS = 300


@lru_cache(maxsize=1)
def _cue_firsts() -> alternation.FirstChars:
    return alternation.FirstChars([cue.pattern for cue, _rank in lexicon.event_cues()])


@lru_cache(maxsize=1)
def cue_word_union() -> re.Pattern[str]:
    """The event cues' union with every cue split into its words (`cue_words`): it matches at
    the same offsets as `lexicon.event_cue_union()`, but each offset tries only the words that
    start with its character (one cue's words start with many characters, so the cues' union
    tried most cues at every word): speed only, for `cue_starts`."""
    cues = lexicon.event_cues()
    words = []
    for cue, _rank in cues:
        body = cue.pattern.pattern
        if not (body.startswith(_WRAP[0]) and body.endswith(_WRAP[1])):
            raise ValueError(f"not the form of lexicon.event_cues: {body}")
        words += [rf"{_WRAP[0]}{w}{_WRAP[1]}" for w in cue_words(body[len(_WRAP[0]) : -len(_WRAP[1])])]
    return alternation.union(words, cues[0][0].pattern.flags)


#: How `lexicon.event_cues` wraps a cue's regex.
_WRAP = (r"\b(?:", r")\b")


def cue_words(pattern: str) -> list[str]:
    """The alternatives of `pattern` at its top level, a leading group's alternatives spread
    over the rest: `(?:took|seized) control|overran` gives 'took control', 'seized control',
    'overran'. Some alternative matches at an offset exactly when `pattern` does."""
    out = []
    for alt in _split(pattern):
        close = _close(alt) if alt.startswith("(?:") else -1
        inner = _split(alt[3:close]) if close > 0 else []
        if len(inner) > 1:
            out += [w for each in inner for w in cue_words(each + alt[close + 1 :])]
        else:
            out.append(alt)
    return out


def _scan(pattern: str) -> Iterator[tuple[int, int]]:
    """(offset, parenthesis depth after it) of each character of `pattern` that is neither
    escaped nor in a character class."""
    depth, in_class, i = 0, False, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1  # '[]...]': the first ']' is a member
        else:
            depth += (ch == "(") - (ch == ")")
            yield i, depth
        i += 1


def _split(pattern: str) -> list[str]:
    """`pattern` cut at its top-level '|'."""
    cuts = [i for i, depth in _scan(pattern) if depth == 0 and pattern[i] == "|"]
    return [pattern[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(pattern)], strict=True)]


def _close(pattern: str) -> int:
    """Offset of the ')' that closes the group `pattern` opens with."""
    return next(i for i, depth in _scan(pattern) if depth == 0)


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
    if (words is not None and not words.may_match(text)) or not lexicon.crime_cue_re().search(text):
        return False  # (the words first: a whole-article search for none of them is not free)
    for cue in lexicon.unnamed_perpetrators():  # "militants", "insurgents": a side, if unnamed
        m = cue.pattern.search(text)
        if m and organised(m.group(0), ActorKind(cue.value)):
            return False
    return not any(
        organised(name, kind) and not past_mention(text, start, end) for start, end, name, kind in mentions
    )


@lru_cache(maxsize=1)
def _crime_words() -> alternation.LiteralFilter | None:
    """Words one of which every crime cue's match holds, or None."""
    cue = lexicon.crime_cue_re()
    return alternation.LiteralFilter.of([cue.pattern], cue.flags)


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
