"""The model client's shortcuts around library work: each sends what the library's own path
would send, and each test fails if the shortcut stops applying (a library update that moves
what it relies on) as well as if it changes a request."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Iterable
from typing import Annotated, Any, TypedDict

import openai
import openai.resources.chat.completions.completions as completions_module
import pytest
from localserver import LOCAL_ONLY, fast_settings
from scenarios import SEED_TEXT, seed_answer, seed_invented_quote
from scripted import Reply, ScriptedServer

from summarizer import llm

pytestmark = LOCAL_ONLY


def _requests(monkeypatch: pytest.MonkeyPatch, mode: str, fast: bool) -> tuple[list[Any], list[Any]]:
    """What the server received for one article with a re-ask (a wrong reply, then a right
    one), and the bodies openai's transform was given on the way."""
    transformed: list[Any] = []
    transform = completions_module.async_maybe_transform

    async def counting(data: Any, expected_type: Any) -> Any:
        transformed.append(list(data["messages"]))  # a copy: instructor adds to its list
        return await transform(data, expected_type)

    monkeypatch.setattr(completions_module, "async_maybe_transform", counting)
    if not fast:
        monkeypatch.setattr(llm, "_untransformed", lambda create: create)
    replies = [Reply(seed_invented_quote()), Reply(seed_answer())]
    with ScriptedServer(replies) as server:
        client = llm.ModelClient(fast_settings(server.base_url, mode=mode, max_reasks=1))
        reply = client.extract(SEED_TEXT)
    assert reply.attempts == 2
    return server.requests, transformed


