"""Erasure leaves nothing findable: the whole database is searched for the erased young
person's names, alias and date of birth, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from django.db import connection, transaction

from hubspoke.audit.models import AuditEvent
from hubspoke.cases.models import Case, Contact
from hubspoke.notifications.models import Notification
from hubspoke.referrals.models import Referral, YoungPerson
from hubspoke.retention import erasure
from hubspoke.retention.tests.helpers import BORN, FIRST, NAMES, find_anywhere, searched_strings

pytestmark = pytest.mark.django_db


def test_the_search_finds_the_young_person_before_erasure(person):
    hits = find_anywhere(searched_strings())
    found = {needle for _, _, needle in hits}
    # The search is looking at what it thinks: every name and both forms of the date are held.
    assert found == set(searched_strings())
    tables = {table for table, _, _ in hits}
    assert {"referrals_youngperson", "referrals_referral", "cases_contact", "sharing_disclosure",
            "stories_story", "stories_storyversion", "rights_subjectaccessrequest"} <= tables


def test_erasure_leaves_nothing_findable_anywhere_in_the_database(person, world):
    # Another young person, with no case, whose record stays.
    other = world.referral_a
    refs = {str(person.uuid)}
    with transaction.atomic():
        counts = erasure.erase_young_person(person)
    assert find_anywhere(searched_strings()) == []
    assert not YoungPerson.objects.filter(uuid__in=refs).exists()
    assert Referral.objects.filter(pk=other.pk).exists()
    assert counts["young person's records"] == 1
    assert counts["contacts"] == 1
    assert counts["names and aliases"] >= 3
    for label in ("referrals", "referral decisions", "contact details", "cases", "plan goals", "plan actions",
                  "missing episodes", "meetings", "outcome ratings", "closures", "chronology marks", "assessments",
                  "consent records", "disclosures", "decisions not to share", "requests for information",
                  "allocations", "stories", "story versions", "subject access requests",
                  "subject access bundles", "lone-working visit links", "consultations with professionals",
                  "challenges about their case"):
        assert counts.get(label, 0) >= 1, label


def test_erasure_deletes_the_subject_access_bundle_file(person, django_capture_on_commit_callbacks):
    from hubspoke.rights.models import Bundle

    bundle = Bundle.objects.get(request__young_person=person)
    with bundle.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as bundled:
        assert FIRST in bundled.read("bundle.json").decode()
    path = bundle.file.path
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        erasure.erase_young_person(person)
    assert not os.path.exists(path)


def test_erasure_deletes_the_notifications_about_what_it_erased(person, world):
    request_refs = [str(r) for r in person.information_requests.values_list("uuid", flat=True)]
    assert Notification.objects.filter(subject_ref__in=request_refs).exists()
    others = Notification.objects.exclude(subject_ref__in=request_refs).count()
    erasure.erase_young_person(person)
    assert not Notification.objects.filter(subject_ref__in=request_refs).exists()
    assert Notification.objects.count() <= others


def test_erasure_leaves_the_audit_trail_append_only_and_free_of_content(person):
    before = AuditEvent.objects.count()
    erasure.erase_young_person(person)
    assert AuditEvent.objects.count() == before  # the eraser writes none; the disposal writes its own
    hits = [hit for hit in find_anywhere(NAMES) if hit[0] == AuditEvent._meta.db_table]
    assert hits == []


def test_the_audit_trail_refuses_to_be_changed(person):
    event = AuditEvent.objects.first()
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017, PT011 - the database's own error
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_other_young_people_keep_their_records(person, world):
    case = world.case_a()
    contact = world.contact_a()
    erasure.erase_young_person(person)
    assert Case.objects.filter(pk=case.pk).exists()
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_the_database_search_covers_every_table(person):
    from hubspoke.retention.tests.helpers import text_columns

    tables = set(text_columns())
    for table in ("django_session", "notifications_notification", "outbox_outgoingmessage", "audit_auditevent",
                  "referrals_youngpersonname", "django_tasks_database_dbtaskresult"):
        assert table in tables
    assert connection.vendor in ("sqlite", "postgresql")
    assert BORN.isoformat() in searched_strings()
