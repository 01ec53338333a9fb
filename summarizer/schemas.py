"""The records this project produces: the single source of truth.

The model is shown the JSON schema of `Extraction` (derived from these
classes), the JSON output is `ArticleDigest.model_dump_json()`, the CSV
columns are derived in `render.py`, and `docs/schema.md` is generated from
the field descriptions. Descriptions are therefore written for the model and
for the analyst reading the output at once.

Fields the model must not fill (character offsets, alignment method,
coordinates) are marked `SkipJsonSchema`: they are absent from the schema the
model sees and are filled by `grounding.py` and the gazetteer.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

SCHEMA_VERSION = "1.0"


class EventType(StrEnum):
    """ACLED's six event types."""

    BATTLES = "battles"
    EXPLOSIONS = "explosions/remote violence"
    VIOLENCE_AGAINST_CIVILIANS = "violence against civilians"
    PROTESTS = "protests"
    RIOTS = "riots"
    STRATEGIC_DEVELOPMENTS = "strategic developments"


class SubEventType(StrEnum):
    """ACLED's 25 sub-event types (codebook names)."""

    ARMED_CLASH = "armed clash"
    GOVERNMENT_REGAINS_TERRITORY = "government regains territory"
    NON_STATE_ACTOR_OVERTAKES_TERRITORY = "non-state actor overtakes territory"
    CHEMICAL_WEAPON = "chemical weapon"
    AIR_DRONE_STRIKE = "air/drone strike"
    SUICIDE_BOMB = "suicide bomb"
    SHELLING = "shelling/artillery/missile attack"
    REMOTE_EXPLOSIVE = "remote explosive/landmine/IED"
    GRENADE = "grenade"
    SEXUAL_VIOLENCE = "sexual violence"
    ATTACK = "attack"
    ABDUCTION = "abduction/forced disappearance"
    PEACEFUL_PROTEST = "peaceful protest"
    PROTEST_WITH_INTERVENTION = "protest with intervention"
    EXCESSIVE_FORCE = "excessive force against protesters"
    VIOLENT_DEMONSTRATION = "violent demonstration"
    MOB_VIOLENCE = "mob violence"
    AGREEMENT = "agreement"
    ARRESTS = "arrests"
    CHANGE_TO_GROUP = "change to group/activity"
    DISRUPTED_WEAPONS_USE = "disrupted weapons use"
    HEADQUARTERS_ESTABLISHED = "headquarters or base established"
    LOOTING_PROPERTY_DESTRUCTION = "looting/property destruction"
    NON_VIOLENT_TRANSFER = "non-violent transfer of territory"
    OTHER = "other"


class Status(StrEnum):
    """How sure the article is, in the article's own terms.

    Ordered from the weakest to the strongest commitment by the article.
    """

    DENIED = "denied"
    CLAIMED = "claimed"
    ALLEGED = "alleged"
    REPORTED = "reported"
    CONFIRMED = "confirmed"


class Outcome(StrEnum):
    KILLED = "killed"
    INJURED = "injured"
    CAPTURED = "captured"
    MISSING = "missing"
    ARRESTED = "arrested"


class Qualifier(StrEnum):
    """How the figure is hedged in the text ("at least 84", "around 10")."""

    EXACT = "exact"
    AT_LEAST = "at least"
    MORE_THAN = "more than"
    AROUND = "around"
    UP_TO = "up to"
    RANGE = "range"
    UNSPECIFIED = "unspecified"


class VictimGroup(StrEnum):
    SECURITY_FORCES = "security forces"
    CIVILIANS = "civilians"
    MILITANTS = "militants"
    MIXED = "mixed"
    UNKNOWN = "unknown"


class ActorRole(StrEnum):
    PERPETRATOR = "perpetrator"
    TARGET = "target"
    OTHER = "other"


class ActorKind(StrEnum):
    """ACLED's inter codes 1-8, by name."""

    STATE_FORCES = "state forces"
    REBEL_GROUP = "rebel group"
    POLITICAL_MILITIA = "political militia"
    IDENTITY_MILITIA = "identity militia"
    RIOTERS = "rioters"
    PROTESTERS = "protesters"
    CIVILIANS = "civilians"
    OTHER = "external/other"


class DatePrecision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    UNKNOWN = "unknown"


class GeoPrecision(StrEnum):
    """ACLED's geo_precision: 1 town, 2 near a town or part of a region, 3 region only."""

    TOWN = "town"
    NEAR_TOWN = "near town"
    REGION = "region"
    UNKNOWN = "unknown"


class Alignment(StrEnum):
    EXACT = "exact"
    NORMALISED = "normalised"
    FUZZY = "fuzzy"


