"""The codebook's actor-code segments (etl/cameo.py)."""

from __future__ import annotations

import pytest

from etl.cameo import split_actor_code


@pytest.mark.parametrize(
    ("code", "country", "group", "types"),
    [
        ("VENGOV", "VEN", None, ("GOV",)),
        ("VENGOVOPP", "VEN", None, ("GOV", "OPP")),
        ("IGOUNO", None, None, ("IGO", "UNO")),
        ("IGOEUREEC", None, "EEC", ("IGO",)),
        ("PSEREBHMS", "PSE", "HMS", ("REB",)),
        ("RUS", "RUS", None, ()),
    ],
)
def test_split_actor_code(code, country, group, types):
    parts = split_actor_code(code)
    assert (parts.country, parts.known_group, parts.types) == (country, group, types)
