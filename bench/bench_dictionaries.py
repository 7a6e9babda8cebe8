"""Load time of a PETRARCH/Phoenix dictionary set and coding throughput with it, in one process.

Measured against the project's own dictionaries in the same process (ratios, not seconds,
are what carry over to another machine):

1. load: the project's own dictionaries; the user's set *cold* (read, converted and layered,
   into an empty cache folder); the same set *cached* (the cache file read back, as a second
   command or each worker process of a run reads it);
2. coding: the first N articles of the news corpora (`<shared>/news`), pre-filtered with each
   coder's own filter, through `code_batch` with one process, with the own dictionaries and
   with the set layered on them.

Prints the figures and the ratios and writes `bench/results/dictionaries.json`.

    python bench/bench_dictionaries.py [--dictionaries DIR] [--articles 100]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

RESULTS = REPO / "bench" / "results" / "dictionaries.json"


def _timed(run):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    value = run()
    return value, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    from bench.bench_coding import _article_texts
    from bench.prefilter_loss import Text, to_articles
    from etl.coding import dictionary_set as ds
    from etl.coding.nlp import load_model
    from etl.coding.pool import build_coder
    from etl.coding.prefilter import SentenceFilter, prefilter_sentences
    from etl.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--dictionaries", type=Path, default=None, help="Default: phoenix-dicts.")
    parser.add_argument("--articles", type=int, default=100, help="Articles over both corpora.")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    folder = args.dictionaries or args.shared / "phoenix-dicts"
    if not folder.is_dir() or not (args.shared / "news").is_dir():
        sys.stdout.write(f"skipped: no {folder} or no news corpora under {args.shared}\n")
        return 0
    model = Settings(shared_dir=args.shared).resolved_model()
    nlp = load_model(model)
    results: dict = {"dictionaries": str(folder), "model": model}

    with tempfile.TemporaryDirectory(prefix="etl-bench-dicts-") as cache:
        spec = ds.DictionarySpec(paths=(str(folder),), cache_dir=cache)
        ds._resolve_own.cache_clear()
        own, own_s = _timed(lambda: ds.resolve_dictionaries(ds.DictionarySpec()))
        ds._resolve_cached.cache_clear()
        layered, cold_s = _timed(lambda: ds.resolve_dictionaries(spec))
        ds._resolve_cached.cache_clear()  # as a new process would: read the cache file
        _again, cached_s = _timed(lambda: ds.resolve_dictionaries(spec))
        cache_bytes = sum(p.stat().st_size for p in Path(cache).glob("*" + ds.CACHE_SUFFIX))
        results["load"] = {
            "own_seconds": round(own_s, 3),
            "cold_seconds": round(cold_s, 2),
            "cached_seconds": round(cached_s, 2),
            "cold_over_cached": round(cold_s / cached_s, 2),
            "cache_mb": round(cache_bytes / 1e6, 1),
            "surfaces_own": len(own.actors.surfaces),
            "surfaces_layered": len(layered.actors.surfaces),
            "lexicon_entries_own": len(own.lexicon.entries),
            "lexicon_entries_layered": len(layered.lexicon.entries),
            "not_carried": layered.not_carried,
        }

        rows = _article_texts(args.shared, args.articles)
        texts = [Text(r["id"], r["text"], None) for r in rows]
        for name, s in (("own", None), ("layered", spec)):
            coder = build_coder(nlp, s)
            keep = SentenceFilter.for_coder(nlp, coder.resolver, coder.lexicon)
            articles = [
                replace(a, sentences=prefilter_sentences(a.sentences, keep))
                for a in to_articles(texts)
            ]
            outputs, seconds = _timed(lambda c=coder, a=articles: list(c.code_articles(a)))
            sentences = sum(len(a.sentences) for a in articles)
            results[f"coding_{name}"] = {
                "seconds": round(seconds, 2),
                "sentences": sentences,
                "sentences_parsed": sum(s.coded for a in articles for s in a.sentences),
                "sentences_per_s": round(sentences / seconds, 1),
                "events": sum(len(o.events) for o in outputs),
            }
    own_rate = results["coding_own"]["sentences_per_s"]
    results["throughput_layered_over_own"] = round(
        results["coding_layered"]["sentences_per_s"] / own_rate, 2
    )
    results["articles"] = len(rows)
    results["load_average_at_start"] = os.getloadavg()[0]
    load = results["load"]
    sys.stdout.write(
        f"load: own {load['own_seconds']:.2f} s, {folder.name} cold {load['cold_seconds']:.2f} s, "
        f"cached {load['cached_seconds']:.2f} s ({load['cold_over_cached']:.1f}x faster)\n"
    )
    for name in ("own", "layered"):
        r = results[f"coding_{name}"]
        sys.stdout.write(
            f"coding {name:8} {r['seconds']:6.1f} s  {r['sentences_per_s']:6.1f} sentences/s  "
            f"{r['sentences_parsed']} parsed  {r['events']} events\n"
        )
    sys.stdout.write(f"throughput layered / own: {results['throughput_layered_over_own']:.2f}\n")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
