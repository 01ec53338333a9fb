"""`batch --workers N`: N processes, one results file written by the parent, kill -9 and resume."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from scenarios import ROOT, inputs_file, seed_answer, seed_articles
from scripted import Reply, ScriptedServer

from summarizer.cache import Cache
from summarizer.results import parse_record, repair
from summarizer.settings import Settings
from summarizer.workers import run_batch_workers

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


def _inputs(tmp_path: Path, n: int, extra: list[str] | None = None) -> tuple[Path, list[str]]:
    lines = [*seed_articles(tmp_path / "a", n), *(extra or [])]
    return inputs_file(tmp_path, lines), lines


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_two_workers_one_file_one_cache(tmp_path: Path) -> None:
    inputs, lines = _inputs(tmp_path, 12, extra=["missing.txt"])
    out = tmp_path / "out.jsonl"
    with ScriptedServer(default=Reply(seed_answer(), delay=0.01)) as server:
        settings = Settings(base_url=server.base_url, model="gpt-4o-mini", max_retries=0, max_reasks=0)
        options: dict[str, Any] = {"settings": settings, "workers": 2, "cache_dir": tmp_path / "cache"}
        report = run_batch_workers(inputs, out, concurrency=4, **options)
        assert report.ok == 12 and report.failed == 1 and report.pending == 0
        assert len(server.requests) == 12
        assert report.prompt_tokens > 0 and report.cost is not None and report.cost > 0
        records = _records(out)
        assert sorted(r["input"] for r in records) == sorted(lines)  # each input once
        # The children shared the cache: a second run asks the model nothing.
        again = run_batch_workers(inputs, tmp_path / "again.jsonl", concurrency=4, **options)
        assert again.cache_hits == 12 and len(server.requests) == 12
    assert len(list(Cache(tmp_path / "cache").root.rglob("*.json"))) == 12


@pytest.mark.slow
def test_kill_nine_with_workers_then_resume_completes_every_input_once(tmp_path: Path) -> None:
    rng = random.Random(20261130)
    inputs, paths = _inputs(tmp_path, 40)
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "summarizer", "batch", str(inputs), "-o", str(out), "--resume", "-q"]
    command += ["--workers", "2", "--concurrency", "4", "--cache-dir", str(tmp_path / "cache")]
    command += ["--model", "scripted-model"]
    with ScriptedServer(default=Reply(seed_answer(), delay=0.03)) as server:
        env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "PYTHONPATH": str(ROOT)}
        done: dict[str, str] = {}
        kills = 0
        for _ in range(5):
            before = len(server.requests)
            proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 30
            while len(server.requests) <= before and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.25))
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
            proc.wait()
            if out.exists():
                for line in out.read_bytes().rpartition(b"\n")[0].split(b"\n"):
                    assert not line or parse_record(line) is not None
            status = repair(out).status if out.exists() else {}
            assert set(done) <= set(status), "a finished input was lost"
            done = status
            if len(done) == len(paths):
                break
        final = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert kills >= 2
    assert final.returncode == 0, final.stderr
    records = _records(out)
    assert sorted(r["input"] for r in records) == sorted(paths)  # every input, exactly once
    assert all(r["status"] == "ok" for r in records)


def test_the_children_are_forked_before_any_other_thread_runs(tmp_path: Path) -> None:
    """A process forked while another thread runs may inherit a lock that thread holds (Python
    3.12+ warns): the work queue, whose first `put` starts a feeder thread, is filled only once
    every child is started."""
    inputs, _ = _inputs(tmp_path, 4)
    probe = """
import os, sys, threading
from summarizer.settings import Settings
from summarizer.workers import run_batch_workers
threads = []
fork = os.fork
def counting_fork():
    threads.append(threading.active_count())
    return fork()
os.fork = counting_fork
report = run_batch_workers(sys.argv[1], sys.argv[2], settings=Settings(backend="rules"), workers=2)
print(report.ok, *threads)
"""
    command = [sys.executable, "-c", probe, str(inputs), str(tmp_path / "out.jsonl")]
    out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=tmp_path)
    ok, *threads = (int(x) for x in out.stdout.split())
    assert ok == 4 and threads == [1, 1]


def test_warm_up_settles_the_parent_so_forked_children_start_settled() -> None:
    """A child forked after `warm_up` inherits the frozen heap and does not collect it again
    at its first digest (a full collection of everything it inherited)."""
    probe = """
import gc, os
from summarizer import runtime
from summarizer.settings import Settings
from summarizer.workers import warm_up
warm_up(Settings(backend="rules"))
frozen = gc.get_freeze_count()
pid = os.fork()
if pid == 0:
    os._exit(0 if runtime._settled and gc.get_freeze_count() > frozen // 2 else 1)
_, status = os.waitpid(pid, 0)
print(frozen, os.waitstatus_to_exitcode(status))
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    frozen, child = (int(x) for x in out.stdout.split())
    assert frozen > 10_000 and child == 0


def test_warm_up_pays_the_first_requests_one_time_costs_before_the_fork() -> None:
    """After `warm_up` with a model configured, a process's first model digest imports no
    module and makes no response schema: each forked worker used to pay that (about 35 ms)
    at its first article, while the requests behind it waited."""
    probe = f"""
import asyncio, sys
sys.path.insert(0, {str(ROOT / "tests")!r})
from scenarios import SEED_TEXT, seed_answer
from scripted import Reply, ScriptedServer
from instructor.v2.providers.openai.schema import generate_openai_schema
from summarizer.api import Summarizer
from summarizer.settings import Settings
from summarizer.workers import warm_up
with ScriptedServer(default=Reply(seed_answer())) as server:
    settings = Settings(base_url=server.base_url, model="scripted-model", max_retries=0)
    warm_up(settings)
    modules, schemas = set(sys.modules), generate_openai_schema.cache_info().misses
    digest = asyncio.run(Summarizer(settings).asummarize_text(SEED_TEXT))
new_schemas = generate_openai_schema.cache_info().misses - schemas
print(len(digest.incidents), sorted(set(sys.modules) - modules), new_schemas)
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    incidents, rest = out.stdout.split(maxsplit=1)
    assert incidents != "0" and rest.strip() == "[] 0", out.stdout
