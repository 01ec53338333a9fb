"""The model client's speed-only shortcuts (perf-client): each gives what the library's own
path gives, and each test fails if the shortcut stops applying."""

from __future__ import annotations

from typing import Any

import openai
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer import llm


def test_remembered_urls_are_openais_own() -> None:
    client = openai.AsyncOpenAI(api_key="x", base_url="http://127.0.0.1:9/v1", max_retries=0)
    plain = openai.AsyncOpenAI(api_key="x", base_url="http://127.0.0.1:9/v1", max_retries=0)
    llm._remember_urls(client)
    assert client._prepare_url is not plain._prepare_url
    for path in [
        "/chat/completions",
        "chat/completions",
        "/models",
        "https://example.org/x",
        "/chat/completions",
    ]:
        assert client._prepare_url(path) == plain._prepare_url(path)
    first = client._prepare_url("/chat/completions")
    assert client._prepare_url("/chat/completions") is first  # remembered
    # A new base URL is a new key: the answer follows it.
    client.base_url = plain.base_url = "http://127.0.0.1:9/v2/"
    assert client._prepare_url("/chat/completions") == plain._prepare_url("/chat/completions")
    assert str(client._prepare_url("/chat/completions")) == "http://127.0.0.1:9/v2/chat/completions"


def test_the_model_client_remembers_its_urls() -> None:
    import asyncio

    from summarizer.settings import Settings

    async def main() -> object:
        model = llm.ModelClient(Settings(base_url="http://127.0.0.1:9/v1", model="m", max_retries=0))
        return model._async_client().client._prepare_url

    prepare = asyncio.run(main())
    assert getattr(prepare, "__wrapped__", None) is not None


def _post_arguments(kept: dict[str, Any], direct: bool) -> tuple[list[dict[str, Any]], int]:
    """What openai's `_post` is handed for `create(messages=[], **kept)`, by openai's own
    `create` or by `_DirectPost`, and how many times openai's transform ran."""
    import asyncio

    import openai.resources.chat.completions.completions as completions_module

    client = openai.AsyncOpenAI(api_key="x", base_url="http://127.0.0.1:9/v1", max_retries=0)
    completions = client.chat.completions
    seen: list[dict[str, Any]] = []

    async def post(path: str, **kwargs: Any) -> str:
        seen.append({"path": path, **kwargs})
        return "reply"

    completions._post = post  # type: ignore[method-assign]
    transforms = []
    real = completions_module.async_maybe_transform

    async def counting(data: Any, expected_type: Any) -> Any:
        transforms.append(data)
        return await real(data, expected_type)

    completions_module.async_maybe_transform = counting  # type: ignore[assignment]
    try:
        runner = llm._DirectPost.of(completions.create)
        assert runner is not None

        async def main() -> None:
            for _ in range(3):
                if direct:
                    assert await runner.create(dict(kept)) == "reply"
                else:
                    assert await completions.create(messages=[], **kept) == "reply"

        asyncio.run(main())
    finally:
        completions_module.async_maybe_transform = real  # type: ignore[assignment]
    return seen, len(transforms)


KEPT = [
    {"model": "m", "extra_body": {"messages": [{"role": "user", "content": "hi"}], "temperature": 0.0}},
    {
        "model": "m",
        "timeout": 12.5,
        "extra_headers": {"X-A": "b"},
        "extra_query": {"q": "1"},
        "extra_body": {"messages": [], "tools": [{"type": "function"}], "tool_choice": "auto"},
    },
    {"model": "m", "extra_body": {"messages": []}, "timeout": None},
]


@pytest.mark.parametrize("kept", KEPT)
def test_the_direct_post_hands_openai_what_create_would(kept: dict[str, Any]) -> None:
    plain, plain_transforms = _post_arguments(kept, direct=False)
    fast, fast_transforms = _post_arguments(kept, direct=True)
    assert fast == plain
    assert [list(c["body"].items()) for c in fast] == [list(c["body"].items()) for c in plain]
    assert [list(c) for c in fast] == [list(c) for c in plain]
    assert plain_transforms == 3
    assert fast_transforms == 1  # the first call's check; the others go straight to `_post`


def test_a_model_that_is_not_a_string_always_takes_create() -> None:
    fast, transforms = _post_arguments(
        {"model": ("not", "a", "str"), "extra_body": {"messages": []}}, direct=True
    )
    assert transforms == 3
    assert all(c["body"]["model"] == ("not", "a", "str") for c in fast)


def test_a_create_that_passes_other_arguments_is_never_bypassed() -> None:
    import asyncio

    class Owner:
        async def _post(self, path: str, **kwargs: Any) -> str:
            return "direct"

    owner = Owner()

    async def create(*, messages: Any, model: str, **kwargs: Any) -> str:
        try:
            await owner._post("/chat/completions", body={"model": model, "messages": messages}, options={})
        except llm._Probed:
            raise
        return "create"

    runner = llm._DirectPost(create, owner, owner._post, lambda **_: {}, object, object)

    async def main() -> list[str]:
        return [await runner.create({"model": "m", "extra_body": {}}) for _ in range(2)]

    assert asyncio.run(main()) == ["create", "create"]


WORDS = ["the", "army", "said", "12", "killed", "“five”", "people", "—", "in", "Gaza", "\u00a0", "...", "ß"]


@settings(deadline=None, max_examples=200)
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(1, 12), st.booleans()), min_size=1, max_size=12),
)
def test_remembered_alignments_are_the_aligners_own(
    words: list[str], cuts: list[tuple[int, int, bool]]
) -> None:
    from summarizer.grounding import Aligner

    article = " ".join(words)
    quotes = []
    for start, size, upper in cuts:
        quote = " ".join(words[start : start + size]) or "absent quote of twenty characters"
        quotes.append(quote.upper() if upper else quote)
    quotes += [f"  {q} " for q in quotes]  # the same stripped quotes, asked again
    shared = Aligner(article)
    assert [shared.align(q) for q in quotes] == [Aligner(article).align(q) for q in quotes]
