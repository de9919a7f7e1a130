"""Checks that refuse hostile or oversized documents before anything runs (numbers in query_cost_map).

Order in the view: size of the text, parse (token limit), structure (depth, aliases, fields; cheap and
safe on invalid documents, so it runs before graphql-core's validation, whose overlap check is quadratic
in repeated fields), graphql-core's validation, then page sizes and cost, which need the schema and the
variables. Every walk visits each fragment once (memoised, cycle-safe), so a fragment that spreads
another twice, thirty levels deep, costs thirty steps, not 2³⁰.
"""

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    Visitor,
    get_named_type,
    is_composite_type,
    is_list_type,
    is_non_null_type,
    parse,
    value_from_ast_untyped,
    visit,
)
from graphql.language import IntValueNode, VariableNode

from cms.api import query_cost_map as limits
from cms.api.errors import ApiError, Code, with_code

INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})


def check_size(query: str) -> None:
    size = len(query.encode("utf-8"))
    if size > limits.MAX_DOCUMENT_BYTES:
        raise ApiError(
            f"The document has {size} bytes; the limit is {limits.MAX_DOCUMENT_BYTES}.",
            Code.DOCUMENT_TOO_LARGE,
            maxBytes=limits.MAX_DOCUMENT_BYTES,
        )


def parse_document(query: str) -> DocumentNode:
    try:
        return parse(query, max_tokens=limits.MAX_TOKENS)
    except GraphQLError as error:
        if "more than" in error.message and "tokens" in error.message:
            raise ApiError(
                f"The document has more than {limits.MAX_TOKENS} tokens.", Code.DOCUMENT_TOO_LARGE,
                maxTokens=limits.MAX_TOKENS,
            ) from error
        raise with_code(error, Code.GRAPHQL_PARSE_FAILED) from None
    except RecursionError as error:
        raise ApiError("The document nests too deeply to parse.", Code.QUERY_TOO_DEEP) from error


class _Counter(Visitor):
    def __init__(self):
        super().__init__()
        self.fields = 0
        self.aliases = 0

    def enter_field(self, node, *_):
        self.fields += 1
        if node.alias is not None:
            self.aliases += 1


