"""Heuristics kept as data: the one reader of the files in `summarizer/data`.

Cue words and lexicons live in data files so an analyst can tune them without
touching code (see `summarizer/data/README.md`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


def data_dir() -> Path:
    """The folder of the data files (a plain folder beside this module: never zipped)."""
    return Path(__file__).with_name("data")


@cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Tab-separated rows of a data file, comments and blank lines skipped, case kept."""
    raw = (data_dir() / name).read_text(encoding="utf-8")
    out = []
    for line in raw.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(out)
