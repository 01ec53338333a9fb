"""The batch results file: JSON Lines, one record per input, that survives `kill -9`.

Each record is one line, written with a single `write` on a file opened for
appending and never buffered in the process, so an abrupt end leaves every
finished line intact and at most one torn line at the end. Lines reach the
disk (fsync) at least once a second and when the run ends: a crash of the
whole machine loses at most the last second; killing the process loses
nothing that was written.

Reading is last-line-wins: when an input has several lines (a failure later
retried), its last line is its result. A run that ends normally compacts the
file so that every input appears exactly once; an interrupted run leaves a
file that reads correctly under the same rule.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks; one writer is the user's job
    fcntl = None  # type: ignore[assignment]


class OutputBusy(RuntimeError):
    """Another process is writing the same results file."""


class NotAResultsFile(RuntimeError):
    """The output holds something other than result records (notes, the inputs file)."""


@dataclass
class ResultsState:
    """What an existing results file holds, read last-line-wins."""

    status: dict[str, str] = field(default_factory=dict)
    lines: int = 0
    superseded: int = 0
    invalid: int = 0
    torn_tail_bytes: int = 0

    @property
    def needs_compaction(self) -> bool:
        return self.superseded > 0 or self.invalid > 0


def parse_record(line: bytes | str) -> dict[str, Any] | None:
    """The record on one line, or None when the line is not a complete record."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict) or not isinstance(record.get("input"), str):
        return None
    if record.get("status") not in ("ok", "error"):
        return None
    return record


def _complete_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """(offset just past the line, line) for every newline-terminated line."""
    offset = 0
    with open(path, "rb") as f:
        for line in f:
            if not line.endswith(b"\n"):
                return
            offset += len(line)
            yield offset, line


def repair(path: Path) -> ResultsState:
    """Drop a torn last line (kept if it happens to be a whole record) and read the file."""
    state = ResultsState()
    if not path.exists():
        return state
    good_end = 0
    for offset, line in _complete_lines(path):
        good_end = offset
        _count(state, parse_record(line))
    size = path.stat().st_size
    if size > good_end:
        with open(path, "rb+") as f:
            f.seek(good_end)
            tail = f.read()
            record = parse_record(tail)
            if record is not None:  # whole record, only its newline missing
                f.seek(size)
                f.write(b"\n")
                _count(state, record)
            else:
                f.truncate(good_end)
                state.torn_tail_bytes = len(tail)
            f.flush()
            os.fsync(f.fileno())
    return state


def _count(state: ResultsState, record: dict[str, Any] | None) -> None:
    state.lines += 1
    if record is None:
        state.invalid += 1
        return
    if record["input"] in state.status:
        state.superseded += 1
    state.status[record["input"]] = record["status"]


def read_results(path: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
    """Input -> its result record, last line winning; a torn last line is ignored."""
    results: dict[str, dict[str, Any]] = {}
    for _, line in _complete_lines(Path(path)):
        record = parse_record(line)
        if record is not None:
            results.pop(record["input"], None)  # keep file order of the winning lines
            results[record["input"]] = record
    return results


def compact(path: Path) -> int:
    """Rewrite the file with one line per input (its last), atomically; returns lines removed.

    Two passes, so memory grows with the number of inputs, not with the file's size.
    """
    winner: dict[str, int] = {}
    total = 0
    for n, (_, line) in enumerate(_complete_lines(path)):
        total += 1
        record = parse_record(line)
        if record is not None:
            winner[record["input"]] = n
    keep = set(winner.values())
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.writelines(line for n, (_, line) in enumerate(_complete_lines(path)) if n in keep)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)
    return total - len(keep)