def _fragments(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


class _Depth:
    """Depth of selection sets, capped (so deep documents stop early), fragments memoised."""

    def __init__(self, fragments, cap):
        self.fragments = fragments
        self.cap = cap
        self.memo: dict[str, int] = {}
        self.active: set[str] = set()

    def of(self, selection_set, level=0) -> int:
        if selection_set is None or level > self.cap:
            return 0
        deepest = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                deepest = max(deepest, 1 + self.of(selection.selection_set, level + 1))
            elif isinstance(selection, InlineFragmentNode):
                deepest = max(deepest, self.of(selection.selection_set, level))
            elif isinstance(selection, FragmentSpreadNode):
                deepest = max(deepest, self.fragment(selection.name.value))
            if deepest > self.cap:
                break
        return deepest

    def fragment(self, name) -> int:
        if name in self.memo:
            return self.memo[name]
        fragment = self.fragments.get(name)
        if fragment is None or name in self.active:  # unknown or a cycle: validation reports it
            return 0
        self.active.add(name)
        self.memo[name] = self.of(fragment.selection_set)
        self.active.discard(name)
        return self.memo[name]


def check_structure(document: DocumentNode) -> None:
    """Depth, aliases and field count; raises the first limit exceeded."""
    counter = _Counter()
    visit(document, counter)
    if counter.aliases > limits.MAX_ALIASES:
        raise ApiError(
            f"The document uses {counter.aliases} aliases; the limit is {limits.MAX_ALIASES}.",
            Code.TOO_MANY_ALIASES, maxAliases=limits.MAX_ALIASES,
        )
    if counter.fields > limits.MAX_FIELDS:
        raise ApiError(
            f"The document selects {counter.fields} fields; the limit is {limits.MAX_FIELDS}.",
            Code.TOO_MANY_FIELDS, maxFields=limits.MAX_FIELDS,
        )
    fragments = _fragments(document)
    depth = _Depth(fragments, cap=limits.MAX_INTROSPECTION_DEPTH + 1)
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        for selection in _top_fields(definition.selection_set, fragments):
            limit = limits.MAX_INTROSPECTION_DEPTH if selection.name.value in INTROSPECTION_FIELDS else limits.MAX_DEPTH
            found = 1 + depth.of(selection.selection_set, 1)
            if found > limit:
                raise ApiError(
                    f"The document nests {found if found <= depth.cap else f'more than {depth.cap}'} levels "
                    f"deep; the limit is {limit}.",
                    Code.QUERY_TOO_DEEP, maxDepth=limit,
                )


def _top_fields(selection_set, fragments, seen=None):
    """Top-level fields of an operation, through fragments."""
    seen = set() if seen is None else seen
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _top_fields(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
            seen.add(selection.name.value)
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                yield from _top_fields(fragment.selection_set, fragments, seen)


def _is_connection(graphql_type) -> bool:
    return isinstance(graphql_type, GraphQLObjectType) and graphql_type.name.endswith("Connection") and (
        "edges" in graphql_type.fields
    )


class _Cost:
    """Cost of a validated operation with its variables (see query_cost_map)."""

    def __init__(self, schema: GraphQLSchema, fragments, variables, operation: OperationDefinitionNode):
        self.schema = schema
        self.fragments = fragments
        self.variables = dict(variables or {})
        for definition in operation.variable_definitions or ():
            name = definition.variable.name.value
            if name not in self.variables and definition.default_value is not None:
                self.variables[name] = value_from_ast_untyped(definition.default_value)
        self.memo: dict[tuple[str, int], int] = {}
        self.active: set[str] = set()

    def page_size(self, field: FieldNode) -> int:
        for argument in field.arguments or ():
            if argument.name.value != "first":
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                size = int(value.value)
            elif isinstance(value, VariableNode):
                size = self.variables.get(value.name.value)
            else:
                size = None
            if size is None:
                return limits.DEFAULT_PAGE_SIZE
            if not isinstance(size, int) or isinstance(size, bool):
                return limits.DEFAULT_PAGE_SIZE  # graphql-core reports the type error
            if size > limits.MAX_PAGE_SIZE:
                raise ApiError(
                    f"`first` is {size} on `{field.name.value}`; the largest page is {limits.MAX_PAGE_SIZE}.",
                    Code.PAGE_SIZE_EXCEEDED, maxPageSize=limits.MAX_PAGE_SIZE,
                )
            return max(size, 0)
        return limits.DEFAULT_PAGE_SIZE

    def of(self, selection_set, parent_type, page: int = 0) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent_type, page)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                fragment_type = self.schema.get_type(condition.name.value) if condition else parent_type
                total += self.of(selection.selection_set, fragment_type or parent_type, page)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value, page)
        return total

    def fragment(self, name: str, page: int) -> int:
        key = (name, page)
        if key in self.memo:
            return self.memo[key]
        fragment = self.fragments.get(name)
        if fragment is None or name in self.active:
            return 0
        self.active.add(name)
        fragment_type = self.schema.get_type(fragment.type_condition.name.value)
        self.memo[key] = self.of(fragment.selection_set, fragment_type, page)
        self.active.discard(name)
        return self.memo[key]

    def field(self, node: FieldNode, parent_type, page: int) -> int:
        name = node.name.value
        fields = getattr(parent_type, "fields", None)
        if name.startswith("__") or not fields or name not in fields:
            return 0
        field_type = fields[name].type
        named = get_named_type(field_type)
        if _is_connection(named):
            return limits.OBJECT_COST + self.of(node.selection_set, named, self.page_size(node))
        if name == "totalCount" and _is_connection(parent_type):
            return limits.TOTAL_COUNT_COST
        if not is_composite_type(named):
            return 0
        unwrapped = field_type.of_type if is_non_null_type(field_type) else field_type
        if is_list_type(unwrapped):
            if name == "edges" and _is_connection(parent_type):
                size = page
            else:
                size = limits.LIST_SIZES.get(f"{parent_type.name}.{name}", limits.DEFAULT_LIST_SIZE)
            return size * (limits.OBJECT_COST + self.of(node.selection_set, named))
        return limits.OBJECT_COST + self.of(node.selection_set, named)


def operation_cost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables) -> int:
    """The operation's cost; raises PAGE_SIZE_EXCEEDED for a `first` over the limit."""
    root = schema.query_type
    return _Cost(schema, _fragments(document), variables, operation).of(operation.selection_set, root)


def check_cost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables) -> int:
    cost = operation_cost(schema, document, operation, variables)
    if cost > limits.MAX_COST:
        raise ApiError(
            f"The query would cost {cost}; the limit is {limits.MAX_COST}. Ask for smaller pages or fewer "
            "nested objects.",
            Code.QUERY_TOO_COMPLEX, cost=cost, maxCost=limits.MAX_COST,
        )
    return cost
