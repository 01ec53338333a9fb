"""The one bridge from sync callers to the async core.

Every public sync entry point is a one-line call of its async twin through
`run_sync`. Inside a running event loop (a notebook, an async web app calling a
sync helper) `asyncio.run` is refused, so the coroutine then runs on a fresh
loop in a worker thread and the caller blocks on it, as the old sync bodies did.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` to completion and return its result, from sync code."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
