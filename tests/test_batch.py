"""Batch runs: one record per input, failures recorded, resume, retry, kill -9 and resume."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scenarios import ROOT, SEED_TEXT, inputs_file, seed_answer, seed_articles
from scripted import Reply, ScriptedServer
from typer.testing import CliRunner

from summarizer.api import Summarizer
from summarizer.batch import BatchError, Prices, run_batch, summarize_batch
from summarizer.cache import Cache
from summarizer.cli import app
from summarizer.inputs.sources import InputError, classify, read_lines
from summarizer.results import ResultsWriter, compact, parse_record, read_results, repair
from summarizer.settings import Settings

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


def _summarizer(server: ScriptedServer, cache: Cache | None = None) -> Summarizer:
    return Summarizer(
        Settings(base_url=server.base_url, model="scripted-model", max_retries=0, max_reasks=0), cache=cache
    )


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer(default=Reply(seed_answer(), delay=0.01)) as srv:
        yield srv


@pytest.mark.reliability(
    "failing inputs in a batch (binary, missing, ftp:, private URL, HTTP 400)",
    outcome="each recorded with its typed error; the others written",
)
async def test_every_input_gets_one_record_and_failures_do_not_stop_the_others(
    tmp_path: Path, server: ScriptedServer
) -> None:
    good = seed_articles(tmp_path / "a", 6)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"PK\x00\x03 not text")
    lines = [
        "# a comment, then a blank line",
        "",
        *good[:3],
        f"@{good[3]}",
        good[0],  # repeated: one input
        str(binary),
        "missing-file.txt",
        "ftp://example.org/article",
        "http://127.0.0.1:9/article",  # refused by the SSRF guard: private host
        *good[4:],
    ]
    server.queue.append(Reply(status=400, body={"error": {"message": "bad request"}}))
    out = tmp_path / "out.jsonl"
    report = await run_batch(inputs_file(tmp_path, lines), out, summarizer=_summarizer(server), concurrency=3)

    records = _records(out)
    by_input = {r["input"]: r for r in records}
    assert len(records) == len(by_input) == 10
    assert report.inputs == 10
    assert report.ok == 5 and report.failed == 5 and not report.all_ok
    assert by_input[str(binary)]["error"]["type"] == "UnsupportedContent"
    assert by_input["missing-file.txt"]["error"]["type"] == "InputError"
    assert "http and https" in by_input["ftp://example.org/article"]["error"]["message"]
    assert by_input["http://127.0.0.1:9/article"]["error"]["type"] == "BlockedURL"
    model_errors = [r for r in records if r["status"] == "error" and r["error"]["type"] == "ModelError"]
    assert len(model_errors) == 1 and "HTTP 400" in model_errors[0]["error"]["message"]
    for r in records:
        if r["status"] == "ok":
            assert r["digest"]["incidents"] and r["digest"]["provenance"]["attempts"] == 1
    assert report.attempts == 6  # five answers and the one refused
    assert report.prompt_tokens > 0 and report.completion_tokens > 0


@pytest.mark.reliability(
    "re-run over an existing results file", outcome="refused unless --resume; done inputs skipped"
)
async def test_resume_skips_what_is_done(tmp_path: Path, server: ScriptedServer) -> None:
    paths = seed_articles(tmp_path / "a", 5)
    inputs, out = inputs_file(tmp_path, paths[:3]), tmp_path / "out.jsonl"
    await run_batch(inputs, out, summarizer=_summarizer(server))
    assert len(server.requests) == 3

    with pytest.raises(BatchError, match="resume"):
        await run_batch(inputs, out, summarizer=_summarizer(server))

    inputs = inputs_file(tmp_path, paths)
    report = await run_batch(inputs, out, summarizer=_summarizer(server), resume=True)
    assert (report.skipped, report.ok, report.failed) == (3, 2, 0)
    assert len(server.requests) == 5
    assert sorted(r["input"] for r in _records(out)) == sorted(paths)

    report = await run_batch(inputs, out, summarizer=_summarizer(server), overwrite=True)
    assert report.ok == 5 and len(_records(out)) == 5


@pytest.mark.reliability("failed inputs on resume", outcome="kept unless --retry-failed; then replaced")
async def test_failures_are_retried_only_when_asked_and_then_replace_their_line(
    tmp_path: Path, server: ScriptedServer
) -> None:
    paths = seed_articles(tmp_path / "a", 4)
    inputs, out = inputs_file(tmp_path, paths), tmp_path / "out.jsonl"
    server.queue.extend([Reply(status=400, body={"error": {"message": "no"}})] * 2)
    first = await run_batch(inputs, out, summarizer=_summarizer(server), concurrency=1)
    assert (first.ok, first.failed) == (2, 2)

    again = await run_batch(inputs, out, summarizer=_summarizer(server), resume=True)
    assert (again.skipped, again.not_retried, again.ok) == (2, 2, 0) and not again.all_ok
    assert len(server.requests) == 4

    retried = await run_batch(inputs, out, summarizer=_summarizer(server), retry_failed=True)
    assert (retried.skipped, retried.ok, retried.failed) == (2, 2, 0) and retried.all_ok
    assert retried.compacted == 2
    records = _records(out)
    assert sorted(r["input"] for r in records) == sorted(paths)
    assert all(r["status"] == "ok" for r in records)


async def test_second_run_is_served_from_the_cache(tmp_path: Path, server: ScriptedServer) -> None:
    paths = seed_articles(tmp_path / "a", 4)
    cache = Cache(tmp_path / "cache")
    inputs = inputs_file(tmp_path, paths)
    await run_batch(inputs, tmp_path / "one.jsonl", summarizer=_summarizer(server, cache))
    report = await run_batch(inputs, tmp_path / "two.jsonl", summarizer=_summarizer(server, cache))
    assert len(server.requests) == 4
    assert report.cache_hits == 4 and report.prompt_tokens == 0 and report.attempts == 0
    assert all(r["digest"]["provenance"]["cache_hit"] for r in _records(tmp_path / "two.jsonl"))


@pytest.mark.reliability(
    "bad API key mid-batch", outcome="run stops; finished records kept, the rest resumed"
)
async def test_authentication_failure_stops_the_run_and_leaves_the_rest_for_resume(tmp_path: Path) -> None:
    paths = seed_articles(tmp_path / "a", 6)
    inputs, out = inputs_file(tmp_path, paths), tmp_path / "out.jsonl"
    refused = Reply(status=401, body={"error": {"message": "Incorrect API key provided: sk-abc***"}})
    with ScriptedServer(default=refused) as server:
        report = await run_batch(inputs, out, summarizer=_summarizer(server), concurrency=2)
    assert report.stopped and "refused the API key" in report.stopped
    assert report.failed == 2 and report.pending == 4 and not report.all_ok
    assert all(r["error"]["type"] == "AuthenticationFailed" for r in _records(out))
    with ScriptedServer(default=Reply(seed_answer())) as server:
        report = await run_batch(inputs, out, summarizer=_summarizer(server), retry_failed=True)
    assert report.all_ok and len(_records(out)) == 6


async def test_progress_and_cost(tmp_path: Path, server: ScriptedServer) -> None:
    events: list[tuple[str, Any]] = []

    class Sink:
        def start(self, total: int) -> None:
            events.append(("start", total))

        def advance(self, *, ok: bool, cache_hit: bool) -> None:
            events.append(("advance", ok))

        def finish(self) -> None:
            events.append(("finish", None))

    paths = seed_articles(tmp_path / "a", 3)
    report = await run_batch(
        [*paths, "nope.txt"],
        tmp_path / "out.jsonl",
        summarizer=_summarizer(server),
        progress=Sink(),
        prices=Prices(input_per_mtok=1.0, output_per_mtok=2.0),
    )
    assert events[0] == ("start", 4) and events[-1] == ("finish", None)
    assert sorted(ok for kind, ok in events if kind == "advance") == [False, True, True, True]
    assert report.cost == pytest.approx((report.prompt_tokens + 2 * report.completion_tokens) / 1e6)
    assert "estimated cost" in report.summary()


def test_sync_wrapper_runs_twice_with_one_summarizer(tmp_path: Path, server: ScriptedServer) -> None:
    paths = seed_articles(tmp_path / "a", 2)
    s = _summarizer(server)
    one = summarize_batch(paths[:1], tmp_path / "one.jsonl", summarizer=s)
    two = summarize_batch(paths[1:], tmp_path / "two.jsonl", summarizer=s)
    assert one.ok == two.ok == 1


# The results file --------------------------------------------------------------------------------


@pytest.mark.reliability(
    "torn last record (crash mid-write)", outcome="dropped by repair; whole records kept"
)
def test_torn_tail_is_dropped_and_a_whole_last_record_kept(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with ResultsWriter(out) as w:
        w.write(json.dumps({"input": "a", "status": "ok", "digest": {}}))
        w.write(json.dumps({"input": "b", "status": "error", "error": {"type": "X", "message": "m"}}))
    whole = out.read_bytes()
    with open(out, "ab") as f:
        f.write(b'{"input": "c", "status": "ok", "dig')
    state = repair(out)
    assert out.read_bytes() == whole
    assert state.torn_tail_bytes > 0 and state.status == {"a": "ok", "b": "error"}

    with open(out, "ab") as f:
        f.write(b'{"input": "c", "status": "ok", "digest": {}}')  # no newline: whole, kept
    state = repair(out)
    assert state.status["c"] == "ok" and out.read_bytes().endswith(b"}\n")


@pytest.mark.reliability(
    "duplicate and invalid lines in the results", outcome="last line wins; compacted to one per input"
)
def test_last_line_wins_and_compaction_keeps_one_line_per_input(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    lines = [
        {"input": "a", "status": "error", "error": {"type": "X", "message": "1"}},
        {"input": "b", "status": "ok", "digest": {"n": 1}},
        {"input": "a", "status": "ok", "digest": {"n": 2}},
    ]
    out.write_text("".join(json.dumps(x) + "\n" for x in lines) + "not json\n", encoding="utf-8")
    assert read_results(out)["a"]["status"] == "ok"
    state = repair(out)
    assert state.superseded == 1 and state.invalid == 1 and state.needs_compaction
    assert compact(out) == 2
    assert [r["input"] for r in _records(out)] == ["b", "a"]


def test_inputs_file_and_sources(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    article = tmp_path / "sub" / "x.txt"
    article.write_text(SEED_TEXT, encoding="utf-8")
    inputs = tmp_path / "sub" / "inputs.txt"
    inputs.write_text("\ufeff# header\n\n  https://a.example/1  \nx.txt\n@x.txt\nhttps://a.example/1\n")
    assert read_lines(inputs) == ["https://a.example/1", "x.txt", "@x.txt"]
    assert classify("HTTPS://A.example/1").kind == "url"
    assert classify("https://A.example/1").host == "a.example"
    assert classify("x.txt", inputs.parent).target == str(article)
    assert classify(f"@{article}").kind == "file"
    for bad in ("file:///etc/passwd", "@nowhere.txt", "nowhere.txt"):
        with pytest.raises(InputError):
            classify(bad, inputs.parent)


# The summarizer's fetch options -------------------------------------------------------------------


def test_batch_honours_the_fetch_timeout_and_size_cap(tmp_path: Path) -> None:
    """`Summarizer.fetch` reaches every URL of a batch: a small size cap refuses a page the default
    accepts, and a read timeout ends a fetch the server never answers (released at the end, so
    the test waits on no clock but the timeout's own)."""
    import threading

    from pytest_httpserver import HTTPServer
    from werkzeug import Request, Response

    from summarizer.inputs.fetch import FetchOptions

    release = threading.Event()
    page = (
        "<html><body>"
        + "<p>"
        + "Officials said two people were killed in a blast. " * 40
        + "</p>" * 1
        + "</body></html>"
    )

    def stall(request: Request) -> Response:
        release.wait(60)
        return Response(page, content_type="text/html")

    httpd = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    httpd.start()
    try:
        httpd.expect_request("/big.html").respond_with_data(page, content_type="text/html")
        httpd.expect_request("/stall.html").respond_with_handler(stall)
        lines = [httpd.url_for("/big.html"), httpd.url_for("/stall.html")]
        fetch = FetchOptions(timeout=0.5, max_bytes=1_000, allow_private_hosts=True)
        summarizer = Summarizer(Settings(offline=True), fetch=fetch)
        out = tmp_path / "out.jsonl"
        report = asyncio.run(run_batch(lines, out, summarizer=summarizer))
        release.set()
        records = {r["input"]: r for r in _records(out)}
        assert report.failed == 2
        assert records[lines[0]]["error"]["type"] == "TooLarge"
        assert "1.0 MB" not in records[lines[0]]["error"]["message"]  # the cap set, not the default
        assert records[lines[1]]["error"]["type"] == "FetchTimeout"
        # The same pages under the default options: the cap no longer applies.
        default = Summarizer(Settings(offline=True), fetch=FetchOptions(allow_private_hosts=True))
        report = asyncio.run(run_batch(lines[:1], tmp_path / "ok.jsonl", summarizer=default))
        assert report.ok == 1
    finally:
        release.set()
        httpd.clear()
        httpd.stop()


# The command line ----------------------------------------------------------------------------------


def test_cli_exit_codes(tmp_path: Path, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    paths = seed_articles(tmp_path / "a", 2)
    out = tmp_path / "out.jsonl"
    common = ["-o", str(out), "--cache-dir", str(tmp_path / "cache"), "--model", "scripted-model", "-q"]
    runner = CliRunner()

    result = runner.invoke(app, ["batch", str(inputs_file(tmp_path, paths)), *common])
    assert result.exit_code == 0, result.output
    assert "2 ok, 0 failed" in result.output

    inputs = inputs_file(tmp_path, [*paths, "nope.txt"])
    result = runner.invoke(app, ["batch", str(inputs), *common, "--resume"])
    assert result.exit_code == 1 and "0 ok, 1 failed, 2 skipped" in result.output

    result = runner.invoke(app, ["batch", str(tmp_path / "inputs.txt"), *common])
    assert result.exit_code == 2 and "already holds results" in result.output
    assert "--resume" in result.output and "--overwrite" in result.output

    result = runner.invoke(
        app, ["batch", str(tmp_path / "inputs.txt"), *common, "--overwrite", "--price-in", "1"]
    )
    assert result.exit_code == 2 and "--price-out" in result.output

    result = runner.invoke(
        app, ["batch", str(tmp_path / "inputs.txt"), *common, "--overwrite", "--mode", "nope"]
    )
    assert result.exit_code == 2 and "mode" in result.output


# kill -9, then resume ------------------------------------------------------------------------------


def _assert_valid_after_repair(out: Path) -> dict[str, str]:
    """Every complete line is a record; only the last line may be torn; repair fixes that."""
    if not out.exists():
        return {}
    raw = out.read_bytes()
    complete, _, tail = raw.rpartition(b"\n")
    for line in complete.split(b"\n") if complete else []:
        assert parse_record(line) is not None, line[:200]
    state = repair(out)
    assert state.invalid == 0
    assert state.torn_tail_bytes == (len(tail) if parse_record(tail) is None else 0)
    for line in out.read_bytes().splitlines():
        assert parse_record(line) is not None
    return state.status


@pytest.mark.reliability(
    "kill -9 at random points, then resume (≥ 2 kills)",
    outcome="every input recorded exactly once; no finished record lost",
    bound="≤ 5 killed runs, then a final run < 60 s",
)
@pytest.mark.slow
def test_kill_nine_at_random_points_then_resume_completes_every_input_once(tmp_path: Path) -> None:
    rng = random.Random(20250201)
    paths = seed_articles(tmp_path / "a", 40)
    inputs, out = inputs_file(tmp_path, paths), tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "summarizer", "batch", str(inputs), "-o", str(out), "--resume", "-q"]
    command += ["--concurrency", "4", "--cache-dir", str(tmp_path / "cache"), "--model", "scripted-model"]
    with ScriptedServer(default=Reply(seed_answer(), delay=0.03)) as server:
        env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "PYTHONPATH": str(ROOT)}
        done: dict[str, str] = {}
        kills = 0
        for _ in range(5):
            before = len(server.requests)
            proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 15
            # Kill once this run is under way (it has asked the model), at a random moment after.
            while len(server.requests) <= before and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.25))
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
            proc.wait()
            status = _assert_valid_after_repair(out)
            assert set(done) <= set(status), "a finished input was lost"
            done = status
            if len(done) == len(paths):
                break
        final = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert kills >= 2
    assert final.returncode == 0, final.stderr
    records = _records(out)
    assert sorted(r["input"] for r in records) == sorted(paths)  # every input, exactly once
    assert all(r["status"] == "ok" for r in records)
