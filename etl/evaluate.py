"""Scoring the coder against hand-coded gold sentences (`etl evaluate GOLD.jsonl`).

Two gold shapes are read, one record per line (`../shared/gold-dev/` has one of each):

* **events** (PETRARCH validation shape): `text`, `date`, `events` [{`source`, `target`,
  `code`}], `expect_no_event`, and `expected_error` for records that must be rejected (a discard
  phrase, say) rather than coded. `evaluate: false` marks records the gold's authors do not
  score; they are skipped and counted.
* **penta_class** (ConfliBERT shape): `text`, `penta_class` 0-4 (Phoenix classes), and
  optionally `spans` {`source`: [...], `target`: [...]} with the actors' text.

A user validating the coder on their own sample writes either shape (`id` and `date` are
optional). What is measured, and why:

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
* **Spans** (`span_agreement`, ConfliBERT records with `spans`): SQuAD-style token-overlap F1
  (lower-cased word tokens, articles dropped) between the main event's source/target text and
  the best-matching gold span, averaged over records (no prediction scores 0), plus the
  exact-match rate and the same F1 over coded records only.

`etl evaluate --dictionaries PATH` codes with a user's PETRARCH/Phoenix dictionaries instead of
the project's own (`gold_code_fn`, `petrarch_code_fn`): their verbs, actors and agents are
converted by `etl.coding.petrarch`, and records that name their dictionary files (as
`petrarch_dev.jsonl` does) are each coded with their own set.

Gold codes that are not CAMEO codes (the PETRARCH unit tests use some WEIS codes such as `904`)
have class `unknown`: they can only match at the `full` and `root_country` levels, and records
whose gold class is unknown are left out of the sentence-level figures (and counted).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from etl.cameo import codebook
from etl.coding.petrarch import (
    DictionaryKind,
    DiscardList,
    PetrarchDictionaries,
    dictionary_kind,
    load_petrarch,
)
from etl.errors import Errors, EtlError
from etl.records import Event

if TYPE_CHECKING:
    from spacy.language import Language

#: Names of the Phoenix classes, for reports.
PENTA_NAMES = {
    "0": "neutral (01-02)",
    "1": "verbal cooperation (03-05)",
    "2": "material cooperation (06-08)",
    "3": "verbal conflict (09-13, 16)",
    "4": "material conflict (14-15, 17-20)",
    "none": "no event",
    "unknown": "not a CAMEO code",
}
NONE = "none"
UNKNOWN = "unknown"
LEVELS = ("quad", "root_country", "full")


# ---------------------------------------------------------------------------------------------
# Gold
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldEvent:
    source: str
    target: str
    code: str


@dataclass(frozen=True)
class GoldItem:
    """One gold sentence in either shape; fields of the other shape are None."""

    id: str
    text: str
    date: dt.date | None
    events: list[GoldEvent] | None  # events shape; [] when no event is expected
    penta_class: int | None  # penta_class shape (Phoenix 0-4)
    spans: dict[str, list[str]] | None  # {'source': [...], 'target': [...]}
    expect_no_event: bool
    expected_error: str | None  # records that must be rejected, not coded
    scored: bool = True  # False for records marked `"evaluate": false` by the gold's authors
    dictionaries: tuple[str, ...] = ()  # dictionary files the record was coded with (relative)


def _gold_error(path: Path, line: int, problem: str) -> EtlError:
    return EtlError(Errors.E006.format(path=path, line=line, problem=problem))


def _gold_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"'date' must be a string, not {type(value).__name__}")
    text = value.strip()
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'date' {value!r} is not YYYY-MM-DD or YYYYMMDD") from None


def _gold_events(value: Any) -> list[GoldEvent]:
    if not isinstance(value, list):
        raise ValueError("'events' must be a list of {source, target, code} objects")
    events = []
    for i, e in enumerate(value):
        if not isinstance(e, dict):
            raise ValueError(f"events[{i}] is not an object")
        parts = []
        for key in ("source", "target", "code"):
            v = e.get(key)
            if not isinstance(v, str) or not v.strip():
                raise ValueError(f"events[{i}].{key} must be a non-empty string")
            parts.append(v.strip())
        events.append(GoldEvent(*parts))
    return events


def _gold_spans(value: Any) -> dict[str, list[str]] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("'spans' must be an object with 'source' and/or 'target' lists")
    spans: dict[str, list[str]] = {}
    for key in ("source", "target"):
        v = value.get(key, [])
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(s, str) for s in v):
            raise ValueError(f"spans.{key} must be a list of strings")
        spans[key] = [s for s in v if s.strip()]
    return spans


def _gold_item(record: Any, default_id: str) -> GoldItem:
    if not isinstance(record, dict):
        raise ValueError("each line must be a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("'text' must be a non-empty string")
    raw_id = record.get("id", default_id)
    if not isinstance(raw_id, str | int) or isinstance(raw_id, bool):
        raise ValueError("'id' must be a string or an integer")
    events = _gold_events(record["events"]) if record.get("events") is not None else None
    penta = record.get("penta_class")
    if penta is not None and (isinstance(penta, bool) or penta not in (0, 1, 2, 3, 4)):
        raise ValueError(f"'penta_class' must be an integer 0-4, not {penta!r}")
    expected_error = record.get("expected_error")
    if expected_error is not None and not isinstance(expected_error, str):
        raise ValueError("'expected_error' must be a string")
    expect_no = record.get("expect_no_event")
    if expect_no is not None and not isinstance(expect_no, bool):
        raise ValueError("'expect_no_event' must be true or false")
    if expect_no is None:
        expect_no = events == [] or expected_error is not None
    if expect_no and events:
        raise ValueError("'expect_no_event' is true but 'events' is not empty")
    if events is None and (expect_no or expected_error is not None):
        events = []
    if events is None and penta is None:
        raise ValueError("a gold record needs 'events' (or 'expect_no_event') or 'penta_class'")
    scored = record.get("evaluate", True)
    if not isinstance(scored, bool):
        raise ValueError("'evaluate' must be true or false")
    dictionaries = record.get("dictionaries") or []
    if not isinstance(dictionaries, list) or not all(isinstance(d, str) for d in dictionaries):
        raise ValueError("'dictionaries' must be a list of file paths")
    return GoldItem(
        id=str(raw_id),
        text=text,
        date=_gold_date(record.get("date")),
        events=events,
        penta_class=penta,
        spans=_gold_spans(record.get("spans")),
        expect_no_event=expect_no,
        expected_error=expected_error,
        scored=scored,
        dictionaries=tuple(dictionaries),
    )


def load_gold(path: Path) -> list[GoldItem]:
    """Read a gold JSONL file of either shape; a malformed line raises `EtlError(E006)`."""
    path = Path(path)
    if not path.is_file():
        raise _gold_error(path, 0, "file not found")
    items: list[GoldItem] = []
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                item = _gold_item(json.loads(line), f"{path.stem}:{number}")
            except (ValueError, KeyError) as exc:  # JSONDecodeError is a ValueError
                raise _gold_error(path, number, str(exc)) from None
            if item.id in seen:
                raise _gold_error(path, number, f"id {item.id!r} repeats line {seen[item.id]}")
            seen[item.id] = number
            items.append(item)
    if not items:
        raise _gold_error(path, 0, "no gold records")
    return items


def gold_dictionary_paths(gold_path: Path, item: GoldItem) -> tuple[Path, ...]:
    """The dictionary files a record names, resolved against the gold file's folder."""
    base = Path(gold_path).parent
    return tuple(base / d for d in item.dictionaries)


