"""On PostgreSQL, drop two more indexes of django-auditlog's table that nothing reads.

- `object_pk`: the library looks entries up by `object_id` for a model with an integer key and by
  `object_pk` only for other keys; every model of AUDITED_MODELS has an integer key (a test holds this),
  and this project's pages and exports also go through `object_id`;
- `action`: four values over the whole trail; the audit page orders by time, which the `timestamp`
  index serves. Its count of the entries of one action now reads the table rather than this index: for
  an action that is a large share of the trail the index saved little, and the page is for
  administrators only.

A 10,000-row attendee import writes 20,000 entries in one transaction (issue 4), and each of them updated
both indexes. The backwards step makes them again.
"""

from django.db import migrations

TABLE = "auditlog_logentry"
COLUMNS = ("object_pk", "action")


def _forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        name = schema_editor._create_index_name(TABLE, [column], suffix="")
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def _backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for column in COLUMNS:
        name = schema_editor._create_index_name(TABLE, [column], suffix="")
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(TABLE)} ({quote(column)})")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_drop_unused_pattern_indexes")]

    operations = [migrations.RunPython(_forwards, _backwards)]
