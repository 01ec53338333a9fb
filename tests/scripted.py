"""A scripted OpenAI-compatible server on 127.0.0.1, for recording cassettes, fault tests and benchmarks.

It speaks the chat-completions wire format through a real socket, so the real
openai client, instructor and vcrpy all run as they do against a real server.
Each request takes the next scripted `Reply` from the queue (or the default):
either a structured answer, wrapped the way the request's mode expects (a tool
call when the request offers tools, message content otherwise), or a raw
status/body/headers for fault injection, after an optional delay.

Token usage it reports is an estimate (characters / 4), marked as such in the
`system_fingerprint` field ("scripted-estimate"): it exercises accounting code,
it does not measure a tokenizer.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from summarizer import credentials


@dataclass
class Reply:
    """One scripted answer. Give `answer` (a JSON-able object) or `status`/`body` for faults."""

    answer: Any = None
    status: int = 200
    body: bytes | str | dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False  # close the connection without answering
    finish_reason: str = "stop"
    content: str | None = None  # raw assistant text (invalid JSON in JSON modes)
    arguments: str | None = None  # raw tool-call arguments (invalid JSON in tools mode)
    refusal: str | None = None  # message.refusal set, content null: the model declined
    no_choices: bool = False  # a well-formed completion with an empty `choices` list
    trickle: float = 0.0  # seconds between 64-byte pieces of the body (a slow-drip server)


def completion_body(request: dict[str, Any], reply: Reply) -> dict[str, Any]:
    """A chat.completion object answering `request` with `reply`, in the request's mode."""
    prompt_chars = len(json.dumps(request.get("messages", []), ensure_ascii=False))
    message: dict[str, Any] = {"role": "assistant", "content": None}
    finish = reply.finish_reason
    if reply.refusal is not None:
        message["refusal"] = reply.refusal
        out = reply.refusal
    elif reply.content is not None:
        message["content"] = reply.content
        out = reply.content
    elif request.get("tools"):
        name = request["tools"][0]["function"]["name"]
        out = reply.arguments if reply.arguments is not None else json.dumps(reply.answer, ensure_ascii=False)
        message["tool_calls"] = [
            {"id": "call_scripted_1", "type": "function", "function": {"name": name, "arguments": out}}
        ]
        finish = "tool_calls" if finish == "stop" else finish
    else:
        out = json.dumps(reply.answer, ensure_ascii=False)
        message["content"] = out
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": 1767225600,
        "model": request.get("model", "scripted"),
        "system_fingerprint": "scripted-estimate",
        "choices": []
        if reply.no_choices
        else [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
        "usage": {
            "prompt_tokens": prompt_chars // 4,
            "completion_tokens": len(out) // 4,
            "total_tokens": prompt_chars // 4 + len(out) // 4,
        },
    }


class _HTTPServer(ThreadingHTTPServer):
    # socketserver's default listen backlog is 5: a client opening dozens of connections at
    # once (a batch at concurrency 32) would see resets that a real endpoint never gives.
    request_queue_size = 256
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up on a slow or dropped reply is the point of a fault test."""
        return


#: Picks the reply for one request from its content (concurrent tests), or None for the queue.
Router = Callable[[dict[str, Any]], "Reply | None"]


class ScriptedServer:
    """`with ScriptedServer([Reply(...), ...]) as srv: ... srv.base_url ...`

    Replies are taken in order from the queue, then `default`. A `router` sees each
    request first and may answer it by content, which keeps concurrent tests deterministic.
    """

    def __init__(
        self,
        replies: list[Reply] | None = None,
        default: Reply | None = None,
        router: Router | None = None,
    ) -> None:
        self.queue: deque[Reply] = deque(replies or [])
        self.default = default
        self.router = router
        self.requests: list[dict[str, Any]] = []
        self.request_headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._httpd = _HTTPServer(("127.0.0.1", 0), self._handler())
        # A short poll interval: `shutdown()` waits up to one interval, once per test.
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _next(self, request: dict[str, Any]) -> Reply:
        if self.router is not None and (routed := self.router(request)) is not None:
            return routed
        with self._lock:
            if self.queue:
                return self.queue.popleft()
        if self.default is None:
            return Reply(status=500, body={"error": {"message": "script exhausted"}})
        return self.default

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; with Nagle's algorithm on, the body waits
            # for the client's delayed ACK (40 ms on Linux) on every request. Real servers
            # set TCP_NODELAY too.
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:  # quiet
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                raw = self.rfile.read(length)
                try:
                    request = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    request = {}
                with server._lock:
                    server.requests.append(request)
                    server.request_headers.append(dict(self.headers))
                reply = server._next(request)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.drop:
                    self.close_connection = True
                    self.connection.close()
                    return
                if reply.body is not None:
                    body = reply.body
                    data = (
                        json.dumps(body).encode()
                        if isinstance(body, dict)
                        else body.encode()
                        if isinstance(body, str)
                        else body
                    )
                else:
                    data = json.dumps(completion_body(request, reply), ensure_ascii=False).encode()
                self.send_response(reply.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                if reply.trickle:
                    # A server that answers, but slowly: one small piece at a time.
                    for i in range(0, len(data), 64):
                        self.wfile.write(data[i : i + 64])
                        self.wfile.flush()
                        time.sleep(reply.trickle)
                else:
                    self.wfile.write(data)

        return Handler


SECRET_HEADERS = ("authorization", "api-key", "x-api-key", "openai-organization", "openai-project", "cookie")


def _scrub_body(body: Any) -> Any:
    """A body with every credential the model client registered replaced (a server may echo
    the key it was sent, e.g. in a 401's error message)."""
    secrets = credentials.protected()
    if not secrets or body is None:
        return body
    if isinstance(body, bytes):
        text = body.decode("utf-8", "surrogateescape")
        if credentials.contains_secret(text, secrets):
            return credentials.redact(text, secrets).encode("utf-8", "surrogateescape")
        return body
    if isinstance(body, str) and credentials.contains_secret(body, secrets):
        return credentials.redact(body, secrets)
    return body


def _scrub_request(request: Any) -> Any:
    request.uri = credentials.redact(request.uri, credentials.protected())
    request.body = _scrub_body(request.body)
    return request


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in ("set-cookie", "openai-organization", "openai-project", "x-request-id"):
            headers.pop(name)
    body = response.get("body")
    if isinstance(body, dict) and "string" in body:
        body["string"] = _scrub_body(body["string"])
    return response


#: vcrpy settings shared by the tests and by `tests/record_cassettes.py`: secret headers and
#: query parameters filtered, registered credentials scrubbed from URIs and bodies, requests
#: matched on method, path and (parsed JSON) body, never on headers or host.
VCR_CONFIG: dict[str, Any] = {
    "filter_headers": [(h, "REDACTED") for h in SECRET_HEADERS],
    "filter_query_parameters": ["api_key", "api-key", "key"],
    "match_on": ["method", "path", "body"],
    "decode_compressed_response": True,
    "before_record_request": _scrub_request,
    "before_record_response": _scrub_response,
}
