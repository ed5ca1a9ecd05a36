"""Moving a young person's record to another spoke, and copying it to another service: the only
two ways a transfer changes the referrals app's data, each audited in its own transaction."""

import pytest
from django.db import transaction

from hubspoke.audit.models import AuditEvent
from hubspoke.referrals import actions
from hubspoke.referrals.models import YoungPerson, YoungPersonContact


def _last_event() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _events(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("pk"))


def test_moving_a_young_person_writes_one_moved_row(world):
    person = world.case_a().young_person
    assert person.spoke == world.spoke_a1
    before = _last_event()
    moved = actions.move_young_person(actor=world.manager_a, person=person, spoke=world.spoke_a2)
    assert YoungPerson.objects.get(pk=person.pk).spoke == world.spoke_a2 == moved.spoke
    rows = _events(pk__gt=before)
    assert [(r.action, r.subject_ref, r.actor_id) for r in rows] == [
        ("referrals.youngperson.moved", str(person.uuid), world.manager_a.pk)]
    assert rows[0].detail == {"from": str(world.spoke_a1.uuid), "to": str(world.spoke_a2.uuid)}


def test_moving_to_the_hub_is_audited_too(world):
    person = world.case_a().young_person
    actions.move_young_person(actor=world.manager_a, person=person, spoke=None)
    row = AuditEvent.objects.get(action="referrals.youngperson.moved", subject_ref=str(person.uuid))
    assert row.detail == {"from": str(world.spoke_a1.uuid), "to": None}


def test_a_move_and_its_audit_row_stand_or_fall_together(world):
    person = world.case_a().young_person
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.move_young_person(actor=world.manager_a, person=person, spoke=world.spoke_a2)
        raise RuntimeError("the transfer failed after the move")
    assert YoungPerson.objects.get(pk=person.pk).spoke == world.spoke_a1
    assert not AuditEvent.objects.filter(action="referrals.youngperson.moved").exists()


def test_a_move_to_another_services_spoke_is_refused_and_writes_nothing(world):
    person = world.case_a().young_person
    with pytest.raises(ValueError):
        actions.move_young_person(actor=world.manager_a, person=person, spoke=world.spoke_b1)
    assert not AuditEvent.objects.filter(action="referrals.youngperson.moved").exists()


def test_copying_a_young_person_audits_the_new_record_its_contact_details_and_the_copy(world):
    person = world.case_a().young_person
    YoungPersonContact.objects.create(young_person=person, phone="07700 900555", postcode="AB1 2CD")
    before = _last_event()
    copy = actions.copy_young_person(actor=world.outsider, person=person, service=world.service_b)
    assert copy.pk != person.pk and copy.service == world.service_b and copy.first_name == person.first_name
    rows = _events(pk__gt=before)
    assert [(r.action, r.subject_ref) for r in rows] == [
        ("referrals.youngperson.created", str(copy.uuid)),
        ("referrals.youngperson.contact_changed", str(copy.uuid)),
        ("referrals.youngperson.copied", str(person.uuid)),
    ]
    assert {r.actor_id for r in rows} == {world.outsider.pk}
    assert rows[1].detail == {"fields": ["phone", "postcode"], "copied": True}
    assert rows[2].detail == {"to_service": str(world.service_b.uuid), "copy": str(copy.uuid)}
    # The copy's contact details are its own row; the original's are untouched.
    assert YoungPersonContact.objects.get(young_person=copy).phone == "07700 900555"
    assert YoungPersonContact.objects.get(young_person=person).postcode == "AB1 2CD"


def test_copying_a_young_person_without_contact_details_writes_no_contact_row(world):
    person = world.case_a().young_person
    before = _last_event()
    copy = actions.copy_young_person(actor=world.outsider, person=person, service=world.service_b)
    assert not YoungPersonContact.objects.filter(young_person=copy).exists()
    assert [r.action for r in _events(pk__gt=before)] == ["referrals.youngperson.created",
                                                           "referrals.youngperson.copied"]
