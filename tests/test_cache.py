"""The digest cache: hits and misses, what the key holds, concurrent writers, damaged entries."""

from __future__ import annotations

import json
import logging
import multiprocessing
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from scenarios import SEED_TEXT, seed_answer
from scripted import Reply, ScriptedServer

from summarizer import cache as cache_module
from summarizer.api import Summarizer
from summarizer.cache import Cache, cache_key, default_cache_dir
from summarizer.pipeline import build_digest, make_article
from summarizer.schemas import ArticleDigest, Extraction, Provenance, TokenUsage
from summarizer.settings import Settings

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

SETTINGS = Settings(base_url="http://127.0.0.1:8000/v1", model="scripted-model", max_retries=0)


def _digest(text: str = SEED_TEXT, url: str | None = None) -> ArticleDigest:
    """A real model-path digest of the seed, made without a server."""
    article = make_article(text, url=url)
    provenance = Provenance(
        backend="openai",
        model=SETTINGS.model,
        base_url=SETTINGS.base_url,
        prompt_version="extract-v1",
        tokens=TokenUsage(prompt_tokens=1200, completion_tokens=1900, total_tokens=3100),
        attempts=1,
        latency_s=1.5,
    )
    return build_digest(article, Extraction.model_validate(seed_answer()), provenance, "model")


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    return Cache(tmp_path / "cache")


def test_miss_then_hit_marks_the_hit_and_charges_nothing(cache: Cache) -> None:
    digest = _digest()
    assert cache.get(digest.article, SETTINGS) is None
    cache.put(digest.article, SETTINGS, digest)
    hit = cache.get(digest.article, SETTINGS)
    assert hit is not None
    assert hit.provenance.cache_hit is True
    assert hit.provenance.tokens == TokenUsage()
    assert hit.provenance.attempts == 0
    assert hit.incidents == digest.incidents
    assert hit.summary == digest.summary
    assert (cache.hits, cache.misses) == (1, 1)


def test_entry_does_not_store_the_text_and_a_hit_carries_the_callers_article(cache: Cache) -> None:
    digest = _digest(url="https://one.example/a")
    cache.put(digest.article, SETTINGS, digest)
    (path,) = cache.root.rglob("*.json")
    entry = json.loads(path.read_text(encoding="utf-8"))
    assert "article" not in entry["digest"]
    assert SEED_TEXT[:300] not in path.read_text(encoding="utf-8")
    elsewhere = make_article(SEED_TEXT, url="https://two.example/b")
    hit = cache.get(elsewhere, SETTINGS)
    assert hit is not None and hit.article.url == "https://two.example/b"
    quote = hit.incidents[0].evidence[0]
    assert hit.article.text[quote.start : quote.end] == quote.quote


@pytest.mark.parametrize(
    "change",
    [
        {"model": "another-model"},
        {"mode": "json"},
        {"base_url": "https://api.together.example/v1"},
        {"temperature": 0.7},
    ],
)
def test_a_different_setting_misses(cache: Cache, change: dict[str, object]) -> None:
    digest = _digest()
    cache.put(digest.article, SETTINGS, digest)
    assert cache.get(digest.article, SETTINGS.with_(**change)) is None


def test_same_host_on_another_port_hits(cache: Cache) -> None:
    digest = _digest()
    cache.put(digest.article, SETTINGS, digest)
    assert cache.get(digest.article, SETTINGS.with_(base_url="http://127.0.0.1:9999/v1")) is not None


def test_a_different_prompt_or_schema_version_misses(cache: Cache, monkeypatch: pytest.MonkeyPatch) -> None:
    digest = _digest()
    cache.put(digest.article, SETTINGS, digest)
    from summarizer.backends import model as model_backend

    # The prompt version is part of the openai backend's fingerprint, hence of the key.
    monkeypatch.setattr(model_backend, "PROMPT_VERSION", "extract-v2")
    assert cache.get(digest.article, SETTINGS) is None
    monkeypatch.undo()
    monkeypatch.setattr(cache_module, "SCHEMA_VERSION", "2.0")
    assert cache.get(digest.article, SETTINGS) is None
    monkeypatch.undo()
    assert cache.get(digest.article, SETTINGS) is not None


def test_text_and_prompt_metadata_are_in_the_key() -> None:
    base = cache_key(make_article(SEED_TEXT), SETTINGS)
    assert cache_key(make_article(SEED_TEXT + " "), SETTINGS) != base
    assert cache_key(make_article(SEED_TEXT, published="2025-02-01"), SETTINGS) != base
    assert cache_key(make_article(SEED_TEXT, title="Attacks"), SETTINGS) != base
    # The URL is not shown to the model: the same text from two addresses is one entry.
    assert cache_key(make_article(SEED_TEXT, url="https://x.example/"), SETTINGS) == base


def test_chunk_size_matters_only_for_articles_that_are_split() -> None:
    seed = make_article(SEED_TEXT)  # 2,608 characters
    assert cache_key(seed, SETTINGS) == cache_key(seed, SETTINGS.with_(chunk_chars=20000))
    assert cache_key(seed, SETTINGS.with_(chunk_chars=2000)) != cache_key(
        seed, SETTINGS.with_(chunk_chars=1000)
    )


