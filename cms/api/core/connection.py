"""Relay connections with keyset cursors.

Every collection is ordered by primary key and a cursor is the key of the last row seen, so paging is
stable while rows change underneath: an edit never moves a row, a deletion never shifts the next page,
and a row created during a pull appears at the end. A pull therefore returns every row that existed
throughout it exactly once.
"""

import base64
import binascii
import datetime as dt
from collections.abc import Callable

import graphene
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from graphene import relay

from cms.api import query_cost_map as limits
from cms.api.errors import ApiError, Code

# How far syncedAt lies behind the server clock: covers transactions that were open during a pull.
DEFAULT_SYNC_MARGIN = dt.timedelta(minutes=5)


def encode_cursor(kind: str, pk) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{pk}".encode()).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        cursor_kind, _, pk = raw.partition(":")
        if cursor_kind != kind:
            raise ValueError
        return int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise ApiError(f"Invalid cursor for this connection: {cursor!r}.", Code.BAD_USER_INPUT) from error


def synced_at(request) -> dt.datetime:
    """One value per request: the server clock minus the sync margin."""
    if not hasattr(request, "api_synced_at"):
        margin = getattr(settings, "API_SYNC_MARGIN", DEFAULT_SYNC_MARGIN)
        request.api_synced_at = timezone.now() - margin
    return request.api_synced_at


class KeysetConnection(relay.Connection):
    """Base of every connection: keyset cursors, pageInfo, totalCount and syncedAt."""

    class Meta:
        abstract = True

    total_count = graphene.Int(
        required=True, description="Rows matching the arguments (except `first` and `after`), on all pages."
    )
    synced_at = graphene.DateTime(
        required=True,
        description=(
            "Pass this value as `changedSince` (and `tombstones(since:)`) on the next pull. Take it from "
            "the first page of a pull: it lies a safety margin before the server clock, so rows written by "
            "transactions still open during the pull are not missed. Repeated rows are harmless upserts."
        ),
    )

    @staticmethod
    def resolve_total_count(root, info):
        return root.count_queryset.count()

    @staticmethod
    def resolve_synced_at(root, info):
        return synced_at(info.context)


def page_args(**filters) -> dict:
    """The arguments of a connection field: `first`, `after` and the collection's own filters."""
    return {
        "first": graphene.Int(
            description=f"Page size, {limits.DEFAULT_PAGE_SIZE} when omitted, at most {limits.MAX_PAGE_SIZE}."
        ),
        "after": graphene.String(description="The `endCursor` of the previous page."),
        **filters,
    }


def paginate(
    connection_type,
    queryset: QuerySet,
    *,
    info,
    kind: str,
    first: int | None,
    after: str | None,
    prepare: Callable[[list, object], list] | None = None,
):
    """One page of `queryset` in primary-key order; `prepare` turns the rows into what the nodes show."""
    first = limits.DEFAULT_PAGE_SIZE if first is None else first
    if first < 0:
        raise ApiError("`first` must not be negative.", Code.BAD_USER_INPUT)
    if first > limits.MAX_PAGE_SIZE:
        raise ApiError(
            f"`first` is {first}; the largest page is {limits.MAX_PAGE_SIZE}.", Code.PAGE_SIZE_EXCEEDED,
            maxPageSize=limits.MAX_PAGE_SIZE,
        )
    synced_at(info.context)  # fix the clock before reading rows
    page = queryset.order_by("pk")
    if after:
        page = page.filter(pk__gt=decode_cursor(kind, after))
    rows = list(page[: first + 1])
    has_next = len(rows) > first
    rows = rows[:first]
    nodes = prepare(rows, info) if prepare else rows
    edge_type = connection_type.Edge
    edges = [edge_type(node=node, cursor=encode_cursor(kind, row.pk)) for row, node in zip(rows, nodes, strict=True)]
    connection = connection_type(
        edges=edges,
        page_info=relay.PageInfo(
            has_next_page=has_next,
            has_previous_page=bool(after),
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )
    connection.count_queryset = queryset
    return connection


def aware(value: dt.datetime | None, argument: str) -> dt.datetime | None:
    """Reject times without an offset: the server cannot guess the client's time zone."""
    if value is not None and timezone.is_naive(value):
        raise ApiError(
            f"`{argument}` needs a time zone offset, e.g. 2025-01-01T08:00:00+08:00.", Code.BAD_USER_INPUT
        )
    return value
