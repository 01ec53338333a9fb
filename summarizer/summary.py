"""A neutral summary written from the records by templates: the rules backend's summary, and
the pipeline's fallback when a backend's own summary fails its checks.

Every sentence that carries a figure names its source and keeps its status
("The BLA claimed that ...", "According to The Balochistan Post, ..."); the
people counted are named in the article's own words ("a five-year-old child
and two women") rather than as a computed total; no number is written that
the records do not hold, and no year that the article does not give. Loaded
terms from the article's own phrases are left out.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import groupby
from typing import NamedTuple, Protocol

from summarizer import alternation
from summarizer.datafiles import rows
from summarizer.memo import per_digest
from summarizer.neutrality import check_text, confirmed_values, loaded_terms
from summarizer.numbers import UNSPECIFIED_RE, count_at_start, lowered_text
from summarizer.schemas import (
    ArticleMeta,
    CasualtyFigure,
    GeoPrecision,
    Incident,
    Outcome,
    Qualifier,
    Status,
)

_VERB = {
    Outcome.KILLED: "killed",
    Outcome.INJURED: "injured",
    Outcome.CAPTURED: "taken captive",
    Outcome.MISSING: "missing",
    Outcome.ARRESTED: "arrested",
}
_HEDGE = {
    Qualifier.AT_LEAST: "at least ",
    Qualifier.MORE_THAN: "more than ",
    Qualifier.AROUND: "around ",
    Qualifier.UP_TO: "up to ",
}
_VAGUE_START = re.compile(r"^(?:dozens|hundreds|thousands|scores|tens|a dozen)\b", re.IGNORECASE)
_SINGULAR_START = re.compile(r"^(?:a|an|one)\b", re.IGNORECASE)


@cache
def _phrases() -> dict[str, tuple[str, str]]:
    return {r[0]: (r[1], r[2] if len(r) > 2 else "") for r in rows("event_phrases.tsv")}


def _clean(phrase: str | None) -> str | None:
    """The phrase, or None when it carries a loaded term outside quotes."""
    if phrase is None:
        return None
    return None if loaded_terms(phrase) else phrase


def _lower_first(text: str) -> str:
    words = text.split(" ", 2)
    if len(words) > 1 and words[1][:1].isupper():
        return text  # a name ("Amanda Daniele Foster, 17") keeps its capitals
    word = words[0]
    if word[:1].isupper() and (word[1:].islower() or len(word) == 1):
        return text[0].lower() + text[1:]
    return text


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _counts_itself(desc: str, low: int | None) -> bool:
    """Whether the article's phrase already carries its number ('two women', 'many others')."""
    if count_at_start(desc) or _VAGUE_START.match(desc):
        return True
    return low is None and bool(UNSPECIFIED_RE.match(desc))


_PRONOUN = re.compile(r"^(?:he|she|him|her|they)$", re.IGNORECASE)


def _counts_itself_singular(desc: str) -> bool:
    """One person named or described ('the victim', 'Amanda Foster, 17'): no number in front."""
    return bool(re.match(r"^(?:the|one|this|that)\s|^[A-Z][a-z'’-]+\s+[A-Z]", desc))


def _count_phrase(fig: CasualtyFigure) -> str:
    """'at least 84 members of Pakistan’s security forces', 'a 15-year-old boy', 'around 10 others'."""
    raw = fig.victim_description
    if raw is not None:
        # "the teenager who" (a relative clause cut at the verb) reads as a fragment
        raw = re.sub(r"\s+(?:who|that|which|whom)$", "", raw.strip()) or None
    if fig.low == 1 and raw is not None and _PRONOUN.match(raw):
        raw = "one person"  # "He was gunned down": the pronoun means nothing out of its sentence
    desc = _clean(raw)
    if raw and desc is None and ", including " in raw:
        desc = _clean(raw.split(", including ")[0])
    hedge = _HEDGE.get(fig.qualifier, "")
    if fig.low == 0:
        return _lower_first(desc) if desc else "no one"
    if desc and (_counts_itself(desc, fig.low) or (fig.low == 1 and _counts_itself_singular(desc))):
        if _VAGUE_START.match(desc) or fig.qualifier is Qualifier.UNSPECIFIED:
            return _lower_first(desc)
        return hedge + _lower_first(desc)
    if fig.low is None:
        return desc or "an unspecified number of people"
    number = f"between {fig.low} and {fig.high}" if fig.qualifier is Qualifier.RANGE else f"{hedge}{fig.low}"
    return f"{number} {desc}" if desc else number


