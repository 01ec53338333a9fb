"""Model access: any OpenAI-compatible server through openai + instructor + tenacity.

Two retry loops, kept apart on purpose:

* transport: 429 (honouring Retry-After), 5xx, connection errors and timeouts
  (per read, and for the whole reply body: `transport.py`)
  are retried here with tenacity, with an explicit predicate, exponential
  backoff, at most `max_retries` times, and only while the retry can start
  within `retry_budget` seconds of the first request (a Retry-After past the
  budget ends the retries at once: retrying early would only be refused). The
  openai client's own retries are off (`max_retries=0`) so that one policy rules.
* content: a reply that fails the schema or the grounding checks is re-asked
  by instructor with the exact error (`max_reasks`). A reply cut off at the
  output limit, a refusal or an empty `choices` list is not re-asked.

Every failure leaves as a `ModelError` with a one-line message that names it;
no message, log record or traceback we raise holds the key or URL credentials
(see `credentials.py`).
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import inspect
import json
import logging
import math
import time
import traceback
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import anyio
import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorError, InstructorRetryException
from instructor.core.hooks import Hooks
from pydantic import BaseModel
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
    wait_exponential_jitter,
)

from summarizer import credentials
from summarizer.aio import end_turn, sync_facade
from summarizer.checks import CheckReport
from summarizer.document import Document
from summarizer.prompts import render_messages
from summarizer.schemas import Extraction, TokenUsage
from summarizer.settings import Settings
from summarizer.transport import AsyncDeadlineClient, BadReply
from summarizer.validation import CallState, CheckedExtraction, checking

log = logging.getLogger(__name__)
# instructor logs every failed attempt at ERROR, in its own words; ours say it once, with the
# retry policy. With no handler of its own, logging's last resort would print its lines on
# stderr (15 for one HTTP 500): they still reach any handler an application configures.
logging.getLogger("instructor").addHandler(logging.NullHandler())

#: Wrapped once, here: given a plain model, instructor wraps it in a new class on every
#: request, which defeats its own schema cache and costs a full JSON-schema generation
#: (about 25 ms of CPU) per request. The wrapped class and its schema are the same.
_RESPONSE_MODEL = instructor.response_schema(CheckedExtraction)


def _schema_once(model: type[BaseModel]) -> None:
    """instructor's `json_schema`, `json` and `md_json` modes ask the response model for its
    JSON schema on every request (`model_json_schema()`, no arguments): about 3 ms of CPU
    each time for the same answer. The class instructor made for us (`_RESPONSE_MODEL`, no
    other) answers that call from its first answer, kept as JSON text and read anew each
    time, so every caller still gets a dict of its own to change. It is kept only if the
    text reads back equal to the schema; a call with any argument is pydantic's own."""
    original = model.model_json_schema
    kept: list[str] = []

    def model_json_schema(cls: type[BaseModel], *args: Any, **kwargs: Any) -> dict[str, Any]:
        if args or kwargs:
            return original(*args, **kwargs)
        if kept:
            schema: dict[str, Any] = json.loads(kept[0])
            return schema
        schema = original()
        text = json.dumps(schema)
        if json.loads(text) == schema:
            kept.append(text)
        return schema

    model_json_schema.__doc__ = original.__doc__
    model.model_json_schema = classmethod(model_json_schema)  # type: ignore[method-assign,assignment]


_schema_once(_RESPONSE_MODEL)


def _check_async_validators_once() -> None:
    """instructor walks the whole response model's class tree for async validators (which it
    refuses) 7 times per request: about 2.5 ms of CPU for a check whose answer depends on the
    class alone. Each class that passed is remembered (weakly), so the walk runs once per class;
    a class that fails still raises every time, and anything that is not a class is walked as
    before. The check stays instructor's own function, called the same way."""
    import weakref

    try:
        from instructor.v2.core import patch
        from instructor.v2.validation import async_validators

        original = async_validators.reject_async_validators
    except (ImportError, AttributeError):  # another instructor layout: its own walk, unchanged
        return
    if getattr(original, "_summarizer_once", False):
        return
    passed: weakref.WeakSet[type] = weakref.WeakSet()

    @functools.wraps(original)
    def once(response_model: Any) -> None:
        if isinstance(response_model, type) and response_model in passed:
            return
        original(response_model)
        if isinstance(response_model, type):
            passed.add(response_model)

    once._summarizer_once = True  # type: ignore[attr-defined]
    # Most callers import the function inside their own functions (looked up at each call);
    # patch.py imports it at module level.
    async_validators.reject_async_validators = once
    if getattr(patch, "reject_async_validators", None) is original:
        patch.reject_async_validators = once


_check_async_validators_once()


#: Arguments of openai's `create` that are not part of the JSON body's own parameters.
_NOT_BODY = frozenset({"model", "stream", "extra_headers", "extra_query", "extra_body", "timeout"})
_JSON_LEAVES = frozenset({str, int, float, bool, type(None)})


def _plain_json(value: Any) -> bool:
    """Only dicts with string keys, lists, strings, numbers, booleans and None, all the way
    down: data openai's request transform can only copy (no model, date, file, tuple or
    omitted value for it to rewrite). About 35 us for a request with the tool schema."""
    stack = [value]
    pop, extend = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind is str:
            continue
        if kind is dict:
            for key in item:
                if type(key) is not str:
                    return False
            extend(item.values())
        elif kind is list:
            extend(item)
        elif kind not in _JSON_LEAVES:
            return False
    return True


@functools.cache
def _chat_params_plain() -> bool:
    """Whether openai's transform of chat-completion parameters leaves plain JSON as it is
    (see `_types_plain`); an openai laid out otherwise answers False (its own path is kept)."""
    try:
        from openai.types.chat import completion_create_params

        root = completion_create_params.CompletionCreateParamsNonStreaming
    except (ImportError, AttributeError):
        return False
    return _types_plain(root)


def _types_plain(root: Any) -> bool:
    """True when no key anywhere in the types under `root` is renamed (`alias`) or
    reformatted (`format`): the only rewrites openai's transform makes of plain JSON."""
    try:
        import typing_extensions as te
        from openai._utils import PropertyInfo
    except ImportError:
        return False
    seen: set[int] = set()
    stack: list[Any] = [root]
    while stack:
        tp = stack.pop()
        if tp is None or id(tp) in seen or isinstance(tp, str | int | float | bool):
            continue
        seen.add(id(tp))
        for meta in getattr(tp, "__metadata__", ()):  # Annotated[T, PropertyInfo(...)]
            if isinstance(meta, PropertyInfo) and (meta.alias is not None or meta.format is not None):
                return False
        if te.is_typeddict(tp):
            try:
                stack.extend(te.get_type_hints(tp, include_extras=True).values())
            except Exception:  # an annotation that does not resolve: cannot tell
                return False
        else:
            stack.extend(te.get_args(tp))
            stack.append(getattr(tp, "__origin__", None))
    return True


def _untransformed(create: Any) -> Any:
    """openai's async `create`, sending plain-JSON parameters as they are.

    openai walks every request's parameters through `async_maybe_transform` against their
    types (each message against every message type of the union, the tool schema...): about
    0.45 ms of CPU per request, to rename keys that chat parameters never rename (checked once,
    `_chat_params_plain`) and to convert values plain JSON never holds (checked per request,
    `_plain_json`). Such a request goes out through `extra_body`, openai's public way to send
    parameters as given, with `messages=[]` and `model` left for openai's own checks: the body
    is the same, key for key and in the same order (openai merges `extra_body` over the
    transformed parameters, whose keys come in its signature's order; the moved ones are put
    in that order too). Anything else (a model object, a stream, an unknown argument, an
    openai whose `create` takes other arguments) goes through openai's own path, unchanged."""
    import inspect

    try:
        names = [p.name for p in inspect.signature(create).parameters.values() if p.kind is p.KEYWORD_ONLY]
    except (TypeError, ValueError):
        return create
    if names[:2] != ["messages", "model"] or not set(names) >= _NOT_BODY or not _chat_params_plain():
        return create
    order = [name for name in names if name not in _NOT_BODY]
    known = frozenset(names)
    direct = _DirectPost.of(create)

    @functools.wraps(create)
    async def create_plain(*args: Any, **kwargs: Any) -> Any:
        extra = kwargs.get("extra_body")
        if (
            args
            or "stream" in kwargs
            or "messages" not in kwargs
            or "model" not in kwargs
            or not known.issuperset(kwargs)
            or not (extra is None or type(extra) is dict)
        ):
            return await create(*args, **kwargs)
        moved = {name: kwargs[name] for name in order if name in kwargs}
        if not _plain_json(moved):
            return await create(*args, **kwargs)
        kept = {name: value for name, value in kwargs.items() if name in _NOT_BODY}
        kept["extra_body"] = {**moved, **(extra or {})}
        if direct is not None:
            return await direct.create(kept)
        return await create(messages=[], **kept)

    create_plain._summarizer_untransformed = True  # type: ignore[attr-defined]
    return create_plain


