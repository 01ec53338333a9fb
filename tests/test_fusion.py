"""Fusion cues added in round two of issue 12: victims' ages and the member blend against chaining."""

from __future__ import annotations

from summarizer.events import fusion


def _feats(n: int, article: int, title: str, evidence: str, *, day: str = "2016-03-06") -> fusion.Features:
    return fusion.make_features(
        incident_id=n,
        article_id=article,
        date_start=day,
        published=day,
        location="Compton",
        admin1="California",
        country="United States",
        event_type="Violence against civilians",
        actors=[],
        killed=[1],
        injured=[],
        title=title,
        evidence=[evidence],
    )


def test_ages_are_read_from_hyphenated_and_apposition_forms() -> None:
    assert fusion.ages("A 16-year-old was shot; Jason Smith, 18, died. In 2016, 10,000 people") == {16, 18}
    assert fusion.ages("Police said 3 were shot") == frozenset()


def test_same_ages_add_and_different_ages_subtract() -> None:
    a = _feats(1, 1, "Teen shot in Compton", "a 16-year-old boy was shot")
    b = _feats(2, 2, "Boy wounded in Compton", "the 16-year-old was taken to hospital")
    c = _feats(3, 3, "Man shot in Compton", "a 45-year-old man was shot")
    _, why_same = fusion.score(a, b)
    _, why_other = fusion.score(a, c)
    assert any(r.startswith("same ages (16)") for r in why_same)
    assert any(r.startswith("different ages") for r in why_other)
    w = fusion.weights()
    assert f"same ages (16) ({w['same_age'] / 2:+.2f})" in why_same
    assert f"different ages ({w['other_age']:+.2f})" in why_other


def test_one_look_alike_member_does_not_pull_a_report_into_an_event() -> None:
    new = _feats(10, 10, "Teen shot in Compton", "a 16-year-old boy was shot")
    twin = _feats(11, 11, "Teen shot in Compton", "a 16-year-old boy was shot")
    unrelated = [
        _feats(20 + k, 20 + k, f"Store robbery number {k}", f"a {30 + k}-year-old clerk", day="2016-03-30")
        for k in range(4)
    ]
    alone = fusion.best_match(new, [(1, twin)])
    assert alone is not None and alone.event_id == 1
    crowded = fusion.best_match(new, [(1, twin), *[(1, u) for u in unrelated]])
    # the blend with the mean of the event's members lowers the event's score
    assert crowded is None or crowded.score < alone.score


def test_streets_fold_abbreviations_and_drop_leading_words() -> None:
    text = "shot in the 1100 block of Divinity Street near Scott St. and later on Hays Ave. at W. 79th Street"
    assert fusion.streets(text) == {"divinity street", "scott street", "hays avenue", "79th street"}
    assert fusion.streets("Police said the man was shot") == frozenset()


def test_mentions_keep_first_and_last_name_without_titles() -> None:
    text = "Gustav Duane Christianson II died; Police Chief Bob Smith Jr. said. Officer Tom Jones. New York"
    assert fusion.mentions(text) == {"gustav christianson", "bob smith", "tom jones"}


def test_month_days_are_not_ages() -> None:
    assert fusion.ages("On March 12, 2016, Jason Smith, 18, was shot; Sept 3, a 4-year-old") == {18, 4}


def test_outlet_tail_is_left_out_of_the_text_cues() -> None:
    title = "Teen shot on Divinity Street - WSFA.com Montgomery Alabama news"
    assert fusion.headline_of(title) == "Teen shot on Divinity Street"
    f = fusion.make_features(
        incident_id=1, article_id=1, date_start="2016-03-06", published=None, location=None, admin1=None,
        country=None, event_type="x", actors=[], killed=[], injured=[], title=title, evidence=[],
        body="Police said the teen was shot.",
    )  # fmt: skip
    assert "montgomery alabama" not in f.mentions and "wsfa" not in " ".join(f.tokens)
    assert f.streets == {"divinity street"}


def test_a_shared_street_and_name_add_and_other_streets_subtract() -> None:
    w = fusion.weights()
    a = _feats(1, 1, "Man shot", "a man was shot in the 1100 block of Divinity Street; Jayden Redden died")
    b = _feats(2, 2, "Shooting", "the shooting on Divinity St. killed Jayden Eric Redden")
    c = _feats(3, 3, "Shooting", "the shooting on Tyler Street killed Amy Fox")
    a = fusion.make_features(**{**_kwargs(a), "body": "in the 1100 block of Divinity Street; Jayden Redden"})
    b = fusion.make_features(**{**_kwargs(b), "body": "on Divinity St. Jayden Eric Redden died"})
    c = fusion.make_features(**{**_kwargs(c), "body": "on Tyler Street Amy Fox died"})
    s_ab, why_ab = fusion.score(a, b)
    s_ac, why_ac = fusion.score(a, c)
    assert f"same street (divinity street) ({w['street']:+.2f})" in why_ab
    assert any(r.startswith("same names mentioned (jayden redden)") for r in why_ab)
    assert f"different streets ({w['other_street']:+.2f})" in why_ac
    assert f"no name in common ({w['other_mentions']:+.2f})" in why_ac
    assert s_ab > s_ac


