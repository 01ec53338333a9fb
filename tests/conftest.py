"""Shared fixtures: cassettes from fixtures/cassettes, replayed with secrets filtered."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from localsite import start_site
from pytest_httpserver import HTTPServer
from scripted import VCR_CONFIG

CASSETTE_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "cassettes"


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return dict(VCR_CONFIG)


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTE_DIR)


@pytest.fixture(autouse=True)
def _no_real_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see a real key or endpoint from the developer's environment."""
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "SUMMARIZER_MODEL",
        "SUMMARIZER_MODE",
        "SUMMARIZER_OFFLINE",
        "SUMMARIZER_BACKEND",
    ):
        monkeypatch.delenv(name, raising=False)
    logging.getLogger("summarizer").setLevel(logging.WARNING)


@pytest.fixture
def rules_fingerprint_reset() -> Iterator[Callable[[], None]]:
    """The rules backend fingerprints itself once per process; a test that edits its data or
    version calls this to stand for the next process. Emptied again after the test (before
    monkeypatch puts the real data back), so later tests see the real fingerprint."""
    from summarizer.backends import rules

    rules._fingerprint.cache_clear()
    yield rules._fingerprint.cache_clear
    rules._fingerprint.cache_clear()


@pytest.fixture(scope="session")
def site() -> Iterator[HTTPServer]:
    """The local news site (tests/localsite.py). Tests using it need
    `pytest.mark.block_network(allowed_hosts=["127.0.0.1"])`."""
    server = start_site()
    yield server
    server.stop()
