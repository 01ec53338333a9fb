"""Model figures checked against the text's own casualty statements: a pipeline check that
reads the text with the rules backend's figure reader (the pipeline sits above the backends).

Three warnings, each naming the figure:

* `figure_not_in_text`: the model's number stands in no sentence that reports
  people killed, injured, captured, missing or arrested;
* `status_contradicts_text`: the model states as reported or confirmed a figure
  that the text gives only as a claim, an allegation or a denial (or as
  confirmed one the text does not say is confirmed);
* `figure_missed_by_model`: the text states a figure the model left out.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection

from summarizer.numbers import stated_values, supported_values
from summarizer.rules import lexicon
from summarizer.rules.casualties import may_state_figure
from summarizer.rules.extract import read_casualty_figures
from summarizer.rules.units import Sentence, sentences
from summarizer.schemas import ArticleMeta, CasualtyFigure, DigestWarning, Extraction, Status

_WEAK = {Status.CLAIMED, Status.ALLEGED, Status.DENIED}


@functools.cache
def _statement_cue() -> re.Pattern[str]:
    """Every outcome word and counted noun in one pattern (one search per sentence, not 48)."""
    return lexicon.union([*lexicon.outcome_cues(), *lexicon.outcome_nouns()])


def statement_values(
    text: str, wanted: Collection[int] | None = None, sents: list[Sentence] | None = None
) -> set[int]:
    """Numbers that stand in a casualty statement: a sentence with an outcome word or counted noun.

    With `wanted`, reading stops once every wanted number is found: the caller only asks
    whether they stand there (the rest of the article, the costlier part, is then not read),
    and the numbers the sentences state outright are looked at first: the sums of their head
    counts (most of the cost) are read only for a wanted number that is not among them.
    `sents`: the text's sentences, when the caller has them."""
    cue = _statement_cue()
    chunks = ((s, text[s.start : s.end]) for s in (sentences(text) if sents is None else sents))
    # Speed only: most sentences lack every word a cue or noun needs, and are not searched.
    statements = ((s, chunk) for s, chunk in chunks if may_state_figure(chunk) and cue.search(chunk))
    if wanted is None:
        return {v for _, chunk in statements for v in supported_values(chunk)}
    todo = set(wanted)
    values: set[int] = set()
    read: list[tuple[Sentence, str]] = []
    for s, chunk in statements:
        if not todo:
            return values
        read.append((s, chunk))
        # `stated_values` (cached): the head-count reading below then reuses it, not re-reading
        # the numbers (`_supported_values` starts from the same set).
        stated = stated_values(chunk)
        values |= stated
        todo -= stated
    # Sentences of one clause first (speed only: which wanted numbers the result holds does not
    # depend on the order, since reading stops only once all are found): the figure reader has
    # counted the people of each such clause, the very text, in this digest (`memo`), and a
    # sentence of several clauses is counted afresh.
    for _, chunk in sorted(read, key=lambda sc: len(sc[0].clauses) > 1):
        if not todo:
            break
        found = supported_values(chunk)
        values |= found
        todo -= found
    return values


def contradicts(model: Status, text: Status) -> bool:
    """True when the model is surer than the text: a claim stated as reported, a report as confirmed."""
    if text in _WEAK and model in (Status.REPORTED, Status.CONFIRMED):
        return True
    return model is Status.CONFIRMED and text is not Status.CONFIRMED


def _label(fig: CasualtyFigure) -> str:
    number = (
        "unspecified"
        if fig.low is None
        else str(fig.low) + (f"-{fig.high}" if fig.high not in (None, fig.low) else "")
    )
    return f"{fig.outcome.value} {number} ({fig.stated_by}, {fig.status.value})"


def cross_check(extraction: Extraction, article: ArticleMeta) -> list[DigestWarning]:
    """Warnings for model figures the text does not bear out, and text figures the model missed."""
    sents = sentences(article.text)  # once, for both readings
    offline = read_casualty_figures(article, sents)
    stated = [v for inc in extraction.incidents for f in inc.casualties for v in (f.low, f.high)]
    allowed = statement_values(article.text, {v for v in stated if v is not None}, sents)
    warnings: list[DigestWarning] = []
    model_figs = []
    for n, inc in enumerate(extraction.incidents, 1):
        for j, fig in enumerate(inc.casualties, 1):
            model_figs.append(fig)
            where = f"incident {n}, figure {j}: {_label(fig)}"
            numbers = [v for v in (fig.low, fig.high) if v is not None]
            missing = [v for v in numbers if v not in allowed]
            if missing:
                warnings.append(
                    DigestWarning(
                        code="figure_not_in_text",
                        message=f"{where}: {missing[0]} stands in no casualty statement of the article",
                    )
                )
                continue
            same = [o for o in offline if o.outcome == fig.outcome and (o.low, o.high) == (fig.low, fig.high)]
            same = same or [o for o in offline if o.outcome == fig.outcome and o.low == fig.low]
            if same and all(contradicts(fig.status, o.status) for o in same):
                cue = ", ".join(sorted({f"{o.status.value} by {o.stated_by}" for o in same}))
                warnings.append(
                    DigestWarning(
                        code="status_contradicts_text",
                        message=f"{where}: the article gives this figure as {cue}",
                    )
                )
    for o in offline:
        if o.low is None:
            continue
        if not any(m.outcome == o.outcome and m.low == o.low for m in model_figs):
            warnings.append(
                DigestWarning(
                    code="figure_missed_by_model",
                    message=f"the article states {_label(o)}, which the model did not record",
                )
            )
    return warnings
