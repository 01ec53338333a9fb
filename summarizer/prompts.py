"""Load versioned prompt files and fill them with the article as data."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

PROMPT_VERSION = "extract-v1"

_ARTICLE = "<<ARTICLE>>"
_METADATA = "<<METADATA>>"
_TAG = "article"
_TAG_IN_TEXT = re.compile(r"<\s*/?\s*article\b", re.IGNORECASE)


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


def _delimited(prompt: Prompt, article: str, meta: str) -> tuple[str, str]:
    """The prompt's <article> tags, renamed when the input holds such a tag itself.

    An article that contains `</article>` could otherwise close the data block and
    have its next lines read as the prompt's own. The renamed tag carries a hash
    of the article, which the article cannot contain; ordinary articles keep the
    plain tags, so their requests (and recorded cassettes) do not change.
    """
    if not (_TAG_IN_TEXT.search(article) or _TAG_IN_TEXT.search(meta)):
        return prompt.system, prompt.user
    tag = f"{_TAG}-{hashlib.sha256(article.encode('utf-8', 'replace')).hexdigest()[:12]}"
    swap = {f"<{_TAG}>": f"<{tag}>", f"</{_TAG}>": f"</{tag}>"}
    return _fill(prompt.system, swap), _fill(prompt.user, swap)


def render_messages(
    article: str, metadata: dict[str, Any] | None = None, version: str = PROMPT_VERSION
) -> list[dict[str, str]]:
    """Chat messages for one article. The article is inserted verbatim, never interpreted,
    between delimiters it cannot close."""
    prompt = load_prompt(version)
    meta = json.dumps({k: v for k, v in (metadata or {}).items() if v}, ensure_ascii=False)
    system, template = _delimited(prompt, article, meta)
    user = _fill(template, {_ARTICLE: article, _METADATA: meta})
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]
