"""Regenerate the model cassettes in fixtures/cassettes.

    python tests/record_cassettes.py                 # every scripted cassette
    python tests/record_cassettes.py --only seed_reask
    python tests/record_cassettes.py --recorded http://127.0.0.1:8765/v1   # real local server
    OPENAI_API_KEY=... python tests/record_cassettes.py --openai           # seed against OpenAI

Scripted cassettes: a local scripted server (tests/scripted.py.ScriptedServer)
answers with hand-written replies in the OpenAI wire format, and the real
openai client, instructor and the pipeline run against it while vcrpy records.
Recorded cassettes capture a real server's answers.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import vcr

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scenarios import SCENARIOS, Scenario
from scripted import VCR_CONFIG, ScriptedServer

from summarizer.api import Summarizer
from summarizer.settings import Settings


def record(scenario: Scenario, base_url: str, settings: Settings | None = None) -> None:
    scenario.cassette.unlink(missing_ok=True)
    recorder = vcr.VCR(**VCR_CONFIG, record_mode="all")
    with recorder.use_cassette(str(scenario.cassette)):
        digest = Summarizer(settings or scenario.make_settings(base_url)).summarize_article(
            scenario.make_article()
        )
    p = digest.provenance
    print(
        f"{scenario.name}: {len(digest.incidents)} incidents, attempts={p.attempts}, "
        f"latency={p.latency_s:.2f}s, tokens={p.tokens.total_tokens}, warnings={len(p.warnings)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--only", help="one scenario name")
    parser.add_argument("--recorded", metavar="BASE_URL", help="record the real-server scenarios here")
    parser.add_argument("--openai", action="store_true", help="record seed_openai against OpenAI")
    args = parser.parse_args()
    if args.openai:
        if not os.environ.get("OPENAI_API_KEY"):
            sys.exit("set OPENAI_API_KEY to record against OpenAI")
        scenario = SCENARIOS["seed_openai"]
        record(scenario, "", Settings(**scenario.settings))
        return
    for scenario in SCENARIOS.values():
        if args.only and scenario.name != args.only:
            continue
        if scenario.name == "seed_openai":
            continue
        if scenario.kind == "scripted":
            with ScriptedServer(list(scenario.replies)) as server:
                record(scenario, server.base_url)
        elif args.recorded:
            record(scenario, args.recorded)


if __name__ == "__main__":
    main()
