"""The backend seam: every extractor behind one interface, found by name.

A backend turns a `Document` into a `Draft` (incidents and a summary before the
pipeline's checks). The pipeline (`summarizer.pipeline`) owns every check, so a
digest means the same thing whichever backend drafted it.

Built-ins: `openai` (any OpenAI-compatible server), `rules` (the model-free
extractor; `offline` is an alias) and `replay` (digests recorded in an earlier
eval report). A third party adds one in its own package with an entry point in
the group `summarizer.backends` whose object is called as `factory(settings,
**options)` and returns a `Backend`, the way simonw/llm loads model plugins::

    [project.entry-points."summarizer.backends"]
    mine = "my_package.backend:MyBackend"

`auto` keeps the historical behaviour: the model when an endpoint is
configured, else the rules backend, and `choose_backend` says why.

This package sits below the pipeline: it never imports `summarizer.pipeline`.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from summarizer.schemas import ArticleDigest, DigestWarning, Extraction
from summarizer.settings import Settings, SettingsError

if TYPE_CHECKING:
    from summarizer.checks import CheckReport
    from summarizer.document import Document

GROUP = "summarizer.backends"

#: Built-in backends, imported only when chosen (the model stack costs seconds to import).
BUILTINS: dict[str, str] = {
    "openai": "summarizer.backends.model:OpenAIBackend",
    "rules": "summarizer.backends.rules:RulesBackend",
    "replay": "summarizer.backends.replay:ReplayBackend",
}
ALIASES = {"offline": "rules"}

#: Said on stderr (once per Summarizer) and in each digest's warnings when `auto` falls back.
AUTO_RULES_NOTICE = (
    "no model endpoint configured (set OPENAI_API_KEY, or OPENAI_BASE_URL for a local "
    "server); using the rules backend"
)


@dataclass
class Draft:
    """A backend's extraction before the pipeline's checks, with what the backend knows of
    how it was made. `provenance` holds `Provenance` fields (model, tokens, attempts...)."""

    extraction: Extraction
    #: How the summary was written: "model", "template", or a plugin's own word.
    summary_method: str = "template"
    provenance: dict[str, Any] = field(default_factory=dict)
    warnings: list[DigestWarning] = field(default_factory=list)
    #: Checks already computed for this very extraction against the document's text (a model
    #: reply's validator computes them to re-ask); the pipeline reuses them, never redoes them.
    checks: CheckReport | None = None
    #: Compare the figures with the rules backend's own reading of the text (pointless for
    #: the rules backend itself).
    cross_check: bool = True
    #: A digest that was already checked when it was recorded (replay): returned as it is.
    recorded: ArticleDigest | None = None


@runtime_checkable
class Backend(Protocol):
    """One extractor. `fingerprint` lists everything that changes its output (never a
    credential): it is part of the cache key and of each digest's provenance."""

    name: str

    def fingerprint(self, document: Document | None = None) -> dict[str, Any]: ...

    async def extract(self, document: Document) -> Draft: ...


def fingerprint_hash(parts: dict[str, Any]) -> str:
    """A short stable hash of a fingerprint, as provenance shows it."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


class UnknownBackend(SettingsError):
    """No built-in or installed plugin has this name."""


def _plugins() -> dict[str, EntryPoint]:
    return {ep.name.lower(): ep for ep in entry_points(group=GROUP)}


def available() -> list[str]:
    """Names `get_backend` accepts (besides `auto` and the alias `offline`), plugins included.
    A plugin that takes a built-in's name is ignored: the built-in wins."""
    return sorted({*BUILTINS, *_plugins()})


def _factory(name: str) -> Callable[..., Backend]:
    if name in BUILTINS:
        module, _, attr = BUILTINS[name].partition(":")
        return getattr(importlib.import_module(module), attr)
    plugin = _plugins().get(name)
    if plugin is None:
        raise UnknownBackend(
            f"unknown backend {name!r}; available: auto, {', '.join(available())} "
            f"(plugins register in the entry-point group {GROUP!r})"
        )
    try:
        return plugin.load()
    except Exception as exc:  # a broken plugin is named, not a traceback from deep inside it
        raise UnknownBackend(
            f"backend {name!r} ({plugin.value}) could not be loaded: {type(exc).__name__}: {exc}"
        ) from exc


@dataclass(frozen=True)
class Choice:
    """The backend that will run and, when `auto` chose it, why (None when asked for by name)."""

    backend: Backend
    reason: str | None = None
    #: `auto` fell back to the rules backend because no model endpoint is configured.
    fallback: bool = False


def requested(settings: Settings) -> str:
    """The backend `settings` ask for, `auto` not yet resolved (`offline=True` means `rules`)."""
    name = "rules" if settings.offline else (settings.backend or "auto").strip().lower()
    return ALIASES.get(name, name)


def choose_backend(settings: Settings | None = None, name: str | None = None, **options: Any) -> Choice:
    """Resolve `name` (else `settings.backend`): `auto`, a built-in, `offline` or a plugin."""
    settings = settings or Settings.from_env()
    wanted = (name or requested(settings)).strip().lower()
    wanted = ALIASES.get(wanted, wanted)
    if wanted == "auto":
        if settings.endpoint_configured and not settings.offline:
            why = "a model endpoint is configured; using the openai backend"
            return Choice(_factory("openai")(settings, **options), why)
        return Choice(_factory("rules")(settings, **options), AUTO_RULES_NOTICE, fallback=True)
    return Choice(_factory(wanted)(settings, **options))


def get_backend(name: str, settings: Settings | None = None, **options: Any) -> Backend:
    """The backend called `name`, made for `settings`; raises `UnknownBackend`."""
    return choose_backend(settings, name, **options).backend


__all__ = [
    "ALIASES",
    "AUTO_RULES_NOTICE",
    "BUILTINS",
    "GROUP",
    "Backend",
    "Choice",
    "Draft",
    "UnknownBackend",
    "available",
    "choose_backend",
    "fingerprint_hash",
    "get_backend",
    "requested",
]
