"""The backend seam: registry, entry-point plugins, fingerprints, provenance, checks run once."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from backend_doubles import ScriptedBackend, install_toy_plugin
from scenarios import SCENARIOS, SEED_TEXT, seed_answer
from typer.testing import CliRunner

from summarizer import Summarizer, checks, cli, datafiles
from summarizer.backends import (
    AUTO_RULES_NOTICE,
    Backend,
    UnknownBackend,
    available,
    choose_backend,
    fingerprint_hash,
    get_backend,
)
from summarizer.backends.model import OpenAIBackend
from summarizer.backends.rules import RulesBackend
from summarizer.cache import cache_key, key_parts
from summarizer.pipeline import digest, make_article
from summarizer.schemas import ArticleDigest, Extraction
from summarizer.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "articles" / "balochistan-ians.txt"
FIRST_SENTENCE = "Two people were killed in a blast in Quetta on Monday, police said."
TOY_TEXT = f"{FIRST_SENTENCE} The market was closed for the day.\n"


@pytest.fixture
def toy_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A third-party backend installed the way pip would: a module and a dist-info with an
    entry point in `summarizer.backends`, found through sys.path by importlib.metadata."""
    root = install_toy_plugin(tmp_path / "site")
    sys.modules.pop("toy_backend", None)  # each test imports its own copy
    monkeypatch.syspath_prepend(str(root))
    yield root
    sys.modules.pop("toy_backend", None)


# --- registry -------------------------------------------------------------------------------------


def test_builtins_are_available_and_offline_is_an_alias_of_rules() -> None:
    assert {"openai", "rules", "replay"} <= set(available())
    assert get_backend("offline").name == "rules"
    assert get_backend("RULES").name == "rules"
    assert choose_backend(Settings(offline=True)).backend.name == "rules"


def test_auto_says_why_it_chose() -> None:
    fallback = choose_backend(Settings())
    assert fallback.backend.name == "rules" and fallback.fallback
    assert fallback.reason == AUTO_RULES_NOTICE and "no model endpoint configured" in fallback.reason
    model = choose_backend(Settings(base_url="http://127.0.0.1:8000/v1"))
    assert model.backend.name == "openai" and not model.fallback
    assert model.reason is not None and "endpoint is configured" in model.reason
    # Asked for by name: no reason to give.
    assert choose_backend(Settings(backend="rules", base_url="http://127.0.0.1:8000/v1")).reason is None


def test_an_unknown_backend_names_the_ones_there_are() -> None:
    with pytest.raises(UnknownBackend, match=r"unknown backend 'nope'.*rules"):
        get_backend("nope")


def test_a_broken_plugin_is_named_in_one_line(toy_plugin: Path) -> None:
    (toy_plugin / "toy_backend.py").write_text("raise RuntimeError('half installed')\n", encoding="utf-8")
    with pytest.raises(UnknownBackend, match=r"backend 'toy' \(toy_backend:ToyBackend\) could not be loaded"):
        get_backend("toy")


async def test_the_sync_facade_works_inside_a_running_event_loop() -> None:
    made = Summarizer(backend="rules").summarize_text(TOY_TEXT)
    assert made.provenance.backend == "rules" and made.incidents


def test_builtins_satisfy_the_protocol() -> None:
    scripted = ScriptedBackend(Extraction(incidents=[], summary=""))
    for backend in (RulesBackend(), OpenAIBackend(Settings()), scripted):
        assert isinstance(backend, Backend)


# --- fingerprints, cache key, provenance ----------------------------------------------------------


def test_fingerprint_never_contains_the_api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    key = "sk-test-0123456789abcdefSECRET"
    monkeypatch.setenv("OPENAI_API_KEY", key)
    settings = Settings(base_url="https://user:hunter2pass@llm.example.com:8443/v1")
    backend = get_backend("openai", settings)
    parts = backend.fingerprint(None)
    blob = json.dumps(parts)
    assert key not in blob and "hunter2pass" not in blob and "user" not in blob
    assert parts["host"] == "llm.example.com" and parts["model"] == settings.model
    article = make_article(SEED_TEXT)
    assert key not in json.dumps(key_parts(article, backend)) and "hunter2pass" not in json.dumps(
        key_parts(article, backend)
    )


def test_editing_a_rule_data_file_changes_the_cache_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rules_fingerprint_reset: Callable[[], None]
) -> None:
    """The next process, which reads the edited file, keys its digests apart; the running one,
    which keeps the rules it read (`datafiles.rows` is cached), keeps its key."""
    data = tmp_path / "data"
    shutil.copytree(datafiles.data_dir(), data)
    monkeypatch.setattr(datafiles, "data_dir", lambda: data)
    rules_fingerprint_reset()  # a process started on this data folder
    article, rules = make_article(SEED_TEXT), RulesBackend()
    before = cache_key(article, rules)
    assert cache_key(article, Settings(offline=True)) == before  # settings resolve to the same backend
    lexicon = data / "loaded_terms.txt"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\nslaughtered\n", encoding="utf-8")
    assert cache_key(article, rules) == before  # this process still extracts with what it read
    rules_fingerprint_reset()  # the next process
    assert cache_key(article, rules) != before


