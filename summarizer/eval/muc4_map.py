"""Our incident records as MUC-4 templates, so the GTT metric can score them.

MUC-4 fills one template per terrorist incident with an incident type and
five roles of entity strings copied from the text. Our records hold more
(figures, sources, certainty) and some of it differently, so the mapping is:

* incident_type: see below; no template at all for incidents MUC-4 does
  not code (arrests, agreements, peaceful protests).
* PerpInd: perpetrator actors named as people: a person-noun head
  ("guerrillas", "gunmen", "members of the FMLN") or, failing the
  organisation tests, a personal name ("Pablo Escobar").
* PerpOrg: perpetrator actors named as organisations: an organisation word
  ("front", "army", "forces", "cartel"), an acronym, or an armed-group or
  state actor kind; also ORG in "members of ORG".
* Target: `targets` (physical targets: buildings, vehicles, compounds).
* Victim: target actors, then each casualty figure's `victim_description`
  (descriptions that only count, such as "many others", are skipped).
* Weapon: `weapons`.

Incident type, first rule that fires:

1. protests and strategic developments: "forced work stoppage" when the
   description speaks of a strike or stoppage; otherwise only looting or
   property destruction goes on (to rules 4-5, else "attack"); anything
   else (arrests, agreements, bases) gives no template.
2. "bombing": sub-event suicide bomb, remote explosive/IED or grenade, or a
   bomb-like weapon (bomb, explosive, dynamite, grenade, mine, IED).
3. "kidnapping": sub-event abduction.
4. "arson": fire words (burn, set fire, torch, arson) in weapons or
   description, and nobody killed or injured.
5. "robbery": theft words (rob, steal, loot, hold-up) in the description.
6. "kidnapping": kidnap words, or only captured or missing people counted.
7. "attack" otherwise (battles, shelling, air strikes, shootings, riots).

Mentions: each entity gets one mention, because the metric counts a
predicted entity correct only when *all* its mentions are mentions of one
gold entity. The mention is copied from the article text (case and spelling
as there; MUC text is lower-case) when the name or one of its aliases is
found there; otherwise the record's own string is kept, unless
`only_text_spans=True`. Entities that normalise alike are merged.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from typing import Any

from summarizer.numbers import parse_number
from summarizer.schemas import ActorKind, ActorRole, ArticleDigest, EventType, Incident, Outcome, SubEventType

Template = dict[str, Any]
"""``{"incident_type": str, "PerpInd": [[mention], ...], "PerpOrg": ..., ...}``, as `gtt` scores it."""

ROLES: tuple[str, ...] = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")

_BOMB = re.compile(
    r"\b(bomb(?!ard)\w*|explosive\w*|dynamite|grenades?|(land)?mines?|ieds?|detonat\w*|car-bomb)\b", re.I
)
_FIRE = re.compile(r"\b(burn\w*|set (on )?fire|set ablaze|on fire|torch\w*|arson\w*|incendiar\w*)\b", re.I)
_THEFT = re.compile(
    r"\b(rob|robs|robbed|robbing|robber(y|ies|s)?|stole|stolen|steal(s|ing)?|thefts?|loot(s|ed|ing)?|"
    r"hold-?ups?|heists?)\b",
    re.I,
)
_KIDNAP = re.compile(r"\b(kidnap\w*|abduct\w*|hostages?|taken captive)\b", re.I)
_STOPPAGE = re.compile(r"\b(strikes?|stoppages?|shutdowns?|shut down|paro|stay-?aways?)\b", re.I)

_BOMB_SUBTYPES = {SubEventType.SUICIDE_BOMB, SubEventType.REMOTE_EXPLOSIVE, SubEventType.GRENADE}
_ARMED_KINDS = {
    ActorKind.STATE_FORCES,
    ActorKind.REBEL_GROUP,
    ActorKind.POLITICAL_MILITIA,
    ActorKind.IDENTITY_MILITIA,
}

#: Head nouns that name people rather than an organisation.
PERSON_HEADS = frozenset(
    [
        "guerrilla", "guerrillas", "gunman", "gunmen", "terrorist", "terrorists", "rebel", "rebels",
        "militant", "militants", "insurgent", "insurgents", "fighter", "fighters", "soldier", "soldiers",
        "troop", "troops", "man", "men", "woman", "women", "member", "members", "commando", "commandos",
        "assassin", "assassins", "attacker", "attackers", "hitman", "hitmen", "individual", "individuals",
        "person", "persons", "people", "youth", "youths", "student", "students", "officer", "officers",
        "agent", "agents", "policeman", "policemen", "guards", "trafficker", "traffickers",
        "squad", "squads", "cell", "cells", "sympathizer", "sympathizers", "supporter", "supporters",
        "sniper", "snipers", "bomber", "bombers", "kidnapper", "kidnappers", "robber", "robbers", "suspect",
        "suspects", "leader", "leaders", "commander", "commanders", "mob", "rioters", "protesters",
        "demonstrators", "villagers", "residents", "civilians", "personnel", "elements", "staff"
    ]
)  # fmt: skip

#: Words that make a name an organisation.
ORG_WORDS = frozenset(
    [
        "army", "armies", "front", "movement", "party", "forces", "force", "government", "police", "cartel",
        "brigade", "battalion", "guard", "command", "council", "union", "alliance", "group", "organisation",
        "organization", "ministry", "agency", "department", "embassy", "corps", "militia", "junta",
        "detachment", "regiment", "division", "navy", "extraditables", "committee", "federation",
        "association", "liberation", "revolutionary", "national", "military"
    ]
)  # fmt: skip

_PUNCT = str.maketrans({c: " " for c in string.punctuation + "‘’“”–—"})


def mention_key(text: str) -> str:
    """Close to the GTT normalisation: lower case, no punctuation or articles, single spaces."""
    words = text.casefold().translate(_PUNCT).split()
    return " ".join(w for w in words if w not in {"a", "an", "the"})


def find_in_text(mention: str, text: str) -> str | None:
    """The article's own spelling of `mention` (case, spacing, punctuation may differ), or None."""
    words = re.findall(r"\w+", mention)
    if not words:
        return None
    pattern = r"(?<!\w)" + r"\W+".join(re.escape(w) for w in words) + r"(?!\w)"
    m = re.search(pattern, text, re.IGNORECASE)
    return m.group(0) if m else None


