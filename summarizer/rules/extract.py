"""Article -> `Extraction`, with no model: the steps of the offline extractor in order.

1. sentences and clauses (`units`), actors (`actors`), places (`places`);
2. speech cues and their speakers, sentence by sentence (`attribution`);
3. casualty figures per clause (`casualties`), each given its source and status,
   plus the figures a speaker denies;
4. incidents (`grouping`), each with type, places, date, actors and status;
5. a template summary (`summary`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from summarizer import alternation
from summarizer.datafiles import rows
from summarizer.geo import country_name
from summarizer.memo import digest_scope, per_digest
from summarizer.numbers import lowered_text, people_counts
from summarizer.rules import events, lexicon
from summarizer.rules.actors import ARMED, ActorInfo, Actors
from summarizer.rules.attribution import ARTICLE, Attributor, Source, Speech, speaker_for, status_for
from summarizer.rules.background import Background, background_figures, find_background
from summarizer.rules.casualties import RawFigure, read_figures
from summarizer.rules.dates import find_dates, incident_date
from summarizer.rules.grouping import Clause, Draft, group
from summarizer.rules.partitive import read_parts
from summarizer.rules.places import PlaceFinder, PlaceMention
from summarizer.rules.units import Sentence, sentences
from summarizer.schemas import (
    Actor,
    ActorKind,
    ActorRole,
    ArticleMeta,
    CasualtyFigure,
    Evidence,
    Extraction,
    Incident,
    Outcome,
    Place,
    Status,
    SubEventType,
    VictimGroup,
)
from summarizer.summary import describe, write_summary


@dataclass(frozen=True)
class Found:
    """A figure with where it was read and who gave it."""

    figure: CasualtyFigure
    anchor: int  # offset used to place it in an incident
    source: Source
    cue: str = ""  # the outcome words it was read from
    subset: str = ""  # killed among the people of a hit figure before it: its scope (data/dead_among.tsv)


#: Longest evidence quote. A longer "sentence" (scraped text without full stops) is cut to a
#: window round the figure: quoting it whole for every figure made output grow with the square.
MAX_EVIDENCE = 600


def _evidence(text: str, sentence: Sentence, at: int | None = None, until: int | None = None) -> Evidence:
    start, end = sentence.start, sentence.end
    if end - start > MAX_EVIDENCE:
        at = start if at is None else at
        until = max(at, until or at)
        start = max(start, at - MAX_EVIDENCE // 3)
        end = min(end, max(until, start + MAX_EVIDENCE))
        while start < at and not text[start - 1].isspace():
            start += 1
        while end > until and end < sentence.end and not text[end].isspace():
            end -= 1
        quote = text[start:end].strip()
        start = text.index(quote, start) if quote else start
        return Evidence(quote=quote, start=start, end=start + len(quote))
    return Evidence(quote=text[sentence.start : sentence.end], start=sentence.start, end=sentence.end)


def _carried(speeches: dict[int, list[Speech]], sents: list[Sentence], sent: Sentence) -> Speech | None:
    """The latest voiced cue in this paragraph before `sent`, else in the paragraph before it."""
    for paragraph in (sent.paragraph, sent.paragraph - 1):
        # (indices, not a reversed copy of the slice: copying every earlier sentence made
        # long texts quadratic; speed only, the same sentences in the same order)
        for i in range(min(sent.index, len(sents)) - 1, -1, -1):
            s = sents[i]
            if s.paragraph < paragraph:
                break  # sentences are in text order: nothing earlier is in this paragraph
            if s.paragraph != paragraph:
                continue
            voiced = [sp for sp in speeches.get(s.index, []) if sp.source is not None and sp.form != "hedge"]
            if voiced:
                return voiced[-1]
    return None


def _to_figure(
    raw: RawFigure, source: Source, act: str, text: str, sent: Sentence, hedged: bool = False
) -> CasualtyFigure:
    status = status_for(source, act)
    if source is ARTICLE and not hedged and status is Status.REPORTED:
        # Stated as fact in the article's own voice, with no "reportedly" in its clause.
        status = Status.CONFIRMED
    return CasualtyFigure(
        outcome=raw.outcome,
        low=raw.low,
        high=raw.high,
        qualifier=raw.qualifier,
        victims=raw.victims,
        victim_description=raw.description,
        stated_by=source.name,
        status=status,
        evidence=[_evidence(text, sent, raw.start, raw.end)],
    )


def _denials(text: str, sent: Sentence, speeches: list[Speech], earlier: list[Found]) -> list[Found]:
    """'X denied the group's figure', 'said the figure was false': X denies the latest figure of another."""
    out = []
    for m in lexicon.denial_re().finditer(text, sent.start, sent.end):
        voiced = [s for s in speeches if s.source is not None and s.start <= m.start() + len(m.group(0))]
        if not voiced:
            continue
        denier = voiced[-1].source
        assert denier is not None
        target = next(
            (
                f
                for f in reversed(earlier)
                if f.figure.low is not None
                and f.source.name != denier.name
                and f.figure.status is not Status.DENIED
                and f.figure.evidence[0].start != sent.start
            ),
            None,
        )
        if target is None:
            continue
        fig = target.figure.model_copy(
            update={
                "stated_by": denier.name,
                "status": Status.DENIED,
                "evidence": [*target.figure.evidence, _evidence(text, sent)],
            }
        )
        out.append(Found(fig, m.start(), denier))
    return out


@lru_cache(maxsize=1)
def _denial_words() -> alternation.LiteralFilter | None:
    """Words one of which every denial's match holds (None when one needs none)."""
    denial = lexicon.denial_re()
    return alternation.LiteralFilter.of_compiled(denial)


