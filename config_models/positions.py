"""Where the public change feed stands for a reader of a region, kept as counters in the cache, so that a
cached public answer (GraphQL GET, a public page) is looked up without a query and outlives every edit
that does not concern it.

A reader of region R sees the entries placed in R's subtree and those placed in a region above R (the
catalog is kept above; config_models.selectors.change.in_region_or_above). So every committed public entry
at path P advances two kinds of counter:

- `subtree:A` for P and every region above it (A is an ancestor of P or P itself, "" the whole tree);
- `own:P`, the entries placed exactly at P.

R's version is `subtree:R` with `own:A` of every region above R, plus `other`, advanced by the public
changes the feed does not carry (page types and settings outside it), and the day (what is in force
changes at midnight without an edit). An edit in one county leaves its sibling's answers cached.

Counters only grow: they are incremented atomically (Redis INCR), and one lost with the cache starts again
from the clock in nanoseconds, far above any value it had, so an answer kept under an old version is never
found again.
"""

import time

from django.core.cache import cache
from django.utils import timezone

PREFIX = "tongban:feed"
WHOLE_TREE = ""


def _ancestors_or_self(path: str) -> list[str]:
    """'510000/511600/' → ['', '510000/', '510000/511600/']."""
    parts = [part for part in path.split("/") if part]
    return [WHOLE_TREE, *("".join(f"{p}/" for p in parts[: n + 1]) for n in range(len(parts)))]


def _increment(keys: set[str]) -> None:
    for key in sorted(keys):
        try:
            cache.incr(key)
        except ValueError:  # not in the cache (never set, evicted, or the cache restarted)
            cache.add(key, time.time_ns(), timeout=None)
            cache.incr(key)


def advance(paths: set[str]) -> None:
    """Entries at these region paths were committed: every answer that reads them is out of date."""
    keys = set()
    for path in paths:
        keys.add(f"{PREFIX}:own:{path}")
        keys |= {f"{PREFIX}:subtree:{ancestor}" for ancestor in _ancestors_or_self(path)}
    _increment(keys)


def advance_other() -> None:
    """A public change outside the feed (a page type or setting it does not carry)."""
    _increment({f"{PREFIX}:other"})


def _keys_of(path: str | None) -> list[str]:
    if path is None:
        return [f"{PREFIX}:subtree:{WHOLE_TREE}"]
    above = _ancestors_or_self(path)[1:-1]
    return [f"{PREFIX}:subtree:{path}", *(f"{PREFIX}:own:{ancestor}" for ancestor in above)]


def version(paths: list[str] | None) -> str:
    """The version of what readers of these region paths see (None: the whole tree); one cache round trip."""
    keys = [f"{PREFIX}:other"]
    for path in paths if paths is not None else [None]:
        keys += _keys_of(path)
    known = cache.get_many(keys)
    missing = [key for key in keys if key not in known]
    if missing:
        now = time.time_ns()
        for key in missing:
            cache.add(key, now, timeout=None)
        known = cache.get_many(keys)
    return f"{timezone.localdate():%Y%m%d}." + ".".join(str(known.get(key, 0)) for key in keys)

