"""Place names in the article: towns the gazetteer knows, regions, and unknown places the grammar marks.

A capitalised name after a locative preposition ("in Quetta", "near Menaka",
"the coastal city of Gwadar") is a place when the gazetteer knows it, when a
place noun stands next to it ("Turbat district", "the village of Kawuri",
"the Mugunga camp"), or when it is listed with known towns. "from X" is an
origin, not a place of the incident, and is skipped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import NamedTuple

from summarizer import geo as gazetteer
from summarizer.rules import lexicon
from summarizer.rules.actors import Actors
from summarizer.schemas import GeoPrecision

_ADJ = (
    r"(?:(?:northern|southern|eastern|western|central|north-?western|north-?eastern|south-?western|"
    r"south-?eastern|coastal|remote|restive|border|neighbouring|neighboring|nearby|rural|urban|"
    r"civilian|residential|troubled|mountainous)\s+)*"
)
_PLACE_NOUN_WORDS = (
    "city", "town", "village", "district", "province", "region", "area", "areas", "outskirts", "suburb",
    "camp", "county",
)  # fmt: skip
_PLACE_NOUNS = rf"(?:{'|'.join(_PLACE_NOUN_WORDS)})"
_NOUN_OF = rf"(?:{_PLACE_NOUNS}\s+of\s+(?:the\s+)?)?"
_NOUN_OF_BEFORE = re.compile(rf"{_PLACE_NOUNS}\s+of\s+(?:the\s+)?$")
_NOUN_BEFORE_OF = re.compile(rf"{_PLACE_NOUNS}\s+$")  # as `_noun_before_of` reads it


def _noun_before_of(before: str) -> bool:
    r"""Whether `_NOUN_BEFORE_OF.search(before)` finds a match: `before` ends with white space
    and what comes before that ends with a place noun. Speed only: the pattern was tried at
    every offset. Exact: `\s` and `str.isspace` are the same characters, so the match's `\s+`
    runs to the end (`$` may stand before a final "\n", itself white space) and what
    `str.rstrip` leaves ends with the noun; conversely a noun and white space to the end match."""
    stripped = before.rstrip()
    return len(stripped) < len(before) and stripped.endswith(_PLACE_NOUN_WORDS)


_NAME = r"[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2}"
#: What follows a preposition in a _PLACE_RE match: the place names.
_PLACE_TAIL = (
    rf"(?:the\s+)?{_ADJ}{_NOUN_OF}"
    rf"(?P<list>{_NAME}(?:[ \t]*,[ \t]*{_NAME})*(?:[ \t]*,?[ \t]+and[ \t]+{_NAME})?)"
)
#: The prepositions after their first letter (`_PLACE_RE`), by their second letter.
_PREP_BY_SECOND_LETTER = (
    r"(?:[nN](?<=[iI\u0130\u0131].)(?i:|to|side)|[tT](?<=[aA].)|[rR](?<=[aA].)(?i:ound)|"
    r"[cC](?<=[aA].)(?i:ross)|[eE](?<=[nN].)(?i:ar)|[fF](?<=[oO].)|[uU](?<=[oO].)(?i:tside)|"
    r"[nN](?<=[oO].)|[oO](?<=[tT].)(?i:|ward|wards)|[rR](?<=[fF].)(?i:om)|"
    r"[iI\u0130\u0131](?<=[wW].)(?i:thin))"
)
_PLACE_RE = re.compile(
    # The prepositions (in|at|near|into|of|outside|around|across|to|toward|towards|from|inside|
    # within|on, any case) after a word start, written first letter first: the class of those
    # letters in every case (İ and ı are an i to IGNORECASE) opens the pattern, so `re` skips in
    # C to where a preposition can start; behind it, the word start and which letter it took
    # (speed only: the same matches). Behind those, the preposition by its second letter, as a
    # class of the characters IGNORECASE takes for it, then a lookbehind of its first (speed
    # only: `re` enters only the branches whose class holds the next character, where it tried
    # every lookbehind under IGNORECASE at each of those letters: "the", "that", "was"). At an
    # offset one preposition at most is followed by white space (none of them is another one
    # with letters added but a longer word), so the order of the branches changes no match;
    # tests/test_speed_rules.py compares this with `_PLACE_PREP_AS_WRITTEN`.
    r"(?P<prep>[IiAaNnOoTtFfWw\u0130\u0131](?<!\w.)" + _PREP_BY_SECOND_LETTER + r")\s+" + _PLACE_TAIL
)
#: The prepositions after their first letter as first written (the tests compare).
_PLACE_PREP_AS_WRITTEN = (
    r"(?i:(?<=i)(?:n|nto|nside)|(?<=a)(?:t|round|cross)|"
    r"(?<=n)ear|(?<=o)(?:f|utside|n)|(?<=t)(?:o|oward|owards)|(?<=f)rom|(?<=w)ithin)"
)
#: Prepositions of motion: where someone goes, not where something happened.
_MOTION = {"to", "toward", "towards", "into"}
_SPLIT_LIST = re.compile(r"\s*,\s*and\s+|\s*,\s*|\s+and\s+")
_PARENT = re.compile(rf"^\s+(?:in|near|of)\s+(?:the\s+)?(?P<parent>{_NAME})")
_NOT_PLACES = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|The|A|An|Its|Their|His|Her|This|That|These|Those)$"
)


@dataclass(frozen=True)
class PlaceMention:
    """One place named in the text."""

    name: str
    start: int
    end: int
    kind: str  # town | region | unknown
    precision: GeoPrecision
    country: str | None  # ISO code, when known
    admin1: str | None
    parent: str | None = None


_POSSESSIVE = re.compile(r"(?:'s|’s)$")
_WORD_AFTER = re.compile(r"\s+(\w+)")
#: One or two capitalised words ("\b[A-Z]...", the capital first: `re` skips in C to capitals).
_CAPITALISED = re.compile(r"[A-Z](?<!\w[A-Z])[\w'’-]+(?:\s+[A-Z][\w'’-]+)?")
#: A known town written without a preposition ("the Gwadar incident"; "\bthe", the word first).
_THE_NAME_EVENT = re.compile(
    r"the(?<!\wthe)\s+(?P<name>[A-Z][\w'’-]+)\s+(?:incident|attack|blast|operation|clash)"
)


def article_countries(text: str) -> list[str]:
    """Country codes the article names (names and adjectives), most mentioned first."""
    # Mentions by code, in order of first mention (speed only: counted here, not by a Counter
    # of a list; `sorted` keeps that order among equal counts, as Counter.most_common does).
    counts: dict[str, int] = {}
    # The code of each capitalised run, kept by its words (speed only: a run written again is
    # not looked at again; a name, the run or its first word, is looked up once).
    by_run: dict[str, str | None] = {}
    seen: dict[str, str | None] = {}
    for run in _CAPITALISED.findall(text):
        if run in by_run:
            code = by_run[run]
        else:
            code = None
            for cand in (run, run.split()[0]):
                code = seen[cand] if cand in seen else seen.setdefault(cand, gazetteer.country_code(cand))
                if code:
                    break
            by_run[run] = code
        if code:
            counts[code] = counts.get(code, 0) + 1
    return sorted(counts, key=counts.__getitem__, reverse=True)


class _Lookup(NamedTuple):
    """A name written after a preposition as `PlaceFinder._mention` reads it alone: without a
    possessive or a place noun at its end (`trimmed`), with what the gazetteer says of it."""

    name: str
    trimmed: bool
    region: tuple[str, str] | None
    town: gazetteer.Town | None
    admin1: str | None


class PlaceFinder:
    """Finds places in one article; remembers unknown places once the grammar has marked them."""

    def __init__(self, text: str, actors: Actors) -> None:
        self.text = text
        self.actors = actors
        self.countries = article_countries(text)
        self.known_unknown: dict[str, PlaceMention] = {}
        self._looked_up: dict[str, _Lookup | None] = {}
        self.mentions = self._scan()
        self._starts: list[int] | None = None
        self._first_known: dict[str, PlaceMention] | None = None

    def _is_actor(self, name: str) -> bool:
        actor = self.actors.named_in(name)
        return actor is not None and any(name.casefold() == n.casefold() for n in actor.names())

    def _look_up(self, written: str) -> _Lookup | None:
        """What `_mention` reads of a name alone, or None for a name that is no place: kept per
        name written (speed only: an article names its places again and again, and the
        actors and the countries these lookups read do not change while it is read)."""
        if written in self._looked_up:
            return self._looked_up[written]
        found: _Lookup | None = None
        name = _POSSESSIVE.sub("", written.strip())
        if name and not _NOT_PLACES.match(name) and not self._is_actor(name):
            trimmed = any(w.lower() in lexicon.place_words() for w in name.split()[-1:])
            if trimmed:
                name = " ".join(name.split()[:-1])
            if name and not gazetteer.country_code(name):
                town = gazetteer.best_town(name, self.countries[:2])
                admin1 = gazetteer.admin1_name(town.country_code, town.admin1_code) if town else None
                found = _Lookup(name, trimmed, gazetteer.region(name), town, admin1)
        self._looked_up[written] = found
        return found

    def _mention(
        self, name: str, start: int, prep: str, noun_next: str | None, noun_before: bool
    ) -> PlaceMention | None:
        looked = self._look_up(name)
        if looked is None:
            return None
        name, reg, town = looked.name, looked.region, looked.town
        if looked.trimmed:  # the name ended with a place noun ("Turbat district")
            noun_next = noun_next or "place"
        end = start + len(name)
        near = prep == "near" or prep == "outside" or prep == "around"
        if reg is not None and (noun_next in ("province", "state", "region") or town is None):
            return PlaceMention(name, start, end, "region", GeoPrecision.REGION, reg[0], reg[1])
        precision = GeoPrecision.NEAR_TOWN if near else GeoPrecision.TOWN
        if noun_next in ("district", "province", "region", "county"):
            precision = GeoPrecision.REGION
        if town is not None:
            return PlaceMention(
                name,
                start,
                end,
                "town",
                precision,
                town.country_code,
                looked.admin1,
            )
        if noun_next or noun_before or name.casefold() in self.known_unknown:
            return PlaceMention(name, start, end, "unknown", precision, None, None)
        return None

    def _scan(self) -> list[PlaceMention]:
        out: list[PlaceMention] = []
        text = self.text
        # Names the text ever places something in, at or near, or marks with a place noun.
        # A name met only after "to"/"into" ("we head to Riverwood", a game's village) has no
        # evidence of being a place where something happened, even if a gazetteer town shares it.
        located: set[str] = set()
        for m in _PLACE_RE.finditer(text):
            prep = m.group("prep").lower()
            if prep == "from":
                continue
            head = text[m.start() : m.start("list")]
            # "the coastal city of Gwadar", "civilian areas of Phulabad": a place noun marks the name.
            before = text[max(0, m.start() - 30) : m.start()]
            # (`"of" in head` first, speed only: every `_NOUN_OF_BEFORE` match holds "of")
            noun_before = ("of" in head and bool(_NOUN_OF_BEFORE.search(head))) or (
                prep == "of" and _noun_before_of(before)
            )
            names = m.group("list")
            # Speed only: every `_SPLIT_LIST` match holds a "," or an "and"; without them the
            # split is the one name (most lists), as `re.split` gives it when nothing matches.
            items = _SPLIT_LIST.split(names) if "," in names or "and" in names else [names]
            pos = m.start("list")
            found: list[PlaceMention] = []
            pending: list[tuple[str, int]] = []
            for item in items:
                at = text.index(item, pos)
                pos = at + len(item)
                after = _WORD_AFTER.match(text, pos, pos + 20)
                noun_next = (
                    after.group(1).lower()
                    if after and after.group(1).lower() in lexicon.place_words()
                    else None
                )
                if (
                    prep == "of"
                    and not noun_before
                    and gazetteer.best_town(item) is None
                    and not gazetteer.region(item)
                ):
                    continue
                pm = self._mention(item, at, prep, noun_next, noun_before)
                if pm is None:
                    pending.append((item, at))
                    continue
                found.append(pm)
            if found and pending and any(f.kind == "town" for f in found):
                for item, at in pending:  # listed with known towns: a town the gazetteer lacks
                    if (
                        not _NOT_PLACES.match(item)
                        and not self._is_actor(item)
                        and not gazetteer.country_code(item)
                    ):
                        found.append(
                            PlaceMention(item, at, at + len(item), "unknown", GeoPrecision.TOWN, None, None)
                        )
            for pm in found:
                if prep not in _MOTION or noun_before or pm.kind != "town":
                    located.add(pm.name.casefold())
                parent = _PARENT.match(text[pm.end : pm.end + 60])
                if parent and pm.kind == "unknown":
                    pm = PlaceMention(**{**pm.__dict__, "parent": parent.group("parent")})
                if pm.kind == "unknown":
                    self.known_unknown.setdefault(pm.name.casefold(), pm)
                out.append(pm)
        # Known towns written without a preposition ("the Gwadar incident").
        for m in _THE_NAME_EVENT.finditer(text):
            name = m.group("name")
            if not any(p.start == m.start("name") for p in out):
                pm = self._mention(name, m.start("name"), "in", None, False)
                if pm is not None:
                    out.append(pm)
                    located.add(pm.name.casefold())
        out = [p for p in out if p.kind != "town" or p.name.casefold() in located]
        out.sort(key=lambda p: p.start)
        return self._fill(out)

    def _fill(self, mentions: list[PlaceMention]) -> list[PlaceMention]:
        """Unknown places take country and region from their parent ('Phulabad in Turbat district')."""
        by_name = {p.name.casefold(): p for p in mentions if p.kind != "unknown"}
        out = []
        for p in mentions:
            if p.kind == "unknown":
                ref = self.known_unknown.get(p.name.casefold(), p)
                parent = by_name.get((p.parent or ref.parent or "").casefold())
                if parent is not None:
                    p = PlaceMention(
                        **{
                            **p.__dict__,
                            "country": parent.country,
                            "admin1": parent.admin1,
                            "parent": parent.name,
                        }
                    )
            out.append(p)
        return out

    def first_known(self, name: str) -> PlaceMention | None:
        """The first mention named `name` (any case) whose kind is known: a lookup built once,
        as every chosen place asks it."""
        if self._first_known is None:
            self._first_known = {}
            for m in self.mentions:
                if m.kind != "unknown":
                    self._first_known.setdefault(m.name.casefold(), m)
        return self._first_known.get(name.casefold())

    def within(self, start: int, end: int) -> list[PlaceMention]:
        """Mentions starting in [start, end): a binary search, as drafts ask once per clause."""
        if self._starts is None:
            self._starts = [p.start for p in self.mentions]
        return self.mentions[bisect_left(self._starts, start) : bisect_left(self._starts, end)]
