"""The project's import graph points one way and has no cycles (DESIGN.md §7: layers point one way).

The graph is read statically with `ast`, so an import inside a function counts as much as one at the top
of a module: hiding an import in a function body does not make a cycle or an upward import go away.
Migrations are skipped (Django imports them by name; they only reference models by app label).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config_models", "cms", "importers")

# Allowed direction of imports between the project's packages: the domain (config_models) imports neither
# of the others; importers may use the domain but not the admin, API or public site in cms.
FORBIDDEN = {
    "config_models": {"cms", "importers"},
    "importers": {"cms"},
}
# The one exception, and why: the importers' admin face (its views and Wagtail hooks) is admin code, and
# answers refusals like every other admin view (cms.admin.views.forbidden_as_403). The import engine,
# resources and jobs stay free of cms; cms itself imports nothing from importers.
ALLOWED = {
    ("importers.views", "cms.admin.views"),
}

# Known cycles waiting for the one write path (issue 12, point 1), listed so that no new one can join them.
# Wagtail calls page models' own hooks (get_context, routable views, serve_preview, clean, save), and two page
# models answer them by calling their entity's service from inside those methods: the 一件事 pages for their
# overview and their publishing rules (which Wagtail's own publish paths would otherwise skip), the published
# list page for its rendering. They go once every publish path runs through the services and the pages'
# rendering moves to the public site; test_deferred_cycles_still_exist then says to delete the entry here.
DEFERRED = {
    ("config_models.models.bundle", "config_models.services.bundle"),
    ("config_models.models.published_list", "config_models.services.published_list"),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.relative_to(ROOT).parts:
                continue
            modules[module_name(path)] = path
    return modules


def imported_modules(name: str, path: Path, modules: dict[str, Path]) -> set[tuple[str, int]]:
    """The project modules that `name` imports anywhere in its body, as (module, line) pairs."""
    is_package = path.name == "__init__.py"
    found = set()

    def add(target: str, line: int) -> None:
        # `import a.b.c` or `from a.b import c` where c is a name: the deepest project module named.
        while target and target not in modules:
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add((target, line))

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                # A relative import is resolved against the package that holds this module.
                anchor = name.split(".")
                if not is_package:
                    anchor.pop()
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            for alias in node.names:
                # `from pkg import module` imports the submodule; `from module import name` the module.
                submodule = f"{base}.{alias.name}"
                add(submodule if submodule in modules else base, node.lineno)
    return found


def import_graph() -> dict[str, set[tuple[str, int]]]:
    modules = project_modules()
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def module_level_lines(path: Path) -> set[int]:
    """Lines of the imports that run when the module is imported (not inside a function)."""
    lines = set()
    pending = list(ast.parse(path.read_text(encoding="utf-8")).body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            lines.add(node.lineno)
        pending.extend(ast.iter_child_nodes(node))
    return lines


def find_cycles(graph: dict[str, set[tuple[str, int]]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm), each sorted."""
    edges = {
        name: sorted({target for target, _ in targets if (name, target) not in DEFERRED})
        for name, targets in graph.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return components


def describe_cycle(component: list[str], graph: dict[str, set[tuple[str, int]]]) -> str:
    members = set(component)
    lines = [f"  cycle of {len(component)} modules:"]
    for name in component:
        for target, line in sorted(graph[name]):
            if target in members:
                lines.append(f"    {name} (line {line}) imports {target}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def graph():
    return import_graph()


def targets(graph, name: str) -> set[str]:
    return {target for target, _ in graph[name]}


def test_walker_sees_every_kind_of_import(graph):
    """Guards the walker itself: it must see relative, `from pkg import module` and function-level imports."""
    # config_models/models/__init__.py re-exports its submodules with relative imports.
    assert "config_models.models.region" in targets(graph, "config_models.models")
    # `from config_models.services import published_list as service`, inside methods.
    assert "config_models.services.published_list" in targets(graph, "config_models.models.published_list")
    # `from cms.admin.views import forbidden_as_403` names a function: the edge goes to its module.
    assert "cms.admin.views" in targets(graph, "importers.views")


def test_a_cycle_is_found_and_named():
    graph = {"a": {("b", 1)}, "b": {("c", 2)}, "c": {("a", 3)}, "d": {("a", 4)}}
    assert find_cycles(graph) == [["a", "b", "c"]]
    assert "c (line 3) imports a" in describe_cycle(["a", "b", "c"], graph)


def test_no_import_cycles(graph):
    cycles = find_cycles(graph)
    assert not cycles, (
        "Import cycles between project modules (move the shared constant or function to the module that "
        "owns it; do not hide the import in a function):\n" + "\n".join(describe_cycle(c, graph) for c in cycles)
    )


def test_deferred_cycles_still_exist(graph):
    """Each deferred edge is still there and still only inside functions; a fixed one leaves DEFERRED."""
    modules = project_modules()
    for name, target in sorted(DEFERRED):
        lines = {line for found, line in graph[name] if found == target}
        assert lines, f"{name} no longer imports {target}: remove the pair from DEFERRED."
        assert not lines & module_level_lines(modules[name]), f"{name} imports {target} at module level"


def test_layers_point_one_way(graph):
    wrong = [
        f"  {name} (line {line}) imports {target}"
        for name, targets in sorted(graph.items())
        for target, line in sorted(targets)
        if target.partition(".")[0] in FORBIDDEN.get(name.partition(".")[0], ()) and (name, target) not in ALLOWED
    ]
    assert not wrong, (
        "The domain (config_models) imports nothing from cms or importers, and importers nothing from cms "
        "(DESIGN.md §7):\n" + "\n".join(wrong)
    )
