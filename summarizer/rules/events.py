"""ACLED event and sub-event type from cue words and from who the victims were.

Bombs, shells and drones make explosions/remote violence whoever was hit.
An attack becomes a battle when armed people were on the receiving end (or
the text says there was fighting) and violence against civilians when only
civilians were. Arrests and demolitions are strategic developments.
"""

from __future__ import annotations

import re
from functools import lru_cache

from summarizer.rules import lexicon
from summarizer.schemas import Actor, ActorKind, ActorRole, EventType, SubEventType, VictimGroup

_CIVILIAN_TARGETS = re.compile(
    r"\b(?:market|village|compound|homes?|houses?|mosque|church|school|bus|wedding|funeral|hospital|camp|"
    r"residential|civilians?|worshipp?ers|shoppers|passengers|farmers|workers)\b",
    re.IGNORECASE,
)
_ARMED = {VictimGroup.SECURITY_FORCES, VictimGroup.MILITANTS, VictimGroup.MIXED}


@lru_cache(maxsize=2048)
def cue_hits(text: str) -> tuple[tuple[str, str, int], ...]:
    """(event type, sub-event, rank) of every cue in `text` that reports something that
    happened, highest rank first: a cue after a negation, a condition or a causative
    ("can't attack anyone", "if she stops attacking", "makes enemies attack") is none."""
    unreal = lexicon.unreal_context_re()
    return tuple(
        (cue.value, cue.extra, rank)
        for cue, rank in lexicon.event_cues()
        if any(not unreal.search(text, max(0, m.start() - 80), m.start()) for m in cue.pattern.finditer(text))
    )


def classify(
    text: str, victims: list[VictimGroup], numbered: list[VictimGroup], arrests_only: bool = False
) -> tuple[EventType, SubEventType | None]:
    """Event type of an incident whose cue text is `text` and whose figures hit `victims`.

    An incident whose only figures are arrests is an arrest event, whatever
    else its sentences mention ("arrested seven suspects in connection with the attack").
    """
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
    if civilian or (not armed and _CIVILIAN_TARGETS.search(text)):
        return EventType.VIOLENCE_AGAINST_CIVILIANS, SubEventType.ATTACK
    if not armed and any(h[1] == "shooting" for h in cue_hits(text)):
        # Unknown victims of a shooting: one side using violence, not two armed sides fighting.
        return EventType.VIOLENCE_AGAINST_CIVILIANS, SubEventType.ATTACK
    return EventType.BATTLES, SubEventType.ARMED_CLASH


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


def political_scope(etype: EventType, actors: list[Actor]) -> bool:
    """In the scope of political-violence data? Battles, explosions, protests and riots are;
    a shooting, stabbing or arrest is only when an organised actor carried it out."""
    if etype in _POLITICAL_TYPES:
        return True
    return any(
        a.role is ActorRole.PERPETRATOR and a.kind in _ORGANISED and not _GENERIC.match(a.name)
        for a in actors
    )
