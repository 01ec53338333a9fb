"""Many articles at once: bounded concurrency, one JSONL line per input, resumable.

    report = summarize_batch("inputs.txt", "digests.jsonl", concurrency=8, resume=True)

`run_batch` keeps at most `concurrency` model requests in flight, with twice
as many inputs under way (a fixed pool of workers pulling from the input list,
so memory does not grow with the number of inputs), fetches at most `per_host`
URLs from any one host at once, and
appends each result to the output as soon as it is ready (see
`summarizer.results` for why that survives `kill -9`).

With `resume=True` an input whose last line in the output is ok is skipped;
one whose last line is an error is retried only with `retry_failed=True`.
The file is read last-line-wins and compacted at the end of a run, so a
finished run leaves every input on exactly one line.

An authentication failure stops the run (every later request would fail the
same way); the inputs not yet started are left for a resumed run.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import time
from collections.abc import Callable, Coroutine, Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import anyio.to_thread

from summarizer.aio import NotSent, Places, places
from summarizer.api import Summarizer
from summarizer.inputs.loader import Loader
from summarizer.inputs.sources import Source, classify, read_lines, unique_lines
from summarizer.progress import ProgressSink
from summarizer.results import (
    NotAResultsFile,
    OutputBusy,
    OutputLock,
    ResultsState,
    ResultsWriter,
    check_output,
    compact,
    error_line,
    ok_line,
    repair,
)
from summarizer.schemas import ArticleDigest, Provenance
from summarizer.settings import Settings

log = logging.getLogger(__name__)

#: Requests in flight by default: within the concurrent-request limits of OpenAI's lower
#: usage tiers and of a single local llama.cpp/vLLM server; raise it for bigger quotas.
DEFAULT_CONCURRENCY = 8


class BatchError(RuntimeError):
    """The batch cannot start (the output exists without resume, a bad setting)."""


class BatchInterrupted(BatchError):
    """The batch started but could not go on (the output could not be written)."""


@dataclass(frozen=True)
class Prices:
    """What the endpoint charges, per million tokens; no prices are built in."""

    input_per_mtok: float
    output_per_mtok: float

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (prompt_tokens * self.input_per_mtok + completion_tokens * self.output_per_mtok) / 1e6


@dataclass
class BatchReport:
    """Totals of one run. Tokens and attempts are what this run spent (cache hits cost none)."""

    inputs: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0  # already ok in the output (resume)
    not_retried: int = 0  # failed in an earlier run and not retried (resume without retry_failed)
    pending: int = 0  # not started because the run stopped early
    cache_hits: int = 0
    prompt_tokens: int = 0
    cached_tokens: int = 0  # of prompt_tokens, served from the provider's prompt cache
    completion_tokens: int = 0
    attempts: int = 0
    wall_s: float = 0.0
    compacted: int = 0  # superseded or unreadable lines removed from the output at the end
    repaired_bytes: int = 0  # torn last line dropped before resuming
    cost: float | None = None
    stopped: str | None = None  # why the run stopped early, if it did

    def add(self, p: Provenance) -> None:
        """Count one digest's tokens and estimated cost (a table estimate, see summarizer.costs)."""
        self.prompt_tokens += p.tokens.prompt_tokens
        self.cached_tokens += p.tokens.cached_tokens
        self.completion_tokens += p.tokens.completion_tokens
        self.attempts += p.attempts
        if p.estimated_cost_usd is not None:
            self.cost = round((self.cost or 0.0) + p.estimated_cost_usd, 8)

    @property
    def all_ok(self) -> bool:
        return self.failed == 0 and self.not_retried == 0 and self.pending == 0

    @property
    def rate(self) -> float:
        """Inputs processed per second of wall time."""
        done = self.ok + self.failed
        return done / self.wall_s if self.wall_s > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "rate": round(self.rate, 3)}

    def summary(self) -> str:
        """One paragraph for stderr."""
        parts = [
            f"{self.inputs} inputs: {self.ok} ok, {self.failed} failed, {self.skipped} skipped (done before)",
        ]
        if self.not_retried:
            parts.append(f"{self.not_retried} failed before and not retried (use --retry-failed)")
        if self.pending:
            parts.append(f"{self.pending} not started")
        parts.append(f"{self.cache_hits} cache hits")
        parts.append(
            f"tokens {self.prompt_tokens} in ({self.cached_tokens} cached) / {self.completion_tokens} out, "
            f"{self.attempts} model requests"
        )
        if self.cost is not None:
            parts.append(f"estimated cost {self.cost:.4f} USD")
        parts.append(f"{self.wall_s:.1f} s ({self.rate:.1f} articles/s)")
        text = "; ".join(parts)
        return f"{text}\nstopped early: {self.stopped}" if self.stopped else text


