"""Renderers: JSON, JSON lines, Markdown, ACLED-like CSV and the terminal report, from one digest."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from summarizer import render
from summarizer.pipeline import build_digest, make_article
from summarizer.schemas import (
    ArticleDigest,
    CasualtyFigure,
    DigestWarning,
    Evidence,
    Extraction,
    Outcome,
    Provenance,
    Qualifier,
    Status,
    VictimGroup,
)

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = (ROOT / "fixtures" / "articles" / "balochistan-ians.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def digest() -> ArticleDigest:
    """The seed digest as the pipeline builds it from the hand-written correct reply (no model)."""
    article = make_article(
        SEED_TEXT,
        title="BLA claims coordinated attacks | across Balochistan",
        url="https://frontierwire.example/a",
        published="2026-02-01",
        site_name="Frontier Wire",
    )
    extraction = Extraction.model_validate_json(
        (ROOT / "fixtures" / "scripted" / "seed-correct.json").read_text()
    )
    provenance = Provenance(
        backend="openai", model="scripted-model", mode="tools", attempts=1, prompt_version="p1"
    )
    d = build_digest(article, extraction, provenance, "model")
    d.provenance.warnings.append(DigestWarning(code="test_warning", message="a warning | with a pipe"))
    return d


def figure(
    low: int | None, high: int | None, qualifier: Qualifier, outcome: Outcome = Outcome.KILLED
) -> CasualtyFigure:
    return CasualtyFigure(
        outcome=outcome,
        low=low,
        high=high,
        qualifier=qualifier,
        victims=VictimGroup.CIVILIANS,
        stated_by="police",
        status=Status.REPORTED,
        evidence=[Evidence(quote="x")],
    )


def test_json_single_and_many(digest: ArticleDigest) -> None:
    one = json.loads(render.render_text([digest], "json", many=False))
    assert ArticleDigest.model_validate(one) == digest
    many = json.loads(render.render_text([digest, digest], "json", many=True))
    assert isinstance(many, list) and len(many) == 2
    assert json.loads(render.render_text([], "json", many=True)) == []


def test_json_keeps_non_ascii(digest: ArticleDigest) -> None:
    assert "Pakistan’s" in render.to_json([digest], many=False)


def test_jsonl_one_digest_per_line(digest: ArticleDigest) -> None:
    lines = render.render_text([digest, digest], "jsonl", many=True).splitlines()
    assert len(lines) == 2
    assert ArticleDigest.model_validate_json(lines[0]) == digest


def test_csv_columns_and_rows(digest: ArticleDigest) -> None:
    rows = list(csv.DictReader(io.StringIO(render.render_text([digest], "csv", many=False))))
    assert tuple(rows[0]) == render.CSV_COLUMNS
    assert len(rows) == len(digest.incidents) == 4
    first = rows[0]
    assert first["event_type"] == "Battles"
    assert first["sub_event_type"] == "Armed clash"
    assert (first["actor1"], first["inter1"]) == ("Baloch Liberation Army", "2")
    assert (first["actor2"], first["inter2"]) == ("Pakistani security forces", "1")
    assert (first["location"], first["admin1"], first["country"], first["geo_precision"]) == (
        "Quetta",
        "Balochistan",
        "Pakistan",
        "1",
    )
    assert first["fatalities"] == "80"  # 'more than 80' and 'at least 84': the conservative figure
    assert "killed more than 80 [mixed (" in first["notes"]
    assert (
        "killed at least 84 [security forces (members of Pakistan’s security forces)], stated by "
        in first["notes"]
    )
    assert "stated by Baloch Liberation Army, claimed" in first["notes"]
    assert "captured 18 [security forces (security personnel)]" in first["notes"]
    assert "Places: Quetta; Noshki; Mastung; Dalbandin; Kalat." in first["notes"]
    assert first["source"] == "Frontier Wire; IANS"
    assert first["source_url"] == "https://frontierwire.example/a"
    assert rows[1]["event_type"] == "Violence against civilians" and rows[1]["fatalities"] == "12"
    assert rows[1]["inter2"] == "7"
    assert rows[2]["event_type"] == "Explosions/Remote violence"
    assert rows[3]["fatalities"] == "0"  # demolitions: nobody reported killed


def test_fatalities_conventions(digest: ArticleDigest) -> None:
    incident = digest.incidents[1]
    unnumbered = incident.model_copy(update={"casualties": [figure(None, None, Qualifier.UNSPECIFIED)]})
    assert render.fatalities(unnumbered) == ""  # deaths reported, no number given
    ranged = incident.model_copy(
        update={"casualties": [figure(10, 15, Qualifier.RANGE), figure(12, 12, Qualifier.EXACT)]}
    )
    assert render.fatalities(ranged) == 10
    injured_only = incident.model_copy(
        update={"casualties": [figure(3, 3, Qualifier.EXACT, Outcome.INJURED)]}
    )
    assert render.fatalities(injured_only) == 0


@pytest.mark.parametrize(
    ("low", "high", "qualifier", "shown"),
    [
        (12, 12, Qualifier.EXACT, "12"),
        (84, None, Qualifier.AT_LEAST, "at least 84"),
        (80, None, Qualifier.MORE_THAN, "more than 80"),
        (10, 10, Qualifier.AROUND, "around 10"),
        (None, 30, Qualifier.UP_TO, "up to 30"),
        (10, 15, Qualifier.RANGE, "10-15"),
        (None, None, Qualifier.UNSPECIFIED, "unspecified number"),
    ],
)
def test_figure_range(low: int | None, high: int | None, qualifier: Qualifier, shown: str) -> None:
    assert render.figure_range(figure(low, high, qualifier)) == shown


def test_markdown_order_and_content(digest: ArticleDigest) -> None:
    md = render.render_text([digest], "md", many=False)
    order = [
        md.index(h)
        for h in ("## Summary", "## Incidents", "### Figures", "## Evidence", "## Warnings", "## Provenance")
    ]
    assert order == sorted(order)
    assert md.startswith("# BLA claims coordinated attacks \\| across Balochistan\n")
    assert digest.summary.text in md
    row = "| 1 | killed | at least 84 | security forces (members of Pakistan’s security forces) | "
    assert row + "Baloch Liberation Army | claimed |" in md
    assert "(chars 21-195, exact)" in md
    assert "`test_warning`: a warning \\| with a pipe" in md
    assert "backend openai, model scripted-model, mode tools" in md
    assert "Published: 2026-02-01" in md


def test_markdown_several_digests_are_separated(digest: ArticleDigest) -> None:
    assert render.to_markdown([digest, digest]).count("\n---\n") == 1


@pytest.mark.parametrize(
    ("width", "records"), [(200, ("Incidents", "Casualty figures")), (80, ("Incident 1",))]
)
def test_terminal_report(digest: ArticleDigest, width: int, records: tuple[str, ...]) -> None:
    console = Console(record=True, width=width, force_terminal=False, color_system=None)
    render.print_terminal([digest], console)
    out = console.export_text()
    for part in (
        *records,
        "Summary",
        "Evidence",
        "at least 84",
        "The Balochistan Post",
    ):
        assert part in out
    assert "chars 943-1064" in out
    assert "test_warning" in out


def test_unknown_format_is_refused(digest: ArticleDigest) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render.render_text([digest], "xml", many=False)


@pytest.mark.parametrize("width", [80, 100, 120])
def test_terminal_report_wraps_on_words(digest: ArticleDigest, width: int) -> None:
    """At 80 columns (and when piped, where rich assumes 80) no word is broken across lines."""
    import re

    console = Console(record=True, width=width, force_terminal=False, color_system=None)
    render.print_terminal([digest], console)
    words = set(re.findall(r"[A-Za-z]{3,}", render.to_markdown([digest]) + digest.model_dump_json()))
    words |= {"Incident", "Figure", "Description", "Actors", "Where", "Date", "Event", "stated", "Evidence"}
    words |= {"Summary", "chars", "warning", "Untitled", "article"}
    broken = {w for w in re.findall(r"[A-Za-z]{3,}", console.export_text()) if w not in words}
    assert not broken, f"words broken at {width} columns: {sorted(broken)[:10]}"


def test_printable_reads_the_json_first_with_the_walks_answer() -> None:
    """`printable` walks a digest only when its JSON may show a control character: every
    character that `_CONTROL` finds, in each kind of field, is caught (and shown as the walk
    shows it); tabs, newlines, other characters and backslashes before letters change nothing."""
    from summarizer import Settings, Summarizer
    from summarizer.render import _CONTROL, _may_hold_control, _walked, printable

    digest = Summarizer(Settings(offline=True)).summarize_text(SEED_TEXT)
    assert digest.incidents and not _may_hold_control(digest)
    inc = digest.incidents[0]

    def put(text: str) -> list[object]:
        summary = digest.summary.model_copy(update={"text": f"a{text}b"})
        incident = inc.model_copy(update={"description": f"x{text}", "weapons": [*inc.weapons, text]})
        article = digest.article.model_copy(update={"title": text})
        return [
            digest.model_copy(update={"summary": summary}),
            digest.model_copy(update={"incidents": [incident]}),
            digest.model_copy(update={"article": article}),
        ]

    controls = [chr(c) for c in range(0x200) if _CONTROL.match(chr(c))]
    assert len(controls) == 30 + 33
    for ch in controls:
        for marked in put(ch):
            assert _may_hold_control(marked)  # type: ignore[arg-type]
            assert printable(marked) == _walked(marked) != marked  # type: ignore[arg-type]
    for text in ["\t", "\n", "\u2028", "é’", "\\b \\u0007 \\r", "\u00a0", "\u200b"]:
        for marked in put(text):
            assert printable(marked) is marked and _walked(marked) is marked  # type: ignore[arg-type]