class Evidence(BaseModel):
    """A verbatim span of the article that supports a record."""

    quote: str = Field(
        description="Copy one sentence or clause from the article, character for character. "
        "Never paraphrase, translate or join separate sentences."
    )
    start: SkipJsonSchema[int | None] = Field(
        default=None, description="Character offset of the quote's first character in the article."
    )
    end: SkipJsonSchema[int | None] = Field(
        default=None, description="Character offset just past the quote's last character."
    )
    alignment: SkipJsonSchema[Alignment | None] = Field(
        default=None,
        description="How the quote was found: exact, normalised (white space, quotes, dashes, "
        "case) or fuzzy.",
    )


class CasualtyFigure(BaseModel):
    """One figure of people killed, injured, captured, missing or arrested, as one source states it."""

    outcome: Outcome = Field(description="What happened to the people counted.")
    low: int | None = Field(
        default=None,
        ge=0,
        description="The number as stated ('at least 84' gives 84; '12' gives 12; 'a 15-year-old "
        "boy' gives 1). Null when the text gives no number ('many others were injured').",
    )
    high: int | None = Field(
        default=None,
        ge=0,
        description="Upper bound: equal to low for an exact or 'around' figure, the second number of "
        "a range, null when open-ended ('at least', 'more than').",
    )
    qualifier: Qualifier = Field(description="How the text hedges the number.")
    victims: VictimGroup = Field(description="Who the people counted were.")
    victim_description: str | None = Field(
        default=None, description="The article's own words for them, e.g. 'security personnel'."
    )
    stated_by: str = Field(
        description="Who the article says gives this figure (a group, an official, an outlet, "
        "'reports from Turbat'); 'the article' only when the article states it in its own voice."
    )
    status: Status = Field(
        description="The article's own cue: claimed (a party claims it), alleged, reported "
        "(attributed to a report or outlet), confirmed (stated as fact or confirmed by "
        "independent authorities), denied."
    )
    evidence: list[Evidence] = Field(
        min_length=1, description="The sentence(s) giving this figure, quoted verbatim."
    )
    dead_among: SkipJsonSchema[int | None] = Field(
        default=None,
        description="For a count of people hit ('six people were shot'), how many of those same "
        "people the article says died ('..., two fatally', 'two of them died'), as the article's "
        "own killed figure states it. The wounded alone are then low minus this; no such "
        "difference is written as a figure, because the article does not state it. Null when "
        "the article gives no dead among them.",
    )


class Place(BaseModel):
    name: str = Field(description="The place as named in the article (town, district, city).")
    admin1: str | None = Field(default=None, description="First-level region (province, state).")
    country: str | None = Field(default=None, description="Country, when the article makes it clear.")
    precision: GeoPrecision = Field(
        default=GeoPrecision.TOWN, description="How precisely the article places the incident."
    )
    latitude: SkipJsonSchema[float | None] = Field(
        default=None, description="From the offline gazetteer, never from the model."
    )
    longitude: SkipJsonSchema[float | None] = Field(
        default=None, description="From the offline gazetteer, never from the model."
    )


class Actor(BaseModel):
    name: str = Field(description="The actor's full name as in the article, acronyms expanded.")
    aliases: list[str] = Field(default_factory=list, description="Other names in the article, e.g. 'BLA'.")
    role: ActorRole = Field(description="perpetrator (acted), target (acted upon) or other.")
    kind: ActorKind = Field(description="ACLED actor type.")


class IncidentDate(BaseModel):
    text: str | None = Field(
        default=None, description="The date exactly as the article writes it ('Feb 1', 'on Sunday')."
    )
    start: str | None = Field(
        default=None,
        description="ISO date YYYY-MM-DD, only if the article (or its publication date) gives the "
        "year; otherwise null. Never guess a year.",
    )
    end: str | None = Field(
        default=None,
        description="ISO end date for a range, same rule as start.",
    )
    precision: DatePrecision = Field(
        default=DatePrecision.UNKNOWN, description="day, week, month or unknown."
    )


