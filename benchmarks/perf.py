"""What users wait for, stage by stage; writes docs/performance.md from its own output.

    python benchmarks/perf.py                   # everything, 3 runs each, writes docs/performance.md
    python benchmarks/perf.py --only stages,html --runs 5
    python benchmarks/perf.py --quick           # small sizes, 1 run: a smoke test (writes nothing)

Every figure in docs/performance.md comes from this script's results (also saved
as docs/performance.json); the page is never edited by hand. Each run happens in
a fresh interpreter; the stand-in model and the page server run in processes of
their own, so their work is not counted as the client's. Figures are medians of
the runs with their range (min-max).

1. startup   import of the package, and the first digest's one-time loads (gazetteer), offline
             and then through a model
2. stages    client CPU per seed article through the model path with a 0 ms model:
             fetch, clean, extract (model client: request + parse), ground, check, render
3. html      fetch + clean (HTML to article) over trafilatura's `extract` on the same HTML
4. batch     articles/s at 200 ms model latency, 32 in flight, 1 process and --workers 2,
             over the ideal (32 / 0.2 s = 160/s); and a client that costs nothing (bare httpx,
             the same requests) against the same stand-in model, for what the stand-in allows
5. batchapi  a 1,000-article run through the Batch API path against a local scripted server
6. rules     CPU per seed article through the rules backend (the digest alone)
7. scaling   the rules backend's CPU per character at window sizes 2 KB to 500 KB over the same
             distinct real articles; only with --corpus (the data is not in the repository):
             python benchmarks/perf.py --corpus ../shared/eval/gva/dev.jsonl
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT), str(ROOT / "tests")]

from pages import SEED_TEXT, inputs_file, large_page, seed_articles, seed_page  # noqa: E402
from run import machine  # noqa: E402
from stub import SEED_ANSWER, Stub  # noqa: E402

TARGETS = {
    "model_cpu_ms": 8.0,  # client CPU per seed article, model path
    "batch_workers2": 0.9,  # of ideal
    "batch_workers1": 0.6,
    "html_seed": 2.0,  # x trafilatura extract
    "html_large": 1.5,
    "rules_cpu_ms": 8.0,  # CPU per seed article, rules backend
    "rules_linear": 1.3,  # largest / smallest µs per character, 2 KB to 500 KB
}
STAGES = ("fetch", "clean", "extract", "ground", "check", "render", "other")


def _spread(xs: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(xs),
        "min": min(xs),
        "max": max(xs),
        "n": len(xs),
    }


# A page server in its own process -------------------------------------------------------------------


def _serve_pages(conn: Connection) -> None:
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    pages = {"seed": seed_page(), "large": large_page()}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            # /seed/17: the seed page with a closing line of its own, so no two articles are equal
            # (in the article body: after it, the cleaner drops it as page furniture, and every
            # article's text was the same, which let per-text caches answer from the second on)
            parts = self.path.strip("/").split("/")
            page = pages.get(parts[0], "")
            if len(parts) > 1:
                page = page.replace("</div></article>", f"<p>Editor's note {parts[1]}.</p></div></article>")
            body = page.encode("utf-8")
            self.send_response(200 if body else 404)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    host, port = httpd.server_address[:2]
    conn.send(f"http://{host!s}:{port}")
    import threading

    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    conn.recv()  # stop


class PageServer:
    def __enter__(self) -> PageServer:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve_pages, args=(child,), daemon=True)
        self._proc.start()
        self.base_url: str = self._conn.recv()
        return self

    def __exit__(self, *exc: object) -> None:
        self._conn.send("stop")
        self._proc.join(5)


def _inputs_module() -> Any:
    """The input layer's fetch and HTML functions, as one namespace."""
    from types import SimpleNamespace

    from summarizer.inputs.fetch import afetch_page
    from summarizer.inputs.html import article_from_html, article_from_page

    return SimpleNamespace(
        afetch_page=afetch_page, article_from_page=article_from_page, article_from_html=article_from_html
    )


# 1. Start-up ----------------------------------------------------------------------------------------


