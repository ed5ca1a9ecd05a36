import datetime as dt
import uuid

import pytest
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.cases import actions
from hubspoke.cases.models import Allocation, Contact
from hubspoke.conftest import assert_flat_queries, referral_details
from hubspoke.lib.dates import today
from hubspoke.lib.workingdays import add_working_days
from hubspoke.referrals import actions as referral_actions


def url(name, case):
    return reverse(f"cases:{name}", kwargs={"ref": case.uuid})


def date_fields(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


@pytest.fixture
def case(world):
    return world.case_a()


def contact_form(day, **overrides):
    data = {**date_fields("occurred_on", day), "time": "", "method": "face_to_face", "location": "school",
            "outcome": "attended", "present": ["young_person"], "elements": ["engagement"],
            "notes": "Met at school; talked about weekends.", "duration_minutes": "45"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_case_page_shows_lead_referrals_and_first_contact_due(signed_in, world, case):
    page = signed_in("worker_a").get(url("detail", case)).content.decode()
    due = add_working_days(today(), world.service_a.first_contact_target_working_days)
    assert "Casey Example" in page and "Worker A, since" in page and "Police" in page
    assert f"Due {due:%-d %b %Y}" in page and "Record a contact" in page and "Not reached yet" in page
    assert AuditEvent.objects.filter(action="cases.case.viewed", subject_ref=str(case.uuid)).exists()


def test_a_contact_that_reaches_the_young_person_stops_the_first_contact_clock(signed_in, world, case):
    from hubspoke.referrals.models import Referral

    Referral.objects.filter(case_link__case=case).update(received_at=case.opened_at - dt.timedelta(days=5))
    yesterday = today() - dt.timedelta(days=1)
    client = signed_in("worker_a")
    response = client.post(url("new_contact", case), contact_form(today(), outcome="did_not_attend", present=[]))
    assert response.status_code == 302  # today, no time given: now
    case.refresh_from_db()
    assert case.first_contact_on is None  # an attempt is not a contact
    assert client.post(url("new_contact", case), contact_form(yesterday, time="16:30")).status_code == 302
    case.refresh_from_db()
    assert case.first_contact_on == yesterday
    contact = Contact.objects.get(reached=True)
    assert (contact.method, contact.location, contact.duration_minutes, contact.elements) == (
        "face_to_face", "school", 45, ["engagement"])
    assert contact.occurred_at.astimezone().strftime("%H:%M") == "16:30"
    assert AuditEvent.objects.filter(action="cases.contact.recorded", subject_ref=str(case.uuid)).count() == 2
    page = client.get(url("detail", case)).content.decode()
    assert "Met at school; talked about weekends." in page and "Attempt" in page and "1 day ago" in page
    mine = client.get(reverse("cases:mine")).content.decode()
    assert f"{yesterday:%-d %b %Y}" in mine and "1 day ago" in mine and "Overdue" not in mine


def test_bad_contacts_are_refused_with_the_field_named_and_nothing_lost(signed_in, world, case):
    client = signed_in("worker_a")
    response = client.post(url("new_contact", case), contact_form(today() + dt.timedelta(days=2)))
    assert response.status_code == 400 and "must not be in the future" in response.content.decode()
    response = client.post(url("new_contact", case), contact_form(today() - dt.timedelta(days=9)))
    assert response.status_code == 400 and "on or after the day the referral arrived" in response.content.decode()
    response = client.post(url("new_contact", case), contact_form(today(), location="", present=[],
                                                                  duration_minutes="lots"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the minutes as a number, like 45" in page
    response = client.post(url("new_contact", case), contact_form(today(), location="", present=[]))
    page = response.content.decode()
    assert "Select where it took place" in page and "Select who was there" in page
    assert "Met at school; talked about weekends." in page  # what was typed is kept
    assert not Contact.objects.exists()


def test_restricted_notes_are_for_allocated_workers_and_managers_and_every_opening_is_audited(
    signed_in, world, case
):
    contact = world.contact_a()
    worker = signed_in("worker_a")
    page = worker.get(url("detail", case)).content.decode()
    assert "Talked about who she sees" not in page and "Restricted note" in page
    note_url = reverse("cases:restricted_note", kwargs={"ref": case.uuid, "contact": contact.uuid})
    assert "Talked about who she sees after school." in worker.get(note_url).content.decode()
    assert "Talked about who she sees after school." in signed_in("manager_a").get(note_url).content.decode()
    assert AuditEvent.objects.filter(action="cases.contact.restricted_note_viewed").count() == 2
    # After the case moves to someone else, the former lead can no longer read it.
    actions.reallocate_case(actor=world.manager_a, case=case, worker=world.manager_a, reason="Cover")
    # They still work at the spoke, so they see the case, but not its restricted notes.
    worker = signed_in("worker_a")
    assert worker.get(note_url).status_code == 403
    assert "Restricted: for the allocated workers and managers" in worker.get(url("detail", case)).content.decode()


def test_first_contact_overdue_shows_on_the_caseload(signed_in, world, case):
    from hubspoke.referrals.models import ReferralDecision

    long_ago = dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)
    ReferralDecision.objects.filter(referral__case_link__case=case, kind="accepted").update(decided_at=long_ago)
    page = signed_in("worker_a").get(reverse("cases:mine")).content.decode()
    assert "Overdue" in page


def test_repeated_attempts_without_reaching_them_flag_the_case(signed_in, world, case):
    from hubspoke.cases.models import Case
    from hubspoke.referrals.models import Referral

    Case.objects.filter(pk=case.pk).update(opened_at=case.opened_at - dt.timedelta(days=30))
    Referral.objects.filter(case_link__case=case).update(received_at=case.opened_at - dt.timedelta(days=31))
    client = signed_in("worker_a")
    for days_ago in (12, 8, 3):
        client.post(url("new_contact", case), contact_form(today() - dt.timedelta(days=days_ago), method="phone",
                                                           location="", outcome="did_not_attend", present=[]))
    assert "Hard to reach" in client.get(url("detail", case)).content.decode()
    assert "Hard to reach" in client.get(reverse("cases:mine")).content.decode()
    client.post(url("new_contact", case), contact_form(today()))
    assert "Hard to reach" not in client.get(url("detail", case)).content.decode()


@pytest.mark.parametrize(("persona", "status"), [
    ("worker_a", 302), ("manager_a", 302), ("hub_worker_a", 404), ("outsider", 404), ("partner_a", 404),
])
def test_who_may_record_a_contact(signed_in, world, case, persona, status):
    response = signed_in(persona).post(url("new_contact", case), contact_form(today()))
    assert response.status_code == status


def test_a_manager_changes_the_lead_worker_with_a_reason_and_history_is_kept(signed_in, world, case):
    client = signed_in("manager_a", recent=True)
    page = client.get(url("reallocate", case)).content.decode()
    assert "Worker A" not in page.split("Who will be the new lead worker?")[1].split("</fieldset>")[0]
    response = client.post(url("reallocate", case), {"worker": str(world.manager_a.uuid)})
    assert response.status_code == 400 and "Enter why the lead worker is changing" in response.content.decode()
    response = client.post(url("reallocate", case), {"worker": str(world.manager_a.uuid),
                                                     "reason": "Worker A is on long-term leave"})
    assert response.status_code == 302
    rows = list(Allocation.objects.filter(case=case).order_by("starts_at", "pk").values_list(
        "worker__full_name", "ends_at", "reason"))
    assert rows[0][0] == "Worker A" and rows[0][1] is not None
    assert rows[1] == ("Manager A", None, "Worker A is on long-term leave")
    page = client.get(url("detail", case)).content.decode()
    assert "Worker A is on long-term leave" in page and "Manager A, since" in page
    assert AuditEvent.objects.filter(action="cases.allocation.changed", subject_ref=str(case.uuid)).exists()
    # The former lead no longer sees it in their caseload.
    assert "Casey Example" not in signed_in("worker_a").get(reverse("cases:mine")).content.decode()


def test_the_worker_cannot_reallocate_their_own_case(signed_in, world, case):
    response = signed_in("worker_a").post(url("reallocate", case), {"worker": str(world.manager_a.uuid),
                                                                    "reason": "x"})
    assert response.status_code == 403
    assert Allocation.objects.filter(case=case).count() == 1


def test_a_manager_sees_one_workers_caseload(signed_in, world, case):
    client = signed_in("manager_a")
    page = client.get(reverse("cases:worker_caseload", kwargs={"ref": world.worker_a.uuid})).content.decode()
    assert "Caseload of Worker A" in page and "Casey Example" in page
    # Someone outside the manager's teams is a 404, as if they did not exist.
    assert client.get(reverse("cases:worker_caseload", kwargs={"ref": world.outsider.uuid})).status_code == 404
    assert 'href="/cases/team/' in client.get(reverse("cases:team")).content.decode()


def test_case_pages_are_flat(signed_in, world, case):
    client = signed_in("manager_a")

    def grow():
        for _ in range(3):
            r = referral_actions.submit_partner_referral(
                actor=world.partner_a, agency=world.police_a, service=world.service_a, submission_token=uuid.uuid4(),
                details=referral_details(subject_first_name="Casey", subject_last_name="Example"))
            referral_actions.accept_referral(actor=world.manager_a, referral=r, young_person=case.young_person,
                                             spoke=world.spoke_a1)
            actions.allocate_referral(actor=world.manager_a, referral=r, worker=world.worker_a)
            lead = Allocation.objects.get(case=case, ends_at__isnull=True).worker
            actions.reallocate_case(actor=world.manager_a, case=case, reason="Cover",
                                    worker=world.worker_a if lead == world.manager_a else world.manager_a)

    actions.reallocate_case(actor=world.manager_a, case=case, worker=world.manager_a, reason="Cover")
    assert_flat_queries(lambda: client.get(url("detail", case)), grow)
    assert_flat_queries(lambda: client.get(reverse("cases:worker_caseload", kwargs={"ref": world.worker_a.uuid})),
                        grow)


def test_the_case_file_costs_the_same_queries_with_5_and_500_contacts(signed_in, world, case):
    from django.utils import timezone

    def add(n):
        now = timezone.now()
        Contact.objects.bulk_create(
            Contact(case=case, occurred_at=now - dt.timedelta(hours=k), method="phone", outcome="attended",
                    present=["young_person"], reached=True, notes=f"Call {k}", restricted=bool(k % 3),
                    recorded_at=now, recorded_by=world.worker_a)
            for k in range(n)
        )

    add(5)
    client = signed_in("worker_a")
    assert_flat_queries(lambda: client.get(url("detail", case)), lambda: add(495))
    assert_flat_queries(lambda: client.get(url("contacts", case)), lambda: add(10))
    assert Contact.objects.filter(case=case).count() == 510


def test_a_manager_adds_a_co_worker_who_can_then_record_and_read_restricted_notes(signed_in, world, case):
    from allauth.mfa.totp.internal.auth import generate_totp_secret

    from hubspoke.conftest import make_person
    from hubspoke.network.actions import add_membership
    from hubspoke.network.models import Role

    colleague = make_person("colleague", totp_secret=generate_totp_secret())
    add_membership(actor=world.manager_a, person=colleague, role=Role.SPOKE_WORKER, place=world.spoke_a1,
                   starts_on=dt.date(2024, 1, 1))
    contact = world.contact_a()
    manager = signed_in("manager_a")
    assert manager.post(url("co_worker", case), {"worker": str(colleague.uuid)}).status_code == 302
    assert Allocation.objects.get(case=case, role="co_worker", ends_at__isnull=True).worker == colleague
    assert "Colleague, since" in manager.get(url("detail", case)).content.decode()
    caseload = manager.get(reverse("cases:worker_caseload", kwargs={"ref": colleague.uuid})).content.decode()
    assert "Casey Example" in caseload and "Co-worker" in caseload
    from django.test import Client

    other = Client()
    other.force_login(colleague)
    note = reverse("cases:restricted_note", kwargs={"ref": case.uuid, "contact": contact.uuid})
    assert other.get(note).status_code == 200
    assert other.post(url("new_contact", case), contact_form(today())).status_code == 302
    manager.post(url("co_worker", case), {"worker": ""})
    assert other.get(note).status_code == 403
    assert signed_in("worker_a").post(url("co_worker", case), {"worker": ""}).status_code == 403
