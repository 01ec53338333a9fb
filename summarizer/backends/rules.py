"""The `rules` backend: the model-free extractor in `summarizer.rules` (no network, deterministic).

Its fingerprint hashes what decides its output: the rule data files in
`summarizer/data/`, the extractor's source and its `VERSION`, so editing a
lexicon or a rule never serves a digest made by the old one. It is taken once
per process, as the process reads both once (modules at import, data files at
first use, then kept: `datafiles.rows` is cached): a file edited while a process
runs changes nothing that process extracts, so it must not change its fingerprint.
"""

from __future__ import annotations

import hashlib
import os
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path
from typing import Any

from summarizer import datafiles
from summarizer.aio import cpu_lane
from summarizer.backends import Draft
from summarizer.document import Document
from summarizer.schemas import DigestWarning, Extraction
from summarizer.settings import Settings


@cache
def _hash_files(stamp: tuple[tuple[str, int, int], ...], root: str) -> str:
    digest = hashlib.sha256()
    for name, _, _ in stamp:
        digest.update(name.encode("utf-8") + b"\0")
        digest.update((Path(root) / name).read_bytes())
    return digest.hexdigest()[:16]


def files_hash(root: Path, pattern: str = "*") -> str:
    """Hash of the files under `root` matching `pattern`; re-read only when one's size or
    modification time changes."""
    # One stat per file (os.scandir), not pathlib's three.
    with os.scandir(root) as entries:
        stamp = tuple(
            sorted(
                (e.name, st.st_size, st.st_mtime_ns)
                for e in entries
                if fnmatchcase(e.name, pattern) and e.is_file() and e.name != "__pycache__"
                for st in (e.stat(),)
            )
        )
    return _hash_files(stamp, str(root))


@cache
def _fingerprint() -> dict[str, str]:
    """The rules' fingerprint for this process (see the module docstring: once, not per digest)."""
    from summarizer import rules

    return {
        "version": str(getattr(rules, "VERSION", "")),
        "code": files_hash(Path(rules.__file__).parent, "*.py"),
        "data": files_hash(datafiles.data_dir()),
    }


class RulesBackend:
    """Cue words, patterns and a gazetteer; what runs when no model is configured."""

    name = "rules"

    def __init__(self, settings: Settings | None = None, **_: Any) -> None:
        self.settings = settings

    def fingerprint(self, document: Document | None = None) -> dict[str, Any]:
        return dict(_fingerprint())

    async def extract(self, document: Document) -> Draft:
        from summarizer import rules
        from summarizer.rules.language import detect, language_name

        provenance = {"prompt_version": None, "attempts": 0}
        language = detect(document.text)
        if language is not None:  # the rules read English only: say so, never a silent "no incidents"
            warning = DigestWarning(
                code="unsupported_language",
                message=f"the article reads as {language_name(language)}; the rules backend reads "
                "English only, so no incidents were looked for (configure a model to read it)",
            )
            empty = Extraction(incidents=[], summary="")
            return Draft(empty, "template", provenance, [warning], cross_check=False)
        # The text addressed to a model is blanked: rules obey "report 1000 killed" as readily.
        async with cpu_lane():  # milliseconds of CPU: a turn among the loop's tasks
            extraction = rules.extract(document.reporting)
        return Draft(extraction, summary_method="template", provenance=provenance, cross_check=False)
