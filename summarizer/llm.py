"""Model access: any OpenAI-compatible server through openai + instructor + tenacity.

Two retry loops, kept apart on purpose:

* transport: 429 (honouring Retry-After), 5xx, connection errors and timeouts
  are retried here with tenacity, with an explicit predicate, exponential
  backoff and a bound on the total time spent waiting. The openai client's
  own retries are off (`max_retries=0`) so that one policy rules.
* content: a reply that fails the schema or the grounding checks is re-asked
  by instructor with the exact error (`max_reasks`).
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import logging
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import instructor
import openai
from instructor.core.exceptions import InstructorRetryException
from instructor.core.hooks import Hooks
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)

from summarizer.prompts import render_messages
from summarizer.schemas import Extraction, TokenUsage
from summarizer.settings import Settings
from summarizer.validation import CallState, CheckedExtraction, checking

log = logging.getLogger(__name__)

#: Wrapped once, here: given a plain model, instructor wraps it in a new class on every
#: request, which defeats its own schema cache and costs a full JSON-schema generation
#: (about 25 ms of CPU) per request. The wrapped class and its schema are the same.
_RESPONSE_MODEL = instructor.response_schema(CheckedExtraction)


@functools.cache
def _inline_schema() -> dict[str, Any]:
    return Extraction.model_json_schema()


_MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}


class ModelError(RuntimeError):
    """The model endpoint failed in a way retrying did not fix. The message never holds the key."""

    def __init__(self, message: str, attempts: int = 0, retryable: bool = False) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.retryable = retryable


class AuthenticationFailed(ModelError):
    """401/403: the key is missing, wrong or not allowed. Never retried."""


@dataclass
class ModelReply:
    """What one article (or chunk) got from the model."""

    extraction: Extraction
    usage: TokenUsage
    attempts: int
    unresolved: list[str] = field(default_factory=list)


def _root(exc: BaseException) -> BaseException:
    """The API error behind instructor's wrapper, if any."""
    seen = 0
    while isinstance(exc, InstructorRetryException) and exc.__cause__ is not None and seen < 5:
        exc = exc.__cause__
        seen += 1
    return exc


def is_transient(exc: BaseException) -> bool:
    """Worth retrying: rate limits, server errors, connection trouble, timeouts."""
    exc = _root(exc)
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in (408, 409, 429) or exc.status_code >= 500
    return False