# ---------------------------------------------------------------------------------------------
# Predictions
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PredictedEvent:
    source: str
    target: str
    code: str
    source_text: str
    target_text: str


#: Codes a batch of (id, text, date) items; one list per item, its main event first.
CodeFn = Callable[[list[tuple[str, str, dt.date | None]]], list[list[PredictedEvent]]]


class TextCoder(Protocol):
    """What `make_code_fn` needs from the coder (`etl.coding.pool.Coder`)."""

    def code_texts(
        self, items: Iterable[tuple[str, str, dt.date | None]]
    ) -> Iterator[list[Event]]: ...


def predicted_event(event: Event) -> PredictedEvent:
    """Reduce an `events` row to what scoring compares, with the actors' text from its spans."""
    text = event.sentence_text
    return PredictedEvent(
        source=event.source_code,
        target=event.target_code,
        code=event.cameo_code,
        source_text=text[event.source_start : event.source_end],
        target_text=text[event.target_start : event.target_end],
    )


def make_code_fn(coder: TextCoder) -> CodeFn:
    """Wrap the real coder as a `CodeFn`: the whole batch goes through one `code_texts` call,
    so spaCy can batch the parses."""

    def code(items: list[tuple[str, str, dt.date | None]]) -> list[list[PredictedEvent]]:
        return [[predicted_event(e) for e in events] for events in coder.code_texts(items)]

    return code


def with_discards(code_fn: CodeFn, discards: DiscardList) -> CodeFn:
    """Reject (code nothing for) items whose text holds a PETRARCH discard phrase."""

    def code(items: list[tuple[str, str, dt.date | None]]) -> list[list[PredictedEvent]]:
        keep = [i for i, (_id, text, _d) in enumerate(items) if discards.first_match(text) is None]
        coded = code_fn([items[i] for i in keep]) if keep else []
        out: list[list[PredictedEvent]] = [[] for _ in items]
        for i, events in zip(keep, coded, strict=True):
            out[i] = events
        return out

    return code


