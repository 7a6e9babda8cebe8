"""Scores of predicted events against gold: sentence class, matched events and actor spans.

What is measured, and why:

* **Sentence level** (`quad_accuracy`, `quad_macro_f1`, `per_class`, `confusion`): the class of
  the coder's *main* event (the first one it lists) against the gold class. Classes are the
  Phoenix 0-4 scheme (`penta_class` in the project's CAMEO table: 0 neutral statements and
  appeals, 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict)
  for both gold shapes, because that is the scheme the ConfliBERT gold uses; `none` is the class
  of a sentence without events. For an events-shaped record the gold class is that of its first
  event (or `none` when it expects no event). A sentence the coder leaves without an event
  counts as a wrong `none` prediction, so low coverage lowers accuracy; it is not dropped.
  Macro-F1 averages the per-class F1 over the classes present in the gold (a `none` prediction
  for a gold-class sentence costs that class recall, but `none` is not itself averaged unless
  the gold has `none` sentences).
* **Event level** (`levels`): predicted and gold events of a record are matched as multisets,
  then counts are summed over records (micro precision, recall and F1) at three levels:
  `quad` (class only), `root_country` (CAMEO root + source and target country, the country
  being the first three characters of the actor code, as in PETRARCH's codes) and `full`
  (full event code + full actor codes). Only events-shaped gold has events, so for a
  penta_class-only file `levels` holds just `quad`, computed per sentence: precision over the
  sentences the coder coded, recall over all sentences.
* **Exact set** (`exact`, events-shaped gold): a record counts when the set of (source,
  target, code) the coder gives is exactly the gold set (a record that expects no event or
  must be rejected counts when nothing is coded), as PETRARCH's validation suites judge a
  coder; given over all records, per `suite` and per `category`.
* **Spans** (`span_agreement`, ConfliBERT records with `spans`): SQuAD-style token-overlap F1
  (lower-cased word tokens, articles dropped) between the main event's source/target text and
  the best-matching gold span, averaged over records (no prediction scores 0), plus the
  exact-match rate and the same F1 over coded records only.

Gold codes that are not CAMEO codes (the PETRARCH unit tests use some WEIS codes such as `904`)
have class `unknown`: they can only match at the `full` and `root_country` levels, and records
whose gold class is unknown are left out of the sentence-level figures (and counted).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from etl.cameo import codebook
from etl.evaluation.coders import CodeFn, PredictedEvent
from etl.evaluation.gold import GoldEvent, GoldItem

NONE = "none"
UNKNOWN = "unknown"
LEVELS = ("quad", "root_country", "full")


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    support: int  # gold count (events, or sentences of the class)


def _score(tp: int, n_pred: int, n_gold: int) -> Score:
    """P/R/F1 from counts; an undefined ratio (nothing predicted, nothing expected) is 0."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Score(p, r, f, n_gold)


@dataclass(frozen=True)
class EvaluationReport:
    n_items: int  # records scored
    levels: dict[str, Score]
    quad_accuracy: float | None
    quad_macro_f1: float | None
    per_class: dict[str, Score]
    confusion: dict[str, dict[str, int]]  # gold class -> predicted class -> count
    span_agreement: dict[str, float] | None
    rows: list[dict]
    coverage: float = 0.0  # share of scored records with at least one predicted event
    n_skipped: int = 0  # records marked `"evaluate": false`
    n_sentence_level: int = 0  # records in the sentence-level figures
    expected_errors: int = 0  # records that must be rejected
    rejected: int = 0  # ... of which the coder produced no event for
    gold_not_cameo: int = 0  # gold events whose code is not in the CAMEO codebook
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: exact-set agreement: "all", "suite <name>", "category <name>" -> (exact, records)
    exact: dict[str, tuple[int, int]] = field(default_factory=dict)


def event_class(code: str) -> str:
    """Phoenix class ('0'-'4') of a CAMEO code; 'unknown' if it is not a CAMEO code."""
    book = codebook()
    if not book.is_valid_event(code):
        return UNKNOWN
    return str(book.event(code).penta_class)


