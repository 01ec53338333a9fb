"""`benchmarks/instructions.py`: a cachegrind file read by function, and split by the C code
that ran. (The benchmark itself runs valgrind for minutes and is not run here.)"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from scenarios import benchmark_script

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "instructions.py"


CACHEGRIND = """\
desc: I1 cache: none
cmd: python x.py 12
events: Ir
fl=./Modules/_sre/sre_lib.h
fn=sre_ucs1_match
10 300
11 200
fl=Python/ceval.c
fn=_PyEval_EvalFrameDefault
5 100
fn=_PyEval_Vector
6 50
fl=???
fn=???
0 25
summary: 675
"""


def test_counts_are_summed_per_function(tmp_path: Path) -> None:
    path = tmp_path / "cg.out"
    path.write_text(CACHEGRIND)
    counts = benchmark_script("instructions").read_counts(path)
    assert counts == {
        "./Modules/_sre/sre_lib.h:sre_ucs1_match": 500,
        "Python/ceval.c:_PyEval_EvalFrameDefault": 100,
        "Python/ceval.c:_PyEval_Vector": 50,
        "???:???": 25,
    }


def test_split_names_the_regex_engine_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "cg.out"
    path.write_text(CACHEGRIND)
    bench = benchmark_script("instructions")
    parts = dict(bench.split(bench.read_counts(path)))
    assert parts["regular-expression engine (_sre)"] == 500
    assert parts["bytecode interpreter and calls"] == 150
    assert parts["other"] == 25
    assert sum(parts.values()) == 675  # nothing counted twice, nothing dropped


@pytest.mark.skipif(shutil.which("valgrind") is not None, reason="valgrind is installed here")
def test_without_valgrind_one_line_and_a_nonzero_exit() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2
    assert done.stderr.strip() == "instructions: valgrind is not installed (Debian: apt-get install valgrind)"


def test_an_unknown_workload_is_refused() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--only", "rulez"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 2
    assert "unknown workload 'rulez'" in done.stderr


def test_a_missing_scaling_corpus_is_refused_before_anything_runs(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--scaling", str(tmp_path / "nothing.jsonl")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .endswith(f"--scaling: no such corpus: {tmp_path / 'nothing.jsonl'}")
    )


def test_the_scaling_workload_digests_the_corpus_windows(tmp_path: Path) -> None:
    """What each traced process runs (here untraced): the warm-up, then the windows of a size."""
    corpus = tmp_path / "articles"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"{i}.txt").write_text(f"Gunmen killed {i + 2} people in Quetta on Monday, police said.\n")
    for size in ("0", "60"):
        done = subprocess.run(
            [sys.executable, str(SCRIPT), "--child", "scaling", size, str(corpus), "120"],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert done.returncode == 0, done.stderr
