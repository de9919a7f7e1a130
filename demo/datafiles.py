"""The demo's data files: YAML and CSV under `data/`, read once per process."""

from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"


@cache
def read(name: str):
    """The parsed contents of `data/<name>.yaml`."""
    with (DATA / f"{name}.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def path(name: str) -> Path:
    return DATA / name
