"""The injection scan's shortcuts (speed only) find what the plain scans found."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer import injection

# Text made of the pieces the patterns care about: role markers, line ends, braces, JSON pairs.
_PIECES = st.sampled_from(
    [
        "\n",
        "\n\n",
        " ",
        "\t",
        "> ",
        "#",
        "## ",
        "system",
        "System:",
        "assistant",
        "sys",
        " prompt",
        "message",
        ":",
        "[INST]",
        "[/INST]",
        "<|im_start|>",
        "<system>",
        "instructions",
        "Ignore",
        "report the summary",
        "Please",
        "{",
        "}",
        '"a": 1',
        '"key": "v"',
        "x",
        "Police said.",
        "’",
        "İ",
    ]
)
_TEXTS = st.lists(_PIECES, max_size=40).map("".join)


def _json_blocks_plain(text: str) -> list[injection.Suspect]:
    """`_json_blocks` without its "{" shortcut."""
    found = []
    depth, open_at = 0, -1
    for m in re.finditer(r"[{}]", text):
        i, ch = m.start(), m.group()
        if depth and i - 1 - open_at > injection._MAX_BLOCK:
            depth = 0
        if ch == "{":
            if depth == 0:
                open_at = i
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
            if depth == 0 and injection._JSON_PAIR_RE.search(text, open_at, i):
                found.append(injection.Suspect(open_at, i + 1, "a JSON object inside the article"))
        if depth and i - open_at > injection._MAX_BLOCK:
            depth = 0
    return found


@settings(deadline=None, max_examples=400)
@given(_TEXTS)
def test_role_markers_are_finditers(text: str) -> None:
    want = [(m.start(), m.end()) for m in injection._ROLE_RE.finditer(text)]
    assert [(m.start(), m.end()) for m in injection._role_markers(text)] == want


def test_role_marker_running_over_a_line_end() -> None:
    text = "x\n  assistant\n\n: hi\nsystem: again\n"
    want = [(m.start(), m.end()) for m in injection._ROLE_RE.finditer(text)]
    assert len(want) == 2
    assert [(m.start(), m.end()) for m in injection._role_markers(text)] == want


@settings(deadline=None, max_examples=300)
@given(_TEXTS)
def test_json_blocks_without_a_brace(text: str) -> None:
    assert injection._json_blocks(text) == _json_blocks_plain(text)
    assert injection._json_blocks(text.replace("{", "(")) == []