def test_provenance_names_the_backend_and_its_fingerprint() -> None:
    article = make_article(SEED_TEXT)
    rules = RulesBackend()
    made = digest(article, rules)
    assert made.provenance.backend == "rules"
    assert made.provenance.fingerprint == fingerprint_hash(rules.fingerprint())
    scripted = ScriptedBackend(seed_answer(), version="7")
    other = digest(article, scripted)
    assert other.provenance.backend == "scripted"
    assert other.provenance.fingerprint == fingerprint_hash({"script": "7"})


# --- the pipeline over a scripted backend ---------------------------------------------------------


def test_scripted_backend_goes_through_every_check() -> None:
    answer = seed_answer()
    answer["incidents"][0]["evidence"][0]["quote"] = "A quote the article never had, with 99 killed."
    answer["summary"] = "Terrorists massacred 500 people."
    backend = ScriptedBackend(answer)
    made = digest(make_article(SEED_TEXT), backend)
    assert len(backend.calls) == 1 and backend.calls[0].text == SEED_TEXT
    codes = {w.code for w in made.provenance.warnings}
    assert "summary_rejected" in codes  # loaded words and an unsupported number
    assert made.summary.method == "template"
    text = made.article.text
    for inc in made.incidents:
        for ev in inc.evidence:
            assert ev.start is not None and text[ev.start : ev.end] == ev.quote


@pytest.mark.vcr("seed_correct.yaml")
def test_a_model_reply_is_grounded_and_worded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The validator's report travels with the reply: nothing is checked a second time."""
    grounded: list[str] = []
    worded: list[str] = []
    real_ground, real_check = checks.ground_extraction, checks.check_text

    def ground(extraction: Extraction, text: str) -> object:
        grounded.append(text)
        return real_ground(extraction, text)

    def check(text: str, article: str, figures: object) -> list[str]:
        worded.append(text)
        return real_check(text, article, figures)  # type: ignore[arg-type]

    monkeypatch.setattr(checks, "ground_extraction", ground)
    monkeypatch.setattr(checks, "check_text", check)
    scenario = SCENARIOS["seed_correct"]
    made = Summarizer(scenario.make_settings()).summarize_text(scenario.article)
    assert made.provenance.backend == "openai" and made.provenance.attempts == 1
    assert len(grounded) == 1  # one reply, grounded once
    assert len(worded) == len(set(worded))  # each summary or description worded once


# --- a plugin by entry point, through the API, the CLI and batch ----------------------------------


def _is_toy(made: ArticleDigest) -> None:
    assert made.provenance.backend == "toy"
    assert made.provenance.fingerprint == fingerprint_hash({"toy": "1"})
    assert made.summary.text == FIRST_SENTENCE and made.summary.method == "toy"
    assert made.summary.checks_passed


def test_toy_plugin_is_found_by_entry_point(toy_plugin: Path) -> None:
    assert "toy" in available()
    _is_toy(Summarizer(backend="toy").summarize_text(TOY_TEXT))
    _is_toy(Summarizer(Settings(backend="toy")).summarize_text(TOY_TEXT))


def test_toy_plugin_through_the_cli(toy_plugin: Path, tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text(TOY_TEXT, encoding="utf-8")
    result = CliRunner().invoke(
        cli.app, ["--backend", "toy", "--file", str(article), "--format", "json"], prog_name="summarizer"
    )
    assert result.exit_code == 0, result.output
    _is_toy(ArticleDigest.model_validate_json(result.stdout))
    unknown = CliRunner().invoke(cli.app, ["--backend", "nope", "--file", str(article)])
    assert unknown.exit_code == 2 and "unknown backend 'nope'" in unknown.output


def test_toy_plugin_through_batch(toy_plugin: Path, tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text(TOY_TEXT, encoding="utf-8")
    inputs = tmp_path / "inputs.txt"
    inputs.write_text(f"{article}\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = ["batch", str(inputs), "-o", str(out), "--backend", "toy", "--no-cache", "-q"]
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    (line,) = out.read_text(encoding="utf-8").splitlines()
    _is_toy(ArticleDigest.model_validate(json.loads(line)["digest"]))


# --- layering -------------------------------------------------------------------------------------

#: Modules above the backends: a backend (or a service below it) importing one would make data
#: climb back up.
_ABOVE_BACKENDS = ("summarizer.pipeline", "summarizer.api", "summarizer.cache", "summarizer.batch")


def _imports(path: Path) -> set[str]:
    import ast

    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


@pytest.mark.parametrize(
    "module",
    [
        *sorted((ROOT / "summarizer" / "backends").glob("*.py")),
        *sorted((ROOT / "summarizer" / "rules").glob("*.py")),
        *(ROOT / "summarizer" / f"{m}.py" for m in ("document", "checks", "geo", "summary", "validation")),
    ],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_no_backend_imports_the_pipeline(module: Path) -> None:
    bad = {m for m in _imports(module) if m.startswith(_ABOVE_BACKENDS) or m.startswith("summarizer.cli")}
    assert not bad, f"{module.name} imports {sorted(bad)}"