def read_all_figures(
    text: str, sents: list[Sentence], attributor: Attributor, every_speech: bool = True
) -> tuple[list[Found], dict[int, list[Speech]]]:
    """Every figure of the article with its source and status, in text order.

    Speech is read in text order (a speaker may be named by an earlier sentence), as far as
    the last sentence that holds a figure or a denial; then on to the end unless `every_speech`
    is False (the cross-check needs no speech after the last figure)."""
    speeches: dict[int, list[Speech]] = {}
    found: list[Found] = []

    def read_speech(upto: int) -> None:
        for s in sents[len(speeches) : upto + 1]:
            speeches[s.index] = attributor.read(s)

    denial = lexicon.denial_re()
    # Speed only: a text without any word a denial needs has no denial in any sentence.
    words = _denial_words()
    may_deny = words is None or words.may_match_text(text)
    for n, sent in enumerate(sents):
        if may_deny and denial.search(text, sent.start, sent.end):
            read_speech(n)
            found.extend(_denials(text, sent, speeches[sent.index], found))
        raws = read_figures(text, sent)
        previous = found[-1].figure.outcome if found else None
        parts = [*raws, *read_parts(text, sent, raws, previous)]
        if not parts:
            continue
        read_speech(n)
        sp = speeches[sent.index]
        carried = _carried(speeches, sents, sent)
        for raw in parts:
            source, act, hedged = speaker_for(raw.start, sent, sp, carried)
            fig = _to_figure(raw, source, act, text, sent, hedged)
            found.append(Found(fig, raw.start, source, raw.cue, raw.subset))
    if every_speech:
        read_speech(len(sents) - 1)
    found.sort(key=lambda f: f.anchor)
    return found, speeches


# -- incident fields ------------------------------------------------------------


def _places(draft: Draft, finder: PlaceFinder) -> list[Place]:
    mentions: list[PlaceMention] = []
    for c in draft.clauses:
        mentions.extend(finder.within(c.start, c.end))
    specific = [p for p in mentions if p.kind != "region"]
    chosen = specific or mentions
    regions = [p for p in mentions if p.kind == "region"]
    out: dict[str, Place] = {}
    main_country = finder.countries[0] if finder.countries else None
    for p in chosen:
        names = [p.name] + ([p.parent] if p.parent else [])
        for name in names:
            if name.casefold() in out:
                continue
            ref = finder.first_known(name) or p
            if name != p.name and ref is p:
                continue
            code = ref.country or (regions[0].country if regions else None) or main_country
            admin1 = ref.admin1 or (regions[0].admin1 if regions else None)
            precision = ref.precision if name != p.name else p.precision
            out[name.casefold()] = Place(
                name=name, admin1=admin1, country=country_name(code), precision=precision
            )
    return list(out.values())


#: Words between an actor and a verb that make the actor a source or someone else: "police
#: say a man shot", "who police believe shot", "after the army arrived, gunmen opened fire".
_SPEECH_BETWEEN = re.compile(
    r"\b(?:said|says|say|told|tell|according|believed?|believes|allege[sd]?|suspect(?:s|ed)?|think|thinks|"
    r"claim(?:s|ed)?|report(?:s|ed)?|that|who|which|when|after|investigat\w*)\b",
    re.IGNORECASE,
)


_AGENT_LEAD = r"(?:(?:the|a|an|suspected|alleged|unidentified|unknown|armed)\s+)*"


