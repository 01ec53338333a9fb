"""`summarizer batch --via batch-api`: the same requests through a provider's Batch API.

OpenAI's Batch API (and any server that implements `/v1/files` and `/v1/batches`)
runs chat-completion requests within 24 hours at half the price. The run:

1. loads every input (fetch, clean) as a live batch does; a load failure is recorded
   at once as that input's error line;
2. builds one `/v1/chat/completions` request per article chunk with the live path's
   own code (`render_messages` + instructor's `handle_response_model` with the same
   response model, mode and settings), so the body is the one a live request sends;
3. uploads them as one JSONL file (Files API, purpose "batch"), creates the batch,
   and stores its id next to the output (`<output>.batch.json`, with the loaded
   articles, so a resumed run grounds replies in exactly the text that was sent);
4. polls until the batch ends, showing request counts;
5. downloads the output and error files and reads every reply through the same
   functions as a live reply (instructor's parser, the grounding validator, the
   pipeline's cross-check and `build_digest`), writing one line per input.

A batch has no re-ask: a reply that fails a check keeps what was verified and lists
the rest as `unresolved_after_reasks` warnings, as a live reply does on its last
attempt. Interrupted anywhere (`kill -9` included), `--resume` picks the stored
batch up again: inputs already ok in the output are skipped, nothing is submitted
twice once the batch was created. The state file is removed when every input has
its line.

Prompt caching: the fixed part (system message, tool schema) comes before the
article in every request, so a provider's automatic prefix caching applies;
cached tokens are reported (`usage.prompt_tokens_details.cached_tokens`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

import openai
from instructor.core.exceptions import InstructorError
from instructor.processing import handle_response_model, process_response
from openai.types.chat import ChatCompletion
from pydantic import ValidationError

from summarizer import pipeline
from summarizer.api import Summarizer
from summarizer.backends.model import OpenAIBackend
from summarizer.batch import (
    BatchError,
    BatchReport,
    Prices,
    _error_kind,
    _one_line,
    _plan,
    _prepare_output,
    _read_inputs,
    output_lock,
)
from summarizer.chunking import split_chunks
from summarizer.document import Document
from summarizer.inputs.loader import Loader
from summarizer.inputs.sources import classify, unique_lines
from summarizer.llm import (
    _MODES,
    _RESPONSE_MODEL,
    ModelClient,
    ModelReply,
    _client_kwargs,
    _reply_problem,
    _request_kwargs,
    _root,
    _usage,
)
from summarizer.prompts import PROMPT_VERSION, render_messages
from summarizer.results import ResultsWriter, compact, error_line, ok_line
from summarizer.schemas import ArticleDigest, ArticleMeta
from summarizer.validation import checking

ENDPOINT: Final = "/v1/chat/completions"
#: Batch states after which nothing more will arrive.
FINAL = frozenset({"completed", "failed", "expired", "cancelled"})
STATE_VERSION = 1
#: OpenAI's limits for one batch input file.
MAX_REQUESTS = 50_000
MAX_BYTES = 200_000_000


class BatchStateError(BatchError):
    """The stored batch state does not belong to this run (another model, unreadable)."""


def request_body(client: ModelClient, chunk: str, metadata: dict[str, Any]) -> dict[str, Any]:
    """The JSON body a live request for `chunk` sends (see `ModelClient.aextract`)."""
    settings = client.settings
    _, kwargs = handle_response_model(
        _RESPONSE_MODEL,
        mode=_MODES[settings.mode],
        messages=render_messages(chunk, metadata),
        **_request_kwargs(settings),
    )
    extra = kwargs.pop("extra_body", None) or {}
    return {**kwargs, **extra}


class ReplyError(RuntimeError):
    """One batch item could not be used; the message says why in one line."""


def read_reply(client: ModelClient, chunk: str, body: dict[str, Any]) -> ModelReply:
    """A batch item's completion read as a live reply on its last attempt (no re-ask)."""
    try:
        completion = ChatCompletion.model_validate(body)
    except ValidationError as exc:
        raise ReplyError(f"the batch output holds no chat completion: {_one_line(exc)}") from None
    with checking(chunk, 1) as state:
        state.attempts = 1
        try:
            result = process_response(
                completion,
                response_model=_RESPONSE_MODEL,
                stream=False,
                mode=client.mode,
            )
        except (ValidationError, InstructorError, ValueError) as exc:
            raise ReplyError(_reply_problem(exc, _root(exc), completion)) from None
    return ModelReply(result, _usage(completion), 1, state.last_problems, state.last_report)


