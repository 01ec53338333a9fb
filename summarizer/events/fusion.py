"""Fusion: deciding that two reports describe the same event, with the reasons written down.

Each incident report becomes `Features` (dates, place, type, actors, figures,
title + evidence text, proper names). `score` compares a report with one
already in an event and returns the score and the reasons, in words, that
made it; `matches` ranks the events a report could join (blended score at or
above the threshold) and `best_match` picks the first; `bridged` names the
other events a strong match ties to it, which the store merges (transitive
linking). The weights live in `summarizer/data/fusion_weights.tsv`.

Deterministic: the same reports in the same order give the same events; ties
go to the oldest event. Two incidents of one article are never compared with
each other; each finds its own event, which may be the same one (the rules
extractor often splits one story into two incidents).
"""

from __future__ import annotations

import calendar
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from rapidfuzz import fuzz

from summarizer import datafiles
from summarizer.geo import fold

_NAME = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\b")
_COMMON = frozenset(row[0].lower() for row in datafiles.rows("fusion_common_words.txt"))


@cache
def weights() -> dict[str, float]:
    return {row[0]: float(row[1]) for row in datafiles.rows("fusion_weights.tsv")}


@dataclass(frozen=True)
class Features:
    """What fusion compares, for one incident as one article reports it."""

    incident_id: int
    article_id: int
    dates: tuple[str, ...]
    location: str | None
    places: frozenset[str]
    admin1: str | None
    country: str | None
    event_type: str
    actors: frozenset[str]
    killed: frozenset[int]
    injured: frozenset[int]
    text: str
    names: frozenset[str] = field(default_factory=frozenset)
    persons: frozenset[str] = field(default_factory=frozenset)
    headline: frozenset[str] = field(default_factory=frozenset)
    tokens: frozenset[str] = field(default_factory=frozenset)
    ages: frozenset[int] = field(default_factory=frozenset)
    streets: frozenset[str] = field(default_factory=frozenset)
    mentions: frozenset[str] = field(default_factory=frozenset)
    points: frozenset[tuple[float, float]] = field(default_factory=frozenset)

    def to_json(self) -> str:
        """The parts that do not change with analyst edits (figures are read fresh)."""
        return json.dumps(
            {
                "text": self.text,
                "names": sorted(self.names),
                "persons": sorted(self.persons),
                "headline": sorted(self.headline),
                "tokens": sorted(self.tokens),
                "ages": sorted(self.ages),
                "streets": sorted(self.streets),
                "mentions": sorted(self.mentions),
            },
            ensure_ascii=False,
        )