def test_rules_digests_are_keyed_by_backend_and_its_version(
    monkeypatch: pytest.MonkeyPatch, rules_fingerprint_reset: Callable[[], None]
) -> None:
    article = make_article(SEED_TEXT)
    offline = Settings(offline=True)
    assert cache_key(article, offline) != cache_key(article, SETTINGS)
    # Model settings do not matter to the rules backend ...
    assert cache_key(article, offline) == cache_key(article, offline.with_(model="other"))
    # ... its version does.
    from summarizer import rules as offline_module

    before = cache_key(article, offline)
    monkeypatch.setattr(offline_module, "VERSION", "99", raising=False)
    assert cache_key(article, offline) == before  # a running process keeps the rules it loaded
    rules_fingerprint_reset()  # the next process
    assert cache_key(article, offline) != before


def test_corrupted_entry_is_ignored_with_a_warning_and_then_replaced(
    cache: Cache, caplog: pytest.LogCaptureFixture
) -> None:
    digest = _digest()
    path = cache.path_for(cache_key(digest.article, SETTINGS))
    path.parent.mkdir(parents=True)
    for damage in (b'{"key": "x", "dig', b"\x00\xff garbage", b"[]"):
        path.write_bytes(damage)
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="summarizer.cache"):
            assert cache.get(digest.article, SETTINGS) is None
        assert "ignoring unreadable entry" in caplog.text
    cache.put(digest.article, SETTINGS, digest)
    assert cache.get(digest.article, SETTINGS) is not None


def test_concurrent_threads_writing_and_reading_one_key_never_see_a_partial_entry(
    cache: Cache, caplog: pytest.LogCaptureFixture
) -> None:
    digest = _digest()
    errors: list[BaseException] = []

    def hammer() -> None:
        try:
            for _ in range(15):
                cache.put(digest.article, SETTINGS, digest)
                got = cache.get(digest.article, SETTINGS)
                assert got is not None and got.incidents == digest.incidents
        except BaseException as exc:
            errors.append(exc)

    with caplog.at_level(logging.WARNING, logger="summarizer.cache"):
        threads = [threading.Thread(target=hammer) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors
    assert "ignoring" not in caplog.text
    assert len(list(cache.root.rglob("*.json"))) == 1
    assert not list(cache.root.rglob(".tmp-*")), "temporary files left behind"


def _write_many(root: str, n: int) -> int:
    c = Cache(root)
    digest = _digest()
    good = 0
    for _ in range(n):
        c.put(digest.article, SETTINGS, digest)
        good += c.get(digest.article, SETTINGS) is not None
    return good


def test_concurrent_processes_writing_one_key(tmp_path: Path) -> None:
    root = str(tmp_path / "shared")
    with multiprocessing.get_context("fork").Pool(3) as pool:
        results = pool.starmap(_write_many, [(root, 10)] * 3)
    assert results == [10, 10, 10]
    assert len(list(Path(root).rglob("*.json"))) == 1


def test_cache_dir_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "env-cache"))
    assert default_cache_dir() == tmp_path / "env-cache"
    assert Cache().root == tmp_path / "env-cache"
    monkeypatch.delenv("SUMMARIZER_CACHE_DIR")
    assert default_cache_dir().name == "summarizer"


def test_summarizer_with_cache_asks_the_model_once_and_never_stores_the_key(
    cache: Cache, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "sk-test-0123456789abcdefSECRET"
    monkeypatch.setenv("OPENAI_API_KEY", secret)
    with ScriptedServer(default=Reply(seed_answer())) as server:
        s = Summarizer(Settings(base_url=server.base_url, model="scripted-model", max_retries=0), cache=cache)
        first = s.summarize_text(SEED_TEXT)
        second = s.summarize_text(SEED_TEXT)
        assert len(server.requests) == 1
        assert server.request_headers[0]["authorization"] == f"Bearer {secret}"
    assert not first.provenance.cache_hit and second.provenance.cache_hit
    assert second.provenance.tokens.total_tokens == 0
    assert first.incidents == second.incidents
    for path in cache.root.rglob("*"):
        if path.is_file():
            assert secret not in path.read_text(encoding="utf-8")


async def test_async_path_uses_the_cache(cache: Cache) -> None:
    with ScriptedServer(default=Reply(seed_answer())) as server:
        s = Summarizer(Settings(base_url=server.base_url, model="scripted-model", max_retries=0), cache=cache)
        await s.asummarize_text(SEED_TEXT)
        hit = await s.asummarize_text(SEED_TEXT)
        assert len(server.requests) == 1
    assert hit.provenance.cache_hit


def test_unwritable_cache_is_logged_not_raised(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    c = Cache(blocker)
    digest = _digest()
    with caplog.at_level(logging.WARNING, logger="summarizer.cache"):
        c.put(digest.article, SETTINGS, digest)
    assert "cannot write" in caplog.text
    assert c.get(digest.article, SETTINGS) is None