# State next to the output ---------------------------------------------------------------------------


def state_path(output: Path) -> Path:
    return output.with_name(output.name + ".batch.json")


@dataclass
class BatchState:
    """What a resumed run needs: the batch, and the articles its requests were built from."""

    model: str | None
    endpoint: str | None
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)  # input -> ArticleMeta
    chunks: dict[str, int] = field(default_factory=dict)  # input -> number of requests
    input_file_id: str | None = None
    batch_id: str | None = None

    def save(self, path: Path) -> None:
        """Atomically (write, fsync, rename): a crash leaves the old state or the new one."""
        tmp = path.with_name(path.name + ".tmp")
        data = json.dumps({"version": STATE_VERSION, **self.__dict__}, ensure_ascii=False)
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> BatchState:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.pop("version") != STATE_VERSION:
                raise ValueError("another version")
            return cls(**raw)
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise BatchStateError(f"{path}: unreadable batch state ({_one_line(exc)}); remove it") from None


def custom_id(n: int, chunk: int) -> str:
    return f"item-{n}-{chunk}"


# The run --------------------------------------------------------------------------------------------


class BatchProgress:
    """Prints the batch's request counts on stderr when they change."""

    def __init__(self, write: Callable[[str], None] | None = None) -> None:
        self.write = write
        self.last: tuple[Any, ...] | None = None
        self.started = time.monotonic()

    def update(self, batch: Any) -> None:
        counts = batch.request_counts
        done, failed, total = (counts.completed, counts.failed, counts.total) if counts else (0, 0, 0)
        now = (batch.status, done, failed, total)
        if now != self.last and self.write is not None:
            elapsed = time.monotonic() - self.started
            self.write(
                f"batch {batch.id}: {batch.status}, {done + failed}/{total} done, "
                f"{failed} failed, {elapsed:.0f} s"
            )
        self.last = now


def _openai(client: ModelClient) -> openai.OpenAI:
    kwargs = {**_client_kwargs(client.settings), "max_retries": 3}
    return openai.OpenAI(**kwargs)


async def _load_all(
    lines: list[str],
    loader: Loader,
    base_dir: Path | None,
    concurrency: int,
    on_error: Callable[[str, Exception], None],
) -> dict[str, ArticleMeta]:
    out: dict[str, ArticleMeta] = {}
    shared = iter(lines)

    async def worker() -> None:
        for line in shared:
            try:
                source = classify(line, base_dir)
                article = await loader.load(source)
            except Exception as exc:
                on_error(line, exc)
                continue
            if article.url is None and source.kind == "url":
                article = article.model_copy(update={"url": source.target})
            out[line] = article

    await asyncio.gather(*(worker() for _ in range(max(1, min(concurrency, len(lines))))))
    return {line: out[line] for line in lines if line in out}