_PERSON = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?) ([A-Z]\.? )?([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")


def _name_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for m in _PERSON.finditer(text):
        first, last = m.group(1), m.group(3)
        if first.lower() in _COMMON or last.lower() in _COMMON:
            continue
        key = f"{first} {last}".lower()
        counts[key] = counts.get(key, 0) + 1
    return counts


def persons(text: str) -> frozenset[str]:
    """Two-word proper names ('Braison Howard') said at least twice, or once in the title: people and
    places specific to one story; teaser and navigation lines rarely repeat a name."""
    return frozenset(k for k, n in _name_counts(text).items() if n >= 2 and not _is_place(k))


_RUN = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?(?: (?:[A-Z]\. )?[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?)+")
_SUFFIXES = frozenset(["jr", "sr"])


def mentions(text: str) -> frozenset[str]:
    """Every person-like name of the report, said once or more, as first and last name ('Gustav Duane
    Christianson II' -> 'gustav christianson'; titles such as 'Officer' dropped): a victim or a suspect
    is often named once in a short report. Weaker than `persons` (a teaser line can name someone)."""
    out = set()
    for m in _RUN.finditer(text):
        words = [w for w in m.group(0).split() if not w.endswith(".")]
        while words and words[0].lower() in _COMMON:
            words = words[1:]
        while words and words[-1].lower() in _SUFFIXES:
            words = words[:-1]
        if not 2 <= len(words) <= 4 or any(w.lower() in _COMMON for w in words):
            continue
        key = f"{words[0]} {words[-1]}".lower()
        if not _is_place(key) and not _is_place(" ".join(words).lower()):
            out.add(key)
    return frozenset(out)


@cache
def _street_words() -> dict[str, str]:
    return {row[0]: row[1] for row in datafiles.rows("street_suffixes.tsv")}


_DIRECTION_WORDS = r"(?:[NSEW]\.? |North |South |East |West )"


@cache
def _street_pattern() -> re.Pattern[str]:
    suffixes = "|".join(sorted(map(re.escape, _street_words()), key=len, reverse=True))
    return re.compile(rf"\b{_DIRECTION_WORDS}?((?:\d+(?:st|nd|rd|th) |[A-Z][a-z]+ ){{1,3}})({suffixes})\b\.?")


def streets(text: str) -> frozenset[str]:
    """Street names the report gives ('1100 block of Divinity Street', 'on Hays Ave.'), abbreviations
    folded ('hays avenue'): an address carries from one report of a shooting to the next."""
    out = set()
    words = _street_words()
    for m in _street_pattern().finditer(text):
        core = m.group(1).split()
        while core and core[0].lower() in _COMMON:
            core = core[1:]
        if not core:
            continue
        out.add(" ".join([*(w.lower() for w in core), words[m.group(2)]]))
    return frozenset(out)


@cache
def _is_place(name: str) -> bool:
    """'San Francisco', 'South Georgia', 'West Side': places, not the people of one story."""
    from summarizer.geo import country_code, region, towns

    words = name.split()
    if len(words) > 1 and (words[0] in _DIRECTIONS or words[-1] in _PLACE_WORDS):
        return True
    return bool(towns(name) or region(name) or country_code(name))


_DIRECTIONS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "central",
        "upper",
        "lower",
    ]
)
_PLACE_WORDS = frozenset(
    [
        "street",
        "avenue",
        "road",
        "side",
        "county",
        "city",
        "park",
        "beach",
        "valley",
        "heights",
        "hills",
        "lake",
        "river",
    ]
)


_AGE = re.compile(r"\b(\d{1,2})-year-old\b|\b([A-Z][a-z]+),? (\d{1,2}),")
_MONTHS = frozenset(m.lower() for m in (*calendar.month_name[1:], *calendar.month_abbr[1:], "Sept"))


def ages(text: str) -> frozenset[int]:
    """Ages of the people a report names ('a 16-year-old', 'Jason Smith, 18,'; not 'March 12,'): a
    victim's age carries from one report of a shooting to the next even when no name does."""
    out = set()
    for m in _AGE.finditer(text):
        if m.group(2) and m.group(2).lower() in _MONTHS:
            continue
        age = int(m.group(1) or m.group(3))
        if 0 < age < 100:
            out.add(age)
    return frozenset(out)


#: Ages are read from the title, the evidence and the start of the report (the later text of a
#: scraped page is often other stories' teasers).
AGE_CHARS = 3000

_WORD = re.compile(r"[a-z][a-z'-]{3,}")


def body_tokens(text: str) -> frozenset[str]:
    """The distinct words of the report (4+ letters, common words out): what `idf_cosine` compares."""
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _COMMON)


class Idf:
    """Inverse document frequency of words among the candidate reports of one comparison, so
    words every story on the site shares (navigation, teasers) weigh little. Squared weights
    and each report's norm are computed once, not once per pair."""

    def __init__(self, df: dict[str, int], n: int) -> None:
        self.default = math.log(n + 1) ** 2
        self.sq = {t: math.log((n + 1) / (k + 1)) ** 2 for t, k in df.items()}
        self._norms: dict[frozenset[str], float] = {}

    def norm(self, tokens: frozenset[str]) -> float:
        got = self._norms.get(tokens)
        if got is None:
            sq, default = self.sq, self.default
            got = self._norms[tokens] = math.sqrt(sum(sq.get(t, default) for t in tokens))
        return got

    def cosine(self, a: frozenset[str], b: frozenset[str]) -> float:
        """Cosine of two word sets weighted by inverse document frequency."""
        if not a or not b:
            return 0.0
        sq, default = self.sq, self.default
        shared = sum(sq.get(t, default) for t in (a & b))
        norms = self.norm(a) * self.norm(b)
        return shared / norms if norms else 0.0


def headline_of(title: str | None) -> str:
    """The headline without the outlet tail ('... - WALB.com, Albany'): the tail is the same on every
    page of a site and would make two stories of one outlet look alike."""
    return re.split(r"\s[-|–]\s", title or "")[0]


def title_names(title: str | None) -> frozenset[str]:
    """Proper names of the headline, without the outlet tail."""
    return frozenset(n for n in proper_names(headline_of(title)) if not _is_place(n))


