"""The model path end to end, replayed from cassettes (see fixtures/cassettes/README.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scenarios import FIXTURES, SCENARIOS, SEED_TEXT

from summarizer import ArticleDigest, Summarizer, asummarize_text
from summarizer.grounding import figure_number_problem
from summarizer.neutrality import check_text

GOLD = json.loads((FIXTURES / "gold" / "seed-balochistan.json").read_text("utf-8"))


def run(name: str) -> ArticleDigest:
    return Summarizer(SCENARIOS[name].make_settings()).summarize_text(SCENARIOS[name].article)


def figures(digest: ArticleDigest) -> set[tuple[str, int | None, int | None, str, str]]:
    return {
        (f.outcome.value, f.low, f.high, f.qualifier.value, f.status.value)
        for i in digest.incidents
        for f in i.casualties
    }


def gold_figures() -> set[tuple[str, int | None, int | None, str, str]]:
    return {
        (f["outcome"], f["low"], f["high"], f["qualifier"], f["status"])
        for i in GOLD["incidents"]
        for f in i["casualties"]
    }


def assert_verbatim(digest: ArticleDigest) -> None:
    text = digest.article.text
    for inc in digest.incidents:
        for ev in [*inc.evidence, *(e for f in inc.casualties for e in f.evidence)]:
            assert ev.start is not None and ev.end is not None
            assert text[ev.start : ev.end] == ev.quote


@pytest.mark.vcr("seed_correct.yaml")
def test_seed_on_a_correct_reply_matches_the_gold() -> None:
    digest = run("seed_correct")
    assert len(digest.incidents) == len(GOLD["incidents"]) == 4
    assert figures(digest) == gold_figures()
    # stated_by per figure, against the gold's names for the same figure.
    for inc, gold in zip(digest.incidents, GOLD["incidents"], strict=True):
        assert inc.event_type.value == gold["event_type"]
        for fig, gfig in zip(inc.casualties, gold["casualties"], strict=True):
            assert any(name.lower() in fig.stated_by.lower() for name in gfig["stated_by"])
    assert_verbatim(digest)
    assert digest.summary.checks_passed and digest.summary.method == "model"
    lowered = digest.summary.text.lower()
    assert not [w for w in GOLD["summary_must_not"] if f" {w} " in f" {lowered} "]
    assert "2025" not in digest.summary.text and "2026" not in digest.summary.text
    p = digest.provenance
    assert (p.backend, p.attempts, p.prompt_version, p.warnings) == ("openai", 1, "extract-v1", [])
    assert p.tokens.total_tokens > 0


@pytest.mark.vcr("seed_correct.yaml")
async def test_async_entry_point_replays_the_same_exchange() -> None:
    digest = await asummarize_text(SEED_TEXT, settings=SCENARIOS["seed_correct"].make_settings())
    assert figures(digest) == gold_figures()


@pytest.mark.vcr("seed_reask.yaml")
def test_an_invented_quote_is_re_asked_and_the_second_reply_verified() -> None:
    digest = run("seed_reask")
    assert digest.provenance.attempts == 2
    assert figures(digest) == gold_figures()
    assert digest.provenance.warnings == []
    assert_verbatim(digest)


@pytest.mark.vcr("seed_reasks_exhausted.yaml")
def test_when_re_asks_run_out_the_verified_part_is_kept_and_the_rest_reported() -> None:
    digest = run("seed_reasks_exhausted")
    assert digest.provenance.attempts == 2
    # The Gwadar death toll had only an invented quote: dropped, and said so.
    assert ("killed", 12, 12, "exact", "reported") not in figures(digest)
    assert len(figures(digest)) == len(gold_figures()) - 1
    codes = {w.code for w in digest.provenance.warnings}
    assert {"quote_not_found", "figure_dropped", "unresolved_after_reasks"} <= codes
    assert any("12 people died when troops stormed" in w.message for w in digest.provenance.warnings)
    assert_verbatim(digest)


@pytest.mark.vcr("seed_json_mode.yaml")
def test_json_object_mode_with_inline_schema() -> None:
    digest = run("seed_json_mode")
    assert figures(digest) == gold_figures()
    assert digest.provenance.mode == "json"


RECORDED = sorted(name for name, s in SCENARIOS.items() if s.kind == "recorded" and s.cassette.exists())


@pytest.mark.parametrize("name", RECORDED)
def test_a_real_weak_model_is_handled_without_crashing_or_lying(name: str) -> None:
    """Properties any model's output must have after the pipeline, however good the model is."""
    import vcr as vcrpy
    from scripted import VCR_CONFIG

    with vcrpy.VCR(**VCR_CONFIG, record_mode="none").use_cassette(str(SCENARIOS[name].cassette)):
        digest = run(name)
    ArticleDigest.model_validate_json(digest.model_dump_json())  # schema-valid round trip
    assert_verbatim(digest)  # every surviving quote is the article's own text
    article_numbers_ok = check_text(digest.summary.text, SEED_TEXT, [])
    assert not [p for p in article_numbers_ok if "number" in p]  # no invented number in the summary
    for inc in digest.incidents:
        for f in inc.casualties:
            assert figure_number_problem(f) is None  # every kept number stands in its evidence
    dropped = [w for w in digest.provenance.warnings if w.code in ("quote_not_found", "incident_dropped")]
    reasks = digest.provenance.attempts - 1
    # Whatever the model invented was either re-asked away or reported, never kept silently.
    assert reasks >= 0 and (dropped or reasks or digest.incidents or digest.summary.text)


def test_recorded_cassettes_exist() -> None:
    assert RECORDED, "no cassette recorded from a real server; see fixtures/cassettes/README.md"
    assert all(Path(SCENARIOS[n].cassette).stat().st_size > 0 for n in RECORDED)


@pytest.mark.vcr("seed_chunked.yaml")
def test_a_long_article_is_split_extracted_per_chunk_and_merged() -> None:
    digest = run("seed_chunked")
    assert digest.provenance.chunks > 1
    assert digest.provenance.attempts == digest.provenance.chunks
    # The BLA operation spans two chunks and comes back as one incident.
    assert len(digest.incidents) == 4
    assert figures(digest) == gold_figures()
    assert_verbatim(digest)
