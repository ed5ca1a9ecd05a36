"""PostgreSQL's TRUNCATE skips row triggers; refuse it with a statement trigger too. (SQLite
has no TRUNCATE: its DELETE trigger from 0002 already covers "DELETE FROM" without WHERE.)"""

from django.db import migrations

FORWARD = """CREATE TRIGGER audit_auditevent_no_truncate BEFORE TRUNCATE ON audit_auditevent
             FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();"""
BACKWARD = "DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON audit_auditevent;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [migrations.RunPython(forward, backward)]
