"""The per-digest memo: readings shared inside one digest, never across digests or tasks."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from summarizer import numbers
from summarizer.backends import Draft
from summarizer.backends.rules import RulesBackend
from summarizer.document import Document
from summarizer.memo import digest_scope, per_digest, remembered
from summarizer.pipeline import digest, make_article


def _counting() -> tuple[list[str], Callable[[str], tuple[str, ...]]]:
    calls: list[str] = []

    @per_digest
    def read(text: str) -> tuple[str, ...]:
        calls.append(text)
        return tuple(text.split())

    return calls, read


def test_read_once_inside_a_scope_and_every_time_outside() -> None:
    calls, read = _counting()
    read("a b")
    read("a b")
    assert calls == ["a b", "a b"]  # no scope: nothing kept
    calls.clear()
    with digest_scope():
        assert read("a b") == ("a", "b")
        read("a b")
        read("c")
        with digest_scope():  # an inner scope shares the outer memo
            read("a b")
    assert calls == ["a b", "c"]
    with digest_scope():  # a new digest reads again: nothing carried over
        read("a b")
    assert calls == ["a b", "c", "a b"]


def test_each_task_has_its_own_memo() -> None:
    """Articles of a batch are digested by concurrent tasks: one task's readings are not
    another's (a benchmark whose articles share sentences must not be flattered by them)."""
    calls, read = _counting()

    async def digest_one() -> None:
        with digest_scope():
            read("same sentence")
            await asyncio.sleep(0)  # the other task runs here, inside its own scope
            read("same sentence")

    async def main() -> None:
        await asyncio.gather(digest_one(), digest_one())

    asyncio.run(main())
    assert calls == ["same sentence", "same sentence"]


class _RulesAsModel:
    """The rules' extraction handed over as a model's would be: the cross-check then reads the
    article's figures again, the same clauses the rules backend read."""

    name = "rules-as-model"

    def fingerprint(self, document: object = None) -> dict[str, str]:
        return {}

    async def extract(self, document: Document) -> Draft:
        draft = await RulesBackend().extract(document)
        return Draft(draft.extraction, "template", cross_check=True)


def test_pipeline_digest_reads_each_clause_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A whole digest shares the memo: the cross-check does not count the people of a clause
    the backend already counted."""
    seen: list[str] = []
    inner = numbers._people_counts.__wrapped__  # type: ignore[attr-defined]

    def spy(text: str) -> tuple[numbers.Quantity, ...]:
        seen.append(text)
        return inner(text)

    monkeypatch.setattr(numbers, "_people_counts", per_digest(spy))
    text = "Police said two men were killed and three people were injured in the attack on Monday."
    d = digest(make_article(text), _RulesAsModel())
    assert d.incidents
    assert seen and len(seen) == len(set(seen))


def test_remembered_computes_once_per_key_inside_a_scope() -> None:
    calls: list[int] = []

    def compute() -> tuple[int, ...]:
        calls.append(1)
        return (1, 2)

    assert remembered(("k",), compute) == (1, 2)
    assert remembered(("k",), compute) == (1, 2)
    assert len(calls) == 2  # no scope: computed every time
    calls.clear()
    with digest_scope():
        remembered(("k",), compute)
        remembered(("k",), compute)
        remembered(("other",), compute)
    assert len(calls) == 2
