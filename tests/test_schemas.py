from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from summarizer.schema_doc import render_markdown
from summarizer.schemas import ArticleDigest, CasualtyFigure, Extraction

ROOT = Path(__file__).resolve().parent.parent


def test_docs_schema_is_generated_from_the_models() -> None:
    assert (ROOT / "docs" / "schema.md").read_text("utf-8") == render_markdown(), (
        "regenerate: python -m summarizer.schema_doc > docs/schema.md"
    )


def test_a_figure_needs_evidence_and_a_non_negative_number() -> None:
    base = {
        "outcome": "killed",
        "qualifier": "exact",
        "victims": "civilians",
        "stated_by": "police",
        "status": "reported",
    }
    with pytest.raises(ValidationError):
        CasualtyFigure.model_validate({**base, "low": 3, "evidence": []})
    with pytest.raises(ValidationError):
        CasualtyFigure.model_validate({**base, "low": -1, "evidence": [{"quote": "x"}]})
    fig = CasualtyFigure.model_validate({**base, "low": None, "evidence": [{"quote": "x"}]})
    assert fig.low is None and fig.evidence[0].start is None


def test_unknown_enum_values_are_rejected() -> None:
    with pytest.raises(ValidationError):
        Extraction.model_validate(
            {"summary": "s", "incidents": [{"event_type": "war", "description": "d", "status": "x"}]}
        )


def test_digest_json_round_trip(tmp_path: Path) -> None:
    schema = ArticleDigest.model_json_schema()
    assert {"article", "incidents", "summary", "provenance"} <= set(schema["properties"])
    json.dumps(schema)
