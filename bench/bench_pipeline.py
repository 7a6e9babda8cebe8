"""Throughput and memory of the whole pipeline against bare spaCy parsing (issue 6).

For each size k in --sizes (default 1,4,16) the two news corpora under `<shared>/news/`
(2,518 articles, ~1.06 M words) are written k times into a temporary input folder, copy 0 as
is and copies 1..k-1 with small random edits (fixed seed) so that dedup keeps them apart; then
`etl run --n-process 2` (the same `run_pipeline` call, in-process Dagster executor, spaCy with
two processes in the coding stage) runs on it in a child process. In the same run a baseline
child parses the same texts with `nlp.pipe(batch_size=64, n_process=1)`, full pipeline, same
model, and nothing else.

Printed and written to `bench/results/pipeline.json`: articles/s, words/s, sentences/s, peak
RSS (the largest single process, from `wait4`'s rusage, and the whole process tree, sampled
from /proc), seconds per Dagster step, and the ratio pipeline words/s / baseline words/s.

    python bench/bench_pipeline.py [--sizes 1,4,16] [--shared DIR] [--limit N] [--no-baseline]

Edits, per copy: inside every sentence, a share `--edit-rate` (default 0.2: one word in five)
of the words change places with other words of the same sentence. The sentence keeps its words,
so actors and triggers stay in it and the pre-filter passes about the same share of sentences,
but the word 5-shingles that near-duplicate detection compares are broken (estimated
containment of a copy in its original at most 0.45 on this corpus, below dedup's 0.6). Every
digit is redrawn, titles get the same treatment, and a dated article's copy k is moved by 11*k
days, so no two copies fall within the story tier's 3-day window. Ids get a `~<copy>` suffix.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(REPO))

CORPORA = ("bbc_news_2225.jsonl", "wikinews_2019_2020.jsonl")
RESULTS = REPO / "bench" / "results" / "pipeline.json"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_DIGIT = re.compile(r"\d")
#: Steps that curate dictionaries rather than code events (actor and verb candidates): the
#: benchmark also reports the throughput without them.
CURATION_STEPS = ("discovery",)
#: Copy k of a dated article is dated 11*k days later: outside dedup's story window (3 days).
DAYS_PER_COPY = 11


# ---- corpus ----------------------------------------------------------------------------------


def load_articles(shared: Path, limit: int | None = None) -> list[dict]:
    """The articles of both corpora (the first `limit` of each when given), fields as stored."""
    rows: list[dict] = []
    for name in CORPORA:
        with open(shared / "news" / name, encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if limit is not None and i >= limit:
                    break
                rows.append(json.loads(line))
    return rows


def _swap_words(sentence: str, rng: random.Random, rate: float) -> str:
    words = sentence.split(" ")
    if len(words) < 4:
        return sentence
    swaps = max(1, round(len(words) * rate / 2))
    for _ in range(swaps):
        i, j = rng.sample(range(len(words)), 2)
        words[i], words[j] = words[j], words[i]
    return " ".join(words)


def edit_text(text: str, rng: random.Random, rate: float) -> str:
    """Swap words inside each sentence and redraw every digit (see the module docstring)."""
    lines = []
    for line in text.split("\n"):
        parts = _SENTENCE_END.split(line)
        lines.append(" ".join(_swap_words(p, rng, rate) for p in parts))
    return _DIGIT.sub(lambda _: str(rng.randrange(10)), "\n".join(lines))


def edited_copy(article: dict, copy: int, rng: random.Random, rate: float) -> dict:
    """Copy number `copy` (>= 1) of an article, with a new id, text, title and date."""
    out = dict(article)
    out["id"] = f"{article['id']}~{copy}"
    out["text"] = edit_text(article["text"], rng, rate)
    if article.get("title"):
        out["title"] = edit_text(article["title"], rng, rate)
    if article.get("date"):
        day = dt.date.fromisoformat(article["date"][:10])
        out["date"] = (day + dt.timedelta(days=DAYS_PER_COPY * copy)).isoformat()
    return out


def corpus_copies(articles: list[dict], size: int, seed: int, rate: float) -> Iterator[list[dict]]:
    """The corpus `size` times: copy 0 unchanged, then edited copies; one list per copy."""
    rng = random.Random(seed)
    for copy in range(size):
        if copy == 0:
            yield articles
        else:
            yield [edited_copy(a, copy, rng, rate) for a in articles]


def write_corpus(articles: list[dict], size: int, folder: Path, seed: int, rate: float) -> dict:
    """Stream the corpus into `folder`, one JSONL file per copy (ingest caps a file at 64 MB)."""
    folder.mkdir(parents=True, exist_ok=True)
    n_articles = n_words = 0
    for copy, rows in enumerate(corpus_copies(articles, size, seed, rate)):
        with open(folder / f"copy-{copy:03d}.jsonl", "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                n_articles += 1
                n_words += len(row["text"].split())
    return {"articles": n_articles, "words": n_words}


def write_increment(
    articles: list[dict], size: int, folder: Path, seed: int, rate: float, share: float
) -> dict:
    """A new file of `share` x the corpus: edited copies numbered `size` (unused so far)."""
    rng = random.Random(seed + size)
    n = max(1, round(len(articles) * size * share))
    picked = [articles[rng.randrange(len(articles))] for _ in range(n)]
    n_words = 0
    with open(folder / "zz-increment.jsonl", "w", encoding="utf-8") as fh:
        for k, article in enumerate(picked):
            row = edited_copy(article, size, rng, rate)
            row["id"] = f"{row['id']}#{k}"
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n_words += len(row["text"].split())
    return {"articles": n, "words": n_words}


def iter_texts(folder: Path) -> Iterator[str]:
    for path in sorted(folder.glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)["text"]


# ---- children --------------------------------------------------------------------------------


def child_pipeline(
    input: Path, warehouse: Path, n_process: int, out: Path, prefilter: bool = True
) -> None:
    """`etl run --input INPUT --warehouse WAREHOUSE --n-process N`, figures to `out`."""
    import duckdb

    from etl.runner import run_pipeline
    from etl.settings import Settings

    knobs: dict = {"n_process": n_process, "batch_size": 64}
    if "prefilter" in Settings.model_fields:  # the pre-filter switch, where the pipeline has it
        knobs["prefilter"] = prefilter
    settings = Settings(input=input, warehouse=warehouse, **knobs)
    started = time.perf_counter()
    result = run_pipeline(settings)
    seconds = time.perf_counter() - started
    counts: dict[str, int | None] = {}
    if (warehouse / "events.duckdb").exists():
        con = duckdb.connect(str(warehouse / "events.duckdb"), read_only=True)
        try:
            for name, sql in {
                "articles": "SELECT count(*) FROM articles",
                "canonical_articles": "SELECT count(*) FROM duplicate_clusters WHERE is_canonical",
                "sentences": "SELECT count(*) FROM sentences",
                "sentences_coded": "SELECT count(*) FROM sentences WHERE coded",
                "actor_mentions": "SELECT count(*) FROM actor_mentions",
                "events": "SELECT count(*) FROM events",
            }.items():
                try:
                    counts[name] = con.execute(sql).fetchone()[0]
                except duckdb.Error:
                    counts[name] = None
        finally:
            con.close()
    out.write_text(
        json.dumps(
            {
                "success": result.success,
                "failures": result.failures[:20],
                "seconds": seconds,
                "prefilter": getattr(settings, "prefilter", None),
                "step_seconds": result.step_seconds,
                "counts": counts,
            }
        ),
        encoding="utf-8",
    )


def child_baseline(input: Path, model: str, out: Path) -> None:
    """Bare spaCy: the full pipeline over every text, one process, batch_size=64."""
    from etl.coding.nlp import load_model

    nlp = load_model(model)
    started = time.perf_counter()
    texts = words = sentences = 0
    for doc in nlp.pipe(iter_texts(input), batch_size=64, n_process=1):
        texts += 1
        words += len(doc.text.split())
        sentences += sum(1 for _ in doc.sents)
    seconds = time.perf_counter() - started
    out.write_text(
        json.dumps({"seconds": seconds, "texts": texts, "words": words, "sentences": sentences}),
        encoding="utf-8",
    )


# ---- measuring a child -----------------------------------------------------------------------


def _tree_memory_kb(root: int) -> tuple[int, int]:
    """(summed VmRSS, summed Pss) of `root` and its descendants, from /proc (0 if unreadable).

    RSS counts pages shared between a parent and its forked spaCy workers once per process;
    PSS divides each shared page among its sharers, so the PSS sum is the tree's real share.
    """
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    rss = pss = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            continue
    return rss, pss


def run_child(args: list[str], log: Path) -> dict:
    """Run this script in a child mode; return wall time, peak RSS (max process, tree sum)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    started = time.perf_counter()
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, cwd=REPO)
    peak_rss = [0]
    peak_pss = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            rss, pss = _tree_memory_kb(proc.pid)
            peak_rss[0] = max(peak_rss[0], rss)
            peak_pss[0] = max(peak_pss[0], pss)
            done.wait(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    return {
        "returncode": proc.returncode,
        "wall_seconds": time.perf_counter() - started,
        # ru_maxrss (KiB on Linux) of the child and the descendants it waited for: the largest
        # single process, e.g. one spaCy worker or the Dagster process.
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "peak_tree_rss_mb": peak_rss[0] / 1024,
        "peak_tree_pss_mb": peak_pss[0] / 1024,
    }


# ---- the benchmark ---------------------------------------------------------------------------


def say(text: str) -> None:
    """A line of the report on stdout (the script's output, not logging)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _rate(n: float, seconds: float) -> float:
    return n / seconds if seconds > 0 else float("nan")


def bench(
    shared: Path,
    sizes: list[int],
    baseline: bool,
    limit: int | None,
    seed: int,
    edit_rate: float,
    n_process: int,
    workdir: Path,
    model: str,
    prefilter: bool = True,
    increment: float = 0.01,
) -> dict:
    articles = load_articles(shared, limit)
    results: dict = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": os.getloadavg(),
        },
        "config": {
            "sizes": sizes,
            "limit_per_corpus": limit,
            "seed": seed,
            "edit_rate": edit_rate,
            "pipeline": f"etl run --n-process {n_process} --batch-size 64 (in-process executor)",
            "prefilter": prefilter,
            "baseline": "nlp.pipe(texts, batch_size=64, n_process=1), full pipeline",
            "model": model,
        },
        "corpus_articles": len(articles),
        "baseline": None,
        "runs": [],
    }
    corpus_1x = workdir / "input-1x"
    info_1x = write_corpus(articles, 1, corpus_1x, seed, edit_rate)
    if baseline:
        out = workdir / "baseline.json"
        meas = run_child(["--child-baseline", str(corpus_1x), model, str(out)], workdir / "b.log")
        if meas["returncode"] != 0:
            raise SystemExit(f"baseline failed; see {workdir / 'b.log'}")
        figures = json.loads(out.read_text())
        results["baseline"] = {
            **figures,
            **meas,
            "articles_per_s": _rate(figures["texts"], figures["seconds"]),
            "words_per_s": _rate(figures["words"], figures["seconds"]),
            "sentences_per_s": _rate(figures["sentences"], figures["seconds"]),
        }
        _print_baseline(results["baseline"])
    for size in sizes:
        folder = corpus_1x if size == 1 else workdir / f"input-{size}x"
        info = info_1x if size == 1 else write_corpus(articles, size, folder, seed, edit_rate)
        warehouse = workdir / f"warehouse-{size}x"
        out = workdir / f"run-{size}x.json"
        child = ["--child-pipeline", str(folder), str(warehouse), str(n_process), str(out)]
        meas = run_child([*child, "1" if prefilter else "0"], workdir / f"run-{size}x.log")
        figures = json.loads(out.read_text()) if out.exists() else {"success": False}
        seconds = figures.get("seconds", meas["wall_seconds"])
        sentences = (figures.get("counts") or {}).get("sentences") or 0
        run = {
            "size": size,
            "input_articles": info["articles"],
            "input_words": info["words"],
            **figures,
            **meas,
            "articles_per_s": _rate(info["articles"], seconds),
            "words_per_s": _rate(info["words"], seconds),
            "sentences_per_s": _rate(sentences, seconds),
        }
        curation = sum((figures.get("step_seconds") or {}).get(k, 0.0) for k in CURATION_STEPS)
        run["seconds_without_curation"] = seconds - curation
        run["words_per_s_without_curation"] = _rate(info["words"], seconds - curation)
        if results["baseline"]:
            base = results["baseline"]["words_per_s"]
            run["ratio_to_baseline"] = run["words_per_s"] / base
            run["ratio_without_curation"] = run["words_per_s_without_curation"] / base
        if increment and run.get("success"):
            run["increment"] = _increment(
                articles,
                size,
                folder,
                warehouse,
                workdir,
                seed,
                edit_rate,
                n_process,
                seconds,
                increment,
            )
            _print_increment(run["increment"])
        results["runs"].append(run)
        _print_run(run)
        if size != 1:
            shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(warehouse, ignore_errors=True)
    one = next((r for r in results["runs"] if r["size"] == 1), None)
    for run in results["runs"]:
        if one is not None:
            run["rss_vs_1x"] = run["peak_rss_mb"] / one["peak_rss_mb"]
            run["tree_pss_vs_1x"] = run["peak_tree_pss_mb"] / one["peak_tree_pss_mb"]
    return results


def _increment(
    articles: list[dict],
    size: int,
    folder: Path,
    warehouse: Path,
    workdir: Path,
    seed: int,
    edit_rate: float,
    n_process: int,
    full_seconds: float,
    share: float,
) -> dict:
    """Add a file of new articles to the input and run again: only that batch is processed."""
    info = write_increment(articles, size, folder, seed, edit_rate, share)
    out = workdir / f"increment-{size}x.json"
    child = ["--child-pipeline", str(folder), str(warehouse), str(n_process), str(out), "1"]
    meas = run_child(child, workdir / f"increment-{size}x.log")
    figures = json.loads(out.read_text()) if out.exists() else {"success": False}
    seconds = figures.get("seconds", meas["wall_seconds"])
    (folder / "zz-increment.jsonl").unlink()
    return {
        "input_articles": info["articles"],
        "input_words": info["words"],
        **figures,
        **meas,
        "ratio_to_full_run": seconds / full_seconds if full_seconds else None,
    }


def _print_increment(r: dict) -> None:
    say(
        f"  + a new file of {r['input_articles']} articles: {r.get('seconds', 0):.1f} s = "
        f"{100 * (r.get('ratio_to_full_run') or 0):.1f}% of the full run "
        f"(success={r.get('success')}, peak RSS {r['peak_rss_mb']:.0f} MB)"
    )


def _print_baseline(b: dict) -> None:
    say(
        f"baseline spaCy nlp.pipe (1 process): {b['texts']} texts, {b['words']} words in "
        f"{b['seconds']:.1f} s = {b['words_per_s']:.0f} words/s, {b['articles_per_s']:.1f} "
        f"articles/s, {b['sentences_per_s']:.1f} sentences/s; peak RSS {b['peak_rss_mb']:.0f} MB"
    )


def _print_run(r: dict) -> None:
    counts = r.get("counts") or {}
    say(
        f"\npipeline {r['size']}x: {r['input_articles']} articles, {r['input_words']} words in "
        f"{r.get('seconds', float('nan')):.1f} s (success={r.get('success')})"
    )
    say(
        f"  {r['articles_per_s']:.1f} articles/s, {r['words_per_s']:.0f} words/s, "
        f"{r['sentences_per_s']:.1f} sentences/s"
        + (f", {r['ratio_to_baseline']:.2f}x baseline" if "ratio_to_baseline" in r else "")
    )
    say(
        f"  without the curation steps {CURATION_STEPS}: "
        f"{r['words_per_s_without_curation']:.0f} words/s"
        + (
            f", {r['ratio_without_curation']:.2f}x baseline"
            if "ratio_without_curation" in r
            else ""
        )
    )
    say(
        f"  peak memory: largest process RSS {r['peak_rss_mb']:.0f} MB; process tree "
        f"PSS {r['peak_tree_pss_mb']:.0f} MB (RSS sum {r['peak_tree_rss_mb']:.0f} MB)"
    )
    say("  counts: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    for step, seconds in sorted((r.get("step_seconds") or {}).items(), key=lambda kv: -kv[1]):
        say(f"  {step:<40} {seconds:8.2f} s")
    for failure in r.get("failures") or []:
        say(f"  FAILURE: {failure[:300]}")


def main(argv: list[str] | None = None) -> int:
    from etl.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--child-pipeline", nargs=5, metavar=("INPUT", "WH", "NPROC", "OUT", "PREFILTER")
    )
    parser.add_argument("--child-baseline", nargs=3, metavar=("INPUT", "MODEL", "OUT"))
    parser.add_argument("--shared", type=Path, default=None, help="Folder with news/.")
    parser.add_argument("--sizes", default="1,4,16", help="Corpus multiples, e.g. 1,4,16.")
    parser.add_argument("--limit", type=int, default=None, help="Articles per corpus (smoke).")
    parser.add_argument("--seed", type=int, default=20190923)
    parser.add_argument("--edit-rate", type=float, default=0.2, help="Share of words moved.")
    parser.add_argument("--n-process", type=int, default=2, help="spaCy processes (pipeline).")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument(
        "--no-prefilter", action="store_true", help="Parse every sentence (where switchable)."
    )
    parser.add_argument(
        "--increment",
        type=float,
        default=0.01,
        help="Share of new articles added after each run and run again (0: skip).",
    )
    parser.add_argument("--workdir", type=Path, default=None, help="Scratch (default: temp).")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    if args.child_pipeline:
        input, warehouse, n_process, out, prefilter = args.child_pipeline
        child_pipeline(Path(input), Path(warehouse), int(n_process), Path(out), prefilter == "1")
        return 0
    if args.child_baseline:
        input, model, out = args.child_baseline
        child_baseline(Path(input), model, Path(out))
        return 0

    settings = Settings() if args.shared is None else Settings(shared_dir=args.shared)
    if not (settings.shared_dir / "news").is_dir():
        sys.stderr.write(f"no news corpora under {settings.shared_dir}; pass --shared\n")
        return 2
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    own_workdir = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="etl-bench-")) if own_workdir else args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        results = bench(
            settings.shared_dir,
            sizes,
            baseline=not args.no_baseline,
            limit=args.limit,
            seed=args.seed,
            edit_rate=args.edit_rate,
            n_process=args.n_process,
            prefilter=not args.no_prefilter,
            increment=args.increment,
            workdir=workdir,
            model=settings.resolved_model(),
        )
    finally:
        if own_workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, args.out)
    say(f"\nwrote {args.out}")
    return 0 if all(r.get("success") for r in results["runs"]) else 1


if __name__ == "__main__":
    sys.exit(main())
