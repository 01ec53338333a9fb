"""The one bridge from sync callers to the async core.

Every public sync entry point is one line, `name = sync_facade(its async twin)`:
the signature and the body are written once, in the async function. Inside a
running event loop (a notebook, an async web app calling a sync helper)
`asyncio.run` is refused, so the coroutine then runs on a fresh loop in a
worker thread and the caller blocks on it, as the old sync bodies did.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

T = TypeVar("T")
P = ParamSpec("P")


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` to completion and return its result, from sync code."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def sync_facade(fn: Callable[P, Coroutine[Any, Any, T]]) -> Callable[P, T]:
    """The blocking twin of the coroutine function `fn`: same signature and docstring."""

    @functools.wraps(fn)
    def blocking(*args: P.args, **kwargs: P.kwargs) -> T:
        return run_sync(fn(*args, **kwargs))

    blocking.__doc__ = f"Sync facade of `{fn.__name__}`. {fn.__doc__ or ''}".strip()
    return blocking
