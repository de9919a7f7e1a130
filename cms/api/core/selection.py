"""What the client selected below the current field, so resolvers prime only the loaders it needs."""

from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode


def selected_names(info, max_depth: int = 12) -> frozenset[str]:
    """Names of every field selected anywhere below the field being resolved (fragments expanded once)."""
    names: set[str] = set()
    seen_fragments: set[str] = set()
    stack = [(node.selection_set, 0) for node in info.field_nodes if node.selection_set]
    while stack:
        selection_set, depth = stack.pop()
        if depth > max_depth:
            continue
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                names.add(selection.name.value)
                if selection.selection_set:
                    stack.append((selection.selection_set, depth + 1))
            elif isinstance(selection, InlineFragmentNode):
                stack.append((selection.selection_set, depth))
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = info.fragments.get(name)
                if fragment is not None and name not in seen_fragments:
                    seen_fragments.add(name)
                    stack.append((fragment.selection_set, depth))
    return frozenset(names)
