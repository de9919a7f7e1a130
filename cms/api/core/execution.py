"""graphql-core's executor with a compiled fast path for completing objects and lists.

Why: a mirror's pull is about a million leaf fields per county (46k materials × 14 fields, 7.7k
implementations × ~45). graphql-core spends several microseconds on each field: a Path, a
GraphQLResolveInfo, argument coercion, the resolver call, awaitable checks, then completion through
`complete_value`'s chain of type tests. That, not SQL, was most of the time of a pull.

How: for a value of a given type and selection (the same `field_nodes` for every row of a list), the
selection is compiled once per request into a plan: response key → how to read the value (an attribute,
as graphene's default resolver does, or the field's resolver with a GraphQLResolveInfo) → how to
complete it (leaf serializer, nested object plan, list of either). Rows are then completed in a tight
loop. An object's plain leaves (strings, ints, booleans, enums read by graphene's default resolver) are
read with one `attrgetter` call and accepted at once when every value has the usual type (`str` for
String, an `int` in range for Int, a memoised enum value); Paths and infos are built only where a
resolver or a nested value needs them.

The results are those of graphql-core, errors included, because anything unusual goes back to it:

- A field the plan does not handle (arguments, an interface or union, a meta field but `__typename`) is
  always executed by graphql-core's `execute_field`.
- When reading or completing a field fails the fast checks in any way (a null in a non-null field, a value
  the serializer refuses, a resolver that raises, a wrong `is_type_of`, …), graphql-core executes that one
  field again from scratch (resolvers here are reads, so calling one twice is harmless) and reports its
  errors with the right path; a list item is retried the same way. Fast checks only fail before anything
  below them has run, so nothing is reported twice.
- A non-null error coming up from below is passed to the nearest nullable field or list item exactly as
  graphql-core's `handle_field_error` does.

Execution must be synchronous (as the view is): the fast path treats an awaitable like any unusual value
and lets graphql-core handle it. With middleware, graphql-core runs unchanged.
"""

from functools import partial
from operator import attrgetter, itemgetter

from graphene.types.resolver import dict_or_attr_resolver
from graphene_django import DjangoObjectType
from graphql import (
    ExecutionContext,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLString,
    Undefined,
    is_leaf_type,
    located_error,
)
from graphql.pyutils import Path
from graphql.pyutils import is_awaitable as is_awaitable_value

MIN_INT, MAX_INT = -(2**31), 2**31 - 1
DJANGO_IS_TYPE_OF = DjangoObjectType.is_type_of.__func__
new_tuple = tuple.__new__  # Path and GraphQLResolveInfo are named tuples: skip their Python-level __new__

# How a value is completed (leaves first: `kind < LIST` means a leaf).
STRING, INT, BOOLEAN, ENUM, SCALAR, LIST, OBJECT = range(7)
# The usual Python type of each kind of leaf read in bulk (enums: see _enum_value_type); others go one by one.
BULK_TYPES = {STRING: str, INT: int, BOOLEAN: bool}
# How a field is read.
ATTRIBUTE, RESOLVER, TYPENAME, SLOW = range(4)


class _Bubble(Exception):
    """A located error of a non-null position, on its way up to the nearest nullable one."""

    def __init__(self, error):
        super().__init__(error)
        self.error = error


class _Refused(Exception):
    """The fast checks refused a value: graphql-core completes it instead."""


class TypePlan:
    """How to complete a value of one output type for one selection."""

    __slots__ = ("bulk_type", "item", "kind", "memo", "non_null", "object", "serialize", "type")

    def __init__(
        self, graphql_type, kind, *, serialize=None, memo=None, item=None, object_plan=None, bulk_type=None
    ):
        self.type = graphql_type
        self.non_null = isinstance(graphql_type, GraphQLNonNull)
        self.kind = kind
        self.serialize = serialize
        self.memo = memo  # enums: value (a str or an int, never a bool) → serialized name
        self.bulk_type = bulk_type or BULK_TYPES.get(kind)
        self.item = item
        self.object = object_plan


class FieldPlan:
    """How to read one field of an object and complete it; SLOW fields are graphql-core's from the start."""

    __slots__ = (
        "attname",
        "default",
        "field_nodes",
        "info_head",
        "info_tail",
        "key",
        "plan",
        "read",
        "resolve",
        "return_type",
    )

    def __init__(self, key, field_nodes, return_type=None, read=SLOW, plan=None):
        self.key = key
        self.field_nodes = field_nodes
        self.return_type = return_type
        self.read = read
        self.plan = plan
        self.attname = self.default = self.resolve = self.info_head = self.info_tail = None