def proper_names(text: str) -> frozenset[str]:
    """Capitalised words that are not common words."""
    return frozenset(w.lower() for w in _NAME.findall(text) if w.lower() not in _COMMON and len(w) > 2)


def make_features(
    *,
    incident_id: int,
    article_id: int,
    date_start: str | None,
    published: str | None,
    location: str | None,
    admin1: str | None,
    country: str | None,
    event_type: str,
    places: Iterable[str] = (),
    points: Iterable[tuple[float, float]] = (),
    actors: Iterable[str],
    killed: Iterable[int],
    injured: Iterable[int],
    title: str | None,
    evidence: Sequence[str],
    body: str = "",
    cached: str | None = None,
) -> Features:
    if cached:
        stored = json.loads(cached)
        text, names, people = stored["text"], frozenset(stored["names"]), frozenset(stored["persons"])
        headline = frozenset(stored.get("headline", ()))
        tokens = frozenset(stored.get("tokens", ()))
        years = frozenset(stored.get("ages", ()))
        roads = frozenset(stored.get("streets", ()))
        named = frozenset(stored.get("mentions", ()))
    else:
        evidence_text = " ".join(evidence)[:2000]
        head = headline_of(title)
        text = fold(f"{head} {evidence_text}".strip())
        names = proper_names(f"{head} {evidence_text}")
        people = persons(f"{head}\n{head}\n{body}")
        headline = title_names(title)
        tokens = body_tokens(f"{head} {body or evidence_text}")
        years = ages(f"{head}\n{evidence_text}\n{(body or '')[:AGE_CHARS]}")
        roads = streets(f"{head}\n{body or evidence_text}")
        named = mentions(f"{head}\n{body or evidence_text}")
    generic = {"civilians", "police", "security forces", "unknown", "gunmen", "unidentified gunmen"}
    return Features(
        incident_id=incident_id,
        article_id=article_id,
        dates=tuple(dict.fromkeys(d for d in (date_start, published) if d)),
        location=fold(location) if location else None,
        places=frozenset(fold(p) for p in (*places, *([location] if location else []))),
        admin1=fold(admin1) if admin1 else None,
        country=fold(country) if country else None,
        event_type=event_type,
        actors=frozenset(fold(a) for a in actors if a and fold(a) not in generic),
        killed=frozenset(killed),
        injured=frozenset(injured),
        text=text,
        names=names,
        persons=people,
        headline=headline,
        tokens=tokens,
        ages=years,
        streets=roads,
        mentions=named,
        points=frozenset((round(lat, 4), round(lon, 4)) for lat, lon in points),
    )


def follow_up_keys(f: Features) -> frozenset[str]:
    """The names a report is looked up by beyond `window_days` (follow-ups: arrests, trials):
    names said twice, headline names, and (when `follow_up_mentions` is set) every name it
    mentions; `cues` then asks for that many names mentioned in both."""
    keys = f.persons | f.headline
    return keys | f.mentions if weights()["follow_up_mentions"] else keys


def day_gap(a: Sequence[str], b: Sequence[str]) -> int | None:
    gaps = []
    for x in a:
        for y in b:
            try:
                gaps.append(abs((date.fromisoformat(x) - date.fromisoformat(y)).days))
            except ValueError:
                continue
    return min(gaps) if gaps else None


Cue = tuple[str, str, float]
"""One piece of evidence: the weight's name, the reason in words, the share of the weight it earns."""


def score(
    new: Features,
    old: Features,
    boilerplate: frozenset[str] = frozenset(),
    idf: Idf | None = None,
) -> tuple[float, list[str]]:
    """How strongly `new` and `old` look like one event, and why (a veto gives -inf).

    `boilerplate`: person names shared by many candidate reports (site furniture), ignored.
    """
    found = cues(new, old, boilerplate, idf)
    if isinstance(found, str):
        return float("-inf"), [found]
    w = weights()
    total, reasons = 0.0, []
    for key, why, factor in found:
        value = w[key] * factor
        if value:
            total += value
            reasons.append(f"{why} ({value:+.2f})")
    return round(total, 4), reasons


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance of two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def places_differ(a: Features, b: Features) -> bool:
    """Two reports' places are known to differ: both named, none shared, and (when
    `split_km` is set) both located by the gazetteer and every pair of points further apart
    than `split_km`. Two neighbourhoods of one city, or a street or a word the gazetteer cannot
    place ('University', 'Northeast'), are not known to differ."""
    if not a.places or not b.places or a.places & b.places:
        return False
    limit = weights()["split_km"]
    if not limit:
        return True
    if not a.points or not b.points:
        return False
    return min(km(p, q) for p in a.points for q in b.points) > limit


