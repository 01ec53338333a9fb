"""The stand-in model: `ScriptedServer` in its own process, answering after a fixed latency.

Its own process, so its JSON work does not compete with the code measured for
the interpreter lock: a remote model costs the client nothing while it thinks.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: The scripted server is a test helper (tests/scripted.py), not part of the package.
sys.path.insert(0, str(ROOT / "tests"))
SEED_ANSWER = ROOT / "fixtures" / "scripted" / "seed-correct.json"


def _serve(conn: Connection, latency: float) -> None:
    from scripted import Reply, ScriptedServer

    answer = json.loads(SEED_ANSWER.read_text(encoding="utf-8"))
    with ScriptedServer(default=Reply(answer, delay=latency)) as server:
        conn.send(server.base_url)
        while True:
            command = conn.recv()
            if command == "count":
                conn.send(len(server.requests))
            elif command == "cpu":  # this process's own CPU seconds (all its threads)
                import resource

                usage = resource.getrusage(resource.RUSAGE_SELF)
                conn.send(usage.ru_utime + usage.ru_stime)
            elif command == "first":
                conn.send(server.requests[0] if server.requests else None)
            elif command == "stop":
                conn.send(None)
                return


class Stub:
    """`with Stub(latency=0.2) as stub: stub.base_url, stub.count()`."""

    def __init__(self, latency: float) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child, latency), daemon=True)
        self.base_url = ""

    def __enter__(self) -> Stub:
        self._proc.start()
        self.base_url = self._conn.recv()
        return self

    def __exit__(self, *exc: object) -> None:
        self._conn.send("stop")
        self._conn.recv()
        self._proc.join(5)

    def count(self) -> int:
        """Requests the stub has answered (or is answering) so far."""
        self._conn.send("count")
        n: int = self._conn.recv()
        return n

    def cpu(self) -> float:
        """CPU seconds the stub's process has used so far (its own cost, not the client's)."""
        self._conn.send("cpu")
        seconds: float = self._conn.recv()
        return seconds

    def first_request(self) -> dict[str, Any] | None:
        self._conn.send("first")
        request: dict[str, Any] | None = self._conn.recv()
        return request
