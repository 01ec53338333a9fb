"""Readings kept for one digest: what a digest reads several times (a sentence's numbers,
the article's sentences) is read once per digest, and forgotten with it.

The figure reader, the cross-check and the wording checks read the same sentences; a
process-wide `lru_cache` keyed on text would save the same work, but it keeps its last
texts alive (whole articles among them) and hands one article's reading to the next: a
saving that a batch of distinct articles never sees, though a benchmark whose articles
share sentences does. So the memo lives in a context variable that `digest_scope` sets:
each asyncio task (one article of a batch) has its own, and a reading outside any scope is
simply computed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

#: Not a reading (`dict.get`'s default): a memo misses about twice as often as it hits in a
#: digest, and a raised KeyError costs five times a `get` (speed only).
_MISSING: Any = object()

_MEMO: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar("summarizer_digest_memo", default=None)


@contextmanager
def digest_scope() -> Iterator[None]:
    """Keep `per_digest` readings until the block ends; a block inside one shares its memo."""
    if _MEMO.get() is not None:
        yield
        return
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def remembered(key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """`compute()` once per `key` inside a `digest_scope`, at every call outside one: for a
    reading whose inputs are not all hashable (`key` names what its value depends on). The
    value must be immutable, as `per_digest`'s."""
    memo = _MEMO.get()
    if memo is None:
        return compute()
    value = memo.get(key, _MISSING)
    if value is _MISSING:
        value = memo[key] = compute()
    return value


def per_digest(fn: Callable[P, T]) -> Callable[P, T]:
    """`fn(text, ...)` computed once per arguments inside a `digest_scope`, at every call outside
    one. `fn` must return an immutable value (a tuple): every caller gets the same object."""

    @functools.wraps(fn)
    def reading(*args: P.args, **kwargs: P.kwargs) -> T:
        memo = _MEMO.get()
        if memo is None or kwargs:
            return fn(*args, **kwargs)
        key = (fn, *args)
        value = memo.get(key, _MISSING)
        if value is _MISSING:
            value = memo[key] = fn(*args, **kwargs)
        return value

    return reading
