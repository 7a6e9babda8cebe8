"""Fixtures of the actor tests: the shipped dictionary, a resolver on it, a blank vocabulary,
and the context and matcher the resolution steps are given."""

from __future__ import annotations

import pytest
import spacy

from etl.coding.actors import ActorDictionary, ActorResolver
from etl.coding.actors.context import ResolverContext
from etl.coding.actors.matching import SurfaceMatcher


@pytest.fixture(scope="module")
def dictionary() -> ActorDictionary:
    return ActorDictionary.from_package()


@pytest.fixture(scope="module")
def resolver(dictionary: ActorDictionary) -> ActorResolver:
    return ActorResolver(dictionary)


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("en").vocab


@pytest.fixture(scope="module")
def ctx(dictionary: ActorDictionary) -> ResolverContext:
    return ResolverContext.of(dictionary)


@pytest.fixture(scope="module")
def matcher(dictionary: ActorDictionary) -> SurfaceMatcher:
    return SurfaceMatcher(dictionary)
