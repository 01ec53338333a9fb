"""Helpers for tests that run the real client against `ScriptedServer` on 127.0.0.1."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from summarizer import ArticleDigest, Settings, Summarizer

#: pytest-recording blocks the network (`--block-network`); these tests reach only the
#: scripted server on the loopback address. (Its `allowed_hosts` marker is not read by
#: its fixture; the `block_network` marker's keyword is.)
LOCAL_ONLY = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1$"])

#: Small backoffs so that a fault costs milliseconds, not minutes. The timeout is not small:
#: a healthy reply must never miss it, however loaded the machine; tests that need a timeout
#: to fire stall the reply far past it instead of racing a short one.
FAST: dict[str, Any] = {
    "model": "scripted-model",
    "mode": "tools",
    "timeout": 5.0,
    "max_retries": 2,
    "retry_budget": 10.0,
    "retry_backoff": 0.01,
    "max_reasks": 1,
}


def fast_settings(base_url: str, **overrides: Any) -> Settings:
    return Settings(base_url=base_url, **{**FAST, **overrides})


def summarize(settings: Settings, text: str, path: str = "sync") -> ArticleDigest:
    """One article through the public API, by the sync or the async entry point."""
    if path == "async":
        return asyncio.run(Summarizer(settings).asummarize_text(text))
    return Summarizer(settings).summarize_text(text)
