"""Language of each paragraph and of the article (lingua-language-detector, restricted set).

Only English paragraphs are coded, so a Spanish tweet quoted in an English article (seed 000)
is kept and marked ``es`` rather than fed to an English parser, and a wholly non-English
article keeps its language and is skipped by the coder.

How (settings and their reasons are in `etl/dictionaries/clean_languages.yaml`):

* lingua detectors restricted to the listed languages, built once per process;
* each paragraph with enough letters is identified from its first `sample_chars` characters;
* the article's language is the paragraphs' language when they agree; when they do not, it is
  the language of the article's opening (the first 4 x `sample_chars` characters of clean
  text), else of most sampled characters. Why not a plain vote: a BBC football story with a
  dozen fixture lines ("Cyprus v Israel.") would be Dutch;
* a paragraph the fast pass puts in another language than its article's is checked again with
  the high-accuracy detector and keeps its own language only when that check is confident;
* a paragraph too short or too uncertain to identify on its own takes the article's language
  ('und' when the article has none), because a line like "What did Mr Lavrov say?" is English
  in an English article but too short for any detector.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml
from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from etl.errors import Errors, EtlError

UNDETERMINED = "und"
_CONFIG_FILE = "clean_languages.yaml"


@dataclass(frozen=True)
class LanguageConfig:
    """Settings of the detector, read from `clean_languages.yaml`."""

    languages: tuple[str, ...]
    min_letters: int
    sample_chars: int
    min_confidence: float
    switch_confidence: float


@cache
def language_config() -> LanguageConfig:
    """The settings of `etl/dictionaries/clean_languages.yaml`, read once per process."""
    path = resources.files("etl.dictionaries").joinpath(_CONFIG_FILE)
    return parse_language_config(path.read_text("utf-8"))


def parse_language_config(text: str) -> LanguageConfig:
    """Parse and check the text of a language settings file (raises E005)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise EtlError(Errors.E005.format(path=_CONFIG_FILE, line="-", problem=exc)) from None

    def fail(problem: str) -> EtlError:
        return EtlError(Errors.E005.format(path=_CONFIG_FILE, line="-", problem=problem))

    if not isinstance(data, dict):
        raise fail("expected a mapping of settings")
    try:
        config = LanguageConfig(
            languages=tuple(str(code) for code in data["languages"]),
            min_letters=int(data["min_letters"]),
            sample_chars=int(data["sample_chars"]),
            min_confidence=float(data["min_confidence"]),
            switch_confidence=float(data["switch_confidence"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise fail(f"missing or malformed setting: {exc}") from None
    for code in config.languages:
        if not hasattr(IsoCode639_1, code.upper()):
            raise fail(f"{code!r} is not an ISO 639-1 code lingua knows")
    if "en" not in config.languages:
        raise fail("'en' must be listed: English paragraphs are the ones coded")
    return config


@cache
def detector(*, high_accuracy: bool = False) -> LanguageDetector:
    """The lingua detector for the configured languages, built once per process and mode.

    The high-accuracy detector is only built once a paragraph needs a second opinion.
    """
    config = language_config()
    isos = [getattr(IsoCode639_1, code.upper()) for code in config.languages]
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*isos)
    if not high_accuracy:
        builder = builder.with_low_accuracy_mode()
    # Preloading costs ~0.1 s (low) and ~3 s (high accuracy) once; lazy loading instead paid
    # that piecemeal inside the first paragraphs of odd scripts, tens of seconds under load.
    return builder.with_preloaded_language_models().build()


def _iso(language: Language) -> str:
    return language.iso_code_639_1.name.lower()


_LETTER = re.compile(r"[^\W\d_]")


def _letters(text: str) -> int:
    return len(_LETTER.findall(text))


def _whole_text_language(text: str, config: LanguageConfig) -> str:
    """Language of an article's opening (prose, before any lists of names or results)."""
    if _letters(text) < config.min_letters:
        return UNDETERMINED
    confidences = detector().compute_language_confidence_values(text)
    if not confidences or confidences[0].value < config.min_confidence:
        return UNDETERMINED
    return _iso(confidences[0].language)


@dataclass(frozen=True)
class Languages:
    """Language of an article and of each of its paragraphs (ISO 639-1 or 'und')."""

    article: str
    paragraphs: tuple[str, ...]


def detect_languages(paragraphs: Sequence[str]) -> Languages:
    """Identify the language of each paragraph and of the article they make up.

    Args:
        paragraphs: The article's paragraphs of clean text, in order.
    """
    config = language_config()
    det = detector()
    own: list[str | None] = []
    weight: Counter[str] = Counter()
    for text in paragraphs:
        sample = text[: config.sample_chars]
        if _letters(sample) < config.min_letters:
            own.append(None)
            continue
        confidences = det.compute_language_confidence_values(sample)
        top = confidences[0] if confidences else None
        if top is None or top.value < config.min_confidence:
            own.append(None)
            continue
        code = _iso(top.language)
        own.append(code)
        weight[code] += len(sample)
    if len(weight) == 1:
        article = next(iter(weight))  # the paragraphs agree (nearly every article): no more work
    else:
        article = _whole_text_language("\n".join(paragraphs)[: 4 * config.sample_chars], config)
        if article == UNDETERMINED and weight:
            # The opening was undetermined (a list of names, numbers): most sampled characters
            # win; ties go to the alphabetically first code, so runs are repeatable.
            article = min(weight, key=lambda code: (-weight[code], code))
    result = []
    for code, text in zip(own, paragraphs, strict=True):
        if code is None or code == article or article == UNDETERMINED:
            result.append(code or article)
        else:
            # The second opinion reads more of the paragraph: names at its start ("Frankfurt-
            # based Deutsche Boerse") mislead a 120-character sample.
            result.append(_second_opinion(text[: 4 * config.sample_chars], article, config))
    return Languages(article=article, paragraphs=tuple(result))


def _second_opinion(sample: str, article: str, config: LanguageConfig) -> str:
    """High-accuracy check of a paragraph the fast pass put in another language than its article."""
    confidences = detector(high_accuracy=True).compute_language_confidence_values(sample)
    if confidences and confidences[0].value >= config.switch_confidence:
        code = _iso(confidences[0].language)
        if code != article:
            return code
    return article
