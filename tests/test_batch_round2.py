"""Nothing lost, round two (issue 15, items 1, 2 and 14): one writer per results file, no
compaction of a file that is not one, and batch setup failures as one line."""

from __future__ import annotations

import asyncio
import errno
import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest
from scenarios import inputs_file, seed_answer, seed_articles
from scripted import Reply, ScriptedServer
from typer.testing import CliRunner

from summarizer.api import Summarizer
from summarizer.batch import BatchError, run_batch
from summarizer.cli import app
from summarizer.results import OutputLock, ResultsWriter, read_results
from summarizer.settings import Settings

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


def _offline() -> Summarizer:
    return Summarizer(Settings(offline=True))


@pytest.mark.reliability(
    "two batch runs writing one output", outcome="the second refused; the first loses nothing"
)
async def test_a_second_writer_is_refused_and_the_first_keeps_every_record(tmp_path: Path) -> None:
    paths = seed_articles(tmp_path / "a", 6)
    out = tmp_path / "out.jsonl"
    with ScriptedServer(default=Reply(seed_answer(), delay=0.1)) as server:
        settings = Settings(base_url=server.base_url, model="scripted-model", max_retries=0, max_reasks=0)
        first = asyncio.create_task(run_batch(paths, out, summarizer=Summarizer(settings), concurrency=1))
        while not out.exists():  # the first run holds the lock from its first step
            await asyncio.sleep(0.01)
        with pytest.raises(BatchError, match="being written by another batch run"):
            await run_batch(paths, out, summarizer=_offline(), resume=True)
        with pytest.raises(BatchError, match="being written by another batch run"):
            await run_batch(paths, out, summarizer=_offline(), overwrite=True)
        report = await first
    assert report.ok == 6
    results = read_results(out)
    assert sorted(results) == sorted(paths)
    assert len(out.read_text("utf-8").splitlines()) == 6
    # Once it is done, the file is free again.
    again = await run_batch(paths, out, summarizer=_offline(), resume=True)
    assert again.skipped == 6


@pytest.mark.reliability(
    "two batch runs writing one output", outcome="the second refused (CLI): one line, exit 2"
)
def test_the_cli_refuses_an_output_another_process_holds(tmp_path: Path) -> None:
    paths = seed_articles(tmp_path / "a", 1)
    out = tmp_path / "out.jsonl"
    with OutputLock(out):
        result = CliRunner().invoke(
            app, ["batch", str(inputs_file(tmp_path, paths)), "-o", str(out), "--offline", "-q"]
        )
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "another batch run" in result.output


@pytest.mark.parametrize("resume", [True, False])
@pytest.mark.reliability("output that is not a results file (notes)", outcome="refused; the file untouched")
async def test_an_output_holding_other_text_is_refused_and_kept(tmp_path: Path, resume: bool) -> None:
    paths = seed_articles(tmp_path / "a", 2)
    notes = tmp_path / "notes.jsonl"
    content = "my notes on the batch\nsecond line, no newline at the end"
    notes.write_text(content, encoding="utf-8")
    with pytest.raises(BatchError, match="is not a results file") as caught:
        await run_batch(paths, notes, summarizer=_offline(), resume=resume)
    assert "already holds results" not in str(caught.value)
    assert notes.read_text("utf-8") == content


@pytest.mark.parametrize("flags", [["--resume"], ["--overwrite"], ["--resume", "--overwrite"]])
@pytest.mark.reliability("output that is the inputs file", outcome="refused; the file untouched")
def test_the_inputs_file_as_output_is_refused(tmp_path: Path, flags: list[str]) -> None:
    inputs = inputs_file(tmp_path, seed_articles(tmp_path / "a", 2))
    before = inputs.read_bytes()
    result = CliRunner().invoke(app, ["batch", str(inputs), "-o", str(inputs), "--offline", "-q", *flags])
    assert result.exit_code == 2 and "inputs file itself" in result.output
    assert inputs.read_bytes() == before


