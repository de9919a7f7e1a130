"""Feed entries for rows the demo bulk-inserts where the domain has no bulk service."""

from config_models.models.change import ChangeOperation
from config_models.services.feed import feed_record

BATCH = "demo"


def record_inserted(rows, *, parents: bool = True) -> int:
    """One `I` entry per row (and `U` for their parents), so mirrors see what the demo added.

    `parents=False` for rows nothing stores yet (a new region's or department's children are new too and
    get their own entries); a window item's window and hall exist, so they hear of it.
    """
    return feed_record(rows, operation=ChangeOperation.INSERT, batch=BATCH, parents=parents)
