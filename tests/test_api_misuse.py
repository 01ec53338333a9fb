"""Typed errors, round two (issue 15, items 15-17): the library raises only its own typed
errors for misuse, malformed usage blocks and impossible dates."""

from __future__ import annotations

import datetime
import logging
from typing import Any

import pytest
from localserver import LOCAL_ONLY, fast_settings
from scenarios import SEED_TEXT, seed_answer
from typer.testing import CliRunner

from summarizer import Summarizer, cli
from summarizer.pipeline import ArticleError, make_article
from summarizer.settings import Settings
from summarizer.testing import Reply, ScriptedServer, completion_body

pytestmark = LOCAL_ONLY

OFFLINE = Settings(offline=True)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"published": 20250201},
        {"published": ["2025-02-01"]},
        {"title": 123},
        {"url": 5},
        {"title": "\ud800"},
        {"url": "https://x.example/\udcff"},
    ],
    ids=["published-int", "published-list", "title-int", "url-int", "title-surrogate", "url-surrogate"],
)
@pytest.mark.reliability("API misuse (wrong types, lone surrogates in metadata)", outcome="ArticleError")
def test_misused_arguments_raise_article_error(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ArticleError):
        Summarizer(OFFLINE).summarize_text(SEED_TEXT, **kwargs)


@pytest.mark.reliability(
    "API misuse (wrong types, lone surrogates in metadata)", outcome="a date object accepted"
)
def test_a_date_object_is_accepted_as_the_publication_date() -> None:
    digest = Summarizer(OFFLINE).summarize_text(SEED_TEXT, published=datetime.date(2025, 2, 1))  # type: ignore[arg-type]
    assert digest.article.published == "2025-02-01"
    digest.model_dump_json()


@pytest.mark.parametrize(
    "published",
    ["2025-02-30", "9999-99-99", "2025-13-01", "２０２５-０２-０１", "2025-02-01\n", "٢٠٢٥-٠٢-٠١"],
)
@pytest.mark.reliability(
    "impossible publication date (Feb 30, 9999-99-99, full-width digits)",
    outcome="ArticleError; CLI: usage error",
)
def test_impossible_publication_dates_are_refused(published: str) -> None:
    with pytest.raises(ArticleError, match="not a real date"):
        make_article(SEED_TEXT, published=published)
    result = CliRunner().invoke(cli.app, ["--offline", "--published", published, "-"], input=SEED_TEXT)
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


def _with_usage(usage: dict[str, Any]) -> Any:
    def route(request: dict[str, Any]) -> Reply:
        body = completion_body(request, Reply(seed_answer()))
        return Reply(body={**body, "usage": usage})

    return route


@pytest.mark.parametrize(
    "usage",
    [
        {"prompt_tokens": 1.5, "completion_tokens": 10, "total_tokens": 11.5},
        {"prompt_tokens": 10**400, "completion_tokens": 10, "total_tokens": 10**400},
        {"prompt_tokens": -5, "completion_tokens": -1, "total_tokens": -6},
    ],
    ids=["fraction", "huge", "negative"],
)
@pytest.mark.reliability(
    "malformed usage block (1.5, 10**400, negative)", outcome="ignored with a warning; digest kept"
)
def test_a_malformed_usage_block_is_ignored_with_a_warning(
    usage: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="summarizer")
    with ScriptedServer(router=_with_usage(usage)) as server:
        digest = Summarizer(fast_settings(server.base_url)).summarize_text(SEED_TEXT)
    tokens = digest.provenance.tokens
    for value in (tokens.prompt_tokens, tokens.completion_tokens, tokens.total_tokens):
        assert 0 <= value <= 10**9
    assert digest.incidents
    assert any("not a token count" in r.getMessage() for r in caplog.records)
