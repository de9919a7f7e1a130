"""Synchronous loaders (STYLE.md 10; DESIGN.md §7: graphene 3's promise loaders crash in a sync view).

A loader is created once per request (`Loader.for_request(info)`), batches one SQL query per call of
`prime`, and answers `load` from its cache, in key order. Connection resolvers prime the loaders with
every key of the page before graphql-core walks the rows, so nested fields cost one query per table,
whatever the number of rows.

With prefetching switched off (the "plain resolvers" baseline of bench/api_pull.py), nothing is primed
and nothing is cached: every `load` is its own query, as a naive resolver would be.
"""

from collections.abc import Hashable, Iterable
from typing import Any, ClassVar


class Loader:
    """Subclasses set `context_key` and implement `batch_load(keys) -> list` (one value per key)."""

    context_key: ClassVar[str]
    missing: ClassVar[Any] = None

    def __init__(self, request):
        self.request = request
        self.enabled = getattr(request, "api_prefetch", True)
        self.cache: dict[Hashable, Any] = {}

    @classmethod
    def for_request(cls, info_or_request):
        request = getattr(info_or_request, "context", info_or_request)
        loaders = request.__dict__.setdefault("api_loaders", {})
        if cls.context_key not in loaders:
            loaders[cls.context_key] = cls(request)
        return loaders[cls.context_key]

    @property
    def viewer(self):
        return self.request.api_viewer

    def batch_load(self, keys: list) -> list:
        raise NotImplementedError

    def prime(self, keys: Iterable[Hashable]) -> None:
        """Load every key not cached yet, in one batch."""
        if not self.enabled:
            return
        wanted = [key for key in dict.fromkeys(keys) if key is not None and key not in self.cache]
        if wanted:
            self.cache.update(zip(wanted, self.batch_load(wanted), strict=True))

    def put(self, key: Hashable, value) -> None:
        if self.enabled:
            self.cache[key] = value

    def load(self, key: Hashable):
        if key is None:
            return self.missing
        if key in self.cache:
            return self.cache[key]
        (value,) = self.batch_load([key])
        self.put(key, value)
        return value

    def load_many(self, keys: Iterable[Hashable]) -> list:
        keys = list(keys)
        self.prime(keys)
        return [self.load(key) for key in keys]
