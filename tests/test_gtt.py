"""Tests for the MUC-4 GTT scorer: the published table, hand-made cases, a reference."""

from __future__ import annotations

import itertools
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.eval.gtt import (
    ROLES,
    SLOTS,
    SlotCounts,
    Template,
    best_assignment,
    normalize_mention,
    score_corpus,
    score_document,
    score_gtt_predictions,
)
from summarizer.eval.muc4 import (
    dedupe_templates,
    doc_key,
    load_docs,
    load_gtt_predictions,
    plain_template,
)

MUC4 = Path(__file__).resolve().parent.parent / "fixtures" / "eval" / "muc4"
PREDICTIONS = MUC4 / "gtt_test_predictions.json"
TEST = MUC4 / "test.jsonl"
DEV = MUC4 / "dev.jsonl"

# shared/eval/README.md: GTT on the MUC-4 test split, all 200 documents.
PUBLISHED = [
    ("incident_type", 81.12, 57.71, 67.44),
    ("PerpInd", 57.55, 35.67, 44.04),
    ("PerpOrg", 56.00, 33.33, 41.79),
    ("Target", 40.00, 27.21, 32.39),
    ("Victim", 65.71, 46.00, 54.12),
    ("Weapon", 61.29, 58.21, 59.71),
    ("micro", 61.69, 42.36, 50.23),
]


def tpl(incident_type: str, **roles: list[list[str]]) -> Template:
    """A plain template; roles left out are empty."""
    return {"incident_type": incident_type, **{r: roles.get(r, []) for r in ROLES}}


def f1s(counts: dict[str, SlotCounts]) -> dict[str, float]:
    return {slot: c.f1 for slot, c in counts.items()}


# --- the published table ---------------------------------------------------


@pytest.fixture(scope="module")
def test_split_table() -> dict[str, tuple[float, float, float]]:
    score = score_gtt_predictions(PREDICTIONS, TEST)
    assert score.documents == 200
    return {name: (p, r, f1) for name, p, r, f1 in score.to_table()}


@pytest.mark.parametrize(("slot", "p", "r", "f1"), PUBLISHED)
def test_reproduces_published_row(
    test_split_table: dict[str, tuple[float, float, float]],
    slot: str,
    p: float,
    r: float,
    f1: float,
) -> None:
    assert test_split_table[slot] == (p, r, f1)


def test_table_order_and_dict_are_consistent() -> None:
    score = score_gtt_predictions(PREDICTIONS, TEST)
    assert [row[0] for row in score.to_table()] == [*SLOTS, "micro"]
    as_json = json.loads(json.dumps(score.to_dict()))
    assert as_json["documents"] == 200
    assert as_json["slots"]["micro"]["f1"] == 50.23
    assert as_json["slots"]["micro"]["r_den"] == 812


def test_gold_from_split_equals_gold_embedded_in_predictions() -> None:
    """The de-duplication step is what the GTT release did to its gold."""
    embedded = {k: p.gold_templates for k, p in load_gtt_predictions(PREDICTIONS).items()}
    for doc in load_docs(TEST):
        ours = [
            {
                k: v if k == "incident_type" else [[normalize_mention(m) for m in e] for e in v]
                for k, v in t.items()
            }
            for t in doc.gold_templates()
        ]
        assert ours == embedded[doc.key], doc.docid


def test_gold_itself_scores_perfectly_on_both_splits() -> None:
    """Runs the whole pipeline over 400 documents; any slip shows as < 1."""
    for path in (TEST, DEV):
        docs = load_docs(path)
        assert len(docs) == 200
        score = score_corpus((d.gold_templates(), d.gold_templates()) for d in docs)
        assert score.micro.precision == score.micro.recall == 1.0


# --- loaders ------------------------------------------------------------------


def test_doc_key() -> None:
    assert doc_key("TST3-MUC4-0003") == 30003
    assert doc_key("TST4-MUC4-0100") == 40100
    assert doc_key("TST1-MUC3-0001") == 10001
    with pytest.raises(ValueError):
        doc_key("DEV-MUC3-0001")