class _Probed(Exception):
    """Raised by `_DirectPost`'s stand-in for `_post` once it has seen openai's arguments."""


#: The list a probe of `_DirectPost` records openai's `_post` arguments in (None: no probe).
_PROBE: ContextVar[list[dict[str, Any]] | None] = ContextVar("summarizer_post_probe", default=None)


class _DirectPost:
    """openai's `create` for a request whose parameters all go in `extra_body` (`_untransformed`),
    without the walk openai's `create` still makes of its ~40 arguments (all omitted but
    `messages=[]` and `model`) through `async_maybe_transform`: about 0.3 ms of CPU per request.
    It hands openai's `_post` what `create` would hand it: the path, the body `{"messages": [],
    "model": model}` (the transform of a string model and an empty list is that, key for key:
    `_chat_params_plain` found no key renamed or reformatted), `make_request_options` of the
    same arguments, `ChatCompletion` and no stream.

    Speed only, and proved for the openai installed rather than assumed: for each set of
    arguments (which of `extra_headers`, `extra_query`, `timeout`... are given) the first
    request runs openai's own `create` once against a stand-in `_post` that records its
    arguments and stops (a context variable marks that call; any other goes to openai's
    `_post` unchanged); the direct call is used only when it would pass the very same
    arguments (the body's keys in the same order), otherwise `create` is used every time."""

    def __init__(
        self, create: Any, owner: Any, post: Any, make_options: Any, cast_to: Any, stream_cls: Any
    ) -> None:
        self._create, self._post = create, post
        self._make_options, self._cast_to, self._stream_cls = make_options, cast_to, stream_cls
        self._verified: dict[tuple[frozenset[str], bool], bool] = {}

        async def recording_post(path: str, **kwargs: Any) -> Any:
            seen = _PROBE.get()
            if seen is None:
                return await post(path, **kwargs)
            seen.append({"path": path, **kwargs})
            raise _Probed

        owner._post = recording_post

    @classmethod
    def of(cls, create: Any) -> _DirectPost | None:
        """For a bound `AsyncCompletions.create` of openai's layout; None for anything else."""
        try:
            from openai._base_client import make_request_options
            from openai._streaming import AsyncStream
            from openai.resources.chat.completions.completions import AsyncCompletions
            from openai.types.chat import ChatCompletion, ChatCompletionChunk
        except ImportError:
            return None
        owner = getattr(create, "__self__", None)
        post = getattr(owner, "_post", None)
        if not isinstance(owner, AsyncCompletions) or not callable(post):
            return None
        return cls(
            create, owner, post, make_request_options, ChatCompletion, AsyncStream[ChatCompletionChunk]
        )

    def _arguments(self, kept: dict[str, Any]) -> dict[str, Any]:
        options = self._make_options(
            extra_headers=kept.get("extra_headers"),
            extra_query=kept.get("extra_query"),
            extra_body=kept.get("extra_body"),
            timeout=kept.get("timeout", openai.NOT_GIVEN),
            security={"bearer_auth": True},
        )
        return {
            "path": "/chat/completions",
            "body": {"messages": [], "model": kept["model"]},
            "options": options,
            "cast_to": self._cast_to,
            "stream": False,
            "stream_cls": self._stream_cls,
        }

    async def _same_as_create(self, kept: dict[str, Any]) -> bool:
        seen: list[dict[str, Any]] = []
        token = _PROBE.set(seen)
        try:
            await self._create(messages=[], **kept)
        except _Probed:
            pass
        except Exception:  # openai refused the arguments: its own path will say so
            return False
        finally:
            _PROBE.reset(token)
        try:
            mine = self._arguments(kept)
        except TypeError:  # an openai whose `make_request_options` takes other arguments
            return False
        return (
            len(seen) == 1
            and seen[0] == mine
            and list(seen[0]["body"].items()) == list(mine["body"].items())
            and list(seen[0]) == list(mine)
        )

    async def create(self, kept: dict[str, Any]) -> Any:
        """`create(messages=[], **kept)`."""
        key = (frozenset(kept), type(kept["model"]) is str)
        same = self._verified.get(key)
        if same is None:
            same = self._verified[key] = key[1] and await self._same_as_create(kept)
        if not same:
            return await self._create(messages=[], **kept)
        arguments = self._arguments(kept)
        return await self._post(arguments.pop("path"), **arguments)


