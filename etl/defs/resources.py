"""Resources: what differs per run (paths, model) and long-lived things (the spaCy pipeline)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from pydantic import Field
from spacy.language import Language

from etl.articles.batches import BATCHES_DIR
from etl.coding.dictionary_set import DEFAULT_PRECEDENCE, DictionarySpec, Precedence
from etl.coding.nlp import load_coding_model
from etl.settings import Settings, default_spacy_model


class PathsResource(dg.ConfigurableResource):
    """Where the input is read from and where the warehouse is written."""

    input: str = Field(description="Folder or .jsonl/.csv/.parquet file of articles.")
    warehouse: str = Field(description="Warehouse folder (Parquet, DuckDB, report).")
    batch_max_mb: float = Field(
        default=8.0, gt=0, description="Cap of one batch of new input files, in MB."
    )

    @property
    def input_path(self) -> Path:
        return Path(self.input)

    @property
    def warehouse_path(self) -> Path:
        return Path(self.warehouse)

    @property
    def batches_path(self) -> Path:
        return self.warehouse_path / BATCHES_DIR

    @property
    def batch_max_bytes(self) -> int:
        return int(self.batch_max_mb * 1024 * 1024)


class NlpResource(dg.ConfigurableResource):
    """The spaCy pipeline and how to run it."""

    spacy_model: str = Field(default="auto", description="spaCy pipeline; 'auto' picks one.")
    batch_size: int = Field(default=64, description="Texts per nlp.pipe batch.")
    n_process: int = Field(default=1, description="spaCy worker processes.")

    def model_name(self) -> str:
        return default_spacy_model() if self.spacy_model == "auto" else self.spacy_model

    def load(self) -> Language:
        """The pipeline as the coder uses it (without NER): what the pre-filter tokenizes with.

        Each batch runs in a fresh process, so loading components nobody reads costs every batch.
        """
        return load_coding_model(self.model_name())


class DictionariesResource(dg.ConfigurableResource):
    """The dictionaries the coder uses: the project's own, with a user's PETRARCH/Phoenix set
    layered on them (or in their place); see `etl.coding.dictionary_set`."""

    paths: list[str] = Field(
        default_factory=list,
        description="PETRARCH dictionary files or folders (verbs, actors, agents, discards).",
    )
    only: bool = Field(
        default=False, description="Code with these dictionaries in place of the project's own."
    )
    precedence: str = Field(
        default=str(DEFAULT_PRECEDENCE),
        description="Where both sets know a name or verb form: user, names (user names, own "
        "verb forms) or own.",
    )
    cache_dir: str | None = Field(
        default=None,
        description="Where the converted set is cached (default: ~/.cache/etl/dictionaries).",
    )
    actors: str | None = Field(
        default=None,
        description="Folder of actor files in place of etl/dictionaries/actors/ (a copy "
        "extended with `etl actors add --into DIR`).",
    )

    def spec(self) -> DictionarySpec:
        return DictionarySpec(
            paths=tuple(self.paths),
            only=self.only,
            precedence=Precedence(self.precedence),
            cache_dir=self.cache_dir,
            actors=self.actors,
        )


def resources_from(settings: Settings) -> dict[str, object]:
    from etl.defs.io_manager import WarehouseIOManager

    return {
        "paths": PathsResource(
            input=str(settings.input),
            warehouse=str(settings.warehouse),
            batch_max_mb=settings.batch_max_mb,
        ),
        "nlp": NlpResource(
            spacy_model=settings.spacy_model,
            batch_size=settings.batch_size,
            n_process=settings.n_process,
        ),
        "dictionaries": DictionariesResource(
            paths=[str(p) for p in settings.dictionaries],
            only=settings.dictionaries_only,
            precedence=settings.dictionary_precedence,
            cache_dir=str(settings.cache_dir / "dictionaries"),
            actors=str(settings.actors) if settings.actors else None,
        ),
        "io_manager": WarehouseIOManager(root=str(settings.warehouse)),
    }
