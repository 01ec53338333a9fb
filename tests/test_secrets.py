"""The API key, and credentials in a base URL, never leave the client.

A recognisable fake key is set in the environment; the whole pipeline runs against the
scripted server while vcrpy records a cassette with the project's `VCR_CONFIG` and
every logger (ours, openai, httpx2, httpcore2, instructor) is captured at DEBUG. Then
every artefact is searched for the key: the cassette, the log, the digest and its
provenance, exception messages and formatted tracebacks, the settings' repr.
"""

from __future__ import annotations

import base64
import logging
import traceback
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest
import vcr
from localserver import FAST, LOCAL_ONLY, fast_settings
from scenarios import SEED_TEXT, seed_answer
from scripted import VCR_CONFIG, Reply, ScriptedServer

from summarizer import AuthenticationFailed, ModelError, Settings, Summarizer

pytestmark = LOCAL_ONLY

KEY = "sk-test-LEAKCANARY-0123456789abcdefABCDEF"
PASSWORD = "sk-test-LEAKCANARY-in-the-url-4242"
LOGGERS = ("", "summarizer", "openai", "httpx", "httpx2", "httpcore", "httpcore2", "instructor")


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name or None)
    return caplog


def everything_logged(caplog: pytest.LogCaptureFixture) -> str:
    """Each record as a handler would write it, traceback included."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(r) for r in caplog.records)


def leaks(text: str, *secrets: str) -> list[str]:
    """The secrets (or their Basic-auth encodings) found in `text`."""
    forms = [*secrets, *(base64.b64encode(f"user:{s}".encode()).decode() for s in secrets)]
    return [s for s in forms if s in text]


def error_texts(exc: BaseException) -> str:
    return "\n".join([str(exc), repr(exc), "".join(traceback.format_exception(exc))])


def record(tmp_path: Path, settings: Settings, run: Any) -> str:
    """Run `run()` while vcrpy records to a fresh cassette; the cassette's text."""
    cassette = tmp_path / "leak.yaml"
    with vcr.VCR(**VCR_CONFIG, record_mode="all").use_cassette(str(cassette)), suppress(ModelError):
        run()
    return cassette.read_text("utf-8") if cassette.exists() else ""  # nothing recorded: nothing to leak


def sent_auth(server: ScriptedServer, n: int = 0) -> str:
    return next(v for k, v in server.request_headers[n].items() if k.lower() == "authorization")


@pytest.mark.reliability("secrets: key through a full run", outcome="absent from every artefact")
def test_the_key_appears_in_no_artefact_of_a_full_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, debug_logs: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    with ScriptedServer([Reply(status=429, headers={"retry-after": "0"}), Reply(seed_answer())]) as server:
        settings = fast_settings(server.base_url)
        digests = []
        cassette = record(
            tmp_path, settings, lambda: digests.append(Summarizer(settings).summarize_text(SEED_TEXT))
        )
    assert sent_auth(server, -1) == f"Bearer {KEY}"  # the canary was really used
    assert len(digests[0].incidents) == 4 and "REDACTED" in cassette
    logged = everything_logged(debug_logs)
    assert "HTTP Request: POST" in logged  # DEBUG/INFO records really were captured
    for artefact in (cassette, logged, digests[0].model_dump_json(), repr(settings)):
        assert leaks(artefact, KEY) == []


@pytest.mark.reliability("secrets: key in errors", outcome="absent from message, traceback, logs, cassette")
@pytest.mark.parametrize(
    "reply",
    [
        # A server that echoes the key it was sent, in full (OpenAI masks all but 4 characters).
        Reply(status=401, body={"error": {"message": f"Incorrect API key provided: {KEY}."}}),
        Reply(status=403, body=f"forbidden for key {KEY}"),
        Reply(status=500, body={"error": {"message": f"upstream rejected Bearer {KEY}"}}),
        Reply(drop=True),
        Reply(seed_answer(), delay=1.0),
        Reply(content=f"not json, and the key is {KEY}"),
    ],
    ids=["401-echo", "403-echo", "500-echo", "connection-dropped", "timeout", "reply-quotes-key"],
)
def test_the_key_appears_in_no_error_or_log(
    reply: Reply, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, debug_logs: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    with ScriptedServer(default=reply) as server:
        settings = fast_settings(server.base_url, timeout=0.3, max_retries=1, mode="json")
        errors: list[ModelError] = []

        def run() -> None:
            try:
                Summarizer(settings).summarize_text(SEED_TEXT)
            except ModelError as exc:
                errors.append(exc)

        cassette = record(tmp_path, settings, run)
    (error,) = errors
    if reply.status in (401, 403):
        assert isinstance(error, AuthenticationFailed) and "key" in str(error)
    assert leaks(error_texts(error), KEY) == []
    assert leaks(everything_logged(debug_logs), KEY) == []
    assert leaks(cassette, KEY) == []


@pytest.mark.reliability("secrets: user:password in OPENAI_BASE_URL", outcome="absent; Basic auth still sent")
@pytest.mark.parametrize("fault", [None, 500, "drop"], ids=["answered", "http-500", "dropped"])
def test_credentials_in_the_base_url_stay_out_of_provenance_logs_errors_and_cassettes(
    fault: int | str | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    first = Reply(drop=True) if fault == "drop" else Reply(status=fault) if fault else Reply(seed_answer())
    with ScriptedServer(default=first) as server:
        url = server.base_url.replace("http://", f"http://user:{PASSWORD}@")
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        settings = Settings.from_env(**{**FAST, "max_retries": 0})  # the URL comes from the environment
        assert settings.base_url == url
        outcome: list[Any] = []

        def run() -> None:
            try:
                outcome.append(Summarizer(settings).summarize_text(SEED_TEXT))
            except ModelError as exc:
                outcome.append(exc)

        cassette = record(tmp_path, settings, run)
    # The server got the same Basic credentials httpx would have derived from the URL.
    expected = "Basic " + base64.b64encode(f"user:{PASSWORD}".encode()).decode()
    assert sent_auth(server) == expected
    (result,) = outcome
    text = error_texts(result) if isinstance(result, BaseException) else result.model_dump_json()
    if not isinstance(result, BaseException):
        assert result.provenance.base_url == server.base_url
    for artefact in (text, everything_logged(debug_logs), cassette, repr(settings)):
        assert leaks(artefact, PASSWORD) == []


@pytest.mark.reliability("secrets: settings repr", outcome="no key, password or secret header")
def test_settings_repr_shows_no_credential(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    settings = Settings(
        base_url=f"https://user:{PASSWORD}@proxy.example/v1?api-key={KEY}", extra_headers={"api-key": KEY}
    )
    shown = repr(settings)
    assert leaks(shown, KEY, PASSWORD) == [] and "https://proxy.example/v1" in shown
