"""Set-based writes of many rows without a model instance per row.

``bulk_create`` and ``bulk_update`` build a model instance, or an ORM expression per field, for
every row; at thousands of rows per export that cost milliseconds of CPU per record. These
write the same rows with plain SQL, each value prepared by its field as a save would prepare
it. On PostgreSQL the per-row values travel as one array per column (joined with ``unnest``),
so no statement grows with the number of rows; elsewhere a CASE on the primary key (updates) or
a VALUES list (inserts) carries them, in batches.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Lookup
from django.db.models.lookups import In
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

# Rows per UPDATE of per-row values: the database matches each row against a CASE of this
# many branches, so much larger batches cost it quadratic time.
UPDATE_BATCH = 500
# Rows per INSERT where the backend sets no limit on parameters.
INSERT_BATCH = 5000


def _db() -> BaseDatabaseWrapper:
    """The default connection itself: through ``django.db.connection`` (a proxy) every
    attribute read costs a context lookup, and values are prepared thousands at a time."""
    return connections[DEFAULT_DB_ALIAS]


def _quote(name: str) -> str:
    return _db().ops.quote_name(name)


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    return model._meta.get_field(name)  # type: ignore[return-value]


def _assignment(
    field: models.Field[Any, Any], values: list[Any], pks: list[int], params: list[Any]
) -> str:
    """``column = %s`` when every row takes the same value, else a CASE on the primary key."""
    db = _db()
    name = _quote(str(field.column))
    if all(value == values[0] for value in values):
        params.append(field.get_db_prep_save(values[0], db))
        return f"{name} = %s"
    for pk, value in zip(pks, values, strict=True):
        params.extend((pk, field.get_db_prep_save(value, db)))
    return f"{name} = CASE {_quote('id')} {'WHEN %s THEN %s ' * len(pks)}END"


def _prepared(field: models.Field[Any, Any], values: list[Any]) -> list[Any]:
    """The values as the database driver takes them, prepared by the field as a save would.

    Strings for text columns and integers for integer columns come back from the field
    unchanged, so they skip the preparation (some microseconds each, for every row).
    """
    if isinstance(field, models.CharField | models.TextField):
        unchanged = all(isinstance(value, str) for value in values)
    elif isinstance(field, models.IntegerField | models.ForeignKey):
        unchanged = all(type(value) is int for value in values)
    else:
        unchanged = False
    if unchanged:
        return values
    db = _db()
    return [field.get_db_prep_save(value, db) for value in values]


def _array(field: models.Field[Any, Any], values: list[Any]) -> tuple[str, list[Any]]:
    """A PostgreSQL array parameter of the field's column type, and its prepared values."""
    return f"%s::{field.db_type(_db())}[]", _prepared(field, values)


def _update_arrays(
    model: type[models.Model], fields: list[models.Field[Any, Any]], rows: Mapping[int, Any]
) -> None:
    """PostgreSQL: one UPDATE joined to ``unnest`` of one array per column that varies."""
    db = _db()
    pks = list(rows)
    sets, params = [], []
    arrays = [_array(model._meta.pk, pks)]
    names = ["id"]
    for n, field in enumerate(fields):
        values = [rows[pk][field.name] for pk in pks]
        column = _quote(str(field.column))
        if all(value == values[0] for value in values):
            sets.append(f"{column} = %s")
            params.append(field.get_db_prep_save(values[0], db))
            continue
        names.append(f"c{n}")
        sets.append(f"{column} = v.c{n}")
        arrays.append(_array(field, values))
    array_params = [values for _, values in arrays]
    table = _quote(model._meta.db_table)
    with db.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {', '.join(sets)} "  # noqa: S608
            f"FROM unnest({', '.join(sql for sql, _ in arrays)}) AS v({', '.join(names)}) "
            f"WHERE {table}.{_quote('id')} = v.id",
            [*params, *array_params],
        )


