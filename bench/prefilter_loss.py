"""Does the pre-filter lose events? Code the same texts with and without it and compare rows.

Gold-dev (`<shared>/gold-dev/*.jsonl`, one or two sentences per record) and, with --news N,
the first N articles of each news corpus (whole articles, so cross-sentence coreference is
exercised too). Each text is split into paragraphs and sentences as the pipeline splits them,
coded once with every sentence parsed and once with only the sentences the filter keeps, and
the two lists of `Event` rows are compared field by field. Both actor tests are measured:
``article`` (the default of `SentenceFilter.for_coder`: dictionary phrases and coreference
cues, per article) and ``names`` (the old test: any capitalised word). With --shares N, the
share of sentences and words each keeps on the first N articles of each news corpus (no
coding). Writes `bench/results/prefilter.json`.

    python bench/prefilter_loss.py [--shared DIR] [--news 150] [--shares 300] [--filter article]
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
    from etl.coding.nlp import sentencizer
    from etl.coding.pool import ArticleToCode, split_paragraphs
    from etl.records import DatePrecision, Sentence

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


def code_all(coder, texts: list[Text], batch_size: int = 64) -> tuple[list, float]:
    """Events with every sentence parsed, and the seconds that took."""
    started = time.perf_counter()
    articles = to_articles(texts)
    full = [e for out in coder.code_articles(articles, batch_size=batch_size) for e in out.events]
    return full, time.perf_counter() - started


def compare(
    coder,
    sentence_filter,
    texts: list[Text],
    batch_size: int = 64,
    full: tuple[list, float] | None = None,
) -> dict:
    """Events with every sentence parsed vs. only the kept ones; the differences listed.

    `full` is `code_all` of the same texts when already at hand.
    """
    from etl.coding.pool import ArticleToCode
    from etl.coding.prefilter import prefilter_sentences

    articles = to_articles(texts)
    full, full_seconds = full if full is not None else code_all(coder, texts, batch_size)
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


def kept_shares(sentence_filter, texts: list[Text]) -> dict:
    """Sentences and words the filter keeps (to be parsed), without coding anything."""
    from etl.coding.prefilter import prefilter_sentences

    sentences = [s for a in to_articles(texts) for s in a.sentences]
    started = time.perf_counter()
    kept = [s for s in prefilter_sentences(sentences, sentence_filter) if s.coded]
    seconds = time.perf_counter() - started
    words = sum(len(s.text.split()) for s in sentences)
    words_kept = sum(len(s.text.split()) for s in kept)
    return {
        "texts": len(texts),
        "sentences": len(sentences),
        "sentences_kept": len(kept),
        "sentences_share": round(len(kept) / max(len(sentences), 1), 4),
        "words": words,
        "words_kept": words_kept,
        "words_share": round(words_kept / max(words, 1), 4),
        "seconds_filter_only": seconds,
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


NEWS = ("wikinews_2019_2020", "bbc_news_2225")
#: The actor tests compared: `for_coder(..., names=...)`.
FILTERS = {"article": False, "names": True}


def main(argv: list[str] | None = None) -> int:
    from etl.coding.nlp import load_model
    from etl.coding.pool import build_coder
    from etl.coding.prefilter import SentenceFilter
    from etl.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=None)
    parser.add_argument("--news", type=int, default=0, help="Articles per news corpus.")
    parser.add_argument("--shares", type=int, default=0, help="Articles per corpus, shares only.")
    parser.add_argument("--no-gold", action="store_true", help="Skip the gold-dev files.")
    parser.add_argument("--filter", choices=[*FILTERS, "both"], default="both")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    settings = Settings() if args.shared is None else Settings(shared_dir=args.shared)
    nlp = load_model(settings.resolved_model())
    coder = build_coder(nlp)
    modes = list(FILTERS) if args.filter == "both" else [args.filter]
    filters = {
        mode: SentenceFilter.for_coder(nlp, coder.resolver, coder.lexicon, names=FILTERS[mode])
        for mode in modes
    }
    sets: dict[str, list[Text]] = {}
    if not args.no_gold:
        for path in sorted((settings.shared_dir / "gold-dev").glob("*.jsonl")):
            sets[path.stem] = load_texts(path)
    for name in NEWS if args.news else ():
        sets[f"news/{name}"] = load_texts(settings.shared_dir / "news" / f"{name}.jsonl", args.news)
    results: dict[str, dict] = {mode: {} for mode in modes}
    identical = True
    for name, texts in sets.items():
        full = code_all(coder, texts)
        for mode in modes:
            result = compare(coder, filters[mode], texts, full=full)
            results[mode][name] = result
            share = result["words_kept"] / max(result["words"], 1)
            identical = identical and (result["identical"] or name.startswith("news/"))
            sys.stdout.write(
                f"[{mode}] {name}: {result['texts']} texts, {result['sentences']} sentences, "
                f"kept {result['sentences_kept']} ({share:.0%} of words); events "
                f"{result['events']} all parsed, {result['events_with_filter']} "
                f"filtered; identical={result['identical']} lost={len(result['lost'])} "
                f"gained={len(result['gained'])} changed={len(result['changed'])} (without "
                f"context: {result['without_context']})\n"
            )
            for e in result["lost"][:10]:
                sys.stdout.write(f"  lost {e['event']} {e['rule_id']}: {e['sentence'][:140]}\n")
    if args.shares:
        results["shares"] = {}
        for name in NEWS:
            texts = load_texts(settings.shared_dir / "news" / f"{name}.jsonl", args.shares)
            for mode in modes:
                share = kept_shares(filters[mode], texts)
                results["shares"][f"{mode}/news/{name}"] = share
                sys.stdout.write(
                    f"[{mode}] shares news/{name}: {share['texts']} texts, sentences "
                    f"{share['sentences_kept']}/{share['sentences']} "
                    f"({share['sentences_share']:.1%}), words {share['words_kept']}/"
                    f"{share['words']} ({share['words_share']:.1%})\n"
                )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, args.out)
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
