"""`benchmarks/identity.py`: the readings of a set of texts written, then compared; a text
whose reading changed is named and fails the check."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from scenarios import benchmark_script

from summarizer.pipeline import make_article
from summarizer.schemas import ArticleMeta

ROOT = Path(__file__).resolve().parent.parent
SEED = "balochistan-ians.txt"


def _two_articles(shared: Path | None, gva_step: int) -> Iterator[tuple[str, ArticleMeta]]:
    others = sorted(p.name for p in (ROOT / "fixtures" / "articles").glob("*.txt") if p.name != SEED)
    for name in (SEED, others[0]):
        yield (
            name,
            make_article(
                (ROOT / "fixtures" / "articles" / name).read_text(encoding="utf-8", errors="replace")
            ),
        )


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    module = benchmark_script("identity")
    monkeypatch.setattr(module, "texts", _two_articles)
    return module


def test_same_code_reads_the_same(
    bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "before.json"
    assert bench.main(["--write", str(out), "--shared", str(tmp_path)]) == 0
    readings = json.loads(out.read_text(encoding="utf-8"))
    assert len(readings) == 2
    reading = json.loads(readings[SEED])
    assert reading["digest"]["incidents"] and reading["crosscheck"]
    assert "latency_s" not in reading["digest"]["provenance"]  # timing differs run to run
    capsys.readouterr()
    assert bench.main(["--check", str(out), "--shared", str(tmp_path)]) == 0
    assert "2 texts, 0 differ" in capsys.readouterr().out


def test_an_edit_of_the_rules_source_alone_is_no_difference(
    bench: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A speed change edits the rules' source, and so their fingerprint (a cache key): the
    reading is what the check compares, not the hash of the code that read it."""
    from summarizer.backends import rules as rules_backend

    out = tmp_path / "before.json"
    bench.main(["--write", str(out), "--shared", str(tmp_path)])
    edited = {**rules_backend._fingerprint(), "code": "0" * 64}
    monkeypatch.setattr(rules_backend, "_fingerprint", lambda: edited)
    capsys.readouterr()
    assert bench.main(["--check", str(out), "--shared", str(tmp_path)]) == 0
    assert "2 texts, 0 differ" in capsys.readouterr().out


def test_a_changed_reading_is_named(
    bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "before.json"
    bench.main(["--write", str(out), "--shared", str(tmp_path)])
    readings = json.loads(out.read_text(encoding="utf-8"))
    reading = json.loads(readings[SEED])
    reading["crosscheck"][0]["low"] = 999  # as if the figure reader had read another number
    readings[SEED] = json.dumps(reading, indent=1, sort_keys=True, ensure_ascii=False)
    out.write_text(json.dumps(readings), encoding="utf-8")
    capsys.readouterr()
    assert bench.main(["--check", str(out), "--shared", str(tmp_path)]) == 1
    printed = capsys.readouterr().out
    assert f"{SEED}: differs" in printed and "999" in printed
    assert "2 texts, 1 differ" in printed


def test_bad_paths_are_one_line_errors(
    bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench.main(["--write", str(tmp_path / "x.json"), "--shared", str(tmp_path / "nowhere")]) == 2
    assert "is not a directory" in capsys.readouterr().err
    assert bench.main(["--check", str(tmp_path / "missing.json"), "--shared", str(tmp_path)]) == 2
    assert "cannot read" in capsys.readouterr().err
