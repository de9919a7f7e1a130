"""The /graphql/ endpoint: graphene-django's view with token authentication, limits and error codes.

- POST with a JSON body, or GET with `query`/`variables`/`operationName` parameters (queries only: a
  mutation sent with GET is a 405).
- GraphQL over HTTP: a client accepting `application/graphql-response+json` gets that media type, and a
  request refused before execution (parse, validation, limits, variable coercion) is a 400 without `data`;
  a client accepting `application/json` (or anything, or sending no Accept) gets `application/json` and
  a 200 for every well-formed request, as the spec asks of that legacy media type; only a request that is
  not GraphQL over HTTP at all (a body that is not JSON, no `query`) is a 400 there. An Accept header
  naming neither is a 406.
- `Authorization: Bearer <token>` identifies an API client; a bad token is a 401, never public data.
- Public GET responses carry `Cache-Control: public, max-age=…`; responses to clients are `private`.
- Every error carries `extensions.code`; unexpected exceptions are logged and reported without detail
  (with their traceback in `extensions.exception` only when DEBUG is on).
- GraphiQL is served to browsers when `API_GRAPHIQL` is on (default: DEBUG).
"""

import hashlib
import json
import logging
import traceback
from functools import lru_cache

import orjson
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import FileResponse, HttpResponse
from django.utils.decorators import method_decorator
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView, HttpError
from graphql import DocumentNode, ExecutionResult, GraphQLError, OperationType, execute, get_operation_ast, validate

from cms import public_cache
from cms.api import limits
from cms.api.auth import AuthenticationFailed, viewer_from_authorization
from cms.api.changes.schema import encode_cursor
from cms.api.core.execution import FastExecutionContext
from cms.api.errors import ApiError, Code, with_code
from cms.api.schema import schema
from cms.models import MirrorSnapshot

logger = logging.getLogger("cms.api")

DEFAULT_CACHE_MAX_AGE = 60
MAX_VALIDATION_ERRORS = 20
# Longer documents are checked on every request rather than kept (a cached document holds its syntax tree).
MAX_CACHED_DOCUMENT_CHARS = 20_000


JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"
CONTENT_TYPE = f"{JSON}; charset=utf-8"


def _media_type(request) -> str | None:
    """The response's media type by the request's Accept header; None when it accepts neither.

    JSON comes first, so `*/*` (and a missing header) keep the media type every client understands."""
    if not request.headers.get("Accept"):
        return JSON
    return request.get_preferred_type([JSON, GRAPHQL_RESPONSE])


def _json_response(payload: dict, status: int, media_type: str = JSON, **headers) -> HttpResponse:
    response = HttpResponse(
        json.dumps(payload, separators=(",", ":"), ensure_ascii=False), status=status,
        content_type=f"{media_type}; charset=utf-8",
    )
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def compact_json(payload) -> bytes:
    """The bytes of `json.dumps(payload, separators=(",", ":"), ensure_ascii=False)` encoded in UTF-8.

    orjson writes them about seven times faster, which matters for pages of a few megabytes. What it
    refuses (ints beyond 64 bits, non-string keys, lone surrogates) goes to the standard library, which
    answers (or fails, for a lone surrogate) as before.
    """
    try:
        return orjson.dumps(payload)
    except orjson.JSONEncodeError:
        return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def _error_payload(message: str, code: str) -> dict:
    return {"errors": [{"message": message, "extensions": {"code": code}}]}


class InvalidDocument(Exception):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


@lru_cache(maxsize=64)
def _checked_document(graphql_schema, query: str) -> DocumentNode:
    """The parsed document, once it passed the structure limits and validation (raises otherwise).

    Front ends send the same few documents again and again (a pull is one document, page after page), so
    a valid one is parsed and validated once. Nothing mutates a document; errors are not cached.
    """
    document = limits.parse_document(query)
    limits.check_structure(document)
    errors = validate(graphql_schema, document, max_errors=MAX_VALIDATION_ERRORS)
    if errors:
        raise InvalidDocument(errors)
    return document