def petrarch_code_fn(nlp: Language, dictionaries: PetrarchDictionaries) -> CodeFn:
    """The project's coder running on a user's PETRARCH dictionaries instead of its own.

    Verbs become the lexicon's triggers (`build_event_lexicon`), actors and agents become an
    actor folder (`write_actor_folder`, written to a temporary folder that is read and removed
    at once), and the discard list rejects sentences before coding. What could not be carried
    over is listed by those functions; `coder_version` names the PETRARCH files' versions.
    """
    from etl import __version__
    from etl.coding.actors import ActorDictionary, ActorResolver
    from etl.coding.petrarch import build_event_lexicon, write_actor_folder
    from etl.coding.pool import Coder

    if dictionaries.verbs is None or not dictionaries.actors:
        raise EtlError(
            Errors.E005.format(
                path=", ".join(dictionaries.files) or "(none)",
                line=0,
                problem="coding with PETRARCH dictionaries needs a verb file and an actor file",
            )
        )
    lexicon, _lines = build_event_lexicon(dictionaries.verbs)
    with tempfile.TemporaryDirectory(prefix="etl-petrarch-actors-") as tmp:
        write_actor_folder(dictionaries, Path(tmp))
        actors = ActorDictionary.load(Path(tmp))
    version = f"etl-{__version__}/petrarch-verbs-{lexicon.version}/actors-{actors.version}"
    code_fn = make_code_fn(Coder(nlp, ActorResolver(actors), lexicon, version))
    if dictionaries.discards is not None:
        code_fn = with_discards(code_fn, dictionaries.discards)
    return code_fn


def dispatch_code_fn(route: dict[str, str], code_fns: dict[str, CodeFn]) -> CodeFn:
    """One CodeFn from several: item id -> key (`route`) -> the CodeFn that codes it."""

    def code(items: list[tuple[str, str, dt.date | None]]) -> list[list[PredictedEvent]]:
        out: list[list[PredictedEvent]] = [[] for _ in items]
        groups: dict[str, list[int]] = {}
        for i, (item_id, _text, _date) in enumerate(items):
            groups.setdefault(route[item_id], []).append(i)
        for key, indices in groups.items():
            coded = code_fns[key]([items[i] for i in indices])
            for i, events in zip(indices, coded, strict=True):
                out[i] = events
        return out

    return code


def gold_code_fn(items: Sequence[GoldItem], nlp: Language, dictionaries: Path | None) -> CodeFn:
    """The CodeFn `etl evaluate` scores with.

    Without `dictionaries`: the project's coder with its own dictionaries. With a folder of
    PETRARCH dictionaries: if the gold records name their dictionary files (as
    `petrarch_dev.jsonl` does, two sets in one folder) and the folder holds them, each record is
    coded with its own set; otherwise the folder is one set for every record.
    """
    if dictionaries is None:
        from etl.coding.pool import build_coder

        return make_code_fn(build_coder(nlp))
    folder = Path(dictionaries)
    named = {i.dictionaries for i in items if i.dictionaries}
    if folder.is_dir() and named:
        sets: dict[tuple[str, ...], list[Path]] = {}
        for names in named:
            paths = [folder / Path(n).name for n in names]
            readable = [
                p for p in paths if dictionary_kind(p) is not DictionaryKind.OTHER and p.is_file()
            ]
            if len(readable) < len(
                [p for p in paths if dictionary_kind(p) is not DictionaryKind.OTHER]
            ):
                break  # the folder does not hold what the records name: use it as one set
            sets[names] = readable
        else:
            code_fns = {
                "|".join(k): petrarch_code_fn(nlp, load_petrarch(v)) for k, v in sets.items()
            }
            default = load_petrarch(folder) if any(not i.dictionaries for i in items) else None
            if default is not None:
                code_fns[""] = petrarch_code_fn(nlp, default)
            route = {i.id: "|".join(i.dictionaries) for i in items}
            return dispatch_code_fn(route, code_fns)
    return petrarch_code_fn(nlp, load_petrarch(folder))


# ---------------------------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------------------------


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


def event_class(code: str) -> str:
    """Phoenix class ('0'-'4') of a CAMEO code; 'unknown' if it is not a CAMEO code."""
    book = codebook()
    if not book.is_valid_event(code):
        return UNKNOWN
    return str(book.event(code).penta_class)


def _predicted_class(code: str) -> str:
    # A coder emitting a code outside the codebook is a bug, not a miss: fail loudly (E010).
    return str(codebook().event(code).penta_class)


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

    for item, pred in zip(scored, preds, strict=True):
        pred_class = _predicted_class(pred[0].code) if pred else NONE
        gold_class = _gold_class(item)
        if gold_class != UNKNOWN:
            n_sentence += 1
            correct += gold_class == pred_class
            n_coded_sentences += pred_class != NONE
            confusion.setdefault(gold_class, Counter())[pred_class] += 1
        if item.expected_error is not None:
            expected_errors += 1
            rejected += not pred
        if item.events is not None:
            has_events = True
            gold_classes = [event_class(e.code) for e in item.events]
            gold_not_cameo += gold_classes.count(UNKNOWN)
            pred_classes = [_predicted_class(e.code) for e in pred]
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
    )


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


