"""Counting people in shooting news, round seven (issue 11; phenomena from the GVA dev half).

Short texts modelled on sentences of real articles in shared/eval/gva; nothing here reads
shared/. Each case failed on main before this round.
"""

from __future__ import annotations

import pytest

from summarizer.backends.rules import RulesBackend
from summarizer.eval.gva import article_counts
from summarizer.pipeline import digest, make_article


def _counts(text: str) -> tuple[int | None, int | None]:
    return article_counts(digest(make_article(text, published="2015-03-01"), RulesBackend()))


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        (
            "Tucson police say five people died Tuesday night in an apparent murder-suicide. Detectives "
            "say Christopher Carrillo shot and killed four of his family members before killing himself.",
            5,
        ),
        (
            "Three bodies were found inside a car along U.S. Highway 41. Detectives believe that Jesus "
            "Valencia fatally shot his two daughters before turning the gun on himself.",
            3,
        ),
        (
            "5 DEAD, INCLUDING GUNMAN, IN BELFAIR SHOOTING. A gunman killed four people at a home near "
            "Belfair before taking his own life.",
            5,
        ),
    ],
)
def test_a_count_of_everyone_dead_holds_the_shooter_already(text: str, killed: int) -> None:
    assert _counts(text)[0] == killed


def test_the_shooter_still_adds_to_his_victims() -> None:
    text = "A gunman killed three people in Orange County on Friday before turning the gun on himself."
    assert _counts(text)[0] == 4


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        (
            "Three officers were killed in the shooting on Sunday morning. The attack came just 10 days "
            "after a gunman killed five police officers.",
            3,
        ),
        (
            "Two men were shot and killed on Sunday. The shooting came six weeks after a gunman killed 49 "
            "people at a nightclub.",
            2,
        ),
    ],
)
def test_another_shooting_a_counted_time_before_is_context(text: str, killed: int) -> None:
    assert _counts(text)[0] == killed


def test_a_count_over_separate_incidents_is_no_figure() -> None:
    text = (
        "Two Benbrook teens died in separate incidents early Thursday. Winston Brown, 16, suffered an "
        "accidental gunshot wound to the face and later died at the hospital, police said."
    )
    assert _counts(text) == (1, 0)


@pytest.mark.parametrize(
    "text",
    [
        "A judge has denied bond for a woman charged with killing her father and 6-year-old daughter.",
        "The court rejected the appeal of a man convicted of killing his father and 6-year-old daughter.",
    ],
)
def test_a_court_denying_a_request_denies_no_figure(text: str) -> None:
    assert _counts(text)[0] == 2


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        (
            "Police say all three victims died from apparent gunshot wounds. Officers returned fire, "
            "hitting and killing the suspect.",
            4,
        ),
        # ... but a count that says it includes him holds him already.
        (
            "Two people, including the suspect, were killed on Friday. Officers returned fire, "
            "killing the suspect.",
            2,
        ),
        # The suspect alone is the toll: nothing beside him to add to.
        ("A homeowner shot and killed an intruder on Friday, police said.", 1),
    ],
)
def test_the_suspect_killed_by_others_adds_to_his_victims(text: str, killed: int) -> None:
    assert _counts(text)[0] == killed


@pytest.mark.parametrize(
    "text",
    [
        "A 20-year-old man, Veron Black of Maple Heights, was shot several times and died at a hospital.",
        "A man was shot three times and died at a hospital.",
        "A man was shot multiple times and later died at a hospital.",
    ],
)
def test_how_often_someone_was_shot_is_no_count_of_the_dead(text: str) -> None:
    assert _counts(text) == (1, 0)


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        # An address: "the 18000 block of" counts no one.
        (
            "The infant was shot while a 24-year-old man was playing in the front lawn of a home in the "
            "18000 block of Winthrop with three children, among them the 6-month-old who was killed.",
            (0, 1),
        ),
        # A toll over the first weeks of a year is no incident's figure.
        ("One hundred people have been shot in the first 41 days of 2017. A man was shot on Sunday.", (0, 1)),
    ],
)
def test_addresses_and_tolls_of_a_period_are_no_counts(text: str, counts: tuple[int, int]) -> None:
    assert _counts(text) == counts


def test_an_age_written_short_is_no_count() -> None:
    killed, _ = _counts("Family of 17 y.o killed in accidental shooting shared this pic.")
    assert killed != 17


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("One of the five people shot and killed Friday at the airport was a man from Virginia Beach.", 5),
        ("Police have identified one of the two people who died in a shooting Wednesday afternoon.", 2),
        ("Four of the five people who died in the shooting were identified Thursday.", 5),
        # The part's own verb counts the part alone.
        ("One of the five people was killed on Friday.", 1),
    ],
)
def test_a_part_named_out_of_the_dead_keeps_the_whole(text: str, killed: int) -> None:
    assert _counts(text)[0] == killed


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        (
            "A Caldwell County teenager is dead after family members say he was showing off a pistol on "
            "video chat and the gun went off.",
            (1, 0),
        ),
        ("A Bucks County toddler is dead after what authorities say was an accidental shooting.", (1, 0)),
        ("Police say a Myrtle Creek man was shot in the leg on Sunday.", (0, 1)),
    ],
)
def test_a_person_named_by_a_two_word_place(text: str, counts: tuple[int, int]) -> None:
    assert _counts(text) == counts


@pytest.mark.parametrize(
    "text",
    [
        "The 20-year-old man injured in a shooting last week died from his injuries Sunday morning.",
        "A teenager wounded in a shooting Friday died Sunday.",
    ],
)
def test_the_hurt_named_by_a_participle_who_died(text: str) -> None:
    assert _counts(text) == (1, 0)