# --- incident type ------------------------------------------------------------------------------


def incident_type(incident: Incident) -> str | None:
    """The MUC-4 incident type for one of our incidents, or None when MUC-4 would not code it."""
    desc = incident.description
    means = " ".join([*incident.weapons, desc])
    outcomes = {f.outcome for f in incident.casualties}
    sub = incident.sub_event_type
    if incident.event_type in (EventType.PROTESTS, EventType.STRATEGIC_DEVELOPMENTS):
        if _STOPPAGE.search(desc):
            return "forced work stoppage"
        if sub != SubEventType.LOOTING_PROPERTY_DESTRUCTION:
            return None
    if sub in _BOMB_SUBTYPES or any(_BOMB.search(w) for w in incident.weapons):
        return "bombing"
    if sub == SubEventType.ABDUCTION:
        return "kidnapping"
    if _FIRE.search(means) and not outcomes & {Outcome.KILLED, Outcome.INJURED}:
        return "arson"
    if _THEFT.search(desc):
        return "robbery"
    if _KIDNAP.search(desc) or (outcomes and outcomes <= {Outcome.CAPTURED, Outcome.MISSING}):
        return "kidnapping"
    return "attack"


# --- roles --------------------------------------------------------------------------------------


#: Words after which a name goes on to qualify its head: 'troops from that corps', 'members who ...'.
_QUALIFIERS = frozenset(
    ["of", "from", "who", "that", "which", "commanded", "led", "dressed", "in", "with", "under", "belonging"]
)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'-]+", text.casefold())


def _heads(name: str) -> tuple[str, str]:
    """Last word, and last word before the first qualifier ('members of the FMLN': 'fmln', 'members')."""
    words = _words(name)
    if not words:
        return "", ""
    cut = next((k for k, w in enumerate(words) if k and w in _QUALIFIERS), len(words))
    return words[-1], words[cut - 1]


def _is_acronym(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Z0-9.&-]{1,9}", name.strip()))


def _is_org(name: str) -> bool:
    """An organisation word, an acronym, or one word that is not a plural noun ('fmln', not 'criminals')."""
    words = _words(name)
    if set(words) & ORG_WORDS or _is_acronym(name):
        return True
    return len(words) == 1 and words[0] not in PERSON_HEADS and not re.fullmatch(r"\w{3,}[^s]s", words[0])


