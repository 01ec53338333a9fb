"""The gold scorer on hand-made predictions whose scores are known in advance."""

from __future__ import annotations

import json
import shutil
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer import cli_eval
from summarizer.eval.assign import best_assignment
from summarizer.eval.gold import (
    GoldDoc,
    GoldError,
    GoldReport,
    aggregate,
    check_summary,
    load_gold,
    same_place,
    score_digest,
    score_prediction,
    source_matches,
)
from summarizer.eval.gold_format import GoldIncident
from summarizer.eval.runner import evaluate_gold, evaluate_muc4, replay_digester
from summarizer.pipeline import make_article
from summarizer.schemas import (
    Actor,
    ActorKind,
    ActorRole,
    ArticleDigest,
    CasualtyFigure,
    EventType,
    Evidence,
    Extraction,
    Incident,
    NeutralSummary,
    Place,
    Provenance,
    Status,
)

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "fixtures" / "gold"
SEED_GOLD = GOLD_DIR / "seed-balochistan.json"
SEED_TEXT = ROOT / "fixtures" / "articles" / "balochistan-ians.txt"
SCRIPTED = ROOT / "fixtures" / "scripted" / "seed-correct.json"

GOOD_SUMMARY = (
    "The Baloch Liberation Army (BLA) said it carried out coordinated attacks across Balochistan and "
    "claimed that at least 84 members of Pakistan's security forces were killed and 18 taken captive. "
    "According to The Balochistan Post, 12 people were killed and around 10 injured in Gwadar. "
    "Reports from Turbat said shelling of Phulabad killed a 15-year-old boy and injured three people."
)


@pytest.fixture(scope="module")
def seed() -> GoldDoc:
    return load_gold(SEED_GOLD)


def incident_from_gold(g: GoldIncident) -> Incident:
    """The record a perfect extractor would write for a gold incident."""
    actors = []
    if g.perpetrators:
        name, *aliases = g.perpetrators
        actors.append(Actor(name=name, aliases=aliases, role=ActorRole.PERPETRATOR, kind=ActorKind.OTHER))
    return Incident(
        event_type=g.event_type,
        description=g.key,
        places=[Place(name=p) for p in g.places],
        actors=actors,
        targets=g.targets,
        casualties=[
            CasualtyFigure(
                outcome=f.outcome,
                low=f.low,
                high=f.high,
                qualifier=f.qualifier,
                victims=f.victims,
                stated_by=(f.stated_by or ["the article"])[0],
                status=f.status,
                evidence=[Evidence(quote="x")],
            )
            for f in g.casualties
        ],
        status=g.status,
        reported_by=g.reported_by,
        evidence=[Evidence(quote="x")],
    )


def perfect_incidents(doc: GoldDoc) -> list[Incident]:
    return [incident_from_gold(g) for g in doc.gold.incidents]


def make_digest(text: str, incidents: list[Incident], summary: str = GOOD_SUMMARY) -> ArticleDigest:
    return ArticleDigest(
        article=make_article(text),
        incidents=incidents,
        summary=NeutralSummary(text=summary, method="model", checks_passed=True),
        provenance=Provenance(backend="test"),
    )


def edit_figure(incidents: list[Incident], inc: int, fig: int, **changes: Any) -> list[Incident]:
    figures = list(incidents[inc].casualties)
    figures[fig] = figures[fig].model_copy(update=changes)
    out = list(incidents)
    out[inc] = incidents[inc].model_copy(update={"casualties": figures})
    return out


# --- loading ------------------------------------------------------------------------------------


def test_text_file_resolves_relative_to_fixtures(seed: GoldDoc) -> None:
    assert seed.text == SEED_TEXT.read_text(encoding="utf-8")
    assert len(seed.gold.incidents) == 4
    assert sum(len(i.casualties) for i in seed.gold.incidents) == 8


