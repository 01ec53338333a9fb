"""Shared fixtures: cassettes from fixtures/cassettes, replayed with secrets filtered."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from localsite import start_site
from pytest_httpserver import HTTPServer

from summarizer.testing import VCR_CONFIG

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


@pytest.fixture(scope="session")
def site() -> Iterator[HTTPServer]:
    """The local news site (tests/localsite.py). Tests using it need
    `pytest.mark.block_network(allowed_hosts=["127.0.0.1"])`."""
    server = start_site()
    yield server
    server.stop()
