"""Bulk inserts for generated data (`ngoaivu synth`): PostgreSQL's COPY instead of `bulk_create`'s INSERTs.

`bulk_create` compiles one statement per batch with a parameter per field and row, prepares every value through
its field and, on PostgreSQL, sends each column as an array (psycopg dumps those lists in Python): most of a
national generation went there. `copy_insert` reserves the primary keys from the table's sequence in one query
(the same consecutive ids INSERTs would take, so the same seed gives the same rows), then streams the rows
with `COPY … FROM STDIN`. Values of plain columns go as they are; only fields that change a value on its way to
the database (encrypted text, JSON, date-times, auto dates) go through the field. Other databases (SQLite, the
default for development and tests) keep `bulk_create`. Nothing here sends signals or writes audit rows:
callers are generators of benchmark data, not services."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import connections, models
from django.db.models.base import ModelState
from django.utils import timezone

M = TypeVar("M", bound=models.Model)

# Django's own fields whose `get_db_prep_save` gives back the values generators set (str, int, bool, float,
# date, None) unchanged: read straight from the instance. Subclasses defined elsewhere may transform the value
# (`core.crypto.EncryptedTextField` encrypts it), JSON is wrapped, decimals are quantized, date-times are made
# aware and auto dates are stamped: those go through the field.
_PLAIN = (
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
    models.BooleanField,
    models.CharField,
    models.FloatField,
    models.ForeignKey,  # its `_id` attribute
    models.IntegerField,  # and its positive, small and big variants
    models.TextField,
)


def _is_plain(field: models.Field[Any, Any]) -> bool:
    if not type(field).__module__.startswith("django.db.models.fields"):
        return False
    if isinstance(field, models.DateTimeField):
        return False
    if isinstance(field, models.DateField):
        return not (field.auto_now or field.auto_now_add)
    return isinstance(field, _PLAIN)


@functools.cache
def _blank(
    model: type[models.Model],
) -> tuple[dict[str, Any], tuple[tuple[str, Callable[[], Any]], ...], frozenset[str]]:
    fixed: dict[str, Any] = {}
    made: list[tuple[str, Callable[[], Any]]] = []
    for field in model._meta.concrete_fields:
        if field.has_default() and callable(field.default):
            made.append((field.attname, field.default))
        else:
            fixed[field.attname] = field.get_default()
    return fixed, tuple(made), frozenset(fixed) | {attname for attname, _default in made}


def build(model: type[M], **values: Any) -> M:
    """An unsaved instance of `model` as `model(**values)` makes it (defaults for the fields not given), without
    `Model.__init__`'s work per field and keyword (a third of generating 600,000 documents): `values` are
    column attributes (`owner_org_id=`, not `owner_org=`). For generators only: no `pre_init`/`post_init`
    signals (none is connected for the generated models)."""
    fixed, made, known = _blank(model)
    if not known.issuperset(values):
        raise TypeError(f"{model.__name__}: not a column attribute: {sorted(set(values) - known)}")
    obj = model.__new__(model)
    state = obj.__dict__
    state.update(fixed)
    for attname, default in made:
        state[attname] = default()
    state.update(values)
    state["_state"] = ModelState()
    return obj


def reserve_ids(model: type[models.Model], count: int, *, using: str = "default") -> list[int]:
    """`count` new primary keys for `model`, consecutive as one INSERT would take them: from the sequence on
    PostgreSQL, after the largest id elsewhere (generators run in one transaction, alone)."""
    if count <= 0:
        return []
    connection = connections[using]
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        last = model._base_manager.using(using).aggregate(last=models.Max("pk"))["last"] or 0
        return list(range(last + 1, last + 1 + count))


def copy_insert(
    model: type[M], objs: Sequence[M], *, using: str = "default", batch_size: int = 5_000
) -> Sequence[M]:
    """Insert `objs` (unsaved instances of `model`) like `bulk_create`, by COPY on PostgreSQL; primary keys
    not set are reserved (`reserve_ids`) and set on the instances, as `bulk_create` sets them."""
    if not objs:
        return objs
    connection = connections[using]
    if connection.vendor != "postgresql":
        model._base_manager.using(using).bulk_create(objs, batch_size=batch_size)
        return objs
    opts = model._meta
    pk = opts.pk
    assert pk is not None
    missing = [obj for obj in objs if obj.pk is None]
    for obj, new_id in zip(missing, reserve_ids(model, len(missing), using=using), strict=True):
        obj.pk = new_id
    fields = [f for f in opts.concrete_fields if not getattr(f, "generated", False)]
    # how each column's value is read: 0 as it is, 1 a parent's id, 2 the insert's time (auto dates: one
    # time for the whole call, as one INSERT statement's rows get nearly the same), 3 an aware date-time as it
    # is (else through the field), 4 through the field
    kinds = []
    for f in fields:
        if _is_plain(f):
            kinds.append(1 if isinstance(f, models.ForeignKey) else 0)
        elif isinstance(f, models.DateTimeField) and type(f).__module__.startswith("django.db.models.fields"):
            kinds.append(2 if f.auto_now or f.auto_now_add else 3)
        else:
            kinds.append(4)
    now = timezone.now()
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    statement = f"COPY {connection.ops.quote_name(opts.db_table)} ({columns}) FROM STDIN"
    plan = list(zip(fields, [f.attname for f in fields], kinds, strict=True))
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        write = copy.write_row
        for obj in objs:
            values = obj.__dict__
            row = []
            for field, attname, kind in plan:
                value = values[attname]
                if kind == 0:
                    pass
                elif kind == 1:
                    if value is None and field.is_cached(obj):  # type: ignore[attr-defined]
                        # a parent given as an instance before it had its id (as `save` resolves it)
                        parent = field.get_cached_value(obj)  # type: ignore[attr-defined]
                        value = values[attname] = None if parent is None else parent.pk
                elif kind == 2:
                    value = values[attname] = now
                elif kind == 3:
                    if value is not None and (value.tzinfo is None or type(value) is not dt.datetime):
                        value = field.get_db_prep_save(value, connection)
                else:
                    value = field.get_db_prep_save(field.pre_save(obj, True), connection)
                row.append(value)
            write(row)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = using
    return objs