def test_explicit_base_dir(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text("Quetta, Feb 1. Nothing happened.", encoding="utf-8")
    raw = json.loads(SEED_GOLD.read_text(encoding="utf-8")) | {"text_file": "a.txt"}
    gold_path = tmp_path / "elsewhere" / "g.json"
    gold_path.parent.mkdir()
    gold_path.write_text(json.dumps(raw), encoding="utf-8")
    assert load_gold(gold_path, base_dir=tmp_path / "texts").text.startswith("Quetta")
    with pytest.raises(GoldError, match="not found"):
        load_gold(gold_path)


def test_invalid_gold_is_a_gold_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x"}', encoding="utf-8")
    with pytest.raises(GoldError):
        load_gold(bad)


# --- matching helpers ---------------------------------------------------------------------------


def test_place_match_is_case_insensitive_and_word_contained() -> None:
    assert same_place("Turbat", "turbat district")
    assert same_place("Turbat district", "TURBAT")
    assert not same_place("Kalat", "Kalatabad")


def test_source_accepts_perpetrator_aliases_only_for_the_perpetrators_claims(seed: GoldDoc) -> None:
    bla, gwadar = seed.gold.incidents[0], seed.gold.incidents[1]
    assert source_matches("BLA", bla.casualties[0], bla)
    assert source_matches("BLA spokesperson Jeeyand Baloch", bla.casualties[0], bla)
    assert source_matches("Balochistan Post", gwadar.casualties[0], gwadar)
    assert not source_matches("The Balochistan Post", bla.casualties[0], bla)
    # Gwadar's figures come from the outlet, not from the forces it accuses.
    assert not source_matches("Pakistani security forces", gwadar.casualties[0], gwadar)


def test_assignment_is_exhaustive_not_greedy() -> None:
    table = [[3.0, 2.0], [2.0, None]]
    assert best_assignment(2, 2, lambda i, j: table[i][j]) == [(0, 1), (1, 0)]
    assert best_assignment(3, 1, lambda i, j: [1.0, 5.0, 2.0][i]) == [(1, 0)]
    assert best_assignment(0, 3, lambda i, j: 1.0) == []


# --- scores -------------------------------------------------------------------------------------


def test_perfect_prediction_scores_one(seed: GoldDoc) -> None:
    report = score_digest(seed, make_digest(seed.text, perfect_incidents(seed)))
    assert report.metrics == {name: 1.0 for name in report.metrics}
    assert not (report.missed_figures or report.spurious_figures or report.attribution_errors)


def test_scripted_model_answer_scores_one(seed: GoldDoc) -> None:
    """The fixture a correct model reply is scripted from: aliases, victim wording, its own summary."""
    extraction = Extraction.model_validate_json(SCRIPTED.read_text(encoding="utf-8"))
    report = score_digest(seed, make_digest(seed.text, extraction.incidents, extraction.summary))
    assert report.metrics == {name: 1.0 for name in report.metrics}


def test_one_missing_figure(seed: GoldDoc) -> None:
    incidents = perfect_incidents(seed)
    bla = incidents[0]
    incidents[0] = bla.model_copy(update={"casualties": bla.casualties[:3]})  # drop "18 captured"
    report = score_prediction(seed, incidents, GOOD_SUMMARY)
    m = report.metrics
    assert m["figure_recall"] == 7 / 8
    assert m["figure_precision"] == 1.0
    assert m["figure_f1"] == pytest.approx(2 * 7 / 15)
    assert [f.figure for f in report.missed_figures] == ["captured 18 (claimed, Baloch Liberation Army)"]


def test_wrong_attribution(seed: GoldDoc) -> None:
    incidents = edit_figure(perfect_incidents(seed), 1, 0, stated_by="Pakistani security forces")
    report = score_prediction(seed, incidents, GOOD_SUMMARY)
    assert report.metrics["stated_by_accuracy"] == 7 / 8
    assert report.metrics["figure_recall"] == 1.0  # the figure is right; only its source is wrong
    [error] = report.attribution_errors
    assert error.predicted_stated_by == "Pakistani security forces"
    assert error.gold_stated_by == ["The Balochistan Post"]


def test_alias_attribution_is_correct(seed: GoldDoc) -> None:
    incidents = edit_figure(perfect_incidents(seed), 0, 1, stated_by="BLA")
    assert score_prediction(seed, incidents, GOOD_SUMMARY).metrics["stated_by_accuracy"] == 1.0


def test_wrong_status(seed: GoldDoc) -> None:
    incidents = edit_figure(perfect_incidents(seed), 0, 1, status=Status.CONFIRMED)
    report = score_prediction(seed, incidents, GOOD_SUMMARY)
    assert report.metrics["status_accuracy"] == 7 / 8
    assert report.status_errors[0].predicted_status == Status.CONFIRMED


def test_wrong_number_is_missed_and_spurious(seed: GoldDoc) -> None:
    incidents = edit_figure(perfect_incidents(seed), 1, 0, low=13, high=13)
    report = score_prediction(seed, incidents, GOOD_SUMMARY)
    assert report.counts.figures_matched == 7
    assert report.metrics["figure_precision"] == report.metrics["figure_recall"] == 7 / 8
    assert report.spurious_figures[0].gold_key == seed.gold.incidents[1].key


def spurious_incident(casualties: list[CasualtyFigure] | None = None) -> Incident:
    return Incident(
        event_type=EventType.PROTESTS,
        description="A protest in Karachi.",
        places=[Place(name="Karachi")],
        casualties=casualties or [],
        status=Status.REPORTED,
        evidence=[Evidence(quote="x")],
    )


def test_spurious_incident_without_figures(seed: GoldDoc) -> None:
    report = score_prediction(seed, [*perfect_incidents(seed), spurious_incident()], GOOD_SUMMARY)
    m = report.metrics
    assert m["incident_precision"] == 4 / 5
    assert m["incident_recall"] == 1.0
    assert m["figure_precision"] == m["figure_recall"] == 1.0
    assert [s.places for s in report.spurious_incidents] == [["Karachi"]]


def test_spurious_incident_with_a_figure(seed: GoldDoc) -> None:
    figure = perfect_incidents(seed)[2].casualties[0]
    report = score_prediction(seed, [*perfect_incidents(seed), spurious_incident([figure])], GOOD_SUMMARY)
    assert report.metrics["figure_precision"] == 8 / 9
    assert report.metrics["figure_recall"] == 1.0
    assert report.spurious_figures[0].gold_key is None


def test_missing_incident(seed: GoldDoc) -> None:
    incidents = perfect_incidents(seed)
    del incidents[1]  # Gwadar: 2 figures, 1 place
    report = score_prediction(seed, incidents, GOOD_SUMMARY)
    m = report.metrics
    assert (m["incident_precision"], m["incident_recall"]) == (1.0, 3 / 4)
    assert (m["figure_precision"], m["figure_recall"]) == (1.0, 6 / 8)
    assert m["place_recall"] == 9 / 10
    assert [x.gold_key for x in report.missed_incidents] == [seed.gold.incidents[1].key]


def test_incidents_in_one_place_pair_by_event_type(seed: GoldDoc) -> None:
    incidents = perfect_incidents(seed)
    incidents[2], incidents[3] = incidents[3], incidents[2]  # shelling and demolition, both in Phulabad
    report = score_prediction(seed, incidents, GOOD_SUMMARY)
    assert {(p.pred_index, p.gold_index) for p in report.incident_pairs} == {(0, 0), (1, 1), (2, 3), (3, 2)}
    assert report.metrics["event_type_accuracy"] == 1.0


def test_wrong_event_type_still_pairs_on_place(seed: GoldDoc) -> None:
    incidents = perfect_incidents(seed)
    incidents[1] = incidents[1].model_copy(update={"event_type": EventType.BATTLES})
    report = score_prediction(seed, incidents, GOOD_SUMMARY)
    assert report.metrics["incident_recall"] == 1.0
    assert report.metrics["event_type_accuracy"] == 3 / 4


def test_wrong_places_lower_place_recall(seed: GoldDoc) -> None:
    incidents = perfect_incidents(seed)
    incidents[0] = incidents[0].model_copy(update={"places": [Place(name="Quetta"), Place(name="Kalat")]})
    report = score_prediction(seed, incidents, GOOD_SUMMARY)
    assert report.metrics["place_recall"] == 7 / 10
    assert report.incident_pairs[0].places_missed == ["Noshki", "Mastung", "Dalbandin"]


# --- summary checks -----------------------------------------------------------------------------


def test_good_summary_passes(seed: GoldDoc) -> None:
    check = check_summary(GOOD_SUMMARY, seed.text, seed.gold)
    assert check.passed, check


def test_loaded_word_flagged(seed: GoldDoc) -> None:
    summary = GOOD_SUMMARY + " The attackers were described as terrorists."
    report = score_prediction(seed, perfect_incidents(seed), summary)
    assert report.summary is not None
    assert report.summary.loaded_words == ["terrorists"]
    assert report.metrics["summary_no_loaded_words"] == 0.0
    assert report.metrics["summary_numbers_supported"] == 1.0
    assert report.metrics["summary_all_checks"] == 0.0


def test_loaded_words_are_whole_words(seed: GoldDoc) -> None:
    summary = GOOD_SUMMARY + " Counter-terrorism units were among the targets, the BLA said."
    assert check_summary(summary, seed.text, seed.gold).loaded_words == []


def test_number_not_in_article_flagged(seed: GoldDoc) -> None:
    summary = GOOD_SUMMARY + " The BLA said 95 vehicles were set on fire."
    check = check_summary(summary, seed.text, seed.gold)
    assert check.unsupported_numbers == [95]
    assert not check.passed


def test_unattributed_claim_flagged(seed: GoldDoc) -> None:
    summary = "At least 84 members of Pakistan's security forces were killed in Balochistan."
    check = check_summary(summary, seed.text, seed.gold)
    assert check.unattributed_sentences == [summary]


def test_empty_summary_fails_and_no_summary_is_not_checked(seed: GoldDoc) -> None:
    empty = score_prediction(seed, perfect_incidents(seed), "")
    assert empty.metrics["summary_all_checks"] == 0.0
    skipped = score_prediction(seed, perfect_incidents(seed), None)
    assert skipped.summary is None
    assert skipped.metrics["summary_all_checks"] is None


# --- aggregation and reports --------------------------------------------------------------------


def test_micro_average_pools_counts(seed: GoldDoc) -> None:
    perfect = score_prediction(seed, perfect_incidents(seed), GOOD_SUMMARY)
    small_gold = seed.gold.model_copy(update={"id": "gwadar-only", "incidents": seed.gold.incidents[1:2]})
    nothing = score_prediction(GoldDoc(small_gold, seed.text, seed.path), [], GOOD_SUMMARY)
    report = aggregate([perfect, nothing])
    # Micro: (8 + 0) / (8 + 2) figures and (4 + 0) / (4 + 1) incidents, not the means 0.5 and 0.5.
    assert report.metrics["figure_recall"] == 8 / 10
    assert report.metrics["incident_recall"] == 4 / 5
    assert report.metrics["figure_precision"] == 1.0
    assert report.totals.summaries_checked == 2


def test_report_is_json_and_round_trips(seed: GoldDoc) -> None:
    report = aggregate([score_digest(seed, make_digest(seed.text, perfect_incidents(seed)))])
    data = json.loads(json.dumps(report.to_dict()))
    assert data["metrics"]["figure_f1"] == 1.0
    assert data["totals"]["figures_gold"] == 8
    again = GoldReport.model_validate(data)
    assert again.metrics == report.metrics


# --- runner -------------------------------------------------------------------------------------


class FakeSummarizer:
    """Answers from a function of the text; raises what the function raises."""

    def __init__(self, answer: Callable[[str], ArticleDigest]) -> None:
        self.answer = answer
        self.calls = 0
        self.published: list[str | None] = []

    def summarize_text(self, text: str, *, published: str | None = None) -> ArticleDigest:
        self.calls += 1
        self.published.append(published)
        return self.answer(text)


def test_runner_records_failures_and_continues(tmp_path: Path, seed: GoldDoc) -> None:
    other_text = "Quetta, Feb 2 (IANS) Two people were injured in a blast in Quetta, police said."
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "other.txt").write_text(other_text, encoding="utf-8")
    raw = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    meta = {"published": "2025-02-01", "synthetic": False, "note": "metadata keys are allowed"}
    (gold_dir / "a-seed.json").write_text(json.dumps(raw | meta), encoding="utf-8")
    (gold_dir / "b-other.json").write_text(
        json.dumps(raw | {"id": "other", "text_file": "articles/other.txt"}), encoding="utf-8"
    )
    (gold_dir / "c-missing.json").write_text(
        json.dumps(raw | {"id": "missing", "text_file": "articles/nope.txt"}), encoding="utf-8"
    )
    shutil.copy(SEED_TEXT, tmp_path / "articles" / SEED_TEXT.name)

    def answer(text: str) -> ArticleDigest:
        if text == other_text:
            raise RuntimeError("model said no")
        return make_digest(text, perfect_incidents(seed))

    fake = FakeSummarizer(answer)
    report = evaluate_gold(gold_dir, fake, settings={"backend": "fake"})
    assert fake.calls == 2
    assert fake.published == ["2025-02-01", None]
    assert [d.id for d in report.documents] == ["seed-balochistan", "other", "missing"]
    assert report.documents_failed == 2
    assert report.documents[1].error == "RuntimeError: model said no"
    assert "not found" in (report.documents[2].error or "")
    # The failed article's gold counts as missed; the unreadable one counts nothing.
    assert report.totals.figures_gold == 16
    assert report.metrics["figure_recall"] == 8 / 16
    assert report.metrics["summary_all_checks"] == 1.0  # only the produced summary is checked
    assert report.settings == {"backend": "fake"}

    limited = evaluate_gold(gold_dir, fake, limit=1)
    assert len(limited.documents) == 1


