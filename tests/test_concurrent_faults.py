"""Several articles at once through the async API: one bad input or endpoint fault stays
with its own article. This is the model-level half of the batch tests; the batch runner
(`summarizer/batch.py`: output file, resume, kill) is tested where it lives."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest
from localserver import LOCAL_ONLY, fast_settings
from scenarios import SEED_TEXT, seed_answer
from scripted import Reply, ScriptedServer

from summarizer import ArticleDigest, ArticleError, ModelError, Summarizer

pytestmark = LOCAL_ONLY

POISON = "POISON-PILL"
GATHERED = "concurrent articles (asyncio.gather), one failing"


def article(n: int) -> str:
    """The seed with a distinct last line, so every request is a different article."""
    return f"{SEED_TEXT}\nEditor's note: item {n}."


def route(failure: Reply) -> Any:
    """`failure` for the poisoned article, a correct answer for every other one."""

    def pick(request: dict[str, Any]) -> Reply:
        return failure if POISON in json.dumps(request.get("messages", [])) else Reply(seed_answer())

    return pick


async def gather(summarizer: Summarizer, texts: list[str]) -> list[ArticleDigest | BaseException]:
    return await asyncio.gather(*(summarizer.asummarize_text(t) for t in texts), return_exceptions=True)


@pytest.mark.reliability(GATHERED, outcome="others finish; one typed error", attempts="per article")
@pytest.mark.parametrize(
    ("failure", "expected", "requests", "retries"),
    [
        (Reply(status=500, body={"error": {"message": "always"}}), "HTTP 500; gave up after 3", 3, 2),
        (Reply(drop=True), "could not connect", 3, 2),
        # The poisoned reply stalls far past the timeout; the healthy ones answer at once and
        # have the whole timeout, so no article's fate hangs on how loaded the machine is.
        # One attempt: timeouts retried are test_faults.py's slow-* cases.
        (Reply(seed_answer(), delay=120), "timed out", 1, 0),
        (Reply(arguments="{not json"), "failed validation", 2, 2),
        (Reply(refusal="I will not."), "refused", 1, 2),
    ],
    ids=["http-500", "dropped", "timeout", "invalid-json", "refusal"],
)
def test_one_failing_article_does_not_stop_the_others(
    failure: Reply, expected: str, requests: int, retries: int
) -> None:
    texts = [article(n) for n in range(5)]
    texts[2] = article(2) + f" {POISON}"
    with ScriptedServer(router=route(failure)) as server:
        settings = fast_settings(server.base_url, max_retries=retries)
        summarizer = Summarizer(settings)
        started = time.perf_counter()
        results = asyncio.run(gather(summarizer, texts))
        elapsed = time.perf_counter() - started
    bad = results.pop(2)
    assert isinstance(bad, ModelError) and expected in str(bad), repr(bad)
    assert bad.attempts == requests
    for digest in results:
        assert isinstance(digest, ArticleDigest), repr(digest)
        assert len(digest.incidents) == 4 and digest.provenance.attempts == 1
    assert sum(POISON in json.dumps(r["messages"]) for r in server.requests) == requests
    assert elapsed < (retries + 1) * settings.timeout + 60  # it ends: every attempt's timeout, plus slack


@pytest.mark.reliability(GATHERED, outcome="others finish; ArticleError")
def test_one_unreadable_input_does_not_stop_the_others() -> None:
    texts = [article(0), "", article(1), "binary\x00data"]
    with ScriptedServer(default=Reply(seed_answer())) as server:
        results = asyncio.run(gather(Summarizer(fast_settings(server.base_url)), texts))
    assert [type(r).__name__ for r in results] == [
        "ArticleDigest",
        "ArticleError",
        "ArticleDigest",
        "ArticleError",
    ]
    assert all(isinstance(r, ArticleError) for r in results[1::2])
    assert len(server.requests) == 2
