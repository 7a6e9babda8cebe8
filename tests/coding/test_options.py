"""PETRARCH coder options (`config`): read strictly, applied to an event's two sides."""

from __future__ import annotations

import pytest

from etl.coding.options import NO_OPTIONS, CoderOptions, parse_options


def test_ini_style_strings_are_read_as_petrarch_writes_them() -> None:
    o = parse_options({"require_dyad": "TRUE", "new_actor_length": "4", "comma_emax": "8"})
    assert o == CoderOptions(require_dyad=True, new_actor_length=4, comma=(("comma_emax", 8),))
    assert parse_options({"require_dyad": "false"}).require_dyad is False
    assert parse_options(None) is NO_OPTIONS


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ({"require_dyads": True}, "'require_dyads' unknown"),
        ({"require_dyad": "yes"}, "must be true or false"),
        ({"new_actor_length": -1}, "whole number >= 0"),
        ({"comma_max": "eight"}, "whole number >= 0"),
        (["require_dyad"], "must be an object"),
    ],
)
def test_unknown_keys_and_bad_values_are_refused(config, words) -> None:
    with pytest.raises(ValueError, match=words):
        parse_options(config)


def test_require_dyad_drops_an_event_with_a_side_that_is_no_actor() -> None:
    dyad = CoderOptions(require_dyad=True)
    assert dyad.keeps(("ARN", "Arnor", False), ("GON", "Gondor", False))
    assert not dyad.keeps(("ARN", "Arnor", False), ("---", "crowds", False))
    assert CoderOptions(require_dyad=False).keeps(("ARN", "", False), ("---", "", False))
    assert NO_OPTIONS.keeps(("ARN", "", False), ("---", "", False))  # not set: as the coder


def test_new_actor_length_lets_a_short_unknown_name_be_an_actor() -> None:
    o = CoderOptions(require_dyad=True, new_actor_length=2)
    assert o.keeps(("ARN", "Arnor", False), ("---", "Bree Council", True))
    assert not o.keeps(("ARN", "Arnor", False), ("---", "the Bree Town Council", True))
    assert not o.keeps(("ARN", "Arnor", False), ("---", "crowds", False))  # not a name


def test_replace_mode_takes_petrarchs_defaults_for_what_is_not_set() -> None:
    assert NO_OPTIONS.petrarch_defaults().require_dyad is True  # PETR_config.ini default
    assert CoderOptions(require_dyad=False).petrarch_defaults().require_dyad is False
    assert CoderOptions(new_actor_length=3).petrarch_defaults().new_actor_length == 3
