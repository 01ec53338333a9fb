"""Clear messages, round two (issue 15, items 19 and 20): what a fetch or a model endpoint
did wrong, said once and in one line."""

from __future__ import annotations

import gzip
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from localserver import LOCAL_ONLY, fast_settings
from pytest_httpserver import HTTPServer
from scenarios import SEED_TEXT
from scripted import Reply, ScriptedServer
from werkzeug import Response

from summarizer import ModelError, Summarizer
from summarizer.batch import run_batch
from summarizer.cache import Cache
from summarizer.inputs.errors import BlockedURL, FetchError, HTTPStatusError, NotAnArticle, UnsupportedContent
from summarizer.inputs.loader import fetch_article
from summarizer.settings import Settings

pytestmark = LOCAL_ONLY

PAGE = (
    "<html><body><article><p>"
    + "Gunmen killed 3 people in Quetta on Monday, police said. " * 6
    + "</p></article></body></html>"
)


@pytest.fixture
def server() -> HTTPServer:
    srv = HTTPServer(host="127.0.0.1")
    srv.start()
    yield srv
    srv.clear()
    srv.stop()


def _fetch(url: str) -> Exception:
    with pytest.raises(FetchError) as caught:
        fetch_article(url, allow_private_hosts=True)
    return caught.value


@pytest.mark.reliability("misleading fetch message", outcome="long reason phrase cut to one short line")
def test_a_long_reason_phrase_is_cut(server: HTTPServer) -> None:
    response = Response("nope", status=503)
    response.status = "503 " + "Service Unavailable " * 250  # a 5,000-character reason phrase
    server.expect_request("/long").respond_with_response(response)
    exc = _fetch(server.url_for("/long"))
    assert isinstance(exc, HTTPStatusError) and exc.status_code == 503
    assert len(exc.problem) < 200 and exc.problem.startswith("HTTP 503 Service Unavailable")


@pytest.mark.reliability("misleading fetch message", outcome="br encoding named, not 'not HTML'")
def test_an_undecodable_content_encoding_is_named(server: HTTPServer) -> None:
    body = gzip.compress(PAGE.encode())  # bytes this client cannot read as br
    server.expect_request("/br").respond_with_data(
        body, content_type="text/html", headers={"Content-Encoding": "br"}
    )
    exc = _fetch(server.url_for("/br"))
    assert isinstance(exc, UnsupportedContent) and "'br'" in exc.problem
    assert "parsed as HTML" not in exc.problem


@pytest.mark.reliability("misleading fetch message", outcome="empty body named, not 'not HTML'")
def test_an_empty_body_is_named(server: HTTPServer) -> None:
    server.expect_request("/empty").respond_with_data(
        b"", content_type="text/html", headers={"Content-Length": "0"}
    )
    exc = _fetch(server.url_for("/empty"))
    assert isinstance(exc, NotAnArticle) and "empty page" in exc.problem


@pytest.mark.reliability("misleading fetch message", outcome="URL with white space around it fetched")
def test_a_url_with_a_leading_space_is_fetched(server: HTTPServer) -> None:
    server.expect_request("/story").respond_with_data(PAGE, content_type="text/html")
    article = fetch_article("  " + server.url_for("/story"), allow_private_hosts=True)
    assert "Gunmen killed 3 people" in article.text


@pytest.mark.reliability(
    "misleading fetch message", outcome="bad IPv6 literal in a batch: BlockedURL, not ValueError"
)
async def test_a_bad_ipv6_literal_in_a_batch_is_a_blocked_url(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    await run_batch(["http://[::ffff:127.1]/"], out, summarizer=Summarizer(Settings(offline=True)))
    text = out.read_text("utf-8")
    assert '"type": "BlockedURL"' in text and "not a valid URL" in text
    with pytest.raises(BlockedURL):
        fetch_article("http://[::ffff:127.1]/")


@pytest.mark.parametrize("command", ["summarize", "batch"])
@pytest.mark.reliability("instructor's own log lines", outcome="none on stderr; our retry line only")
def test_instructor_log_lines_do_not_reach_stderr(tmp_path: Path, command: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text(SEED_TEXT, encoding="utf-8")
    (tmp_path / "inputs.txt").write_text(f"{article}\n", encoding="utf-8")
    with ScriptedServer(default=Reply(status=500, body={"error": {"message": "boom"}})) as server:
        common = ["--base-url", server.base_url, "--model", "scripted-model"]
        if command == "summarize":
            args = [*common, "--max-retries", "1", "--file", str(article)]
        else:
            args = [
                "batch",
                str(tmp_path / "inputs.txt"),
                "-o",
                str(tmp_path / "out.jsonl"),
                "-q",
                "--no-cache",
                *common,
            ]
        env = {**os.environ, "SUMMARIZER_MAX_RETRIES": "1", "SUMMARIZER_RETRY_BACKOFF": "0.01"}
        result = subprocess.run(
            [sys.executable, "-m", "summarizer", *args], capture_output=True, text=True, timeout=120, env=env
        )
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert not any("API call failed" in line or "Max retries exceeded" in line for line in lines), lines
    assert len(lines) <= 4, lines


@pytest.mark.parametrize(
    "body,named",
    [
        ("<!DOCTYPE html><html><body>Sign in to continue</body></html>", "an HTML page"),
        ('data: {"choices": []}\n\ndata: [DONE]\n\n', "a server-sent event stream"),
    ],
    ids=["html", "sse"],
)
@pytest.mark.reliability(
    "HTML or SSE reply with status 200", outcome="ModelError naming it, not re-asked or retried", attempts="1"
)
def test_an_html_or_sse_reply_is_named_and_not_re_asked(body: str, named: str) -> None:
    with ScriptedServer(default=Reply(body=body)) as server, pytest.raises(ModelError) as caught:
        Summarizer(fast_settings(server.base_url, max_reasks=2)).summarize_text(SEED_TEXT)
    assert named in str(caught.value) and "no choices" not in str(caught.value)
    assert len(server.requests) == 1


@pytest.mark.reliability("read-only cache directory", outcome="one warning per run, not per article")
def test_an_unwritable_cache_warns_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    caplog.set_level(logging.WARNING, logger="summarizer")
    summarizer = Summarizer(Settings(offline=True), cache=Cache(blocker))
    for i in range(3):
        summarizer.summarize_text(f"{SEED_TEXT}\nNote {i}.")
    warnings = [r for r in caplog.records if "cannot write" in r.getMessage()]
    assert len(warnings) == 1
