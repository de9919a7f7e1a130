"""The demo depends on the domain, never the other way round (issue 12, point 8)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_domain_app_imports_nothing_from_the_demo():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "config_models").rglob("*.py")
        if any(name == "demo" or name.startswith("demo.") for name in imported_modules(path))
    ]
    assert offenders == []


def test_demo_data_lives_in_data_files_not_in_the_domain_app():
    assert not (ROOT / "config_models" / "demo").exists()
    assert {path.name for path in (ROOT / "demo" / "data").iterdir()} >= {
        "bundles.yaml", "halls.yaml", "lists.yaml", "regions.yaml", "items.csv",
    }