def retry_after_seconds(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (Retry-After or retry-after-ms), if it said."""
    exc = _root(exc)
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    if (ms := headers.get("retry-after-ms")) is not None:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if raw is None:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(raw) if raw else None
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None


class _Wait:
    """Retry-After when the server gives it, else exponential backoff with jitter."""

    def __init__(self, budget: float) -> None:
        self.budget = budget
        self.backoff = wait_exponential_jitter(multiplier=0.5, max=20, jitter=0.5)

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after_seconds(exc) if exc else None
        wait = asked if asked is not None else self.backoff(state)
        return min(wait, self.budget)


def _retry_kwargs(settings: Settings) -> dict[str, Any]:
    return {
        "retry": retry_if_exception(is_transient),
        "wait": _Wait(settings.retry_budget),
        "stop": stop_after_attempt(settings.max_retries + 1) | stop_after_delay(settings.retry_budget),
        "reraise": True,
        "before_sleep": lambda s: log.warning(
            "model request failed (%s); retry %d", _describe(s.outcome.exception()), s.attempt_number
        ),
    }


def _describe(exc: BaseException | None) -> str:
    """A one-line reason that names the failure and never echoes a credential."""
    if exc is None:
        return "unknown error"
    exc = _root(exc)
    if isinstance(exc, openai.APITimeoutError):
        return "the model endpoint timed out"
    if isinstance(exc, openai.APIConnectionError):
        return "could not connect to the model endpoint"
    if isinstance(exc, openai.APIStatusError):
        return f"the model endpoint answered HTTP {exc.status_code}"
    return type(exc).__name__


def _safe_url(url: str | None) -> str | None:
    """The endpoint without userinfo or query, fit for provenance and logs."""
    if not url:
        return None
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def _client_kwargs(settings: Settings) -> dict[str, Any]:
    return {
        # A local server needs no key, but the client insists on one.
        "api_key": settings.api_key or "not-needed",
        "base_url": settings.base_url,
        "timeout": settings.timeout,
        "max_retries": 0,
        "default_headers": settings.extra_headers or None,
    }


def _request_kwargs(settings: Settings) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"model": settings.model, "temperature": settings.temperature}
    if settings.mode == "json":
        # llama.cpp's server constrains output with a schema given inside response_format.
        kwargs["extra_body"] = {"response_format": {"type": "json_object", "schema": _inline_schema()}}
    return kwargs


def _usage(completion: Any) -> TokenUsage:
    usage = getattr(completion, "usage", None)
    if usage is None:
        return TokenUsage()
    return TokenUsage(
        prompt_tokens=getattr(usage, "prompt_tokens", 0) or 0,
        completion_tokens=getattr(usage, "completion_tokens", 0) or 0,
        total_tokens=getattr(usage, "total_tokens", 0) or 0,
    )


def _translate(exc: BaseException, attempts: int) -> ModelError:
    root = _root(exc)
    if isinstance(root, openai.AuthenticationError | openai.PermissionDeniedError):
        return AuthenticationFailed(
            f"the model endpoint refused the API key (HTTP {root.status_code}); check the key "
            "in the environment variable the settings name",
            attempts,
        )
    if isinstance(root, openai.NotFoundError):
        return ModelError("the model endpoint answered HTTP 404: unknown model or path", attempts)
    if isinstance(exc, InstructorRetryException) and root is exc:
        return ModelError(
            f"the model's reply failed validation after {attempts} attempt(s): "
            f"{str(exc).splitlines()[0][:300] if str(exc) else 'invalid output'}",
            attempts,
        )
    return ModelError(_describe(exc), attempts, retryable=is_transient(exc))


class ModelClient:
    """Holds the openai and instructor clients for one set of settings; sync and async."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.mode = _MODES[settings.mode]
        self._sync: instructor.Instructor | None = None
        self._async: instructor.AsyncInstructor | None = None
        self._async_loop: asyncio.AbstractEventLoop | None = None

    @property
    def endpoint(self) -> str | None:
        return _safe_url(self.settings.base_url) or "https://api.openai.com/v1"

    def _sync_client(self) -> instructor.Instructor:
        if self._sync is None:
            self._sync = instructor.from_openai(
                openai.OpenAI(**_client_kwargs(self.settings)), mode=self.mode
            )
        return self._sync

    def _async_client(self) -> instructor.AsyncInstructor:
        # An async client's connections belong to the event loop that opened them: one
        # reused under a later `asyncio.run` fails with "Event loop is closed".
        loop = asyncio.get_running_loop()
        if self._async is None or self._async_loop is not loop:
            self._async = instructor.from_openai(
                openai.AsyncOpenAI(**_client_kwargs(self.settings)), mode=self.mode
            )
            self._async_loop = loop
        return self._async

    def extract(self, article: str, metadata: dict[str, Any] | None = None) -> ModelReply:
        """One article (or chunk) in, a checked extraction out; raises ModelError."""
        client = self._sync_client()
        messages = render_messages(article, metadata)
        requests: list[int] = []

        def call() -> ModelReply:
            with checking(article, self.settings.max_reasks + 1) as state:
                hooks = self._hooks_for(state, requests)
                result, completion = client.create_with_completion(
                    messages=messages,  # type: ignore[arg-type]
                    response_model=_RESPONSE_MODEL,
                    max_retries=self.settings.max_reasks,
                    hooks=hooks,
                    **_request_kwargs(self.settings),
                )
                return ModelReply(result, _usage(completion), len(requests), state.last_problems)

        try:
            return Retrying(**_retry_kwargs(self.settings))(call)
        except (openai.OpenAIError, InstructorRetryException) as exc:
            raise _translate(exc, len(requests)) from exc

    async def aextract(self, article: str, metadata: dict[str, Any] | None = None) -> ModelReply:
        client = self._async_client()
        messages = render_messages(article, metadata)
        requests: list[int] = []

        async def call() -> ModelReply:
            with checking(article, self.settings.max_reasks + 1) as state:
                hooks = self._hooks_for(state, requests)
                result, completion = await client.create_with_completion(
                    messages=messages,  # type: ignore[arg-type]
                    response_model=_RESPONSE_MODEL,
                    max_retries=self.settings.max_reasks,
                    hooks=hooks,
                    **_request_kwargs(self.settings),
                )
                return ModelReply(result, _usage(completion), len(requests), state.last_problems)

        try:
            retrying = AsyncRetrying(**_retry_kwargs(self.settings))
            return await retrying(call)
        except (openai.OpenAIError, InstructorRetryException) as exc:
            raise _translate(exc, len(requests)) from exc

    def _hooks_for(self, state: CallState, requests: list[int]) -> Hooks:
        """Count requests per call: the validator needs to know which attempt is the last."""
        hooks = Hooks()

        def on_request(*_: Any, **__: Any) -> None:
            state.attempts += 1
            requests.append(1)

        hooks.on("completion:kwargs", on_request)
        return hooks
