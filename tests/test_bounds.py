"""Bounded time and memory, round two (issue 15, items 10 and 11): model replies with no end
of incidents or bytes, checks linear in incidents, servers that drip headers."""

from __future__ import annotations

import contextlib
import copy
import socket
import threading
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


# Servers that drip their status line and headers, or answer 100 Continue forever -----------------


class _Dripper:
    """A raw TCP server on 127.0.0.1 that never finishes its response head: it sends a
    status line and then one header line (or one `100 Continue`) every `every` seconds."""

    def __init__(self, kind: str, every: float = 0.3) -> None:
        self.kind, self.every = kind, every
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            conn.settimeout(1.0)
            with contextlib.suppress(OSError):
                conn.recv(65536)
            if self.kind == "headers":
                conn.sendall(b"HTTP/1.1 200 OK\r\n")
            n = 0
            while not self.stop.is_set():
                n += 1
                piece = (
                    f"X-Drip-{n}: {'y' * 20}\r\n"
                    if self.kind == "headers"
                    else "HTTP/1.1 100 Continue\r\n\r\n"
                )
                conn.sendall(piece.encode())
                time.sleep(self.every)

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


def _finishes(run: Any, within: float) -> tuple[BaseException | None, float]:
    """Run `run()` in a thread; (what it raised, seconds) — or fail if it is still running."""
    outcome: list[BaseException | None] = []

    def target() -> None:
        try:
            run()
        except BaseException as exc:
            outcome.append(exc)
        else:
            outcome.append(None)

    started = time.monotonic()
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(within)
    assert not thread.is_alive(), f"still running after {within:g} s"
    return outcome[0], time.monotonic() - started


@pytest.mark.parametrize("kind", ["headers", "continue"])
@pytest.mark.reliability(
    "URL fetch: server drips its headers or answers 100 Continue forever",
    outcome="FetchTimeout at the deadline",
    bound="< 60 s (deadline 3 s)",
)
def test_a_url_fetch_from_a_dripping_server_ends_at_the_deadline(kind: str) -> None:
    from summarizer.article import fetch_article
    from summarizer.fetch_errors import FetchTimeout

    server = _Dripper(kind)
    try:
        url = f"http://127.0.0.1:{server.port}/story"
        exc, took = _finishes(lambda: fetch_article(url, allow_private_hosts=True, timeout=2, deadline=3), 60)
    finally:
        server.close()
    assert isinstance(exc, FetchTimeout), exc
    assert "deadline" in exc.problem and took < 60


@pytest.mark.parametrize("kind", ["headers", "continue"])
@pytest.mark.reliability(
    "model endpoint drips its headers or answers 100 Continue forever",
    outcome="ModelError: timed out, not 'could not connect'",
    bound="< 60 s (timeout 2 s, 2 attempts)",
)
def test_a_model_request_to_a_dripping_server_ends_at_the_deadline(kind: str) -> None:
    server = _Dripper(kind)
    try:
        settings = fast_settings(f"http://127.0.0.1:{server.port}/v1", timeout=2.0, max_retries=1)
        exc, took = _finishes(lambda: Summarizer(settings).summarize_text(SEED_TEXT), 60)
    finally:
        server.close()
    assert isinstance(exc, ModelError), exc
    assert "timed out" in str(exc) and "could not connect" not in str(exc)
    assert took < settings.retry_budget + settings.timeout + 10