def rows_update(model: type[models.Model], rows: Mapping[int, Mapping[str, Any]]) -> None:
    """Write each row's own field values, by primary key, in one UPDATE per batch of rows."""
    db = _db()
    if not rows:
        return
    fields = [_field(model, name) for name in next(iter(rows.values()))]
    if db.vendor == "postgresql":
        _update_arrays(model, fields, rows)
        return
    table = _quote(model._meta.db_table)
    pks = list(rows)
    for start in range(0, len(pks), UPDATE_BATCH):
        batch = pks[start : start + UPDATE_BATCH]
        params: list[Any] = []
        sets = [_assignment(f, [rows[pk][f.name] for pk in batch], batch, params) for f in fields]
        where = ", ".join(["%s"] * len(batch))
        with db.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {', '.join(sets)} WHERE id IN ({where})",  # noqa: S608
                [*params, *batch],
            )


def _constant_columns(
    model: type[models.Model], given: Mapping[str, Any], varying: Sequence[str]
) -> tuple[list[str], list[Any]]:
    """Every column but the primary key and ``varying``: its given value or its default."""
    db = _db()
    now = timezone.now()
    columns, params = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname in varying:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = given.get(field.attname, now)
        else:
            value = given[field.attname] if field.attname in given else field.get_default()
        columns.append(_quote(str(field.column)))
        params.append(field.get_db_prep_save(value, db))
    return columns, params


def rows_insert(
    model: type[models.Model],
    *,
    constants: Mapping[str, Any],
    varying: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Insert rows that share ``constants`` and differ in the ``varying`` columns (attnames).

    One ``INSERT ... SELECT`` over a ``VALUES`` list per batch; columns named in neither take
    their field's default, as a save would give them.
    """
    db = _db()
    if not rows:
        return
    columns, params = _constant_columns(model, constants, varying)
    fields = [_field(model, name) for name in varying]
    columns += [_quote(str(f.column)) for f in fields]
    table = _quote(model._meta.db_table)
    picked = ["%s"] * len(params) + [f"v.column{n + 1}" for n in range(len(fields))]
    if db.vendor == "postgresql":
        # One array per varying column: no statement grows with the number of rows.
        arrays = [_array(f, [row[n] for row in rows]) for n, f in enumerate(fields)]
        with db.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(picked)} "  # noqa: S608
                f"FROM unnest({', '.join(sql for sql, _ in arrays)}) "
                f"AS v({', '.join(f'column{n + 1}' for n in range(len(fields)))})",
                [*params, *(values for _, values in arrays)],
            )
        return
    limit = db.features.max_query_params
    size = (limit - len(params)) // len(fields) if limit else INSERT_BATCH
    row_marks = f"({', '.join(['%s'] * len(fields))})"
    for start in range(0, len(rows), size):
        batch = rows[start : start + size]
        prepared = [_prepared(f, [row[n] for row in batch]) for n, f in enumerate(fields)]
        values = [value for row in zip(*prepared, strict=True) for value in row]
        with db.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(picked)} "  # noqa: S608
                f"FROM (VALUES {', '.join([row_marks] * len(batch))}) AS v",
                [*params, *values],
            )


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector, and restore it as it was.

    Work on thousands of rows makes tens of objects per row (rows, payloads, results) that
    live until the work is written and are then freed by reference counting. With the
    collector running they survive its young collections, are promoted, and set off full
    collections that traverse the whole process (about 0.1 s each, 3 to 5 per 10,000
    exported records). Pause it only around bounded work: one export chunk, one export start.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class InArray(Lookup):
    """``lhs`` is one of the integers ``rhs``, sent as one parameter rather than one each.

    ``__in`` sends a parameter per value, which the ORM and the driver prepare one at a time
    (some microseconds each) and the driver splices into the SQL; an export checks and reads
    thousands of ids at once. Use it as an expression: ``filter(InArray(F("pk"), ids))``.
    """

    lookup_name = "in_array"
    prepare_rhs = False

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, Any]:
        if connection.vendor not in ("postgresql", "sqlite"):
            return In(self.lhs, list(self.rhs)).as_sql(compiler, connection)
        lhs, params = self.process_lhs(compiler, connection)
        values = [int(value) for value in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", [*params, values]
        # Only the compiled column and a placeholder enter the SQL; the values are a parameter.
        sql = f"{lhs} IN (SELECT value FROM json_each(%s))"  # noqa: S608
        return sql, [*params, json.dumps(values)]
