"""Is a speed change only a speed change? Every rules-backend digest, before and after, compared.

    python benchmarks/identity.py --write /tmp/before.json     # on the old code
    python benchmarks/identity.py --check /tmp/before.json     # on the new code

A change meant to make the rules reader faster must not change what it reads. This digests
a fixed set of texts with the rules backend, reads each with the cross-check's figure
reader (`read_casualty_figures`, what the model path's check reads), and keeps both as
JSON per text, the timing field (`latency_s`) and the backend's fingerprint left out (a
hash of the rules' source and data: any edit changes it, by design, so that the cache never
serves an old reading). `--check` reads the same texts and lists every text whose reading
differs, with its first differing line, and exits 1 if any does.

The texts: the repository's fixture articles, always; with `--shared DIR` (default
`../shared/eval` when it exists, not in the repository) also the wikievents-dev articles,
the not-news-of-violence pages (HTML through the input layer), and the articles of every
`--gva-step`-th GVA dev incident (default 3): 985 texts in all. They are read in a fixed
order in one process, so what one digest leaves in a cache is the same on both sides.
About half a minute.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT)]

from summarizer.backends.rules import RulesBackend  # noqa: E402
from summarizer.eval.gva import load_gva  # noqa: E402
from summarizer.eval.negatives import negative_pages  # noqa: E402
from summarizer.inputs.html import article_from_file  # noqa: E402
from summarizer.pipeline import digest, make_article  # noqa: E402
from summarizer.rules.extract import read_casualty_figures  # noqa: E402
from summarizer.schemas import ArticleMeta  # noqa: E402


def texts(shared: Path | None, gva_step: int) -> Iterator[tuple[str, ArticleMeta]]:
    """(name, article) for every text of the set, in a fixed order."""
    for sub in ("articles", "gva"):
        for p in sorted((ROOT / "fixtures" / sub).glob("*.txt")):
            yield f"fixtures/{sub}/{p.name}", make_article(p.read_text(encoding="utf-8", errors="replace"))
    if shared is None:
        return
    for p in sorted((shared / "wikievents-dev" / "articles").glob("*.txt")):
        yield f"wikievents-dev/{p.name}", make_article(p.read_text(encoding="utf-8", errors="replace"))
    pages = shared / "not-news-of-violence" / "pages"
    for p in negative_pages(pages) if pages.is_dir() else []:
        try:
            yield f"not-news/{p.name}", article_from_file(p)
        except Exception as exc:  # a page the input layer refuses: the same on both sides
            print(f"skipped not-news/{p.name}: {exc}", file=sys.stderr)
    gva = shared / "gva" / "dev.jsonl"
    if gva.is_file():
        for incident in load_gva(gva)[::gva_step]:
            for a in incident.articles:
                if a.text:
                    yield f"gva/{incident.incident_id}/{a.doc_id}", make_article(a.text)


def reading(article: ArticleMeta, backend: RulesBackend) -> str:
    """What the rules backend and the cross-check read in the article, as stable JSON lines."""
    untimed = {"provenance": {"latency_s", "fingerprint"}}
    out = digest(article, backend).model_dump(mode="json", exclude=untimed)
    figures = [f.model_dump(mode="json") for f in read_casualty_figures(article)]
    return json.dumps({"digest": out, "crosscheck": figures}, indent=1, sort_keys=True, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", metavar="FILE", help="write each text's reading to FILE")
    mode.add_argument("--check", metavar="FILE", help="compare each text's reading with FILE's")
    ap.add_argument("--shared", metavar="DIR", help="the shared eval data (default ../shared/eval)")
    ap.add_argument("--gva-step", type=int, default=3, metavar="N", help="every Nth GVA incident")
    args = ap.parse_args(argv)
    shared = Path(args.shared) if args.shared else ROOT.parent / "shared" / "eval"
    if args.shared and not shared.is_dir():
        print(f"identity: {shared} is not a directory", file=sys.stderr)
        return 2
    backend = RulesBackend()
    readings = {
        name: reading(article, backend)
        for name, article in texts(shared if shared.is_dir() else None, args.gva_step)
    }
    if args.write:
        Path(args.write).write_text(json.dumps(readings, ensure_ascii=False), encoding="utf-8")
        print(f"wrote {len(readings)} readings to {args.write}")
        return 0
    try:
        before: dict[str, str] = json.loads(Path(args.check).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"identity: cannot read {args.check}: {exc}", file=sys.stderr)
        return 2
    differ = 0
    for name in sorted(set(before) | set(readings)):
        old, new = before.get(name), readings.get(name)
        if old == new:
            continue
        differ += 1
        if old is None or new is None:
            print(f"{name}: only {'after' if old is None else 'before'}")
            continue
        first = next(
            (
                d
                for d in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
                if d[:1] in "+-" and d[:3] not in ("+++", "---")
            ),
            "",
        )
        print(f"{name}: differs ({first.strip()[:160]})")
    digest_of = hashlib.sha256(json.dumps(readings, sort_keys=True).encode()).hexdigest()[:16]
    print(f"{len(readings)} texts, {differ} differ (readings {digest_of})")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
