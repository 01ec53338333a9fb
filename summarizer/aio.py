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
import contextlib
import functools
import weakref
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

T = TypeVar("T")
P = ParamSpec("P")


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` to completion and return its result, from sync code."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        running = False
    else:
        running = True
    if not running:
        # Outside the `except`: else every error the coroutine raises gets this RuntimeError
        # as its context, and loses the one it had (the OS error under a connect failure).
        return _run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_run, coro).result()


def _run(coro: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run(coro)`, with the result kept out of the main task: `asyncio.run` formats
    the task's repr (its result included) on the way out, when it checks the SIGINT handler;
    for a digest that repr cost more than a millisecond per call."""
    box: list[T] = []

    async def main() -> None:
        box.append(await coro)

    asyncio.run(main())
    return box[0]


def sync_facade(fn: Callable[P, Coroutine[Any, Any, T]]) -> Callable[P, T]:
    """The blocking twin of the coroutine function `fn`: same signature and docstring."""

    @functools.wraps(fn)
    def blocking(*args: P.args, **kwargs: P.kwargs) -> T:
        return run_sync(fn(*args, **kwargs))

    blocking.__doc__ = f"Sync facade of `{fn.__name__}`. {fn.__doc__ or ''}".strip()
    return blocking


_LANES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()


@contextlib.asynccontextmanager
async def cpu_lane() -> AsyncIterator[None]:
    """A turn for one CPU-bound step (a digest's reading or checks: milliseconds, no await
    inside) among the event loop's tasks; each turn starts after the I/O steps already waiting.

    Run as soon as its reply arrives, each article's checks went to the back of the loop's
    queue together with every other reply of that moment, and so did every step of the
    requests in flight (a send takes several), each behind all of those checks: the
    requests went out and came back in waves, and the loop sat idle between them (44% of a
    run at 16 in flight). Taking turns on one lock per loop, the checks run one at a time
    and every waiting I/O step gets in between two of them."""
    loop = asyncio.get_running_loop()
    lock = _LANES.get(loop)
    if lock is None:
        lock = _LANES[loop] = asyncio.Lock()
    async with lock:
        await asyncio.sleep(0)  # what became ready while this turn waited goes first
        yield
