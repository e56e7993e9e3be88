"""On PostgreSQL, stop three of the ten indexes of django-auditlog's table from costing every entry.

- the `varchar_pattern_ops` indexes Django made for `object_pk` and `cid` serve only LIKE 'prefix%'
  lookups, which neither the library nor this project makes (entries are found by object_pk = / IN and
  cid =, which use the plain indexes): dropped;
- `cid` is empty unless a client sends a correlation id header, and only ever looked up by value: its
  index keeps the entries that have one (a partial index), not the NULL of every other entry.

Each entry written updated all of them; a 10,000-row attendee import writes 20,000 entries in one
transaction (issue 4). Without them the INSERT of those entries takes about a third less time.
"""

from django.db import migrations

TABLE = "auditlog_logentry"
LIKE_COLUMNS = ("object_pk", "cid")
PARTIAL_CID = "auditlog_logentry_cid_set"


def _names(schema_editor):
    like = [schema_editor._create_index_name(TABLE, [column], suffix="_like") for column in LIKE_COLUMNS]
    return like, schema_editor._create_index_name(TABLE, ["cid"], suffix="")


def _forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    like, cid = _names(schema_editor)
    for name in [*like, cid]:
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(name)}")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {quote(PARTIAL_CID)} ON {quote(TABLE)} (cid) WHERE cid IS NOT NULL"
    )


def _backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    like, cid = _names(schema_editor)
    schema_editor.execute(f"DROP INDEX IF EXISTS {quote(PARTIAL_CID)}")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {quote(cid)} ON {quote(TABLE)} (cid)")
    for name, column in zip(like, LIKE_COLUMNS, strict=True):
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} "
            f"ON {quote(TABLE)} ({quote(column)} varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_trail_append_only")]

    operations = [migrations.RunPython(_forwards, _backwards)]