@functools.cache
def _inline_schema() -> dict[str, Any]:
    return Extraction.model_json_schema()


@functools.cache
def _openai_platform() -> Any:
    """openai's reading of the platform for its `X-Stainless-OS` header (`get_platform`, a
    few file reads), once per process; None when openai has no such function."""
    try:
        from openai._base_client import get_platform
    except ImportError:
        return None
    return get_platform()


def _know_platform(client: Any) -> None:
    """Tell a new openai client the platform it would otherwise find out on its first request,
    in a worker thread (`asyncify(get_platform)`): a thread started, and joined when the event
    loop closes, for every client, and the model client is made anew for every event loop
    (each call of a sync function). The value is openai's own; a client laid out otherwise
    (no `_platform` left unset) is left to find it itself."""
    if getattr(client, "_platform", False) is None and (found := _openai_platform()) is not None:
        client._platform = found


def _remember_urls(client: Any) -> None:
    """Give an openai client a `_prepare_url` that remembers its answers: openai parses the
    request path and rebuilds it on the base URL for every request (two of httpx's URL
    parses, about a sixth of building a request). Speed only, the same URL: the answer
    depends on nothing but the path and the client's base URL, which is part of the key (by
    identity: a client given a new base URL holds a new URL object), and an httpx URL is
    immutable (every change makes a new one), so the one answer can serve every request. A
    client laid out otherwise (no `_prepare_url` method, no `_base_url`) keeps its own."""
    original = getattr(client, "_prepare_url", None)
    if not callable(original) or not hasattr(client, "_base_url"):
        return
    known: dict[str, tuple[Any, Any]] = {}

    @functools.wraps(original)
    def prepare_url(url: str) -> Any:
        base = client._base_url
        hit = known.get(url) if type(url) is str else None
        if hit is not None and hit[0] is base:
            return hit[1]
        prepared = original(url)
        if type(url) is str:
            known[url] = (base, prepared)
        return prepared

    client._prepare_url = prepare_url


_MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}


class ModelError(RuntimeError):
    """The model endpoint failed in a way retrying did not fix. The message never holds the key."""

    def __init__(self, message: str, attempts: int = 0, retryable: bool = False) -> None:
        # A server's refusal or error text may quote the key it was sent: mask every
        # registered credential here, where every model error is made.
        super().__init__(credentials.redact(message, credentials.protected()))
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
    #: The validator's checks of `extraction` against the text it was asked about.
    checks: CheckReport | None = None


def _root(exc: BaseException) -> BaseException:
    """The API error behind instructor's wrapper, if any; a reply cut off for its size
    rather than the connection error openai wraps it in."""
    seen = 0
    while isinstance(exc, InstructorRetryException) and exc.__cause__ is not None and seen < 5:
        exc = exc.__cause__
        seen += 1
    if isinstance(exc, openai.APIConnectionError) and isinstance(exc.__cause__, BadReply):
        return exc.__cause__
    return exc


def is_transient(exc: BaseException) -> bool:
    """Worth retrying: rate limits, server errors, connection trouble, timeouts."""
    exc = _root(exc)
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in (408, 409, 429) or exc.status_code >= 500
    return False


def _seconds(raw: str) -> float | None:
    """A Retry-After value (seconds or an HTTP date) as seconds from now; None if unreadable."""
    try:
        value = float(raw)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        value = parsed.timestamp() - time.time()
    return None if math.isnan(value) else max(0.0, value)


