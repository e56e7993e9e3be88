"""Audit entries for the writes and reads django-auditlog's signals do not see.

The library records save() and delete() of the models listed in `audit.registry`. Bulk writes send no
signals: the attendee and candidate imports insert people and enrolments with COPY or bulk_create, and
a few services change many rows with bulk_update or QuerySet.update(). Those call the functions here,
which write the same entries the signals would (one LogEntry per row, with the before/after values, the
actor and the client's address), in bulk too, so that auditing a 10,000-row import stays a fraction of
the import's own time: on PostgreSQL the CREATE entries of a long list are built by the database from
the rows just written (one INSERT … SELECT), elsewhere in Python. Views of sensitive data (a full ID
number, a candidate's record, a data-subject export) are recorded as LogEntry.Action.ACCESS entries.
"""

import itertools
import json
from collections.abc import Iterable, Sequence
from typing import Any

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.diff import get_mask_function
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router
from django.utils import timezone
from django.utils.encoding import smart_str

from directory.bulk import COPY_THRESHOLD, copy_escape, copy_lines

Changes = dict[str, tuple[Any, Any]]


def _request_context() -> dict:
    """The actor and address AuditMiddleware set for this request (empty outside a request)."""
    try:
        return auditlog_value.get() or {}
    except LookupError:
        return {}


def _new_entry(instance, *, action: int, changes, actor, context: dict, content_type, now, **extra) -> dict:
    """The columns of one LogEntry, by attribute name: cheaper than a model instance, 20,000 at a time."""
    pk = instance.pk
    if actor is None:
        actor = context.get("actor")
    actor_id = getattr(actor, "pk", None)
    return {
        "content_type_id": content_type.pk,
        "object_pk": smart_str(pk),
        "object_id": pk if isinstance(pk, int) else None,
        "object_repr": extra.pop("object_repr", None) or smart_str(instance),
        "action": action,
        "changes": changes,
        "changes_text": "",
        "actor_id": actor_id,
        "actor_email": (getattr(actor, "email", None) or None) if actor_id else None,
        "remote_addr": context.get("remote_addr"),
        "remote_port": context.get("remote_port"),
        "cid": get_cid(),
        "timestamp": now,
        "additional_data": extra.pop("additional_data", None),
        "serialized_data": None,
    }


_COPY_COLUMNS = [
    "content_type_id", "object_pk", "object_id", "object_repr", "action", "changes", "changes_text",
    "actor_id",
    "actor_email", "remote_addr", "remote_port", "cid", "timestamp", "additional_data", "serialized_data",
]  # fmt: skip
_JSON_COLUMNS = {"changes", "additional_data", "serialized_data"}


def _copy_value(column: str, value, shared: dict) -> str:
    """One value in COPY's text format. The values a batch shares (its time, actor, address, source) are
    the same objects in every row: they are converted once."""
    if value is None:
        return "\\N"
    if type(value) is int:
        return str(value)
    if column != "changes" and type(value) is not str:
        key = (column, id(value))
        text = shared.get(key)
        if text is None:
            text = shared[key] = _copy_text(column, value)
        return text
    return _copy_text(column, value)


def _copy_text(column: str, value) -> str:
    if column in _JSON_COLUMNS:
        value = json.dumps(value, ensure_ascii=False, default=str)
    elif not isinstance(value, str):
        value = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return copy_escape(value)


def _insert(rows: Sequence[dict]) -> None:
    """bulk_create, or on PostgreSQL for long lists one COPY of the rows as they are (no model instances,
    the ids left to the table's sequence), which is what keeps a 10,000-row import's entries cheap."""
    if not rows:
        return
    connection = connections[router.db_for_write(LogEntry)]
    if connection.vendor != "postgresql" or len(rows) < COPY_THRESHOLD:
        LogEntry.objects.bulk_create([LogEntry(**row) for row in rows], batch_size=1000)
        return
    shared: dict = {}
    lines = (
        "\t".join([_copy_value(column, row[column], shared) for column in _COPY_COLUMNS]) + "\n"
        for row in rows
    )
    copy_lines(connection, LogEntry._meta.db_table, _COPY_COLUMNS, lines)


def _json_value(value):
    """A value as the library stores it: JSON's own types as they are, anything else (dates, decimals) as
    text."""
    if value is None or type(value) in (bool, int, float, str):
        return value
    return smart_str(value)


def _json_changes(changes: Changes) -> dict:
    if settings.AUDITLOG_STORE_JSON_CHANGES:
        return {name: [_json_value(old), _json_value(new)] for name, (old, new) in changes.items()}
    return {name: [smart_str(old), smart_str(new)] for name, (old, new) in changes.items()}