def write_rows_csv(report: EvaluationReport, path: Path) -> None:
    """Dump the per-item gold vs predicted rows (one CSV line per scored record)."""
    path = Path(path)
    fields = list(report.rows[0]) if report.rows else ["id"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(report.rows)


def report_summary(report: EvaluationReport) -> dict[str, Any]:
    """The headline figures as plain data (for JSON output and the README)."""
    return {
        "n_items": report.n_items,
        "n_skipped": report.n_skipped,
        "coverage": report.coverage,
        "quad_accuracy": report.quad_accuracy,
        "quad_macro_f1": report.quad_macro_f1,
        "levels": {k: vars(v) for k, v in report.levels.items()},
        "per_class": {k: vars(v) for k, v in report.per_class.items()},
        "span_agreement": report.span_agreement,
        "expected_errors": report.expected_errors,
        "rejected": report.rejected,
        "notes": list(report.notes),
    }


def render_report(report: EvaluationReport) -> Any:
    """A rich renderable: headline, levels, per-class scores, confusion table, notes."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    def pct(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    head = Text()
    head.append(f"{report.n_items} records scored")
    if report.n_skipped:
        head.append(f" ({report.n_skipped} skipped)")
    head.append(f"; {report.coverage:.1%} got at least one event")
    head.append(f" ({1 - report.coverage:.1%} none).\n" if report.n_items else ".\n")
    head.append(
        f"Sentence-level class (Phoenix 0-4) over {report.n_sentence_level}: accuracy "
        f"{pct(report.quad_accuracy)}, macro-F1 {pct(report.quad_macro_f1)}"
    )
    if report.expected_errors:
        head.append(
            f"\nRecords that must be rejected: {report.rejected} of {report.expected_errors} "
            "produced no event."
        )
    parts: list[Any] = [head]

    levels = Table(title="Event matching", show_lines=False)
    for col in ("level", "precision", "recall", "F1", "gold"):
        levels.add_column(col, justify="left" if col == "level" else "right")
    for name, s in report.levels.items():
        levels.add_row(name, pct(s.precision), pct(s.recall), pct(s.f1), str(s.support))
    parts.append(levels)

    per_class = Table(title="Per class (sentence level, main event)")
    for col in ("class", "name", "precision", "recall", "F1", "gold"):
        per_class.add_column(col, justify="left" if col in ("class", "name") else "right")
    for label, s in report.per_class.items():
        per_class.add_row(
            label, PENTA_NAMES.get(label, ""), pct(s.precision), pct(s.recall), pct(s.f1),
            str(s.support),
        )  # fmt: skip
    parts.append(per_class)

    predicted = sorted({p for row in report.confusion.values() for p in row})
    confusion = Table(title="Confusion (rows gold, columns predicted)")
    confusion.add_column("gold \\ predicted")
    for p in predicted:
        confusion.add_column(p, justify="right")
    for g, row in report.confusion.items():
        confusion.add_row(g, *(str(row.get(p, 0)) for p in predicted))
    parts.append(confusion)

    if report.span_agreement:
        spans = Table(title="Actor spans vs gold (token-overlap F1, SQuAD-style)")
        for col in ("side", "F1 (all)", "exact (all)", "F1 (coded)", "coded", "gold"):
            spans.add_column(col, justify="left" if col == "side" else "right")
        sa = report.span_agreement
        for side in ("source", "target"):
            if f"{side}_n" in sa:
                spans.add_row(
                    side, pct(sa[f"{side}_token_f1"]), pct(sa[f"{side}_exact"]),
                    pct(sa[f"{side}_token_f1_coded"]), f"{sa[f'{side}_coded_share']:.1%}",
                    str(int(sa[f"{side}_n"])),
                )  # fmt: skip
        parts.append(spans)
    parts.extend(Text(note, style="dim") for note in report.notes)
    return Group(*parts)


def run_evaluation(
    gold: Path,
    spacy_model: str = "auto",
    dictionaries: Path | None = None,
    rows_csv: Path | None = None,
) -> Any:
    """Everything `etl evaluate` does: load, code, score, optionally dump rows; a renderable."""
    from etl.coding.nlp import load_model
    from etl.settings import Settings

    items = load_gold(gold)
    nlp = load_model(Settings(spacy_model=spacy_model).resolved_model())
    report = evaluate(items, gold_code_fn(items, nlp, dictionaries))
    if rows_csv is not None:
        write_rows_csv(report, rows_csv)
    return render_report(report)