def _submit(api: openai.OpenAI, client: ModelClient, state: BatchState, path: Path) -> None:
    """Upload the requests and create the batch, saving the state after each step."""
    if state.input_file_id is None:
        lines = []
        for n, (line, raw) in enumerate(state.articles.items()):
            article = ArticleMeta.model_validate(raw)
            chunks = split_chunks(article.text, client.settings.chunk_chars)
            state.chunks[line] = len(chunks)
            meta = Document.of(article).metadata()
            for c, chunk in enumerate(chunks):
                body = request_body(client, chunk, meta)
                record = {"custom_id": custom_id(n, c), "method": "POST", "url": ENDPOINT, "body": body}
                lines.append(json.dumps(record, ensure_ascii=False))
        data = ("\n".join(lines) + "\n").encode("utf-8")
        if len(lines) > MAX_REQUESTS or len(data) > MAX_BYTES:
            raise BatchError(
                f"{len(lines):,} requests ({len(data) / 1e6:.0f} MB) exceed one batch's limits "
                f"({MAX_REQUESTS:,} requests, {MAX_BYTES / 1e6:.0f} MB): split the inputs file"
            )
        uploaded = api.files.create(
            file=("summarizer-batch.jsonl", data, "application/jsonl"), purpose="batch"
        )
        state.input_file_id = uploaded.id
        state.save(path)
    # Stopped between creating the batch and saving its id? Find it rather than pay twice.
    for listed in api.batches.list(limit=100):
        if listed.input_file_id == state.input_file_id:
            state.batch_id = listed.id
            state.save(path)
            return
    batch = api.batches.create(
        input_file_id=state.input_file_id,
        endpoint=ENDPOINT,
        completion_window="24h",
        metadata={"client": "summarizer", "prompt_version": PROMPT_VERSION},
    )
    state.batch_id = batch.id
    state.save(path)


def _poll(api: openai.OpenAI, batch_id: str, interval: float, progress: BatchProgress) -> Any:
    while True:
        batch = api.batches.retrieve(batch_id)
        progress.update(batch)
        if batch.status in FINAL:
            return batch
        time.sleep(interval)


def _download(api: openai.OpenAI, file_id: str | None) -> dict[str, dict[str, Any]]:
    """custom_id -> output record, from a batch output or error file."""
    if not file_id:
        return {}
    out = {}
    for raw in api.files.content(file_id).content.splitlines():
        with contextlib.suppress(ValueError):
            record = json.loads(raw)
            if isinstance(record, dict) and isinstance(record.get("custom_id"), str):
                out[record["custom_id"]] = record
    return out


def _item_error(record: dict[str, Any] | None, batch_status: str) -> str | None:
    """Why an item has no usable completion, or None when it has one."""
    if record is None:
        return f"no result for this request in the batch (batch {batch_status})"
    response = record.get("response") or {}
    status = response.get("status_code")
    if record.get("error") or status != 200:
        error = record.get("error") or (response.get("body") or {}).get("error") or {}
        message = error.get("message") if isinstance(error, dict) else str(error)
        text = _one_line(Exception(message or "no message"))
        return f"the batch API answered HTTP {status} for this request: {text}"
    return None