def _predicted_class(event: PredictedEvent) -> str:
    # A coder emitting a code outside the codebook is a bug, not a miss: fail loudly (E010).
    # Except a user's code taken as written in replace mode (a validation set's WEIS `904`).
    if event.user_code:
        return event_class(event.code)
    return str(codebook().event(event.code).penta_class)


def _country(actor_code: str) -> str:
    return actor_code[:3]


def _keys(level: str, code: str, source: str, target: str, cls: str) -> tuple[str, ...]:
    if level == "quad":
        return (cls,)
    if level == "root_country":
        return (code[:2], _country(source), _country(target))
    return (code, source, target)


_ARTICLES = frozenset({"a", "an", "the"})


def _tokens(text: str) -> list[str]:
    return [t for t in re.findall(r"\w+", text.lower()) if t not in _ARTICLES]


def token_f1(predicted: str, gold: str) -> float:
    """SQuAD-style token-overlap F1 between two strings (lower-cased, articles dropped)."""
    p, g = _tokens(predicted), _tokens(gold)
    if not p or not g:
        return float(p == g)
    common = sum((Counter(p) & Counter(g)).values())
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def _normalised(text: str) -> str:
    return " ".join(_tokens(text))


def _span_scores(
    items: Sequence[GoldItem], preds: Sequence[list[PredictedEvent]]
) -> dict[str, float] | None:
    sums: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for item, pred in zip(items, preds, strict=True):
        if not item.spans:
            continue
        for side in ("source", "target"):
            golds = item.spans.get(side) or []
            if not golds:
                continue
            counts[side] += 1
            if not pred:
                continue
            text = pred[0].source_text if side == "source" else pred[0].target_text
            sums[f"{side}_token_f1"] += max(token_f1(text, g) for g in golds)
            sums[f"{side}_exact"] += float(any(_normalised(text) == _normalised(g) for g in golds))
            counts[f"{side}_coded"] += 1
    if not counts:
        return None
    out: dict[str, float] = {}
    for side in ("source", "target"):
        n, coded = counts[side], counts[f"{side}_coded"]
        if not n:
            continue
        out[f"{side}_token_f1"] = sums[f"{side}_token_f1"] / n
        out[f"{side}_exact"] = sums[f"{side}_exact"] / n
        out[f"{side}_token_f1_coded"] = sums[f"{side}_token_f1"] / coded if coded else 0.0
        out[f"{side}_n"] = float(n)
        out[f"{side}_coded_share"] = coded / n
    return out


def _gold_class(item: GoldItem) -> str:
    if item.penta_class is not None:
        return str(item.penta_class)
    if item.events:
        return event_class(item.events[0].code)
    return NONE


def _fmt_events(events: Iterable[GoldEvent | PredictedEvent]) -> str:
    return "; ".join(f"{e.source} {e.code} {e.target}" for e in events)


