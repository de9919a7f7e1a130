"""Error codes of the API. Every error a client receives carries one in `extensions.code`."""

from graphql import GraphQLError


class Code:
    # Request-level: the document is refused before anything runs (HTTP 400, no `data`).
    BAD_REQUEST = "BAD_REQUEST"
    DOCUMENT_TOO_LARGE = "DOCUMENT_TOO_LARGE"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
    TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
    TOO_MANY_FIELDS = "TOO_MANY_FIELDS"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    PAGE_SIZE_EXCEEDED = "PAGE_SIZE_EXCEEDED"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    NOT_ACCEPTABLE = "NOT_ACCEPTABLE"
    OPERATION_NOT_SUPPORTED = "OPERATION_NOT_SUPPORTED"
    # Authentication (HTTP 401).
    UNAUTHENTICATED = "UNAUTHENTICATED"
    # Field-level: `data` is returned, the field is null.
    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    AMBIGUOUS_CODE = "AMBIGUOUS_CODE"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


class ApiError(GraphQLError):
    """An error with a code, raised by resolvers and by the request checks."""

    def __init__(self, message: str, code: str, **extensions):
        super().__init__(message, extensions={"code": code, **extensions})


def with_code(error: GraphQLError, code: str) -> GraphQLError:
    """Give a graphql-core error a code unless it already has one."""
    if not (error.extensions or {}).get("code"):
        error.extensions = {**(error.extensions or {}), "code": code}
    return error