def retry_after_seconds(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (retry-after-ms or Retry-After), if it said so readably.

    A header that cannot be read counts as not given (backoff applies): a server's
    bad header must not crash the run.
    """
    exc = _root(exc)
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    if (ms := headers.get("retry-after-ms")) is not None and (value := _seconds(ms)) is not None:
        return value / 1000
    raw = headers.get("retry-after")
    return _seconds(raw) if raw else None


class _Wait:
    """Retry-After when the server gives it, else exponential backoff with jitter.

    The wait is not cut to fit the budget: `stop_before_delay` gives up instead, since
    a retry sooner than the server asked would only be refused again.
    """

    def __init__(self, backoff: float) -> None:
        self.backoff = wait_exponential_jitter(multiplier=backoff, max=30, jitter=backoff)

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after_seconds(exc) if exc else None
        return asked if asked is not None else float(self.backoff(state))


def _before_retry(state: RetryCallState) -> None:
    """Say why, and sleep out of any turn on the CPU lane (`aio.turn_at_reply`)."""
    exc = state.outcome.exception() if state.outcome else None
    sleep = state.next_action.sleep if state.next_action else 0.0
    log.warning("model request failed (%s); retry %d in %.2f s", _describe(exc), state.attempt_number, sleep)
    end_turn()


def _retry_kwargs(settings: Settings) -> dict[str, Any]:
    return {
        "retry": retry_if_exception(is_transient),
        "wait": _Wait(settings.retry_backoff),
        "stop": stop_after_attempt(settings.max_retries + 1) | stop_before_delay(settings.retry_budget),
        "reraise": True,
        "before_sleep": _before_retry,
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


def _client_kwargs(settings: Settings) -> dict[str, Any]:
    """The openai client's arguments. `user:password@` in the base URL becomes the Basic
    Authorization header httpx would have derived from it, so the URL that openai and
    httpx log carries no credentials."""
    base_url, user, password = credentials.split_userinfo(settings.base_url)
    headers = dict(settings.extra_headers)
    if user is not None or password is not None:
        headers.setdefault("Authorization", credentials.basic_auth_header(user, password))
    return {
        # A local server needs no key, but the client insists on one.
        "api_key": settings.api_key or "not-needed",
        "base_url": base_url,
        "timeout": settings.timeout,
        "max_retries": 0,
        "default_headers": headers or None,
    }


def _secrets(settings: Settings) -> list[str]:
    """Every credential the client will hold, in the forms it may be written in."""
    _, user, password = credentials.split_userinfo(settings.base_url)
    found = [settings.api_key or "", password or ""]
    if user is not None or password is not None:
        found.append(credentials.basic_auth_header(user, password).split()[1])
    found.extend(v.split()[-1] for k, v in settings.extra_headers.items() if _secret_header(k) and v)
    return [s for s in found if s]


def _secret_header(name: str) -> bool:
    return name.lower() in ("authorization", "api-key", "x-api-key", "proxy-authorization")


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
    counts = {
        name: _token_count(usage, name) for name in ("prompt_tokens", "completion_tokens", "total_tokens")
    }
    details = getattr(usage, "prompt_tokens_details", None)  # the provider's prompt cache
    counts["cached_tokens"] = _token_count(details, "cached_tokens") if details is not None else 0
    return TokenUsage(**{name: value or 0 for name, value in counts.items()})


#: More tokens than any request could use: a count above it is a server's bug, not a bill.
_MAX_TOKENS = 10**9


def _token_count(usage: Any, name: str) -> int | None:
    """One count of a reply's `usage` block, or None (logged) when it is not a whole number
    from 0 to `_MAX_TOKENS`: a malformed block (1.5, -3, 10**400, "12") must neither crash
    the digest nor enter a cost estimate."""
    value = getattr(usage, name, None)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_TOKENS:
        shown = repr(value) if not isinstance(value, int) or abs(value) < 10**20 else "a huge number"
        log.warning(
            "summarizer: the model endpoint's usage.%s is %s, not a token count; ignored", name, shown[:40]
        )
        return None
    return value


def _one_line(text: str, limit: int = 240) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass
class _Tally:
    """What one `extract` call saw: requests sent, transport tries, the last completion."""

    requests: int = 0
    tries: int = 0
    last: Any = None


def _gave_up(root: BaseException, tally: _Tally, settings: Settings) -> str:
    """Why the transport retries stopped, in one line."""
    reason = _describe(root)
    if not is_transient(root):
        return f"{reason}; not retried"
    asked = retry_after_seconds(root)
    if tally.tries > settings.max_retries:
        why = f"max_retries={settings.max_retries} reached"
    elif asked is not None:
        budget = settings.retry_budget
        why = f"it asked to wait {asked:g} s, more than is left of the retry budget of {budget:g} s"
    else:
        why = f"the retry budget of {settings.retry_budget:g} s is spent"
    return f"{reason}; gave up after {tally.tries} attempt(s): {why}"


def _reply_problem(exc: BaseException, root: BaseException, last: Any) -> str:
    """Why the model's reply could not be used, from the reply itself where possible."""
    choices = getattr(last, "choices", None)
    first = choices[0] if choices else None
    message = getattr(first, "message", None)
    refusal = getattr(message, "refusal", None)
    finish = getattr(first, "finish_reason", None)
    if isinstance(exc, IncompleteOutputException) or isinstance(root, IncompleteOutputException):
        finish = "length"
    if finish == "length":
        return (
            "the model's reply was cut off at its output limit (finish_reason=length); use a "
            "model with a larger output limit or a smaller chunk_chars"
        )
    if last is not None and not choices:
        return "the model endpoint returned a completion with no choices"
    if refusal:
        return f"the model refused to answer: {_one_line(str(refusal), 200)!r}"
    if finish == "content_filter":
        return "the model endpoint's content filter withheld the reply (finish_reason=content_filter)"
    errors = getattr(root, "errors", None)
    if callable(errors):
        try:
            found = errors()
            detail = "; ".join(
                f"{'.'.join(str(x) for x in e.get('loc', ())) or 'reply'}: {e.get('msg', '')}"
                for e in found[:3]
            )
            if len(found) > 3:
                detail += f" (+{len(found) - 3} more)"
        except Exception:
            detail = str(root)
    else:
        detail = str(root) or type(root).__name__
    return f"the model's reply failed validation: {_one_line(detail)}"


def _translate(exc: BaseException, tally: _Tally, settings: Settings) -> ModelError:
    """One typed error with a one-line message; the key is never part of it."""
    root = _root(exc)
    attempts = tally.requests
    if isinstance(root, openai.AuthenticationError | openai.PermissionDeniedError):
        return AuthenticationFailed(
            f"the model endpoint refused the API key (HTTP {root.status_code}); check the key "
            f"in the environment variable {settings.api_key_env}",
            attempts,
        )
    if isinstance(root, openai.NotFoundError):
        return ModelError("the model endpoint answered HTTP 404: unknown model or path", attempts)
    if isinstance(root, openai.APIStatusError | openai.APIConnectionError):
        return ModelError(_gave_up(root, tally, settings), attempts, retryable=is_transient(root))
    if isinstance(root, openai.OpenAIError):
        return ModelError(f"the model endpoint's answer could not be read: {_describe(root)}", attempts)
    if isinstance(root, BadReply):
        return ModelError(f"{root}; not retried", attempts)
    if tally.last is None and isinstance(root, ValueError):
        # No completion was read: the server's answer itself was not JSON (a proxy's HTML page).
        problem = f"the model endpoint's answer is not a chat completion: {_one_line(str(root))}"
    else:
        problem = _reply_problem(exc, root, tally.last)
    return ModelError(f"{problem} ({attempts} request(s))", attempts)


def _failure(
    exc: BaseException, tally: _Tally, settings: Settings
) -> tuple[ModelError, BaseException | None]:
    """The error to raise and its cause; no cause when the cause's traceback would show a
    credential (a server may echo the key it was sent in its error body)."""
    chain = "".join(traceback.format_exception(exc))
    cause = None if credentials.contains_secret(chain, _secrets(settings)) else exc
    return _translate(exc, tally, settings), cause


def warm_up(settings: Settings, text: str) -> None:
    """Pay once, in a batch's parent before it forks its workers, what each worker's first
    request would otherwise pay while the requests behind it wait (about 35 ms of CPU):
    the modules instructor and anyio import at their first call, the response schema
    instructor makes and keeps per class, the prompt, and a client built on a loop."""
    from instructor.v2.providers.openai.schema import generate_openai_schema

    async def build() -> None:
        ModelClient(settings)._async_client()
        await anyio.sleep(0)  # imports anyio's asyncio backend

    asyncio.run(build())
    generate_openai_schema(_RESPONSE_MODEL)  # the tools modes' schema (kept by instructor)
    _RESPONSE_MODEL.model_json_schema()  # the JSON modes' (kept by `_schema_once`)
    render_messages(text)
    _chat_params_plain()
    # openai builds its reply types at the first reply it reads.
    openai.types.chat.ChatCompletion.model_validate(
        {
            "id": "warm-up",
            "object": "chat.completion",
            "created": 0,
            "model": settings.model,
            "choices": [
                {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "{}"}}
            ],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        }
    )


