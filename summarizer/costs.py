"""Estimated model cost from token counts and a small price table (`summarizer/data/prices.tsv`).

Prices change and differ by contract, so the table is data the user can override:
`SUMMARIZER_PRICES=/path/prices.tsv` (or `--prices PATH`) adds rows and replaces rows
of the same model. A model with no row gets no estimate (None), never a guess.
Cached prompt tokens (`usage.prompt_tokens_details.cached_tokens`) are priced at the
cached-input rate; the Batch API at the row's batch factor.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from summarizer.datafiles import rows
from summarizer.schemas import TokenUsage

PRICES_ENV = "SUMMARIZER_PRICES"


class PriceFileError(ValueError):
    """A price file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class ModelPrice:
    """US dollars per million tokens."""

    input: float
    cached_input: float
    output: float
    batch_factor: float = 1.0

    def cost(self, usage: TokenUsage, *, batch: bool = False) -> float:
        cached = min(usage.cached_tokens, usage.prompt_tokens)
        dollars = (
            (usage.prompt_tokens - cached) * self.input
            + cached * self.cached_input
            + usage.completion_tokens * self.output
        ) / 1e6
        return dollars * (self.batch_factor if batch else 1.0)


def _parse(cells: tuple[str, ...], where: str) -> tuple[str, ModelPrice]:
    if len(cells) not in (4, 5):
        raise PriceFileError(f"{where}: expected model, input, cached_input, output[, batch_factor]")
    try:
        numbers = [float(c) for c in cells[1:]]
    except ValueError:
        raise PriceFileError(f"{where}: prices must be numbers") from None
    if any(n < 0 for n in numbers):
        raise PriceFileError(f"{where}: prices cannot be negative")
    return cells[0], ModelPrice(*numbers)


def _read_user_file(path: Path) -> dict[str, ModelPrice]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PriceFileError(f"price file {path}: {exc.strerror or exc}") from None
    table = {}
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            model, price = _parse(tuple(c.strip() for c in line.split("\t")), f"{path}:{n}")
            table[model] = price
    return table


class PriceTable:
    """Model name -> price; `PriceTable.load()` reads the shipped table and the user's."""

    def __init__(self, prices: dict[str, ModelPrice]) -> None:
        self.prices = prices

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> PriceTable:
        table = dict(_parse(cells, f"prices.tsv row {cells[0]}") for cells in rows("prices.tsv"))
        user = path or os.environ.get(PRICES_ENV)
        if user:
            table.update(_read_user_file(Path(user)))
        return cls(table)

    def lookup(self, model: str | None) -> ModelPrice | None:
        if not model:
            return None
        if model in self.prices:
            return self.prices[model]
        prefixes = [m for m in self.prices if model.startswith(m + "-")]
        return self.prices[max(prefixes, key=len)] if prefixes else None

    def cost(self, model: str | None, usage: TokenUsage, *, batch: bool = False) -> float | None:
        """Estimated US dollars, or None when the model has no price."""
        price = self.lookup(model)
        return None if price is None else round(price.cost(usage, batch=batch), 8)