def _kwargs(f: fusion.Features) -> dict[str, object]:
    return {
        "incident_id": f.incident_id,
        "article_id": f.article_id,
        "date_start": f.dates[0],
        "published": None,
        "location": f.location,
        "admin1": f.admin1,
        "country": f.country,
        "event_type": f.event_type,
        "actors": [],
        "killed": f.killed,
        "injured": f.injured,
        "title": "Shooting",
        "evidence": [f.text],
    }


def test_another_incident_of_the_same_article_neither_blocks_nor_counts() -> None:
    new = _feats(10, 10, "Teen shot in Compton", "a 16-year-old boy was shot")
    twin = _feats(11, 11, "Teen shot in Compton", "a 16-year-old boy was shot")
    sibling = _feats(12, 10, "Store robbery", "a clerk was robbed", day="2016-03-20")
    alone = fusion.best_match(new, [(1, twin)])
    with_sibling = fusion.best_match(new, [(1, twin), (1, sibling)])
    assert alone is not None and with_sibling is not None
    assert with_sibling.event_id == 1 and with_sibling.score == alone.score
    s, why = fusion.score(new, sibling)
    assert s == float("-inf") and why == ["same article lists them as separate incidents"]


def test_one_story_the_extractor_split_may_rejoin_but_separate_incidents_stay_apart() -> None:
    from dataclasses import replace

    first = _feats(20, 20, "Teen shot in Compton", "a 16-year-old boy was shot")
    second = _feats(21, 20, "Teen shot in Compton", "the boy died at the scene")
    assert fusion.split_story(first, second)  # same article, day, place and type; no differing figure
    s, _ = fusion.score(second, first)
    assert s > float("-inf")
    other_toll = replace(second, killed=frozenset({4}))
    compton, fresno = (33.8958, -118.2201), (36.7378, -119.7871)
    first = replace(first, points=frozenset({compton}))
    other_town = replace(second, places=frozenset({"fresno"}), location="Fresno", points=frozenset({fresno}))
    later = _feats(22, 20, "Teen shot in Compton", "a 16-year-old boy was shot", day="2016-03-09")
    for sibling in (other_toll, other_town, later, replace(second, event_type="Battles")):
        assert not fusion.split_story(first, sibling)
        s, why = fusion.score(sibling, first)
        assert s == float("-inf") and why == ["same article lists them as separate incidents"]


def test_places_differ_only_when_both_are_located_and_far_apart() -> None:
    from dataclasses import replace

    first = _feats(30, 30, "Teen shot in Compton", "a 16-year-old boy was shot")
    first = replace(first, points=frozenset({(33.8958, -118.2201)}))
    # a word the gazetteer cannot place, and a neighbouring town 8 km away: not known to differ
    unplaced = replace(first, incident_id=31, places=frozenset({"university"}), points=frozenset())
    nearby = replace(
        first, incident_id=32, places=frozenset({"gardena"}), points=frozenset({(33.8884, -118.3090)})
    )
    far = replace(
        first, incident_id=33, places=frozenset({"fresno"}), points=frozenset({(36.7378, -119.7871)})
    )
    assert fusion.km((33.8958, -118.2201), (36.7378, -119.7871)) > 300
    assert not fusion.places_differ(first, unplaced) and fusion.split_story(first, unplaced)
    assert not fusion.places_differ(first, nearby) and fusion.split_story(first, nearby)
    assert fusion.places_differ(first, far) and not fusion.split_story(first, far)
    assert not fusion.places_differ(first, replace(far, places=frozenset({"compton", "fresno"})))


def test_a_follow_up_months_later_may_fuse_on_enough_names_mentioned_in_both() -> None:
    w = fusion.weights()
    least = int(w["follow_up_mentions"])
    assert least >= 2
    names = ["Derrick Stafford", "Jeremy Mardis", "Norris Greenhouse", "Christopher Few", "Amy Fox"]
    first = _feats(40, 40, "Boy shot in Marksville", "a 6-year-old was shot")
    first = fusion.make_features(**{**_kwargs(first), "body": " and ".join(names) + " were named."})

    def later(n: int, k: int) -> fusion.Features:
        f = _feats(n, n, "Trial opens", "jurors were shown video", day="2016-11-01")
        return fusion.make_features(**{**_kwargs(f), "body": " and ".join(names[:k]) + " were named."})

    enough, too_few = later(41, least), later(42, least - 1)
    assert {"jeremy mardis", "derrick stafford"} <= fusion.follow_up_keys(first)
    s, why = fusion.score(enough, first)
    assert s > float("-inf") and any(r.startswith("same names mentioned") for r in why)
    s, why = fusion.score(too_few, first)
    assert s == float("-inf") and why == ["dates 240 days apart"]


def test_only_a_strong_match_with_two_events_bridges_them() -> None:
    limit = fusion.weights()["bridge"]
    assert limit > fusion.weights()["threshold"]
    strong, other = fusion.Match(1, limit + 0.3, [], 10), fusion.Match(2, limit, [], 20)
    weak = fusion.Match(3, limit - 0.01, [], 30)
    assert fusion.bridged([strong, other, weak]) == [other]
    assert fusion.bridged([fusion.Match(1, limit - 0.01, [], 10), weak]) == []
    assert fusion.bridged([strong]) == [] and fusion.bridged([]) == []
