"""Count the reliability cases in the test suite, for the tables in docs/reliability.md.

    python tests/reliability_tally.py            # print the tables
    python tests/reliability_tally.py --write    # rewrite them in docs/reliability.md
    python tests/reliability_tally.py --check    # exit 1 when the doc's tables are stale

Every test that proves a reliability claim carries `@pytest.mark.reliability(klass,
outcome=..., attempts=..., bound=...)` (fault cases get it from their `FaultCase`).
This script collects the suite (it runs nothing), groups the marked test cases by
class and outcome, and counts them; a hypothesis property counts as one case and its
`max_examples` generated inputs are shown beside it. So the doc's numbers are the
suite's, and change when a case is added.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "reliability.md"
BEGIN, END = "<!-- tally:begin -->", "<!-- tally:end -->"

#: Test file -> section of the doc, in the doc's order.
SECTIONS = {
    "test_faults.py": "Faults from the model endpoint",
    "test_concurrent_faults.py": "Faults from the model endpoint",
    "test_bounds.py": "Faults from the model endpoint",
    "test_messages.py": "Faults from the model endpoint",
    "test_hostile_input.py": "Hostile input",
    "test_integrity.py": "Hostile input",
    "test_hostile_round2.py": "Hostile input",
    "test_api_misuse.py": "Hostile input",
    "test_injection.py": "Prompt injection",
    "test_secrets.py": "Secrets",
    "test_secrets_round2.py": "Secrets",
    "test_netguard.py": "URL abuse",
    "test_batch.py": "Nothing lost",
    "test_batch_round2.py": "Nothing lost",
}


@dataclass
class Row:
    klass: str
    outcome: str
    cases: int = 0
    examples: int = 0
    via_async: int = 0
    attempts: list[str] = field(default_factory=list)
    bounds: list[str] = field(default_factory=list)

    def add(self, attempts: str, bound: str, examples: int, via_async: bool) -> None:
        self.cases += 1
        self.examples += examples
        self.via_async += via_async
        for value, seen in ((attempts, self.attempts), (bound, self.bounds)):
            if value and value not in seen:
                seen.append(value)

    def cells(self) -> list[str]:
        tried = str(self.cases)
        if self.examples:
            tried += f" ({self.examples} generated inputs)"
        if self.via_async:
            tried += f" ({self.via_async} async)"
        return [
            self.klass,
            tried,
            self.outcome,
            ", ".join(self.attempts) or "–",
            "; ".join(self.bounds) or "–",
        ]


class _Collector:
    """A pytest plugin that keeps the marked items of a collect-only session."""

    def __init__(self) -> None:
        self.items: list[Any] = []

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.items = list(session.items)


def collect() -> dict[str, dict[tuple[str, str], Row]]:
    """Rows per section, from the marks on the collected test cases."""
    collector = _Collector()
    files = [str(ROOT / "tests" / name) for name in dict.fromkeys(SECTIONS)]
    code = pytest.main(
        ["--collect-only", "-p", "no:cacheprovider", "-p", "no:terminal", *files], plugins=[collector]
    )
    if code not in (0, 5):
        raise SystemExit(f"collection failed (pytest exit code {code})")
    sections: dict[str, dict[tuple[str, str], Row]] = {title: {} for title in SECTIONS.values()}
    for item in collector.items:
        mark = item.get_closest_marker("reliability")
        if mark is None:
            continue
        klass = mark.args[0]
        outcome = mark.kwargs.get("outcome", "")
        settings = getattr(item.obj, "_hypothesis_internal_use_settings", None)
        examples = settings.max_examples if getattr(item.obj, "is_hypothesis_test", False) and settings else 0
        rows = sections[SECTIONS[Path(item.path).name]]
        row = rows.setdefault((klass, outcome), Row(klass, outcome))
        params = getattr(getattr(item, "callspec", None), "params", {})
        row.add(
            mark.kwargs.get("attempts", ""),
            mark.kwargs.get("bound", ""),
            examples,
            params.get("path") == "async",
        )
    return sections


def render(sections: dict[str, dict[tuple[str, str], Row]]) -> str:
    out = []
    total_cases = total_examples = 0
    for title, rows in sections.items():
        out += [
            f"### {title}",
            "",
            "| fault or input class | cases tried | outcome | attempts | time bound |",
        ]
        out.append("|---|---|---|---|---|")
        for row in rows.values():
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in row.cells()) + " |")
            total_cases += row.cases
            total_examples += row.examples
        out.append("")
    out.append(
        f"**{total_cases} cases** in all; the property tests among them run up to {total_examples} "
        "generated inputs (hypothesis `max_examples`). Counted from the suite by "
        "`python tests/reliability_tally.py --write`."
    )
    return "\n".join(out)


def splice(doc: str, tables: str) -> str:
    head, _, rest = doc.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{tables}\n{END}{tail}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--write", action="store_true", help="rewrite the tables in docs/reliability.md")
    parser.add_argument("--check", action="store_true", help="fail when docs/reliability.md is stale")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    tables = render(collect())
    doc = DOC.read_text("utf-8")
    if BEGIN not in doc or END not in doc:
        raise SystemExit(f"{DOC} lacks the {BEGIN} / {END} markers")
    if args.check:
        if splice(doc, tables) != doc:
            raise SystemExit("docs/reliability.md is stale: run python tests/reliability_tally.py --write")
        print("docs/reliability.md is current")
    elif args.write:
        DOC.write_text(splice(doc, tables), "utf-8")
        print(f"wrote {DOC.relative_to(ROOT)}")
    else:
        print(tables)


if __name__ == "__main__":
    main()
