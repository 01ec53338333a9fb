"""The event store: fusion of the Balochistan reports, reconciliation, exports, analyst actions,
idempotent and concurrent ingest, kill -9, bad database files; on SQLite and on PostgreSQL
(`SUMMARIZER_TEST_PG_URL`, set by .ci/run; those runs skip only when it is absent)."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer import datafiles
from summarizer.api import Summarizer
from summarizer.eval.coref import b_cubed, ceaf_e, conll, muc
from summarizer.events.export import ACLED_COLUMNS, write
from summarizer.events.reconcile import reconcile
from summarizer.events.service import EventStore, ServiceError
from summarizer.events.store import StoreError
from summarizer.events.views import ClaimView
from summarizer.schemas import ArticleDigest
from summarizer.settings import Settings

ARTICLES = Path(__file__).parent.parent / "fixtures" / "articles"
REPORTS = [
    ("balochistan-ians.txt", "2025-02-01"),
    ("synthetic-balochistan-dawn.txt", "2025-02-02"),
    ("synthetic-balochistan-wire.txt", "2025-02-03"),
]
PG_URL = os.environ.get("SUMMARIZER_TEST_PG_URL")


def _digest(name: str, published: str, text: str | None = None) -> ArticleDigest:
    s = Summarizer(Settings.from_env(offline=True))
    return s.summarize_text(text or (ARTICLES / name).read_text(encoding="utf-8"), published=published)


@pytest.fixture(scope="module")
def digests() -> list[ArticleDigest]:
    return [_digest(n, p) for n, p in REPORTS]


def _pg_database() -> str:
    """A fresh database on the test server, so every test starts empty."""
    import psycopg

    assert PG_URL
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = PG_URL.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "events.sqlite")
        return
    if not PG_URL:
        pytest.skip("SUMMARIZER_TEST_PG_URL not set (.ci/run sets it)")
    yield _pg_database()


def test_three_reports_fuse_into_one_event_per_incident(db: str, digests: list[ArticleDigest]) -> None:
    with EventStore(db) as store:
        for d in digests:
            assert store.ingest_digest(d).created
        listed = store.list_events()
        # BLA operation, Gwadar compound, Phulabad shelling, Phulabad demolitions
        assert len(listed) == 4
        events = {e.location: e for e in listed if e.event_type != "strategic developments"}
        bla = store.get_event(events["Quetta"].id)
        assert bla.n_sources == 3 and len({c.article_id for c in bla.claims}) == 3
        rec = bla.reconciliation
        assert rec.fatalities == 12  # the provincial government; the BLA's 84 is a party's claim
        assert rec.dispute_note and "84" in rec.dispute_note and "12" in rec.dispute_note
        assert "a party's own claim" in rec.dispute_note
        assert any(c.low == 84 and c.party_claim for c in bla.claims)  # kept, flagged
        gwadar = store.get_event(events["Gwadar"].id)
        assert gwadar.n_sources == 3 and gwadar.reconciliation.fatalities == 9
        assert gwadar.reconciliation.outcomes["killed"].high == 12 and gwadar.disputed
        assert all(i.reasons for i in gwadar.incidents)
        assert [i.score is None for i in gwadar.incidents] == [True, False, False]
        assert store.get_event(events["Phulabad"].id).n_sources == 2  # the seed and the hospital official


def _claim(n: int, article: int, low: int, stated_by: str, status: str = "reported") -> ClaimView:
    return ClaimView(
        id=n,
        article_id=article,
        incident_id=n,
        outcome="killed",
        low=low,
        high=None,
        qualifier="exact",
        victims="civilians",
        victim_description=None,
        stated_by=stated_by,
        status=status,
        quote=f"{low} killed",
        quote_start=0,
        quote_end=9,
        review="pending",
        party_claim=status == "claimed",  # as the store marks it (is_party)
    )


def test_reports_compete_not_the_speakers_of_one_report() -> None:
    # one article: police speak of "the first victim", the article of two dead: the report says 2
    one = [_claim(1, 1, 1, "police"), _claim(2, 1, 2, "the article")]
    rec = reconcile(one, ["2025-02-01"])
    assert rec.fatalities == 2 and rec.outcomes["killed"].low == 2
    assert rec.dispute_note and "Police reported 1 killed" in rec.dispute_note  # every source kept
    # across reports, ACLED's most conservative credible figure; UCDP best is what most reports say
    more = [*one, _claim(3, 2, 3, "officials"), _claim(4, 3, 3, "the article")]
    more.append(_claim(5, 4, 40, "rebels", "claimed"))
    rec = reconcile(more, ["2025-02-01", "2025-02-02", "2025-02-03", "2025-02-03"])
    killed = rec.outcomes["killed"]
    assert rec.fatalities == 2 and killed.best == 3 and killed.high == 40
    assert "(a party's own claim)" in (rec.dispute_note or "")


def test_ingest_is_idempotent_and_ids_stay_stable(db: str, digests: list[ArticleDigest]) -> None:
    with EventStore(db) as store:
        first = store.ingest_digest(digests[0])
        before = store.counts()
        again = store.ingest_digest(digests[0])
        assert not again.created and again.event_ids == first.event_ids
        assert store.counts() == before
        store.ingest_digest(digests[1])
        assert set(first.event_ids) <= {e.id for e in store.list_events()}


def test_analyst_actions_are_recorded_reflected_and_undoable(db: str, digests: list[ArticleDigest]) -> None:
    with EventStore(db) as store:
        for d in digests:
            store.ingest_digest(d)
        bla = next(e for e in store.list_events() if e.location == "Quetta")
        view = store.get_event(bla.id)
        twelve = next(c for c in view.claims if c.low == 12)
        a = store.reject_claim(twelve.id, who="ana")
        after = store.get_event(bla.id)
        assert after.fatalities != 12 and a.who == "ana"
        store.undo(a.id, who="ana")
        assert store.get_event(bla.id).fatalities == 12
        e = store.edit_claim(twelve.id, who="bo", low=11)
        assert store.get_event(bla.id).fatalities == 11
        assert any(h.kind == "edit" and h.who == "bo" for h in store.get_event(bla.id).history)
        store.undo(e.id, who="bo")
        assert store.get_event(bla.id).fatalities == 12
        with pytest.raises(ServiceError):
            store.undo(e.id, who="bo")
        # split then merge back, then undo the merge
        last = view.incidents[-1].id
        new_id = store.split_event(bla.id, [last], who="ana")
        assert store.get_event(bla.id).n_sources == 2 and store.get_event(new_id).n_sources == 1
        m = store.merge_events(bla.id, new_id, who="ana")
        assert store.get_event(new_id).state == "merged" and store.get_event(bla.id).n_sources == 3
        store.undo(m.id, who="ana")
        assert store.get_event(new_id).state == "active"
        assert new_id not in {e.id for e in store.list_events()} or store.get_event(new_id).n_sources == 1
        # a fusion can be undone: the incident leaves into a new event
        fuse = next(h for h in store.get_event(bla.id).history if h.kind == "fuse")
        store.undo(fuse.id, who="ana")
        assert store.get_event(bla.id).n_sources == 1


def test_acled_export_has_31_columns_in_acled_vocabularies(db: str, digests: list[ArticleDigest]) -> None:
    with EventStore(db) as store:
        for d in digests:
            store.ingest_digest(d)
        buf = io.StringIO()
        n = write(store.iter_events(), buf, "acled")
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert tuple(rows[0]) == ACLED_COLUMNS and len(ACLED_COLUMNS) == 31
    assert len(rows) == n + 1 == 5
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    event_types = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
                   "Strategic developments"}  # fmt: skip
    inter = {"", "State forces", "Rebel group", "Political militia", "Identity militia", "Rioters",
             "Protesters", "Civilians", "External/Other forces"}  # fmt: skip
    for r in records:
        assert r["event_id_cnty"].startswith("PAK") and r["event_id_cnty"][3:].isdigit()
        assert r["event_date"] == "2025-02-01" or r["event_date"].startswith("2025-02-0")
        assert r["year"] == "2025"
        assert r["time_precision"] in {"1", "2", "3"}
        assert r["disorder_type"] in {"Political violence", "Demonstrations", "Strategic developments",
                                      "Political violence; Demonstrations"}  # fmt: skip
        assert r["event_type"] in event_types
        assert r["sub_event_type"] and r["sub_event_type"][0].isupper()
        assert r["inter1"] in inter and r["inter2"] in inter
        assert r["actor1"] or r["inter1"] == ""
        assert r["assoc_actor_1"] is not None and r["assoc_actor_2"] is not None
        assert r["actor2"] == "" or r["inter2"] != ""
        assert r["interaction"] == "" or r["interaction"].split("-")[0].removesuffix(" only") in inter
        assert r["civilian_targeting"] in {"", "Civilian targeting"}
        assert r["iso"] == "586" and r["region"] == "South Asia" and r["country"] == "Pakistan"
        assert r["admin1"] == "Balochistan" and r["admin2"] == "" and r["admin3"] == ""
        assert r["location"] in {"Quetta", "Gwadar", "Phulabad", "Turbat"}
        assert r["latitude"] == "" or -90 <= float(r["latitude"]) <= 90
        assert r["longitude"] == "" or -180 <= float(r["longitude"]) <= 180
        assert r["geo_precision"] in {"1", "2", "3"}
        assert r["source"] and r["source_scale"] == "Other"
        assert r["notes"]
        assert r["fatalities"].isdigit()
        assert r["tags"] is not None
        assert abs(int(r["timestamp"]) - time.time()) < 3600
    quetta = next(r for r in records if r["location"] == "Quetta")
    assert quetta["fatalities"] == "12" and "84" in quetta["notes"] and quetta["event_type"] == "Battles"
    assert quetta["actor1"] == "Baloch Liberation Army" and quetta["inter1"] == "Rebel group"
    gwadar = next(r for r in records if r["location"] == "Gwadar")
    assert gwadar["civilian_targeting"] == "Civilian targeting" and gwadar["fatalities"] == "9"


def test_acled_admin2_and_source_scale_come_from_data_not_guesses() -> None:
    from summarizer.events import vocab

    assert vocab.us_admin2(["Hennepin County", "Minneapolis"], "United States", None) == "Hennepin County"
    assert vocab.us_admin2(["Hennepin"], "United States", None) == "Hennepin County"  # no town of that name
    assert vocab.us_admin2(["Clay County"], "United States", None) == ""  # in many states: not guessed
    assert vocab.us_admin2(["Clay County", "Moorhead"], "United States", None) == "Clay County"
    assert vocab.us_admin2(["Clay County"], "United States", "Minnesota") == "Clay County"
    assert vocab.us_admin2(["Chicago"], "United States", "Illinois") == ""  # no town -> county table
    assert vocab.us_admin2(["Cook County"], "Pakistan", None) == ""
    scale = vocab.source_scale
    assert (
        scale([("https://www.dawn.com/news/1", None), ("https://apnews.com/a", None)])
        == "National-International"
    )
    assert (
        scale([(None, "The Balochistan Post"), ("https://edition.cnn.com/a", None)]) == "Subnational-National"
    )
    assert scale([("https://apnews.com/a", None), ("https://example.org/b", "Example")]) == "International"
    assert scale([("https://example.org/b", "Example"), (None, None)]) == "Other"
    assert all(row[1] in vocab.SCALES for row in datafiles.rows("acled/source_scales.tsv"))


def test_acled_export_fills_admin2_and_source_scale(db: str) -> None:
    text = "Two men were shot and killed in Hennepin County on Saturday night, the sheriff said."
    digest = _digest("", "2016-10-10", text)
    incident = digest.incidents[0]
    place = incident.places[0].model_copy(update={"name": "Hennepin County", "country": "United States"})
    digest = digest.model_copy(
        update={
            "article": digest.article.model_copy(update={"url": "https://apnews.com/article/1"}),
            "incidents": [incident.model_copy(update={"places": [place]})],
        }
    )
    with EventStore(db) as store:
        store.ingest_digest(digest)
        buf = io.StringIO()
        write(store.iter_events(), buf, "acled")
    (row,) = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert row["country"] == "United States" and row["iso"] == "840"
    assert row["admin2"] == "Hennepin County" and row["admin3"] == ""
    assert row["source"] == "apnews.com" and row["source_scale"] == "International"


def test_ucdp_and_jsonl_exports(db: str, digests: list[ArticleDigest]) -> None:
    with EventStore(db) as store:
        for d in digests:
            store.ingest_digest(d)
        buf = io.StringIO()
        write(store.iter_events(), buf, "ucdp")
        lines = io.StringIO()
        write(store.iter_events(), lines, "jsonl")
    quetta = next(
        r for r in csv.DictReader(io.StringIO(buf.getvalue())) if r["where_coordinates"] == "Quetta"
    )
    assert (quetta["low"], quetta["best"], quetta["number_of_sources"]) == ("12", "12", "3")
    assert int(quetta["high"]) >= 84 and quetta["date_prec"] in {"1", "2", "3"}
    events = [json.loads(line) for line in lines.getvalue().splitlines()]
    assert sum(len(e["claims"]) for e in events) == sum(
        len(i.casualties) for d in digests for i in d.incidents
    )


def test_filters(db: str, digests: list[ArticleDigest]) -> None:
    from summarizer.events.service import EventFilter

    with EventStore(db) as store:
        for d in digests:
            store.ingest_digest(d)
        assert {e.location for e in store.list_events(EventFilter(disputed_only=True))} >= {
            "Quetta",
            "Gwadar",
        }
        assert all(
            e.fatalities and e.fatalities >= 9 for e in store.list_events(EventFilter(min_fatalities=9))
        )
        assert store.list_events(EventFilter(country="France")) == []
        assert store.list_events(EventFilter(event_type="battles"))[0].location == "Quetta"
        assert store.list_events(EventFilter(date_from="2025-03-01")) == []
        assert all(e.in_scope for e in store.list_events(EventFilter(in_scope_only=True)))


def test_in_scope_follows_the_extractors_assessment(db: str, digests: list[ArticleDigest]) -> None:
    """Ordinary crime (the rules backend marks it out of political-violence scope) is no
    in-scope event, though it has a killed figure; the conflict reports stay in scope."""
    from summarizer.backends.rules import RulesBackend
    from summarizer.events.service import EventFilter
    from summarizer.pipeline import digest, make_article

    crime = (
        "A 24-year-old man was shot and killed late Tuesday outside a bar on Main Street in Dayton, "
        "police said. Officers arrested a suspect, who was charged with murder, the sheriff said."
    )
    d = digest(make_article(crime, url="https://example.com/crime", published="2024-05-01"), RulesBackend())
    assert d.incidents and all(i.political_violence is False for i in d.incidents)
    with EventStore(db) as store:
        for x in digests:
            store.ingest_digest(x)
        crime_ids = set(store.ingest_digest(d).event_ids)
        scoped = store.list_events(EventFilter(in_scope_only=True))
        assert crime_ids and not crime_ids & {e.id for e in scoped}
        assert all(not e.in_scope for e in store.list_events() if e.id in crime_ids)
        assert {e.location for e in scoped} >= {"Quetta", "Gwadar"}


def test_migrations_match_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from summarizer.events.db import Base

    store = EventStore(str(tmp_path / "e.sqlite"))
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    store.close()
    assert diff == []


def test_corrupt_and_foreign_files_get_one_line_errors(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="not an SQLite database") as err:
        EventStore(str(junk))
    assert "\n" not in str(err.value)
    foreign = tmp_path / "foreign.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a summarizer event store"):
        EventStore(str(foreign))
    assert sqlite3.connect(foreign).execute("SELECT name FROM sqlite_master").fetchall() == [("customers",)]


def test_coref_measures_on_the_textbook_example() -> None:
    # Pradhan et al. (2014), "Scoring coreference partitions of predicted mentions", figure 1.
    key = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
    response = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]
    assert muc(key, response)[:2] == pytest.approx((0.4, 0.4))
    assert b_cubed(key, response)[:2] == pytest.approx((5 / 12, 0.5))
    assert ceaf_e(key, response)[:2] == pytest.approx((0.65, 1.3 / 3))
    perfect = conll(key, key)
    assert perfect["conll_f1"] == pytest.approx(100)
    # every mention alone: MUC has no links to find, B3 precision is perfect
    alone = [{m} for c in key for m in c]
    assert muc(key, alone)[0] == 0 and b_cubed(key, alone)[1] == 1
    # Luo (2005): CEAF-e needs the optimal alignment, not the greedy one
    key2 = [{1, 2}, {3, 4, 5}]
    resp2 = [{1, 2, 3}, {4, 5}]
    assert ceaf_e(key2, resp2)[0] == pytest.approx((2 * 2 / 5 + 2 * 2 / 5) / 2)


WORKER = """
import sys
from summarizer.api import Summarizer
from summarizer.events.service import EventStore
from summarizer.settings import Settings
db, start, stop = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
text = open(sys.argv[4], encoding="utf-8").read()
s = Summarizer(Settings.from_env(offline=True))
store = EventStore(db)
for n in range(start, stop):
    day = 1 + n % 27
    body = text.replace("12 people were killed", f"{n + 2} people were killed")
    store.ingest_digest(s.summarize_text(body, published=f"2025-03-{day:02d}"), who=f"worker-{start}")
    print(n, flush=True)