def test_plain_template_drops_offsets_and_dedupe_keeps_order() -> None:
    raw: dict[str, Any] = tpl("attack") | {"PerpOrg": [[["fmln", 10], ["the fmln", 52]]]}
    plain = plain_template(raw)
    assert plain["PerpOrg"] == [["fmln", "the fmln"]]
    other = tpl("bombing")
    assert dedupe_templates([plain, other, dict(plain)]) == [plain, other]


# --- hand-made documents -------------------------------------------------------

GOLD = tpl(
    "bombing",
    PerpInd=[["urban guerrillas", "guerrillas"]],
    PerpOrg=[["fmln"]],
    Target=[["embassy"]],
    Victim=[["guard"], ["driver"]],
    Weapon=[["bomb", "powerful bomb"]],
)


def test_perfect_prediction_scores_one_everywhere() -> None:
    counts = score_document([GOLD], [GOLD])
    assert all(f == 1.0 for f in f1s(counts).values())
    assert counts["Victim"] == SlotCounts(2, 2, 2, 2)


def test_missing_entity_lowers_recall_only() -> None:
    pred = tpl("bombing", **{r: GOLD[r] for r in ROLES if r != "Victim"})
    pred["Victim"] = [["guard"]]
    counts = score_document([pred], [GOLD])
    assert counts["Victim"] == SlotCounts(1, 1, 1, 2)
    assert counts["Victim"].precision == 1.0
    assert counts["Victim"].recall == 0.5


def test_spurious_template_lowers_precision_only() -> None:
    spurious = tpl("attack", Victim=[["mayor"]])
    counts = score_document([GOLD, spurious], [GOLD])
    assert counts["incident_type"] == SlotCounts(1, 2, 1, 1)
    assert counts["Victim"] == SlotCounts(2, 3, 2, 2)
    assert all(c.recall == 1.0 for c in counts.values())


def test_wrong_incident_type_leaves_template_unmatched() -> None:
    pred = dict(GOLD, incident_type="kidnapping")
    assert best_assignment([pred], [GOLD]) == (None,)
    counts = score_document([pred], [GOLD])
    assert all(c.p_num == 0 and c.r_num == 0 for c in counts.values())
    assert counts["Victim"] == SlotCounts(0, 2, 0, 2)


def test_incident_type_may_be_contained_in_gold_type() -> None:
    gold = tpl("attack / bombing", PerpOrg=[["fmln"]])
    assert best_assignment([tpl("bombing")], [gold]) == (0,)
    assert best_assignment([tpl("bombing / attack")], [gold]) == (None,)


def test_mentions_are_normalised() -> None:
    assert normalize_mention("  The  Army. ") == "army"
    assert normalize_mention("pena--alleged") == "penaalleged"
    gold = tpl("attack", PerpOrg=[["army"]])
    pred = tpl("attack", PerpOrg=[["The Army."]])
    assert score_document([pred], [gold])["PerpOrg"] == SlotCounts(1, 1, 1, 1)


def test_predicted_entity_needs_all_its_mentions_in_one_gold_entity() -> None:
    gold = tpl("attack", Victim=[["guard"], ["driver"]])
    pred = tpl("attack", Victim=[["guard", "driver"]])
    assert score_document([pred], [gold])["Victim"] == SlotCounts(0, 1, 0, 2)


def test_one_predicted_entity_can_find_several_gold_entities() -> None:
    gold = tpl("bombing", Weapon=[["bomb", "powerful bomb"], ["bomb"]])
    pred = tpl("bombing", Weapon=[["bomb"]])
    assert score_document([pred], [gold])["Weapon"] == SlotCounts(1, 1, 2, 2)


def test_best_of_two_assignments_is_chosen() -> None:
    # Document order pairs poorly; swapping the two gold templates pairs well.
    gold = [tpl("attack", Victim=[["mayor"]]), tpl("attack", Victim=[["judge"]])]
    pred = [tpl("attack", Victim=[["judge"]]), tpl("attack", Victim=[["mayor"]])]
    assert best_assignment(pred, gold) == (1, 0)
    assert score_document(pred, gold)["Victim"] == SlotCounts(2, 2, 2, 2)