class ObjectPlan:
    """How to complete an object for one selection.

    `keys` fixes the order of the answer. Plain leaves read by attribute (`bulk`: strings, ints, booleans
    and enums) are read with one attrgetter call and their types checked at once; the other fields, one by
    one. If any bulk value is not of the usual type, every field is done one by one, in order.
    """

    __slots__ = (
        "bulk", "bulk_keys", "bulk_types", "enums", "fields", "get_attributes", "get_items", "ints", "is_type_of",
        "keys", "others", "slow_keys", "type", "verified",
    )

    def __init__(self, object_type):
        self.type = object_type
        self.fields: list[FieldPlan] = []
        self.is_type_of = object_type.is_type_of
        self.verified: dict[type, bool] = {}  # classes of sources that passed the checks → read as a dict

    def finish(self):
        self.keys = tuple(field.key for field in self.fields)
        self.bulk = [
            field for field in self.fields
            if field.read == ATTRIBUTE and field.plan.bulk_type is not None and field.default is None
            and "." not in field.attname  # attrgetter would follow a dotted name; getattr does not
        ]
        self.others = [field for field in self.fields if field not in self.bulk]
        self.slow_keys = tuple(field.key for field in self.fields if field.read == SLOW)
        self.bulk_keys = tuple(field.key for field in self.bulk)
        self.bulk_types = tuple(field.plan.bulk_type for field in self.bulk)
        self.ints = [index for index, field in enumerate(self.bulk) if field.plan.kind == INT]
        self.enums = [(index, field.plan) for index, field in enumerate(self.bulk) if field.plan.kind == ENUM]
        names = [field.attname for field in self.bulk]
        self.get_attributes = _getter(attrgetter, names)
        self.get_items = _getter(itemgetter, names)


def _enum_value_type(enum_type):
    """str or int when every value of the enum's Python enum is one (TextChoices, IntegerChoices), else None."""
    python_enum = getattr(getattr(enum_type, "graphene_type", None), "_meta", None)
    members = list(python_enum.enum) if python_enum is not None else []
    types = {type(member.value) for member in members}
    return types.pop() if len(types) == 1 and types <= {str, int} else None


def _getter(factory, names):
    """A function returning a tuple of the values of `names`, even for one name."""
    if len(names) == 1:
        get = factory(names[0])
        return lambda source: (get(source),)
    return factory(*names) if names else lambda source: ()


def _default_attribute(field_def):
    """(attribute, default) when a field has graphene's default resolver, else None."""
    resolve = field_def.resolve
    if isinstance(resolve, partial) and resolve.func is dict_or_attr_resolver and len(resolve.args) == 2:
        if not resolve.keywords:
            return resolve.args
    return None