def split_story(a: Features, b: Features) -> bool:
    """Two incidents of one article that may be one story the extractor split: the same event
    type, no place known to differ (`places_differ`), the same day (or undated), and no figure
    that differs (both killed, or both injured, figures given and none in common). Any other
    two incidents of one article stay apart."""
    if a.article_id != b.article_id or a.event_type != b.event_type:
        return False
    if places_differ(a, b):
        return False
    if day_gap(a.dates, b.dates) not in (None, 0):
        return False
    return all(not x or not y or bool(x & y) for x, y in ((a.killed, b.killed), (a.injured, b.injured)))


def cues(
    new: Features,
    old: Features,
    boilerplate: frozenset[str] = frozenset(),
    idf: Idf | None = None,
) -> list[Cue] | str:
    """The evidence `score` weighs, or the reason in words why the pair cannot be one event."""
    w = weights()
    if new.article_id == old.article_id and not split_story(new, old):
        return "same article lists them as separate incidents"
    people = sorted((new.persons & old.persons) - boilerplate)
    in_headline = sorted((new.headline & old.headline) - boilerplate)
    named_both = sorted((new.mentions & old.mentions) - boilerplate)
    gap = day_gap(new.dates, old.dates)
    least = w["follow_up_mentions"]
    named = people or in_headline or (least and len(named_both) >= least)
    if gap is not None and gap > w["window_days"] and (not named or gap > w["follow_up_days"]):
        return f"dates {gap} days apart"
    found: list[Cue] = []

    def add(key: str, why: str, factor: float = 1.0) -> None:
        found.append((key, why, factor))

    if new.country and old.country and new.country != old.country:
        add("other_country", f"different countries ({new.country} / {old.country})")
    if gap == 0:
        add("same_day", "same day")
    elif gap is not None and gap <= 2:
        add("near_day", f"dates {gap} day(s) apart")
    elif gap is not None and gap <= 7:
        add("far_day", f"dates {gap} days apart")
    elif gap is not None and gap <= w["window_days"]:
        add("late_day", f"dates {gap} days apart")
    elif gap is not None:
        add("follow_up", f"a follow-up {gap} days later with the same names")
    if new.location and old.location:
        common_places = sorted(new.places & old.places)
        nested = any(f" {a} " in f" {b} " or f" {b} " in f" {a} " for a in new.places for b in old.places)
        if common_places:
            add("same_place", f"same place ({common_places[0]})")
        elif nested:
            add("same_admin1", f"one place inside the other ({new.location} / {old.location})")
        else:
            add("other_place", f"different places ({new.location} / {old.location})")
            if new.admin1 and new.admin1 == old.admin1:
                add("same_admin1", f"same region ({new.admin1})")
    elif new.admin1 and new.admin1 == old.admin1:
        add("same_admin1", f"same region ({new.admin1})")
    if new.event_type == old.event_type:
        add("same_type", f"same event type ({new.event_type})")
    shared = sorted(new.actors & old.actors)
    if shared:
        add("shared_actor", f"shared actor ({shared[0]})")
    same_fig = (new.killed & old.killed) or (new.injured & old.injured)
    if same_fig:
        add("same_figure", "same casualty figure")
    if new.killed and old.killed and min(abs(a - b) for a in new.killed for b in old.killed) > 2:
        add("other_killed", "different killed figures")
    if new.text and old.text:
        sim = fuzz.token_set_ratio(new.text, old.text) / 100
        if sim > 0.5:
            add("text", f"similar text ({sim:.2f})", (sim - 0.5) / 0.5)
    if new.names and old.names:
        shared_names = new.names & old.names
        jac = len(shared_names) / len(new.names | old.names)
        if jac > 0:
            common = ", ".join(sorted(shared_names)[:3])
            # one or two shared words are weak evidence however small the sets are
            add("names", f"shared names ({common}; {jac:.2f})", jac * min(1.0, len(shared_names) / 3))
    if in_headline:
        add(
            "headline",
            f"same names in the headlines ({', '.join(in_headline[:3])})",
            min(len(in_headline), 2) / 2,
        )
    if idf is not None:
        cos = idf.cosine(new.tokens, old.tokens)
        if cos > w["body_floor"]:
            add(
                "body",
                f"same rare words in the reports (idf cosine {cos:.2f})",
                min(1.0, (cos - w["body_floor"]) / (w["body_full"] - w["body_floor"])),
            )
    shared_ages = sorted(new.ages & old.ages)
    if shared_ages:
        add("same_age", f"same ages ({', '.join(map(str, shared_ages[:3]))})", min(len(shared_ages), 2) / 2)
    elif new.ages and old.ages:
        add("other_age", "different ages")
    if people:
        add("person", f"same people named ({', '.join(people[:3])})", min(len(people), 2) / 2)
    if named_both:
        add("mention", f"same names mentioned ({', '.join(named_both[:3])})", min(len(named_both), 2) / 2)
    elif new.mentions and old.mentions:
        add("other_mentions", "no name in common")
    roads = sorted((new.streets & old.streets) - boilerplate)
    if roads:
        add("street", f"same street ({', '.join(roads[:2])})")
    elif new.streets and old.streets:
        add("other_street", "different streets")
    return found