def test_empty_documents() -> None:
    assert all(c == SlotCounts() for c in score_document([], []).values())
    only_gold = score_document([], [GOLD])
    assert only_gold["Victim"] == SlotCounts(0, 0, 0, 2)
    only_pred = score_document([GOLD], [])
    assert only_pred["Victim"] == SlotCounts(0, 2, 0, 0)


def test_bare_string_entity_is_rejected() -> None:
    with pytest.raises(TypeError):
        score_document([tpl("attack", Victim=["mayor"])], [GOLD])  # type: ignore[list-item]


def test_score_corpus_sums_documents() -> None:
    score = score_corpus([([GOLD], [GOLD]), ([], [GOLD])])
    assert score.documents == 2
    assert score.slots["Victim"] == SlotCounts(2, 2, 2, 4)
    assert score.micro == sum(score.slots.values(), SlotCounts())


# --- the pruned search against a brute-force reference ------------------------


def reference(
    pred: list[Template], gold: list[Template]
) -> tuple[tuple[int | None, ...], dict[str, SlotCounts]]:
    """Literal reading of the metric: every injective partial map, first best kept."""

    def entity_sets(t: Template, role: str) -> list[frozenset[str]]:
        return [frozenset(normalize_mention(m) for m in e) for e in t[role]]

    def counts(mapping: tuple[int | None, ...]) -> dict[str, SlotCounts]:
        out = {s: SlotCounts() for s in SLOTS}
        matched_gold = set()
        for i, p in enumerate(pred):
            j = mapping[i]
            g = gold[j] if j is not None else None
            if g is not None and p["incident_type"] in g["incident_type"]:
                matched_gold.add(j)
                out["incident_type"] += SlotCounts(1, 1, 1, 1)
                for r in ROLES:
                    ps, gs = entity_sets(p, r), entity_sets(g, r)
                    correct = sum(any(e and e <= h for h in gs) for e in ps)
                    found = sum(any(e and e <= h for e in ps) for h in gs)
                    out[r] += SlotCounts(correct, len(ps), found, len(gs))
            else:
                out["incident_type"] += SlotCounts(0, 1, 0, 0)
                for r in ROLES:
                    out[r] += SlotCounts(0, len(p[r]), 0, 0)
        for j, g in enumerate(gold):
            if j not in matched_gold:
                out["incident_type"] += SlotCounts(0, 0, 0, 1)
                for r in ROLES:
                    out[r] += SlotCounts(0, 0, 0, len(g[r]))
        return out

    def micro_f1(c: dict[str, SlotCounts]) -> Fraction:
        m = sum(c.values(), SlotCounts())
        if m.p_num == 0 or m.r_num == 0:
            return Fraction(0)
        p, r = Fraction(m.p_num, m.p_den), Fraction(m.r_num, m.r_den)
        return 2 * p * r / (p + r)

    choices: list[int | None] = [None, *range(len(gold))]
    best: tuple[tuple[int | None, ...], dict[str, SlotCounts], Fraction] | None = None
    for mapping in itertools.product(choices, repeat=len(pred)):
        used = [j for j in mapping if j is not None]
        if len(used) != len(set(used)):
            continue
        c = counts(mapping)
        f = micro_f1(c)
        if best is None or f > best[2]:
            best = (mapping, c, f)
    assert best is not None
    return best[0], best[1]


_MENTIONS = st.sampled_from(["army", "the army", "fmln", "bomb", "guard", "mayor"])
_ENTITIES = st.lists(st.lists(_MENTIONS, min_size=1, max_size=2), max_size=2)
_TEMPLATES = st.builds(
    lambda it, roles: {"incident_type": it, **dict(zip(ROLES, roles, strict=True))},
    st.sampled_from(["attack", "bombing", "attack / bombing"]),
    st.tuples(*[_ENTITIES] * len(ROLES)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_TEMPLATES, max_size=4), st.lists(_TEMPLATES, max_size=4))
def test_search_matches_brute_force(pred: list[Template], gold: list[Template]) -> None:
    mapping, counts = reference(pred, gold)
    assert score_document(pred, gold) == counts
    # Incompatible pairs score as unassigned, so compare what actually pairs.
    ours = best_assignment(pred, gold)
    assert [
        j if j is not None and pred[i]["incident_type"] in gold[j]["incident_type"] else None
        for i, j in enumerate(mapping)
    ] == list(ours)