def one_startup() -> dict[str, Any]:
    t = time.perf_counter()
    from summarizer.api import Summarizer
    from summarizer.settings import Settings

    imported = time.perf_counter() - t
    s = Summarizer(Settings(offline=True))
    t = time.perf_counter()
    s.summarize_text(SEED_TEXT)
    first = time.perf_counter() - t
    t = time.perf_counter()
    s.summarize_text(SEED_TEXT + "\nNote 2.\n")
    second = time.perf_counter() - t
    # The model path loads more at its first request (openai, instructor, their reply and
    # schema classes): a 0 ms stand-in model, its start not timed.
    with Stub(latency=0.0) as stub:
        m = Summarizer(Settings(base_url=stub.base_url, model="scripted-model", max_retries=0))
        t = time.perf_counter()
        m.summarize_text(SEED_TEXT + "\nNote 3.\n")
        first_model = time.perf_counter() - t
        t = time.perf_counter()
        m.summarize_text(SEED_TEXT + "\nNote 4.\n")
        next_model = time.perf_counter() - t
    return {
        "import_s": imported,
        "first_digest_s": first,
        "next_digest_s": second,
        "first_model_digest_s": first_model,
        "next_model_digest_s": next_model,
    }


# 2. Stages of the model path ------------------------------------------------------------------------


