"""How a batch's tasks share one event loop: CPU-bound steps take turns, and the I/O steps
waiting meanwhile go between them; small local files are read without a thread hop."""

from __future__ import annotations

import asyncio
import itertools
import os
from pathlib import Path
from typing import Any

import pytest

from summarizer.aio import cpu_lane
from summarizer.inputs import loader as loader_module
from summarizer.inputs.errors import UnsupportedContent
from summarizer.inputs.loader import Loader
from summarizer.inputs.sources import Source


def _order(jobs: int, io_steps: int) -> list[str]:
    """Steps in the order they ran: `jobs` CPU-bound turns (no await inside) started together
    with one I/O chain that yields between its steps, as a request's send does."""
    order: list[str] = []

    async def job(i: int) -> None:
        async with cpu_lane():
            order.append(f"job{i}")

    async def io() -> None:
        for k in range(io_steps):
            order.append(f"io{k}")
            await asyncio.sleep(0)

    async def main() -> None:
        await asyncio.gather(*(job(i) for i in range(jobs)), io())

    asyncio.run(main())
    return order


def test_io_steps_run_between_cpu_turns() -> None:
    order = _order(jobs=4, io_steps=64)
    jobs = [i for i, step in enumerate(order) if step.startswith("job")]
    assert [order[i] for i in jobs] == ["job0", "job1", "job2", "job3"]  # turns in arrival order
    # Every turn waits for the I/O chain's next steps: without the lane the four jobs ran back
    # to back and the chain's steps all came after them.
    for a, b in itertools.pairwise(jobs):
        assert any(step.startswith("io") for step in order[a + 1 : b]), order
    # ...yet a chain that never stops does not starve the turns.
    assert jobs[-1] < order.index("io63"), order


def test_a_short_io_chain_goes_before_every_turn() -> None:
    """A request on its way out takes several loop iterations: it goes out before the next
    turn of milliseconds, not one step per turn."""
    order = _order(jobs=3, io_steps=4)
    assert order[:4] == ["io0", "io1", "io2", "io3"], order


def test_turns_never_overlap() -> None:
    inside: list[int] = []
    overlaps: list[int] = []

    async def job(i: int) -> None:
        async with cpu_lane():
            if inside:
                overlaps.append(i)
            inside.append(i)
            await asyncio.sleep(0)  # even a turn that awaits keeps the lane
            inside.remove(i)

    async def main() -> None:
        await asyncio.gather(*(job(i) for i in range(5)))

    asyncio.run(main())
    assert overlaps == []


def test_a_turn_that_raises_frees_the_lane() -> None:
    async def bad() -> None:
        async with cpu_lane():
            raise ValueError("boom")

    async def good() -> str:
        async with cpu_lane():
            return "ran"

    async def main() -> list[Any]:
        return await asyncio.gather(bad(), good(), return_exceptions=True)

    first, second = asyncio.run(main())
    assert isinstance(first, ValueError) and second == "ran"


def test_each_loop_has_its_own_lane() -> None:
    """A lane held on one loop (a worker thread's) never blocks another loop's turns."""

    async def turn() -> str:
        async with cpu_lane():
            return "ok"

    assert asyncio.run(turn()) == "ok"
    assert asyncio.run(turn()) == "ok"  # a fresh loop: the old lock is not reused


def _no_thread(*_: Any, **__: Any) -> Any:
    raise AssertionError("a small regular file went through a worker thread")


def test_small_file_is_read_on_the_loop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Gunmen killed two people on Monday, police said.\n", encoding="utf-8")
    monkeypatch.setattr(loader_module.anyio.to_thread, "run_sync", _no_thread)
    article = asyncio.run(Loader().load(Source(str(path), "file", str(path))))
    assert article.text.startswith("Gunmen killed two people")


def test_large_file_is_read_in_a_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Gunmen killed two people on Monday, police said.\n", encoding="utf-8")
    calls: list[str] = []
    real = loader_module.anyio.to_thread.run_sync

    async def spy(fn: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(fn.__name__)
        return await real(fn, *args, **kwargs)

    monkeypatch.setattr(loader_module, "INLINE_READ_BYTES", 10)
    monkeypatch.setattr(loader_module.anyio.to_thread, "run_sync", spy)
    article = asyncio.run(Loader().load(Source(str(path), "file", str(path))))
    assert calls == ["read_capped"] and article.text.startswith("Gunmen")


def test_a_fifo_is_refused_before_any_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read on the loop or not, what is not a regular file is refused from its stat alone:
    opening a FIFO would block the loop until a writer came."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    monkeypatch.setattr(loader_module.anyio.to_thread, "run_sync", _no_thread)
    with pytest.raises(UnsupportedContent, match="FIFO"):
        asyncio.run(Loader().load(Source(str(fifo), "file", str(fifo))))