@dataclass(frozen=True)
class Match:
    event_id: int
    score: float
    reasons: list[str]
    matched_incident: int


def best_match(new: Features, candidates: Iterable[tuple[int, Features]]) -> Match | None:
    """The event (id, member features) that `new` joins, or None for a new event."""
    found = matches(new, candidates)
    return found[0] if found else None


def bridged(found: Sequence[Match]) -> list[Match]:
    """The events beyond the best that one report ties to it: when the report scores at least
    `bridge` with its best event and with another, both are one incident's reports that
    arrived in an order that kept them apart (transitive linking); the store merges them."""
    limit = weights()["bridge"]
    if not limit or not found or found[0].score < limit:
        return []
    return [m for m in found[1:] if m.score >= limit]


def matches(new: Features, candidates: Iterable[tuple[int, Features]]) -> list[Match]:
    """Every event `new` could join (blended score at or above the threshold), best first
    (ties: the oldest event), each with its closest member's reasons."""
    threshold = weights()["threshold"]
    best: dict[int, Match] = {}
    scored: list[tuple[int, float, list[str], int]] = []
    members = list(candidates)
    seen: dict[str, int] = {}
    for _, member in members:
        # Only names said twice or in headlines: a victim's name mentioned once, or a street, shared
        # by many candidates is more often one big story's many reports than site furniture
        # (counting them too cost 0.4 CoNLL F1 on GVA dev).
        for name in (member.persons & new.persons) | (member.headline & new.headline):
            seen[name] = seen.get(name, 0) + 1
    boilerplate = frozenset(n for n, k in seen.items() if k > weights()["boilerplate_reports"])
    # document frequencies over the candidates; the count of reports includes the new one
    df: dict[str, int] = {}
    for _, member in members:
        for t in member.tokens:
            df[t] = df.get(t, 0) + 1
    idf = Idf(df, len(members) + 1)
    for event_id, member in members:
        if member.article_id == new.article_id and not split_story(new, member):
            # Another incident of the same article counts neither for nor against an event: the
            # rules extractor often splits one story in two, and both parts may join its event.
            continue
        s, why = score(new, member, boilerplate, idf)
        scored.append((event_id, s, why, member.incident_id))
    # An event's score blends its closest member with the mean of all its members, so one
    # look-alike report does not chain unrelated stories into a growing event.
    blend = weights()["member_mean"]
    floor = weights()["member_floor"]
    by_event: dict[int, list[float]] = {}
    for event_id, s, _, _ in scored:
        by_event.setdefault(event_id, []).append(max(s, floor))
    for event_id, s, why, incident_id in scored:
        if s < threshold:
            continue
        member_scores = by_event[event_id]
        if blend and len(member_scores) > 1:
            mean = sum(member_scores) / len(member_scores)
            s = round((1 - blend) * max(member_scores) + blend * mean, 4)
            if s < threshold:
                continue
        if event_id not in best or s > best[event_id].score:
            best[event_id] = Match(event_id, s, why, incident_id)
    return sorted(best.values(), key=lambda m: (-m.score, m.event_id))
