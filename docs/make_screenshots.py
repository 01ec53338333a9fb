"""Screenshots of the HTML report and the review app for the docs (headless Debian chromium).

    python docs/make_screenshots.py        # writes docs/img/*.png

Ingests the GVA sample (fixtures/gva) into a temporary store, fixes the wrong
figure through the service API so the pages show a review, serves the app on
a free loopback port and photographs each view.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from reviewapp import ingest_sample, serve  # noqa: E402
from test_review_app import find_event, text_of  # noqa: E402

from summarizer.events.service import EventStore  # noqa: E402

OUT = ROOT / "docs" / "img"


def shot(url: str, name: str, width: int = 1400, height: int = 1000) -> None:
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--window-size={width},{height}",
            f"--screenshot={OUT / name}",
            url,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    print(OUT / name)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "seed.html"
        with report.open("w", encoding="utf-8") as fh:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "summarizer",
                    "--file",
                    "fixtures/articles/balochistan-ians.txt",
                    "--format",
                    "html",
                ],
                stdout=fh,
                check=True,
                cwd=ROOT,
            )
        shot(report.as_uri(), "report.png", 1400, 1100)
        db = Path(tmp) / "events.sqlite"
        ingest_sample(db)
        store = EventStore(db)
        cassville, _ = find_event(store, text_of("gva-379440-1.txt"))
        merged, _ = find_event(store, text_of("gva-723545-1.txt"))
        wrong = next(c for c in store.get_event(cassville).claims if c.low == 17)
        store.edit_claim(wrong.id, who="ana", low=1, high=1)
        with serve(db, who="ana") as base:
            shot(base + "/", "events.png", 1400, 1000)
            shot(f"{base}/events/{merged}", "event.png", 1400, 1250)
            shot(f"{base}/history", "history.png", 1400, 700)


if __name__ == "__main__":
    main()