def _error_kind(exc: BaseException) -> str:
    return type(exc).__name__


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:500]


class _Run:
    """State shared by the workers of one `run_batch` call."""

    def __init__(
        self,
        summarizer: Summarizer,
        loader: Loader,
        writer: ResultsWriter,
        report: BatchReport,
        progress: ProgressSink | None,
        base_dir: Path | None,
    ) -> None:
        self.summarizer = summarizer
        self.loader = loader
        self.writer = writer
        self.report = report
        self.progress = progress
        self.base_dir = base_dir
        self.stop: str | None = None
        self.gate: Places | None = None  # the model requests in flight (`run`)

    async def digest(self, line: str) -> ArticleDigest:
        source: Source = classify(line, self.base_dir)
        article = await self.loader.load(source)
        return await self.summarizer.asummarize_article(article)

    async def one(self, line: str) -> None:
        ok, hit = False, False
        try:
            digest = await self.digest(line)
        except NotSent:  # the run stopped while its request waited: left for a resumed run
            self.report.pending += 1
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            from summarizer.llm import AuthenticationFailed, ModelError  # loaded already if a model ran

            if isinstance(exc, ModelError):
                self.report.attempts += exc.attempts
            if isinstance(exc, AuthenticationFailed) and self.stop is None:
                self.stop = _one_line(exc)
                if self.gate is not None:
                    self.gate.close()  # the requests built meanwhile would fail the same way
            if not isinstance(exc, ValueError | RuntimeError | OSError):
                log.debug("unexpected error on %s", line, exc_info=True)
            self.writer.write(error_line(line, _error_kind(exc), _one_line(exc)))
            self.report.failed += 1
        else:
            ok, hit = True, digest.provenance.cache_hit
            self.writer.write(ok_line(line, digest.model_dump_json()))
            p = digest.provenance
            self.report.ok += 1
            self.report.cache_hits += hit
            self.report.add(p)
        if self.progress is not None:
            self.progress.advance(ok=ok, cache_hit=hit)

    async def run(self, todo: Iterable[str], concurrency: int) -> None:
        """Digest every input of `todo` with at most `concurrency` model requests in flight
        (`aio.places`). Twice as many articles are under way: while one waits for its turn
        on the CPU, another has its request ready for the place the first one's reply freed."""
        shared = iter(todo)  # one iterator for all workers: each input is taken once
        with places(concurrency) as self.gate:
            await asyncio.gather(*(self.worker(shared) for _ in range(2 * concurrency)))

    async def worker(self, todo: Iterator[str]) -> None:
        for line in todo:
            if self.stop is not None:
                self.report.pending += 1
                continue
            await self.one(line)


def _plan(lines: list[str], state: ResultsState, retry_failed: bool, report: BatchReport) -> list[str]:
    todo = []
    for line in lines:
        status = state.status.get(line)
        if status == "ok":
            report.skipped += 1
        elif status == "error" and not retry_failed:
            report.not_retried += 1
        else:
            todo.append(line)
    return todo


