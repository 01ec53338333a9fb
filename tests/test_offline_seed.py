"""The seed article end to end through the rules backend and the pipeline, against the hand-written gold."""

from __future__ import annotations

import re
from functools import cache

import pytest
from offline_scoring import FIXTURES, load_gold, same_source

from summarizer import pipeline
from summarizer.backends.rules import RulesBackend
from summarizer.neutrality import check_text
from summarizer.pipeline import make_article
from summarizer.schemas import ArticleDigest

GOLD_PATH = FIXTURES / "gold" / "seed-balochistan.json"


@cache
def _run() -> tuple[dict, ArticleDigest]:
    gold, text = load_gold(GOLD_PATH)
    return gold, pipeline.digest(make_article(text), RulesBackend())


def test_four_incidents_in_gold_order() -> None:
    gold, digest = _run()
    assert len(digest.incidents) == len(gold["incidents"]) == 4
    assert [i.event_type.value for i in digest.incidents] == [g["event_type"] for g in gold["incidents"]]
    assert [i.status.value for i in digest.incidents] == [g["status"] for g in gold["incidents"]]
    assert digest.incidents[3].casualties == []


@pytest.mark.parametrize("n", range(4))
def test_every_gold_figure_is_found_with_its_attribution(n: int) -> None:
    gold, digest = _run()
    want = gold["incidents"][n]["casualties"]
    got = digest.incidents[n].casualties
    assert len(got) == len(want)
    for g, f in zip(want, got, strict=True):
        assert (f.outcome.value, f.low, f.high, f.qualifier.value) == (
            g["outcome"],
            g["low"],
            g["high"],
            g["qualifier"],
        )
        assert f.victims.value == g["victims"]
        assert same_source(f.stated_by, g["stated_by"]), (f.stated_by, g["stated_by"])
        assert f.status.value == g["status"]


def test_incident_places_cover_the_gold_places() -> None:
    gold, digest = _run()
    for g, inc in zip(gold["incidents"], digest.incidents, strict=True):
        names = {p.name for p in inc.places}
        assert set(g["places"]) <= names, (g["places"], names)
        assert all(p.country == "Pakistan" for p in inc.places)
        assert all(p.admin1 == "Balochistan" for p in inc.places)


def test_perpetrators_match_gold() -> None:
    gold, digest = _run()
    for g, inc in zip(gold["incidents"], digest.incidents, strict=True):
        perps = [a.name for a in inc.actors if a.role.value == "perpetrator"]
        assert perps, inc
        assert same_source(perps[0], g["perpetrators"]), (perps, g["perpetrators"])
    bla = digest.incidents[0].actors[0]
    assert bla.aliases == ["BLA"] and bla.kind.value == "rebel group"


def test_every_quote_is_the_article_span() -> None:
    _, digest = _run()
    text = digest.article.text
    quotes = [
        e for i in digest.incidents for e in [*i.evidence, *(e for f in i.casualties for e in f.evidence)]
    ]
    assert quotes
    for e in quotes:
        assert e.start is not None and e.end is not None
        assert text[e.start : e.end] == e.quote


def test_summary_is_neutral_attributed_and_checked() -> None:
    gold, digest = _run()
    summary = digest.summary.text
    figures = [f for i in digest.incidents for f in i.casualties]
    assert digest.summary.checks_passed and digest.summary.method == "template"
    assert check_text(summary, digest.article.text, figures) == []
    for word in gold["summary_must_not"]:
        assert not re.search(rf"\b{re.escape(word)}\b", summary, re.IGNORECASE), word
    assert "claimed that more than 80 people were killed, at least 84 members" in summary
    assert "18 security personnel were taken captive" in summary
    assert (
        "According to The Balochistan Post, 12 people, including women and children, were killed" in summary
    )
    assert "allegedly" in summary
    assert "a five-year-old child and two women were injured" in summary
    assert not re.search(r"\b(?:19|20)\d\d\b", summary)


def test_no_year_is_invented_and_no_warning_is_raised() -> None:
    _, digest = _run()
    assert all(i.date.start is None and i.date.text == "Feb 1" for i in digest.incidents)
    assert digest.provenance.warnings == []
