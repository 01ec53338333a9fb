"""Layering, read from the source (AST): lower layers never import higher ones.

The input layer (summarizer/inputs) may use only itself, the schemas and the
dateline parser; never the pipeline, a backend, the model client, the API or
the CLI. Imports inside functions count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "summarizer"
#: What the input layer may import from this project.
# Leaf utilities (no summarizer imports of their own) are shared with the layers above.
INPUTS_MAY_USE = (
    "summarizer.inputs",
    "summarizer.schemas",
    "summarizer.dateline",
    "summarizer.aio",
    "summarizer.deadline",
)


def imported_modules(path: Path) -> set[str]:
    """Every module an `import` or `from ... import` in the file names, at any depth."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.level:
                raise AssertionError(f"{path}: relative import; use absolute imports")
            found.add(node.module)
            if node.module == "summarizer":  # `from summarizer import x` may name a submodule
                found.update(f"summarizer.{a.name}" for a in node.names if a.name != "__version__")
    return found


def _allowed(module: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in INPUTS_MAY_USE)


@pytest.mark.parametrize("path", sorted((PACKAGE / "inputs").glob("*.py")), ids=lambda p: p.name)
def test_the_input_layer_imports_nothing_above_it(path: Path) -> None:
    ours = {m for m in imported_modules(path) if m == "summarizer" or m.startswith("summarizer.")}
    above = sorted(m for m in ours if m != "summarizer" and not _allowed(m))
    assert not above, f"{path.name} imports {above}: the input layer must not depend on higher layers"


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from summarizer.pipeline import build_digest\n    import summarizer.llm\n")
    assert {"summarizer.pipeline", "summarizer.llm"} <= imported_modules(bad)
    assert not _allowed("summarizer.pipeline") and _allowed("summarizer.inputs.fetch")
