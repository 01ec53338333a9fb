"""`pagetext._sequence`: trafilatura's main-text sequence, same answers, without its page-text pass
(recall escalation) or its readability run when an upper bound already decides them."""

from __future__ import annotations

import hashlib
import inspect
import sys
from copy import copy, deepcopy
from pathlib import Path

import pytest
import trafilatura
import trafilatura.core as core
import trafilatura.external as external
import trafilatura.readability_lxml as readability
from lxml.etree import tostring
from trafilatura.baseline import html2txt
from trafilatura.core import trafilatura_sequence
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.utils import trim
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

from summarizer.inputs import pagetext

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from pages import large_page, page, seed_page  # noqa: E402

#: The trafilatura sources `pagetext._sequence` and `pagetext._extract_and_compare` follow step for
#: step (the sequence, `_extract_and_compare`, `compare_extraction`, `_prefer_readability`,
#: `try_readability` and its readability fork). A trafilatura release that changes them fails here:
#: carry the change over (and recheck the bounds' reasoning), then update the digest.
PINNED = "920da60b46a0df4553780ee1c26b066b727d4c1334f0942e3cd3119d6250aecb"

PARA = "Three people were killed when gunmen opened fire on a bus in the district, police said."


def _pages() -> dict[str, str]:
    found = {p.name: p.read_text(encoding="utf-8", errors="replace") for p in ROOT.glob("fixtures/**/*.html")}
    found["seed"] = seed_page()
    found["large"] = large_page()
    found["short story, big page"] = page(
        [PARA, PARA + " Again."], nav=300, related=40, comments=5, script_kb=1
    )
    found["menus only"] = (
        "<html><body><nav>" + "<a href='/x'>Section</a>" * 200 + "</nav><p>Hi.</p></body></html>"
    )
    found["no body"] = f"<html><div><p>{PARA}</p><p>{PARA}</p></div></html>"
    return found


def test_trafilatura_sequence_is_the_one_followed() -> None:
    """Under the release `_sequence` follows, its sources are the ones it was written from;
    under another, the fast path is off (trafilatura's own sequence runs)."""
    if trafilatura.__version__ != pagetext.FOLLOWED_RELEASE:
        assert not pagetext.FOLLOWS_TRAFILATURA
        return
    assert pagetext.FOLLOWS_TRAFILATURA
    functions = (
        core.trafilatura_sequence,
        core._extract_and_compare,
        external.compare_extraction,
        external._prefer_readability,
        external.try_readability,
    )
    source = "".join(inspect.getsource(f) for f in functions) + inspect.getsource(readability)
    digest = hashlib.sha256(source.encode()).hexdigest()
    assert digest == PINNED, "trafilatura's sequence changed: update pagetext to match, then PINNED"


def test_another_trafilatura_release_runs_its_own_sequence(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def theirs(*args: object) -> object:
        calls.append(args)
        return trafilatura_sequence(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pagetext, "FOLLOWS_TRAFILATURA", False)
    monkeypatch.setattr(pagetext, "trafilatura_sequence", theirs)
    tree = trafilatura.load_html(seed_page())
    pagetext._sequence(tree, pagetext._options(), None)
    assert len(calls) == 1


@pytest.mark.parametrize("name", sorted(_pages()))
def test_same_main_text_as_trafilatura(name: str) -> None:
    tree = trafilatura.load_html(_pages()[name])
    if tree is None:
        pytest.skip("not parsed")
    options = pagetext._options()
    ours = pagetext._sequence(deepcopy(tree), copy(options), None)
    theirs = trafilatura_sequence(deepcopy(tree), copy(options), None)
    assert ours[1] == theirs[1] and ours[3] == theirs[3]
    assert tostring(ours[0]) == tostring(theirs[0])


@pytest.mark.parametrize("name", sorted(_pages()))
def test_the_bound_is_never_below_the_page_text(name: str) -> None:
    tree = trafilatura.load_html(_pages()[name])
    if tree is None:
        pytest.skip("not parsed")
    body = tree.find(".//body")
    assert pagetext._TEXT_BOUND(tree if body is None else body) >= len(html2txt(tree))


@pytest.mark.parametrize("name", sorted(_pages()))
def test_the_readability_bound_is_never_below_its_answer(name: str) -> None:
    tree = trafilatura.load_html(_pages()[name])
    if tree is None:
        pytest.skip("not parsed")
    tree = prune_unwanted_nodes(
        prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH), REMOVE_COMMENTS_AND_LISTS_XPATH
    )
    if pagetext._has_raw_text(tree):
        return  # no bound is used on such a page
    bound = pagetext._LENGTH(tree) + len(tree.tail or "") - pagetext._dropped_length(tree)
    answer = trim(
        tostring(external.try_readability(copy(tree)), method="text", encoding="utf-8").decode("utf-8")
    )
    assert bound >= len(answer)
