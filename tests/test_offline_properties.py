"""Properties for any text: no crash, verbatim quotes, numbers from the text, no invented year."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from offline_scoring import FIXTURES

from summarizer import rules
from summarizer.neutrality import loaded_terms
from summarizer.numbers import supported_values
from summarizer.pipeline import make_article
from summarizer.sentences import split_sentences

_SENTENCES = [
    text[s:e]
    # The English news texts: the seed and the synthetic articles (not the charset fixtures).
    for path in sorted((FIXTURES / "articles").glob("*.txt"))
    if path.name == "balochistan-ians.txt" or path.name.startswith("synthetic-")
    for text in [path.read_text(encoding="utf-8")]
    for s, e in split_sentences(text)
]

articles = st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=8).flatmap(
    lambda picked: st.lists(st.sampled_from([" ", "\n\n"]), min_size=len(picked), max_size=len(picked)).map(
        lambda seps: "".join(s + sep for s, sep in zip(picked, seps, strict=True)).strip()
    )
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles)
def test_any_mix_of_fixture_sentences_gives_a_sound_extraction(text: str) -> None:
    article = make_article(text)
    extraction = rules.extract(article)
    allowed = supported_values(text)
    for inc in extraction.incidents:
        assert inc.evidence
        assert inc.date.start is None or re.search(r"\b(?:19|20)\d\d\b", text)
        for e in [*inc.evidence, *(e for f in inc.casualties for e in f.evidence)]:
            assert e.start is not None and text[e.start : e.end] == e.quote
        for f in inc.casualties:
            assert all(
                v in supported_values(" ".join(e.quote for e in f.evidence))
                for v in (f.low, f.high)
                if v is not None
            )
            assert f.low is None or f.low in allowed
            assert f.high is None or (f.low is not None and f.high >= f.low)
    assert not loaded_terms(extraction.summary)


@settings(max_examples=30, deadline=None)
# make_article refuses text with no letter or digit (ArticleError): see tests/test_hostile_input.py.
@given(st.text(min_size=1, max_size=300).filter(lambda t: "\x00" not in t and any(c.isalnum() for c in t)))
def test_arbitrary_text_never_crashes(text: str) -> None:
    extraction = rules.extract(make_article(text))
    for inc in extraction.incidents:
        for e in inc.evidence:
            assert text[e.start : e.end] == e.quote
