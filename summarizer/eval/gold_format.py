"""The project's own gold format (see `shared/eval/README.md`) and its loader.

A gold file names its article text by a relative path (`text_file`). Gold
files live one directory below the root that `text_file` is relative to
(`fixtures/gold/x.json` with `text_file: "articles/x.txt"`), so the text is
looked up from the gold file's directory's parent first; an explicit
`base_dir` overrides that, and failing both, the next ancestors are tried
(the shared layout `shared/eval/gold/` points at `shared/seed/...`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from summarizer.schemas import CasualtyFigure, EventType, Evidence, Outcome, Qualifier, Status, VictimGroup

#: How many ancestors above the gold file's directory are searched for `text_file`.
_ANCESTORS = 3


class GoldError(ValueError):
    """A gold file cannot be read, or its article text cannot be found."""

    def __init__(self, message: str, gold_id: str | None = None) -> None:
        super().__init__(message)
        self.gold_id = gold_id


class GoldDateline(BaseModel):
    place: str | None = None
    date_text: str | None = None
    year: int | None = None


class GoldCasualty(BaseModel):
    """One figure as a careful coder records it; `stated_by` lists acceptable names for the source."""

    model_config = ConfigDict(extra="forbid")

    outcome: Outcome
    low: int | None = None
    high: int | None = None
    qualifier: Qualifier = Qualifier.UNSPECIFIED
    victims: VictimGroup = VictimGroup.UNKNOWN
    stated_by: list[str] = Field(default_factory=list)
    status: Status

    def as_figure(self) -> CasualtyFigure:
        """The figure in our record type, so the neutrality checks can be run against gold."""
        return CasualtyFigure(
            outcome=self.outcome,
            low=self.low,
            high=self.high,
            qualifier=self.qualifier,
            victims=self.victims,
            stated_by=self.stated_by[0] if self.stated_by else "unknown",
            status=self.status,
            evidence=[Evidence(quote="(gold)")],
        )

    def label(self) -> str:
        """Short text for reports: 'killed 84+ (claimed, Baloch Liberation Army)'."""
        if self.low is None:
            number = "?"
        elif self.high is None:
            number = f"{self.low}+"
        elif self.high == self.low:
            number = str(self.low)
        else:
            number = f"{self.low}-{self.high}"
        source = ", ".join(self.stated_by) or "no source"
        return f"{self.outcome.value} {number} ({self.status.value}, {source})"


class GoldIncident(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str
    event_type: EventType
    places: list[str] = Field(default_factory=list)
    admin1: str | None = None
    country: str | None = None
    perpetrators: list[str] = Field(default_factory=list, description="First canonical, rest aliases.")
    targets: list[str] = Field(default_factory=list)
    status: Status
    reported_by: list[str] = Field(default_factory=list)
    casualties: list[GoldCasualty] = Field(default_factory=list)


class GoldArticle(BaseModel):
    """One gold file, as written. Unknown top-level keys are ignored (metadata); inner ones are errors."""

    model_config = ConfigDict(extra="ignore")

    id: str
    text_file: str
    published: str | None = Field(default=None, description="ISO date, passed to the pipeline.")
    synthetic: bool = Field(default=False, description="The article text was written for the project.")
    note: str | None = None
    dateline: GoldDateline | None = None
    incidents: list[GoldIncident] = Field(default_factory=list)
    summary_must: list[str] = Field(default_factory=list)
    summary_must_not: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class GoldDoc:
    """A gold file with its article text read."""

    gold: GoldArticle
    text: str
    path: Path


def resolve_text_file(gold_path: Path, text_file: str, base_dir: Path | None = None) -> Path:
    """Where the article text is: under `base_dir` if given, else the nearest ancestor that has it."""
    if base_dir is not None:
        candidate = Path(base_dir) / text_file
        if candidate.is_file():
            return candidate
        raise GoldError(f"{gold_path}: text_file {text_file!r} not found under {base_dir}")
    tried = []
    for root in list(gold_path.resolve().parent.parents)[:_ANCESTORS]:
        candidate = root / text_file
        if candidate.is_file():
            return candidate
        tried.append(str(root))
    raise GoldError(f"{gold_path}: text_file {text_file!r} not found under {', '.join(tried)}")


def load_gold(path: str | Path, base_dir: str | Path | None = None) -> GoldDoc:
    """Read and validate one gold file and its article text."""
    gold_path = Path(path)
    try:
        gold = GoldArticle.model_validate_json(gold_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GoldError(f"{gold_path}: {exc}") from exc
    try:
        text_path = resolve_text_file(gold_path, gold.text_file, Path(base_dir) if base_dir else None)
    except GoldError as exc:
        raise GoldError(str(exc), gold.id) from None
    return GoldDoc(gold=gold, text=text_path.read_text(encoding="utf-8"), path=gold_path)


def gold_files(gold_dir: str | Path) -> list[Path]:
    """The gold files of a directory, in name order so runs and `--limit` are reproducible."""
    directory = Path(gold_dir)
    if not directory.is_dir():
        raise GoldError(f"{directory} is not a directory")
    return sorted(directory.glob("*.json"))
