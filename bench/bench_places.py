"""What places cost, and how well they are found.

In one process, on the first N articles of the news corpora (`<shared>/news/*.jsonl`), split and
pre-filtered as in `bench_coding.py`:

1. coding (`Coder.code_articles`, one process) with places and without (the same coder with
   `places = None`), the least CPU time of `--repeat` runs each; the ratio is the cost of
   places in the coding step (the issue's bar: at most 5%), measured twice: as the difference
   of the two runs, and as the CPU time spent inside the place steps themselves (`_time_places`);
2. building the gazetteer (`Gazetteer` from the package data, the cache cleared) and its memory:
   the peak resident set of a fresh interpreter that builds it, minus that of one that only
   imports the same modules (bar: under 2 s and 150 MB);
3. the place of the main event on the gold records with an `event_loc`
   (`<shared>/gold-dev/plover_dev.jsonl`, `etl.evaluation.places`): name and country accuracy.

    python bench/bench_places.py [--shared DIR] [--articles 120] [--repeat 2]

Writes `bench/results/places.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

RESULTS = REPO / "bench" / "results" / "places.json"

#: Peak resident set of the child (VmHWM: `ru_maxrss` would carry over the size of this
#: process, which forked it).
_RSS = (
    "import re, etl.coding.places.gazetteer as g{build}; "
    "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))"
)


def _peak_rss_kb(build: bool) -> int:
    code = _RSS.format(build="; g.Gazetteer.get()" if build else "")
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    return int(out.stdout.split()[-1])


def _time_places() -> list[float]:
    """Wrap the place steps the coder calls so that their CPU time adds up in the list returned:
    a direct measure, where the difference of two whole runs drowns in the noise of shared
    cores."""
    from etl.coding.places import ArticlePlaces, PlaceCoder

    spent: list[float] = []

    def timed(fn):
        def wrapper(*args, **kwargs):
            started = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent.append(time.process_time() - started)

        return wrapper

    for cls, name in (
        (PlaceCoder, "read_article"),
        (ArticlePlaces, "mentions"),
        (ArticlePlaces, "place"),
        (ArticlePlaces, "records"),
    ):
        setattr(cls, name, timed(getattr(cls, name)))
    return spent


def _least_cpu(run, repeat: int) -> float:
    """CPU seconds of this process for the cheapest of `repeat` runs (other jobs share the
    cores; wall time would measure them too)."""
    best = float("inf")
    for _ in range(max(repeat, 1)):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    from bench.bench_coding import _article_texts
    from bench.prefilter_loss import Text, to_articles
    from etl.coding.nlp import load_model
    from etl.coding.places.gazetteer import Gazetteer
    from etl.coding.pool import build_coder
    from etl.coding.prefilter import SentenceFilter, prefilter_sentences
    from etl.evaluation.places import score_places
    from etl.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--articles", type=int, default=120, help="Articles over both corpora.")
    parser.add_argument("--repeat", type=int, default=2, help="Runs of each; the fastest counts.")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not (args.shared / "news").is_dir():
        sys.stdout.write(f"skipped: no news corpora under {args.shared}\n")
        return 0
    model = Settings(shared_dir=args.shared).resolved_model()
    nlp = load_model(model)

    Gazetteer.get.cache_clear()
    started = time.perf_counter()
    Gazetteer.get()
    load_seconds = time.perf_counter() - started

    rows = _article_texts(args.shared, args.articles)
    coder = build_coder(nlp)
    places = coder.places
    sentence_filter = SentenceFilter.for_coder(nlp, coder.resolver, coder.lexicon)
    articles = [
        replace(a, sentences=prefilter_sentences(a.sentences, sentence_filter))
        for a in to_articles(Text(r["id"], r["text"], None) for r in rows)
    ]
    outputs: dict[bool, list] = {}
    spent = _time_places()

    def run(with_places: bool) -> None:
        coder.places = places if with_places else None
        outputs[with_places] = list(coder.code_articles(articles))

    without = _least_cpu(lambda: run(False), args.repeat)
    spent.clear()
    with_places = _least_cpu(lambda: run(True), args.repeat)
    inside = sum(spent) / max(args.repeat, 1)
    events = sum(len(o.events) for o in outputs[True])
    placed = sum(e.geo_type is not None for o in outputs[True] for e in o.events)
    origins: dict[str, int] = {}
    for o in outputs[True]:
        for e in o.events:
            key = e.geo_origin or "none"
            origins[key] = origins.get(key, 0) + 1
    coder.places = places
    built, bare = _peak_rss_kb(True), _peak_rss_kb(False)
    results: dict = {
        "articles": len(rows),
        "sentences_parsed": sum(s.coded for a in articles for s in a.sentences),
        "coding_seconds_without_places": round(without, 2),
        "coding_seconds_with_places": round(with_places, 2),
        "places_share_of_coding": round(1 - without / with_places, 4),
        "places_cpu_seconds_inside": round(inside, 3),
        "places_share_of_coding_inside": round(inside / with_places, 4),
        "events": events,
        "events_placed": placed,
        "events_by_origin": dict(sorted(origins.items())),
        "toponyms": sum(len(o.places) for o in outputs[True]),
        "gazetteer_load_seconds": round(load_seconds, 2),
        "gazetteer_names": len(Gazetteer.get().names),
        "gazetteer_peak_rss_mb": round((built - bare) / 1024, 1),
        "peak_rss_kb_with_and_without_gazetteer": [built, bare],
        "load_average_at_start": os.getloadavg()[0],
    }
    gold = args.shared / "gold-dev" / "plover_dev.jsonl"
    if gold.is_file():
        score = score_places(gold, coder)
        results["plover_dev_event_loc"] = {
            "names": list(score.names),
            "countries": list(score.countries),
            "rows": [r.__dict__ for r in score.rows],
        }
    for key, value in results.items():
        if key != "plover_dev_event_loc":
            sys.stdout.write(f"{key:32} {value}\n")
    if "plover_dev_event_loc" in results:
        loc = results["plover_dev_event_loc"]
        sys.stdout.write(
            f"plover_dev event_loc: name {loc['names'][0]}/{loc['names'][1]}, "
            f"country {loc['countries'][0]}/{loc['countries'][1]}\n"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