class StageClock:
    """Exclusive CPU time per stage: a stage's time excludes the stages it calls."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self.stack: list[list[Any]] = []  # [stage, started, child_time]

    def _enter(self, stage: str) -> None:
        self.stack.append([stage, time.process_time(), 0.0])

    def _leave(self) -> None:
        stage, started, children = self.stack.pop()
        spent = time.process_time() - started
        self.totals[stage] += spent - children
        if self.stack:
            self.stack[-1][2] += spent

    def wrap(self, owner: Any, name: str, stage: str) -> None:
        fn = getattr(owner, name, None)
        if fn is None:
            return
        clock = self
        if asyncio.iscoroutinefunction(fn):

            async def awrapped(*a: Any, **k: Any) -> Any:
                clock._enter(stage)
                try:
                    return await fn(*a, **k)
                finally:
                    clock._leave()

            setattr(owner, name, awrapped)
        else:

            def wrapped(*a: Any, **k: Any) -> Any:
                clock._enter(stage)
                try:
                    return fn(*a, **k)
                finally:
                    clock._leave()

            setattr(owner, name, wrapped)


def one_stages(n: int) -> dict[str, Any]:
    import importlib

    from summarizer.api import Summarizer
    from summarizer.render import render_text
    from summarizer.settings import Settings

    inputs = _inputs_module()
    clock = StageClock()
    clock.wrap(inputs, "afetch_page", "fetch")
    clock.wrap(inputs, "article_from_page", "clean")
    llm = importlib.import_module("summarizer.llm")
    clock.wrap(llm.ModelClient, "aextract", "extract")
    for modname in (
        "summarizer.pipeline",
        "summarizer.validation",
        "summarizer.checks",
        "summarizer.document",
        "summarizer.rules",
    ):
        try:
            mod = importlib.import_module(modname)
        except ImportError:
            continue
        # Wherever each is looked up (the layout moves between versions): wrapped in each module.
        clock.wrap(mod, "ground_extraction", "ground")
        clock.wrap(mod, "locate_places", "ground")
        clock.wrap(mod, "check_text", "check")
        clock.wrap(mod, "cross_check", "check")

    per_article: list[float] = []
    with Stub(latency=0.0) as stub, PageServer() as pages:
        s = Summarizer(Settings(base_url=stub.base_url, model="scripted-model", max_retries=0))
        from summarizer.inputs.options import FetchOptions

        options = FetchOptions(allow_private_hosts=True)

        async def one(i: int) -> None:
            clock._enter("other")
            page = await inputs.afetch_page(f"{pages.base_url}/seed/{i}", options)
            article = inputs.article_from_page(page)
            digest = await s.asummarize_article(article)
            clock._enter("render")
            render_text([digest], "md", False)
            digest.model_dump_json()
            clock._leave()
            clock._leave()

        async def main() -> None:
            for i in range(3):  # warm-up: imports, connections, the gazetteer
                await one(-1 - i)
            clock.totals.clear()
            for i in range(n):
                t = time.process_time()
                await one(i)
                per_article.append(time.process_time() - t)

        asyncio.run(main())
    ms = {k: clock.totals.get(k, 0.0) / n * 1000 for k in STAGES}
    digest_ms = sum(ms[k] for k in ("extract", "ground", "check", "other"))
    return {
        "n": n,
        "total_ms": statistics.median(per_article) * 1000,
        "stages_ms": ms,
        "digest_ms": digest_ms,  # text in, digest out: the model path's client CPU
    }


# 3. HTML to article ---------------------------------------------------------------------------------


def _cpu_median(fn: Callable[[], Any], reps: int) -> float:
    fn()
    times = []
    for _ in range(reps):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return statistics.median(times)


def one_html(reps: int) -> dict[str, Any]:
    import trafilatura

    from summarizer.inputs.options import FetchOptions

    inputs = _inputs_module()
    options = FetchOptions(allow_private_hosts=True)
    out: dict[str, Any] = {}
    with PageServer() as server:
        for name, html in (("seed", seed_page()), ("large", large_page())):
            base = _cpu_median(
                lambda html=html: trafilatura.extract(html, include_comments=False),
                reps,
            )

            async def fetch_clean(name: str = name) -> float:
                """Median CPU of fetch + clean, in one event loop as in a batch."""
                times = []
                for _ in range(reps + 1):
                    t = time.process_time()
                    page = await inputs.afetch_page(f"{server.base_url}/{name}", options)
                    inputs.article_from_page(page)
                    times.append(time.process_time() - t)
                return statistics.median(times[1:])

            clean = _cpu_median(
                lambda html=html: inputs.article_from_html(html, "https://example.com/a"),
                reps,
            )
            ours = asyncio.run(fetch_clean())
            out[name] = {
                "html_bytes": len(html.encode()),
                "trafilatura_ms": base * 1000,
                "clean_ms": clean * 1000,
                "fetch_clean_ms": ours * 1000,
                "ratio": ours / base,
                "clean_ratio": clean / base,
            }
    return out


# 4. Batch throughput --------------------------------------------------------------------------------


def one_batch_floor(n: int, latency: float, concurrency: int) -> dict[str, Any]:
    """What the stand-in model allows a client that costs nothing: the same requests, sent with
    bare httpx at the same concurrency, their replies read and dropped."""
    import httpx2

    from summarizer.prompts import render_messages

    body = {"model": "scripted-model", "messages": render_messages(SEED_TEXT)}
    with Stub(latency=latency) as stub:

        async def main() -> float:
            gate = asyncio.Semaphore(concurrency)
            async with httpx2.AsyncClient(timeout=60) as client:

                async def one() -> None:
                    async with gate:
                        (await client.post(f"{stub.base_url}/chat/completions", json=body)).read()

                started = time.perf_counter()
                await asyncio.gather(*(one() for _ in range(n)))
                return time.perf_counter() - started

        wall = asyncio.run(main())
    return {"n": n, "wall_s": wall, "of_ideal": n / wall / (concurrency / latency)}


def one_batch(n: int, latency: float, concurrency: int, workers: int) -> dict[str, Any]:
    from summarizer.api import Summarizer
    from summarizer.batch import run_batch
    from summarizer.settings import Settings
    from summarizer.workers import run_batch_workers, warm_up

    with tempfile.TemporaryDirectory() as tmp, Stub(latency=latency) as stub:
        d = Path(tmp)
        inputs = inputs_file(d, n)
        settings = Settings(base_url=stub.base_url, model="scripted-model", max_retries=0)
        warm_up(settings)  # start-up is measured on its own (section 1)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        stub_cpu = stub.cpu()
        cpu = time.process_time()
        if workers == 1:
            report = asyncio.run(
                run_batch(
                    inputs,
                    d / "out.jsonl",
                    summarizer=Summarizer(settings),
                    concurrency=concurrency,
                )
            )
        else:
            report = run_batch_workers(
                inputs,
                d / "out.jsonl",
                settings=settings,
                workers=workers,
                use_cache=False,
                concurrency=concurrency,
            )
        cpu = time.process_time() - cpu
        stub_cpu = stub.cpu() - stub_cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers, joined (not the stub)
        cpu_all = cpu + (after.ru_utime + after.ru_stime) - (kids.ru_utime + kids.ru_stime)
    cores = min(workers, len(os.sched_getaffinity(0)))
    return {
        "n": n,
        "ok": report.ok,
        "cpu_ms_per_article_all": cpu_all / n * 1000,
        # The best this client could do with `cores` idle cores: CPU-bound at cpu_all per article.
        "ceiling_of_ideal": min(1.0, cores / (cpu_all / n) / (concurrency / latency)),
        "wall_s": report.wall_s,
        "rate": report.ok / report.wall_s,
        "ideal": concurrency / latency,
        "of_ideal": report.ok / report.wall_s / (concurrency / latency),
        "parent_cpu_ms_per_article": cpu / n * 1000,
        # The stand-in model's own CPU per request, in its own process: what it takes from the
        # client's cores on this machine (a remote model would take nothing).
        "stub_cpu_ms_per_request": stub_cpu / n * 1000,
    }


# 5. Batch API ---------------------------------------------------------------------------------------


def _serve_batch(conn: Connection) -> None:
    from batchserver import BatchServer
    from scripted import Reply

    answer = json.loads(SEED_ANSWER.read_text(encoding="utf-8"))
    with BatchServer(lambda body: Reply(answer)) as server:
        conn.send(server.base_url)
        conn.recv()


def one_batchapi(n: int) -> dict[str, Any]:
    from summarizer.api import Summarizer
    from summarizer.batchapi import run_batch_api
    from summarizer.settings import Settings

    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_serve_batch, args=(child,), daemon=True)
    proc.start()
    base_url = parent.recv()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            d = Path(tmp)
            lines = seed_articles(d, n)
            s = Summarizer(Settings(base_url=base_url, model="gpt-4o-mini", max_retries=0, max_reasks=0))
            cpu = time.process_time()
            report = run_batch_api(lines, d / "out.jsonl", summarizer=s, poll_interval=0.2)
            cpu = time.process_time() - cpu
            records = [json.loads(x) for x in (d / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    finally:
        parent.send("stop")
        proc.join(5)
    return {
        "n": n,
        "ok": report.ok,
        "failed": report.failed,
        "records": len(records),
        "distinct_inputs": len({r["input"] for r in records}),
        "wall_s": report.wall_s,
        "cpu_ms_per_article": cpu / n * 1000,
        "prompt_tokens": report.prompt_tokens,
        "cached_tokens": report.cached_tokens,
        "completion_tokens": report.completion_tokens,
        "cost_usd": report.cost,
    }


# 6. Rules backend -----------------------------------------------------------------------------------


def one_rules(n: int) -> dict[str, Any]:
    """CPU per seed article through the rules backend (no model, no fetch): the digest alone,
    each article the seed with a closing line of its own (as in section 2)."""
    from summarizer.backends.rules import RulesBackend
    from summarizer.pipeline import digest, make_article

    backend = RulesBackend()
    for i in range(3):  # warm-up: the gazetteer, patterns compiled on first use
        digest(make_article(f"{SEED_TEXT}\nEditor's note {-1 - i}.\n"), backend)
    took = []
    for i in range(n):
        article = make_article(f"{SEED_TEXT}\nEditor's note {i}.\n")
        t = time.process_time()
        digest(article, backend)
        took.append(time.process_time() - t)
    return {"digest_ms": sum(took) / n * 1000}


def one_scaling(corpus: str, top: int) -> dict[str, Any]:
    """µs of rules-backend CPU per character at each window size over the same `top` characters
    of distinct real articles (`rules_scaling.py --corpus`)."""
    import rules_scaling

    text = rules_scaling.corpus_text(Path(corpus))
    measured = rules_scaling.warm_up(text, top)
    sizes = [s for s in rules_scaling.SIZES if s <= len(measured)]
    return {
        "chars": len(measured),
        "us_per_char": {str(s): rules_scaling._tiled(measured, s) / len(measured) * 1e6 for s in sizes},
    }


# Runs in fresh interpreters -------------------------------------------------------------------------

SECTIONS: dict[str, Callable[..., dict[str, Any]]] = {
    "startup": one_startup,
    "stages": one_stages,
    "html": one_html,
    "batch": one_batch,
    "batch_floor": one_batch_floor,
    "batchapi": one_batchapi,
    "rules": one_rules,
    "scaling": one_scaling,
}


def fresh(section: str, *args: Any) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "_one", section, json.dumps(args)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=1800)
    if out.returncode != 0:
        raise RuntimeError(f"{section} failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def run_all(
    only: set[str], runs: int, quick: bool, batch_n: int = 640, corpus: Path | None = None
) -> dict[str, Any]:
    results: dict[str, Any] = {
        "machine": machine(),
        "runs": runs,
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    loads = []

    def log(text: str) -> None:
        loads.append(os.getloadavg()[0])
        print(text, file=sys.stderr, flush=True)

    if "startup" in only:
        rows = [fresh("startup") for _ in range(runs)]
        results["startup"] = {k: _spread([r[k] for r in rows]) for k in rows[0]}
        log(f"startup: {results['startup']}")
    if "stages" in only:
        n = 10 if quick else 40
        rows = [fresh("stages", n) for _ in range(runs)]
        results["stages"] = {
            "n": n,
            "total_ms": _spread([r["total_ms"] for r in rows]),
            "digest_ms": _spread([r["digest_ms"] for r in rows]),
            "stages_ms": {k: _spread([r["stages_ms"][k] for r in rows]) for k in STAGES},
        }
        log(f"stages: {results['stages']['digest_ms']}")
    if "html" in only:
        rows = [fresh("html", 5 if quick else 15) for _ in range(runs)]
        results["html"] = {
            page: {k: _spread([r[page][k] for r in rows]) for k in rows[0][page]} for page in rows[0]
        }
        log(f"html: seed {results['html']['seed']['ratio']}, large {results['html']['large']['ratio']}")
    if "batch" in only:
        n = 160 if quick else batch_n
        results["batch"] = {"n": n, "latency": 0.2, "concurrency": 32, "workers": {}}
        for workers in (1, 2):
            rows = [fresh("batch", n, 0.2, 32, workers) for _ in range(runs)]
            results["batch"]["workers"][str(workers)] = {
                k: _spread([r[k] for r in rows])
                for k in (
                    "of_ideal",
                    "rate",
                    "wall_s",
                    "parent_cpu_ms_per_article",
                    "cpu_ms_per_article_all",
                    "ceiling_of_ideal",
                    "stub_cpu_ms_per_request",
                )
                if k in rows[0]
            } | {"ok": [r["ok"] for r in rows]}
            log(f"batch workers={workers}: {results['batch']['workers'][str(workers)]['of_ideal']}")
        rows = [fresh("batch_floor", n, 0.2, 32) for _ in range(runs)]
        results["batch"]["floor"] = {k: _spread([r[k] for r in rows]) for k in ("of_ideal", "wall_s")}
        log(f"batch floor: {results['batch']['floor']['of_ideal']}")
    if "batchapi" in only:
        n = 100 if quick else 1000
        rows = [fresh("batchapi", n) for _ in range(runs)]
        results["batchapi"] = {"rows": rows} | {
            k: _spread([r[k] for r in rows]) for k in ("wall_s", "cpu_ms_per_article")
        }
        log(f"batchapi: {rows[-1]}")
    if "rules" in only:
        n = 10 if quick else 40
        rows = [fresh("rules", n) for _ in range(runs)]
        results["rules"] = {"n": n, "digest_ms": _spread([r["digest_ms"] for r in rows])}
        log(f"rules: {results['rules']['digest_ms']}")
    if "scaling" in only and corpus is not None:
        top = 100_000 if quick else 500_000
        rows = [fresh("scaling", str(corpus), top) for _ in range(runs)]
        results["scaling"] = {
            "corpus": corpus.name,
            "chars": rows[0]["chars"],
            "us_per_char": {k: _spread([r["us_per_char"][k] for r in rows]) for k in rows[0]["us_per_char"]},
        }
        log(f"scaling: {results['scaling']['us_per_char']}")
    results["load_1min"] = {"min": min(loads, default=0), "max": max(loads, default=0)}
    return results


# docs/performance.md --------------------------------------------------------------------------------


def _r(s: dict[str, float], fmt: str = "{:.1f}") -> str:
    return f"{fmt.format(s['median'])} ({fmt.format(s['min'])}-{fmt.format(s['max'])})"


def _verdict(value: float, target: float, higher: bool) -> str:
    ok = value >= target if higher else value <= target
    return "met" if ok else "**missed**"


def _scaling_ratio(scaling: dict[str, Any], of: str = "median") -> float:
    """Largest over smallest µs per character across window sizes, of each size's `of`
    ("median": the target's figure; "min": each size's fastest run, the one other jobs on the
    machine disturbed least, shown beside it because on a shared machine the medians of
    adjacent sizes can move apart by more than the target's 1.3x)."""
    values = [v[of] for v in scaling["us_per_char"].values()]
    return max(values) / min(values)


def render(results: dict[str, Any], argv: list[str]) -> str:
    m = results["machine"]
    load = results["load_1min"]
    out = [
        "# Performance: what users wait for",
        "",
        "<!-- Written by benchmarks/perf.py from its own results (docs/performance.json); "
        "do not edit by hand: rerun the benchmark. -->",
        "",
        f"Command: `{' '.join(['python benchmarks/perf.py', *argv])}` — {results['started']}.",
        f"Machine: {m['cpu']}, {m['cores']} usable cores, Python {m['python']}, {m['os']}. "
        f"**Shared machine**: 1-minute load average {load['min']:.1f}-{load['max']:.1f} during the run "
        "(other work on the same cores), so single figures vary by tens of percent.",
        (
            f"Sections {results['merged']['sections']} rerun at {results['merged']['at']} (`--merge`). "
            if "merged" in results
            else ""
        )
        + f"Each figure: median of {results['runs']} runs in fresh interpreters, range (min-max) "
        "in brackets. "
        "The stand-in model and the page server run in processes of their own; CPU is the client "
        "process's CPU time.",
        "",
        "## Targets",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
    ]
    rows: list[str] = []
    for section, label, key in (
        ("stages", "model path client CPU", "model_cpu_ms"),
        ("rules", "rules backend CPU", "rules_cpu_ms"),
    ):
        if section in results:
            d = results[section]["digest_ms"]
            rows.append(
                f"| {label} per seed article ≤ {TARGETS[key]:.0f} ms | {_r(d, '{:.2f}')} ms | "
                f"{_verdict(d['median'], TARGETS[key], False)} |"
            )
    if "scaling" in results:
        ratio = _scaling_ratio(results["scaling"])
        rows.append(
            f"| rules backend linear: µs per character within {TARGETS['rules_linear']}x from 2 KB to "
            f"500 KB | {ratio:.2f}x | {_verdict(ratio, TARGETS['rules_linear'], False)} |"
        )
    if "batch" in results:
        for w, key in (("2", "batch_workers2"), ("1", "batch_workers1")):
            r = results["batch"]["workers"][w]["of_ideal"]
            label = "--workers 2" if w == "2" else "one process"
            rows.append(
                f"| batch, 200 ms model, 32 in flight, {label}: ≥ {TARGETS[key]} of ideal | "
                f"{_r(r, '{:.3f}')} | {_verdict(r['median'], TARGETS[key], True)} |"
            )
    if "html" in results:
        for page, key in (("seed", "html_seed"), ("large", "html_large")):
            r = results["html"][page]["ratio"]
            rows.append(
                f"| HTML to article ({page} page) ≤ {TARGETS[key]}x trafilatura `extract` | "
                f"{_r(r, '{:.2f}')}x | {_verdict(r['median'], TARGETS[key], False)} |"
            )
    if "batchapi" in results:
        last = results["batchapi"]["rows"]
        ok = all(r["ok"] == r["n"] == r["distinct_inputs"] == r["records"] for r in last)
        rows.append(
            f"| {last[0]['n']:,}-article Batch API run: every article digested, cost reported | "
            f"{min(r['ok'] for r in last):,}-{max(r['ok'] for r in last):,} ok of {last[0]['n']:,}, "
            f"cost {last[0]['cost_usd']} USD | {'met' if ok else '**missed**'} |"
        )
    out += rows
    if "html" in results and ("stages" in results or "rules" in results):
        # CPU figures in ms depend on the machine (the same code measured 7.7 ms and 17.2 ms on
        # two of them); over trafilatura's `extract` of the seed page, timed in the same run,
        # they compare across machines, as the "30 ms, 5.6x trafilatura" did.
        extract_ms = results["html"]["seed"]["trafilatura_ms"]["median"]
        parts = [
            f"{label} {results[section]['digest_ms']['median'] / extract_ms:.1f}x"
            for section, label in (("stages", "model path"), ("rules", "rules backend"))
            if section in results
        ]
        out += [
            "",
            f"The same CPU over trafilatura `extract` of the seed page in this run "
            f"({extract_ms:.1f} ms; medians): {', '.join(parts)}. The issue that set the 8 ms targets "
            "measured the model path at 30 ms, 5.6x `extract` (about 5.4 ms there): on its machine "
            "8 ms is about 1.5x.",
        ]
    if "startup" in results:
        s = results["startup"]
        out += [
            "",
            "## Start-up (paid once per process)",
            "",
            "| step | seconds |",
            "|---|---|",
            f"| `import summarizer.api` | {_r(s['import_s'], '{:.2f}')} |",
            "| first digest (offline), one-time loads included (gazetteer index) | "
            f"{_r(s['first_digest_s'], '{:.2f}')} |",
            f"| next digest | {_r(s['next_digest_s'], '{:.3f}')} |",
        ]
        if "first_model_digest_s" in s:  # results saved before this row was measured lack it
            out += [
                "| then the first digest through a model (0 ms stand-in), its one-time loads "
                "included (openai, instructor, their reply types) | "
                f"{_r(s['first_model_digest_s'], '{:.2f}')} |",
                f"| next digest through the model | {_r(s['next_model_digest_s'], '{:.3f}')} |",
            ]
    if "stages" in results:
        st = results["stages"]
        out += [
            "",
            "## Model path, stage by stage "
            f"(client CPU per seed article, {st['n']} articles a run, 0 ms model)",
            "",
            "Fetched from the page server, cleaned, digested through the model client and rendered "
            "as Markdown and JSON. Exclusive CPU per stage: *extract* is the model client (request, "
            "instructor, reply parsing), *ground* the evidence grounding and place lookup, *check* the "
            "neutrality/number checks and the rules cross-check, *other* the digest's assembly. "
            "Each article is the seed page with a closing line of its own; what one digest reads "
            "several times (sentences, numbers, cue hits) is kept for that digest only "
            "(`summarizer.memo`), so no article is served another's readings of the sentences "
            "they share, as none of a batch of distinct news articles would be.",
            "",
            "| stage | ms |",
            "|---|---|",
        ]
        out += [f"| {k} | {_r(st['stages_ms'][k], '{:.2f}')} |" for k in STAGES]
        out += [
            f"| **digest (extract + ground + check + other)** | {_r(st['digest_ms'], '{:.2f}')} |",
            f"| **whole article (median per article)** | {_r(st['total_ms'], '{:.2f}')} |",
        ]
    if "html" in results:
        out += [
            "",
            "## HTML to article",
            "",
            "| page | HTML | trafilatura `extract` ms | clean ms | fetch + clean ms | ratio "
            "| clean-only ratio |",
            "|---|---|---|---|---|---|---|",
        ]
        for page, r in results["html"].items():
            out.append(
                f"| {page} | {r['html_bytes']['median'] / 1000:.0f} KB | {_r(r['trafilatura_ms'])} | "
                f"{_r(r['clean_ms'])} | {_r(r['fetch_clean_ms'])} | {_r(r['ratio'], '{:.2f}')}x | "
                f"{_r(r['clean_ratio'], '{:.2f}')}x |"
            )
    if "rules" in results or "scaling" in results:
        out += ["", "## Rules backend (no model)", ""]
    if "rules" in results:
        out += [
            f"CPU of the digest alone, per seed article ({results['rules']['n']} articles a run, each "
            "the seed with a closing line of its own): "
            f"**{_r(results['rules']['digest_ms'], '{:.2f}')} ms**.",
            "",
        ]
    if "scaling" in results:
        sc = results["scaling"]
        out += [
            f"Time per character: the first {sc['chars']:,} characters of `{sc['corpus']}` (distinct "
            "real articles joined; `--corpus`, not in the repository) cut into windows of each size, "
            "every window digested; CPU of all windows over their characters, so every size reads "
            "the same text (`benchmarks/rules_scaling.py --corpus`). A window of 2 KB holds more "
            "incidents per character than a long one (the incidents of a long text are grouped). "
            "The instructions per character at each size, which the load of other jobs does not "
            "move, are counted by `benchmarks/instructions.py --scaling CORPUS` (about 20 minutes).",
            "",
            "| window | µs per character |",
            "|---|---|",
        ]
        out += [f"| {int(k):,} | {_r(v, '{:.2f}')} |" for k, v in sc["us_per_char"].items()]
        out += [
            f"| largest / smallest (medians) | {_scaling_ratio(sc):.2f}x |",
            f"| largest / smallest (fastest run of each size) | {_scaling_ratio(sc, 'min'):.2f}x |",
        ]
    if "batch" in results:
        b = results["batch"]
        with_stub = any("stub_cpu_ms_per_request" in r for r in b["workers"].values())
        out += [
            "",
            f"## Batch: {b['n']} articles, {b['latency'] * 1000:.0f} ms model, {b['concurrency']} in flight "
            f"(ideal {b['concurrency'] / b['latency']:.0f}/s)",
            "",
            "Start-up excluded (section above), but not the workers': the wall time runs from the "
            "call to the last record, so it holds starting the worker processes. "
            + (
                f"A client that costs nothing (bare httpx sending the same requests at the same "
                f"concurrency, the *no-CPU client* row) reaches {_r(b['floor']['of_ideal'], '{:.3f}')} "
                "of ideal against the same stand-in model: the rest of the ideal is the stand-in's "
                "own. "
                if "floor" in b
                else ""
            )
            + "`--concurrency` bounds the model requests in flight, with twice as many articles under "
            "way: a reply frees its place for the next article's request, already built, while "
            "its own parsing and checks wait for their turns on one lane per event loop, so the "
            "requests are sent and read between two turns (`summarizer.aio`, docs/batch.md). "
            "Parent CPU is the batch process's own CPU per article "
            "(with workers the digests run in the children); *all processes* adds the workers' CPU. "
            "The ceiling is what that CPU allows with one idle core per process "
            "(cores x 1000 / CPU ms per article, over the ideal): on a loaded machine the measured "
            "rate falls below it because the processes wait for a core."
            + (
                " *Stand-in model CPU* is the scripted server's own CPU per request, in its own "
                "process: small, but taken from the same cores."
                if with_stub
                else ""
            ),
            "",
            "| processes | articles/s | of ideal | wall s | parent CPU ms/article | CPU ms/article, all "
            "processes | CPU-bound ceiling on idle cores (of ideal) |"
            + (" stand-in model CPU ms/request |" if with_stub else ""),
            "|---|---|---|---|---|---|---|" + ("---|" if with_stub else ""),
        ]
        for w, r in b["workers"].items():
            keys = ["cpu_ms_per_article_all", "ceiling_of_ideal"]
            keys += ["stub_cpu_ms_per_request"] if "stub_cpu_ms_per_request" in r else []
            extra = [_r(r[k], "{:.2f}") if k in r else "-" for k in keys]
            out.append(
                f"| {w} | {_r(r['rate'])} | {_r(r['of_ideal'], '{:.2f}')} | {_r(r['wall_s'], '{:.2f}')} | "
                f"{_r(r['parent_cpu_ms_per_article'], '{:.2f}')} | " + " | ".join(extra) + " |"
            )
        if "floor" in b:
            f = b["floor"]
            out.append(
                f"| no-CPU client (bare httpx) | - | {_r(f['of_ideal'], '{:.3f}')} | "
                f"{_r(f['wall_s'], '{:.2f}')} | - | - | - |" + (" - |" if with_stub else "")
            )
    if "batchapi" in results:
        a = results["batchapi"]
        r0 = a["rows"][0]
        out += [
            "",
            f"## Batch API: {r0['n']:,} articles against the scripted Batch API server",
            "",
            "Upload, create, poll, download and the same grounding and checks as a live reply; the "
            "server (tests/batchserver.py) runs in its own process and answers at once, so the wall "
            "time is the client's own work. Tokens are the server's estimate (characters / 4); "
            "cost is the gpt-4o-mini row of summarizer/data/prices.tsv at the batch discount.",
            "",
            "| run | ok | failed | lines | wall s | client CPU ms/article | prompt tokens | cached "
            "| completion | cost USD |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for i, r in enumerate(a["rows"], 1):
            out.append(
                f"| {i} | {r['ok']} | {r['failed']} | {r['records']} | {r['wall_s']:.1f} | "
                f"{r['cpu_ms_per_article']:.1f} | {r['prompt_tokens']:,} | {r['cached_tokens']:,} | "
                f"{r['completion_tokens']:,} | {r['cost_usd']} |"
            )
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> None:
    if argv and argv[0] == "_one":
        print(json.dumps(SECTIONS[argv[1]](*json.loads(argv[2]))))
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", default=",".join(SECTIONS))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--batch-n", type=int, default=640, help="articles per batch run")
    parser.add_argument(
        "--corpus",
        type=Path,
        help="real articles for the rules backend's time per character (JSON lines with `text` or "
        "`articles`, or a folder of .txt); without it that section is skipped",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--from-json", type=Path, help="re-render the page from saved results")
    parser.add_argument(
        "--merge",
        action="store_true",
        help="rerun only --only sections into the saved results",
    )
    args = parser.parse_args(argv)
    if args.from_json:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
        args.out.write_text(render(saved["results"], saved["argv"]), encoding="utf-8")
        return
    runs = 1 if args.quick else args.runs
    results = run_all(set(args.only.split(",")), runs, args.quick, args.batch_n, args.corpus)
    if args.merge:  # keep the other sections of an earlier full run; say so on the page
        saved = json.loads(args.out.with_suffix(".json").read_text(encoding="utf-8"))
        earlier = saved["results"]
        results = {
            **earlier,
            **{k: v for k, v in results.items() if k in args.only.split(",")},
        }
        results["merged"] = {
            "sections": args.only,
            "at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        }
        results["load_1min"] = {
            "min": min(earlier["load_1min"]["min"], results["load_1min"]["min"]),
            "max": max(earlier["load_1min"]["max"], results["load_1min"]["max"]),
        }
        argv = [*saved["argv"], "+", *argv]
    page = render(results, argv)
    if args.quick:
        print(page)
        return
    args.out.write_text(page, encoding="utf-8")
    args.out.with_suffix(".json").write_text(
        json.dumps({"argv": argv, "results": results}, indent=1), encoding="utf-8"
    )
    print(page)


if __name__ == "__main__":
    main(sys.argv[1:])
