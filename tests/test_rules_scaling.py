"""Linear cost on crafted worst cases (issue 15 item 9, issue 11).

The bounds are generous on purpose (a loaded 2-core CI machine must never
fail them): both inputs took 29 s to minutes when the overlap checks scanned
every earlier cue, and run in about a second or three now. The per-character
figures live in `benchmarks/rules_scaling.py`, not here.
"""

from __future__ import annotations

import time

import pytest

from summarizer.pipeline import digest_offline, make_article

BOUND_S = 60.0


@pytest.mark.parametrize(
    "text",
    [pytest.param("killed " * 65_000, id="killed-455KB"), pytest.param("5 killed," * 6_000, id="5-killed")],
)
def test_crafted_quadratic_inputs_finish(text: str) -> None:
    started = time.perf_counter()
    digest = digest_offline(make_article(text))
    assert time.perf_counter() - started < BOUND_S
    # the result still means something: every quote is verbatim and bounded
    for incident in digest.incidents:
        for figure in incident.casualties:
            for ev in figure.evidence:
                assert ev.start is not None and text[ev.start : ev.end] == ev.quote
                assert len(ev.quote) <= 700
