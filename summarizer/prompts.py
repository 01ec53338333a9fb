"""Load versioned prompt files and fill them with the article as data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

PROMPT_VERSION = "extract-v1"

_ARTICLE = "<<ARTICLE>>"
_METADATA = "<<METADATA>>"


def prompts_dir() -> Path:
    """`prompts/` in a source checkout, or its copy inside an installed wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "prompts", here / "_prompts"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("prompt files not found next to the summarizer package")


@dataclass(frozen=True)
class Prompt:
    version: str
    system: str
    user: str


@cache
def load_prompt(version: str = PROMPT_VERSION) -> Prompt:
    base = prompts_dir()
    system = (base / f"{version}.system.md").read_text(encoding="utf-8").strip()
    user = (base / f"{version}.user.md").read_text(encoding="utf-8").strip()
    if user.count(_ARTICLE) != 1:
        raise ValueError(f"prompt {version}: the user template must hold {_ARTICLE} exactly once")
    return Prompt(version, system, user)


def _fill(template: str, values: dict[str, str]) -> str:
    """Substitute placeholders in one pass, so a value is never scanned for placeholders."""
    out = []
    rest = template
    while rest:
        hits = [(rest.find(k), k) for k in values if rest.find(k) >= 0]
        if not hits:
            out.append(rest)
            break
        pos, key = min(hits)
        out.append(rest[:pos])
        out.append(values[key])
        rest = rest[pos + len(key) :]
    return "".join(out)


def render_messages(
    article: str, metadata: dict[str, Any] | None = None, version: str = PROMPT_VERSION
) -> list[dict[str, str]]:
    """Chat messages for one article. The article is inserted verbatim, never interpreted."""
    prompt = load_prompt(version)
    meta = json.dumps({k: v for k, v in (metadata or {}).items() if v}, ensure_ascii=False)
    user = _fill(prompt.user, {_ARTICLE: article, _METADATA: meta})
    return [{"role": "system", "content": prompt.system}, {"role": "user", "content": user}]
