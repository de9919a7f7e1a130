"""Plain multi-row INSERTs for the load generator, with the rows' initial history records.

Django's bulk_create compiles every value of every row in Python and simple-history builds a model
instance for each history row; for 90,000 implementations and half a million materials that is most of
the run. Here each table gets one prepared INSERT fed through executemany. Primary keys are allocated by
the caller (above the table's current maximum, inside the caller's transaction) so that children and
history rows can refer to them; `reset_sequences` puts PostgreSQL's sequences past them afterwards.
"""

from collections.abc import Iterable, Iterator
from itertools import islice

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import get_history_model_for_model

# Values of these field types go to the database as Python gives them (str, int, bool, None).
PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)


def next_id(model: type[models.Model]) -> int:
    return (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1


class TableWriter:
    """Writes instances of one model, and their "+" history records, with explicit primary keys."""

    def __init__(self, model: type[models.Model], *, change_reason: str, batch_size: int = 2000):
        self.model = model
        self.history = get_history_model_for_model(model)
        self.batch_size = batch_size
        self.change_reason = change_reason
        self.fields = list(model._meta.concrete_fields)
        tracked = {field.attname for field in self.history.tracked_fields}
        self.history_fields = [field for field in self.fields if field.attname in tracked]
        own = {field.attname for field in self.history_fields}
        self.history_extra = [
            field.attname
            for field in self.history._meta.concrete_fields
            if field.attname not in own and field.attname != "history_id"
        ]
        self.insert_sql = self._insert_sql(model, [field.column for field in self.fields])
        history_columns = [self.history._meta.get_field(f.name).column for f in self.history_fields]
        self.history_sql = self._insert_sql(self.history, history_columns + self.history_extra)

    @staticmethod
    def _insert_sql(model, columns: list[str]) -> str:
        quote = connection.ops.quote_name
        placeholders = ", ".join(["%s"] * len(columns))
        return (
            f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
            f"VALUES ({placeholders})"
        )

    def _converter(self, field):
        if isinstance(field, PLAIN_FIELDS):
            return None
        return lambda value: field.get_db_prep_save(value, connection)

    def write(self, instances: list[models.Model]) -> None:
        """Insert `instances` (their pk already set) and one history record each."""
        now = timezone.now()
        for field in self.fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                for instance in instances:
                    setattr(instance, field.attname, now)
        converters = [(field.attname, self._converter(field)) for field in self.fields]
        self._insert(
            [
                tuple(
                    getattr(instance, attname) if convert is None else convert(getattr(instance, attname))
                    for attname, convert in converters
                )
                for instance in instances
            ],
            now,
        )

    def write_values(self, values: list[dict]) -> None:
        """Insert rows given as {attname: value} (pk included; absent fields take their defaults).

        Only for models without automatic timestamps, and for values already validated.
        """
        defaults = {field.attname: field.get_default() for field in self.fields}
        converters = [(field.attname, self._converter(field)) for field in self.fields]
        rows = []
        for row in values:
            full = defaults | row
            rows.append(
                tuple(full[attname] if convert is None else convert(full[attname]) for attname, convert in converters)
            )
        self._insert(rows, timezone.now())

    def _insert(self, rows: list[tuple], now) -> None:
        positions = [self.fields.index(field) for field in self.history_fields]
        extra = {
            "history_date": connection.ops.adapt_datetimefield_value(now),
            "history_change_reason": self.change_reason,
            "history_type": "+",
            "history_user_id": None,
        }
        tail = tuple(extra[name] for name in self.history_extra)
        history_rows = (tuple(row[i] for i in positions) + tail for row in rows)
        with connection.cursor() as cursor:
            for chunk in _batched(rows, self.batch_size):
                cursor.executemany(self.insert_sql, chunk)
            for chunk in _batched(history_rows, self.batch_size):
                cursor.executemany(self.history_sql, chunk)


def reset_sequences(*models_: type[models.Model]) -> None:
    """After explicit primary keys, the next automatic one must follow them (PostgreSQL; SQLite does it)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _batched(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk
