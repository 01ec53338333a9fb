"""The request hook's given signature (speed only): it is the one `inspect` reads from the
hook's own code, and the hook still sees every request."""

from __future__ import annotations

import inspect
from typing import Any

from summarizer import llm


def test_the_request_hook_signature_is_the_functions_own() -> None:
    def on_request(*_: Any, **__: Any) -> None:
        pass

    assert inspect.signature(on_request) == llm._ANY_ARGUMENTS
    assert str(llm._ANY_ARGUMENTS) == str(inspect.signature(on_request))
    # instructor binds every request argument to it before calling the handler.
    llm._ANY_ARGUMENTS.bind(messages=[], model="m", _="x", __="y")


def test_the_hook_counts_every_request() -> None:
    from instructor.v2.core.hooks import Hooks

    from summarizer.settings import Settings
    from summarizer.validation import CallState

    client = llm.ModelClient(Settings(base_url="http://127.0.0.1:9/v1", model="m", max_retries=0))
    state = CallState(article="text", max_attempts=2)
    tally = llm._Tally()
    hooks: Hooks = client._hooks_for(state, tally)
    (handler,) = hooks._handlers[hooks.get_hook_name("completion:kwargs")]
    assert inspect.signature(handler) is llm._ANY_ARGUMENTS
    own = handler.__signature__
    del handler.__signature__  # the signature `inspect` reads from the hook's own code
    assert inspect.signature(handler) == own
    handler.__signature__ = own
    tally.last = object()
    hooks.emit_completion_arguments(messages=[], model="m", temperature=0.0)
    hooks.emit_completion_arguments(messages=[], model="m")
    assert state.attempts == 2 and tally.requests == 2 and tally.last is None