def _agent_of_passive(
    text: str, actors: Actors, lo: int, hi: int, lowered: str | None = None
) -> ActorInfo | None:
    """'were killed by the army', 'was ambushed by militants': the actor right after 'by'.
    `lowered`: `text.lower()` when it has `text`'s length (`_perpetrators`), or None."""
    if lowered is not None:
        # Speed only: the clause is not sliced and lowered again. Of the same length, the
        # lowered text has one character for each of `text`'s (`str.lower` drops none), so its
        # [lo:hi] is `text[lo:hi].lower()` but for where a capital sigma lowers (σ or ς by its
        # neighbours), never to "b" or "y": the same answer as below.
        if lowered.find("by", lo, hi) < 0:
            return None
    elif "by" not in text[lo:hi].lower():
        return None  # speed only: every match holds "by" (lower() folds no other letter to b or y)
    for m in lexicon.agent_by_re().finditer(text, lo, hi):
        lead = re.match(_AGENT_LEAD, text[m.end() : hi])
        at = m.end() + (lead.end() if lead else 0)
        named = [a for a in actors.within(at, at + 26) if a.end <= hi]
        before = text[at : named[0].start] if named else ""
        if named and (not before or re.fullmatch(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s+", before)):
            return named[0].actor
        for cue in lexicon.unnamed_perpetrators():
            unnamed = cue.pattern.match(text, at, hi)
            if unnamed:
                return ActorInfo(unnamed.group(0).lower(), ActorKind(cue.value), named=False)
    return None


@lru_cache(maxsize=1)
def _unnamed_at_end() -> tuple[re.Pattern[str], ...]:
    """Each of `lexicon.unnamed_perpetrators()` followed by at most four words and the end of
    the text: compiled once (speed only; `_actor_of_subject` built and looked each up per call)."""
    return tuple(
        re.compile(rf"(?:{cue.pattern.pattern})\s*(?:\w+\s+){{0,4}}$", re.IGNORECASE)
        for cue in lexicon.unnamed_perpetrators()
    )


def _actor_of_subject(text: str, actors: Actors, lo: int, verb_at: int) -> ActorInfo | None:
    """The actor named just before a perpetrator verb ('Pakistani forces fired')."""
    window = text[lo:verb_at]
    # Speed only: every match holds "its" or "their" as written (the pattern has no flags), so a
    # window with neither is not searched (a pattern opening with `\b` is tried at every offset).
    possessive = (
        re.search(
            r"\b(?:its|their)\s+(?P<who>fighters|militants|men|members|cadres|officers|troops|soldiers|forces|personnel)\s*$",
            window,
        )
        if "its" in window or "their" in window
        else None
    )
    if possessive:
        armed = possessive.group("who") in ("fighters", "militants", "men", "cadres")
        return actors.latest(lo + possessive.start(), ARMED if armed else None, named=True)
    inside = [m for m in actors.within(lo, verb_at) if m.end <= verb_at]
    if not inside:
        for cue, ending in zip(lexicon.unnamed_perpetrators(), _unnamed_at_end(), strict=True):
            generic = ending.search(window)
            if generic and not _SPEECH_BETWEEN.search(window[generic.start() :]):
                word = re.match(r"[\w-]+", generic.group(0))
                name = word.group(0).lower() if word else "attackers"
                return ActorInfo(name, ActorKind(cue.value), named=False)
        return None
    m = inside[-1]
    if events.past_mention(text, m.start, m.end):
        return None  # "Army veteran John Doe fired": the man fired, not the Army
    between = text[m.end : verb_at]
    if len(re.findall(r"[\w'’-]+", between)) > 8:
        return None
    # The agent is the verb's subject: nothing but adverbs and auxiliaries between them. A
    # comma, a clause or an attribution in between ("According to police, the two killed")
    # means the actor is someone else in the sentence — a source, a target, a responder.
    if re.search(r"[,;:()\[\]—–]", between) or _SPEECH_BETWEEN.search(between):
        return None
    if re.search(r"\b(?:according\s+to|by)\s+(?:the\s+)?$", text[max(lo, m.start - 20) : m.start], re.I):
        return None
    actor = m.actor
    if not actor.named and actor.name.lower() in ("forces", "security forces", "the forces"):
        fuller = next(
            (
                a.actor
                for a in actors.latest_first(m.start)
                if not a.actor.named
                and a.actor.name.lower().endswith("forces")
                and len(a.actor.name) > len(actor.name)
            ),
            None,
        )
        if fuller:
            actor = fuller
    return actor


_BETWEEN = re.compile(
    r"\b(?:fighting|clash(?:es)?|battles?|gunfights?|firefights?|hostilities)\s+between\s+(?P<sides>[^.;]{3,120}?)"
    r"(?=\s+(?:on|in|near|at|killed|left|has|have|that|which)\b|[,.;])",
    re.IGNORECASE,
)


def _between(text: str, lo: int, hi: int) -> re.Match[str] | None:
    """`_BETWEEN.search(text, lo, hi)`; a span without "between" is not searched (speed only)."""
    return _BETWEEN.search(text, lo, hi) if "between" in text[lo:hi].lower() else None


def sides(text: str, draft: Draft, actors: Actors) -> list[ActorInfo]:
    """'Fighting between the Congolese army and M23 rebels': both sides, in the order written."""
    if "between" not in lowered_text(text):
        return []  # speed only: no clause holds the word `_between` needs (as in `_status`)
    for c in draft.clauses:
        m = _between(text, c.cue_start, c.end)
        if m:
            found = actors.at(m.start("sides"), m.end("sides"))
            if len(found) >= 2:
                return found[:2]
    return []


def _perpetrators(
    text: str,
    draft: Draft,
    actors: Actors,
    speeches: dict[int, list[Speech]],
    arrests: bool = False,
    both: list[ActorInfo] | None = None,
) -> list[ActorInfo]:
    """Actors the text makes the agents: both sides of a "fighting between", a party claiming
    it, the agent of a passive ("killed by the army") and the subject of a perpetrator verb
    ("militants attacked"); arrest verbs only for an arrest event (`arrests`). `both`: the
    draft's `sides`, when the caller has read them."""
    found: list[ActorInfo] = list(sides(text, draft, actors) if both is None else both)
    verb_re = lexicon.perpetrator_verb_re(arrests)
    verb_starts = _verb_starts(text, arrests)
    lowered_all = lowered_text(text)
    # Speed only: without "between" in the text, no clause has it and `_between` finds nothing
    # in any (as in `_status`): the clauses are not sliced and lowered for it.
    between = "between" in lowered_all
    # (None where lower-casing moved offsets: each clause is then lowered on its own.)
    lowered = lowered_all if len(lowered_all) == len(text) else None
    for c in draft.clauses:
        if found and between and _between(text, c.cue_start, c.end):
            continue
        agent = _agent_of_passive(text, actors, c.cue_start, c.end, lowered)
        if agent is not None and all(a.name != agent.name for a in found):
            found.append(agent)
        for sp in speeches.get(c.sentence.index, []):
            if not (c.start <= sp.start < c.end) or sp.source is None or sp.source.kind != "armed":
                continue
            claim = sp.act == "claim" and re.match(
                r"\w+\s+(?:responsibility|the\s+\w+)", text[sp.start : c.end]
            )
            carried_out = re.search(r"\b(?:its|their) (?:fighters|militants|men)\b", text[sp.end : c.end])
            if claim or carried_out:
                actor = actors.named_in(sp.source.name)
                if actor and actor not in found:
                    found.append(actor)
        for at in _verbs_at(text, verb_re, verb_starts, c.cue_start, c.end):
            # The word before the verb (as `re.search(r"(\S+)\s*$", ...)` read it: that pattern
            # tried every offset of the clause's start; `str.split` splits at the same spaces).
            prev_word = text[c.cue_start : at].rsplit(None, 1)
            if not prev_word or _PASSIVE_AUX.match(prev_word[-1]):
                continue  # "were killed": the subject was acted upon
            actor = _actor_of_subject(text, actors, c.cue_start, at)
            if actor is not None and all(a.name != actor.name for a in found):
                found.append(actor)
            break
    return found


@per_digest
def _verb_starts(text: str, arrests: bool) -> tuple[int, ...]:
    """Every offset after whitespace where `lexicon.perpetrator_verb_re(arrests)` matches: read
    once per article (speed only: `_perpetrators` tried the verb at every word of each clause)."""
    verb = lexicon.perpetrator_verb_re(arrests)
    heads = _verb_heads(arrests)
    lowered = alternation.heads_lowered(text) if heads is not None else None
    if heads is not None and lowered is not None:
        # A space and the first letters of a verb or adverb ('re' skips to spaces in C); the verb
        # is matched only there. Each match takes a space and letters: no space is skipped.
        match = verb.match
        return tuple(at for at in (m.start() + 1 for m in heads.finditer(lowered)) if match(text, at))
    body = verb.pattern.removeprefix(r"\s*")  # at a word's first character it matches nothing
    found = re.compile(rf"\s(?=\S)(?=(?:{body}))", verb.flags).finditer(text)
    return tuple(m.start() + 1 for m in found)


@lru_cache(maxsize=2)
def _verb_heads(arrests: bool) -> re.Pattern[str] | None:
    """A space, then one of `alternation.head_words` of the perpetrator verb (with its adverbs); None
    when it has none."""
    verb = lexicon.perpetrator_verb_re(arrests)
    body = verb.pattern.removeprefix(r"\s*")
    heads = alternation.head_words(body, verb.flags)
    return None if heads is None else re.compile(rf"\s(?:{alternation.word_tree(heads)})")


def _verbs_at(text: str, verb_re: re.Pattern[str], starts: tuple[int, ...], lo: int, hi: int) -> list[int]:
    """The words of `text[lo:hi]` at which `verb_re` matches (in the whole text), in order: the
    first word by a match, the others from `starts` (`_verb_starts`)."""
    out = list(starts[bisect_right(starts, lo) : bisect_left(starts, hi)])
    if lo < hi and not text[lo].isspace() and verb_re.match(text, lo):
        out.insert(0, lo)
    return out


_PASSIVE_AUX = re.compile(r"(?:was|were|been|being|is|are|be|get|got)$", re.IGNORECASE)
_TARGET_RE = re.compile(
    r"\b(?:attacked|stormed|struck(?!\s+by\b)|targeted|shelled|raided|ambushed|demolishing|demolished|torched|"
    r"fire\s+(?:on|at)|into|assault\s+on|attack\s+on|attacks\s+on|ambush\s+on)\s+"
    r"(?P<np>(?:(?:a|an|the)\s+)?[a-z][\w'’-]*(?:\s+(?!(?:where|in|near|during|on|with|at|when|while|and|"
    r"killing|wounding|after|before|as|by|for|since|that|which|killed|wounded|injured|left|hit|was|were)\b)"
    r"[\w'’-]+){0,4})"
)


@lru_cache(maxsize=1)
def _target_words() -> alternation.LiteralFilter | None:
    """Words one of which every match of `_TARGET_RE` holds (None when one needs none)."""
    return alternation.LiteralFilter.of_compiled(_TARGET_RE)


def _targets(text: str, draft: Draft, folded: str, folded_spans: Sequence[str]) -> list[str]:
    """`folded_spans`: `alternation.fold` of each clause's span (`text[c.cue_start : c.end]`);
    `folded`: those joined by spaces (`build_incident`)."""
    out: list[str] = []
    words = _target_words()
    if words is not None and not words.may_match_folded(folded):
        return out  # speed only: exact, see `build_incident`
    for c, folded_span in zip(draft.clauses, folded_spans, strict=True):
        if words is not None and not words.may_match_folded(folded_span):
            continue  # speed only: none of the words, no target (as `_weapons`)
        for m in _TARGET_RE.finditer(text, c.cue_start, c.end):
            np = m.group("np").strip()
            if re.match(r"(?:what|which|who|whom|its|their|his|her|it|them)\b", np, re.IGNORECASE):
                continue
            if np and np.lower() not in (t.lower() for t in out):
                out.append(np)
    return out[:4]


@lru_cache(maxsize=1)
def _weapon_words() -> alternation.LiteralFilter | None:
    """Words one of which every weapon's match holds (None when one needs none)."""
    weapons = lexicon.weapons_re()
    return alternation.LiteralFilter.of_compiled(weapons)


def _weapons(text: str, draft: Draft, folded: str, folded_spans: Sequence[str]) -> list[str]:
    """`folded`, `folded_spans`: as `_targets`'."""
    out: list[str] = []
    words = _weapon_words()
    if words is not None and not words.may_match_folded(folded):
        return out  # speed only: as `_targets`
    for c, folded_span in zip(draft.clauses, folded_spans, strict=True):
        if words is not None and not words.may_match_folded(folded_span):
            continue  # speed only: none of the words, no weapon
        for m in lexicon.weapons_re().finditer(text, c.cue_start, c.end):
            if m.group(0).lower() not in (w.lower() for w in out):
                out.append(m.group(0))
    return out


def _lead(draft: Draft, spans: Sequence[str]) -> Clause:
    """The first clause with an event cue; `spans`: each clause's `text[c.cue_start : c.end]`."""
    for c, span in zip(draft.clauses, spans, strict=True):
        if events.cue_hits(span):
            return c
    return draft.clauses[0]


def _trailing(text: str, sp: Speech, sentence: Sentence) -> bool:
    """', witnesses said.': a speech cue standing at the end of its sentence attributes all of it."""
    rest = text[sp.end : sentence.end]
    return len(re.findall(r"[\w'’-]+", rest)) <= 4 or bool(re.match(r"^\s*(?:by|to)\b", rest))


def _status(
    text: str, draft: Draft, lead: Clause, speeches: dict[int, list[Speech]], sents: list[Sentence]
) -> tuple[Status, Source]:
    """How sure the article is that the incident happened: from its lead statement's cue."""
    # Speed only: a text without "allegedly" in its lower-cased form has no clause with it
    # either (the check below skips every clause), so the clauses are not sliced and lowered
    # one by one. Exact: `str.lower` maps each character on its own but for a capital sigma,
    # which the word does not hold, so a span's lower-cased form stands in the text's.
    # Where lower-casing keeps every offset, the lowered text's [cue_start:end] is each span
    # lowered (as in `_agent_of_passive`): the word is looked for there, the span not lowered.
    lowered = lowered_text(text)
    alleged = "allegedly" in lowered
    keeps = len(lowered) == len(text)
    for c in draft.clauses if alleged else ():
        if keeps and lowered.find("allegedly", c.cue_start, c.end) < 0:
            continue
        span = text[c.cue_start : c.end]
        # Speed only: "allegedly" is looked for before the span's cues (`cue_hits`, a pure
        # reading), so a clause without the word, most of them, never has its cues read here;
        # the word's letters have no case but their ASCII ones, so it is in the lower-cased
        # span wherever the pattern finds it.
        if "allegedly" not in span.lower() or not re.search(r"\ballegedly\b", span, re.IGNORECASE):
            continue
        if events.cue_hits(span):
            sp = speeches.get(c.sentence.index, [])
            source = next((s.source for s in sp if s.source is not None), None)
            if source is None or source.kind not in ("armed", "military"):
                carried = _carried(speeches, sents, c.sentence)
                src = source or (carried.source if carried and carried.source else ARTICLE)
                return Status.ALLEGED, src
    sp = speeches.get(lead.sentence.index, [])
    first = _first_event_cue(text, lead.cue_start, lead.end)
    at = lead.cue_start if first is None else first
    before = [s for s in sp if s.source is not None and lead.start <= s.start < at] or [
        s for s in sp if s.source is not None and s.start < at and s.form != "participle"
    ]
    trailing = [s for s in sp if s.source is not None and s.start >= at and _trailing(text, s, lead.sentence)]
    pick = before[-1] if before else trailing[-1] if trailing else None
    if pick is not None and pick.source is not None:
        return status_for(pick.source, pick.act), pick.source
    hedges = [s for s in sp if s.form == "hedge"]
    if hedges:
        carried = _carried(speeches, sents, lead.sentence)
        if carried is not None and carried.source is not None:
            return status_for(carried.source, hedges[0].act), carried.source
    return Status.REPORTED, ARTICLE


def _actor(info: ActorInfo, role: ActorRole) -> Actor:
    return Actor(
        name=info.name, aliases=[a for a in info.aliases if a != info.name], role=role, kind=info.kind
    )


def _merged(figs: list[CasualtyFigure]) -> list[CasualtyFigure]:
    """One figure per number: the same source repeating it, or the article and a report giving
    the same number, add evidence, not a figure. Vague mentions of an outcome go when a number
    for it is given."""
    out: list[CasualtyFigure] = []
    seen: dict[tuple[object, ...], int] = {}
    numbered = {f.outcome for f in figs if f.low is not None and f.status is not Status.DENIED}
    for fig in figs:
        if fig.low is None:
            # "a blast which injured several people" beside "eight women ... and four men
            # injured": the vague mention is the same people the numbers count.
            if fig.outcome not in numbered or fig.status not in (Status.CONFIRMED, Status.REPORTED):
                out.append(fig)
            continue
        # The article's own statement and a report of the same number are one figure
        # ("wounding 13 people" ... "Regional authorities said 13 people had suffered injuries");
        # a party's claim, an allegation or a denial stays apart.
        plain = fig.status in (Status.CONFIRMED, Status.REPORTED)
        who = "plain" if plain else fig.stated_by.casefold()
        # "some 130" and "the 130 injured" are the same people: the qualifier does not part them.
        # The shooter's own death ("turned the gun on himself") is never the victims' figure said again.
        own = bool(lexicon.own_death_re().fullmatch(fig.victim_description or ""))
        key = (fig.outcome, fig.low, fig.high, who, fig.status if not plain else None, own)
        first_at = seen.get(key)
        vague = (VictimGroup.UNKNOWN, VictimGroup.MIXED)
        if (
            first_at is not None
            and vague.count(out[first_at].victims) + vague.count(fig.victims) == 0
            and out[first_at].victims is not fig.victims
        ):
            first_at = None  # "two police officers" and "two diners": other people
        if first_at is None:
            seen.setdefault(key, len(out))
            out.append(fig)
            continue
        first = out[first_at]
        quotes = {e.quote for e in first.evidence}
        more = [e for e in fig.evidence if e.quote not in quotes]
        dead = max((d for d in (first.dead_among, fig.dead_among) if d is not None), default=None)
        out[first_at] = first.model_copy(update={"evidence": [*first.evidence, *more], "dead_among": dead})
    return out


#: How many sentences back the group that a "two of them died" belongs to may stand.
DEAD_AMONG_SENTENCES = 2


def _with_dead_among(found: list[Found], starts: list[int]) -> list[Found]:
    """Mark a hit figure with the dead the article counts among its people.

    "Six people were shot, two fatally", "four were shot ... one of them died": the killed
    figure (read as a subset) belongs to the nearest earlier injured figure that is larger,
    in the same sentence (or, for "one of them", one of the two before). That figure keeps its own number and
    gets `dead_among`; nothing is subtracted here, since the article states no difference.
    `starts` are the sentences' start offsets, in order.
    """
    out = list(found)
    for k, f in enumerate(out):
        dead = f.figure
        if not f.subset or dead.outcome is not Outcome.KILLED or dead.low is None:
            continue
        at = bisect_right(starts, f.anchor)
        for j in range(k - 1, -1, -1):
            hit = out[j].figure
            reach = DEAD_AMONG_SENTENCES if f.subset == "near" else 0
            if at - bisect_right(starts, out[j].anchor) > reach:
                break
            if hit.outcome is not Outcome.INJURED or hit.status is Status.DENIED:
                continue
            if hit.low is not None and hit.low > dead.low:
                most = max(dead.low, hit.dead_among or 0)
                out[j] = replace(out[j], figure=hit.model_copy(update={"dead_among": most}))
            break
    return out


@lru_cache(maxsize=1)
def _ordinals() -> dict[str, int]:
    return {word.casefold(): int(n) for word, n, *_ in rows("ordinal_people.txt")}


_ORDINAL_PERSON = re.compile(
    r"^(?:an?|the)\s+(?P<nth>[a-z]+)\s+(?:victim|person|man|woman|body|casualty)$", re.I
)


def _without_nth_of_a_total(figs: list[CasualtyFigure]) -> list[CasualtyFigure]:
    """'A thirteenth victim died in 1977' beside 'killed 13 people': one of the 13, no new figure."""
    out = []
    for fig in figs:
        m = _ORDINAL_PERSON.match((fig.victim_description or "").strip())
        nth = _ordinals().get(m.group("nth").casefold()) if m and fig.low == 1 else None
        if nth and any(o.outcome is fig.outcome and (o.low or 0) >= nth for o in figs if o is not fig):
            continue
        out.append(fig)
    return out


def _evidence_start(fig: CasualtyFigure) -> int | None:
    """Where a figure's first evidence quote starts (the same for the parts of one list)."""
    return fig.evidence[0].start if fig.evidence else None


#: A person brought in by an indefinite article ("a 33-year-old male victim", "an 18-year-old"):
#: someone not named before in the sentence.
_NEW_PERSON = re.compile(r"(?:an?|one)\s", re.IGNORECASE)


def _with_people_of_one_sentence(found: list[Found]) -> list[Found]:
    """Add the total of single people one sentence counts apart, each with an outcome word of
    their own ("A 22-year-old woman was shot in the back and a 33-year-old male victim was shot
    in the calf": injured 2). Each person is new to the sentence (an indefinite article); their
    figures of 1 stay, and `_merged` keeps them as one. The sum of head counts in one sentence is
    a number the grounding check accepts (`numbers.supported_values`)."""
    groups: dict[tuple[int | None, Outcome], list[Found]] = {}
    for f in found:
        fig = f.figure
        if (
            fig.outcome in (Outcome.KILLED, Outcome.INJURED)
            and fig.low == 1
            and fig.high == 1
            and fig.status in (Status.CONFIRMED, Status.REPORTED)
            and _NEW_PERSON.match(fig.victim_description or "")
        ):
            groups.setdefault((_evidence_start(fig), fig.outcome), []).append(f)
    out = list(found)
    for parts in groups.values():
        descriptions = {(p.figure.victim_description or "").casefold() for p in parts}
        if len(parts) < 2 or len(descriptions) < len(parts) or len({p.anchor for p in parts}) < len(parts):
            continue
        first = parts[0]
        words = " and ".join(p.figure.victim_description or "" for p in parts)
        total = first.figure.model_copy(
            update={"low": len(parts), "high": len(parts), "victim_description": words}
        )
        out.insert(out.index(first), Found(total, first.anchor, first.source, first.cue))
    return out


@lru_cache(maxsize=1)
def _same_person_words() -> dict[str, re.Pattern[str]]:
    kinds = {kind: pattern for kind, pattern, *_ in rows("same_person_words.tsv")}
    return {kind: re.compile(f"(?:{pattern})", re.IGNORECASE) for kind, pattern in kinds.items()}


def _person_words(description: str) -> tuple[set[str], set[str]]:
    """(words that name someone in particular, genders) of a figure's description."""
    words = _same_person_words()
    tokens = re.findall(r"[\w'’-]+", description)
    named = {t.casefold() for t in tokens if not words["skip"].fullmatch(t) and not t.isdigit()}
    genders = {g for g in ("male", "female") for t in tokens if words[g].fullmatch(t)}
    return named, genders


def _names_the_dead(fig: CasualtyFigure, dead: list[str]) -> bool:
    """The hurt person's words name someone counted as dead: a word of a name, age or kind in
    common, and no word of their own on both sides ("A 16-year-old boy" and "A 16-year-old boy
    who ... died", "Deputy Hagen" and "Hagen", "his wife" and "his wife"), or a pronoun alone
    whose gender a dead person's words share ("he was wounded" beside "a 17-year-old boy died")."""
    named, genders = _person_words(fig.victim_description or "")
    pronoun = bool(re.fullmatch(r"(?:he|she|him|her)", (fig.victim_description or "").strip(), re.IGNORECASE))
    if not named and not pronoun:
        return False
    for description in dead:
        if re.fullmatch(r"\s*(?:him|her)self\s*", description, re.IGNORECASE):
            continue  # "wounding him before ... killing himself": the shooter, not the one hurt
        their_named, their_genders = _person_words(description)
        if genders and their_genders and not genders & their_genders:
            continue  # "a 16-year-old girl" is not "a 16-year-old boy"
        same = named & their_named
        if same:
            if named - same and their_named - same:
                continue  # each has words of its own: "16-year-old Terrell Lockett" is not
                # "16-year-old Kristian Piazza", "his older brother" not "his 6-year-old brother"
            return True
        if pronoun and genders & their_genders:
            return True
    return False


def _without_dead_counted_again(found: list[Found]) -> list[CasualtyFigure]:
    """Drop injured figures that only say people were hit and count no more than the dead.

    "A teenager shot her brother ... He died hours later" gives killed 1 and, from "shot",
    injured 1: the same person twice. Only figures read from a cue that also fits the dead
    ("shot", "taken to a hospital") and that name nobody else ("two others") go, and so
    does such a figure that is exactly the killed plus the injured the incident gives.
    """
    killed = [
        f.figure.low
        for f in found
        if f.figure.outcome is Outcome.KILLED and f.figure.low and f.figure.status is not Status.DENIED
    ]
    most = max(killed, default=0)
    injured = {
        id(f): f.figure.low
        for f in found
        if f.figure.outcome is Outcome.INJURED and f.figure.low and f.figure.status is not Status.DENIED
    }
    where = {id(f): _evidence_start(f.figure) for f in found}
    dead = [  # one dead person's words (a group's words name no one person)
        f.figure.victim_description or ""
        for f in found
        if f.figure.outcome is Outcome.KILLED and f.figure.low == 1 and f.figure.status is not Status.DENIED
    ]
    out = []
    for f in found:
        fig = f.figure
        hit = fig.outcome is Outcome.INJURED and bool(f.cue) and bool(lexicon.hit_cues().fullmatch(f.cue))
        if (
            (
                hit
                or (
                    fig.outcome is Outcome.INJURED
                    and fig.low == 1
                    and not lexicon.other_people().search(f.cue)
                    and _names_the_dead(fig, dead)
                )
            )
            and most
            and fig.low is not None
            and fig.low <= most
            and not lexicon.other_people().search(fig.victim_description or "")
        ):
            continue
        if (
            hit
            and fig.low is not None
            and any(
                k + i == fig.low
                for k in killed
                for key, i in injured.items()
                if key != id(f) and where[key] != _evidence_start(fig)
            )
        ):
            # (Not with a part of its own list: "Three victims, a 25-year-old man, ...".)
            # "four people had been shot" beside "two killed, two others injured": the total hit.
            continue
        out.append(fig)
    return out


def build_incident(
    text: str,
    draft: Draft,
    figures: list[Found],
    ctx: _Context,
) -> Incident:
    # Speed only: each clause's span is sliced once, for `_lead`, the cues and the evidence (the
    # same strings: `cue_hits`' per-digest memo hashes each one once, not once per slice).
    spans = [text[c.cue_start : c.end] for c in draft.clauses]
    lead = _lead(draft, spans)
    starts = ctx.sent_starts
    ordered = [figures[i] for i in sorted(draft.figures)]
    ordered = _with_people_of_one_sentence(ordered)
    figs = _without_nth_of_a_total(_merged(_without_dead_counted_again(_with_dead_among(ordered, starts))))
    cue_text = events.joined(spans)
    victims = [f.victims for f in figs if f.status is not Status.DENIED]
    numbered = [f.victims for f in figs if f.low is not None and f.status is not Status.DENIED]
    arrests_only = bool(figs) and all(f.outcome is Outcome.ARRESTED for f in figs)
    etype, sub = events.classify(cue_text, victims, numbered, arrests_only, ctx.crime)
    status, lead_source = _status(text, draft, lead, ctx.speeches, ctx.sents)
    # Speed only: one folding of the joined spans tells `_targets` and `_weapons` when no clause
    # can hold one of their words. `alternation.fold` maps each character on its own (no context,
    # unlike `str.lower`'s final sigma), so every clause's folded span stands in the folded join:
    # a word found nowhere in the join is in no clause, and each clause would have been skipped.
    # Each span is folded once for both (not once by each), and the join of the folded spans is
    # the folded join (" " folds to itself).
    folded_spans = [alternation.fold(span) for span in spans]
    folded = " ".join(folded_spans)
    targets = _targets(text, draft, folded, folded_spans)
    # The target of an attack is never its author: "an attack on the police academy" does not
    # make the police the perpetrator, whatever verb stands near them.
    both = sides(text, draft, ctx.actors)
    perps = [
        a
        for a in _perpetrators(text, draft, ctx.actors, ctx.speeches, sub is SubEventType.ARRESTS, both)
        if not any(n.casefold() in t.casefold() for t in targets for n in [a.name, *a.aliases])
    ]
    # Both sides of an explicit "fighting between A and B" are actors of the battle; otherwise
    # the first actor found is the perpetrator and later ones are only involved.
    n_perps = 2 if both else 1
    actors = [
        _actor(a, ActorRole.PERPETRATOR if i < n_perps else ActorRole.OTHER) for i, a in enumerate(perps)
    ]
    groups = {f.victims for f in figs if f.victims not in (VictimGroup.UNKNOWN, VictimGroup.MIXED)}
    if groups == {VictimGroup.CIVILIANS}:
        actors.append(Actor(name="civilians", role=ActorRole.TARGET, kind=ActorKind.CIVILIANS))
    reported_by: list[str] = []
    for c in draft.clauses:
        for sp in ctx.speeches.get(c.sentence.index, []):
            if sp.source is not None and c.start <= sp.start < c.end and sp.source.name not in reported_by:
                reported_by.append(sp.source.name)
    for f in figs:
        if f.stated_by != ARTICLE.name and f.stated_by not in reported_by:
            reported_by.append(f.stated_by)
    if lead_source is not ARTICLE:
        reported_by = [lead_source.name, *(r for r in reported_by if r != lead_source.name)]
    seen: set[int] = set()
    evidence: list[Evidence] = []
    for i, c in enumerate([lead, *draft.clauses]):
        if len(evidence) >= 2:
            break  # speed only: every later clause would be skipped (evidence only grows)
        if c.sentence.index in seen:
            continue
        if c is lead or events.cue_hits(spans[i - 1]):  # (i >= 1: the lead is first)
            seen.add(c.sentence.index)
            evidence.append(_evidence(text, c.sentence))
    # `incident_date` reads the first date only: the clauses after the first one holding a date
    # are not read for theirs (speed only).
    dates = next((found for c in draft.clauses if (found := find_dates(text, c.start, c.end))), [])
    incident = Incident(
        event_type=etype,
        sub_event_type=sub,
        description="",
        date=incident_date(dates, ctx.dateline_date, ctx.published),
        places=_places(draft, ctx.places),
        actors=actors,
        targets=targets,
        weapons=_weapons(text, draft, folded, folded_spans),
        casualties=figs,
        status=status,
        reported_by=reported_by,
        evidence=evidence,
    )
    # Speed only: the two fields are set on the new incident, not on a copy of it
    # (`model_copy(update=...)` copied every field and set these two without validation, as
    # assignment does: the model does not validate assignment). Nothing else holds the incident
    # yet, and `describe` and `political_scope` read neither field, so the values are the same.
    incident.description = describe(incident, lead_source, ctx.article)
    incident.political_violence = events.political_scope(etype, incident.actors, ctx.crime)
    return incident


@dataclass
class _Context:
    article: ArticleMeta
    sents: list[Sentence]
    actors: Actors
    places: PlaceFinder
    speeches: dict[int, list[Speech]]
    dateline_date: str | None
    published: str | None
    crime: bool = False  # an ordinary crime story (events.crime_story)

    @cached_property
    def sent_starts(self) -> list[int]:
        """Where each sentence starts: once per article, not once per incident."""
        return [s.start for s in self.sents]


def extract(article: ArticleMeta) -> Extraction:
    """Incidents and a template summary, from the article's text alone."""
    with digest_scope():  # the pipeline's own when called from a digest
        return _extract(article)


def _extract(article: ArticleMeta) -> Extraction:
    text = article.text
    sents = sentences(text)
    actors = Actors(text)
    attributor = Attributor(text, actors)
    attributor.note_dateline_agency(article.dateline.agency if article.dateline else None)
    finder = PlaceFinder(text, actors)
    figures, speeches = read_all_figures(text, sents, attributor)
    # History and context ("since the 2015 attacks that killed 130", a court report's crime)
    # give no figure and no incident: they are not the article's own news.
    background = find_background(text, sents, [f.anchor for f in figures])
    figures = [f for f in figures if not background.covers(f.anchor)]
    drafts = group(text, sents, finder, [(f.anchor, f.figure.outcome) for f in figures])
    ctx = _Context(
        article,
        sents,
        actors,
        finder,
        speeches,
        article.dateline.date_text if article.dateline else None,
        article.published,
        events.crime_story(text, ((m.start, m.end, m.actor.name, m.actor.kind) for m in actors.mentions)),
    )
    totals = _totals(drafts, figures)
    for d in drafts:
        d.figures = [i for i in d.figures if i not in totals]
    kept = [
        d
        for d in drafts
        if d.figures
        or (
            _has_event(text, d)
            and _has_participant(text, d, actors, sents)
            and not _told_as_history(text, d, background)
        )
    ]
    if background.court_report:
        # A court report is about one crime: the events it names without a figure are that
        # crime told again (the trial's account), not incidents of their own. The first stands
        # for the crime only when no figure gives it.
        first = None if any(d.figures for d in kept) else next(iter(kept), None)
        kept = [d for d in kept if d.figures or d is first]
    incidents = [build_incident(text, d, figures, ctx) for d in kept]
    return Extraction(incidents=incidents, summary=write_summary(incidents, article))


def read_casualty_figures(article: ArticleMeta, sents: list[Sentence] | None = None) -> list[CasualtyFigure]:
    """Steps 1-3 only: every figure with its source and status, no places or incidents.

    What the cross-check needs from the text; it skips the gazetteer and grouping,
    which cost most of `extract`'s time. `sents`: the text's sentences, when the caller has them.
    """
    text = article.text
    attributor = Attributor(text, Actors(text))
    attributor.note_dateline_agency(article.dateline.agency if article.dateline else None)
    sents = sentences(text) if sents is None else sents
    found, _ = read_all_figures(text, sents, attributor, every_speech=False)
    # History and context are no figure of the article's news here either: a model that
    # leaves out "the 2013 attack, which killed three" has missed nothing.
    background = background_figures(text, sents, [f.anchor for f in found])
    return [f.figure for f in found if f.anchor not in background]


@lru_cache(maxsize=1)
def _several_events_re() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{r[0]})" for r in rows("several_events.txt")), re.IGNORECASE)


@lru_cache(maxsize=1)
def _several_events_words() -> alternation.LiteralFilter | None:
    """Words one of which every match of `_several_events_re` holds (None when one needs none)."""
    several = _several_events_re()
    return alternation.LiteralFilter.of_compiled(several)


def _totals(drafts: list[Draft], figures: list[Found]) -> set[int]:
    """Figures that only add up other incidents' figures: "Seven militants were killed in two
    explosions" beside "killing the three" and "Four militants were killed" elsewhere. Each
    incident carries its own part; the sum is no incident's figure (a coder would count twice)."""
    where = {i: n for n, d in enumerate(drafts) for i in d.figures}
    out: set[int] = set()
    several = _several_events_re()
    words = _several_events_words()
    for i in where:
        fig = figures[i].figure
        quote = fig.evidence[0].quote if fig.evidence else ""
        # (speed only: a quote with none of the words has no match; most quotes have none)
        if (words is not None and not words.may_match(quote)) or not several.search(quote):
            continue  # only a sentence that counts over several events gives a total
        if fig.low is None or fig.low != fig.high or fig.status not in (Status.CONFIRMED, Status.REPORTED):
            continue  # a party's own count stays, even when it happens to equal a sum
        parts: dict[int, int] = {}
        for j, m in where.items():
            other = figures[j].figure
            if (
                j == i
                or other.outcome is not fig.outcome
                or other.low is None
                or other.status is Status.DENIED
            ):
                continue
            if other.low < fig.low and figures[j].anchor > figures[i].anchor:
                parts[m] = max(parts.get(m, 0), other.low)  # a lead's total comes before its parts
        if len(parts) >= 2 and sum(parts.values()) == fig.low:
            out.add(i)
    return out


def _first_event_cue(text: str, lo: int, hi: int) -> int | None:
    """Where the first event cue in [lo, hi) starts: the union's leftmost match is the leftmost
    of every cue's (one search, not one per cue).

    Speed only: the union is tried (anchored, within `hi`) only at the offsets in [lo, hi)
    where one of its head words starts a word (`_event_cue_heads_at`, once per article), in
    order: the first offset where it matches is where `search(text, lo, hi)` finds it, since
    every match starts at such an offset (`\b` at an offset reads the character before it
    whatever `lo` is, as in the whole text)."""
    union = lexicon.event_cue_union()
    heads = _event_cue_heads_at(text)
    if heads is None:
        m = union.search(text, lo, hi)
        return m.start() if m else None
    match = union.match
    for at in heads[bisect_left(heads, lo) :]:
        if at >= hi:
            break
        if match(text, at, hi):
            return at
    return None


@per_digest
def _event_cue_heads_at(text: str) -> tuple[int, ...] | None:
    """Every offset of `text` where a word starts with one of the head words of
    `lexicon.event_cue_union()` (`alternation.head_words`, found in `heads_lowered(text)` as
    `events._union_starts` finds its own, with a few offsets more that the union rejects), in
    order; None when they cannot be found so."""
    heads = _event_cue_heads()
    lowered = alternation.heads_lowered(text) if heads is not None else None
    if heads is None or lowered is None:
        return None
    return tuple(heads.offsets(lowered))


@lru_cache(maxsize=1)
def _event_cue_heads() -> events.HeadFinder | None:
    """The head words of `lexicon.event_cue_union()`; None when it does not open with a word
    start or has no head words."""
    return events.HeadFinder.of(lexicon.event_cue_union())


def _has_event(text: str, draft: Draft) -> bool:
    return any(events.cue_hits(text[c.cue_start : c.end]) for c in draft.clauses)


def _told_as_history(text: str, draft: Draft, background: Background) -> bool:
    """The draft's first event word stands in background text (history, context): what
    follows tells the same past event ("Five people were killed on 11 December in
    Strasbourg. The killer was shot dead by police."). In a court report, an
    event named without a figure ("pleaded not guilty ... about the Boston Marathon bombing")
    is the crime on trial, unless the report's first sentences say people were hit by it."""
    hits = [at for c in draft.clauses if (at := _first_event_cue(text, c.cue_start, c.end)) is not None]
    if not hits:
        return False
    if background.court_report:
        return not background.court_harm
    return background.covers(min(hits))


#: Sentences either side of an event word where its participant may stand.
PARTICIPANT_REACH = 2


def _has_participant(text: str, draft: Draft, actors: Actors, sents: list[Sentence]) -> bool:
    """An event with no figure needs someone in it: a named actor or counted people near one
    of its event words (its sentence, or the two either side). A keyword alone ("battle pass",
    "dependency clashes"), or one whose only people stand far off in the draft, is no incident."""
    for c in draft.clauses:
        if not events.cue_hits(text[c.cue_start : c.end]):
            continue  # the participant must stand with the event, not anywhere in the draft
        at = c.sentence.index
        near = sents[max(0, at - PARTICIPANT_REACH) : at + PARTICIPANT_REACH + 1]
        lo, hi = near[0].start, near[-1].end
        if actors.mentions_between(lo, hi) or people_counts(text[lo:hi]):
            return True
    return False
