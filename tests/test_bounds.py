"""Bounded time and memory, round two (issue 15, items 10 and 11): model replies with no end
of incidents or bytes, checks linear in incidents, servers that drip headers."""

from __future__ import annotations

import copy
import time
import tracemalloc
from typing import Any

import pytest
from localserver import LOCAL_ONLY, fast_settings
from scenarios import SEED_TEXT, seed_answer

from summarizer import ModelError, Summarizer
from summarizer.testing import Reply, ScriptedServer

pytestmark = LOCAL_ONLY


def _many_incidents(n: int) -> dict[str, Any]:
    """The seed's answer with its incidents repeated to `n` (every quote still real)."""
    answer = copy.deepcopy(seed_answer())
    base = answer["incidents"]
    answer["incidents"] = [copy.deepcopy(base[i % len(base)]) for i in range(n)]
    return answer


@pytest.mark.reliability(
    "model reply with thousands of incidents",
    outcome="ModelError naming the limit",
    attempts="1",
    bound="< 60 s",
)
@pytest.mark.parametrize("n", [3_200, 12_000])
def test_a_reply_with_too_many_incidents_is_refused_quickly(n: int) -> None:
    with ScriptedServer(default=Reply(_many_incidents(n))) as server:
        started = time.monotonic()
        with pytest.raises(ModelError, match="limit") as caught:
            Summarizer(fast_settings(server.base_url, timeout=60.0)).summarize_text(SEED_TEXT)
        assert time.monotonic() - started < 60
    # 3,200 seed incidents fit in 10 MB and meet the incident limit; 12,000 meet the size limit.
    expected = f"{n:,} incidents, more than the limit of 500" if n == 3_200 else "over the 10 MB limit"
    assert expected in str(caught.value)
    assert len(server.requests) == 1


@pytest.mark.reliability(
    "model reply at the incident limit (500)", outcome="digest: checked in linear time", bound="< 60 s"
)
def test_a_reply_at_the_limit_is_checked_in_bounded_time() -> None:
    with ScriptedServer(default=Reply(_many_incidents(500))) as server:
        started = time.monotonic()
        digest = Summarizer(fast_settings(server.base_url, timeout=60.0)).summarize_text(SEED_TEXT)
        assert time.monotonic() - started < 60
    assert len(digest.incidents) == 500


@pytest.mark.reliability(
    "model reply of 30 MB",
    outcome="ModelError naming the size limit, not retried",
    attempts="1",
    bound="< 60 s; < 100 MB traced",
)
def test_a_huge_reply_is_cut_off_and_not_retried() -> None:
    huge = Reply(arguments='{"incidents": [], "summary": "' + "x" * 30_000_000 + '"}')
    with ScriptedServer(default=huge) as server:
        tracemalloc.start()
        started = time.monotonic()
        try:
            with pytest.raises(ModelError, match="over the 10 MB limit"):
                Summarizer(fast_settings(server.base_url, timeout=60.0)).summarize_text(SEED_TEXT)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert time.monotonic() - started < 60
    assert len(server.requests) == 1
    assert peak < 100_000_000
