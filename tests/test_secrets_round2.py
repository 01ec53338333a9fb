"""Round two of the secrets tests (issue 15, items 3-5): a key echoed by the server or the
model, and credentials in a URL the CLI names in an error line."""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path

import pytest
from localserver import LOCAL_ONLY, fast_settings
from scenarios import SEED_TEXT, seed_answer
from typer.testing import CliRunner

from summarizer import ModelError, Summarizer, cli
from summarizer.batch import run_batch
from summarizer.cache import Cache
from summarizer.testing import Reply, ScriptedServer

pytestmark = LOCAL_ONLY

KEY = "sk-test-ROUND2CANARY-0123456789abcdef"


@pytest.mark.reliability(
    "secrets: key echoed in a refusal", outcome="masked in the error and the batch record"
)
async def test_a_refusal_quoting_the_key_is_masked_in_the_error_and_the_batch_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    refusal = f"I cannot help with {KEY}, it is a secret."
    with ScriptedServer(default=Reply(refusal=refusal)) as server:
        settings = fast_settings(server.base_url, max_reasks=0)
        with pytest.raises(ModelError) as caught:
            Summarizer(settings).summarize_text(SEED_TEXT)
        assert "refused" in str(caught.value) and KEY not in str(caught.value)
        assert "[REDACTED]" in str(caught.value)
        article = tmp_path / "a.txt"
        article.write_text(SEED_TEXT, encoding="utf-8")
        out = tmp_path / "out.jsonl"
        await run_batch([str(article)], out, summarizer=Summarizer(settings))
    text = out.read_text("utf-8")
    assert '"status": "error"' in text and KEY not in text


def _echoing_answer() -> dict[str, object]:
    """The seed's correct answer with the key written into every free-text field."""
    answer = copy.deepcopy(seed_answer())
    answer["summary"] = f"{answer['summary']} Key: {KEY}."
    for inc in answer["incidents"]:
        inc["description"] = f"{inc['description']} ({KEY})"
        for fig in inc["casualties"]:
            fig["stated_by"] = f"{fig['stated_by']} {KEY}"
        inc["reported_by"] = [*inc.get("reported_by", []), KEY]
    return answer


@pytest.mark.reliability(
    "secrets: key echoed in the model's answer", outcome="masked in digest, JSONL and cache; warned"
)
async def test_a_key_echoed_in_the_answer_is_masked_everywhere_and_warned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    caplog.set_level(logging.WARNING, logger="summarizer")
    with ScriptedServer(default=Reply(_echoing_answer())) as server:
        settings = fast_settings(server.base_url)
        cache = Cache(tmp_path / "cache")
        digest = Summarizer(settings, cache=cache).summarize_text(SEED_TEXT)
        dumped = digest.model_dump_json()
        assert KEY not in dumped and "[REDACTED]" in dumped
        assert any(w.code == "secret_masked" for w in digest.provenance.warnings)
        assert any("credential" in r.getMessage() for r in caplog.records)
        cached = "".join(p.read_text("utf-8") for p in (tmp_path / "cache").rglob("*.json"))
        assert cached and KEY not in cached
        article = tmp_path / "a.txt"
        article.write_text(SEED_TEXT, encoding="utf-8")
        out = tmp_path / "out.jsonl"
        await run_batch([str(article)], out, summarizer=Summarizer(settings))
    record = json.loads(out.read_text("utf-8"))
    assert record["status"] == "ok" and KEY not in out.read_text("utf-8")
    # Only the key was masked: the digest still carries its figures.
    assert record["digest"]["incidents"]


@pytest.mark.parametrize(
    "url",
    [
        "http://u:p4ssw0rd-SECRET@127.0.0.1:9/story",
        "http://127.0.0.1:9/story?id=1&key=SECRETKEY123&token=SECRETTOKEN456",
    ],
)
@pytest.mark.reliability(
    "secrets: password or token in a URL on the command line", outcome="not in the error line"
)
def test_the_cli_error_line_hides_url_passwords_and_secret_query_values(url: str) -> None:
    result = CliRunner().invoke(cli.app, [url], prog_name="summarizer")
    assert result.exit_code == 1
    assert "summarizer: error: " in result.stderr
    for secret in ("p4ssw0rd-SECRET", "SECRETKEY123", "SECRETTOKEN456"):
        assert secret not in result.stderr and secret not in result.stdout