class Incident(BaseModel):
    """One event at one time and place (or one coordinated operation), as ACLED would code it."""

    event_type: EventType = Field(description="ACLED event type.")
    sub_event_type: SubEventType | None = Field(
        default=None, description="ACLED sub-event type, only where the article makes it clear."
    )
    description: str = Field(
        description="One neutral line: who did what to whom, where, with every contested point "
        "attributed ('the BLA said it attacked ...'). No loaded words."
    )
    date: IncidentDate = Field(default_factory=IncidentDate)
    places: list[Place] = Field(default_factory=list, description="Where it happened.")
    actors: list[Actor] = Field(default_factory=list, description="Who acted and who was acted upon.")
    targets: list[str] = Field(
        default_factory=list, description="Physical targets: buildings, vehicles, compounds."
    )
    weapons: list[str] = Field(default_factory=list, description="Weapons or means, as in the article.")
    casualties: list[CasualtyFigure] = Field(
        default_factory=list,
        description="Every figure, one per outcome and per source; keep conflicting figures apart.",
    )
    status: Status = Field(description="How sure the article is that the incident happened.")
    reported_by: list[str] = Field(
        default_factory=list, description="Who the article cites for this incident."
    )
    evidence: list[Evidence] = Field(
        min_length=1, description="Sentences describing the incident, quoted verbatim."
    )
    political_violence: SkipJsonSchema[bool | None] = Field(
        default=None,
        description="Whether the incident is in the scope of political-violence data (ACLED, UCDP): "
        "false for ordinary crime and accidents (a robbery, a domestic shooting, a hunting "
        "accident), true when an organised armed or political actor, a battle, an explosion or a "
        "demonstration is involved; null when not assessed. Lets users filter crime out.",
    )


class Extraction(BaseModel):
    """What the model returns: incident records and a neutral summary of one article."""

    incidents: list[Incident] = Field(
        default_factory=list, description="Every violent or strategic incident the article reports."
    )
    summary: str = Field(
        description="A neutral summary of 2-5 sentences. Every figure that is not confirmed keeps its "
        "source in the same sentence ('the BLA said ...', 'according to The Balochistan Post'). "
        "Only numbers from the article; no loaded words (terrorist, martyr, massacre, ...)."
    )


class Dateline(BaseModel):
    """A wire dateline such as 'Quetta, Feb 1 (IANS)'."""

    place: str | None = None
    date_text: str | None = None
    agency: str | None = None


class ArticleMeta(BaseModel):
    """What is known about the article itself; `text` is what all offsets point into."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The cleaned article text; every evidence offset indexes into it.")
    title: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    author: str | None = None
    site_name: str | None = None
    published: str | None = Field(
        default=None, description="Publication date as ISO YYYY-MM-DD, when the page or caller gives it."
    )
    language: str | None = None
    dateline: Dateline | None = None
    sha256: str = Field(description="Hash of `text`, the cache key's main part.")


class NeutralSummary(BaseModel):
    text: str = Field(description="The summary; empty when none passed the checks.")
    method: str = Field(description="'model' (written by the model) or 'template' (offline).")
    checks_passed: bool = Field(
        description="True when the summary passed every neutrality, number and attribution check."
    )


class DigestWarning(BaseModel):
    """Something dropped, doubted or degraded, with the reason. Nothing is dropped silently."""

    code: str = Field(description="Stable machine-readable code, e.g. 'quote_not_found'.")
    message: str = Field(description="What happened and why, for a person.")


class TokenUsage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    cached_tokens: int = Field(
        default=0,
        description="Prompt tokens the provider served from its prompt cache "
        "(usage.prompt_tokens_details.cached_tokens); part of prompt_tokens.",
    )

    def add(self, other: TokenUsage) -> TokenUsage:
        return TokenUsage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            total_tokens=self.total_tokens + other.total_tokens,
            cached_tokens=self.cached_tokens + other.cached_tokens,
        )


class Provenance(BaseModel):
    """How the digest was made, so an analyst can judge and reproduce it."""

    backend: str = Field(
        description="The backend that drafted it: 'openai' (any OpenAI-compatible server), 'rules' "
        "(no model), 'replay' or a plugin's name."
    )
    fingerprint: str | None = Field(
        default=None,
        description="Hash of everything that decides the backend's output (model, mode, host, prompt "
        "and schema versions; rule data and code); never a credential.",
    )
    model: str | None = None
    base_url: str | None = Field(default=None, description="Endpoint used; never contains a key.")
    mode: str | None = Field(default=None, description="Structured-output mode used with the model.")
    prompt_version: str | None = None
    schema_version: str = SCHEMA_VERSION
    tokens: TokenUsage = Field(default_factory=TokenUsage)
    attempts: int = Field(default=0, description="Model requests made, re-asks included.")
    chunks: int = Field(default=1, description="Parts the article was split into.")
    latency_s: float = Field(default=0.0, description="Wall time spent making the digest.")
    estimated_cost_usd: float | None = Field(
        default=None,
        description="What `tokens` cost at the price table's rate (summarizer/data/prices.tsv or the "
        "user's); None when the model has no price. An estimate: the provider's bill decides.",
    )
    via: str = Field(default="live", description="'live' (one request at a time) or 'batch-api'.")
    cache_hit: bool = False
    warnings: list[DigestWarning] = Field(default_factory=list)


class ArticleDigest(BaseModel):
    """The product: incident records and a neutral summary of one article, with provenance."""

    schema_version: str = SCHEMA_VERSION
    article: ArticleMeta
    incidents: list[Incident]
    summary: NeutralSummary
    provenance: Provenance
