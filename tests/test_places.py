"""A batch's concurrency bounds its model requests in flight (`aio.places`), not the articles
under way; a model reply is parsed in a turn on the loop's CPU lane."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import httpx2
import pytest
from scenarios import SEED_TEXT, inputs_file, seed_answer, seed_articles
from scripted import Reply, ScriptedServer

from summarizer import aio, llm
from summarizer.api import Summarizer
from summarizer.batch import run_batch
from summarizer.llm import ModelError
from summarizer.settings import Settings

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


def _summarizer(server: ScriptedServer) -> Summarizer:
    return Summarizer(Settings(base_url=server.base_url, model="scripted-model", max_retries=0, max_reasks=0))


def _inputs(tmp_path: Path, n: int) -> Path:
    return inputs_file(tmp_path, seed_articles(tmp_path / "a", n))


async def test_concurrency_bounds_the_requests_in_flight(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Twice as many articles are under way as places: no more requests than places go out,
    and every place is used (the server answers nothing until three requests are in)."""
    now = peak = 0
    real = httpx2.AsyncHTTPTransport.handle_async_request

    async def counted(self: Any, request: Any) -> Any:
        nonlocal now, peak
        now += 1
        peak = max(peak, now)
        try:
            return await real(self, request)
        finally:
            now -= 1

    monkeypatch.setattr(httpx2.AsyncHTTPTransport, "handle_async_request", counted)
    three_in = threading.Barrier(3, timeout=60)  # a hang guard only: three requests come at once
    arrived = 0
    count = threading.Lock()

    def router(request: dict[str, Any]) -> Reply | None:
        nonlocal arrived
        with count:
            arrived += 1
            first = arrived <= 3
        if first:  # the first three are answered once all three are in
            three_in.wait()
        return None

    with ScriptedServer(default=Reply(seed_answer()), router=router) as server:
        report = await run_batch(
            _inputs(tmp_path, 8), tmp_path / "out.jsonl", summarizer=_summarizer(server), concurrency=3
        )
    assert report.ok == 8 and len(server.requests) == 8
    assert peak == 3


async def test_a_reply_is_parsed_in_a_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    """Within a digest, a reply is parsed and validated in a turn on the lane; a client
    called on its own takes none."""
    in_turn: list[bool] = []
    real = llm._usage

    def spy(completion: Any) -> Any:  # called as the reply is parsed
        lane = aio._LANES.get(asyncio.get_running_loop())
        in_turn.append(lane is not None and lane.owner is asyncio.current_task())
        return real(completion)

    monkeypatch.setattr(llm, "_usage", spy)
    with ScriptedServer(default=Reply(seed_answer())) as server:
        summarizer = _summarizer(server)
        digest = await summarizer.asummarize_text(SEED_TEXT)
        await summarizer.backend.client.aextract(SEED_TEXT)  # type: ignore[attr-defined]
    assert digest.incidents and in_turn == [True, False]
    lane = aio._LANES[asyncio.get_running_loop()]
    assert lane.owner is None and not lane.lock.locked()


async def test_a_reply_that_fails_frees_the_lane() -> None:
    """A turn taken at a reply the client then rejects ends with the digest: the next one
    still gets its turn."""
    with ScriptedServer([Reply(body="this is not JSON")], default=Reply(seed_answer())) as server:
        summarizer = _summarizer(server)
        with pytest.raises(ModelError):
            await summarizer.asummarize_text(SEED_TEXT)
        lane = aio._LANES[asyncio.get_running_loop()]
        assert lane.owner is None and not lane.lock.locked()
        digest = await asyncio.wait_for(summarizer.asummarize_text(SEED_TEXT), 120)  # hang guard
    assert digest.incidents


async def test_a_request_waiting_for_a_place_is_not_sent_once_the_key_is_refused(tmp_path: Path) -> None:
    """Refused (401), the run stops: the requests built meanwhile, waiting for a place, are
    not sent, and their articles are left for a resumed run, not recorded as failed."""
    refused = Reply(status=401, body={"error": {"message": "Incorrect API key provided: sk-abc***"}})
    with ScriptedServer(default=refused) as server:
        out = tmp_path / "out.jsonl"
        report = await run_batch(_inputs(tmp_path, 6), out, summarizer=_summarizer(server), concurrency=1)
    assert report.stopped and len(server.requests) == 1
    assert report.failed == 1 and report.pending == 5


async def test_no_turn_is_held_through_a_retry_sleep(caplog: pytest.LogCaptureFixture) -> None:
    """A reply that fails (HTTP 500) and is retried after a sleep holds no turn on the lane
    while it sleeps: another task's checks run then, not once the retry is sent."""
    arrived: list[float] = []

    def router(request: dict[str, Any]) -> Reply | None:
        arrived.append(time.monotonic())
        return Reply(status=500, body={"error": {"message": "busy"}}) if len(arrived) == 1 else None

    settings = Settings(base_url="", model="scripted-model", max_retries=1, max_reasks=0, retry_backoff=3.0)
    with ScriptedServer(default=Reply(seed_answer()), router=router) as server:
        summarizer = Summarizer(settings.model_copy(update={"base_url": server.base_url}))
        first = asyncio.create_task(summarizer.asummarize_text(SEED_TEXT))
        while not any("retry 1" in r.getMessage() for r in caplog.records):  # it is about to sleep
            await asyncio.sleep(0.01)
        async with asyncio.timeout(120):  # a hang guard only
            async with aio.cpu_lane():
                turn = time.monotonic()
        digest = await first
    assert digest.incidents and len(arrived) == 2
    assert arrived[1] - turn > 1.5  # the turn came during the 3 s sleep, well before the retry