@pytest.mark.parametrize("mode", ["tools", "json_schema", "json", "md_json"])
def test_requests_skip_openais_transform_and_stay_the_same(
    monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    with monkeypatch.context() as m:
        plain_requests, plain_transformed = _requests(m, mode, fast=False)
    fast_requests, fast_transformed = _requests(monkeypatch, mode, fast=True)
    # Key for key, in the same order (the server parsed each body into a dict, keeping it).
    assert [list(r.items()) for r in fast_requests] == [list(r.items()) for r in plain_requests]
    assert [len(messages) for messages in plain_transformed] == [2, 4]
    # The re-ask too went out as given: openai's transform saw only the placeholders, once: the
    # first request's check that the direct call to `_post` is `create`'s (`llm._DirectPost`).
    assert fast_transformed == [[]]


def test_anything_but_plain_json_takes_openais_own_path() -> None:
    calls: list[dict[str, Any]] = []

    async def create(*, messages: Any, model: str, **kwargs: Any) -> None:
        calls.append({"messages": messages, "model": model, **kwargs})

    # The stand-in's signature is not openai's: the shortcut must decline it.
    assert llm._untransformed(create) is create

    real = openai.AsyncOpenAI(api_key="x", base_url="http://127.0.0.1:9/v1").chat.completions.create
    fast = llm._untransformed(real)
    assert getattr(fast, "_summarizer_untransformed", False)
    assert llm._plain_json({"a": [1, 2.5, "x", None, True, {"b": []}]})
    for odd in ({"a": (1, 2)}, {"a": datetime.date(2024, 1, 1)}, {1: "x"}, {"a": openai.omit}):
        assert not llm._plain_json(odd)


def test_the_type_check_finds_a_renamed_key_deep_in_the_types() -> None:
    from openai._utils import PropertyInfo

    class Inner(TypedDict, total=False):
        when: Annotated[datetime.date, PropertyInfo(format="iso8601")]

    class Outer(TypedDict, total=False):
        items: Iterable[str | Inner]

    class Renamed(TypedDict, total=False):
        key: Annotated[str, PropertyInfo(alias="Key")]

    assert not llm._types_plain(Outer)
    assert not llm._types_plain(list[Renamed | None])
    assert llm._chat_params_plain()


def test_a_model_object_goes_through_openais_transform(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Any] = []
    real = completions_module.async_maybe_transform

    async def transform(data: Any, expected_type: Any) -> Any:
        seen.append(data)
        return await real(data, expected_type)

    monkeypatch.setattr(completions_module, "async_maybe_transform", transform)
    from openai.types.chat import ChatCompletionMessage

    client = openai.AsyncOpenAI(api_key="x", base_url="http://127.0.0.1:9/v1", max_retries=0)
    fast = llm._untransformed(client.chat.completions.create)
    message = ChatCompletionMessage(role="assistant", content="hi")
    with pytest.raises(openai.APIConnectionError):
        asyncio.run(fast(messages=[message], model="m", timeout=0.5))
    assert seen[0]["messages"] == [message]


def test_idle_connection_readability_is_asked_of_the_socket_itself() -> None:
    """The pool's question for an idle connection (has the server closed it?) is answered
    from the kept socket, as httpcore's own stream answers it, before and after a close."""
    import httpcore2

    from summarizer.deadline import AsyncDeadlineBackend

    async def main() -> list[Any]:
        closing = asyncio.Event()

        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await closing.wait()
            writer.close()

        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        stream = await AsyncDeadlineBackend().connect_tcp("127.0.0.1", port)
        inner = stream._inner  # type: ignore[attr-defined]
        seen = [stream.get_extra_info("is_readable"), inner.get_extra_info("is_readable")]
        closing.set()
        for _ in range(100):
            await asyncio.sleep(0.01)
            if inner.get_extra_info("is_readable"):
                break
        seen += [stream.get_extra_info("is_readable"), inner.get_extra_info("is_readable")]
        seen.append(stream._socket)  # type: ignore[attr-defined]
        await stream.aclose()
        server.close()
        await server.wait_closed()
        assert isinstance(inner, httpcore2.AsyncNetworkStream)
        return seen

    before, before_inner, after, after_inner, kept = asyncio.run(main())
    assert (before, after) == (before_inner, after_inner) == (False, True)
    assert callable(kept.fileno)  # the shortcut applied: the socket was kept


def test_the_response_schema_is_made_once_and_each_caller_gets_its_own_copy() -> None:
    import json

    from summarizer.validation import CheckedExtraction

    model = llm._RESPONSE_MODEL
    assert "_schema_once" in model.model_json_schema.__func__.__qualname__  # the shortcut applies
    fresh = CheckedExtraction.model_json_schema()
    first, second = model.model_json_schema(), model.model_json_schema()
    assert json.dumps(first) == json.dumps(second) == json.dumps(fresh)  # same keys, same order
    first["title"] = "changed by a caller"
    assert model.model_json_schema() == fresh and first is not second
    assert model.model_json_schema(mode="serialization") == CheckedExtraction.model_json_schema(
        mode="serialization"
    )


@pytest.mark.parametrize("mode", ["json", "md_json", "json_schema"])
def test_the_schema_modes_send_the_models_schema(mode: str) -> None:
    import json

    from summarizer.validation import CheckedExtraction

    with ScriptedServer([Reply(seed_answer()), Reply(seed_answer())]) as server:
        client = llm.ModelClient(fast_settings(server.base_url, mode=mode))
        client.extract(SEED_TEXT)
        client.extract(SEED_TEXT)
    schema = CheckedExtraction.model_json_schema()
    for request in server.requests:
        if mode == "json_schema":
            assert request["response_format"]["json_schema"]["schema"] == schema
        else:
            assert json.dumps(schema, indent=2, ensure_ascii=False) in request["messages"][0]["content"]


def test_a_stream_without_a_socket_answers_readability_itself() -> None:
    """A backend whose streams hold no socket (a mock, another library) is asked as before."""
    import httpcore2

    from summarizer.deadline import _AsyncStream

    class NoSocket(httpcore2.AsyncNetworkStream):
        def get_extra_info(self, info: str) -> Any:
            return {"is_readable": "asked the stream"}.get(info)

    assert _AsyncStream(NoSocket()).get_extra_info("is_readable") == "asked the stream"


def test_clients_share_one_default_tls_context(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx would read the root certificates again for every client (the model client is made
    anew for every event loop): the default context is made once and shared."""
    import ssl

    from summarizer import transport

    made: list[Any] = []
    create = transport.httpx2.create_ssl_context

    def counting(*args: Any, **kwargs: Any) -> ssl.SSLContext:
        made.append(kwargs.get("verify", True))
        return create(*args, **kwargs)

    monkeypatch.setattr(transport.httpx2, "create_ssl_context", counting)
    monkeypatch.setattr(transport, "_SSL_CONTEXTS", {})
    first, second = transport.AsyncDeadlineClient(5.0), transport.AsyncDeadlineClient(5.0)
    assert made == [True]  # read once; httpx's own calls come with the context (not counted here)
    shared = transport.default_ssl_context()
    for client in (first, second):
        pool = getattr(getattr(client, "_transport", None), "_pool", None)
        assert getattr(pool, "_ssl_context", shared) is shared
    # A caller's own choice is kept, and another CA file gets a context of its own.
    assert transport.AsyncDeadlineClient(5.0, verify=False)._transport._pool._ssl_context is not shared  # type: ignore[attr-defined]
    certifi = pytest.importorskip("certifi")
    monkeypatch.setenv("SSL_CERT_FILE", certifi.where())
    assert transport.default_ssl_context() is not shared


def test_a_new_client_starts_no_thread_to_learn_the_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    """openai finds the platform for its headers in a worker thread on each client's first
    request; the model client tells it instead (each sync call makes a new client)."""
    import openai._base_client as base

    threads: list[Any] = []
    asyncify = base.asyncify

    def counting(function: Any) -> Any:
        threads.append(function)
        return asyncify(function)

    monkeypatch.setattr(base, "asyncify", counting)
    with ScriptedServer(default=Reply(seed_answer())) as server:
        client = llm.ModelClient(fast_settings(server.base_url))
        client.extract(SEED_TEXT)
        client.extract(SEED_TEXT)  # a second event loop, a second openai client
        platform = {k.lower(): v for k, v in server.request_headers[-1].items()}.get("x-stainless-os")
    assert threads == []
    assert platform == str(base.get_platform())
