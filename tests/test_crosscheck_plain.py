"""The cross-check reads only what its warnings need (issue 14): the figures' background only in
the sentences that hold them, speech only as far as the last figure, the statements' own numbers
before their head-count sums. Its warnings are those of the plain reading: every sentence's
speech and figures, the whole background, every statement's supported numbers."""

from __future__ import annotations

import importlib
import random
from pathlib import Path

import pytest
from scenarios import SEED_TEXT

from summarizer import crosscheck
from summarizer.document import Document
from summarizer.inputs.text import make_article
from summarizer.numbers import supported_values
from summarizer.schemas import ArticleMeta, CasualtyFigure, DigestWarning, Extraction, Outcome, Status

_ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
_TEXTS = [
    SEED_TEXT,
    *(p.read_text(encoding="utf-8", errors="replace") for p in sorted(_ARTICLES.rglob("*.txt"))),
]


def _plain_offline(article: ArticleMeta) -> list[CasualtyFigure]:
    rx = importlib.import_module("summarizer.rules.extract")
    from summarizer.rules.actors import Actors
    from summarizer.rules.attribution import Attributor
    from summarizer.rules.background import find_background
    from summarizer.rules.units import sentences

    text = article.text
    attributor = Attributor(text, Actors(text))
    attributor.note_dateline_agency(article.dateline.agency if article.dateline else None)
    sents = sentences(text)
    found, _ = rx.read_all_figures(text, sents, attributor, every_speech=True)
    background = find_background(text, sents, [f.anchor for f in found])
    return [f.figure for f in found if not background.covers(f.anchor)]


def _plain_statement_values(text: str, wanted: object = None) -> set[int]:
    from summarizer.rules.units import sentences

    cue = crosscheck._statement_cue()
    out: set[int] = set()
    for s in sentences(text):
        chunk = text[s.start : s.end]
        if cue.search(chunk):
            out |= supported_values(chunk)
    return out


def _replies(article: ArticleMeta, rng: random.Random) -> list[Extraction]:
    rx = importlib.import_module("summarizer.rules.extract")
    base = rx.extract(article)
    offline = _plain_offline(article)

    def each(fn: object) -> Extraction:
        incidents = [
            i.model_copy(update={"casualties": [g for f in i.casualties for g in fn(f)]})  # type: ignore[operator]
            for i in base.incidents
        ]
        return base.model_copy(update={"incidents": incidents})

    replies = [
        base,
        Extraction(incidents=[], summary=""),
        each(lambda f: [f.model_copy(update={"status": Status.CONFIRMED})]),
        each(lambda f: [f] if rng.random() < 0.5 else []),
        each(lambda f: [f.model_copy(update={"low": (f.low or 0) + rng.choice([0, 1, 2]), "high": None})]),
        each(
            lambda f: [
                f.model_copy(
                    update={"outcome": rng.choice(list(Outcome)), "status": rng.choice(list(Status))}
                )
            ]
        ),
    ]
    if base.incidents:
        figures = [f.model_copy(update={"status": rng.choice(list(Status))}) for f in offline]
        replies.append(
            base.model_copy(
                update={"incidents": [base.incidents[0].model_copy(update={"casualties": figures})]}
            )
        )
    return replies


@pytest.mark.parametrize("n", range(len(_TEXTS)))
def test_cross_check_warns_as_the_plain_reading(n: int, monkeypatch: pytest.MonkeyPatch) -> None:
    article = Document.of(make_article(_TEXTS[n])).reporting
    rng = random.Random(n)
    replies = _replies(article, rng)
    fast: list[list[DigestWarning]] = [crosscheck.cross_check(r, article) for r in replies]
    with monkeypatch.context() as m:
        m.setattr(crosscheck, "read_casualty_figures", lambda a, sents=None: _plain_offline(a))
        m.setattr(
            crosscheck,
            "statement_values",
            lambda text, wanted=None, sents=None: _plain_statement_values(text),
        )
        plain = [crosscheck.cross_check(r, article) for r in replies]
    assert fast == plain
