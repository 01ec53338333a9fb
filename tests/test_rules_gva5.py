"""Counting people in shooting news, round five (issue 11; phenomena from the GVA dev half).

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
    "text",
    [
        "Police say a Northland teen was killed in an accidental shooting Monday night.",
        "A Milwaukee man was shot and killed on Sunday, police said.",
    ],
)
def test_a_place_name_before_a_person_noun_is_a_person(text: str) -> None:
    assert _counts(text) == (1, 0)


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("According to their investigation, a 20-year-old woman suffered a fatal gunshot wound.", (1, 0)),
        ("The man suffered fatal injuries and the woman was hurt.", (1, 1)),
    ],
)
def test_a_fatal_wound_is_a_death(text: str, counts: tuple[int, int]) -> None:
    assert _counts(text) == counts


@pytest.mark.parametrize(
    "text",
    [
        "Police said that he accidentally shot and killed his friend while acting out lyrics to a song.",
        "Police said the man fatally shot his wife on Sunday.",
    ],
)
def test_a_relative_after_a_killing_verb_is_one_dead(text: str) -> None:
    assert _counts(text) == (1, 0)


@pytest.mark.parametrize(
    "text",
    [
        "Upon arrival, deputies located a deceased white male with a gunshot wound to the head.",
        "Deputies found one deceased male inside the home.",
        "Police found a deceased man in a car on Main Street after a shooting.",
    ],
)
def test_a_person_found_deceased_is_one_dead(text: str) -> None:
    assert _counts(text) == (1, 0)


def test_a_second_person_after_the_dead_is_not_in_the_death_list() -> None:
    text = "Upon arrival the police discovered one deceased male and a second male suffering a gunshot wound."
    assert _counts(text)[0] == 1


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("Heather Kelso was shot and killed last night. Another man in the home was wounded.", (1, 1)),
        ("A man was shot and killed. Another person was reported to have been injured.", (1, 1)),
        (
            "Police are looking for a suspect in the shooting of a 7-year-old boy who called 911 after "
            "being struck by a stray bullet in his home Monday.",
            (0, 1),
        ),
        (
            "Officers found two victims, Percy Wells and 35-year-old Marquis Andrews. Wells died from "
            "multiple gunshot wounds. Andrews is recovering from a gunshot wound to the thigh.",
            (1, 1),
        ),
    ],
)
def test_survivors_without_an_outcome_word(text: str, counts: tuple[int, int]) -> None:
    assert _counts(text) == counts


def test_the_one_who_fired_is_no_survivor() -> None:
    assert _counts("Police say another teen accidentally shot Turner inside a home on Monday.") == (0, 0)


def test_cars_hit_by_gunfire_are_no_people() -> None:
    text = "A 7-year-old girl was critically injured when two cars were hit by gunfire on Interstate 24."
    assert _counts(text) == (0, 1)


@pytest.mark.parametrize(
    "text",
    [
        "The family made a horrific discovery – mother and daughter dead in a bedroom.",
        "The death of a man and his toddler on Wednesday was being investigated as a murder-suicide.",
    ],
)
def test_a_family_pair_without_articles_is_two_people(text: str) -> None:
    assert _counts(text) == (2, 0)


def test_an_age_and_a_place_name_before_the_noun_is_a_person() -> None:
    text = "Two victims, a 25-year-old Milwaukee man and a 26-year-old Milwaukee man, died at the scene."
    assert _counts(text) == (2, 0)


def test_a_part_of_its_own_list_does_not_make_a_hit_total_the_dead_again() -> None:
    # Killed 2 plus the list's first part (1) is 3, but the three are the list itself.
    text = (
        "Two men died at the scene. Three victims, a 25-year-old man, a 26-year-old man, and a "
        "33-year-old man, were all transported to a local hospital for treatment of non-life "
        "threatening injuries."
    )
    assert _counts(text) == (2, 3)


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("A man and child were injured Friday during an exchange of gunfire in Lake Highlands.", (0, 2)),
        ("A woman and child were killed in the shooting.", (2, 0)),
    ],
)
def test_a_child_with_no_article_of_its_own_is_a_second_person(text: str, counts: tuple[int, int]) -> None:
    assert _counts(text) == counts


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        (
            "They were all taken to a local hospital, where three were treated for "
            "non-life-threatening injuries. The fourth man died from his injuries.",
            (1, 3),
        ),
        ("He went on to shoot up cars on a freeway and injure at least three others.", (0, 3)),
    ],
)
def test_injuries_in_more_words(text: str, counts: tuple[int, int]) -> None:
    assert _counts(text) == counts


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        (
            "Deputies are investigating a shooting that sent a 13-year-old boy to a hospital on Monday.",
            (0, 1),
        ),
        ("A shooting left one person dead and sent at least one other person to the hospital.", (1, 1)),
    ],
)
def test_sent_to_a_hospital_is_hurt(text: str, counts: tuple[int, int]) -> None:
    assert _counts(text) == counts


def test_a_person_with_an_outcome_of_their_own_ends_a_death_list() -> None:
    text = (
        "Once officers arrived on scene they found one deceased male and one female victim who "
        "sustained injuries from gunshot wounds."
    )
    assert _counts(text)[0] == 1


def test_a_list_after_a_killing_verb_stays_one_figure() -> None:
    assert _counts("The gunman killed a man and a woman who was sitting in a car.") == (2, 0)


def test_another_as_the_object_of_a_shooting_is_not_set_apart_from_the_dead() -> None:
    text = (
        "A teenager who was playing with a gun accidentally shot another teen in the chest. "
        "He was pronounced dead at the hospital."
    )
    assert _counts(text) == (1, 0)
