"""SQLite's ``INSERT OR REPLACE`` (and ``REPLACE INTO``, and a REPLACE conflict policy) resolves a
clash on the primary key by deleting the old row without firing its DELETE trigger (unless
recursive triggers are on), so 0002's trigger would not see history being rewritten. Refuse any
insert whose key is already taken before SQLite gets to resolve the conflict.

PostgreSQL has no REPLACE; its ``INSERT ... ON CONFLICT DO UPDATE`` updates the existing row,
which 0002's BEFORE UPDATE trigger already refuses (tested in audit/tests), so it needs nothing
more. The primary key is the table's only unique column."""

from django.db import migrations

SQLITE_FORWARD = """CREATE TRIGGER audit_auditevent_no_replace BEFORE INSERT ON audit_auditevent
    WHEN EXISTS (SELECT 1 FROM audit_auditevent WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS audit_auditevent_no_replace;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_refuse_truncate")]

    operations = [migrations.RunPython(forward, backward)]
