"""Insert many rows fast: PostgreSQL's COPY where the database has it, bulk_create elsewhere.

`bulk_create` sends multi-row INSERTs (about 10,000 rows a second here); COPY streams the rows in one
statement (about 70,000 a second), which is what lets a 10,000-row attendee list commit within its
target (DESIGN.md §6). COPY returns no ids, so the ids are first taken from the table's sequence in one
query and set on the objects: callers can then point other rows at them, as bulk_create allows.

Like bulk_create, this bypasses save() and signals: callers prepare derived fields themselves (for
people, Person.normalise()); auto_now and auto_now_add fields are filled in here.
"""

import datetime
import decimal
import io
import re
import uuid
from collections.abc import Sequence

from django.db import connections, models, router

# Below this many rows the round trips COPY saves do not pay for the sequence query.
COPY_THRESHOLD = 200
_NEEDS_ESCAPE = re.compile(r"[\\\t\n\r]")
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def bulk_insert(
    model: type[models.Model], objects: Sequence[models.Model], *, batch_size: int = 1000
) -> None:
    """Insert `objects` (new, unsaved) and set their primary keys."""
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql" or len(objects) < COPY_THRESHOLD:
        model.objects.bulk_create(objects, batch_size=batch_size)
        return
    _copy_insert(connection, model, objects)


def _copy_insert(connection, model, objects) -> None:
    opts = model._meta
    pk = opts.pk
    fields = [field for field in opts.concrete_fields if not field.generated]
    with connection.cursor() as cursor:
        needs_ids = [obj for obj in objects if getattr(obj, pk.attname) is None]
        if needs_ids:
            if not isinstance(pk, models.AutoField):
                raise ValueError(f"{model.__name__} objects need their primary keys set before bulk_insert")
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [opts.db_table, pk.column, len(needs_ids)],
            )
            for obj, (value,) in zip(needs_ids, cursor.fetchall(), strict=True):
                setattr(obj, pk.attname, value)
        # Values go to COPY as they stand on the objects (str, int, Decimal, date, bool …): asking each
        # field for get_db_prep_save() costs more than the COPY itself at this size, and COPY's text
        # format needs no adaptation beyond _copy_text. Only auto_now fields need pre_save().
        stamped = {
            field.attname
            for field in fields
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        }
        buffer = io.StringIO()
        for obj in objects:
            values = [
                _copy_text(
                    field.pre_save(obj, add=True) if field.attname in stamped else getattr(obj, field.attname)
                )
                for field in fields
            ]
            buffer.write("\t".join(values))
            buffer.write("\n")
        buffer.seek(0)
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        # psycopg2's copy_expert streams the buffer from the raw cursor; wrap_database_errors turns its
        # errors into Django's (IntegrityError …) as a query through the ORM would.
        with connection.wrap_database_errors:
            cursor.cursor.copy_expert(
                f"COPY {connection.ops.quote_name(opts.db_table)} ({columns}) FROM STDIN", buffer
            )
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias


def _copy_text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if type(value) is str:
        return value.translate(_ESCAPES) if _NEEDS_ESCAPE.search(value) else value
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (int, float, decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    raise TypeError(f"bulk_insert cannot COPY a value of type {type(value).__name__}; use bulk_create")