def _fsync_dir(directory: Path) -> None:
    """Make a rename durable; not every platform can open a directory, which is harmless."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class ResultsWriter:
    """Appends one record per call as one unbuffered write; fsyncs at most every `sync_every` s."""

    def __init__(self, path: Path, sync_every: float = 1.0) -> None:
        self.path = path
        self.sync_every = sync_every
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self._last_sync = time.monotonic()
        self._dirty = False

    def write(self, line: str) -> None:
        data = memoryview((line + "\n").encode("utf-8"))
        while data:
            written = os.write(self._fd, data)
            data = data[written:]
        self._dirty = True
        if time.monotonic() - self._last_sync >= self.sync_every:
            self.sync()

    def sync(self) -> None:
        if self._dirty:
            os.fsync(self._fd)
            self._dirty = False
        self._last_sync = time.monotonic()

    def close(self) -> None:
        if self._fd < 0:
            return
        try:
            self.sync()
        finally:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> ResultsWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def ok_line(input_: str, digest_json: str) -> str:
    """An ok record, built around an already serialised digest (no second encode)."""
    return f'{{"input": {json.dumps(input_, ensure_ascii=False)}, "status": "ok", "digest": {digest_json}}}'


def error_line(input_: str, kind: str, message: str) -> str:
    return json.dumps(
        {"input": input_, "status": "error", "error": {"type": kind, "message": message}},
        ensure_ascii=False,
    )


class OutputLock:
    """An exclusive advisory lock on the results file, held for a whole run.

    Two runs appending to one file lose records: one's compaction replaces the file under
    the other's open handle. The lock is taken on the file itself (created if need be);
    since compaction replaces the file, a lock won on a file that has been replaced since it
    was opened is let go and taken again on the current one.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = -1

    def _drop_copy(self) -> None:
        """In a forked child: close this process's copy of the locked file, leaving the
        parent's lock as it is (`_drop_inherited_locks`)."""
        if self._fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = -1

    def acquire(self) -> OutputLock:
        if fcntl is None:  # pragma: no cover
            return self
        for _ in range(100):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise OutputBusy(
                    f"{self.path} is being written by another batch run; wait for it to finish, "
                    "or choose another output"
                ) from None
            except OSError:
                os.close(fd)  # a file system without locks: proceed unlocked
                return self
            try:
                current = os.stat(self.path)
            except FileNotFoundError:
                os.close(fd)
                continue
            if os.path.samestat(os.fstat(fd), current):
                self._fd = fd
                _HELD.add(self)
                return self
            os.close(fd)  # replaced by a compaction after we opened it: lock the new one
        raise OutputBusy(f"{self.path} keeps being replaced by another process")  # pragma: no cover

    def release(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        _HELD.discard(self)

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


#: The output locks this process holds.
_HELD: weakref.WeakSet[OutputLock] = weakref.WeakSet()


def _drop_inherited_locks() -> None:
    """A forked child (a batch worker) holds none of its parent's output locks. A lock lasts
    while any copy of its file descriptor is open, so a worker still finishing its articles
    after its parent was killed (`kill -9`) kept the output locked, and the run resumed at
    once was refused as "being written by another batch run"."""
    for lock in list(_HELD):
        lock._drop_copy()
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_inherited_locks)


def check_output(path: Path, inputs: Path | None = None, contents: bool = True) -> None:
    """Refuse an output that is the inputs file, or that holds lines which are not result
    records: resuming or compacting it would throw its contents away. A torn last line is
    allowed only when it starts as a record does (a run killed mid-write)."""
    if inputs is not None and path.exists() and inputs.exists() and os.path.samefile(path, inputs):
        raise NotAResultsFile(f"{path} is the inputs file itself; choose another output")
    if path.exists() and not path.is_file():
        raise NotAResultsFile(f"{path} is not a regular file (a directory, FIFO or device); choose a file")
    if not contents or not path.is_file() or path.stat().st_size == 0:
        return
    good_end = 0
    for n, (offset, line) in enumerate(_complete_lines(path), 1):
        good_end = offset
        if parse_record(line) is None and line.strip():
            raise NotAResultsFile(
                f"{path} is not a results file (line {n} is not a result record): choose another "
                "output, or remove it to start again"
            )
    with open(path, "rb") as f:
        f.seek(good_end)
        tail = f.read(64).lstrip()
    if tail and not tail.startswith(b'{"input"'):
        raise NotAResultsFile(
            f"{path} is not a results file (its last line is not a result record): choose another output"
        )


def open_text_output(path: Path) -> TextIO:
    """`path` opened for writing text. A FIFO nobody reads would block the open forever:
    it is opened without blocking, which fails at once (ENXIO) when it has no reader."""
    try:
        fifo = stat.S_ISFIFO(os.stat(path).st_mode)
    except OSError:
        fifo = False
    if not fifo:
        return open(path, "w", encoding="utf-8")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OSError(errno.ENXIO, "Nothing reads from this FIFO") from None
        raise
    os.set_blocking(fd, True)
    return open(fd, "w", encoding="utf-8")
