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
