"""Test doubles at the backend seam, in the spirit of pydantic-ai's TestModel/FunctionModel.

`ScriptedBackend` answers from a script (a fixed extraction, or a function of
the document), records every document it was given, and goes through the real
pipeline: every check still runs on what it returns. `TOY_BACKEND_SOURCE` is a
whole third-party backend module, written by tests into a temporary folder with
an entry point, to prove a plugin needs nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from summarizer.backends import Draft
from summarizer.document import Document
from summarizer.schemas import Extraction

Answer = Extraction | dict[str, Any] | Callable[[Document], Extraction | Draft]


class ScriptedBackend:
    """A backend whose draft is scripted; `calls` holds each document it was asked about."""

    def __init__(
        self, answer: Answer, *, name: str = "scripted", summary_method: str = "model", version: str = "1"
    ) -> None:
        self.answer = answer
        self.name = name
        self.summary_method = summary_method
        self.version = version
        self.calls: list[Document] = []

    def fingerprint(self, document: Document | None = None) -> dict[str, Any]:
        return {"script": self.version}

    async def extract(self, document: Document) -> Draft:
        self.calls.append(document)
        answer = self.answer(document) if callable(self.answer) else self.answer
        if isinstance(answer, Draft):
            return answer
        extraction = answer if isinstance(answer, Extraction) else Extraction.model_validate(answer)
        return Draft(extraction, summary_method=self.summary_method)


#: A complete third-party backend: drafts no incident and takes the article's first
#: sentence, verbatim, as its summary. Imports only the public seam.
TOY_BACKEND_SOURCE = """
from summarizer.backends import Draft
from summarizer.schemas import Extraction


class ToyBackend:
    name = "toy"

    def __init__(self, settings=None, **options):
        self.settings = settings

    def fingerprint(self, document=None):
        return {"toy": "1"}

    async def extract(self, document):
        start, end = document.sentences[0]
        return Draft(Extraction(incidents=[], summary=document.text[start:end]), summary_method="toy")
"""


def install_toy_plugin(root: Path) -> Path:
    """Write the toy backend as an installed distribution under `root` (module + dist-info
    with an entry point in `summarizer.backends`); put `root` on sys.path to use it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "toy_backend.py").write_text(TOY_BACKEND_SOURCE, encoding="utf-8")
    info = root / "toy_backend-0.1.dist-info"
    info.mkdir(exist_ok=True)
    metadata = "Metadata-Version: 2.1\nName: toy-backend\nVersion: 0.1\n"
    (info / "METADATA").write_text(metadata, encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[summarizer.backends]\ntoy = toy_backend:ToyBackend\n", encoding="utf-8"
    )
    return root