@method_decorator(csrf_exempt, name="dispatch")
class ApiView(GraphQLView):
    """Tokens, not cookies, authenticate here, so CSRF does not apply and no cookie is ever set."""

    # False: no loader is primed (the "plain resolvers" baseline of bench/api_pull.py).
    prefetch = True
    execution_context_class = FastExecutionContext

    def __init__(self, **kwargs):
        kwargs.setdefault("schema", schema)
        graphiql = getattr(settings, "API_GRAPHIQL", None)
        kwargs.setdefault("graphiql", settings.DEBUG if graphiql is None else graphiql)
        super().__init__(**kwargs)

    def dispatch(self, request, *args, **kwargs):
        if request.method not in ("GET", "POST"):
            return _json_response(
                _error_payload("Use GET or POST.", Code.METHOD_NOT_ALLOWED), 405, Allow="GET, POST",
                Cache_Control="no-store",
            )
        try:
            request.api_viewer = viewer_from_authorization(request.headers.get("Authorization"))
        except AuthenticationFailed as error:
            return _json_response(
                _error_payload(str(error), Code.UNAUTHENTICATED), 401,
                WWW_Authenticate='Bearer error="invalid_token"', Cache_Control="no-store",
            )
        request.api_prefetch = self.prefetch
        request.api_loaders = {}
        request.api_errors = False
        request.api_malformed = False
        media_type = request.api_media_type = _media_type(request) or JSON
        try:
            data = self.parse_body(request)
            if self.graphiql and self.can_display_graphiql(request, data):
                return super().dispatch(request, *args, **kwargs)
            if _media_type(request) is None:
                return _json_response(
                    _error_payload(f"Accept {GRAPHQL_RESPONSE} or {JSON}.", Code.NOT_ACCEPTABLE), 406,
                    Cache_Control="no-store",
                )
            entry = self._public_entry(request, media_type)
            if entry is not None:
                if request.headers.get("If-None-Match") == entry.etag:
                    return self._not_modified(entry.etag)
                if (stored := entry.get()) is not None:
                    return self._public_response(*stored, etag=entry.etag, cache_status="hit")
            try:
                body, status = self.get_response(request, data)
            finally:
                request.api_loaders = {}  # the rows of the page: free them now, not with the request
        except HttpError as error:
            return _json_response(
                _error_payload(error.response.content.decode() or "Bad request.", Code.BAD_REQUEST),
                error.response.status_code, media_type, Cache_Control="no-store",
            )
        except RequestDataTooBig:
            return _json_response(
                _error_payload("The request body is too large.", Code.DOCUMENT_TOO_LARGE), 413, media_type,
                Cache_Control="no-store",
            )
        content_type = f"{media_type}; charset=utf-8"
        body = body.encode() if isinstance(body, str) else body
        if request.method == "GET" and status == 200 and request.api_viewer.is_public and not request.api_errors:
            if entry is not None:
                entry.put(body, content_type)
                return self._public_response(body, content_type, etag=entry.etag, cache_status="miss")
            # Without the shared cache, the answer's digest: a published batch never changes, so its answers
            # revalidate as 304.
            etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
            if request.headers.get("If-None-Match") == etag:
                return self._not_modified(etag)
            return self._public_response(body, content_type, etag=etag)
        response = HttpResponse(body, status=status, content_type=content_type)
        response["Vary"] = "Authorization"
        response["Cache-Control"] = "private, no-store"
        return response

    @staticmethod
    def _public_headers(response, etag: str) -> HttpResponse:
        max_age = getattr(settings, "API_CACHE_MAX_AGE", DEFAULT_CACHE_MAX_AGE)
        response["Cache-Control"] = f"public, max-age={max_age}"
        response["Vary"] = "Authorization"
        response["ETag"] = etag
        return response

    def _public_response(self, body: bytes, content_type: str, *, etag: str, cache_status: str = "") -> HttpResponse:
        response = self._public_headers(HttpResponse(body, content_type=content_type), etag)
        if cache_status:
            response["X-Tongban-Cache"] = cache_status
        return response

    def _not_modified(self, etag: str) -> HttpResponse:
        return self._public_headers(HttpResponse(status=304), etag)

    def _public_entry(self, request, media_type: str) -> public_cache.Entry | None:
        """The cache entry of a public GET whose document is valid; None when it is not to be cached."""
        if request.method != "GET" or not request.api_viewer.is_public or not public_cache.enabled():
            return None
        query, raw_variables = request.GET.get("query"), request.GET.get("variables") or ""
        operation_name = request.GET.get("operationName") or None
        if not isinstance(query, str) or not query or len(query) > MAX_CACHED_DOCUMENT_CHARS:
            return None
        try:
            variables = json.loads(raw_variables) if raw_variables else None
            document = _checked_document(self.schema.graphql_schema, query)
        except (ValueError, InvalidDocument, GraphQLError, RecursionError):
            return None
        operation = get_operation_ast(document, operation_name)
        if operation is None or operation.operation != OperationType.QUERY:
            return None  # refused below (a mutation needs POST), never answered from the cache
        return public_cache.graphql_entry(document, query=query, variables=variables, raw_variables=raw_variables,
                                          operation_name=operation_name, media_type=media_type)

    def get_response(self, request, data, show_graphiql=False):
        """graphene-django's answer, with the status the media type asks for (see the module's docstring)."""
        body, status = super().get_response(request, data, show_graphiql)
        if getattr(request, "api_status", None):
            return body, request.api_status
        if status == 400 and request.api_media_type == JSON and not request.api_malformed:
            status = 200
        return body, status

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        try:
            extensions = data.get("extensions") if request.method == "POST" and isinstance(data, dict) else None
            result = self._execute(request, query, variables, operation_name, extensions)
        except GraphQLError as error:
            result = ExecutionResult(data=None, errors=[error])
        except RecursionError:
            too_deep = ApiError("The document nests too deeply.", Code.QUERY_TOO_DEEP)
            result = ExecutionResult(data=None, errors=[too_deep])
        request.api_errors = bool(result.errors)
        return result

    def _execute(self, request, query, variables, operation_name, extensions=None):
        # Not a GraphQL-over-HTTP request at all: a 400 whatever the media type.
        request.api_malformed = True
        if not query:
            raise ApiError("Send a GraphQL document in `query`.", Code.BAD_REQUEST)
        if not isinstance(query, str):
            raise ApiError("`query` must be a string.", Code.BAD_REQUEST)
        if variables is not None and not isinstance(variables, dict):
            raise ApiError("`variables` must be a JSON object.", Code.BAD_REQUEST)
        if operation_name is not None and not isinstance(operation_name, str):
            raise ApiError("`operationName` must be a string.", Code.BAD_REQUEST)
        if extensions is not None and not isinstance(extensions, dict):
            raise ApiError("`extensions` must be a JSON object.", Code.BAD_REQUEST)
        request.api_malformed = False
        limits.check_size(query)
        graphql_schema = self.schema.graphql_schema
        check = _checked_document if len(query) <= MAX_CACHED_DOCUMENT_CHARS else _checked_document.__wrapped__
        try:
            document = check(graphql_schema, query)
        except InvalidDocument as invalid:
            return ExecutionResult(
                data=None, errors=[with_code(error, Code.GRAPHQL_VALIDATION_FAILED) for error in invalid.errors]
            )
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            raise ApiError(
                "Name the operation to run in `operationName`." if operation_name is None
                else f"No operation named {operation_name!r} in the document.",
                Code.BAD_REQUEST,
            )
        if operation.operation == OperationType.MUTATION and request.method != "POST":
            # GraphQL over HTTP: a GET never changes anything.
            request.api_status = 405
            raise ApiError("Send mutations with POST.", Code.METHOD_NOT_ALLOWED)
        if operation.operation not in (OperationType.QUERY, OperationType.MUTATION):
            raise ApiError("This API answers queries and mutations only.", Code.OPERATION_NOT_SUPPORTED)
        limits.check_cost(graphql_schema, document, operation, variables)
        result = execute(
            graphql_schema,
            document,
            root_value=self.get_root_value(request),
            context_value=request,
            variable_values=variables,
            operation_name=operation_name,
            middleware=self.get_middleware(request) or None,
            execution_context_class=self.execution_context_class,
        )
        for error in result.errors or ():
            if not error.path and (error.original_error is None or isinstance(error.original_error, GraphQLError)):
                with_code(error, Code.BAD_USER_INPUT)  # variables that do not fit their types
        return result

    def json_encode(self, request, d, pretty=False):
        if pretty or self.pretty or request.GET.get("pretty"):
            return json.dumps(d, sort_keys=True, indent=2, ensure_ascii=False)
        return compact_json(d)

    def format_error(self, error):
        if not isinstance(error, GraphQLError):
            error = GraphQLError(str(error), original_error=error)
        original = error.original_error
        if original is not None and not isinstance(original, GraphQLError):
            logger.error("GraphQL resolver failed at %s", error.path, exc_info=original)
            formatted = {"message": "Internal server error.", "extensions": {"code": Code.INTERNAL_SERVER_ERROR}}
            if error.locations:
                formatted["locations"] = [location._asdict() for location in error.locations]
            if error.path:
                formatted["path"] = error.path
            if settings.DEBUG:
                formatted["extensions"]["exception"] = {
                    "message": str(original),
                    "stacktrace": traceback.format_exception(original),
                }
            return formatted
        return with_code(error, Code.GRAPHQL_VALIDATION_FAILED).formatted


