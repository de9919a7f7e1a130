"""Print the GraphQL contract (SDL); `--write` updates graphql/schema.graphql, `--check` fails on drift."""

import difflib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from graphql import print_schema

CONTRACT = Path(settings.BASE_DIR) / "graphql" / "schema.graphql"


def current_sdl() -> str:
    from cms.api.schema import schema

    return print_schema(schema.graphql_schema) + "\n"


class Command(BaseCommand):
    help = "Print the GraphQL schema as SDL. --write updates graphql/schema.graphql; --check fails when it differs."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--write", action="store_true", help="Write the SDL to graphql/schema.graphql.")
        group.add_argument("--check", action="store_true", help="Exit non-zero when graphql/schema.graphql is stale.")
        parser.add_argument("--path", type=Path, default=CONTRACT, help="The contract file (default: %(default)s).")

    def handle(self, *args, write=False, check=False, path=CONTRACT, **options):
        sdl = current_sdl()
        if write:
            path.write_text(sdl, encoding="utf-8")
            self.stdout.write(f"Wrote {path.name}.")
        elif check:
            committed = path.read_text(encoding="utf-8") if path.exists() else ""
            if committed != sdl:
                diff = "".join(
                    difflib.unified_diff(
                        committed.splitlines(keepends=True), sdl.splitlines(keepends=True),
                        fromfile=f"{path.name} (committed)", tofile=f"{path.name} (from cms/api)",
                    )
                )
                raise CommandError(
                    f"The GraphQL contract has drifted. Review the change, then run "
                    f"`manage.py export_graphql_schema --write` and commit it.\n{diff}"
                )
            self.stdout.write(f"{path.name} matches the schema.")
        else:
            self.stdout.write(sdl, ending="")
