"""Insert many rows fast: PostgreSQL's COPY where the database has it, bulk_create elsewhere.

`bulk_create` sends multi-row INSERTs (about 10,000 rows a second here); COPY streams the rows in one
statement (about 70,000 a second), which is what lets a 10,000-row attendee list commit within its
target (DESIGN.md §6). COPY returns no ids, so the ids are first taken from the table's sequence in one
query and set on the objects: callers can then point other rows at them, as bulk_create allows.

Two entries: `bulk_insert` takes model instances; `insert_rows` takes plain tuples of column values and
returns the new ids, for the largest writes, where building the model instances alone would cost as
much as the COPY (10,000 people: about 0.5 s of Model.__init__ and setattr).

Like bulk_create, this bypasses save() and signals: callers prepare derived fields themselves (for
people, Person.normalise() or directory.importing.people.PersonRows); auto_now and auto_now_add
fields are filled in here.
"""

import dataclasses
import datetime
import decimal
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from django.db import connections, models, router
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init

# Below this many rows the round trips COPY saves do not pay for the sequence query.
COPY_THRESHOLD = 200
# Characters of COPY text psycopg2 sends at a time (copy_lines).
COPY_CHUNK = 64 * 1024
_NEEDS_ESCAPE = re.compile(r"[\\\t\n\r]")
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def bulk_insert(
    model: type[models.Model], objects: Sequence[models.Model], *, batch_size: int = 1000
) -> None:
    """Insert `objects` (new, unsaved) and set their primary keys. Their values are read during the COPY:
    reading them must not query the database (see copy_lines)."""
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
    needs_ids = [obj for obj in objects if getattr(obj, pk.attname) is None]
    if needs_ids:
        if not isinstance(pk, models.AutoField):
            raise ValueError(f"{model.__name__} objects need their primary keys set before bulk_insert")
        for obj, value in zip(needs_ids, reserve_ids(connection, model, len(needs_ids)), strict=True):
            setattr(obj, pk.attname, value)
    # Values go to COPY as they stand on the objects (str, int, Decimal, date, bool …): asking each field
    # for get_db_prep_save() costs more than the COPY itself at this size, and COPY's text format needs no
    # adaptation beyond copy_text. Only auto_now fields need pre_save().
    stamped = {
        field.attname
        for field in fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    }

    def lines():
        for obj in objects:
            values = [
                copy_text(
                    field.pre_save(obj, add=True) if field.attname in stamped else getattr(obj, field.attname)
                )
                for field in fields
            ]
            yield "\t".join(values) + "\n"

    copy_lines(connection, opts.db_table, [field.column for field in fields], lines())
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias


@dataclass
class InsertedRows:
    """What `insert_rows` wrote: the new ids, in the order of the rows, and how to rebuild the objects."""

    model: type[models.Model]
    ids: list[int]
    columns: Sequence[str] = ()
    rows: Sequence[Sequence[Any]] = ()
    constants: dict[str, Any] = dataclasses.field(default_factory=dict)  # attname → the value every row got
    objects: list[models.Model] | None = None  # when they were built to be written (bulk_create)
    alias: str = "default"

    def instances(self) -> list[models.Model]:
        """The rows as model instances, as saved, without a query: for code that needs objects afterwards.

        Built on demand. Model.__init__ would cost more than the COPY of the rows (20,000 instances: 0.6 s),
        so when nothing listens to the model's pre_init or post_init signals the instances are made as
        __init__ leaves them (their field values in __dict__, a ModelState), directly.
        """
        if self.objects is not None:
            return self.objects
        model = self.model
        opts = model._meta
        attnames = [field.attname for field in opts.concrete_fields]
        # Each instance's values, in field order, picked from (id, *row, *constants) in one C call.
        constants = tuple(self.constants.values())
        position = {opts.pk.attname: 0}
        position.update((name, 1 + number) for number, name in enumerate(self.columns))
        position.update((name, 1 + len(self.columns) + number) for number, name in enumerate(self.constants))
        pick = itemgetter(*(position[name] for name in attnames))
        signals = pre_init.has_listeners(model) or post_init.has_listeners(model)
        result = []
        for new_id, row in zip(self.ids, self.rows, strict=True):
            values = pick((new_id, *row, *constants))
            if signals:
                obj = model.from_db(self.alias, attnames, values)
            else:
                obj = model.__new__(model)
                state = ModelState()
                state.adding = False
                state.db = self.alias
                obj.__dict__.update(zip(attnames, values, strict=True))
                obj._state = state
            result.append(obj)
        self.objects = result
        return result


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    count: int | None = None,
    batch_size: int = 1000,
) -> InsertedRows:
    """Insert `rows` (tuples of values for `columns`, attnames such as `province_id`), without building
    model instances on PostgreSQL; `.ids` are their new primary keys, in order.

    `rows` may be a generator when `count` says how many it gives: on PostgreSQL each row is then made
    while the database writes the ones before it (see copy_lines), so making a row must not query the
    database.

    The values are written as given, as bulk_insert writes an instance's: already what the column stores
    (str, int, Decimal, date, None …), validated by the caller. Every other concrete field takes its
    default, the same for all rows (auto_now and auto_now_add: the time of the call); a field whose
    default is a function (a uuid4, say) must be given as a column, since one value would not do for all.
    """
    if count is None:
        rows = rows if isinstance(rows, Sequence) else list(rows)
        count = len(rows)
    if not count:
        return InsertedRows(model, [], objects=[])
    opts = model._meta
    given = set(columns)
    column_of = {field.attname: field.column for field in opts.concrete_fields}
    unknown = given - column_of.keys()
    if unknown:
        raise ValueError(f"{model.__name__} has no column {', '.join(sorted(unknown))}")
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql" or count < COPY_THRESHOLD:
        objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        if len(objects) != count:
            raise ValueError(f"insert_rows was told of {count} rows and given {len(objects)}")
        model.objects.bulk_create(objects, batch_size=batch_size)
        return InsertedRows(model, [obj.pk for obj in objects], objects=objects, alias=connection.alias)

    pk = opts.pk
    if pk.attname in given or not isinstance(pk, models.AutoField):
        raise ValueError(
            f"insert_rows takes the ids of {model.__name__} from its sequence: leave {pk.attname} out"
        )
    constants = _constant_columns(model, given)
    ids = reserve_ids(connection, model, count)
    written: list[Sequence[Any]] = []

    def lines():
        # The values of the constant columns end every line; the rest are written value by value, with
        # the common cases (None, str without a character to escape) inlined: this loop runs 200,000
        # times for a 10,000-row list.
        tail = "".join("\t" + copy_text(value) for value in constants.values()) + "\n"
        needs_escape = _NEEDS_ESCAPE.search
        keep = written.append
        for row in rows:
            if len(written) == count:
                raise ValueError(f"insert_rows was told of {count} rows and given more")
            new_id = ids[len(written)]
            keep(row)
            parts = [str(new_id)]
            append = parts.append
            for value in row:
                if value is None:
                    append("\\N")
                elif value.__class__ is str:
                    append(value.translate(_ESCAPES) if needs_escape(value) else value)
                else:
                    append(copy_text(value))
            yield "\t".join(parts) + tail
        if len(written) != count:
            raise ValueError(f"insert_rows was told of {count} rows and given {len(written)}")

    column_names = [pk.column, *(column_of[name] for name in (*columns, *constants))]
    copy_lines(connection, opts.db_table, column_names, lines())
    return InsertedRows(model, ids, columns, written, constants, alias=connection.alias)