class FastExecutionContext(ExecutionContext):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._type_plans: dict = {}
        self._plain_classes: set[type] = set()  # classes whose instances are never awaitable
        self._fast = self.middleware_manager is None or not self.middleware_manager.middlewares

    # Compilation: once per request, output type and selection.

    def _type_plan(self, graphql_type, field_nodes) -> TypePlan | None:
        key = (graphql_type, *map(id, field_nodes))
        entry = self._type_plans.get(key)
        if entry is None:
            plan = self._compile_type(graphql_type, field_nodes)
            entry = self._type_plans[key] = (plan, field_nodes)  # keeps the nodes alive, so their ids stay unique
        return entry[0]

    def _compile_type(self, graphql_type, field_nodes) -> TypePlan | None:
        if isinstance(graphql_type, GraphQLNonNull):
            inner = self._type_plan(graphql_type.of_type, field_nodes)
            if inner is None:
                return None
            return TypePlan(graphql_type, inner.kind, serialize=inner.serialize, memo=inner.memo, item=inner.item,
                            object_plan=inner.object, bulk_type=inner.bulk_type)
        if isinstance(graphql_type, GraphQLList):
            item = self._type_plan(graphql_type.of_type, field_nodes)
            return None if item is None else TypePlan(graphql_type, LIST, item=item)
        if is_leaf_type(graphql_type):
            if graphql_type is GraphQLString or graphql_type is GraphQLID:
                kind = STRING  # both return a str as it is
            elif graphql_type is GraphQLInt:
                kind = INT
            elif graphql_type is GraphQLBoolean:
                kind = BOOLEAN
            elif isinstance(graphql_type, GraphQLEnumType):
                return TypePlan(graphql_type, ENUM, serialize=graphql_type.serialize, memo={},
                                bulk_type=_enum_value_type(graphql_type))
            else:
                kind = SCALAR
            return TypePlan(graphql_type, kind, serialize=graphql_type.serialize)
        if isinstance(graphql_type, GraphQLObjectType):
            return TypePlan(graphql_type, OBJECT, object_plan=self._object_plan(graphql_type, field_nodes))
        return None  # interfaces and unions: graphql-core

    def _object_plan(self, object_type, field_nodes) -> ObjectPlan:
        plan = ObjectPlan(object_type)
        for key, nodes in self.collect_subfields(object_type, field_nodes).items():
            name = nodes[0].name.value
            if name == "__typename":
                plan.fields.append(FieldPlan(key, nodes, read=TYPENAME))
                continue
            field_def = object_type.fields.get(name)
            type_plan = None if field_def is None or field_def.args else self._type_plan(field_def.type, nodes)
            if type_plan is None:
                plan.fields.append(FieldPlan(key, nodes))
                continue
            field = FieldPlan(key, nodes, field_def.type, plan=type_plan)
            attribute = _default_attribute(field_def)
            if attribute is not None:
                field.read = ATTRIBUTE
                field.attname, field.default = attribute
            else:
                field.read = RESOLVER
                field.resolve = field_def.resolve or self.field_resolver
            field.info_head = (name, nodes, field_def.type, object_type)
            field.info_tail = (
                self.schema, self.fragments, self.root_value, self.operation, self.variable_values,
                self.context_value, self.is_awaitable,
            )
            plan.fields.append(field)
        plan.finish()
        return plan

    # Execution.

    def complete_value(self, return_type, field_nodes, info, path, result):
        plan = self._type_plan(return_type, field_nodes) if self._fast else None
        if plan is None or plan.kind < LIST:  # a lone leaf: nothing to gain
            return super().complete_value(return_type, field_nodes, info, path, result)
        try:
            return self._complete(plan, result, path, info)
        except _Bubble as bubble:
            raise bubble.error from None
        except Exception:
            return super().complete_value(return_type, field_nodes, info, path, result)

    def _complete(self, plan: TypePlan, value, path, info):
        """The completed value. Raises _Bubble to propagate an error, anything else to hand over to graphql-core
        (only before anything below has run, so nothing is reported twice)."""
        if value is None or value is Undefined:
            if plan.non_null:
                raise _Refused
            return None
        kind = plan.kind
        if kind == OBJECT:
            return self._complete_object(plan.object, value, path, info)
        if kind == LIST:
            return self._complete_list(plan, value, path, info)
        return self._complete_leaf(plan, value)

    def _complete_leaf(self, plan: TypePlan, value):
        kind = plan.kind
        value_type = type(value)
        if kind == STRING:
            if value_type is str:
                return value
        elif kind == INT:
            if value_type is int and MIN_INT <= value <= MAX_INT:
                return value
        elif kind == BOOLEAN:
            if value_type is bool:
                return value
        elif kind == ENUM and (value_type is str or value_type is int):
            serialized = plan.memo.get(value)
            if serialized is None:
                serialized = plan.serialize(value)
                if serialized is None or serialized is Undefined:
                    raise _Refused
                plan.memo[value] = serialized
            return serialized
        if isinstance(value, Exception) or self._awaitable(value):
            raise _Refused
        serialized = plan.serialize(value)
        if serialized is None or serialized is Undefined:
            raise _Refused
        return serialized

    def _awaitable(self, value) -> bool:
        cls = type(value)
        if cls in self._plain_classes:
            return False
        if is_awaitable_value(value):
            return True
        if not hasattr(cls, "__await__"):
            self._plain_classes.add(cls)
        return False

    def _complete_list(self, plan: TypePlan, value, path, info):
        if type(value) is not list and type(value) is not tuple:
            raise _Refused
        item = plan.item
        if item.kind < LIST:
            try:
                return [self._complete(item, entry, None, info) for entry in value]
            except Exception:
                pass  # item by item below, so that each error is reported at its index
        completed = []
        for index, entry in enumerate(value):
            item_path = new_tuple(Path, (path, index, None))
            try:
                completed.append(self._complete(item, entry, item_path, info))
            except _Bubble as bubble:
                completed.append(self._propagate(bubble.error, item.type, item_path))
            except Exception:
                completed.append(self._complete_item_slowly(item.type, entry, item_path, info))
        return completed

    def _complete_item_slowly(self, item_type, entry, item_path, info):
        """graphql-core's completion of one list item, with its error handling (as in complete_list_value)."""
        try:
            return super().complete_value(item_type, info.field_nodes, info, item_path, entry)
        except Exception as raw_error:
            error = located_error(raw_error, info.field_nodes, item_path.as_list())
            return self._propagate(error, item_type, item_path)

    def _propagate(self, error, return_type, path):
        """graphql-core's handle_field_error: null and report at a nullable position, else pass the error up."""
        if isinstance(return_type, GraphQLNonNull):
            raise _Bubble(error)
        self.handle_field_error(error, return_type, path)
        return None

    def _complete_object(self, plan: ObjectPlan, source, path, info):
        from_dict = plan.verified.get(type(source))
        if from_dict is None:
            from_dict = self._verify(plan, source, info)
        values = self._read_bulk(plan, source, from_dict) if plan.bulk else None
        if values is None and plan.bulk:
            results = {}
            for field in plan.fields:  # in order, so that errors are reported in graphql-core's order
                results[field.key] = self._complete_field(plan.type, field, source, from_dict, path)
        elif not plan.others:
            return dict(zip(plan.keys, values, strict=True))
        else:
            results = dict.fromkeys(plan.keys)  # the order of the answer
            if values is not None:
                results.update(zip(plan.bulk_keys, values, strict=True))
            for field in plan.others:
                results[field.key] = self._complete_field(plan.type, field, source, from_dict, path)
        for key in plan.slow_keys:
            if results[key] is Undefined:  # a field graphql-core leaves out
                return {key: value for key, value in results.items() if value is not Undefined}
        return results

    def _verify(self, plan: ObjectPlan, source, info) -> bool:
        """graphql-core's checks of an object value (not an error, not awaitable, is_type_of), remembered per
        class when they depend on the class only. Returns whether graphene reads it as a dict."""
        if isinstance(source, Exception) or self._awaitable(source):
            raise _Refused
        is_type_of = plan.is_type_of
        if is_type_of is not None and is_type_of(source, info) is not True:
            raise _Refused
        from_dict = isinstance(source, dict)
        # graphene-django's is_type_of looks at the class only; another one may look at the value.
        if is_type_of is None or getattr(is_type_of, "__func__", None) is DJANGO_IS_TYPE_OF:
            if not hasattr(type(source), "__await__"):
                plan.verified[type(source)] = from_dict
        return from_dict

    @staticmethod
    def _read_bulk(plan: ObjectPlan, source, from_dict):
        """The bulk leaves, completed, if every value is of the usual type and serialises trivially; else None."""
        try:
            values = plan.get_items(source) if from_dict else plan.get_attributes(source)
        except Exception:
            return None
        if tuple(map(type, values)) != plan.bulk_types:
            return None
        for index in plan.ints:
            if not MIN_INT <= values[index] <= MAX_INT:
                return None
        if plan.enums:
            values = list(values)
            for index, type_plan in plan.enums:
                value = values[index]
                serialized = type_plan.memo.get(value)
                if serialized is None:
                    try:
                        serialized = type_plan.serialize(value)
                    except Exception:
                        return None
                    if serialized is None or serialized is Undefined:
                        return None
                    type_plan.memo[value] = serialized
                values[index] = serialized
        return values

    def _complete_field(self, object_type, field: FieldPlan, source, from_dict, path):
        """One field of an object: read it and complete it, or leave it to graphql-core."""
        read = field.read
        if read == ATTRIBUTE:
            if from_dict:
                value = source.get(field.attname, field.default)
            else:
                value = getattr(source, field.attname, field.default)
            kind = field.plan.kind
            if kind < LIST and value is not None:
                try:
                    return self._complete_leaf(field.plan, value)
                except Exception:
                    pass  # graphql-core reports it, below
        elif read == TYPENAME:
            return object_type.name
        field_path = new_tuple(Path, (path, field.key, object_type.name))
        if read == SLOW:
            return self._execute_field_slowly(object_type, source, field, field_path)
        try:
            type_plan = field.plan
            if read == RESOLVER:
                field_info = new_tuple(GraphQLResolveInfo, (*field.info_head, field_path, *field.info_tail))
                value = field.resolve(source, field_info)
            elif type_plan.kind >= LIST:
                field_info = new_tuple(GraphQLResolveInfo, (*field.info_head, field_path, *field.info_tail))
            else:
                field_info = None
            return self._complete(type_plan, value, field_path, field_info)
        except _Bubble as bubble:
            return self._propagate(bubble.error, field.return_type, field_path)
        except Exception:
            # Start this field again with graphql-core: it resolves, completes and reports errors.
            return self._execute_field_slowly(object_type, source, field, field_path)

    def _execute_field_slowly(self, object_type, source, field: FieldPlan, field_path):
        try:
            return self.execute_field(object_type, source, field.field_nodes, field_path)
        except Exception as error:  # a non-null field's error, located and handled by graphql-core
            raise _Bubble(error) from None
