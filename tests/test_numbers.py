from __future__ import annotations

import pytest

from summarizer.numbers import find_quantities, parse_number, people_counts, supported_values
from summarizer.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("84", 84),
        ("1,200", 1200),
        ("twelve", 12),
        ("twenty-five", 25),
        ("two hundred and five", 205),
        ("three thousand", 3000),
        ("dozens", 12),
        ("hundreds", 100),
        ("tens", 10),
        ("two dozen", 24),
        ("three dozen", 36),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("banana", None),
    ],
)
def test_parse_number(text: str, value: int | None) -> None:
    assert parse_number(text) == value


def test_dozens_multiply_the_number_before_them() -> None:
    # road_ied_8 (wikievents dev): "more than two dozen ... fighters" was read as 2.
    text = "In April, more than two dozen Syrian pro-regime fighters were killed in attacks."
    assert [q.value for q in find_quantities(text)] == [24]
    assert [q.value for q in people_counts(text)] == [24]
    assert [q.value for q in people_counts("half a dozen soldiers were hurt")] == [6]


def test_ages_and_dates_are_marked() -> None:
    qs = find_quantities("On Feb 1, a 15-year-old boy and 3 others died in 2024.")
    by_value = {q.value: q for q in qs}
    assert by_value[1].is_date
    assert by_value[15].is_age
    assert not by_value[3].is_age and not by_value[3].is_date
    assert by_value[2024].is_date


def test_people_counts_read_singulars_and_groups() -> None:
    text = "A five-year-old child and two women were said to have been seriously injured."
    assert [q.value for q in people_counts(text)] == [1, 2]
    assert [q.value for q in people_counts("18 security personnel were taken captive")] == [18]
    assert [q.value for q in people_counts("more than 30 government properties were seized")] == []


def test_supported_values_allow_sums_within_a_sentence_only() -> None:
    text = "A five-year-old child and two women were injured. Then a man died."
    values = supported_values(text)
    assert {1, 2, 3, 5} <= values
    assert 4 not in values  # 3 + 1 would need people from two sentences


def test_sentences_do_not_split_on_abbreviations_or_cross_paragraphs() -> None:
    text = "Gen. Khan said 5 died. Police said 3.\n\nA new paragraph"
    spans = [text[s:e] for s, e in split_sentences(text)]
    assert spans == ["Gen. Khan said 5 died.", "Police said 3.", "A new paragraph"]


def test_shifted_is_replace() -> None:
    """`Quantity.shifted` keeps every field but the offsets (a field added later must be kept too)."""
    from dataclasses import fields, replace

    from summarizer.numbers import Quantity

    q = Quantity(7, 3, 5, "words", is_age=True, text="seven", is_date=True)
    assert q.shifted(10) == replace(q, start=13, end=15)
    assert len(fields(Quantity)) == 7  # shifted() names each field


@pytest.mark.parametrize("hedge", ["at leaſt", "At LEAST", "more than", "ſome", "in exceſs of"])
def test_hedge_read_whatever_the_case_matching_letters(hedge: str) -> None:
    """The qualifier pattern ignores case the way `re` does ("ſ" matches "s"): every match must
    map back to its qualifier, never raise (an article with a long s crashed the rules backend)."""
    from summarizer.numbers import hedge_before

    text = f"Police said {hedge} 5 people died."
    got = hedge_before(text, text.index("5"))
    assert got.qualifier != "exact"
    assert got.start == text.index(hedge)


def test_rules_backend_reads_a_long_s_article() -> None:
    from summarizer.backends.rules import RulesBackend
    from summarizer.pipeline import digest, make_article

    text = "Police ſaid at leaſt 5 people were killed in the attack on Monday."
    d = digest(make_article(text), RulesBackend())
    assert [(f.low, f.qualifier.value) for i in d.incidents for f in i.casualties] == [(5, "at least")]
