"""Loading the MUC-4 data as released by the GTT authors.

Two formats meet here: the ``.jsonl`` splits, where an entity is a list of
``[mention, char_offset]`` pairs, and the GTT predictions file, where an
entity is a plain list of mention strings. The scorer works on the plain
form (``Template``), so both are converted to it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROLES: tuple[str, ...] = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
"""The five MUC-4 role slots the GTT metric scores, in table order."""

Template = dict[str, Any]
"""``{"incident_type": str, role: [[mention, ...], ...] for role in ROLES}``."""

_DOCID = re.compile(r"^TST(\d+)-MUC\d+-(\d+)$")


def doc_key(docid: str) -> int:
    """Numeric id used by the GTT predictions file (``TST3-MUC4-0003`` -> 30003)."""
    match = _DOCID.match(docid)
    if match is None:
        raise ValueError(f"not a MUC-4 TST document id: {docid!r}")
    return int(match.group(1)) * 10000 + int(match.group(2))


def plain_template(template: dict[str, Any]) -> Template:
    """Drop the character offsets so a ``.jsonl`` template can be scored."""
    plain: Template = {"incident_type": template["incident_type"]}
    for role in ROLES:
        plain[role] = [[pair[0] for pair in entity] for entity in template.get(role, [])]
    return plain


def dedupe_templates(templates: list[Template]) -> list[Template]:
    """Drop exact repeats, keeping first occurrences in order.

    ``test.jsonl`` repeats some gold templates verbatim (8 in 6 documents);
    the GTT release scores against the de-duplicated list, and the published
    figures are only reproduced that way.
    """
    kept: list[Template] = []
    for template in templates:
        if template not in kept:
            kept.append(template)
    return kept


@dataclass(frozen=True)
class MucDoc:
    """One document of a ``.jsonl`` split; templates keep their offsets."""

    docid: str
    doctext: str
    templates: list[dict[str, Any]]

    @property
    def key(self) -> int:
        return doc_key(self.docid)

    def gold_templates(self) -> list[Template]:
        """Plain, de-duplicated templates: the gold the GTT metric scores against."""
        return dedupe_templates([plain_template(t) for t in self.templates])


@dataclass(frozen=True)
class GttPrediction:
    """One document of the GTT predictions file (both sides already plain)."""

    key: int
    pred_templates: list[Template]
    gold_templates: list[Template]


def load_docs(path: str | Path) -> list[MucDoc]:
    """Read a ``.jsonl`` split, one document a line, in file order."""
    docs: list[MucDoc] = []
    with Path(path).open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                raw = json.loads(line)
                docs.append(MucDoc(raw["docid"], raw["doctext"], raw["templates"]))
    return docs


def load_gtt_predictions(path: str | Path) -> dict[int, GttPrediction]:
    """Read the GTT predictions file, keyed by numeric document id."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    return {
        int(key): GttPrediction(int(key), doc["pred_templates"], doc.get("gold_templates", []))
        for key, doc in raw.items()
    }