def mirror_snapshot(request, region_code: str):
    """The region's newest snapshot, streamed: the mirror loads it, then follows `changes(after:)` from the
    cursor in its first line (and in `X-Tongban-Cursor`). Public data only, like an anonymous query."""
    if request.method not in ("GET", "HEAD"):
        return _json_response(_error_payload("Use GET.", Code.METHOD_NOT_ALLOWED), 405, Allow="GET, HEAD",
                              Cache_Control="no-store")
    snapshot = MirrorSnapshot.objects.filter(region__code=region_code).order_by("-sequence", "-pk").first()
    if snapshot is None:
        return _json_response(_error_payload(
            f"区划“{region_code}”还没有镜像快照，请稍后再试或按 graphql/operations/county_sync.graphql 分页拉取。"
            f" No snapshot of region {region_code} yet.", Code.NOT_FOUND), 404, Cache_Control="no-store")
    etag = f'"snapshot-{region_code}-{snapshot.sequence}"'
    cursor = encode_cursor(snapshot.sequence)
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = FileResponse(snapshot.file.open("rb"), content_type="application/x-ndjson; charset=utf-8")
        response["Content-Length"] = snapshot.size
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
    response["Last-Modified"] = http_date(snapshot.built_at.timestamp())
    response["X-Tongban-Cursor"] = cursor
    return response
