"""`summarizer batch --workers N`: the per-article CPU work on N processes, one results file.

One Python process runs its checks (grounding, cross-check, neutrality, parsing)
on one core, inside the event loop that also drives every request in flight.
With N workers the inputs are shared out over N child processes, each running
the ordinary batch loop (`batch._Run`) with its share of the requests in flight;
they share the on-disk cache (safe for many writers, see `summarizer.cache`).

Only the parent writes the results file: children send each finished record
over a queue and the parent appends it with `ResultsWriter`, so the file keeps
its guarantees (one unbuffered write per record, last-line-wins, repair and
resume) and `kill -9` of the parent loses only records not yet written, which a
resumed run redoes. A child whose parent has died takes no new input.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import queue
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from summarizer.api import Summarizer
from summarizer.batch import (
    BatchReport,
    Prices,
    _plan,
    _prepare_output,
    _read_inputs,
    _Run,
    compact,
    output_lock,
    run_batch,
)
from summarizer.inputs.loader import Loader
from summarizer.inputs.options import FetchOptions
from summarizer.progress import ProgressSink
from summarizer.results import ResultsWriter
from summarizer.settings import Settings

log = logging.getLogger(__name__)

#: Report fields the children's reports add up to.
_SUMMED = (
    "ok",
    "failed",
    "pending",
    "cache_hits",
    "prompt_tokens",
    "cached_tokens",
    "completion_tokens",
    "attempts",
)


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class _Sender:
    """Stands in for the writer and the progress sink inside a child: forwards to the parent."""

    def __init__(self, results: Any) -> None:
        self.results = results

    def write(self, line: str) -> None:
        self.results.put(("line", line))

    def start(self, total: int) -> None:
        return

    def advance(self, *, ok: bool, cache_hit: bool) -> None:
        self.results.put(("advance", ok, cache_hit))

    def finish(self) -> None:
        return


def _take(work: Any, parent: int) -> Iterator[str]:
    """Inputs from the shared queue until its end marker, or until the parent is gone."""
    while os.getppid() == parent:
        line = work.get()
        if line is None:
            return
        yield line


def _child(
    settings: Settings,
    cache_dir: str | None,
    use_cache: bool,
    price_file: str | None,
    concurrency: int,
    per_host: int,
    fetch: FetchOptions,
    base_dir: Path | None,
    work: Any,
    results: Any,
    parent: int,
    first: bool,
) -> None:
    from summarizer.cache import Cache
    from summarizer.costs import PriceTable

    summarizer = Summarizer(settings, cache=Cache(cache_dir) if use_cache else None, fetch=fetch)
    summarizer.prices = PriceTable.load(price_file)
    summarizer._told = not first  # the offline notice once per run, not once per child
    report = BatchReport()
    sender = _Sender(results)
    loader = Loader(fetch, per_host=per_host)

    async def main() -> str | None:
        run = _Run(summarizer, loader, sender, report, sender, base_dir)  # type: ignore[arg-type]
        await run.run(_take(work, parent), concurrency)
        return run.stop

    stop = None
    try:
        stop = asyncio.run(main())
    finally:
        if stop:
            results.put(("stop", stop))
        results.put(("done", {k: getattr(report, k) for k in _SUMMED}, report.cost))
        if os.getppid() != parent:
            results.cancel_join_thread()  # nobody will read it: do not wait to flush at exit


#: A few sentences that take every check through its patterns (outcome, speech, denial,
#: partitive, background cues): compiled once in the parent, not once per child.
_WARM_TEXT = (
    "QUETTA, Feb 1 (IANS) Gunmen killed two people and injured three others on Monday, police "
    "said. The group denied the figure. Of the 12 killed, seven were soldiers, according to "
    "officials. Earlier this year, militants killed 13 protesters in the same district."
)


def warm_up(settings: Settings) -> None:
    """Load what every digest needs once, in the parent, so forked children share it instead
    of each paying for it (the gazetteer index alone takes seconds to build; the checks' cue
    patterns, a quarter of a second more). Then settle the process (`runtime.settle`: one
    full collection, then `gc.freeze`), as its first digest would: forked after it, each
    child starts settled, instead of walking every inherited object in its own first
    collection (about 125 ms of CPU per child, at its first article, while its requests
    wait; and each page it touches is copied)."""
    from summarizer import geo, rules, runtime
    from summarizer.crosscheck import cross_check
    from summarizer.document import Document
    from summarizer.inputs.text import make_article
    from summarizer.pipeline import build_digest
    from summarizer.schemas import Provenance

    geo.towns("London")
    document = Document.of(make_article(_WARM_TEXT))
    extraction = rules.extract(document.reporting)
    build_digest(document.article, extraction, Provenance(backend="rules"), "template")
    if settings.use_model:
        from summarizer import llm
        from summarizer.backends.model import schema_hash

        llm.warm_up(settings, _WARM_TEXT)  # the root certificates too, read once for every child
        schema_hash()  # the cache key's
        cross_check(extraction, document.reporting)
    runtime.settle()


def run_batch_workers(
    inputs: str | os.PathLike[str],
    output_path: str | os.PathLike[str],
    *,
    settings: Settings,
    workers: int,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    price_file: str | os.PathLike[str] | None = None,
    concurrency: int = 8,
    per_host: int = 4,
    resume: bool = False,
    retry_failed: bool = False,
    overwrite: bool = False,
    progress: ProgressSink | None = None,
    allow_private_hosts: bool = False,
    prices: Prices | None = None,
    fetch: FetchOptions | None = None,
) -> BatchReport:
    """`batch.run_batch` over `workers` processes; `concurrency` is the total in flight.
    `fetch` sets every load's limits, as `Summarizer.fetch` does for one process."""
    started = time.perf_counter()
    fetch = fetch or FetchOptions()
    if allow_private_hosts:
        fetch = replace(fetch, allow_private_hosts=True)
    resume = resume or retry_failed
    lines, base_dir = _read_inputs(inputs), Path(inputs).resolve().parent
    if min(workers, len(lines)) <= 1:  # nothing to share out: no process to start
        from summarizer.cache import Cache
        from summarizer.costs import PriceTable

        summarizer = Summarizer(settings, cache=Cache(cache_dir) if use_cache else None, fetch=fetch)
        summarizer.prices = PriceTable.load(price_file)
        return asyncio.run(
            run_batch(
                inputs,
                output_path,
                summarizer=summarizer,
                concurrency=concurrency,
                per_host=per_host,
                resume=resume,
                retry_failed=retry_failed,
                overwrite=overwrite,
                progress=progress,
                allow_private_hosts=allow_private_hosts,
                prices=prices,
            )
        )
    out = Path(output_path)
    with output_lock(out):
        state = _prepare_output(out, resume, overwrite, Path(inputs))
        report = BatchReport(inputs=len(lines), repaired_bytes=state.torn_tail_bytes)
        todo = _plan(lines, state, retry_failed, report)
        workers = max(1, min(workers, len(todo)))
        methods = multiprocessing.get_all_start_methods()
        ctx: Any = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        if ctx.get_start_method() == "fork":
            warm_up(settings)
        work, results = ctx.Queue(), ctx.Queue()
        share = [concurrency // workers + (i < concurrency % workers) for i in range(workers)]
        procs = [
            ctx.Process(
                target=_child,
                args=(
                    settings,
                    None if cache_dir is None else str(cache_dir),
                    use_cache,
                    None if price_file is None else str(price_file),
                    max(1, share[i]),
                    per_host,
                    fetch,
                    base_dir,
                    work,
                    results,
                    os.getpid(),
                    i == 0,
                ),
                daemon=True,
            )
            for i in range(workers)
        ]
        for p in procs:
            p.start()
        # Filled only now: the first `put` starts the queue's feeder thread, and a process
        # forked while another thread runs may inherit a lock it holds (Python 3.12+ warns).
        for line in todo:
            work.put(line)
        for _ in range(workers):
            work.put(None)
        if progress is not None and todo:
            progress.start(len(todo))
        written = 0
        finished = 0
        try:
            with ResultsWriter(out) as writer:
                while finished < workers:
                    try:
                        message = results.get(timeout=0.5)
                    except queue.Empty:
                        if not any(p.is_alive() for p in procs):
                            break  # a child died without saying so (killed): its inputs wait for resume
                        continue
                    kind = message[0]
                    if kind == "line":
                        writer.write(message[1])
                        written += 1
                    elif kind == "advance" and progress is not None:
                        progress.advance(ok=message[1], cache_hit=message[2])
                    elif kind == "done":
                        finished += 1
                        for key, value in message[1].items():
                            setattr(report, key, getattr(report, key) + value)
                        if message[2] is not None:
                            report.cost = round((report.cost or 0.0) + message[2], 8)
                    elif kind == "stop":
                        report.stopped = message[1]
        finally:
            if progress is not None and todo:
                progress.finish()
            for p in procs:
                p.join(timeout=5)
        report.pending = len(todo) - written  # stopped early, or a child was killed: left for resume
        if state.needs_compaction or any(line in state.status for line in todo):
            report.compacted = compact(out)
        if prices is not None:
            report.cost = prices.cost(report.prompt_tokens, report.completion_tokens)
        report.wall_s = round(time.perf_counter() - started, 3)
        return report
