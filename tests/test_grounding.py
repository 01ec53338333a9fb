from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.grounding import Aligner, figure_number_problem, ground_extraction, normalise
from summarizer.schemas import (
    Alignment,
    CasualtyFigure,
    EventType,
    Evidence,
    Extraction,
    Incident,
    Outcome,
    Qualifier,
    Status,
    VictimGroup,
)

SEED = (Path(__file__).parent.parent / "fixtures" / "articles" / "balochistan-ians.txt").read_text("utf-8")
ALIGNER = Aligner(SEED)


def test_exact_normalised_and_fuzzy_alignment_return_verbatim_spans() -> None:
    exact = ALIGNER.align("The report stated that 12 people were killed")
    assert exact and exact.alignment is Alignment.EXACT
    # Straight apostrophe and doubled space against the article's curly quote.
    norm = ALIGNER.align("at least 84 members of Pakistan's  security forces")
    assert norm and norm.alignment is Alignment.NORMALISED
    assert SEED[norm.start : norm.end] == "at least 84 members of Pakistan’s security forces"
    fuzzy = ALIGNER.align("The report said that 12 people were killed in the Gwadar incident")
    assert fuzzy and fuzzy.alignment is Alignment.FUZZY
    assert SEED[fuzzy.start : fuzzy.end].startswith("The report stated that 12 people")


def test_a_changed_number_is_never_forgiven_by_fuzzy_matching() -> None:
    assert ALIGNER.align("The report stated that 1000 people were killed in the Gwadar incident") is None
    assert ALIGNER.align("Government troops said that 300 fighters surrendered in Karachi") is None


def test_normalise_keeps_an_index_into_the_original() -> None:
    text = "A  ‘quoted’ — Dash"
    norm, index = normalise(text)
    assert norm == "a 'quoted' - dash"
    assert all(0 <= i < len(text) for i in index) and index == sorted(index)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_substring_aligns_exactly_to_a_verbatim_span(data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(SEED) - 1))
    end = data.draw(st.integers(start + 1, min(len(SEED), start + 300)))
    quote = SEED[start:end]
    if not quote.strip():
        return
    span = ALIGNER.align(quote)
    assert span is not None and span.alignment is Alignment.EXACT
    assert SEED[span.start : span.end] == quote.strip()


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_perturbed_quotes_align_near_their_source_or_are_rejected(data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(SEED) - 80))
    length = data.draw(st.integers(40, 160))
    end = min(len(SEED), start + length)
    quote = list(SEED[start:end])
    pos = data.draw(st.integers(0, len(quote) - 1))
    quote[pos] = data.draw(st.sampled_from(list("xqz#")))
    span = ALIGNER.align("".join(quote))
    if span is None:
        return
    # Never mis-placed: the span found overlaps the place the quote came from.
    assert span.start < end and span.end > start


def _figure(low: int | None, quote: str) -> CasualtyFigure:
    return CasualtyFigure(
        outcome=Outcome.INJURED,
        low=low,
        high=low,
        qualifier=Qualifier.EXACT,
        victims=VictimGroup.CIVILIANS,
        stated_by="reports from Turbat",
        status=Status.REPORTED,
        evidence=[Evidence(quote=quote)],
    )


def test_figure_numbers_must_stand_in_their_evidence() -> None:
    quote = "A five-year-old child and two women were said to have been seriously injured"
    assert figure_number_problem(_figure(3, quote)) is None
    assert figure_number_problem(_figure(2, quote)) is None
    assert figure_number_problem(_figure(5, "The shelling reportedly killed a 15-year-old boy.")) is not None
    assert figure_number_problem(_figure(1, "The shelling reportedly killed a 15-year-old boy.")) is None


def test_ground_extraction_keeps_verified_and_reports_the_rest() -> None:
    good = _figure(3, "A five-year-old child and two women were said to have been seriously injured")
    invented = _figure(7, "Seven people were hurt by a second shell.")
    wrong_number = _figure(9, "A five-year-old child and two women were said to have been seriously injured")
    incident = Incident(
        event_type=EventType.EXPLOSIONS,
        description="Reports from Turbat said mortar shells hit Phulabad.",
        casualties=[good, invented, wrong_number],
        status=Status.REPORTED,
        evidence=[Evidence(quote="Pakistani forces fired mortar shells into civilian areas of Phulabad")],
    )
    ghost = incident.model_copy(
        update={"evidence": [Evidence(quote="Nothing like this is in the article at all.")], "casualties": []}
    )
    report = ground_extraction(Extraction(incidents=[incident, ghost], summary="s"), SEED)
    kept = report.extraction.incidents
    assert len(kept) == 1 and [f.low for f in kept[0].casualties] == [3]
    for ev in [*kept[0].evidence, *kept[0].casualties[0].evidence]:
        assert ev.start is not None and ev.end is not None
        assert SEED[ev.start : ev.end] == ev.quote
    codes = sorted(p.code for p in report.problems)
    assert codes == [
        "figure_dropped",
        "incident_dropped",
        "number_not_in_evidence",
        "quote_not_found",
        "quote_not_found",
    ]