def perpetrator_roles(name: str, kind: ActorKind | None = None) -> list[tuple[str, str]]:
    """(role, mention) pairs for one perpetrator name: PerpInd, PerpOrg, or both for 'members of ORG'.

    People: the name ends in a person noun ('group of terrorists') or its head
    before a qualifier is one ('troops from that security corps'). Otherwise
    an organisation word, an acronym, a single word that is not a plural
    ('fmln' in lower-case copy) or an armed actor kind make it an
    organisation; anything else is taken for a person's name or a group of
    people ('advisers').
    """
    last, head = _heads(name)
    if last in PERSON_HEADS:
        return [("PerpInd", name)]
    if head in PERSON_HEADS:
        roles = [("PerpInd", name)]
        org = re.search(r"\bof\s+(?:the\s+)?(.+)$", name, re.IGNORECASE)
        if org and _is_org(org.group(1)):
            roles.append(("PerpOrg", org.group(1)))
        return roles
    if _is_org(name) or kind in _ARMED_KINDS:
        return [("PerpOrg", name)]
    return [("PerpInd", name)]


#: Words that say how many, not who: a description made only of these names nobody.
_VAGUE_WORDS = frozenset(
    [
        "others", "other", "many", "several", "some", "more", "few", "dozens", "scores", "hundreds",
        "people", "persons", "at", "least", "around", "about", "over", "nearly", "almost", "up", "to", "and"
    ]
)  # fmt: skip


def _vague(description: str) -> bool:
    """'many others', '12 people': no one MUC-4 would list as a victim."""
    words = mention_key(description).split()
    return all(w in _VAGUE_WORDS or w.isdigit() or parse_number(w) is not None for w in words)


class _Slots:
    """Entities per role, one mention each, merged on the normalised mention."""

    def __init__(self, text: str, only_text_spans: bool) -> None:
        self.text = text
        self.only_text_spans = only_text_spans
        self.roles: dict[str, list[list[str]]] = {role: [] for role in ROLES}
        self.seen: dict[str, set[str]] = {role: set() for role in ROLES}

    def add(self, role: str, names: Iterable[str]) -> None:
        """Add one entity, named by the first of `names` that the text has (else the first)."""
        names = [n for n in names if n and n.strip()]
        if not names:
            return
        mention = next((m for m in (find_in_text(n, self.text) for n in names) if m), None)
        if mention is None:
            if self.only_text_spans:
                return
            mention = names[0].strip()
        key = mention_key(mention)
        if key and key not in self.seen[role]:
            self.seen[role].add(key)
            self.roles[role].append([mention])


def incident_to_template(incident: Incident, text: str, *, only_text_spans: bool = False) -> Template | None:
    """One MUC-4 template for one incident; None when MUC-4 has no type for it."""
    kind = incident_type(incident)
    if kind is None:
        return None
    slots = _Slots(text, only_text_spans)
    for actor in incident.actors:
        if actor.role != ActorRole.PERPETRATOR:
            continue
        roles = perpetrator_roles(actor.name, actor.kind)
        for role, mention in roles:
            # Aliases ("BLA") name the organisation, so they only back up a PerpOrg mention.
            aliases = actor.aliases if role == "PerpOrg" and mention == actor.name else []
            slots.add(role, [mention, *aliases])
    for target in incident.targets:
        slots.add("Target", [target])
    for actor in incident.actors:
        if actor.role == ActorRole.TARGET:
            slots.add("Victim", [actor.name, *actor.aliases])
    for figure in incident.casualties:
        if figure.victim_description and not _vague(figure.victim_description):
            slots.add("Victim", [figure.victim_description])
    for weapon in incident.weapons:
        slots.add("Weapon", [weapon])
    return {"incident_type": kind, **slots.roles}


def incidents_to_templates(
    incidents: Iterable[Incident], text: str, *, only_text_spans: bool = False
) -> list[Template]:
    """Templates for every incident MUC-4 would code, in record order."""
    templates = (incident_to_template(i, text, only_text_spans=only_text_spans) for i in incidents)
    return [t for t in templates if t is not None]


def digest_to_templates(digest: ArticleDigest, *, only_text_spans: bool = False) -> list[Template]:
    return incidents_to_templates(digest.incidents, digest.article.text, only_text_spans=only_text_spans)
