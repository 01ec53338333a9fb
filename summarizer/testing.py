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
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


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
    content: str | None = None  # raw assistant text (refusals, invalid JSON)


def completion_body(request: dict[str, Any], reply: Reply) -> dict[str, Any]:
    """A chat.completion object answering `request` with `reply`, in the request's mode."""
    prompt_chars = len(json.dumps(request.get("messages", []), ensure_ascii=False))
    message: dict[str, Any] = {"role": "assistant", "content": None}
    finish = reply.finish_reason
    if reply.content is not None:
        message["content"] = reply.content
        out = reply.content
    elif request.get("tools"):
        name = request["tools"][0]["function"]["name"]
        out = json.dumps(reply.answer, ensure_ascii=False)
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
        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
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


class ScriptedServer:
    """`with ScriptedServer([Reply(...), ...]) as srv: ... srv.base_url ...`"""

    def __init__(self, replies: list[Reply] | None = None, default: Reply | None = None) -> None:
        self.queue: deque[Reply] = deque(replies or [])
        self.default = default
        self.requests: list[dict[str, Any]] = []
        self.request_headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._httpd = _HTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

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

    def _next(self) -> Reply:
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
                reply = server._next()
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
                self.wfile.write(data)

        return Handler


SECRET_HEADERS = ("authorization", "api-key", "x-api-key", "openai-organization", "openai-project", "cookie")


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in ("set-cookie", "openai-organization", "openai-project", "x-request-id"):
            headers.pop(name)
    return response


#: vcrpy settings shared by the tests and by `tests/record_cassettes.py`: secrets filtered,
#: requests matched on method, path and (parsed JSON) body, never on headers or host.
VCR_CONFIG: dict[str, Any] = {
    "filter_headers": [(h, "REDACTED") for h in SECRET_HEADERS],
    "filter_query_parameters": ["api_key", "key"],
    "match_on": ["method", "path", "body"],
    "decode_compressed_response": True,
    "before_record_response": _scrub_response,
}
