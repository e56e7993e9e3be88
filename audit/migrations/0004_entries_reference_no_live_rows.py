"""On PostgreSQL, the audit trail's rows no longer have foreign-key constraints to the user and content
type tables.

An entry is a record of what happened, kept apart from the data it is about: it stores the actor's id
and e-mail address and the record's type and id as they were. The two constraints added nothing to
that: deleting a user still sets `actor_id` to NULL (Django's SET_NULL runs in the ORM, and the
append-only trigger of 0001 allows exactly that change), and content types are never deleted while
entries name them. What they did cost was two deferred checks per entry when the transaction commits: a
10,000-row attendee import by an officer writes 20,000 entries, so 40,000 of the commit's 100,000
foreign-key checks, about 0.35 s (issue 4). The indexes on both columns stay.
"""

from django.db import migrations

FIELDS = ("actor", "content_type")


def _forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("auditlog", "LogEntry")
    for field_name in FIELDS:
        column = model._meta.get_field(field_name).column
        for name in schema_editor._constraint_names(model, [column], foreign_key=True):
            schema_editor.execute(schema_editor._delete_fk_sql(model, name))


def _backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("auditlog", "LogEntry")
    for field_name in FIELDS:
        field = model._meta.get_field(field_name)
        if not schema_editor._constraint_names(model, [field.column], foreign_key=True):
            schema_editor.execute(schema_editor._create_fk_sql(model, field, "_fk_%(to_table)s_%(to_column)s"))


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_drop_unread_indexes")]

    operations = [migrations.RunPython(_forwards, _backwards)]