def _one_line_exit(result: object, code: int) -> str:
    output = result.output  # type: ignore[attr-defined]
    assert result.exit_code == code, output  # type: ignore[attr-defined]
    assert "Traceback" not in output and len(output.strip().splitlines()) == 1, output
    return str(output)


@pytest.mark.parametrize("case", ["output is a directory", "parent is a file", "read-only output"])
@pytest.mark.reliability("batch setup failure (output unwritable)", outcome="one line, exit 2")
def test_an_unwritable_output_is_one_line(tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = inputs_file(tmp_path, seed_articles(tmp_path / "a", 1))
    if case == "output is a directory":
        out = tmp_path / "dir.jsonl"
        out.mkdir()
    elif case == "parent is a file":
        (tmp_path / "afile").write_text("x")
        out = tmp_path / "afile" / "out.jsonl"
    else:
        out = tmp_path / "ro" / "out.jsonl"
        out.parent.mkdir()
        real_open = os.open

        def refuse(path: object, *args: object, **kwargs: object) -> int:
            if str(path) == str(out):  # what a read-only directory does to a user who is not root
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", refuse)
    result = CliRunner().invoke(app, ["batch", str(inputs), "-o", str(out), "--offline", "-q"])
    assert "cannot write the output" in _one_line_exit(result, 2)


@pytest.mark.reliability("batch setup failure (inputs file not UTF-8)", outcome="one line, exit 2")
def test_an_inputs_file_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs.txt"
    inputs.write_bytes("caf\xe9.txt\n".encode("latin-1"))
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["batch", str(inputs), "-o", str(out), "--offline", "-q"])
    assert "not UTF-8" in _one_line_exit(result, 2)
    assert not out.exists()


@pytest.mark.reliability(
    "disk full mid-run", outcome="one line, exit 1; records written kept; resume finishes"
)
def test_disk_full_mid_run_is_one_line_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = seed_articles(tmp_path / "a", 5)
    inputs, out = inputs_file(tmp_path, paths), tmp_path / "out.jsonl"
    real_write = ResultsWriter.write
    calls = {"n": 0}

    def full_after_two(self: ResultsWriter, line: str) -> None:
        calls["n"] += 1
        if calls["n"] > 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(self, line)

    monkeypatch.setattr(ResultsWriter, "write", full_after_two)
    args = ["batch", str(inputs), "-o", str(out), "--offline", "-q", "--concurrency", "1", "--no-cache"]
    result = CliRunner().invoke(app, args)
    assert "No space left on device" in _one_line_exit(result, 1)
    assert len(read_results(out)) == 2
    monkeypatch.setattr(ResultsWriter, "write", real_write)
    result = CliRunner().invoke(app, [*args, "--resume"])
    assert result.exit_code == 0, result.output
    assert sorted(read_results(out)) == sorted(paths)


def _wait_for(started: Any, stop: Any) -> None:
    started.set()  # (after the fork handlers ran in this child)
    stop.wait(60)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked batch workers only where fork exists")
@pytest.mark.reliability(
    "batch killed with -9 while its workers finish", outcome="the output free again at once; resume runs"
)
def test_a_forked_worker_does_not_keep_the_output_locked(tmp_path: Path) -> None:
    # A worker that outlives its killed parent must not hold the lock: the resumed run was
    # refused while it finished its articles (seen as a flaky kill -9 test on a loaded machine).
    out = tmp_path / "out.jsonl"
    ctx = multiprocessing.get_context("fork")
    started, stop = ctx.Event(), ctx.Event()
    lock = OutputLock(out).acquire()
    child = ctx.Process(target=_wait_for, args=(started, stop), daemon=True)
    child.start()
    try:
        assert started.wait(60)
        lock.release()  # the parent is gone; its worker is still running
        assert child.is_alive()
        with OutputLock(out):  # refused ("another batch run") when the child kept a copy
            pass
    finally:
        stop.set()
        child.join()