def _any_arguments(*_: Any, **__: Any) -> None:
    """The parameters of `ModelClient._hooks_for`'s `on_request` (see there)."""


_ANY_ARGUMENTS = inspect.signature(_any_arguments)


class ModelClient:
    """Holds the openai and instructor clients for one set of settings (async; `extract` is
    the sync facade)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.mode = _MODES[settings.mode]
        credentials.protect(*_secrets(settings))
        self._async: instructor.AsyncInstructor | None = None
        self._async_loop: asyncio.AbstractEventLoop | None = None

    @property
    def endpoint(self) -> str | None:
        return credentials.safe_url(self.settings.base_url) or "https://api.openai.com/v1"

    def _async_client(self) -> instructor.AsyncInstructor:
        # An async client's connections belong to the event loop that opened them: one
        # reused under a later `asyncio.run` fails with "Event loop is closed".
        loop = asyncio.get_running_loop()
        if self._async is None or self._async_loop is not loop:
            http = AsyncDeadlineClient(self.settings.timeout, timeout=self.settings.timeout)
            openai_client = openai.AsyncOpenAI(**_client_kwargs(self.settings), http_client=http)
            _know_platform(openai_client)
            _remember_urls(openai_client)
            completions = openai_client.chat.completions
            # This client's own `create` (instructor takes it from here): see `_untransformed`.
            completions.create = _untransformed(completions.create)  # type: ignore[method-assign]
            self._async = instructor.from_openai(openai_client, mode=self.mode)
            self._async_loop = loop
        return self._async

    async def aextract(
        self, article: str, metadata: dict[str, Any] | None = None, document: Document | None = None
    ) -> ModelReply:
        """One article (or chunk) in, a checked extraction out; raises ModelError. `document`:
        the pipeline's reading of the article, reused by the checks when `article` is its text."""
        client = self._async_client()
        messages = render_messages(article, metadata)
        tally = _Tally()

        async def call() -> ModelReply:
            tally.tries += 1
            with checking(article, self.settings.max_reasks + 1, document) as state:
                hooks = self._hooks_for(state, tally)
                result, completion = await client.create_with_completion(
                    messages=messages,  # type: ignore[arg-type]
                    response_model=_RESPONSE_MODEL,
                    max_retries=self.settings.max_reasks,
                    hooks=hooks,
                    **_request_kwargs(self.settings),
                )
                return ModelReply(
                    result, _usage(completion), tally.requests, state.last_problems, state.last_report
                )

        try:
            retrying = AsyncRetrying(**_retry_kwargs(self.settings))
            return await retrying(call)
        except (openai.OpenAIError, InstructorError) as exc:
            error, cause = _failure(exc, tally, self.settings)
            raise error from cause

    extract = sync_facade(aextract)

    def _hooks_for(self, state: CallState, tally: _Tally) -> Hooks:
        """Count requests per call (the validator needs to know which attempt is the last)
        and keep the last completion, so a failure can be named from the reply itself."""
        hooks = Hooks()

        def on_request(*_: Any, **__: Any) -> None:
            state.attempts += 1
            tally.requests += 1
            tally.last = None

        def on_response(response: Any, *_: Any, **__: Any) -> None:
            tally.last = response

        # Speed only: instructor passes this hook every request argument and first asks
        # `inspect.signature` whether the handler takes them (about 12 us per request to read
        # the function's code); the answer, given here, is the one it would read.
        on_request.__signature__ = _ANY_ARGUMENTS  # type: ignore[attr-defined]
        hooks.on("completion:kwargs", on_request)
        hooks.on("completion:response", on_response)
        return hooks
