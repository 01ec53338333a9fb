"""Speed-only shortcuts of the model path's own checks give the answers they replace."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from summarizer import grounding
from summarizer.numbers import Supported
from summarizer.schemas import CasualtyFigure, Evidence, Outcome, Qualifier, Status, VictimGroup

_QUOTES = st.lists(
    st.sampled_from(
        [
            "The shelling reportedly killed a 15-year-old boy.",
            "A five-year-old child and two women were said to have been seriously injured.",
            "at least 84 members were killed",
            "around 10 others sustained injuries",
            "no one was hurt",
            "12 people, including 1,200 and 2019",
            "three soldiers",
            "",
        ]
    ),
    min_size=1,
    max_size=3,
)
_VALUES = st.one_of(st.none(), st.integers(min_value=0, max_value=1300))


def _figure_number_problem_reference(figure: CasualtyFigure) -> str | None:
    """`figure_number_problem` as written before its shortcut: both bounds always asked."""
    text = " ".join(e.quote for e in figure.evidence)
    allowed = Supported(text)
    for name, value in (("low", figure.low), ("high", figure.high)):
        if value is not None and value not in allowed:
            return (
                f"{figure.outcome.value} figure {name}={value} does not appear in its evidence {text[:160]!r}"
            )
    return None


@settings(deadline=None, max_examples=300)
@given(_QUOTES, _VALUES, _VALUES, st.booleans())
@example(["The shelling reportedly killed a 15-year-old boy."], 1, 1, False)
@example(["three soldiers"], 7, 7, True)
@example(["three soldiers"], None, None, True)
@example(["three soldiers"], None, 3, True)
def test_figure_number_problem_unchanged(
    quotes: list[str], low: int | None, high: int | None, same: bool
) -> None:
    figure = CasualtyFigure(
        outcome=Outcome.KILLED,
        low=low,
        high=low if same else high,
        qualifier=Qualifier.EXACT,
        victims=VictimGroup.UNKNOWN,
        stated_by="the article",
        status=Status.CLAIMED,
        evidence=[Evidence(quote=q) for q in quotes],
    )
    assert grounding.figure_number_problem(figure) == _figure_number_problem_reference(figure)


_ARTICLE = (
    "Pakistani forces shelled Phulabad on Monday. The Baloch Liberation Army's spokesperson "
    "said workers from Tehsil Zehri were killed; civilians in Phulabad fled their houses."
)


@settings(deadline=None, max_examples=200)
@given(
    st.lists(
        st.sampled_from(
            [
                "Pakistani forces",
                "Baloch Liberation Army (spokesperson Jeeyand Baloch)",
                "workers from Tehsil Zehri",
                "houses in Phulabad",
                "civilians",
                "BLA",
                "Zzyzx Front",
                "force",
                "the article",
                "unknown",
                "Pakistan army",
                "spokespersons",
                "Phulabad",
            ]
        ),
        max_size=8,
    )
)
def test_name_grounder_words_read_lazily(names: list[str]) -> None:
    """The article's own words are read only for a name not in it as written; every answer is
    the one a grounder that read them up front gives."""
    eager = grounding.NameGrounder(_ARTICLE)
    assert eager._own_words  # read up front
    lazy = grounding.NameGrounder(_ARTICLE)
    assert [lazy.stands(n) for n in names] == [eager.stands(n) for n in names]
    asked = grounding.NameGrounder(_ARTICLE)
    assert asked.stands("Pakistani forces") and "_own_words" not in asked.__dict__
