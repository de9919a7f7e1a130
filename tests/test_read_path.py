"""Reads of "in this subtree" and "published" have one home each (DESIGN.md §7: selectors are the only readers).

A region subtree is matched by `in_subtree` (config_models.models.region); the feed's own region paths are
matched by its selector. Published implementations are `Implementation.objects.public()`. A hand-written
prefix or visibility filter elsewhere is how the answers drifted apart before (ended rows, unpublished
catalog items), so this test finds them in the source.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config_models", "cms", "importers", "demo")

RULES = {
    "path__startswith": {"config_models/models/region.py", "config_models/selectors/change.py"},
    "catalog_item__live=True": {"config_models/models/implementation.py", "config_models/selectors/hall.py"},
}


def sources():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def test_subtree_and_visibility_filters_are_written_only_in_their_selectors():
    found = {
        (rule, name, text.count(rule))
        for name, text in sources() for rule, homes in RULES.items()
        if rule in text and name not in homes
    }
    assert not found, f"hand-written read filters outside their selectors: {sorted(found)}"


def test_each_home_still_holds_its_rule():
    texts = dict(sources())
    missing = [(rule, home) for rule, homes in RULES.items() for home in homes if not re.search(re.escape(rule),
                                                                                                texts[home])]
    assert not missing, missing
