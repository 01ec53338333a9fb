"""Opening an event store: SQLite file by default, PostgreSQL by URL; migrated on open.

`open_engine` is the one place that knows about database URLs, SQLite's
pragmas (WAL, busy timeout, foreign keys) and the Alembic upgrade. A file that
is not an SQLite database, or a database that holds someone else's tables,
raises `StoreError` with one line saying so; nothing is changed in it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, OperationalError, ProgrammingError

MIGRATIONS = Path(__file__).parent / "migrations"
OUR_TABLES = frozenset({"articles", "digests", "incidents", "claims", "events", "event_links", "actions"})
#: Tables that a later revision added (absent from a store at an older revision).
SQLITE_MAGIC = b"SQLite format 3\x00"
#: How long a writer waits for another writer's lock (SQLite), in milliseconds.
BUSY_TIMEOUT_MS = 60_000


class StoreError(Exception):
    """The database cannot be used as an event store; the message is one line for a person."""


def default_db_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("summarizer")) / "events.sqlite"


def database_url(db: str | Path | None) -> str:
    """`--db` value -> SQLAlchemy URL: a path is an SQLite file, postgres URLs get the psycopg 3 driver."""
    if db is None:
        db = default_db_path()
    text = str(db)
    if text.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    if "://" in text:
        if text.startswith(("sqlite:", "postgresql+psycopg:")):
            return text
        raise StoreError(
            f"unsupported database URL scheme in {text.split('://', 1)[0]!r} (use a file path or postgresql://)"
        )
    return f"sqlite:///{Path(text).expanduser()}"


def _check_sqlite_file(path: Path) -> None:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not an event store file")
    with path.open("rb") as fh:
        head = fh.read(16)
    if head and head != SQLITE_MAGIC:
        raise StoreError(f"{path} is not an SQLite database (corrupt or another kind of file)")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling is switched off so that BEGIN IMMEDIATE
    # (taken in service.write) holds the writer lock for the whole ingest.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def create(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            _check_sqlite_file(Path(path))
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; refuse a database holding other tables."""
    from alembic import command
    from alembic.config import Config

    try:
        tables = set(inspect(engine).get_table_names())
    except (DatabaseError, OperationalError, ProgrammingError) as exc:
        raise StoreError(f"cannot open the event store: {_first_line(exc)}") from None
    if tables and "alembic_version" not in tables:
        raise StoreError(
            f"{engine.url.render_as_string(hide_password=True)} holds other tables "
            f"({', '.join(sorted(tables)[:3])}...), not a summarizer event store"
        )
    if tables and not tables >= OUR_TABLES and tables != {"alembic_version"}:
        raise StoreError(
            f"{engine.url.render_as_string(hide_password=True)} is versioned by another application's "
            "migrations, not a summarizer event store"
        )
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            # Two processes opening a fresh database at once: one migrates, the other waits.
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7310012)")
        cfg.attributes["connection"] = conn
        try:
            command.upgrade(cfg, "head")
        except Exception as exc:  # an unknown revision: a newer summarizer wrote this store
            if "Can't locate revision" in str(exc):
                raise StoreError(
                    "the event store was written by a newer summarizer (unknown schema revision)"
                ) from None
            raise


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0] if text else type(exc).__name__


def open_engine(db: str | Path | None = None) -> Engine:
    """Engine for `db` (path, URL or None for the default file), schema migrated to head."""
    url = database_url(db)
    engine = create(url)
    try:
        migrate(engine)
    except StoreError:
        engine.dispose()
        raise
    except (DatabaseError, OperationalError) as exc:
        engine.dispose()
        raise StoreError(f"cannot open the event store: {_first_line(exc)}") from None
    return engine