def run_batch_api(
    inputs: str | os.PathLike[str] | Iterable[str],
    output_path: str | os.PathLike[str],
    *,
    summarizer: Summarizer,
    resume: bool = False,
    retry_failed: bool = False,
    overwrite: bool = False,
    poll_interval: float = 30.0,
    load_concurrency: int = 8,
    per_host: int = 4,
    allow_private_hosts: bool = False,
    prices: Prices | None = None,
    say: Callable[[str], None] | None = None,
) -> BatchReport:
    """Digest every input through one provider batch; one JSONL line per input in `output_path`."""
    backend = summarizer.backend
    if not isinstance(backend, OpenAIBackend):
        raise BatchError(f"--via batch-api needs the openai backend, not {backend.name!r}")
    resume = resume or retry_failed
    started = time.perf_counter()
    if isinstance(inputs, str | os.PathLike):
        lines, base_dir = _read_inputs(inputs), Path(inputs).resolve().parent
    else:
        lines, base_dir = unique_lines(inputs), None
    out = Path(output_path)
    with output_lock(out):
        spath = state_path(out)
        if spath.exists() and not resume:
            if not overwrite:
                raise BatchError(
                    f"{spath} holds a batch in progress: pass resume to pick it up, or overwrite"
                )
            spath.unlink()
        inputs_path = Path(inputs) if isinstance(inputs, str | os.PathLike) else None
        results = _prepare_output(out, resume, overwrite, inputs_path)
        report = BatchReport(inputs=len(lines), repaired_bytes=results.torn_tail_bytes)
        todo = _plan(lines, results, retry_failed, report)
        client = backend.client
        settings = client.settings
        api = _openai(client)
        with ResultsWriter(out) as writer:

            def failed(line: str, exc: Exception) -> None:
                writer.write(error_line(line, _error_kind(exc), _one_line(exc)))
                report.failed += 1

            if spath.exists():
                state = BatchState.load(spath)
                if state.model != settings.model or state.endpoint != client.endpoint:
                    raise BatchStateError(
                        f"{spath} belongs to a batch for model {state.model} at {state.endpoint}; "
                        "run with the same settings or remove it"
                    )
                # An input added to the inputs file after the batch was made waits for the next run.
                report.pending += sum(1 for line in todo if line not in state.articles)
            else:
                state = BatchState(model=settings.model, endpoint=client.endpoint)
                fetch = summarizer.fetch
                if allow_private_hosts:
                    fetch = replace(fetch, allow_private_hosts=True)
                loader = Loader(fetch, per_host=per_host)
                articles = asyncio.run(_load_all(todo, loader, base_dir, load_concurrency, failed))
                fresh = {}
                for line, article in articles.items():
                    hit = summarizer.cache.get(article, backend) if summarizer.cache is not None else None
                    if hit is not None:  # already paid for: no request
                        writer.write(ok_line(line, summarizer.priced(hit).model_dump_json()))
                        report.ok += 1
                        report.cache_hits += 1
                    else:
                        fresh[line] = article.model_dump(mode="json")
                state.articles = fresh
                if not fresh:
                    return _finish(report, out, started, results.status, todo, prices)
                state.save(spath)
            if state.batch_id is None:
                _submit(api, client, state, spath)
                if say:
                    say(
                        f"batch {state.batch_id}: submitted {sum(state.chunks.values())} requests; "
                        f"id stored in {spath}"
                    )
            assert state.batch_id is not None
            batch = _poll(api, state.batch_id, poll_interval, BatchProgress(say))
            replies = _download(api, batch.output_file_id)
            replies.update(_download(api, batch.error_file_id))
            wanted = set(todo)
            for n, (line, raw) in enumerate(state.articles.items()):
                if line not in wanted:
                    continue  # written before an interruption
                article = ArticleMeta.model_validate(raw)
                try:
                    digest = _digest(
                        backend,
                        article,
                        [replies.get(custom_id(n, c)) for c in range(state.chunks[line])],
                        batch.status,
                    )
                except ReplyError as exc:
                    writer.write(error_line(line, "ModelError", _one_line(exc)))
                    report.failed += 1
                    continue
                if summarizer.cache is not None:
                    summarizer.cache.put(article, backend, digest)
                summarizer.priced(digest, batch=True)
                writer.write(ok_line(line, digest.model_dump_json()))
                report.ok += 1
                report.add(digest.provenance)
        spath.unlink(missing_ok=True)
        return _finish(report, out, started, results.status, todo, prices)


def _digest(
    backend: OpenAIBackend, article: ArticleMeta, records: list[dict[str, Any] | None], status: str
) -> ArticleDigest:
    """The digest from a batch's replies, through the live path's draft and checks."""
    started = time.perf_counter()
    client = backend.client
    chunks = split_chunks(article.text, client.settings.chunk_chars)
    replies = []
    for n, (chunk, record) in enumerate(zip(chunks, records, strict=True)):
        problem = _item_error(record, status)
        if problem is not None:
            where = f"chunk {n + 1}: " if len(chunks) > 1 else ""
            raise ReplyError(where + problem)
        assert record is not None
        replies.append(read_reply(client, chunk, record["response"]["body"]))
    digest = pipeline.finish(Document.of(article), backend.draft(replies), backend)
    digest.provenance.via = "batch-api"
    digest.provenance.latency_s = round(time.perf_counter() - started, 4)
    return digest


def _finish(
    report: BatchReport,
    out: Path,
    started: float,
    before: dict[str, str],
    todo: list[str],
    prices: Prices | None,
) -> BatchReport:
    if any(line in before for line in todo):
        report.compacted = compact(out)
    if prices is not None:  # the user's own prices, applied as given
        report.cost = prices.cost(report.prompt_tokens, report.completion_tokens)
    report.wall_s = round(time.perf_counter() - started, 3)
    return report
