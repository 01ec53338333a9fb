"""`batch --via batch-api`: requests built as live ones, results checked as live ones, resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from batchserver import BatchServer
from scenarios import ROOT, SEED_TEXT, inputs_file, seed_answer, seed_articles
from scripted import Reply, ScriptedServer

from summarizer.api import Summarizer
from summarizer.backends.model import OpenAIBackend
from summarizer.batchapi import request_body, run_batch_api, state_path
from summarizer.costs import PriceTable
from summarizer.document import Document
from summarizer.pipeline import make_article
from summarizer.schemas import TokenUsage
from summarizer.settings import Settings

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

FAIL = "Editor's note 3."


def _answer(body: dict[str, Any]) -> Reply:
    """The seed answer, except for the article that carries FAIL: a server error for it."""
    if FAIL in body["messages"][-1]["content"]:
        return Reply(status=500, body={"error": {"message": "scripted failure"}})
    return Reply(seed_answer())


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _summarizer(base_url: str, model: str = "gpt-4o-mini") -> Summarizer:
    return Summarizer(Settings(base_url=base_url, model=model, max_retries=0, max_reasks=0))


def test_batch_request_is_the_live_request() -> None:
    """The body in the batch file is byte for byte what a live request posts."""
    article = make_article(SEED_TEXT, title="A title")
    with ScriptedServer(default=Reply(seed_answer())) as live:
        s = _summarizer(live.base_url)
        s.summarize_article(article)
        sent = live.requests[0]
    backend = s.backend
    assert isinstance(backend, OpenAIBackend)
    assert request_body(backend.client, article.text, Document.of(article).metadata()) == sent
    assert sent["messages"][0]["role"] == "system"  # the fixed part first: prompt caching applies


def test_every_input_digested_failures_recorded_and_cost_reported(tmp_path: Path) -> None:
    paths = seed_articles(tmp_path / "a", 6)
    out = tmp_path / "out.jsonl"
    with BatchServer(_answer, steps_per_poll=2) as server:
        report = run_batch_api(
            [*paths, str(tmp_path / "missing.txt")],
            out,
            summarizer=_summarizer(server.base_url),
            poll_interval=0,
        )
        assert len(server.batches) == 1 and server.polls >= 3
    records = {r["input"]: r for r in _records(out)}
    assert set(records) == {*paths, str(tmp_path / "missing.txt")}
    failed = [p for p, r in records.items() if r["status"] == "error"]
    assert sorted(failed) == sorted([paths[3], str(tmp_path / "missing.txt")])
    assert "HTTP 500" in records[paths[3]]["error"]["message"]
    assert report.ok == 5 and report.failed == 2
    good = records[paths[0]]["digest"]
    assert good["provenance"]["via"] == "batch-api"
    assert good["incidents"] and good["summary"]["checks_passed"]
    # Grounded as a live reply: every quote is a verbatim span of the article.
    text = good["article"]["text"]
    for incident in good["incidents"]:
        for ev in incident["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["quote"]
    # Tokens, cached tokens (the prefix repeats after the first request) and the batch price.
    assert report.prompt_tokens > 0 and 0 < report.cached_tokens < report.prompt_tokens
    tokens = TokenUsage.model_validate(good["provenance"]["tokens"])
    live = PriceTable.load().cost("gpt-4o-mini", tokens)
    assert live is not None and good["provenance"]["estimated_cost_usd"] == pytest.approx(live / 2, abs=1e-8)
    assert report.cost is not None and report.cost > 0
    assert not state_path(out).exists()


def test_a_failed_batch_records_every_item(tmp_path: Path) -> None:
    paths = seed_articles(tmp_path / "a", 2)
    out = tmp_path / "out.jsonl"
    with BatchServer(_answer, fail_batch="the file is not valid") as server:
        report = run_batch_api(paths, out, summarizer=_summarizer(server.base_url), poll_interval=0)
    assert report.failed == 2
    assert all("batch failed" in r["error"]["message"] for r in _records(out))


def test_price_table_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "prices.tsv"
    mine.write_text("# mine\nlocal-model\t1\t0.5\t2\n", encoding="utf-8")
    monkeypatch.setenv("SUMMARIZER_PRICES", str(mine))
    table = PriceTable.load()
    usage = TokenUsage(prompt_tokens=1_000_000, cached_tokens=500_000, completion_tokens=1_000_000)
    assert table.cost("local-model", usage) == pytest.approx(0.5 + 0.25 + 2)
    assert table.cost("gpt-4o-mini-2024-07-18", usage) == table.cost("gpt-4o-mini", usage)
    assert table.cost("unknown-model", usage) is None


@pytest.mark.slow
def test_kill_nine_while_polling_then_resume_loses_nothing(tmp_path: Path) -> None:
    paths = seed_articles(tmp_path / "a", 12)
    inputs = inputs_file(tmp_path, paths)
    out = tmp_path / "out.jsonl"
    command = [
        sys.executable,
        "-m",
        "summarizer",
        "batch",
        str(inputs),
        "-o",
        str(out),
        "--via",
        "batch-api",
    ]
    command += ["--resume", "--poll-interval", "0.05", "--no-cache", "--model", "gpt-4o-mini", "-q"]
    with BatchServer(_answer, steps_per_poll=1) as server:
        env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while server.polls < 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert proc.poll() is None, "the run ended before it could be interrupted"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert state_path(out).exists()
        final = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert len(server.batches) == 1, "the resumed run submitted the batch again"
    assert final.returncode == 1, final.stderr  # one scripted failure
    records = _records(out)
    assert sorted(r["input"] for r in records) == sorted(paths)  # every input, exactly once
    assert [r["input"] for r in records if r["status"] == "error"] == [paths[3]]
    assert not state_path(out).exists()


def test_stopped_between_creating_the_batch_and_saving_its_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Resume finds the batch made from the stored upload instead of paying for a second one."""
    from summarizer.batchapi import BatchState

    paths = seed_articles(tmp_path / "a", 3)
    out = tmp_path / "out.jsonl"
    real_save = BatchState.save
    saves = []

    def crash_on_third(self: BatchState, path: Path) -> None:
        saves.append(self.batch_id)
        if len(saves) == 3:  # 1: articles, 2: upload, 3: the batch id
            raise KeyboardInterrupt
        real_save(self, path)

    with BatchServer(_answer) as server:
        monkeypatch.setattr(BatchState, "save", crash_on_third)
        with pytest.raises(KeyboardInterrupt):
            run_batch_api(paths, out, summarizer=_summarizer(server.base_url), poll_interval=0)
        assert len(server.batches) == 1 and state_path(out).exists()
        monkeypatch.setattr(BatchState, "save", real_save)
        report = run_batch_api(
            paths, out, summarizer=_summarizer(server.base_url), poll_interval=0, resume=True
        )
        assert len(server.batches) == 1, "a second batch was created"
    assert report.ok == 3 and sorted(r["input"] for r in _records(out)) == sorted(paths)