def reserve_ids(connection, model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys of `model`, taken from its table's sequence in one query, ascending."""
    opts = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, opts.pk.column, count],
        )
        return [value for (value,) in cursor.fetchall()]


def copy_lines(connection, table: str, columns: Sequence[str], lines: Iterable[str]) -> None:
    """COPY `lines` (rows in COPY's text format, each ending in a newline) into `table`, streamed.

    psycopg2 reads the lines in chunks of COPY_CHUNK characters and sends each as it comes: the database,
    a process of its own, writes one chunk (rows, indexes) while Python makes the next, so the two take
    about the time of the longer rather than their sum. The connection is busy with the COPY meanwhile:
    making a line must not query the database (psycopg2 would fail and close the connection).

    An exception while making the lines (KeyboardInterrupt included) aborts the COPY and is raised as it
    was, the caller's transaction then rolling back; wrap_database_errors turns the database's errors
    into Django's (IntegrityError …), as a query through the ORM would.
    """
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(column) for column in columns)}) FROM STDIN"
    reader = _LineReader(lines)
    try:
        with connection.cursor() as cursor, connection.wrap_database_errors:
            cursor.cursor.copy_expert(sql, reader, size=COPY_CHUNK)
    except BaseException:
        # psycopg2 reports an exception raised by read() as a failed COPY: give the caller the exception.
        if reader.error is not None:
            raise reader.error from None
        raise


class _LineReader:
    """The file psycopg2's copy_expert reads from: read(size) joins the next lines until it has `size`
    characters (or the lines run out, then "")."""

    def __init__(self, lines: Iterable[str]):
        self._lines = iter(lines)
        self.error: BaseException | None = None

    def read(self, size: int = -1) -> str:
        chunk: list[str] = []
        length = 0
        try:
            for line in self._lines:
                chunk.append(line)
                length += len(line)
                if 0 < size <= length:
                    break
        except BaseException as error:
            self.error = error
            raise
        return "".join(chunk)


def _constant_columns(model: type[models.Model], given: set[str]) -> dict[str, Any]:
    """Attname → value of the fields `insert_rows` is not given: their defaults, computed once."""
    opts = model._meta
    template = model()
    constants = {}
    for field in opts.concrete_fields:
        if field.generated or field.primary_key or field.attname in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = field.pre_save(template, add=True)
        elif field.has_default() and callable(field.default):
            raise ValueError(
                f"insert_rows needs {model.__name__}.{field.attname} as a column: its default is a function"
            )
        else:
            value = getattr(template, field.attname)
        constants[field.attname] = value
    return constants


def copy_text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if type(value) is str:
        return copy_escape(value)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (int, float, decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, str):
        return copy_escape(str(value))
    raise TypeError(f"bulk_insert cannot COPY a value of type {type(value).__name__}; use bulk_create")


def copy_escape(text: str) -> str:
    """Text as a value of COPY's text format: its backslashes, tabs and line ends escaped."""
    return text.translate(_ESCAPES) if _NEEDS_ESCAPE.search(text) else text
