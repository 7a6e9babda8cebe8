"""Fixtures shared by the reader and converter tests: the sample files, read."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.coding.petrarch.actors import read_actors
from etl.coding.petrarch.verbs import read_verbs
from tests.coding.petrarch.samples import ACTORS, VERBS, write


@pytest.fixture
def actors(tmp_path: Path):
    return read_actors(write(tmp_path, "test.actors.txt", ACTORS))


@pytest.fixture
def verbs(tmp_path: Path):
    return read_verbs(write(tmp_path, "test.verbs.txt", VERBS))
