"""Speed-only rewrites of the places scan (issue 14) give exactly what the plain definitions give."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer import geo as gazetteer
from summarizer.rules import places

_WORDS = [
    "Pakistan", "Pakistani", "Nigeria", "Nigerian", "Mali", "France", "French", "Quetta", "The",
    "in ", " ", "\n", ", ", "and ",
]  # fmt: skip


def _plain_countries(text: str) -> list[str]:
    """`article_countries` as first written: a list of codes and Counter.most_common."""
    codes = []
    for run in places._CAPITALISED.findall(text):
        for cand in (run, run.split()[0]):
            code = gazetteer.country_code(cand)
            if code:
                codes.append(code)
                break
    return [c for c, _ in Counter(codes).most_common()]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=30).map("".join))
def test_article_countries_order_as_counter(text: str) -> None:
    """Counted in a dict: most mentioned first, ties in order of first mention, as Counter gives."""
    assert places.article_countries(text) == _plain_countries(text)
