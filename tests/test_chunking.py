from __future__ import annotations

from summarizer.chunking import merge_incidents, split_chunks
from summarizer.schemas import CasualtyFigure, EventType, Evidence, Incident, Place, Status


def test_chunks_follow_paragraphs_and_respect_the_budget() -> None:
    paragraphs = [f"Paragraph {i} " + "word " * 40 for i in range(20)]
    text = "\n\n".join(paragraphs)
    chunks = split_chunks(text, 700)
    assert len(chunks) > 1
    assert all(len(c) <= 700 for c in chunks)
    # Nothing lost, nothing cut inside a paragraph.
    assert sum(c.count("Paragraph ") for c in chunks) == 20
    assert all(p in text for c in chunks for p in c.split("\n\n"))
    assert split_chunks("short", 700) == ["short"]


def _incident(place: str, figure_low: int | None, quote: str) -> Incident:
    figs = []
    if figure_low is not None:
        figs = [
            CasualtyFigure(
                outcome="killed",
                low=figure_low,
                high=figure_low,
                qualifier="exact",
                victims="civilians",
                stated_by="police",
                status=Status.REPORTED,
                evidence=[Evidence(quote=quote)],
            )
        ]
    return Incident(
        event_type=EventType.BATTLES,
        description="d",
        places=[Place(name=place)],
        casualties=figs,
        status=Status.REPORTED,
        evidence=[Evidence(quote=quote)],
    )


def test_same_event_from_two_chunks_is_merged_without_duplicates() -> None:
    a = _incident("Quetta", 5, "Police said 5 died in Quetta.")
    b = _incident("quetta", 5, "Police said 5 died in Quetta.")
    c = _incident("Gwadar", 2, "Two died in Gwadar.")
    merged = merge_incidents([a, c, b])
    assert [m.places[0].name for m in merged] == ["Quetta", "Gwadar"]
    assert len(merged[0].casualties) == 1 and len(merged[0].evidence) == 1
