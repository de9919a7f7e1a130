"""graphql-core's executor with a fast path for plain scalar fields.

Most of a mirror's payload is scalar fields read straight off an object (`visitCount`, `address`, a
material's `name`). graphql-core spends about ten microseconds on each: a Path, a GraphQLResolveInfo,
argument coercion, the resolver call, awaitable checks and completion. For a field that has graphene's
default resolver, no arguments, no middleware and a scalar or enum type, the result is
`type.serialize(getattr(source, name))`; this executor computes exactly that directly. Anything else
(custom resolvers, objects, lists, nulls, serialisation errors) takes graphql-core's ordinary path, so
errors and null handling stay those of the spec.
"""

from functools import partial

from graphene.types.resolver import attr_resolver, dict_or_attr_resolver
from graphql import ExecutionContext, GraphQLNonNull, Undefined, is_leaf_type

PLAIN_RESOLVERS = (dict_or_attr_resolver, attr_resolver)


def _plain_attribute(field_def) -> str | None:
    """The attribute a field reads when its resolver is graphene's default one, else None."""
    resolve = field_def.resolve
    if isinstance(resolve, partial) and resolve.func in PLAIN_RESOLVERS and len(resolve.args) == 2:
        attname, default = resolve.args
        if default is None and not resolve.keywords:
            return attname
    return None


class FastExecutionContext(ExecutionContext):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._plans: dict[int, tuple] = {}

    def _plan(self, parent_type, fields) -> dict:
        """Per selection (the same dict object for every row of a list): the fields to read directly."""
        cached = self._plans.get(id(fields))
        if cached is not None and cached[0] is fields:
            return cached[1]
        plan = {}
        if self.middleware_manager is None or not self.middleware_manager.middlewares:
            for response_name, field_nodes in fields.items():
                node = field_nodes[0]
                field_def = parent_type.fields.get(node.name.value)
                if field_def is None or node.arguments or len(field_nodes) > 1:
                    continue
                return_type = field_def.type
                leaf = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
                attname = _plain_attribute(field_def)
                if attname is not None and is_leaf_type(leaf):
                    plan[response_name] = (attname, leaf.serialize)
        self._plans[id(fields)] = (fields, plan)
        return plan

    def execute_fields(self, parent_type, source_value, path, fields):
        plan = self._plan(parent_type, fields)
        if not plan or isinstance(source_value, dict):
            return super().execute_fields(parent_type, source_value, path, fields)
        results = {}
        slow = {}
        for response_name, field_nodes in fields.items():
            fast = plan.get(response_name)
            if fast is not None:
                value = getattr(source_value, fast[0], None)
                if value is not None:
                    try:
                        serialized = fast[1](value)
                    except Exception:  # the ordinary path below reports it
                        serialized = None
                    if serialized is not None and serialized is not Undefined:
                        results[response_name] = serialized
                        continue
            slow[response_name] = field_nodes
        if slow:
            # Nulls, errors and every non-trivial field: graphql-core's path (sync here: no awaitables).
            ordinary = super().execute_fields(parent_type, source_value, path, slow)
            results.update(ordinary)
            return {name: results[name] for name in fields if name in results}
        return results
