"""The one bridge from sync callers to the async core.

Every public sync entry point is one line, `name = sync_facade(its async twin)`:
the signature and the body are written once, in the async function. Inside a
running event loop (a notebook, an async web app calling a sync helper)
`asyncio.run` is refused, so the coroutine then runs on a fresh loop in a
worker thread and the caller blocks on it, as the old sync bodies did.
`pipeline.digest`, called article after article, runs on a loop its thread keeps
(`run_sync_kept`) instead of making and closing one per call.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import contextvars
import functools
import os
import threading
import weakref
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from typing import Any, ParamSpec, TypeVar

T = TypeVar("T")
P = ParamSpec("P")


def _loop_running() -> bool:
    """Whether this thread is inside a running event loop. The answer is read here, outside
    the caller's code: run inside the `except`, every error the coroutine raises would get
    this RuntimeError as its context, and lose the one it had (the OS error under a connect
    failure)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` to completion and return its result, from sync code."""
    if not _loop_running():
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


def run_sync_kept(coro: Coroutine[Any, Any, T]) -> T:
    """`run_sync(coro)`, on an event loop this thread keeps from one call to the next.

    `asyncio.run` makes and closes a loop per call (a selector, a socket pair, their
    teardown): 0.3-0.5 ms of a rules digest of 8 ms, paid by every sync caller that digests
    article after article. The kept loop is used again only when a call leaves nothing on it
    (no task, no async generator, no default executor); otherwise it is shut down as
    `asyncio.run` shuts its loop down, and the next call starts a fresh one."""
    if _loop_running():
        return run_sync(coro)
    return _run_kept(coro)


class _Kept(threading.local):
    """This thread's kept loop (`run_sync_kept`)."""

    loop: _KeptLoop | None = None


class _KeptLoop:
    """A loop, closed when the thread that keeps it ends (no "unclosed event loop" warning)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()

    def __del__(self) -> None:
        if not self.loop.is_closed():
            self.loop.close()


_KEPT = _Kept()


def _forget_kept_loop() -> None:
    """In a forked child: the parent's kept loop shares its selector and socket pair with
    the parent, so the child drops it (its copies closed) and starts its own on its next call."""
    _KEPT.loop = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_kept_loop)


def _run_kept(coro: Coroutine[Any, Any, T]) -> T:
    kept = _KEPT.loop
    if kept is None or kept.loop.is_closed():
        kept = _KEPT.loop = _KeptLoop()
    loop = kept.loop
    box: list[T] = []

    async def main() -> None:  # (the result kept out of the task, as in `_run`)
        box.append(await coro)

    try:
        loop.run_until_complete(main())
    finally:
        if _left_on(loop):
            _KEPT.loop = None
            _shut_down(loop)
    return box[0]


def _left_on(loop: asyncio.AbstractEventLoop) -> bool:
    """Whether a call left work on `loop` that `asyncio.run` would have ended (True when the
    loop's bookkeeping cannot be read)."""
    return (
        bool(asyncio.all_tasks(loop))
        or bool(getattr(loop, "_asyncgens", True))
        or getattr(loop, "_default_executor", True) is not None
    )


def _shut_down(loop: asyncio.AbstractEventLoop) -> None:
    """What `asyncio.run` does to its loop on the way out: the tasks left cancelled (and their
    errors reported), async generators and the default executor shut down, the loop closed."""
    try:
        tasks = asyncio.all_tasks(loop)
        for task in tasks:
            task.cancel()
        if tasks:
            loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
        for task in tasks:
            if not task.cancelled() and task.exception() is not None:
                loop.call_exception_handler(
                    {
                        "message": "unhandled exception during asyncio.run() shutdown",
                        "exception": task.exception(),
                        "task": task,
                    }
                )
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        loop.close()


def sync_facade(fn: Callable[P, Coroutine[Any, Any, T]], *, keep_loop: bool = False) -> Callable[P, T]:
    """The blocking twin of the coroutine function `fn`: same signature and docstring.
    `keep_loop`: run it on this thread's kept loop (`run_sync_kept`), for an entry point
    called article after article."""
    runner = run_sync_kept if keep_loop else run_sync

    @functools.wraps(fn)
    def blocking(*args: P.args, **kwargs: P.kwargs) -> T:
        return runner(fn(*args, **kwargs))

    blocking.__doc__ = f"Sync facade of `{fn.__name__}`. {fn.__doc__ or ''}".strip()
    return blocking


class _Lane:
    """One event loop's lane: the lock, and the task whose turn it is."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.owner: asyncio.Task[Any] | None = None


_LANES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Lane] = weakref.WeakKeyDictionary()


def _lane() -> _Lane:
    loop = asyncio.get_running_loop()
    lane = _LANES.get(loop)
    if lane is None:
        lane = _LANES[loop] = _Lane()
    return lane


async def take_turn() -> None:
    """Wait for this task's turn on its loop's lane (`cpu_lane`); at once if it has it."""
    lane, task = _lane(), asyncio.current_task()
    if lane.owner is task:
        return
    await lane.lock.acquire()
    lane.owner = task
    try:
        await _after_ready()
    except BaseException:
        end_turn()
        raise


async def _after_ready(most: int = 8) -> None:
    """Let what is ready go first, and what that makes ready: a request on its way out takes
    several loop iterations (a lock on the connection pool, the write, ...), and a turn of
    milliseconds in each of them held it back that much each time."""
    loop = asyncio.get_running_loop()
    ready = getattr(loop, "_ready", None)  # asyncio's own loop; others: one iteration
    await asyncio.sleep(0)
    for _ in range(most - 1):
        if not ready:
            return
        await asyncio.sleep(0)


def end_turn() -> None:
    """End this task's turn on the lane, if it has one."""
    lane = _LANES.get(asyncio.get_running_loop())
    if lane is not None and lane.owner is not None and lane.owner is asyncio.current_task():
        lane.owner = None
        lane.lock.release()


@contextlib.asynccontextmanager
async def cpu_lane() -> AsyncIterator[None]:
    """A turn for one CPU-bound step (a digest's reading or checks: milliseconds, no await
    inside) among the event loop's tasks; each turn starts after the I/O steps already waiting.

    Run as soon as its reply arrives, each article's checks went to the back of the loop's
    queue together with every other reply of that moment, and so did every step of the
    requests in flight (a send takes several), each behind all of those checks: the
    requests went out and came back in waves, and the loop sat idle between them (44% of a
    run at 16 in flight). Taking turns on one lock per loop, the checks run one at a time
    and every waiting I/O step gets in between two of them. (A task that has its turn
    already, from `take_turn`, goes on in it.)"""
    await take_turn()
    try:
        yield
    finally:
        end_turn()


#: The task whose model replies start its turn on the lane (`turn_at_reply`).
_TURN_AT_REPLY: contextvars.ContextVar[asyncio.Task[Any] | None] = contextvars.ContextVar(
    "summarizer_turn_at_reply", default=None
)


@contextlib.contextmanager
def turn_at_reply() -> Iterator[None]:
    """Within this block, a model reply to this task starts its turn on the lane, in which
    it is parsed and validated; the caller ends it (`end_turn`) when the reply is read.

    Parsed at once instead, each reply's few milliseconds of parsing ran in the same loop
    iteration as every other reply of that moment, ahead of the requests waiting to go out;
    in a turn, they wait behind those requests."""
    token = _TURN_AT_REPLY.set(asyncio.current_task())
    try:
        yield
    finally:
        _TURN_AT_REPLY.reset(token)


async def reply_turn() -> None:
    """Called by the model client's transport with a reply in hand (see `turn_at_reply`);
    child tasks (an article's chunks, asked together) parse without a turn."""
    task = _TURN_AT_REPLY.get()
    if task is not None and task is asyncio.current_task():
        await take_turn()


class NotSent(BaseException):
    """A request stopped before it went out: its batch stopped sending (`Places.close`, on an
    authentication failure) while it waited for a place. A BaseException, as CancelledError
    is, so that no retry loop or client wrapper on its way up takes it for a failed request."""


class Places:
    """At most `limit` model requests in flight among the tasks of one batch (`places`).

    A batch used to hold each of its `limit` places through an article's whole digest:
    through its checks and its wait for a turn too, when no request of it was in flight.
    Bounding the requests instead, the next article's request, built while it waited,
    goes out as soon as a reply is in, while that reply's checks wait their turn."""

    def __init__(self, limit: int) -> None:
        self._free = asyncio.Semaphore(limit)
        self._closed = False

    def close(self) -> None:
        """Send nothing more: the requests waiting for a place, and any later, raise NotSent."""
        self._closed = True

    @contextlib.asynccontextmanager
    async def held(self) -> AsyncIterator[None]:
        if self._closed:
            raise NotSent
        async with self._free:
            if self._closed:
                raise NotSent
            yield


_PLACES: contextvars.ContextVar[Places | None] = contextvars.ContextVar("summarizer_places", default=None)


@contextlib.contextmanager
def places(limit: int) -> Iterator[Places]:
    """`Places(limit)` for the model requests of the tasks started within this block."""
    gate = Places(limit)
    token = _PLACES.set(gate)
    try:
        yield gate
    finally:
        _PLACES.reset(token)


@contextlib.asynccontextmanager
async def in_flight() -> AsyncIterator[Places | None]:
    """A place for one request among its batch's `Places`, which it yields; outside a batch,
    no wait and None."""
    gate = _PLACES.get()
    if gate is None:
        yield None
        return
    async with gate.held():
        yield gate
