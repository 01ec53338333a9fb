"""Settings from arguments or the environment, in one place.

Environment variables (all optional):

| variable | meaning | default |
|---|---|---|
| `OPENAI_API_KEY` (or the one named by `api_key_env`) | key for the endpoint | none |
| `OPENAI_BASE_URL` | any OpenAI-compatible server (vLLM, Ollama, llama.cpp) | OpenAI |
| `SUMMARIZER_MODEL` | model name | `gpt-4o-mini` |
| `SUMMARIZER_MODE` | `tools`, `json_schema`, `json` (JSON object + schema: llama.cpp), `md_json` | `tools` |
| `SUMMARIZER_BACKEND` | `auto` (model if configured, else rules), `openai`, `rules` or a plugin | `auto` |
| `SUMMARIZER_OFFLINE` | `1` forces the rules backend (an alias of `SUMMARIZER_BACKEND=rules`) | off |
| `SUMMARIZER_TIMEOUT` | seconds per model request: each read, and the whole reply body | 120 |
| `SUMMARIZER_MAX_RETRIES` | retries of transient failures (429, 5xx, connection, timeout) | 4 |
| `SUMMARIZER_RETRY_BUDGET` | no retry starts later than this many seconds after the first request | 120 |
| `SUMMARIZER_RETRY_BACKOFF` | first backoff in seconds when the server gives no Retry-After; doubles | 0.5 |
| `SUMMARIZER_MAX_REASKS` | re-asks after a reply fails validation | 2 |
| `SUMMARIZER_CHUNK_CHARS` | articles longer than this are split on paragraphs | 12000 |
| `SUMMARIZER_MAX_ARTICLE_CHARS` | longer inputs are refused (bounds time, memory and model cost) | 500000 |

With timeout T, one article's transport retries end within `retry_budget + T`
seconds of its first request; a Retry-After that does not fit the budget ends
them at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any

from summarizer.credentials import safe_url

MODES = ("tools", "json_schema", "json", "md_json")
DEFAULT_MODEL = "gpt-4o-mini"


class SettingsError(ValueError):
    """A setting has a value the tool cannot use."""


def _env(name: str) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else None


def _env_number(name: str, kind: type, default: Any) -> Any:
    raw = _env(name)
    if raw is None:
        return default
    try:
        return kind(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a valid {kind.__name__}") from None


@dataclass(frozen=True)
class Settings:
    """Everything that decides how an article is summarised. Immutable; use `with_()`."""

    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    mode: str = "tools"
    #: Which extractor runs: `auto`, a built-in (`openai`, `rules`, `replay`) or a plugin
    #: (see `summarizer.backends`). `offline=True` is kept as an alias of `backend="rules"`.
    backend: str = "auto"
    offline: bool = False
    timeout: float = 120.0
    max_retries: int = 4
    retry_budget: float = 120.0
    retry_backoff: float = 0.5
    max_reasks: int = 2
    chunk_chars: int = 12000
    max_article_chars: int = 500_000
    temperature: float = 0.0
    extra_headers: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise SettingsError(f"mode {self.mode!r} is not one of {', '.join(MODES)}")
        if self.timeout <= 0:
            raise SettingsError("timeout must be positive")
        if self.max_retries < 0 or self.max_reasks < 0:
            raise SettingsError("max_retries and max_reasks must be zero or more")
        if self.chunk_chars < 500:
            raise SettingsError("chunk_chars must be at least 500")
        if self.retry_budget < 0 or self.retry_backoff < 0:
            raise SettingsError("retry_budget and retry_backoff must be zero or more")
        if not self.backend.strip():
            raise SettingsError("backend must be a backend's name, or auto")
        if self.max_article_chars < 1:
            raise SettingsError("max_article_chars must be positive")

    def __repr__(self) -> str:
        """Credentials never show: the base URL loses any user:password, headers are left out."""
        shown = {f.name: getattr(self, f.name) for f in fields(self) if f.repr}
        shown["base_url"] = safe_url(self.base_url)
        return f"Settings({', '.join(f'{k}={v!r}' for k, v in shown.items())})"

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Settings from the environment, with explicit arguments (not None) taking precedence."""
        values: dict[str, Any] = {
            "model": _env("SUMMARIZER_MODEL") or DEFAULT_MODEL,
            "base_url": _env("OPENAI_BASE_URL"),
            "mode": (_env("SUMMARIZER_MODE") or "tools").lower(),
            "backend": (_env("SUMMARIZER_BACKEND") or "auto").lower(),
            "offline": (_env("SUMMARIZER_OFFLINE") or "").lower() in ("1", "true", "yes"),
            "timeout": _env_number("SUMMARIZER_TIMEOUT", float, 120.0),
            "max_retries": _env_number("SUMMARIZER_MAX_RETRIES", int, 4),
            "retry_budget": _env_number("SUMMARIZER_RETRY_BUDGET", float, 120.0),
            "retry_backoff": _env_number("SUMMARIZER_RETRY_BACKOFF", float, 0.5),
            "max_reasks": _env_number("SUMMARIZER_MAX_REASKS", int, 2),
            "chunk_chars": _env_number("SUMMARIZER_CHUNK_CHARS", int, 12000),
            "max_article_chars": _env_number("SUMMARIZER_MAX_ARTICLE_CHARS", int, 500_000),
        }
        known = {f.name for f in fields(cls)}
        for key, value in overrides.items():
            if key not in known:
                raise SettingsError(f"unknown setting {key!r}")
            if value is not None:
                values[key] = value
        return cls(**values)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @property
    def api_key(self) -> str | None:
        """Read at the moment of use, never stored in the settings or printed."""
        return _env(self.api_key_env)

    @property
    def endpoint_configured(self) -> bool:
        """A model can be asked: a key, or a base URL of a local server that needs none."""
        return self.api_key is not None or self.base_url is not None

    @property
    def use_model(self) -> bool:
        """The OpenAI-compatible backend will run (asked for, or chosen by `auto`)."""
        if self.offline:
            return False
        return self.backend == "openai" or (self.backend == "auto" and self.endpoint_configured)
