"""Every third-party package the project imports is declared in pyproject.toml, not merely installed because
something else happens to depend on it today (a transitive dependency can vanish in any upgrade).

The project's code (cms, config_models, importers, manage.py) may import only the main dependencies; the
tests and benchmarks may also import the `test` extra. Apps and middleware named in the settings count as
imports of the application itself.
"""

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
APPLICATION = ("cms", "config_models", "importers", "manage.py")
TEST_CODE = ("tests", "bench")
# The benchmarks import each other as the namespace package `bench`; `graphql/` holds documents, not code, so
# `graphql` stays third party (graphql-core).
FIRST_PARTY = {path.stem for path in ROOT.iterdir() if path.suffix == ".py" or (path / "__init__.py").exists()} | {
    *TEST_CODE
}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(spec: str) -> str:
    """The distribution named by a PEP 508 requirement such as `psycopg[binary]>=3.2,<4`."""
    return canonical(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", spec.strip()).group())


def declared() -> tuple[set[str], set[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    main = {requirement_name(spec) for spec in project["dependencies"]}
    test = {requirement_name(spec) for spec in project["optional-dependencies"]["test"]}
    return main, test


def imported_top_levels(*roots: str) -> dict[str, str]:
    """Top-level third-party modules imported anywhere in `roots`, each with one place that imports it."""
    found: dict[str, str] = {}
    for root in roots:
        path = ROOT / root
        for file in [path] if path.is_file() else sorted(path.rglob("*.py")):
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and not node.level:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.partition(".")[0]
                    if top not in sys.stdlib_module_names and top not in FIRST_PARTY:
                        found.setdefault(top, f"{file.relative_to(ROOT)}:{node.lineno}")
    return found


def undeclared(modules: dict[str, str], allowed: set[str]) -> list[str]:
    distributions = importlib.metadata.packages_distributions()
    problems = []
    for module, where in sorted(modules.items()):
        names = {canonical(d) for d in distributions.get(module, [])}
        if not names:
            problems.append(f"  {module} ({where}): no installed distribution provides it")
        elif not names & allowed:
            problems.append(f"  {module} ({where}): provided by {', '.join(sorted(names))}, which is not declared")
    return problems


def test_application_imports_only_main_dependencies():
    main, _ = declared()
    modules = imported_top_levels(*APPLICATION)
    for dotted in [*settings.INSTALLED_APPS, *settings.MIDDLEWARE]:
        top = dotted.partition(".")[0]
        if top not in sys.stdlib_module_names and top not in FIRST_PARTY:
            modules.setdefault(top, f"settings ({dotted})")
    assert {"django", "wagtail", "graphene_django"} <= set(modules), "the import scan found nothing"
    problems = undeclared(modules, main)
    assert not problems, "Add these to [project] dependencies in pyproject.toml:\n" + "\n".join(problems)


def test_tests_and_benchmarks_import_only_declared_packages():
    main, test = declared()
    modules = imported_top_levels(*TEST_CODE)
    assert {"pytest", "factory"} <= set(modules), "the import scan found nothing"
    problems = undeclared(modules, main | test)
    assert not problems, "Add these to the `test` extra in pyproject.toml:\n" + "\n".join(problems)


def test_redis_client_is_a_main_dependency():
    # Production's REDIS_URL selects Django's RedisCache, which imports `redis` only when the cache is first used.
    main, _ = declared()
    assert "redis" in main
    assert "django.core.cache.backends.redis.RedisCache" in (ROOT / "cms/settings/production.py").read_text()