def _prepare_output(path: Path, resume: bool, overwrite: bool, inputs: Path | None = None) -> ResultsState:
    try:
        check_output(path, inputs, contents=resume or not overwrite)
    except NotAResultsFile as exc:
        raise BatchError(str(exc)) from None
    if path.exists() and path.stat().st_size > 0 and not (resume or overwrite):
        raise BatchError(
            f"{path} already holds results: pass resume to continue it, or overwrite to start again"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    if overwrite and not resume:
        path.write_bytes(b"")
        return ResultsState()
    return repair(path)


def _read_inputs(path: str | os.PathLike[str]) -> list[str]:
    try:
        return read_lines(path)
    except UnicodeDecodeError as exc:
        raise BatchError(f"cannot read the inputs file {path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise BatchError(
            f"cannot read the inputs file {path}: {exc.strerror or type(exc).__name__}"
        ) from None


def _setup_error(path: Path, exc: OSError) -> BatchError:
    """One line for an output that cannot be opened (a directory, a read-only place...)."""
    reason = exc.strerror or type(exc).__name__
    return BatchError(f"cannot write the output {path}: {reason[:1].lower()}{reason[1:]}")


@contextlib.contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output for a whole run: a second writer is refused (see
    OutputLock); a write failure mid-run becomes one BatchInterrupted line."""
    existed = out.exists()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        lock = OutputLock(out).acquire()
    except OutputBusy as exc:
        raise BatchError(str(exc)) from None
    except OSError as exc:
        raise _setup_error(out, exc) from None
    try:
        yield
    except OSError as exc:  # the output failed mid-run (disk full...): what was written stays
        raise BatchInterrupted(
            f"writing {out} failed: {exc.strerror or exc}; every record written before is kept: "
            "free the space and resume"
        ) from None
    finally:
        lock.release()
        if not existed and out.is_file() and out.stat().st_size == 0:
            out.unlink()  # refused before any record: leave no empty file behind


def _holding_output_lock(
    run: Callable[..., Coroutine[Any, Any, BatchReport]],
) -> Callable[..., Coroutine[Any, Any, BatchReport]]:
    """Run with an exclusive lock on the output (see `output_lock`)."""

    @functools.wraps(run)
    async def locked(inputs: Any, output_path: str | os.PathLike[str], **options: Any) -> BatchReport:
        with output_lock(Path(output_path)):
            return await run(inputs, output_path, **options)

    return locked


@_holding_output_lock
async def run_batch(
    inputs: str | os.PathLike[str] | Iterable[str],
    output_path: str | os.PathLike[str],
    *,
    summarizer: Summarizer,
    concurrency: int = DEFAULT_CONCURRENCY,
    per_host: int = 4,
    resume: bool = False,
    retry_failed: bool = False,
    overwrite: bool = False,
    progress: ProgressSink | None = None,
    allow_private_hosts: bool = False,
    prices: Prices | None = None,
) -> BatchReport:
    """Digest every input, appending one JSONL record per input to `output_path`.

    `inputs` is a path to an inputs file, or an iterable of input lines.
    `retry_failed` implies `resume`. Raises BatchError before starting when
    the output already holds results and neither `resume` nor `overwrite` is set.
    """
    if concurrency < 1:
        raise BatchError("concurrency must be at least 1")
    resume = resume or retry_failed
    started = time.perf_counter()
    if isinstance(inputs, str | os.PathLike):
        # Read in a worker thread: never block the event loop on a file.
        lines = await anyio.to_thread.run_sync(_read_inputs, inputs)
        base_dir = await anyio.to_thread.run_sync(lambda: Path(inputs).resolve().parent)
    else:
        lines, base_dir = unique_lines(inputs), None
    out = Path(output_path)
    inputs_path = Path(inputs) if isinstance(inputs, str | os.PathLike) else None
    state = await anyio.to_thread.run_sync(_prepare_output, out, resume, overwrite, inputs_path)
    report = BatchReport(inputs=len(lines), repaired_bytes=state.torn_tail_bytes)
    if state.torn_tail_bytes:
        log.warning("%s: dropped a torn last line (%d bytes)", out, report.repaired_bytes)
    todo = _plan(lines, state, retry_failed, report)
    fetch = summarizer.fetch
    if allow_private_hosts:
        fetch = replace(fetch, allow_private_hosts=True)
    loader = Loader(fetch, per_host=per_host)
    if not todo:
        progress = None
    if progress is not None:
        progress.start(len(todo))
    try:
        with ResultsWriter(out) as writer:
            run = _Run(summarizer, loader, writer, report, progress, base_dir)
            await run.run(todo, min(concurrency, len(todo)))
            report.stopped = run.stop
    finally:
        if progress is not None:
            progress.finish()
    # A retried input now has two lines (last wins); rewrite so each has one.
    if state.needs_compaction or any(line in state.status for line in todo):
        report.compacted = await anyio.to_thread.run_sync(compact, out)
    if prices is not None:
        report.cost = prices.cost(report.prompt_tokens, report.completion_tokens)
    report.wall_s = round(time.perf_counter() - started, 3)
    return report


def summarize_batch(
    inputs: str | os.PathLike[str] | Iterable[str],
    output_path: str | os.PathLike[str],
    *,
    settings: Settings | None = None,
    cache: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    summarizer: Summarizer | None = None,
    **options: Any,
) -> BatchReport:
    """`run_batch` for code without an event loop. Caches in the user cache dir unless `cache=False`.

    Options are those of `run_batch` (concurrency, per_host, resume, ...).
    """
    if summarizer is None:
        from summarizer.cache import Cache

        summarizer = Summarizer(settings, cache=Cache(cache_dir) if cache else None)
    return asyncio.run(run_batch(inputs, output_path, summarizer=summarizer, **options))
