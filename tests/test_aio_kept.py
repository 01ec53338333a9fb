"""`aio.run_sync_kept`: one loop per thread from call to call, shut down as `asyncio.run` would
whenever a call leaves work on it."""

from __future__ import annotations

import asyncio
import os
import threading

import pytest

from summarizer import aio


async def _answer(x: int) -> int:
    async with aio.cpu_lane():
        await asyncio.sleep(0)
    return x * 2


def _loop() -> asyncio.AbstractEventLoop:
    kept = aio._KEPT.loop
    assert kept is not None
    return kept.loop


def test_the_loop_is_kept_between_calls() -> None:
    assert aio.run_sync_kept(_answer(1)) == 2
    first = _loop()
    assert aio.run_sync_kept(_answer(2)) == 4
    assert _loop() is first and not first.is_closed()


def test_a_task_left_behind_is_cancelled_and_the_loop_closed() -> None:
    left: list[asyncio.Task[None]] = []
    loops: list[asyncio.AbstractEventLoop] = []

    async def leaves_a_task() -> int:
        loops.append(asyncio.get_running_loop())
        left.append(asyncio.create_task(asyncio.sleep(3600)))
        return 7

    assert aio.run_sync_kept(leaves_a_task()) == 7
    assert left[0].cancelled()
    assert loops[0].is_closed() and aio._KEPT.loop is None
    assert aio.run_sync_kept(_answer(3)) == 6
    assert _loop() is not loops[0]  # a fresh loop


def test_errors_come_through_with_their_own_context() -> None:
    async def fails() -> None:
        raise OSError("Connection refused")

    with pytest.raises(OSError, match="Connection refused") as caught:
        aio.run_sync_kept(fails())
    assert caught.value.__context__ is None
    assert aio.run_sync_kept(_answer(4)) == 8  # the loop still serves


def test_inside_a_running_loop_it_runs_on_a_worker_thread() -> None:
    async def caller() -> int:
        return aio.run_sync_kept(_answer(5))

    assert asyncio.run(caller()) == 10


def test_each_thread_keeps_its_own_loop() -> None:
    loops: list[asyncio.AbstractEventLoop] = []

    def work() -> None:
        aio.run_sync_kept(_answer(1))
        loops.append(_loop())

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    aio.run_sync_kept(_answer(1))
    assert len({id(x) for x in [*loops, _loop()]}) == 3


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_drops_the_parents_loop() -> None:
    """The parent's kept loop shares its selector and socket pair with the parent: a child
    forked after a call drops it and runs its next call on a loop of its own."""
    import multiprocessing

    async def answer() -> int:
        return 42

    async def loop_id() -> int:
        return id(asyncio.get_running_loop())

    parent_loop = aio.run_sync_kept(loop_id())
    ctx = multiprocessing.get_context("fork")
    queue = ctx.SimpleQueue()

    def child() -> None:
        dropped = aio._KEPT.loop is None
        queue.put((dropped, aio.run_sync_kept(answer())))

    proc = ctx.Process(target=child)
    proc.start()
    proc.join(60)
    assert proc.exitcode == 0
    assert queue.get() == (True, 42)
    assert aio.run_sync_kept(loop_id()) == parent_loop  # the parent keeps its own
