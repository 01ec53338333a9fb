"""Batch progress on stderr: done, failed, rate and time left. Stdout stays for results."""

from __future__ import annotations

from typing import Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class ProgressSink(Protocol):
    """What `run_batch` reports to; any object with these methods will do."""

    def start(self, total: int) -> None: ...

    def advance(self, *, ok: bool, cache_hit: bool) -> None: ...

    def finish(self) -> None: ...


class _Rate(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f}/s" if speed else "-/s", style="progress.data.speed")


class RichProgress:
    """A rich progress bar on stderr (plain, non-animated output when stderr is not a terminal)."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self._progress = Progress(
            TextColumn("[bold]batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[red]{task.fields[failed]} failed"),
            TextColumn("{task.fields[hits]} cached"),
            _Rate(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self.console,
            transient=False,
        )
        self._task: TaskID | None = None
        self._failed = 0
        self._hits = 0

    def start(self, total: int) -> None:
        self._progress.start()
        self._task = self._progress.add_task("batch", total=total, failed=0, hits=0)

    def advance(self, *, ok: bool, cache_hit: bool) -> None:
        if self._task is None:
            return
        self._failed += not ok
        self._hits += cache_hit
        self._progress.update(self._task, advance=1, failed=self._failed, hits=self._hits)

    def finish(self) -> None:
        self._progress.stop()