def _figure_clause(fig: CasualtyFigure) -> str:
    phrase = _count_phrase(fig)
    phrase = re.sub(r"\b(?:dead bodies|bodies|corpses)$", "people", phrase)
    single = fig.low in (0, 1)
    if ", including " in phrase:
        phrase += ","
    return f"{phrase} {'was' if single else 'were'} {_VERB[fig.outcome]}"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _source_name(name: str, article: ArticleMeta) -> str:
    """A name as it reads mid-sentence: 'the Baloch Liberation Army', 'a government spokesman',
    'hospital officials' (capitalised in the article only because a sentence began with it)."""
    return _name_in_text(name, article.text)


@per_digest
def _name_in_text(name: str, text: str) -> str:
    """Kept per (name, article) and digest: each incident asks again, and each ask reads the
    whole text."""
    first, _, rest = name.partition(" ")
    if first in ("A", "An") or (first == "The" and rest[:1].islower()):
        return first.lower() + name[len(first) :]
    lower = first.lower()
    if first != "The" and first[:1].isupper() and first[1:].islower() and _lower_case_mention(lower, text):
        return first.lower() + name[len(first) :]
    if name == "the article" or re.match(r"^(?:the|a|an)\s", name, re.IGNORECASE):
        return name
    # (speed only: the name in any case, as `LiteralFilter` reads text, before the pattern)
    if alternation.fold(name) in alternation.folded_text(text) and _the_before(name, text):
        return f"the {name}"
    return name


def _lower_case_mention(lower: str, text: str) -> bool:
    r"""`re.search(rf"(?<![.!?]\s)\b{lower}\b", text)`: the word written in lower case, not
    after a sentence's end. Speed only: a word of plain letters is tried only where it occurs
    (`str.find`), not at every offset of the article."""
    if re.escape(lower) != lower:
        return re.search(rf"(?<![.!?]\s)\b{lower}\b", text) is not None
    if lower not in text:
        return False  # (no pattern compiled for a name the text never writes in lower case)
    pattern = re.compile(rf"(?<![.!?]\s)\b{lower}\b")
    return any(pattern.match(text, at) for at in alternation.occurrences(text, lower))


def _the_before(name: str, text: str) -> bool:
    r"""`re.search(rf"\bthe\s+{re.escape(name)}\b", text, re.IGNORECASE)`. Speed only: in an
    ASCII text, tried only before the name's occurrences in any case (`str.find` in the
    lower-cased text, which keeps every offset), at the "the" before its run of spaces; in
    another, the same pattern written to open with the class of the characters "t" matches
    in any case (`re` skips to them in C; the lookbehind behind it is the word start).
    A text outside ASCII takes the first way too when lower-casing keeps every offset and it
    holds neither "ı" nor "ſ": the only characters besides "K" (which lowers to "k") that
    match an ASCII letter in any case (tests/test_fast_paths.py)."""
    name_re = re.escape(name)
    if not (name.isascii() and name[:1].strip() and _lowered_keeps_offsets(text)):
        return re.search(rf"[tT](?<!\w.)(?i:he\s+{name_re}\b)", text) is not None
    for at in alternation.occurrences(lowered_text(text), name.lower()):
        start = at
        while start > 0 and text[start - 1].isspace():
            start -= 1  # `\s+` takes the whole run: the name does not start with a space
        if start < at and start >= 3 and text[start - 3 : start].lower() == "the":
            pattern = re.compile(rf"\bthe\s+{name_re}\b", re.IGNORECASE)  # (compiled only here)
            if pattern.match(text, start - 3):
                return True
    return False


@per_digest
def _lowered_keeps_offsets(text: str) -> bool:
    """`str.find` of a lower-cased ASCII name in `lowered_text(text)` finds every place where
    `re.IGNORECASE` matches it: each character lowers to one, none is "ı" or "ſ"."""
    return text.isascii() or (len(lowered_text(text)) == len(text) and "ı" not in text and "ſ" not in text)


def _figures_sentence(source: str, status: Status, figs: list[CasualtyFigure]) -> str:
    body = _join([_figure_clause(f) for f in figs])
    if source == "the article":
        lead = {
            Status.CONFIRMED: "The article states that",
            Status.ALLEGED: "The article says it is alleged that",
        }
        return f"{lead.get(status, 'The article reports that')} {body}."
    verb = {
        Status.CLAIMED: "claimed that",
        Status.ALLEGED: "alleged that",
        Status.DENIED: "denied that",
        Status.CONFIRMED: "confirmed that",
    }.get(status)
    if verb is None:
        return f"According to {source}, {body}."
    return f"{_upper_first(source)} {verb} {body}."


def _places_phrase(incident: Incident, skip: str = "") -> str:
    towns = [p for p in incident.places if p.precision is not GeoPrecision.REGION] or incident.places
    towns = [p for p in towns if p.name not in skip]
    if not towns:
        return ""
    near = all(p.precision is GeoPrecision.NEAR_TOWN for p in towns)
    return f" {'near' if near else 'in'} {_join([p.name for p in towns])}"


