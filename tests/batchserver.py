"""A scripted OpenAI-compatible Batch API on 127.0.0.1: `/v1/files` and `/v1/batches`.

Scripted, not recorded: it answers each request in an uploaded batch file with the
chat completion `scripted.completion_body` builds for the `Reply` that
`answer(request_body)` picks, so the real openai client and the real reply parser
run as against a provider. Batches advance only when polled (`steps_per_poll`
requests per `GET /v1/batches/{id}`), so tests are deterministic at any machine
speed. Non-200 replies go to the batch's error file, as OpenAI does.

Prompt caching is emulated: a request whose fixed prefix (system message and
tools) was seen before reports that prefix as `prompt_tokens_details.cached_tokens`
(characters / 4, like the token estimate of the scripted chat server).
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import re
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from scripted import Reply, completion_body

Answer = Callable[[dict[str, Any]], Reply]
CREATED = 1767225600


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64


class BatchServer:
    """`with BatchServer(answer) as srv: ... srv.base_url ...`"""

    def __init__(
        self, answer: Answer, steps_per_poll: int = 1_000_000, fail_batch: str | None = None
    ) -> None:
        self.answer = answer
        self.steps_per_poll = steps_per_poll
        self.fail_batch = fail_batch  # an error message: every batch fails validation with it
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.pending: dict[str, list[dict[str, Any]]] = {}
        self.results: dict[str, tuple[list[str], list[str]]] = {}
        self.seen_prefixes: set[str] = set()
        self.polls = 0
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._httpd = _HTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> BatchServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    # The API ---------------------------------------------------------------------------------------

    def upload(self, filename: str, data: bytes, purpose: str) -> dict[str, Any]:
        file_id = f"file-{next(self._ids)}"
        self.files[file_id] = data
        return _file(file_id, filename, len(data), purpose)

    def create(self, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        file_id = request.get("input_file_id")
        if file_id not in self.files:
            return 404, {"error": {"message": f"no file {file_id}"}}
        batch_id = f"batch_{next(self._ids)}"
        items = [json.loads(line) for line in self.files[file_id].splitlines() if line.strip()]
        batch = {
            "id": batch_id,
            "object": "batch",
            "endpoint": request.get("endpoint"),
            "completion_window": request.get("completion_window"),
            "created_at": CREATED,
            "input_file_id": file_id,
            "status": "failed" if self.fail_batch else "in_progress",
            "metadata": request.get("metadata"),
            "request_counts": {"total": len(items), "completed": 0, "failed": 0},
        }
        if self.fail_batch:
            batch["errors"] = {"object": "list", "data": [{"code": "invalid", "message": self.fail_batch}]}
        self.batches[batch_id] = batch
        self.pending[batch_id] = items
        self.results[batch_id] = ([], [])
        return 200, batch

    def retrieve(self, batch_id: str) -> tuple[int, dict[str, Any]]:
        batch = self.batches.get(batch_id)
        if batch is None:
            return 404, {"error": {"message": f"no batch {batch_id}"}}
        self.polls += 1
        if batch["status"] == "in_progress":
            self._advance(batch)
        return 200, batch

    def _advance(self, batch: dict[str, Any]) -> None:
        todo = self.pending[batch["id"]]
        ok, failed = self.results[batch["id"]]
        for item in todo[: self.steps_per_poll]:
            line, good = self._run(item)
            (ok if good else failed).append(line)
        del todo[: self.steps_per_poll]
        batch["request_counts"] = {
            "total": batch["request_counts"]["total"],
            "completed": len(ok),
            "failed": len(failed),
        }
        if not todo:
            batch["status"] = "completed"
            batch["output_file_id"] = self.upload("output.jsonl", "".join(ok).encode(), "batch_output")["id"]
            batch["error_file_id"] = self.upload("errors.jsonl", "".join(failed).encode(), "batch_output")[
                "id"
            ]

    def _run(self, item: dict[str, Any]) -> tuple[str, bool]:
        body = item["body"]
        reply = self.answer(body)
        if reply.status != 200:
            error = reply.body if isinstance(reply.body, dict) else {"error": {"message": str(reply.body)}}
            response = {"status_code": reply.status, "request_id": "req-scripted", "body": error}
            record = {
                "id": "batch_req_x",
                "custom_id": item["custom_id"],
                "response": response,
                "error": None,
            }
            return json.dumps(record) + "\n", False
        completion = completion_body(body, reply)
        prefix = json.dumps([body["messages"][0], body.get("tools")], ensure_ascii=False)
        cached = len(prefix) // 4 if prefix in self.seen_prefixes else 0
        self.seen_prefixes.add(prefix)
        usage = completion["usage"]
        # Tools are part of the prompt a provider bills: count them, as the cached prefix does.
        usage["prompt_tokens"] = (
            len(json.dumps([body["messages"], body.get("tools")], ensure_ascii=False)) // 4
        )
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        usage["prompt_tokens_details"] = {"cached_tokens": cached}
        response = {"status_code": 200, "request_id": "req-scripted", "body": completion}
        record = {"id": "batch_req_x", "custom_id": item["custom_id"], "response": response, "error": None}
        return json.dumps(record, ensure_ascii=False) + "\n", True

    # HTTP ------------------------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                return

            def _send(self, status: int, body: dict[str, Any] | bytes) -> None:
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length", 0)))
                with server._lock:
                    if self.path.endswith("/files"):
                        name, data, purpose = _multipart(self.headers.get("content-type", ""), raw)
                        self._send(200, server.upload(name, data, purpose))
                    elif self.path.endswith("/batches"):
                        self._send(*server.create(json.loads(raw)))
                    else:
                        self._send(404, {"error": {"message": f"no route {self.path}"}})

            def do_GET(self) -> None:
                with server._lock:
                    if re.search(r"/batches(\?.*)?$", self.path):
                        listed = list(reversed(server.batches.values()))
                        self._send(200, {"object": "list", "data": listed, "has_more": False})
                    elif m := re.search(r"/batches/([^/?]+)$", self.path):
                        self._send(*server.retrieve(m.group(1)))
                    elif (m := re.search(r"/files/([^/]+)/content$", self.path)) and m.group(
                        1
                    ) in server.files:
                        self._send(200, server.files[m.group(1)])
                    else:
                        self._send(404, {"error": {"message": f"no route {self.path}"}})

        return Handler


def _file(file_id: str, filename: str, size: int, purpose: str) -> dict[str, Any]:
    return {
        "id": file_id,
        "object": "file",
        "bytes": size,
        "created_at": CREATED,
        "filename": filename,
        "purpose": purpose,
        "status": "processed",
    }


def _multipart(content_type: str, body: bytes) -> tuple[str, bytes, str]:
    """(filename, data, purpose) of a Files API upload."""
    message = email.parser.BytesParser(policy=email.policy.default).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    name, data, purpose = "upload.jsonl", b"", ""
    for part in message.iter_parts() if message.is_multipart() else []:
        field = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        if field == "file":
            name, data = part.get_filename() or name, payload
        elif field == "purpose":
            purpose = payload.decode()
    return name, data, purpose
