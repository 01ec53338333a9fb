"""Wording checks for summaries and descriptions.

Three rules, from wire-service practice: no loaded term outside a quotation;
every number must stand in the article; every figure the article does not
confirm keeps its source in the same sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

from summarizer.alternation import LiteralFilter, word_tree
from summarizer.datafiles import rows
from summarizer.document import Document
from summarizer.injection import reporting_text
from summarizer.memo import remembered
from summarizer.numbers import Supported, find_quantities
from summarizer.schemas import CasualtyFigure, Status
from summarizer.sentences import split_sentences

_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’|(?<![A-Za-z])'[^']*'(?![A-Za-z])")


@cache
def load_terms(name: str) -> tuple[str, ...]:
    """A one-term-per-line data file shipped in `summarizer/data`, lower-cased."""
    return tuple(row[0].lower() for row in rows(name))


@cache
def _terms_re(name: str) -> re.Pattern[str]:
    """The terms as one whole-word pattern, longest first.

    Speed only (the same matches): a lookahead of the terms' first characters is tried before
    the terms, and the terms are written as their prefix tree (`alternation.word_tree`: one
    branch per letter, not one try per term; its optional endings are greedy, so the longest
    term that ends at a word boundary wins, as in a list sorted longest first). `re` cannot
    skip ahead in a case-insensitive alternation, and trying every term at every position was
    most of the cost."""
    terms = sorted(load_terms(name), key=len, reverse=True)
    firsts = "".join(sorted({re.escape(t[0]) for t in terms if t}))
    guard = f"(?=[{firsts}])" if firsts and all(terms) else ""
    body = word_tree(terms) if terms and all(terms) else "|".join(re.escape(t) for t in terms)
    return re.compile(guard + r"\b(?:" + body + r")\b", re.IGNORECASE)


def _unquoted(text: str) -> str:
    """The text with quotations blanked out, offsets kept."""
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), text)


def loaded_terms(text: str) -> list[str]:
    """Loaded terms used in the text's own voice (quotations are allowed to carry them)."""
    words = _terms_filter("loaded_terms.txt")
    if words is not None and not words.may_match(text):
        # Speed only: no term's word in the text, so the terms' pattern finds none in its
        # unquoted text either: blanking a quotation (two characters at least) writes spaces,
        # never letters, and no term starts or ends with a space or holds two in a row, so
        # every match there is written in the text itself.
        return []
    return [m.group(0) for m in _terms_re("loaded_terms.txt").finditer(_unquoted(text))]


@cache
def _terms_filter(name: str) -> LiteralFilter | None:
    """Words one of which every match of `_terms_re(name)` holds (None when one needs none).

    Speed only: `re` cannot skip ahead in the terms' case-insensitive pattern and tries it at
    every offset; the filter's plain search of the case-folded text skips to the words' first
    letters, and most summaries and phrases hold no loaded term."""
    pattern = _terms_re(name)
    return LiteralFilter.of_compiled(pattern)


def has_attribution(sentence: str) -> bool:
    return bool(_terms_re("attribution_cues.txt").search(sentence))


@lru_cache(maxsize=8)
def _article_values(article: str) -> Supported:
    """The article's numbers, read once per article: every summary, description and re-ask
    is checked against the same text, and reading a long article is not free. Numbers that
    stand only in text addressed to a model (an injected instruction) are not the article's.
    Most numbers checked stand in the article as written: the head-count sums of all its
    sentences (ten times the cost) are read only for one that does not."""
    return Supported(reporting_text(article))


def unsupported_numbers(text: str, article: str | Document) -> list[int]:
    """Numbers in `text` that the article does not support (ages and years included).

    A `Document`'s numbers read the head-count sums only for a number the article does not
    write (`numbers.Supported`): most numbers of a summary stand in the article as written."""
    quantities = find_quantities(text)
    if not quantities:
        return []
    allowed = article.numbers if isinstance(article, Document) else _article_values(article)
    # The sentences where each number's first word stands first (speed only, `states_near`:
    # a number found there is in `allowed`; the whole article is read only for the rest).
    values = {q.value for q in quantities if not allowed.states_near(q.value, _first_word(q.text))}
    return sorted(v for v in values if v not in allowed)


def _first_word(text: str) -> str:
    """'15' of '15-year-old', 'five' of 'five-year-old', '1' of '1,200'."""
    m = _WORD.match(text)
    return m.group(0) if m else text


_WORD = re.compile(r"[^\W_]+")


def confirmed_values(figures: Iterable[CasualtyFigure]) -> frozenset[int]:
    """The numbers of confirmed figures: computed once per digest, not once per description
    (once per description made checking a reply quadratic in its incidents)."""
    return frozenset(
        v for f in figures if f.status == Status.CONFIRMED for v in (f.low, f.high) if v is not None
    )


def unattributed_figures(text: str, figures: Iterable[CasualtyFigure] | frozenset[int]) -> list[str]:
    """Sentences that state a number without saying who says so.

    Only a figure the records mark as confirmed may stand alone; any other
    number in the summary's own voice (a claimed toll, a count of seized
    buildings) needs its source in the same sentence. Dates and ages are not
    figures.
    """
    confirmed = figures if isinstance(figures, frozenset) else confirmed_values(figures)
    bad = []
    for start, end in split_sentences(text):
        sentence = text[start:end]
        # The source first (speed only): a sentence that names one is never listed, and reading
        # its numbers costs several times the search for a source.
        if has_attribution(sentence):
            continue
        numbers = {q.value for q in find_quantities(sentence) if not (q.is_age or q.is_date)}
        if numbers - confirmed:
            bad.append(sentence)
    return bad


def check_text(
    text: str, article: str | Document, figures: Iterable[CasualtyFigure] | frozenset[int] = ()
) -> list[str]:
    """Every neutrality problem in `text`, as sentences a model can act on when re-asked.

    Checked once per digest for the same text, article and confirmed numbers (`memo`): the
    rules backend's summary writer checks each description before the pipeline checks it
    again. A `Document` with no text addressed to a model is checked as its bare text would
    be (the same numbers: `numbers.Supported` and `_article_values` of the same text)."""
    confirmed = figures if isinstance(figures, frozenset) else confirmed_values(figures)
    if isinstance(article, Document) and article.suspects:
        return _check_text(text, article, confirmed)
    source = article if isinstance(article, str) else article.text
    found = remembered(
        (check_text, text, source, confirmed), lambda: tuple(_check_text(text, article, confirmed))
    )
    return list(found)


def _check_text(text: str, article: str | Document, confirmed: frozenset[int]) -> list[str]:
    problems = []
    for term in loaded_terms(text):
        problems.append(f"uses the loaded term {term!r} outside a quotation; use neutral wording")
    for value in unsupported_numbers(text, article):
        problems.append(f"uses the number {value}, which the article does not give")
    for sentence in unattributed_figures(text, confirmed):
        problems.append(
            f"states a number the article does not confirm without saying who says so: {sentence!r}"
        )
    return problems
