"""Faults from the model endpoint, injected by a scripted server on 127.0.0.1.

Each case states the documented behaviour (answered after retries or re-asks, or a
`ModelError` with a one-line message), the number of requests the server must see,
and a generous time bound that proves the run ends. Every case runs through the
sync and the async entry points. `tests/reliability_tally.py` counts these cases
for docs/reliability.md from the `reliability` marks.
"""

from __future__ import annotations

import email.utils
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from localserver import LOCAL_ONLY, fast_settings, summarize
from scenarios import SEED_TEXT, seed_answer

from summarizer import AuthenticationFailed, ModelError, Settings
from summarizer.testing import Reply, ScriptedServer

pytestmark = LOCAL_ONLY


def ok() -> Reply:
    return Reply(seed_answer())


def http(status: int, **kwargs: Any) -> Reply:
    return Reply(status=status, body={"error": {"message": f"scripted {status}", "type": "x"}}, **kwargs)


def half_answer() -> str:
    text = json.dumps(seed_answer())
    return text[: len(text) // 2]


def http_date(seconds_ahead: float) -> str:
    return email.utils.formatdate(time.time() + seconds_ahead, usegmt=True)


@dataclass(frozen=True)
class FaultCase:
    """One injected fault and what the run must do about it."""

    id: str
    klass: str  # the row of docs/reliability.md
    replies: Callable[[], list[Reply]]
    error: type[Exception] | None  # None: the digest is made
    attempts: int | tuple[int, int]  # requests the server sees (exact, or an inclusive range)
    message: str = ""  # regex the error's message must match
    min_s: float = 0.0  # a Retry-After honoured takes at least this long
    max_s: float = 5.0  # generous: proves the run ends, not how fast
    settings: dict[str, Any] = field(default_factory=dict)
    outcome: str = ""  # the behaviour, in words, for the tally
    paths: tuple[str, ...] = ("sync",)  # transport faults also run through the async retry loop

    def params(self) -> list[Any]:
        attempts = self.attempts if isinstance(self.attempts, int) else "–".join(map(str, self.attempts))
        bound = f"≥ {self.min_s:g} s, " if self.min_s else ""
        mark = pytest.mark.reliability(
            self.klass, outcome=self.outcome, attempts=str(attempts), bound=f"{bound}< {self.max_s:g} s"
        )
        return [pytest.param(self, path, id=f"{self.id}-{path}", marks=mark) for path in self.paths]


BOTH = ("sync", "async")


R429 = "HTTP 429 rate limit"
R5XX = "HTTP 500 / 502 / 503"
DROP = "connection dropped"
SLOW = "reply slower than the timeout"
DRIP = "reply dripped in pieces, each within the timeout"
BADJSON = "invalid JSON in the reply"
SCHEMA = "JSON that fails the schema"
CUT = "output truncated (finish_reason=length)"
EMPTY = "empty choices"
REFUSAL = "refusal (message.refusal, content null)"
FILTER = "content filter (finish_reason=content_filter)"
AFTER_N = "valid answer after N failures"
AUTH = "HTTP 401 / 403 (bad key)"
HTTP4XX = "other HTTP 4xx"
JUNK = "malformed server answer"

RETRIED = "retried with backoff, then answered"
GAVE_UP = "ModelError after max_retries"
REASKED = "re-asked, then answered"

CASES = [
    FaultCase("429-no-retry-after", R429, lambda: [http(429), ok()], None, 2, outcome=RETRIED, paths=BOTH),
    FaultCase(
        "429-always",
        R429,
        lambda: [http(429)] * 9,
        ModelError,
        3,
        r"HTTP 429; gave up after 3 "
        r"attempt\(s\): max_retries=2",
        outcome=GAVE_UP,
    ),
    FaultCase(
        "429-retry-after-1s",
        R429,
        lambda: [http(429, headers={"retry-after": "1"}), ok()],
        None,
        2,
        min_s=0.9,
        outcome="waited as asked, then answered",
    ),
    FaultCase(
        "429-retry-after-ms",
        R429,
        lambda: [http(429, headers={"retry-after-ms": "300"}), ok()],
        None,
        2,
        min_s=0.25,
        outcome="waited as asked, then answered",
        paths=BOTH,
    ),
    FaultCase(
        "429-retry-after-http-date",
        R429,
        lambda: [http(429, headers={"retry-after": http_date(1.5)}), ok()],
        None,
        2,
        min_s=0.4,
        outcome="waited as asked, then answered",
    ),
    FaultCase(
        "429-retry-after-unreadable",
        R429,
        lambda: [http(429, headers={"retry-after": "soon"}), ok()],
        None,
        2,
        outcome="unreadable header ignored: backoff, then answered",
    ),
    FaultCase(
        "429-retry-after-past-budget",
        R429,
        lambda: [http(429, headers={"retry-after": "3600"})] * 3,
        ModelError,
        1,
        r"asked to wait 3600 s, more than is left of the retry budget of 2 s",
        max_s=1.5,
        settings={"retry_budget": 2.0},
        outcome="ModelError at once: the wait does not fit the budget",
        paths=BOTH,
    ),
    FaultCase("500-then-ok", R5XX, lambda: [http(500), ok()], None, 2, outcome=RETRIED),
    FaultCase("502-then-ok", R5XX, lambda: [http(502), ok()], None, 2, outcome=RETRIED),
    FaultCase("503-then-ok", R5XX, lambda: [http(503), ok()], None, 2, outcome=RETRIED),
    FaultCase(
        "500-html-body-then-ok",
        R5XX,
        lambda: [Reply(status=500, body="<html>Bad gateway</html>"), ok()],
        None,
        2,
        outcome=RETRIED,
    ),
    FaultCase(
        "503-always",
        R5XX,
        lambda: [http(503)] * 9,
        ModelError,
        3,
        r"HTTP 503; gave up after 3",
        outcome=GAVE_UP,
        paths=BOTH,
    ),
    FaultCase(
        "503-budget-spent",
        R5XX,
        lambda: [http(503, headers={"retry-after": "0.2"})] * 99,
        ModelError,
        (2, 4),
        r"HTTP 503; gave up after \d attempt\(s\): it asked to wait 0.2 s, more than is left of the "
        r"retry budget of 0.6 s",
        max_s=0.6 + 2.0,
        settings={"max_retries": 50, "retry_budget": 0.6},
        outcome="ModelError once the retry budget is spent",
        paths=BOTH,
    ),
    FaultCase("drop-then-ok", DROP, lambda: [Reply(drop=True), ok()], None, 2, outcome=RETRIED),
    FaultCase(
        "drop-always",
        DROP,
        lambda: [Reply(drop=True)] * 9,
        ModelError,
        3,
        r"could not connect to the model endpoint; gave up after 3",
        outcome=GAVE_UP,
        paths=BOTH,
    ),
    FaultCase(
        "slow-then-ok",
        SLOW,
        lambda: [Reply(seed_answer(), delay=1.5), ok()],
        None,
        2,
        min_s=0.2,
        settings={"timeout": 0.2},
        outcome=RETRIED,
        paths=BOTH,
    ),
    FaultCase(
        "slow-always",
        SLOW,
        lambda: [Reply(seed_answer(), delay=1.5)] * 9,
        ModelError,
        3,
        r"timed out; gave up after 3",
        min_s=0.6,
        max_s=3.0,
        settings={"timeout": 0.2},
        outcome=GAVE_UP,
    ),
    FaultCase(
        "drip-then-ok",
        DRIP,
        lambda: [Reply(seed_answer(), trickle=0.05), ok()],
        None,
        2,
        min_s=0.2,
        settings={"timeout": 0.2},
        outcome=RETRIED,
    ),
    FaultCase(
        "drip-always",
        DRIP,
        lambda: [Reply(seed_answer(), trickle=0.05)] * 9,
        ModelError,
        3,
        r"timed out; gave up after 3",
        min_s=0.6,
        max_s=3.0,
        settings={"timeout": 0.2},
        outcome=GAVE_UP,
        paths=BOTH,
    ),
    FaultCase(
        "tool-arguments-invalid-then-ok",
        BADJSON,
        lambda: [Reply(arguments="{not json"), ok()],
        None,
        2,
        outcome=REASKED,
    ),
    FaultCase(
        "content-invalid-then-ok",
        BADJSON,
        lambda: [Reply(content="{not json"), ok()],
        None,
        2,
        settings={"mode": "json"},
        outcome=REASKED,
    ),
    FaultCase(
        "tool-arguments-invalid-always",
        BADJSON,
        lambda: [Reply(arguments="{not json")] * 9,
        ModelError,
        2,
        r"reply failed validation: .*Invalid JSON",
        outcome="ModelError after max_reasks",
    ),
    FaultCase(
        "schema-then-ok",
        SCHEMA,
        lambda: [Reply({"incidents": 5, "summary": "x"}), ok()],
        None,
        2,
        outcome=REASKED,
    ),
    FaultCase(
        "schema-always",
        SCHEMA,
        lambda: [Reply({"incidents": [{"event_type": "picnic"}]})] * 9,
        ModelError,
        2,
        r"reply failed validation: incidents\.0\.\w+: ",
        outcome="ModelError after max_reasks",
    ),
    FaultCase(
        "truncated-tools",
        CUT,
        lambda: [Reply(arguments=half_answer(), finish_reason="length")] * 9,
        ModelError,
        1,
        r"cut off at its output limit",
        outcome="ModelError, not re-asked",
    ),
    FaultCase(
        "truncated-json",
        CUT,
        lambda: [Reply(content=half_answer(), finish_reason="length")] * 9,
        ModelError,
        1,
        r"cut off at its output limit",
        settings={"mode": "json"},
        outcome="ModelError, not re-asked",
        paths=BOTH,
    ),
    FaultCase(
        "no-choices",
        EMPTY,
        lambda: [Reply(no_choices=True)] * 9,
        ModelError,
        1,
        r"completion with no choices",
        outcome="ModelError, not re-asked",
    ),
    FaultCase(
        "refusal-tools",
        REFUSAL,
        lambda: [Reply(refusal="I can't help with that.")] * 9,
        ModelError,
        1,
        r"refused to answer: \"I can't help",
        outcome="ModelError naming the refusal",
        paths=BOTH,
    ),
    FaultCase(
        "refusal-json",
        REFUSAL,
        lambda: [Reply(refusal="I can't help with that.")] * 9,
        ModelError,
        2,
        r"refused to answer",
        settings={"mode": "json"},
        outcome="ModelError naming the refusal, after instructor's re-asks (JSON modes)",
    ),
    FaultCase(
        "content-filter",
        FILTER,
        lambda: [Reply(content="", finish_reason="content_filter")] * 9,
        ModelError,
        2,
        r"content filter withheld the reply",
        outcome="ModelError naming the filter, after instructor's re-asks",
    ),
    FaultCase(
        "ok-after-max-retries-failures",
        AFTER_N,
        lambda: [http(500), Reply(drop=True), http(429), ok()],
        None,
        4,
        settings={"max_retries": 3},
        outcome="answered on the last allowed attempt",
        paths=BOTH,
    ),
    FaultCase(
        "fail-one-past-max-retries",
        AFTER_N,
        lambda: [http(500), http(502), http(503), ok()],
        ModelError,
        3,
        r"max_retries=2 reached",
        outcome=GAVE_UP,
    ),
    FaultCase(
        "401",
        AUTH,
        lambda: [http(401)] * 9,
        AuthenticationFailed,
        1,
        r"refused the API key \(HTTP 401\); check the key in the environment variable OPENAI_API_KEY",
        outcome="AuthenticationFailed, never retried",
        paths=BOTH,
    ),
    FaultCase(
        "403",
        AUTH,
        lambda: [http(403)] * 9,
        AuthenticationFailed,
        1,
        r"HTTP 403",
        outcome="AuthenticationFailed, never retried",
    ),
    FaultCase(
        "400",
        HTTP4XX,
        lambda: [http(400)] * 9,
        ModelError,
        1,
        r"HTTP 400; not retried",
        outcome="ModelError, not retried",
    ),
    FaultCase(
        "404",
        HTTP4XX,
        lambda: [http(404)] * 9,
        ModelError,
        1,
        r"HTTP 404: unknown model or path",
        outcome="ModelError, not retried",
    ),
    FaultCase(
        "200-html-page",
        JUNK,
        lambda: [Reply(body="<html>captive portal</html>")] * 9,
        ModelError,
        1,
        r"HTTP 200 with an HTML page .*not a chat completion",
        outcome="ModelError naming the HTML page, not re-asked",
    ),
    FaultCase(
        "200-empty-object",
        JUNK,
        lambda: [Reply(body={})] * 9,
        ModelError,
        1,
        r"no choices",
        outcome="ModelError",
    ),
    FaultCase(
        "200-invalid-utf8",
        JUNK,
        lambda: [Reply(body=b'{"id": "\xff\xfe"}')] * 9,
        ModelError,
        (1, 2),
        r"\S",
        outcome="ModelError",
    ),
]


def run_case(case: FaultCase, path: str) -> tuple[ScriptedServer, Any, float]:
    with ScriptedServer(case.replies()) as server:
        settings = fast_settings(server.base_url, **case.settings)
        started = time.perf_counter()
        try:
            outcome: Any = summarize(settings, SEED_TEXT, path)
        except Exception as exc:
            outcome = exc
        return server, outcome, time.perf_counter() - started


@pytest.mark.parametrize(("case", "path"), [p for c in CASES for p in c.params()])
def test_fault(case: FaultCase, path: str) -> None:
    server, outcome, elapsed = run_case(case, path)
    seen = len(server.requests)
    lo, hi = (case.attempts, case.attempts) if isinstance(case.attempts, int) else case.attempts
    assert lo <= seen <= hi, f"server saw {seen} requests"
    assert case.min_s <= elapsed < case.max_s
    if case.error is None:
        assert not isinstance(outcome, Exception), repr(outcome)
        assert len(outcome.incidents) == 4 and outcome.provenance.attempts == seen
        return
    assert type(outcome) is case.error, repr(outcome)
    message = str(outcome)
    assert "\n" not in message and len(message) < 400
    assert re.search(case.message, message), message
    assert outcome.attempts == seen


@pytest.mark.reliability("max_retries caps attempts", outcome="ModelError", attempts="max_retries + 1")
@pytest.mark.parametrize("max_retries", [0, 1, 4])
def test_max_retries_caps_the_attempts(max_retries: int) -> None:
    with ScriptedServer(default=http(503)) as server:
        settings = fast_settings(server.base_url, max_retries=max_retries)
        with pytest.raises(ModelError, match=f"gave up after {max_retries + 1} attempt"):
            summarize(settings, SEED_TEXT)
    assert len(server.requests) == max_retries + 1


@pytest.mark.reliability(
    "retry_budget bounds total time", outcome="ModelError", attempts="as fit", bound="< budget + timeout"
)
@pytest.mark.parametrize("budget", [0.0, 0.6])
def test_retry_budget_bounds_the_total_time(budget: float) -> None:
    """Backoff alone (no Retry-After) under a large max_retries: the budget decides."""
    with ScriptedServer(default=http(500)) as server:
        settings = fast_settings(server.base_url, max_retries=1000, retry_backoff=0.1, timeout=1.0)
        started = time.perf_counter()
        with pytest.raises(ModelError, match=r"retry budget .* is spent|gave up after 1 attempt"):
            summarize(settings.with_(retry_budget=budget), SEED_TEXT)
        elapsed = time.perf_counter() - started
    assert elapsed < budget + settings.timeout + 0.5
    assert 1 <= len(server.requests) <= 2 + int(budget / 0.1)


@pytest.mark.reliability("retry settings from the environment", outcome="honoured", attempts="as set")
def test_retry_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_MAX_RETRIES", "1")
    monkeypatch.setenv("SUMMARIZER_RETRY_BUDGET", "5")
    monkeypatch.setenv("SUMMARIZER_RETRY_BACKOFF", "0.01")
    with ScriptedServer(default=http(502)) as server:
        settings = Settings.from_env(base_url=server.base_url, model="scripted-model", timeout=2.0)
        assert (settings.max_retries, settings.retry_budget, settings.retry_backoff) == (1, 5.0, 0.01)
        with pytest.raises(ModelError, match="max_retries=1 reached"):
            summarize(settings, SEED_TEXT)
    assert len(server.requests) == 2


def test_a_failure_keeps_its_cause_for_debugging() -> None:
    """Typed and one line, yet the openai error stays reachable as __cause__."""
    with ScriptedServer(default=http(500)) as server, pytest.raises(ModelError) as info:
        summarize(fast_settings(server.base_url, max_retries=0), SEED_TEXT)
    assert info.value.retryable and info.value.__cause__ is not None
