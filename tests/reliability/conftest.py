"""Fixtures shared by the reliability tests: the hostile corpus and a finished seed run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.make_bad_corpus import BadCorpus, make_bad_corpus, restore_permissions
from tests.reliability.helpers import SEEDS, etl


@pytest.fixture(scope="session")
def bad_corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BadCorpus]:
    """The generated hostile corpus (with its 50 MB file), once per session."""
    corpus = make_bad_corpus(tmp_path_factory.mktemp("bad") / "corpus")
    yield corpus
    restore_permissions(corpus.root)


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse made by a complete `etl run` on seeds/ in a subprocess; do not modify it."""
    warehouse = tmp_path_factory.mktemp("seed_run") / "warehouse"
    done = etl("run", "--input", SEEDS, "--warehouse", warehouse)
    assert done.returncode == 0, done.stdout + done.stderr
    return warehouse