def test_replay_rescores_a_saved_report(tmp_path: Path, seed: GoldDoc) -> None:
    fake = FakeSummarizer(lambda text: make_digest(text, perfect_incidents(seed)[:2]))
    first = evaluate_gold(GOLD_DIR, fake)
    saved = tmp_path / "report.json"
    saved.write_text(json.dumps(first.to_dict()), encoding="utf-8")
    again = evaluate_gold(GOLD_DIR, replay_digester(saved))
    assert again.metrics == first.metrics
    assert again.documents_failed == 0


# --- command line -------------------------------------------------------------------------------


def test_cli_gold_prints_table_and_writes_report(
    tmp_path: Path, seed: GoldDoc, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[Any] = []

    class Fake(FakeSummarizer):
        def __init__(self, settings: Any) -> None:
            made.append(settings)
            super().__init__(lambda text: make_digest(text, perfect_incidents(seed)))

    monkeypatch.setattr(cli_eval, "Summarizer", Fake)
    out = tmp_path / "r" / "report.json"
    only_seed = tmp_path / "gold"
    only_seed.mkdir()
    shutil.copy(GOLD_DIR / "seed-balochistan.json", only_seed)
    args = ["gold", str(only_seed), "--base-dir", str(GOLD_DIR.parent), "--backend", "offline"]
    result = CliRunner().invoke(cli_eval.app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "figure_recall" in result.output and "8/8" in result.output
    assert made[0].offline is True
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["metrics"]["stated_by_accuracy"] == 1.0
    assert data["settings"]["backend"] == "rules"  # offline is an alias


def test_cli_openai_without_endpoint_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    result = CliRunner().invoke(cli_eval.app, ["gold", str(GOLD_DIR), "--backend", "openai"])
    assert result.exit_code == 2
    assert "OPENAI_API_KEY" in result.output


def test_cli_exit_code_when_every_document_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(text: str) -> ArticleDigest:
        raise NotImplementedError("no extractor")

    monkeypatch.setattr(cli_eval, "Summarizer", lambda settings: FakeSummarizer(boom))
    result = CliRunner().invoke(cli_eval.app, ["gold", str(GOLD_DIR), "--backend", "offline"])
    assert result.exit_code == 1
    assert "NotImplementedError: no extractor" in result.output


# --- MUC-4 runner, against a stand-in scorer ----------------------------------------------------


def test_evaluate_muc4_maps_scores_and_records_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The runner's plumbing, with stand-ins for the scorer modules from the other branch."""
    docs = [
        {"docid": "TST1-MUC3-0001", "doctext": "guerrillas attacked the farm.", "templates": []},
        {"docid": "TST1-MUC3-0002", "doctext": "nothing happened.", "templates": []},
    ]
    split = tmp_path / "dev.jsonl"
    split.write_text("\n".join(json.dumps(d) for d in docs), encoding="utf-8")
    seen: list[Any] = []

    class Score:
        def __init__(self, pairs: list[Any]) -> None:
            self.pairs = pairs

        def to_dict(self) -> dict[str, Any]:
            return {"documents": len(self.pairs)}

    fake_gtt = types.ModuleType("summarizer.eval.gtt")
    fake_gtt.score_document = lambda pred, gold: {"micro": {"p_num": len(pred)}}  # type: ignore[attr-defined]
    fake_gtt.score_corpus = lambda pairs: seen.extend(pairs) or Score(list(seen))  # type: ignore[attr-defined]
    fake_muc4 = types.ModuleType("summarizer.eval.muc4")
    fake_muc4.load_docs = lambda path: [  # type: ignore[attr-defined]
        types.SimpleNamespace(**json.loads(line)) for line in Path(path).read_text().splitlines()
    ]
    monkeypatch.setitem(sys.modules, "summarizer.eval.gtt", fake_gtt)
    monkeypatch.setitem(sys.modules, "summarizer.eval.muc4", fake_muc4)

    incident = Incident(
        event_type=EventType.BATTLES,
        description="Guerrillas attacked the farm.",
        actors=[Actor(name="guerrillas", role=ActorRole.PERPETRATOR, kind=ActorKind.REBEL_GROUP)],
        targets=["farm"],
        status=Status.REPORTED,
        evidence=[Evidence(quote="guerrillas attacked the farm.")],
    )

    def answer(text: str) -> ArticleDigest:
        if text.startswith("nothing"):
            raise ValueError("empty")
        return make_digest(text, [incident], "Guerrillas attacked a farm.")

    report = evaluate_muc4(split, FakeSummarizer(answer))
    assert report.documents_failed == 1
    first, second = report.documents
    assert first.predicted == [
        {
            "incident_type": "attack",
            "PerpInd": [["guerrillas"]],
            "PerpOrg": [],
            "Target": [["farm"]],
            "Victim": [],
            "Weapon": [],
        }
    ]
    assert second.predicted == [] and second.error == "ValueError: empty"
    assert [pred for pred, _ in seen] == [first.predicted, []]
    data = json.loads(json.dumps(report.to_dict()))
    assert data["score"] == {"documents": 2}
    assert data["documents"][0]["counts"] == {"micro": {"p_num": 1}}


def test_cli_muc4_missing_split_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli_eval.app, ["muc4", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "dev.jsonl" in result.output


def test_cli_muc4_scores_a_predictions_file(tmp_path: Path) -> None:
    """Runs once the GTT scorer (another branch) is merged."""
    pytest.importorskip("summarizer.eval.gtt")
    empty = {"PerpOrg": [], "Target": [], "Victim": [], "Weapon": []}
    gold = {"incident_type": "attack", "PerpInd": [[["guerrillas", 0]]], **empty}
    doc = {"docid": "TST3-MUC4-0001", "doctext": "guerrillas attacked.", "templates": [gold]}
    (tmp_path / "test.jsonl").write_text(json.dumps(doc))
    pred = {"incident_type": "attack", "PerpInd": [["guerrillas"]], **empty}
    predictions = tmp_path / "pred.json"
    predictions.write_text(json.dumps({"30001": {"pred_templates": [pred]}}))
    out = tmp_path / "score.json"
    args = ["muc4", "--split", "test", "--data-dir", str(tmp_path), "--predictions", str(predictions)]
    result = CliRunner().invoke(cli_eval.app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "micro" in result.output
    assert json.loads(out.read_text())["score"]["slots"]["micro"]["f1"] == 100.0
