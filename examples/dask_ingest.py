"""Digest a corpus with Dask and ingest every digest into one shared event store.

    pip install "dask[distributed]"          # not a dependency of summarizer
    python examples/dask_ingest.py inputs.txt postgresql://user@dbhost/events [--partitions 8]
    # on a cluster: DASK_SCHEDULER=tcp://scheduler:8786 python examples/dask_ingest.py ...

Digesting (the slow part: the model, or the rules backend's CPU) runs in
parallel on the workers; each worker opens the store once and calls
`EventStore.ingest_digest` per article. Ingest transactions are short and
serialised by the store's writer lock (a PostgreSQL advisory lock), so
workers never duplicate an article or an event, and a rerun after a crash
skips what is already stored (the article's sha256 is unique). Use
PostgreSQL here: an SQLite file is for one machine.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any


def ingest_partition(lines: list[str], db: str) -> dict[str, Any]:
    """Runs on a worker: digest each input of the partition and ingest it; failures are counted."""
    from summarizer.api import Summarizer
    from summarizer.events.service import EventStore

    summarizer = Summarizer()
    stored = known = failed = 0
    with EventStore(db) as store:
        for line in lines:
            try:
                if line.startswith(("http://", "https://")):
                    digest = summarizer.summarize_url(line)
                else:
                    digest = summarizer.summarize_file(line.lstrip("@"))
                result = store.ingest_digest(digest, who="dask")
            except Exception:  # one bad input never stops the partition
                failed += 1
                continue
            stored += result.created
            known += not result.created
    return {"stored": stored, "already_stored": known, "failed": failed}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("inputs")
    parser.add_argument("db", help="postgresql://... URL of the shared event store")
    parser.add_argument("--partitions", type=int, default=8)
    args = parser.parse_args()

    import dask.bag as bag

    from summarizer.events.service import EventStore
    from summarizer.inputs.sources import read_lines

    EventStore(args.db).close()  # create or migrate the schema once, before the workers start
    base = Path(args.inputs).resolve().parent
    lines = [
        line if line.startswith(("http://", "https://")) else str(base / line.lstrip("@"))
        for line in read_lines(args.inputs)
    ]
    scheduler = os.environ.get("DASK_SCHEDULER")
    if scheduler:
        from dask.distributed import Client

        Client(scheduler)
    parts = bag.from_sequence(lines, npartitions=args.partitions)
    totals = parts.map_partitions(lambda p: [ingest_partition(list(p), args.db)]).compute()
    print({k: sum(t[k] for t in totals) for k in ("stored", "already_stored", "failed")})


if __name__ == "__main__":
    main()
