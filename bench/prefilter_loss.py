"""Does the pre-filter lose events? Code the same texts with and without it and compare rows.

Gold-dev (`<shared>/gold-dev/*.jsonl`, one or two sentences per record) and, with --news N,
the first N articles of each news corpus (whole articles, so cross-sentence coreference is
exercised too). Each text is split into paragraphs and sentences as the pipeline splits them,
coded once with every sentence parsed and once with only the sentences the filter keeps, and
the two lists of `Event` rows are compared field by field. Writes
`bench/results/prefilter.json`.

    python bench/prefilter_loss.py [--shared DIR] [--news 100]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

RESULTS = REPO / "bench" / "results" / "prefilter.json"


@dataclass(frozen=True)
class Text:
    id: str
    text: str
    published: dt.date | None


def load_texts(path: Path, limit: int | None = None) -> list[Text]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                break
            row = json.loads(line)
            day = row.get("date")
            published = dt.date.fromisoformat(day[:10]) if day else None
            out.append(Text(row["id"], row["text"], published))
    return out


def to_articles(texts: Iterable[Text]) -> list:
    """Texts as the coding stage sees them: canonical articles of English sentences."""
    from etl.records import DatePrecision, Sentence
    from etl.stages.coding import ArticleToCode, split_paragraphs
    from etl.stages.nlp import sentencizer

    splitter = sentencizer()
    articles = []
    for t in texts:
        sentences = []
        for p, paragraph in enumerate(split_paragraphs(t.text)):
            for sent in splitter(paragraph).sents:
                text = sent.text.strip()
                if not text:
                    continue
                start = sent.start_char + len(sent.text) - len(sent.text.lstrip())
                sentences.append(
                    Sentence(
                        sentence_id=f"{t.id}:{p}:{len(sentences)}",
                        article_id=t.id,
                        paragraph_index=p,
                        sentence_index=len(sentences),
                        start=start,
                        end=start + len(text),
                        language="en",
                        coded=True,
                        text=text,
                    )
                )
        articles.append(
            ArticleToCode(
                article_id=t.id,
                cluster_id=t.id,
                published=t.published,
                published_precision=(DatePrecision.DAY if t.published else DatePrecision.UNKNOWN),
                sentences=sentences,
            )
        )
    return articles


def compare(coder, sentence_filter, texts: list[Text], batch_size: int = 64) -> dict:
    """Events with every sentence parsed vs. only the kept ones; the differences listed."""
    from etl.stages.coding import ArticleToCode
    from etl.stages.prefilter import prefilter_sentences

    articles = to_articles(texts)
    started = time.perf_counter()
    full = [e for out in coder.code_articles(articles, batch_size=batch_size) for e in out.events]
    full_seconds = time.perf_counter() - started
    started = time.perf_counter()
    filtered_articles = [
        ArticleToCode(
            article_id=a.article_id,
            cluster_id=a.cluster_id,
            published=a.published,
            published_precision=a.published_precision,
            sentences=prefilter_sentences(a.sentences, sentence_filter),
        )
        for a in articles
    ]
    filter_seconds = time.perf_counter() - started
    kept = [e for out in coder.code_articles(filtered_articles, batch_size=batch_size)
            for e in out.events]  # fmt: skip
    kept_seconds = time.perf_counter() - started
    # Before skipped sentences were context: the resolver never saw them.
    no_context = [e for out in coder.code_articles(filtered_articles, batch_size=batch_size,
                                                   context=False) for e in out.events]  # fmt: skip
    lost, gained, changed = _differences(full, kept)
    lost_nc, gained_nc, changed_nc = _differences(full, no_context)
    sentences = [s for a in articles for s in a.sentences]
    words = sum(len(s.text.split()) for s in sentences)
    kept_sentences = [s for a in filtered_articles for s in a.sentences if s.coded]
    return {
        "texts": len(texts),
        "sentences": len(sentences),
        "sentences_kept": len(kept_sentences),
        "words": words,
        "words_kept": sum(len(s.text.split()) for s in kept_sentences),
        "events": len(full),
        "events_with_filter": len(kept),
        "identical": full == kept,
        "lost": [_brief(e) for e in lost],
        "gained": [_brief(e) for e in gained],
        "changed": changed,
        "without_context": {
            "events_with_filter": len(no_context),
            "lost": len(lost_nc),
            "gained": len(gained_nc),
            "changed": len(changed_nc),
        },
        "seconds_all_parsed": full_seconds,
        "seconds_filtered": kept_seconds,
        "seconds_filter_only": filter_seconds,
    }


def _differences(full: list, kept: list) -> tuple[list, list, list]:
    """Rows only in `full`, rows only in `kept`, and ids of rows in both that differ."""
    full_rows = {e.event_id: e for e in full}
    kept_rows = {e.event_id: e for e in kept}
    lost = [full_rows[k] for k in full_rows.keys() - kept_rows.keys()]
    gained = [kept_rows[k] for k in kept_rows.keys() - full_rows.keys()]
    changed = [k for k in full_rows.keys() & kept_rows.keys() if full_rows[k] != kept_rows[k]]
    return lost, gained, changed


def _brief(event) -> dict:
    return {
        "sentence_id": event.sentence_id,
        "event": f"{event.source_code} {event.cameo_code} {event.target_code}",
        "rule_id": event.rule_id,
        "sentence": event.sentence_text,
    }


def main(argv: list[str] | None = None) -> int:
    from etl.settings import Settings
    from etl.stages.coding import build_coder
    from etl.stages.nlp import load_model
    from etl.stages.prefilter import SentenceFilter

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=None)
    parser.add_argument("--news", type=int, default=0, help="Articles per news corpus.")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    settings = Settings() if args.shared is None else Settings(shared_dir=args.shared)
    nlp = load_model(settings.resolved_model())
    coder = build_coder(nlp)
    sentence_filter = SentenceFilter.for_coder(nlp, coder.resolver, coder.lexicon)
    gold = sorted((settings.shared_dir / "gold-dev").glob("*.jsonl"))
    sets = {path.stem: load_texts(path) for path in gold}
    if args.news:
        for name in ("wikinews_2019_2020", "bbc_news_2225"):
            sets[f"news/{name}"] = load_texts(
                settings.shared_dir / "news" / f"{name}.jsonl", args.news
            )
    results = {}
    for name, texts in sets.items():
        result = compare(coder, sentence_filter, texts)
        results[name] = result
        sys.stdout.write(
            f"{name}: {result['texts']} texts, {result['sentences']} sentences, kept "
            f"{result['sentences_kept']} ({result['words_kept'] / max(result['words'], 1):.0%} of "
            f"words); events {result['events']} all parsed, {result['events_with_filter']} "
            f"filtered; identical={result['identical']} lost={len(result['lost'])} "
            f"gained={len(result['gained'])} changed={len(result['changed'])} (without "
            f"context: {result['without_context']})\n"
        )
        for e in result["lost"][:10]:
            sys.stdout.write(f"  lost {e['event']} {e['rule_id']}: {e['sentence'][:140]}\n")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, args.out)
    return 0 if all(r["identical"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
