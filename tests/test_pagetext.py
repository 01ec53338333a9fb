"""`pagetext._sequence`: trafilatura's main-text sequence, same answers, without its page-text pass
when an upper bound already decides the recall escalation."""

from __future__ import annotations

import hashlib
import inspect
import sys
from copy import copy, deepcopy
from pathlib import Path

import pytest
import trafilatura
from lxml.etree import tostring
from trafilatura.baseline import html2txt
from trafilatura.core import trafilatura_sequence

from summarizer.inputs import pagetext

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from pages import large_page, page, seed_page  # noqa: E402

#: The source of `trafilatura_sequence` that `pagetext._sequence` follows step for step. A
#: trafilatura release that changes it fails here: carry the change over, then update the digest.
PINNED = "f03dc4d2946dacbd0e023ca1c51fdf329e0fdc0be342fd0f14924396ec646e05"

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
    digest = hashlib.sha256(inspect.getsource(trafilatura_sequence).encode()).hexdigest()
    assert digest == PINNED, "trafilatura_sequence changed: update pagetext._sequence to match, then PINNED"


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