def _creation_describer(model):
    """What the library's diff of a new object gives ({field: [None, value]} for each field with a value),
    computed from the concrete columns only.

    The library's `model_instance_diff` also walks reverse relations, and reading a reverse one-to-one
    (an enrolment's feedback) queries the database: two queries a row for 10,000 enrolments.
    """
    options = auditlog.get_model_fields(model) if auditlog.contains(model) else {}
    include = set(options.get("include_fields") or [])
    exclude = set(options.get("exclude_fields") or [])
    masked = set(options.get("mask_fields") or [])
    mask = get_mask_function(options.get("mask_callable"))
    fields = [
        field
        for field in model._meta.concrete_fields
        if (not include or field.name in include) and field.name not in exclude
    ]
    as_json = settings.AUDITLOG_STORE_JSON_CHANGES
    plain = (bool, int, float, str) if as_json else (str,)
    columns = [(field.name, field.attname, field.name in masked) for field in fields]

    def describe(obj) -> dict:
        changes = {}
        values = obj.__dict__
        for name, attname, is_masked in columns:
            value = values.get(attname)
            if value is None:
                continue
            if is_masked:
                value = mask(smart_str(value))
            elif type(value) not in plain:
                value = smart_str(value)
            changes[name] = [None, value]
        return changes

    return describe


# SQL giving a column's value as JSON text, as `describe` gives it (JSON's own types as they are, the rest
# as text), by the field's internal type; a model with a field of another type is described in Python.
# NULL in, NULL out: concat_ws() then leaves the field out, as `describe` leaves out a missing value.
_SQL_AS_JSON = {
    **dict.fromkeys(["CharField", "TextField", "EmailField", "SlugField", "URLField"], "to_json({})::text"),
    **dict.fromkeys(
        [
            "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
            "SmallIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
            "PositiveBigIntegerField", "BooleanField",
        ],
        "{}::text",
    ),
    # str(date) and numeric's text (the column's scale, as Python's Decimal of the same scale prints).
    "DateField": "'\"' || to_char({}, 'YYYY-MM-DD') || '\"'",
    "DecimalField": "'\"' || {}::text || '\"'",
}  # fmt: skip
_INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField"}
_MEMBERS_PER_CALL = 90


def _sql_mask_for_audit(column: str) -> str:
    """audit.registry.mask_for_audit in SQL, as JSON text: "" and "None" give null, the rest
    mask_citizen_id's "•••••••••123"."""
    from directory.privacy import MASK, VISIBLE_DIGITS

    return (
        f"CASE WHEN {column} IN ('', 'None') THEN 'null' ELSE to_json(repeat('{MASK}', greatest("
        f"char_length({column}) - {VISIBLE_DIGITS}, 0)) || right({column}, {VISIBLE_DIGITS}))::text END"
    )


_SQL_MASKS = {"audit.registry.mask_for_audit": _sql_mask_for_audit}


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sql_creation_changes(model, quote) -> str | None:
    """The `changes` of `_creation_describer` as one SQL expression over the row `t` of the model's table
    ({field: [null, value]} for each field with a value), or None when a field cannot be described in SQL
    exactly as in Python (that model keeps the Python path).

    Built as JSON text and cast once: about twice as fast as jsonb_build_object() and jsonb_strip_nulls()
    (10,000 people: 0.14 s against 0.25 s).
    """
    if not settings.AUDITLOG_STORE_JSON_CHANGES:
        return None
    options = auditlog.get_model_fields(model) if auditlog.contains(model) else {}
    include = set(options.get("include_fields") or [])
    exclude = set(options.get("exclude_fields") or [])
    masked = set(options.get("mask_fields") or [])
    mask = _SQL_MASKS.get(options.get("mask_callable") or "") if masked else None
    if masked and mask is None:
        return None
    members = []
    for field in model._meta.concrete_fields:
        if (include and field.name not in include) or field.name in exclude:
            continue
        column = f"t.{quote(field.column)}"
        kind = field.target_field.get_internal_type() if field.is_relation else field.get_internal_type()
        key = _sql_literal(json.dumps(field.name) + ": [null, ")
        if field.name in masked:
            if kind not in ("CharField", "TextField"):
                return None
            members.append(f"CASE WHEN {column} IS NOT NULL THEN {key} || {mask(column)} || ']' END")
        elif kind in _SQL_AS_JSON:
            members.append(f"{key} || {_SQL_AS_JSON[kind].format(column)} || ']'")
        else:
            return None
    # A function takes at most 100 arguments: a long list is joined in parts (an empty part is NULL).
    while len(members) > _MEMBERS_PER_CALL:
        members = [
            "NULLIF(concat_ws(', ', " + ", ".join(members[start : start + _MEMBERS_PER_CALL]) + "), '')"
            for start in range(0, len(members), _MEMBERS_PER_CALL)
        ]
    return "('{' || concat_ws(', ', " + ", ".join(members) + ") || '}')::jsonb"