def evaluate(items: list[GoldItem], code_fn: CodeFn) -> EvaluationReport:
    """Code the scored gold items in one batch and compute every figure of the report."""
    scored = [i for i in items if i.scored]
    preds = code_fn([(i.id, i.text, i.date) for i in scored]) if scored else []
    if len(preds) != len(scored):
        raise ValueError(
            f"the coder returned {len(preds)} results for {len(scored)} gold items; "
            "a CodeFn must return one list (possibly empty) per item, in order"
        )

    # Sentence level.
    confusion: dict[str, Counter[str]] = {}
    n_sentence = correct = n_coded_sentences = 0
    # Event level.
    tp = dict.fromkeys(LEVELS, 0)
    n_gold = n_pred = 0
    has_events = False
    gold_not_cameo = expected_errors = rejected = 0
    rows: list[dict] = []
    exact: dict[str, list[int]] = {}

    for item, pred in zip(scored, preds, strict=True):
        pred_class = _predicted_class(pred[0]) if pred else NONE
        gold_class = _gold_class(item)
        if gold_class != UNKNOWN:
            n_sentence += 1
            correct += gold_class == pred_class
            n_coded_sentences += pred_class != NONE
            confusion.setdefault(gold_class, Counter())[pred_class] += 1
        if item.expected_error is not None:
            expected_errors += 1
            rejected += not pred
        same = None
        if item.events is not None:
            same = {(e.source, e.target, e.code) for e in item.events} == {
                (e.source, e.target, e.code) for e in pred
            }
            for key in ("all", f"suite {item.suite}", f"category {item.category}"):
                if key.endswith(" "):
                    continue  # a record without a suite or category
                counts = exact.setdefault(key, [0, 0])
                counts[0] += same
                counts[1] += 1
            has_events = True
            gold_classes = [event_class(e.code) for e in item.events]
            gold_not_cameo += gold_classes.count(UNKNOWN)
            pred_classes = [_predicted_class(e) for e in pred]
            n_gold += len(item.events)
            n_pred += len(pred)
            for level in LEVELS:
                g = Counter(
                    _keys(level, e.code, e.source, e.target, c)
                    for e, c in zip(item.events, gold_classes, strict=True)
                )
                p = Counter(
                    _keys(level, e.code, e.source, e.target, c)
                    for e, c in zip(pred, pred_classes, strict=True)
                )
                tp[level] += sum((g & p).values())
        rows.append(
            {
                "id": item.id,
                "text": item.text,
                "date": item.date.isoformat() if item.date else "",
                "gold_class": gold_class,
                "predicted_class": pred_class,
                "class_correct": gold_class == pred_class,
                "gold_events": _fmt_events(item.events or []),
                "predicted_events": _fmt_events(pred),
                "n_predicted": len(pred),
                "exact": "" if same is None else same,
                "expected_error": item.expected_error or "",
                "gold_source_spans": " | ".join((item.spans or {}).get("source", [])),
                "gold_target_spans": " | ".join((item.spans or {}).get("target", [])),
                "predicted_source_text": pred[0].source_text if pred else "",
                "predicted_target_text": pred[0].target_text if pred else "",
            }
        )

    labels = sorted(set(confusion) | {p for c in confusion.values() for p in c})
    per_class: dict[str, Score] = {}
    for label in labels:
        hits = confusion.get(label, Counter())[label]
        predicted = sum(c[label] for c in confusion.values())
        support = sum(confusion.get(label, Counter()).values())
        per_class[label] = _score(hits, predicted, support)
    gold_labels = [label for label in labels if per_class[label].support]
    macro = (
        sum(per_class[label].f1 for label in gold_labels) / len(gold_labels)
        if gold_labels
        else None
    )

    notes: list[str] = []
    if has_events:
        levels = {level: _score(tp[level], n_pred, n_gold) for level in LEVELS}
    elif n_sentence:
        levels = {"quad": _score(correct, n_coded_sentences, n_sentence)}
        notes.append(
            "The gold has classes, not events: 'quad' is per sentence (precision over coded "
            "sentences, recall over all); root_country and full levels need events-shaped gold."
        )
    else:
        levels = {}
    if gold_not_cameo:
        notes.append(
            f"{gold_not_cameo} gold event(s) use codes outside the CAMEO codebook (class "
            "'unknown'); they can match only at the root_country and full levels."
        )
    if len(scored) < len(items):
        notes.append(f'{len(items) - len(scored)} record(s) marked "evaluate": false skipped.')

    coded = sum(1 for p in preds if p)
    return EvaluationReport(
        n_items=len(scored),
        levels=levels,
        quad_accuracy=correct / n_sentence if n_sentence else None,
        quad_macro_f1=macro,
        per_class=per_class,
        confusion={g: dict(sorted(c.items())) for g, c in sorted(confusion.items())},
        span_agreement=_span_scores(scored, preds),
        rows=rows,
        coverage=coded / len(scored) if scored else 0.0,
        n_skipped=len(items) - len(scored),
        n_sentence_level=n_sentence,
        expected_errors=expected_errors,
        rejected=rejected,
        gold_not_cameo=gold_not_cameo,
        notes=tuple(notes),
        exact={k: (v[0], v[1]) for k, v in sorted(exact.items(), key=_exact_order)},
    )


def _exact_order(item: tuple[str, list[int]]) -> tuple[int, str]:
    key = item[0]
    return (0 if key == "all" else 1 if key.startswith("suite ") else 2, key)
