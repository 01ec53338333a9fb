"""Digest a corpus with Dask: each partition runs the async API with bounded concurrency.

    pip install "dask[distributed]"          # not a dependency of summarizer
    python examples/dask_bag.py inputs.txt out/   [--partitions 8] [--concurrency 8]
    # on a cluster: DASK_SCHEDULER=tcp://scheduler:8786 python examples/dask_bag.py ...

Every partition writes its own JSONL file (out/part-00000.jsonl, ...) through
`summarizer.batch.run_batch`, so each part is resumable on its own, and all
workers share one digest cache when SUMMARIZER_CACHE_DIR points at a shared
directory. Rerunning the same command resumes: finished inputs are skipped.
Model settings come from the environment (OPENAI_API_KEY, OPENAI_BASE_URL,
SUMMARIZER_MODEL) on every worker.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path
from typing import Any


def digest_partition(lines: list[str], index: int, out_dir: str, concurrency: int) -> dict[str, Any]:
    """Runs on a worker: one partition of input lines -> out_dir/part-NNNNN.jsonl."""
    from summarizer.api import Summarizer
    from summarizer.batch import run_batch
    from summarizer.cache import Cache

    summarizer = Summarizer(cache=Cache())
    output = Path(out_dir) / f"part-{index:05d}.jsonl"
    report = asyncio.run(
        run_batch(list(lines), output, summarizer=summarizer, concurrency=concurrency, resume=True)
    )
    return {"part": output.name, **report.as_dict()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("inputs")
    parser.add_argument("out_dir")
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight per partition")
    args = parser.parse_args()

    import dask.bag as db
    from dask import delayed

    from summarizer.inputs.sources import read_lines

    # Relative paths in the inputs file are resolved here, where the file is.
    base = Path(args.inputs).resolve().parent
    lines = [
        line
        if line.startswith(("http://", "https://")) or Path(line.lstrip("@")).is_absolute()
        else str(base / line.lstrip("@"))
        for line in read_lines(args.inputs)
    ]
    Path(args.out_dir).mkdir(parents=True, exist_ok=True)
    bag = db.from_sequence(lines, npartitions=args.partitions)
    parts = bag.to_delayed()
    tasks = [
        delayed(digest_partition)(part, i, os.path.abspath(args.out_dir), args.concurrency)
        for i, part in enumerate(parts)
    ]
    if os.environ.get("DASK_SCHEDULER"):
        from dask.distributed import Client

        with Client(os.environ["DASK_SCHEDULER"]):
            reports = delayed(list)(tasks).compute()
    else:
        # Processes, not threads: grounding and checks are CPU work that holds the GIL.
        reports = delayed(list)(tasks).compute(scheduler="processes")
    ok = sum(r["ok"] + r["skipped"] for r in reports)
    failed = sum(r["failed"] + r["not_retried"] for r in reports)
    print(f"{len(lines)} inputs in {len(reports)} parts: {ok} ok, {failed} failed")


if __name__ == "__main__":
    main()