def _log_creations_in_sql(connection, model, objects, shared: dict) -> bool:
    """PostgreSQL: the CREATE entries of `objects` built by the database from their rows, in one INSERT …
    SELECT; Python gives only their ids and what they print as. False (nothing written) when the model
    cannot be described in SQL.

    The rows are read as stored: the objects must have just been written, as the callers of
    log_bulk_create have (a value the column converts, such as a Decimal of another scale, is recorded as
    stored). The Python path's own work (describing each object, serialising its changes, the COPY text)
    is gone; what is left is the database's: building the JSON, and above all updating the indexes of
    auditlog_logentry for every entry (audit/migrations/0002 keeps three of them out of it), which no way
    of writing the entries avoids.
    """
    opts = model._meta
    if opts.pk.get_internal_type() not in _INTEGER_KEYS:
        return False
    quote = connection.ops.quote_name
    changes = _sql_creation_changes(model, quote)
    if changes is None:
        return False
    ids = [obj.pk for obj in objects]
    if None in ids:
        return False
    reprs = [str(obj) for obj in objects]
    # The entries follow the objects. Their ids usually ascend (taken from the sequence in order): the
    # join then gives the rows in that order and there is nothing to sort.
    order = "r.id" if all(a < b for a, b in itertools.pairwise(ids)) else "r.n"
    columns = ", ".join(quote(column) for column in _COPY_COLUMNS)
    sql = (
        f"INSERT INTO {quote(LogEntry._meta.db_table)} ({columns}) "
        f"SELECT %s, r.id::text, r.id, r.repr, %s, {changes}, '', "
        "%s, %s, %s::inet, %s, %s, %s, %s::jsonb, NULL "
        "FROM unnest(%s::bigint[], %s::text[]) WITH ORDINALITY AS r(id, repr, n) "
        f"JOIN {quote(opts.db_table)} AS t ON t.{quote(opts.pk.column)} = r.id "
        f"ORDER BY {order}"
    )
    additional_data = shared["additional_data"]
    params = [
        shared["content_type_id"],
        shared["action"],
        shared["actor_id"],
        shared["actor_email"],
        shared["remote_addr"],
        shared["remote_port"],
        shared["cid"],
        shared["timestamp"],
        None if additional_data is None else json.dumps(additional_data, ensure_ascii=False, default=str),
        ids,
        reprs,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        written = cursor.rowcount
    if written != len(objects):
        # Not reachable for rows written in this transaction; never leave an object without its entry.
        raise RuntimeError(f"{written} audit entries written for {len(objects)} new {opts.label} rows")
    return True


def log_bulk_create(
    objects: Sequence[models.Model], *, actor=None, additional_data=None, related: Sequence[str] = ()
) -> int:
    """One CREATE entry per object just inserted without signals (COPY, bulk_create).

    `related`: the relations the model's __str__ reads and the objects do not hold yet, fetched in one
    query each rather than one per object.

    On PostgreSQL, for long lists, the database builds the entries from the rows just written
    (`_log_creations_in_sql`); elsewhere, or for a model whose fields SQL cannot describe exactly, they are
    made here. Both give the same entries.
    """
    if not objects:
        return 0
    if related:
        models.prefetch_related_objects(list(objects), *related)
    return _log_creations(objects, actor=actor, additional_data=additional_data, now=timezone.now())


def _log_creations(objects, *, actor, additional_data, now, in_sql: bool = True) -> int:
    """log_bulk_create's entries, at the time `now`; `in_sql=False` keeps to the Python path (the
    tests compare the two)."""
    context = _request_context()
    model = type(objects[0])
    content_type = ContentType.objects.get_for_model(model)
    # What every entry shares, made once; each row adds its object and its values.
    shared = _new_entry(
        objects[0],
        action=LogEntry.Action.CREATE,
        changes=None,
        actor=actor,
        context=context,
        content_type=content_type,
        now=now,
        additional_data=additional_data,
        object_repr="-",
    )
    connection = connections[router.db_for_write(LogEntry)]
    if (
        in_sql
        and connection.vendor == "postgresql"
        and len(objects) >= COPY_THRESHOLD
        and router.db_for_write(model) == connection.alias
        and _log_creations_in_sql(connection, model, objects, shared)
    ):
        return len(objects)
    describe = _creation_describer(model)
    entries = []
    for obj in objects:
        pk = obj.pk
        entries.append(
            {
                **shared,
                "object_pk": str(pk),
                "object_id": pk if type(pk) is int else None,
                "object_repr": str(obj),
                "changes": describe(obj),
            }
        )
    _insert(entries)
    return len(entries)


def log_bulk_changes(
    changed: Iterable[tuple[models.Model, Changes]], *, actor=None, additional_data=None
) -> int:
    """One UPDATE entry per (object, {field: (old, new)}) written without signals (bulk_update, update())."""
    context = _request_context()
    now = timezone.now()
    entries = []
    for obj, changes in changed:
        if not changes:
            continue
        entries.append(
            _new_entry(
                obj,
                action=LogEntry.Action.UPDATE,
                changes=_json_changes(changes),
                actor=actor,
                context=context,
                content_type=ContentType.objects.get_for_model(type(obj)),
                now=now,
                additional_data=additional_data,
            )
        )
    _insert(entries)
    return len(entries)


def audited_update(queryset: models.QuerySet, **values) -> int:
    """QuerySet.update(), plus one UPDATE entry per row whose values change.

    Two queries more than update(): the rows before (give the queryset the select_related its model's
    __str__ needs) and the entries.
    """
    before = list(queryset)
    count = queryset.model._default_manager.filter(pk__in=[obj.pk for obj in before]).update(**values)
    changed = []
    for obj in before:
        changes = {
            name: (getattr(obj, name), value) for name, value in values.items() if getattr(obj, name) != value
        }
        if changes:
            changed.append((obj, changes))
    log_bulk_changes(changed)
    return count


def log_attendee_import(*, batch, preview, enrolments: Sequence[models.Model], actor, course=None) -> None:
    """The entries of a committed attendee list: new people, blanks filled in, enrolments (of `course`).

    Called by `trainings.imports.commit.import_commit` after its bulk writes.
    """
    from trainings.imports.preview import RowOutcome

    source = {"import": "attendees", "batch": batch.pk, "file": batch.original_filename}
    new_people = [row.person for row in preview.rows if row.outcome == RowOutcome.NEW and row.person]
    log_bulk_create(new_people, actor=actor, additional_data=source)
    log_bulk_changes(
        (
            (row.person, {change.field: (change.old, change.new) for change in row.changes})
            for row in preview.rows
            if row.outcome == RowOutcome.UPDATED and row.person is not None
        ),
        actor=actor,
        additional_data=source,
    )
    # The enrolments carry ids only: give them their person and course (no query) so that their names
    # print. Put in the relation's cache as its descriptor would, without the descriptor's checks of each
    # assignment (20,000 of them for a 10,000-row list, a tenth of the commit's Python time).
    people = {row.person.pk: row.person for row in preview.rows if row.person is not None}
    if enrolments:
        options = type(enrolments[0])._meta
        person_field, course_field = options.get_field("person"), options.get_field("course")
        for enrolment in enrolments:
            if enrolment.person_id in people:
                person_field.set_cached_value(enrolment, people[enrolment.person_id])
            if course is not None and enrolment.course_id == course.pk:
                course_field.set_cached_value(enrolment, course)
    log_bulk_create(enrolments, actor=actor, additional_data=source)


def access_entry(instance: models.Model, *, actor, what: str, where: str, **details) -> dict:
    """An unsaved ACCESS entry: `actor` was shown `what` ("full_citizen_id", "record", …) on `where`."""
    return _new_entry(
        instance,
        action=LogEntry.Action.ACCESS,
        changes=None,
        actor=actor,
        context=_request_context(),
        content_type=ContentType.objects.get_for_model(type(instance)),
        now=timezone.now(),
        additional_data={"what": what, "where": where, **details},
    )


def insert_entries(entries: Sequence[dict]) -> int:
    """Write entries made by this module in one INSERT (or COPY)."""
    _insert(entries)
    return len(entries)


def log_access(instance: models.Model, *, actor, what: str, where: str, **details) -> None:
    insert_entries([access_entry(instance, actor=actor, what=what, where=where, **details)])


def log_accesses(instances: Iterable[models.Model], *, actor, what: str, where: str, **details) -> int:
    return insert_entries(
        [access_entry(instance, actor=actor, what=what, where=where, **details) for instance in instances]
    )
