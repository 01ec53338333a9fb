"""docs/schema.md, generated from the Pydantic models so the docs cannot drift from the code.

python -m summarizer.schema_doc > docs/schema.md
"""

from __future__ import annotations

import enum
import types
import typing
from typing import Any

from pydantic import BaseModel

from summarizer import schemas

MODELS: list[type[BaseModel]] = [
    schemas.ArticleDigest,
    schemas.ArticleMeta,
    schemas.Dateline,
    schemas.Incident,
    schemas.IncidentDate,
    schemas.Place,
    schemas.Actor,
    schemas.CasualtyFigure,
    schemas.Evidence,
    schemas.NeutralSummary,
    schemas.Provenance,
    schemas.TokenUsage,
    schemas.DigestWarning,
    schemas.Extraction,
]
ENUMS: list[type[enum.Enum]] = [
    schemas.EventType,
    schemas.SubEventType,
    schemas.Status,
    schemas.Outcome,
    schemas.Qualifier,
    schemas.VictimGroup,
    schemas.ActorRole,
    schemas.ActorKind,
    schemas.DatePrecision,
    schemas.GeoPrecision,
    schemas.Alignment,
]


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, types.UnionType):
        inner = " or ".join(_type_name(a) for a in args)
        return f"{inner} (optional)" if len(args) < len(typing.get_args(annotation)) else inner
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is typing.Annotated:
        return _type_name(args[0])
    return getattr(annotation, "__name__", str(annotation))


def render_markdown() -> str:
    lines = [
        "# Output schema",
        "",
        f"Schema version {schemas.SCHEMA_VERSION}. Generated from `summarizer/schemas.py` by "
        "`python -m summarizer.schema_doc`; do not edit by hand.",
        "",
        "Fields marked *filled by the tool* are never asked of the model: they are absent from the "
        "JSON schema the model sees and are set by grounding or the gazetteer.",
        "",
    ]
    for model in MODELS:
        lines += [f"## {model.__name__}", ""]
        if model.__doc__:
            lines += [" ".join(model.__doc__.split()), ""]
        lines += ["| field | type | description |", "|---|---|---|"]
        for name, info in model.model_fields.items():
            hidden = any("SkipJsonSchema" in repr(m) for m in info.metadata)
            desc = (info.description or "").replace("|", "\\|")
            if hidden:
                desc = f"*filled by the tool.* {desc}"
            lines.append(f"| `{name}` | {_type_name(info.annotation)} | {desc} |")
        lines.append("")
    lines += ["## Enumerations", ""]
    for e in ENUMS:
        values = ", ".join(f"`{m.value}`" for m in e)
        lines += [f"- **{e.__name__}**: {values}"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_markdown(), end="")
