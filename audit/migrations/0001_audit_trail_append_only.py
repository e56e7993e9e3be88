"""On PostgreSQL, the audit trail refuses to be rewritten: a trigger on django-auditlog's table.

- UPDATE is refused, except the one made when a user is deleted (actor_id set to NULL by Django's
  SET_NULL, which the ORM runs): nothing else of the row may change;
- DELETE is refused for entries less than a year old: `manage.py auditlogflush --before-date` (the
  library's retention purge) can remove older ones, nobody can erase recent traces;
- TRUNCATE is not blocked (statement triggers would also stop the test suite's flush): it needs the
  table owner's rights, which the application's database user should not have in production.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION womenlead_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.actor_id IS NULL AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'The audit trail cannot be changed.' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.timestamp > now() - interval '1 year' THEN
        RAISE EXCEPTION 'Audit entries less than a year old cannot be deleted.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS womenlead_audit_append_only ON auditlog_logentry;
CREATE TRIGGER womenlead_audit_append_only BEFORE UPDATE OR DELETE ON auditlog_logentry
    FOR EACH ROW EXECUTE FUNCTION womenlead_audit_append_only();
"""

REVERSE = """
DROP TRIGGER IF EXISTS womenlead_audit_append_only ON auditlog_logentry;
DROP FUNCTION IF EXISTS womenlead_audit_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("auditlog", "0017_add_actor_email")]

    operations = [migrations.RunPython(_on_postgresql(FUNCTION), _on_postgresql(REVERSE))]
