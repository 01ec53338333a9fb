"""Settings, declared once: the fields below are the environment variables, the CLI help and
README's configuration table (`python -m summarizer.settings_doc --write README.md`).

`Settings(...)` takes only what it is given (code and tests stay independent of
the environment); `Settings.from_env(...)` reads the environment through
pydantic-settings, with explicit arguments (not None) taking precedence.

With timeout T, one article's transport retries end within `retry_budget + T`
seconds of its first request; a Retry-After that does not fit the budget ends
them at once.
"""

from __future__ import annotations

import os
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from summarizer.credentials import safe_url

MODES = ("tools", "json_schema", "json", "md_json")
DEFAULT_MODEL = "gpt-4o-mini"
ENV_PREFIX = "SUMMARIZER_"


class SettingsError(ValueError):
    """A setting has a value the tool cannot use."""


class Settings(BaseModel):
    """Everything that decides how an article is summarised. Immutable; use `with_()`."""

    model_config = ConfigDict(frozen=True, validate_by_name=True, validate_by_alias=True, extra="forbid")

    backend: str = Field(
        "auto",
        description="extractor: `auto` (a model when one is configured, else rules), `openai`, `rules` "
        "(alias `offline`) or an installed plugin",
    )
    model: str = Field(DEFAULT_MODEL, description="model name")
    base_url: str | None = Field(
        None,
        validation_alias="OPENAI_BASE_URL",
        description="any OpenAI-compatible server (vLLM, Ollama, llama.cpp); default OpenAI",
    )
    api_key_env: str = Field("OPENAI_API_KEY", description="environment variable holding the API key")
    mode: str = Field(
        "tools",
        description="structured output: `tools`, `json_schema`, `json` (JSON object + schema: llama.cpp), "
        "`md_json`",
    )
    offline: bool = Field(False, description="`1` forces the rules backend (the same as backend `rules`)")
    timeout: float = Field(
        120.0, gt=0, description="seconds per model request: each read, and the whole reply body"
    )
    max_retries: int = Field(
        4, ge=0, description="retries of transient failures (429, 5xx, connection, timeout)"
    )
    retry_budget: float = Field(
        120.0, ge=0, description="no retry starts later than this many seconds after the first request"
    )
    retry_backoff: float = Field(
        0.5, ge=0, description="first backoff in seconds when the server gives no Retry-After; doubles"
    )
    max_reasks: int = Field(2, ge=0, description="re-asks after a reply fails validation")
    chunk_chars: int = Field(12000, ge=500, description="articles longer than this are split on paragraphs")
    max_article_chars: int = Field(
        500_000, ge=1, description="longer inputs are refused (bounds time, memory and model cost)"
    )
    temperature: float = Field(0.0, ge=0, description="sampling temperature of model requests")
    extra_headers: dict[str, str] = Field(default_factory=dict, repr=False, exclude=True, description="")

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise SettingsError(_message(exc, env=False)) from None

    @field_validator("mode", "backend", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value

    @field_validator("backend")
    @classmethod
    def _named(cls, value: str) -> str:
        """Any name: the registry (`summarizer.backends`) says which are installed, at use."""
        if not value.strip():
            raise ValueError("backend must be a backend's name, or auto")
        return value

    @field_validator("mode")
    @classmethod
    def _known_mode(cls, value: str) -> str:
        if value not in MODES:
            raise ValueError(f"mode {value!r} is not one of {', '.join(MODES)}")
        return value

    @model_validator(mode="before")
    @classmethod
    def _offline_alias(cls, data: Any) -> Any:
        """`offline` and backend `rules` (alias `offline`) mean the same; each sets the other."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        backend = str(data.get("backend") or "auto").lower()
        if backend == "offline":
            backend = "rules"
        offline = data.get("offline")
        if offline not in (None, False, "", "0", "false", "no") and backend == "auto":
            backend = "rules"
        if backend == "rules":
            data["offline"] = True
        if "backend" in data or backend != "auto":
            data["backend"] = backend
        return data

    def __repr__(self) -> str:
        """Credentials never show: the base URL loses any user:password, headers are left out."""
        shown = {n: getattr(self, n) for n, f in type(self).model_fields.items() if f.repr}
        shown["base_url"] = safe_url(self.base_url)
        return f"Settings({', '.join(f'{k}={v!r}' for k, v in shown.items())})"

    __str__ = __repr__

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Settings from the environment, with explicit arguments (not None) taking precedence."""
        unknown = set(overrides) - set(cls.model_fields)
        if unknown:
            raise SettingsError(f"unknown setting {sorted(unknown)[0]!r}")
        given = {k: v for k, v in overrides.items() if v is not None}
        try:
            values = _FromEnv(**given).model_dump()
        except ValidationError as exc:
            raise SettingsError(_message(exc, env=True)) from None
        values["extra_headers"] = given.get("extra_headers", {})
        return cls(**values)

    def with_(self, **changes: Any) -> Settings:
        values = {n: getattr(self, n) for n in type(self).model_fields}
        changes = {k: v for k, v in changes.items() if v is not None}
        if changes.get("offline") is False and "backend" not in changes and values["backend"] == "rules":
            values["backend"] = "auto"
        return type(self)(**{**values, **changes})

    @property
    def api_key(self) -> str | None:
        """Read at the moment of use, never stored in the settings or printed."""
        value = os.environ.get(self.api_key_env)
        return value or None

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


class _FromEnv(Settings, BaseSettings):
    """The same fields, filled from the environment (SUMMARIZER_<FIELD>, OPENAI_BASE_URL)."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_ignore_empty=True, frozen=True, extra="ignore"
    )

    def __init__(self, **data: Any) -> None:
        BaseSettings.__init__(self, **data)


def env_name(field: str) -> str:
    """The environment variable of a field: SUMMARIZER_<FIELD>, or the alias the field declares."""
    info = Settings.model_fields[field]
    if isinstance(info.validation_alias, str):
        return info.validation_alias
    return f"{ENV_PREFIX}{field.upper()}"


def describe(field: str) -> str:
    """CLI help for a field: its description and its environment variable."""
    return f"{Settings.model_fields[field].description} (env {env_name(field)})"


def _message(exc: ValidationError, *, env: bool) -> str:
    first = exc.errors()[0]
    name = str(first["loc"][0]) if first["loc"] else ""
    where = env_name(name) if env and name in Settings.model_fields else name
    reason = str(first["msg"]).removeprefix("Value error, ")
    value = first.get("input")
    shown = f"={value!r}" if isinstance(value, str | int | float) and name else ""
    kind = _PARSING.get(str(first["type"]))
    if kind and where:
        return f"{where}{shown} is not a valid {kind}"
    return f"{where}{shown}: {reason}" if where else reason


_PARSING = {
    "float_parsing": "float",
    "int_parsing": "int",
    "bool_parsing": "boolean",
    "int_from_float": "int",
}
