"""Helpers for the review app's tests: ingest the GVA sample with the real CLI, run `summarizer serve`."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "gva"
#: Generous: CI is a loaded 2-core machine; this only bounds a hang, never a measurement.
START_TIMEOUT = 120.0


def sample() -> list[dict[str, object]]:
    return json.loads((SAMPLE / "sample.json").read_text(encoding="utf-8"))


def _env(home: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "SYSTEMROOT")}
    return keep | {"HOME": str(home), "SUMMARIZER_CACHE_DIR": str(home / "cache")}


def ingest_sample(db: Path) -> None:
    """`summarizer ingest --offline` each sample article with its publication date, in the listed order.

    The command runs in this process (typer's runner), which saves a cold start per article.
    """
    from typer.testing import CliRunner

    from summarizer.cli import app as ingest_app

    for item in sample():
        args = ["ingest", "--db", str(db), "--offline", "--published", str(item["published"])]
        result = CliRunner().invoke(ingest_app, [*args, str(SAMPLE / str(item["file"]))])
        assert result.exit_code == 0, result.output


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(db: Path, *args: str, who: str = "ana") -> Iterator[str]:
    """`summarizer serve` in a subprocess on a free loopback port; yields its base URL."""
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "summarizer",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
            "--who",
            who,
            *args,
        ],
        cwd=ROOT,
        env=_env(db.parent),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"serve exited: {proc.stderr.read().decode() if proc.stderr else ''}")
            try:
                urllib.request.urlopen(base + "/static/app.css", timeout=5).close()
                break
            except urllib.error.HTTPError:
                break  # it answers (401 when a token is required)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def post(url: str, data: dict[str, str] | list[tuple[str, str]]) -> tuple[int, str]:
    import urllib.parse

    body = urllib.parse.urlencode(data).encode()
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, data=body, method="POST"), timeout=60) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")
