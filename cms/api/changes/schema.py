"""`changes(after:)`: the change feed a mirror follows instead of scanning collections by time."""

import base64
import binascii

import graphene

from cms.api.changes.types import ChangeFeedType
from cms.api.core.enums import ChangeEntity
from cms.api.errors import ApiError, Code
from cms.api.regions.filters import region_by_code
from config_models.selectors.change import changes_after

DEFAULT_PAGE_SIZE = 500
MAX_PAGE_SIZE = 1000
CURSOR_PREFIX = "change:"


def encode_cursor(sequence: int) -> str:
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{sequence}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not raw.startswith(CURSOR_PREFIX):
            raise ValueError
        sequence = int(raw.removeprefix(CURSOR_PREFIX))
        if sequence < 0:
            raise ValueError
        return sequence
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise ApiError(
            f"游标无效：请传入上一次 changes 返回的 cursor。Invalid cursor {cursor!r}: pass the `cursor` of "
            "the previous `changes` call.",
            Code.BAD_USER_INPUT, argument="after",
        ) from error


def drafts_path(viewer) -> str | None:
    """The subtree whose non-public entries this viewer sees; None for the public."""
    return viewer.region_path if viewer.sees_drafts else None


class ChangeQueries(graphene.ObjectType):
    changes = graphene.Field(
        ChangeFeedType,
        required=True,
        description="Entries of the change feed after `after`, in sequence order: a mirror applies them in "
        "order (upsert the row of an I/U entry, drop the row of a D entry) and keeps `cursor`.",
        after=graphene.String(description="The `cursor` of the previous call; omit to start from the beginning."),
        region_code=graphene.String(
            description="Only entries placed in this region, below it, or above it (the catalog is kept above)."
        ),
        entities=graphene.List(graphene.NonNull(ChangeEntity), description="Only entries of these collections."),
        first=graphene.Int(description=f"Page size, {DEFAULT_PAGE_SIZE} when omitted, at most {MAX_PAGE_SIZE}."),
    )

    @staticmethod
    def resolve_changes(root, info, after=None, region_code=None, entities=None, first=None):
        viewer = info.context.api_viewer
        first = DEFAULT_PAGE_SIZE if first is None else first
        if first < 1 or first > MAX_PAGE_SIZE:
            raise ApiError(
                f"每页条数须在 1 到 {MAX_PAGE_SIZE} 之间。`first` must be between 1 and {MAX_PAGE_SIZE}.",
                Code.PAGE_SIZE_EXCEEDED, maxPageSize=MAX_PAGE_SIZE,
            )
        sequence = decode_cursor(after)
        region = region_by_code(viewer, region_code) if region_code is not None else None
        queryset = changes_after(
            after=sequence, region=region, entities=[getattr(e, "value", e) for e in entities or []],
            drafts_path=drafts_path(viewer),
        )
        rows = list(queryset[: first + 1])
        has_more = len(rows) > first
        rows = rows[:first]
        cursor = encode_cursor(rows[-1].sequence if rows else sequence)
        return ChangeFeedType(entries=rows, cursor=cursor, has_more=has_more)