"""


def _workers(db: str, tmp_path: Path, ranges: list[tuple[int, int]]) -> list[subprocess.Popen[str]]:
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    seed = str(ARTICLES / "balochistan-ians.txt")
    return [
        subprocess.Popen(
            [sys.executable, str(script), db, str(a), str(b), seed], stdout=subprocess.PIPE, text=True
        )
        for a, b in ranges
    ]


def _consistent(store: EventStore) -> None:
    from sqlalchemy import func, select

    from summarizer.events.db import Article, Digest, EventLink, Incident

    with store._read() as s:
        articles = s.scalar(select(func.count()).select_from(Article))
        digests = s.scalar(select(func.count()).select_from(Digest))
        incidents = s.scalar(select(func.count()).select_from(Incident))
        linked = s.scalar(select(func.count()).select_from(EventLink))
    assert articles == digests and incidents == linked


@pytest.mark.slow
def test_two_processes_ingest_into_one_store(db: str, tmp_path: Path) -> None:
    EventStore(db).close()  # migrate once; the workers also race on open safely
    procs = _workers(db, tmp_path, [(0, 8), (4, 12)])  # 4..7 ingested by both
    for p in procs:
        assert p.wait(timeout=600) == 0
    with EventStore(db) as store:
        assert store.counts()["articles"] == 12
        _consistent(store)


@pytest.mark.slow
def test_kill_9_during_ingest_leaves_a_consistent_store(db: str, tmp_path: Path) -> None:
    EventStore(db).close()
    (proc,) = _workers(db, tmp_path, [(0, 40)])
    assert proc.stdout is not None
    for _ in range(3):
        proc.stdout.readline()  # a few articles in, then kill it mid-run
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with EventStore(db) as store:
        _consistent(store)
        assert 3 <= store.counts()["articles"] < 40
    (rerun,) = _workers(db, tmp_path, [(0, 40)])
    assert rerun.wait(timeout=600) == 0
    with EventStore(db) as store:
        assert store.counts()["articles"] == 40
        _consistent(store)


def test_cli_ingest_list_show_export(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.sqlite")
    files = [str(ARTICLES / n) for n, _ in REPORTS[:1]]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "SUMMARIZER_OFFLINE": "1"}
        cmd = [sys.executable, "-m", "summarizer", *args]
        return subprocess.run(cmd, capture_output=True, text=True, env=env)

    first = run("ingest", *files, "--offline", "--published", "2025-02-01", "--db", db)
    assert first.returncode == 0, first.stderr
    again = run("ingest", *files, "--offline", "--published", "2025-02-01", "--db", db)
    assert "already stored" in again.stderr
    listed = run("events", "list", "--db", db, "--json")
    assert len(listed.stdout.splitlines()) == 4
    shown = run("events", "show", "1", "--db", db)
    assert "Baloch Liberation Army" in shown.stdout and "## History" in shown.stdout
    out = tmp_path / "acled.csv"
    exported = run("events", "export", "-f", "acled", "-o", str(out), "--db", db, "--country", "Pakistan")
    assert exported.returncode == 0 and len(out.read_text().splitlines()) == 5
    bad = tmp_path / "bad.sqlite"
    bad.write_text("garbage" * 10)
    failed = run("events", "list", "--db", str(bad))
    assert failed.returncode == 2 and len(failed.stderr.strip().splitlines()) == 1
    assert "not an SQLite database" in failed.stderr
