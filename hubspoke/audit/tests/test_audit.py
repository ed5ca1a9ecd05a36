import re

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse

from hubspoke.audit import actions as audit
from hubspoke.audit.models import AuditEvent


def _raw(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_database_refuses_update_of_an_audit_row(world):
    event = audit.record(action="tests.thing.happened", actor=world.manager_a)
    with pytest.raises((IntegrityError, DatabaseError), match="append-only"):
        _raw("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["tests.thing.hidden", event.pk])
    event.refresh_from_db()
    assert event.action == "tests.thing.happened"


def test_database_refuses_delete_of_an_audit_row(world):
    event = audit.record(action="tests.thing.happened", actor=world.manager_a)
    with pytest.raises((IntegrityError, DatabaseError), match="append-only"):
        _raw("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_orm_cannot_rewrite_history_either(world):
    audit.record(action="tests.thing.happened", actor=world.manager_a)
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        AuditEvent.objects.all().update(action="tests.thing.hidden")
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        AuditEvent.objects.all().delete()


def test_action_codes_are_namespaced(world):
    with pytest.raises(ValueError):
        audit.record(action="closed", actor=world.manager_a)


def test_row_carries_role_organisation_and_request_id(world, signed_in):
    client = signed_in("manager_a")
    response = client.get(reverse("network:service_detail", kwargs={"ref": world.service_a.uuid}))
    event = AuditEvent.objects.filter(action="network.service.viewed").latest("id")
    assert event.actor == world.manager_a
    assert event.actor_role == "service_manager"
    assert event.actor_organisation == "North Charity"
    assert event.subject_ref == str(world.service_a.uuid)
    assert event.request_id and event.request_id == response["X-Request-ID"]


@pytest.mark.parametrize("name", ["network:service_detail", "network:spoke_detail"])
def test_other_services_object_pages_are_404_and_the_denial_audited(world, signed_in, name):
    client = signed_in("outsider")
    target = world.service_a if name == "network:service_detail" else world.spoke_a1
    response = client.get(reverse(name, kwargs={"ref": target.uuid}))
    assert response.status_code == 404
    denial = AuditEvent.objects.filter(action="audit.access.denied").latest("id")
    assert denial.actor == world.outsider
    assert denial.subject_ref == str(target.uuid)
    assert denial.detail["status"] == 404


def test_missing_and_forbidden_look_the_same(world, signed_in):
    client = signed_in("outsider")
    forbidden = client.get(reverse("network:service_detail", kwargs={"ref": world.service_a.uuid}))
    missing = client.get(reverse("network:service_detail", kwargs={"ref": "00000000-0000-4000-8000-000000000000"}))
    assert forbidden.status_code == missing.status_code == 404

    def without_csrf_token(response):  # masked CSRF tokens (64 characters) differ on every page
        return re.sub(rb"[A-Za-z0-9]{64}", b"", response.content)

    assert without_csrf_token(forbidden) == without_csrf_token(missing)


def test_read_only_access_to_a_write_is_403_and_audited(world, signed_in):
    client = signed_in("worker_a", recent=True)
    url = reverse("network:end_membership", kwargs={"ref": world.memberships["worker_a"].uuid})
    assert client.post(url, {"ends_on": "2026-01-01", "reason": "x"}).status_code == 403
    assert AuditEvent.objects.filter(action="audit.access.denied", detail__status=403).exists()


def test_who_has_seen_lists_each_view_newest_first(world, signed_in):
    for persona in ("worker_a", "hub_worker_a", "evaluator"):
        signed_in(persona).get(reverse("network:service_detail", kwargs={"ref": world.service_a.uuid}))
    client = signed_in("manager_a")
    response = client.get(reverse("audit:who_has_seen", kwargs={"kind": "network.service", "ref": world.service_a.uuid}))
    names = [e.actor.full_name for e in response.context["events"]]
    assert names == ["Evaluator", "Hub Worker A", "Worker A"]


def test_who_has_seen_for_unknown_kind_is_404(world, signed_in):
    client = signed_in("manager_a")
    url = reverse("audit:who_has_seen", kwargs={"kind": "referrals.nothing", "ref": world.service_a.uuid})
    assert client.get(url).status_code == 404


def test_security_events_go_to_the_json_log(world, caplog):
    with caplog.at_level("INFO", logger="hubspoke.security"):
        audit.record(action="accounts.signin.failed", detail={"identifier": "someone@example.invalid"})
    record = next(r for r in caplog.records if r.name == "hubspoke.security")
    assert record.event == "accounts.signin.failed"
    assert record.detail_identifier == "someone@example.invalid"


def test_database_refuses_truncate_of_the_audit_table(world):
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's; SQLite's DELETE trigger is tested above")
    audit.record(action="tests.thing.happened", actor=world.manager_a)
    with (
        pytest.raises((IntegrityError, DatabaseError), match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # Inside the test's transaction, fire the deferred foreign-key checks first:
        # PostgreSQL refuses TRUNCATE while they are pending, for reasons of its own.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.exists()


_COLUMNS = "id, occurred_at, actor_id, actor_role, actor_organisation, action, subject_kind, subject_ref, request_id, detail"


def _rewrite(statement, event):
    """``statement`` inserts a row with ``event``'s id and another action code."""
    _raw(
        f"{statement} ({_COLUMNS}) VALUES (%s, %s, NULL, '', '', 'tests.thing.hidden', '', '', '', '{{}}')",
        [event.pk, event.occurred_at],
    )


@pytest.mark.parametrize("statement", ["INSERT OR REPLACE INTO audit_auditevent", "REPLACE INTO audit_auditevent"])
def test_database_refuses_sqlite_replace_of_an_audit_row(world, statement):
    if connection.vendor != "sqlite":
        pytest.skip("REPLACE is SQLite's; PostgreSQL's ON CONFLICT DO UPDATE is tested below")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA recursive_triggers")
        assert cursor.fetchone()[0] == 0  # so REPLACE's delete would not fire the DELETE trigger
    event = audit.record(action="tests.thing.happened", actor=world.manager_a)
    with pytest.raises((IntegrityError, DatabaseError), match="append-only"):
        _rewrite(statement, event)
    event.refresh_from_db()
    assert event.action == "tests.thing.happened" and event.actor == world.manager_a


def test_database_refuses_upsert_of_an_audit_row(world):
    event = audit.record(action="tests.thing.happened", actor=world.manager_a)
    with pytest.raises((IntegrityError, DatabaseError), match="append-only"):
        _raw(
            f"INSERT INTO audit_auditevent ({_COLUMNS}) VALUES (%s, %s, NULL, '', '', 'tests.thing.hidden', '', '', '', '{{}}')"
            " ON CONFLICT (id) DO UPDATE SET action = excluded.action, actor_id = NULL",
            [event.pk, event.occurred_at],
        )
    event.refresh_from_db()
    assert event.action == "tests.thing.happened" and event.actor == world.manager_a


def test_new_audit_rows_are_still_inserted_with_raw_sql(world):
    before = AuditEvent.objects.count()
    _raw(
        "INSERT INTO audit_auditevent (occurred_at, actor_role, actor_organisation, action, subject_kind,"
        " subject_ref, request_id, detail) VALUES (CURRENT_TIMESTAMP, '', '', 'tests.thing.happened', '', '', '', '{}')",
        [],
    )
    assert AuditEvent.objects.count() == before + 1