def _bare(name: str) -> str:
    return re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE).casefold()


class Named(Protocol):
    """A speaker as the output names it (the rules backend's `Source` is one)."""

    @property
    def name(self) -> str: ...


class _Speaker(NamedTuple):
    name: str


def describe(incident: Incident, source: Named | None = None, article: ArticleMeta | None = None) -> str:
    """One neutral line: who did what where, attributed the way the article attributes it."""
    phrase, prep = _phrases().get(
        incident.sub_event_type.value if incident.sub_event_type else "other", ("an incident", "")
    )
    target = _clean(incident.targets[0]) if incident.targets else None
    if target and prep:
        phrase = f"{phrase} {prep} {target}"
    perps = [a for a in incident.actors if a.role.value == "perpetrator"]
    names = [_clean(_source_name(a.name, article) if article else a.name) for a in perps]
    perp = names[0] if names else None
    where = _places_phrase(incident, phrase)
    if len(perps) >= 2 and incident.event_type.value == "battles":
        phrase = f"fighting between {names[0] or 'one side'} and {names[1] or 'another'}"
        perp = None
    src = (
        source.name
        if source is not None
        else (incident.reported_by[0] if incident.reported_by else "the article")
    )
    if article is not None:
        src = _source_name(src, article)
    allegedly = "allegedly " if incident.status is Status.ALLEGED else ""
    if src == "the article":
        if perp:
            return f"{_upper_first(perp)} {allegedly}carried out {phrase}{where}, the article reports."
        return f"The article reports {phrase}{where}."
    if perp and _bare(src) == _bare(perp):
        return f"{_upper_first(src)} said it carried out {phrase}{where}."
    be = "were" if re.match(r"(?:attacks|arrests|abductions)\b", phrase) else "was"
    speakers = {_bare(r) for r in incident.reported_by}
    if perp and _bare(perp) in speakers and incident.status is not Status.CLAIMED:
        # The perpetrator is known only from its own claim: keep that apart from the source of the event.
        lead = f"According to {src}, there {be} {phrase}{where}"
        return f"{lead}; {perp} said it was responsible."
    if incident.status is Status.REPORTED and perp:
        return f"According to {src}, {perp} carried out {phrase}{where}."
    if incident.status is Status.REPORTED:
        return f"According to {src}, there {be} {phrase}{where}."
    if perp:
        return f"{_upper_first(src)} said {perp} {allegedly}carried out {phrase}{where}."
    return f"{_upper_first(src)} reported {phrase}{where}."


def write_summary(incidents: list[Incident], article: ArticleMeta) -> str:
    """Neutral summary from the records: per incident, what happened, then each source's figures."""
    sentences: list[str] = []
    # The confirmed numbers once per summary, not once per incident (quadratic in long texts).
    confirmed = confirmed_values(f for inc in incidents for f in inc.casualties)
    for inc in incidents:
        lead_source = _Speaker(inc.reported_by[0]) if inc.reported_by else None
        own = inc.description.strip()
        usable = own and not check_text(own, article.text, confirmed)
        sentences.append(own if usable else describe(inc, lead_source, article))
        keyed = [(f.stated_by, f.status, f) for f in inc.casualties]
        for (name, status), items in groupby(keyed, key=lambda t: (t[0], t[1])):
            figs = [t[2] for t in items]
            sentences.append(_figures_sentence(_source_name(name, article), status, figs))
    dateline = article.dateline.date_text if article.dateline else None
    if dateline and not any(inc.date.start for inc in incidents):
        sentences.append(f"The article dates the events only as {dateline}.")
    if not incidents:
        # "No incidents" is a finding, stated as one, not an empty (failed) summary.
        return "The article reports no incident of violence that the rules backend could find."
    broken = _any_fragment()  # speed only: `fragments(s)` is non-empty exactly when it matches
    return " ".join(s for s in sentences if not broken.search(s))


def fragments(sentence: str) -> list[str]:
    """Why a template sentence reads as broken (summarizer/data/summary_fragments.tsv), if it does.

    Templates fill slots with the article's own words; when a slot takes a cut phrase
    ("an attack on by what may have been") the sentence is dropped, never shown as checked.
    """
    return [why for pattern, why in _fragment_patterns() if pattern.search(sentence)]


@cache
def _any_fragment() -> alternation.AnyOf:
    """Whether some pattern of `fragments` matches, all tried at once."""
    return alternation.AnyOf([p for p, _ in rows("summary_fragments.tsv")])


@cache
def _fragment_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p), why) for p, why in rows("summary_fragments.tsv"))
