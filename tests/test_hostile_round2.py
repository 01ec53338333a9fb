"""Hostile input, round two (issue 15, items 12, 13, 18): special files, files over the size
cap, odd charset labels, and text on standard input in another charset."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from scenarios import SEED_TEXT
from typer.testing import CliRunner

from summarizer import cli
from summarizer.article import article_from_file, article_from_html, article_from_text
from summarizer.fetch_errors import FetchError, TooLarge, UnsupportedContent

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

#: Generous: each case ends in about a second; before the fix they never ended.
BOUND = 60

STORY = "Gunmen killed 3 people in Quetta on Monday, police said. " * 5
PAGE = (
    "<html><head><title>Story</title></head>"
    f"<body><article><p>{STORY}</p><p>{STORY}</p></article></body></html>"
)

LABELS = ["undefined", "base64", "hex", "bz2", "punycode", "idna", "zlib", "rot13", "unicode_escape", "uu"]


@pytest.mark.parametrize("where", ["header", "meta", "text"])
@pytest.mark.parametrize("label", LABELS)
@pytest.mark.reliability(
    "charset label naming no character set (undefined, base64, hex, bz2, punycode, idna...)",
    outcome="ignored: the text decoded by the other evidence",
)
def test_charset_labels_that_are_not_charsets_are_ignored(label: str, where: str) -> None:
    if where == "header":
        article = article_from_html(PAGE.encode(), "https://x.example/", f"text/html; charset={label}")
    elif where == "meta":
        page = PAGE.replace("<head>", f'<head><meta charset="{label}">')
        article = article_from_html(page.encode(), "https://x.example/", "text/html")
    else:
        article = article_from_text(STORY.encode(), charset=label)
    assert "Gunmen killed 3 people in Quetta" in article.text


def _cli(
    *args: str, stdin: bytes | None = None, shell_pipe: bool = False
) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "summarizer.cli", "--offline", *args]
    return subprocess.run(command, input=stdin, capture_output=True, timeout=BOUND, check=False)


def _one_error(result: subprocess.CompletedProcess[bytes]) -> str:
    err = result.stderr.decode()
    lines = [line for line in err.splitlines() if line.startswith("summarizer: error: ")]
    assert result.returncode == 1 and len(lines) == 1, err
    assert "Traceback" not in err and "MemoryError" not in err
    return lines[0]


@pytest.mark.reliability(
    "special file as the article (/dev/zero, FIFO, /dev/stdout)", outcome="one line, exit 1", bound="< 60 s"
)
@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "/dev/stdout"])
def test_special_files_are_refused_without_reading(tmp_path: Path, special: str) -> None:
    if special == "fifo":
        special = str(tmp_path / "fifo")
        os.mkfifo(special)
    line = _one_error(_cli("--file", special))
    assert "not a regular file" in line


@pytest.mark.reliability("output is a FIFO nobody reads", outcome="one line, exit 1", bound="< 60 s")
def test_an_output_fifo_without_a_reader_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    article = tmp_path / "a.txt"
    article.write_text(SEED_TEXT, encoding="utf-8")
    line = _one_error(_cli("--file", str(article), "-o", str(fifo), "-F", "md"))
    assert "FIFO" in line


@pytest.mark.reliability(
    "local file over the size cap (2 GB, sparse)", outcome="TooLarge before reading", bound="< 60 s"
)
def test_a_huge_local_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as f:
        f.truncate(2_000_000_000)
    with pytest.raises(TooLarge, match=r"over the 5\.0 MB limit"):
        article_from_file(huge)
    with pytest.raises(UnsupportedContent):
        article_from_file("/dev/zero")
    assert issubclass(TooLarge, FetchError)


@pytest.mark.reliability(
    "text on standard input in cp1252 or UTF-16", outcome="charset detected, as for a file"
)
@pytest.mark.parametrize("codec", ["cp1252", "utf-16"])
def test_standard_input_is_charset_detected(codec: str) -> None:
    text = "Caf\u00e9 owner Jos\u00e9 said \u201cthree\u201d people were killed in Quetta \u2014 police."
    result = CliRunner().invoke(cli.app, ["--offline", "-F", "json", "-"], input=text.encode(codec))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["article"]["text"].strip() == text
