from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_graphql_folder_holds_no_python():
    """A Python package named graphql would shadow graphql-core, which graphene imports (DESIGN.md §7)."""
    assert (ROOT / "graphql").is_dir()
    assert list((ROOT / "graphql").rglob("*.py")) == []


def test_graphql_core_is_the_installed_package():
    import graphql

    assert "site-packages" in (graphql.__file__ or "")
