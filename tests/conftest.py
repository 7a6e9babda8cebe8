"""Shared fixtures: settings pointing at temporary folders, one spaCy model per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.settings import REPO_ROOT, Settings

SEEDS = REPO_ROOT / "seeds"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def shared_dir(settings: Settings) -> Path:
    """../shared (gold-dev, news); tests that need it skip where it is absent."""
    if not settings.shared_dir.is_dir():
        pytest.skip(f"shared data folder {settings.shared_dir} not present")
    return settings.shared_dir


@pytest.fixture(scope="session")
def nlp(settings: Settings):
    from etl.coding.nlp import load_model

    return load_model(settings.resolved_model())


@pytest.fixture(scope="session")
def seed_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole graph materialized once on seeds/ into a temporary warehouse."""
    from etl.runner import run_pipeline

    warehouse = tmp_path_factory.mktemp("warehouse")
    result = run_pipeline(Settings(input=SEEDS, warehouse=warehouse))
    assert result.success, result.failures
    return warehouse
